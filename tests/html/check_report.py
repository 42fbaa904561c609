#!/usr/bin/env python3
"""The HTML report in a real browser (headless Chromium, driven by
Selenium): the highlighted spans are the reported ones, the filters hide
and show findings, text injected into a linted file does not run, the
console shows no errors, and without scripts the report is still whole.
Screenshots of the summary and of a bilingual unit are written to OUT.

Usage: check_report.py TERMLINT OUT
"""

import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

REPO = pathlib.Path(__file__).resolve().parents[2]
TERMLINT, OUT = sys.argv[1], pathlib.Path(sys.argv[2])
OUT.mkdir(parents=True, exist_ok=True)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL", message)


def browser(scripts: bool):
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1280,2400",
    ):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp()}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not scripts:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def run(fmt: str, cwd: pathlib.Path, *paths: str):
    done = subprocess.run(
        [TERMLINT, "check", "--no-config", "--format", fmt, *paths],
        cwd=cwd, capture_output=True,
    )
    return done.returncode, done.stdout


def main() -> int:
    work = pathlib.Path(tempfile.mkdtemp())
    shutil.copytree(REPO / "examples", work / "examples")
    # Text that tries to break out of its place in the page.
    (work / "evil.txt").write_text(
        'The Hai Silk <script>window.__pwned = 1</script> route "grew"\n\n'
        "The Sea Silk <img src=x onerror=\"window.__pwned = 2\"> and </mark></article><b>bold</b>\n",
        encoding="utf-8",
    )
    html_code, html = run("html", work, "examples", "evil.txt")
    json_code, report = run("json", work, "examples", "evil.txt")
    check(html_code == json_code == 1, f"exit codes html {html_code}, json {json_code}")
    findings = json.loads(report)["diagnostics"]
    page = work / "report.html"
    page.write_bytes(html)
    check(b"http://" not in html.replace(b"http://www.w3.org", b"") and b"https://" not in html,
          "the page refers to the network")

    driver = browser(scripts=True)
    try:
        driver.get(page.as_uri())
        articles = driver.find_elements(By.CSS_SELECTOR, "article.finding")
        check(len(articles) == len(findings), f"{len(articles)} findings shown, {len(findings)} reported")
        shown = sorted(
            (a.get_attribute("data-path"), int(a.get_attribute("data-line")),
             int(a.get_attribute("data-column")), a.get_attribute("data-rule"),
             a.get_attribute("data-severity"))
            for a in articles
        )
        expected = sorted(
            (d["path"], d["line"], d["column"], d["rule"], d["severity"]) for d in findings
        )
        check(shown == expected, "the findings' data attributes differ from the JSON report")
        # Each highlighted span is the reported text (where the file text
        # and the decoded text are the same: no escapes).
        by_place = {}
        for d in findings:
            by_place.setdefault((d["path"], d["line"], d["column"], d["rule"]), []).append(d)
        compared = 0
        for a in articles:
            key = (a.get_attribute("data-path"), int(a.get_attribute("data-line")),
                   int(a.get_attribute("data-column")), a.get_attribute("data-rule"))
            d = by_place[key][0]
            if "\\" in d["text"] or "&" in d["text"] or "\n" in d["text"]:
                continue
            marks = a.find_elements(By.CSS_SELECTOR, "mark.primary")
            check(len(marks) == 1, f"{key}: {len(marks)} primary marks")
            if marks:
                text = driver.execute_script("return arguments[0].textContent", marks[0])
                check(text == d["text"], f"{key}: marked {text!r}, reported {d['text']!r}")
                compared += 1
        check(compared > 40, f"only {compared} spans compared")
        # The source side of a bilingual finding is marked too.
        number = next(a for a in articles if a.get_attribute("data-rule") == "bitext/number")
        source_mark = number.find_elements(By.CSS_SELECTOR, ".unit .side:first-child mark.secondary")
        check(source_mark and "343亿" in source_mark[0].text, "the source number is not marked")

        check(driver.execute_script("return window.__pwned") is None, "injected script ran")
        check(not driver.find_elements(By.CSS_SELECTOR, "article b, article img, article script"),
              "injected markup became elements")
        evil = [a for a in articles if a.get_attribute("data-path") == "evil.txt"]
        check(any("<script>" in a.text for a in evil), "the injected text is not shown as text")

        # Filters.
        def visible():
            return [a for a in articles if a.is_displayed()]

        check(driver.find_element(By.ID, "filters").is_displayed(), "filters hidden with scripts on")
        Select(driver.find_element(By.ID, "f-rule")).select_by_value("term/variant")
        variants = sum(d["rule"] == "term/variant" for d in findings)
        now = visible()
        check(len(now) == variants and all(a.get_attribute("data-rule") == "term/variant" for a in now),
              f"rule filter: {len(now)} shown, {variants} expected")
        Select(driver.find_element(By.ID, "f-rule")).select_by_value("")
        Select(driver.find_element(By.ID, "f-severity")).select_by_value("error")
        errors = sum(d["severity"] == "error" for d in findings)
        check(len(visible()) == errors, f"severity filter: {len(visible())} shown, {errors} expected")
        Select(driver.find_element(By.ID, "f-severity")).select_by_value("")
        Select(driver.find_element(By.ID, "f-path")).select_by_value("evil.txt")
        check(len(visible()) == len(evil), "file filter")
        Select(driver.find_element(By.ID, "f-path")).select_by_value("")
        check(len(visible()) == len(findings), "not every finding is back")

        driver.find_element(By.ID, "summary").screenshot(str(OUT / "summary.png"))
        unit = next(a for a in articles if a.get_attribute("data-rule") == "bitext/number")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", unit)
        unit.screenshot(str(OUT / "bilingual-unit.png"))

        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        check(not severe, f"console errors: {severe}")
    finally:
        driver.quit()

    # Scripts blocked: every finding still there, readable.
    driver = browser(scripts=False)
    try:
        driver.get(page.as_uri())
        articles = driver.find_elements(By.CSS_SELECTOR, "article.finding")
        check(len(articles) == len(findings) and all(a.is_displayed() for a in articles),
              "without scripts, findings are missing")
        check(driver.find_element(By.ID, "summary").is_displayed(), "without scripts, no summary")
        driver.save_screenshot(str(OUT / "no-scripts.png"))
    finally:
        driver.quit()

    # 10,000 findings: the page stays small and opens.
    many = work / "many.txt"
    many.write_text("The Hai Silk grew.\n\n" * 10_000, encoding="utf-8")
    _, big = run("html", work, "many.txt")
    (work / "big.html").write_bytes(big)
    driver = browser(scripts=True)
    try:
        start = time.perf_counter()
        driver.get((work / "big.html").as_uri())
        count = driver.execute_script("return document.querySelectorAll('article.finding').length")
        seconds = time.perf_counter() - start
        check(count >= 10_000, f"{count} findings in the large report")
        per_finding = len(big) / max(count, 1)
        check(per_finding < 1500, f"{per_finding:.0f} bytes per finding")
        print(f"10,000+ findings: {len(big) / 1e6:.1f} MB, opened in {seconds:.1f} s")
    finally:
        driver.quit()

    print(f"HTML report: {len(failures)} failures; screenshots in {OUT}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
