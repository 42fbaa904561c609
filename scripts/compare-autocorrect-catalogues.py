#!/usr/bin/env python3
"""termlint and autocorrect side by side on the real zh catalogues.

For each catalogue in corpus/catalogues/, autocorrect's lint (`autocorrect
--lint --format json`) and termlint's findings are compared line by line.
autocorrect reports lines (old -> new); each is sorted into:

- where it is: a translation (`msgstr`), the English source (`msgid`), or a
  comment or header field (translator names, `Last-Translator`), which are
  not translations;
- what it changes: punctuation (anything beyond spaces) or spacing only.

termlint's side is zh/ascii-punct (on by default) for punctuation, and
zh/cjk-latin-space (opt-in, default `consistent`) for spacing.

Usage: scripts/compare-autocorrect-catalogues.py AUTOCORRECT [TERMLINT]
Prints a Markdown table, then every punctuation line that only one tool
reports in a translation, for judging.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def autocorrect_lines(autocorrect, path):
    run = subprocess.run(
        [autocorrect, "--lint", "--format", "json", str(path)],
        capture_output=True,
        text=True,
    )
    report = json.loads(run.stdout)
    return [(m["l"], m["old"], m["new"]) for msg in report["messages"] for m in msg["lines"]]


def termlint_lines(termlint, path, rule, extra=()):
    run = subprocess.run(
        [termlint, "check", "--no-config", "--format", "json", "--select", rule, *extra, str(path)],
        capture_output=True,
        text=True,
    )
    return {d["line"] for d in json.loads(run.stdout)["diagnostics"] if d["rule"] == rule}


def kinds_of_lines(path):
    """Line number -> `msgstr`, `msgid` or `other` (comments, header)."""
    kinds, current, in_header = {}, "other", True
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgid"):
            current = "msgid"
            in_header = in_header and line.strip() == 'msgid ""'
        elif line.startswith("msgstr"):
            current = "msgstr"
        elif line.startswith("msgctxt") or line.startswith("#") or not line.strip():
            current = "other"
            if not line.strip():
                in_header = False
        kinds[number] = "other" if in_header or line.startswith("#") else current
    return kinds


def main():
    autocorrect = sys.argv[1]
    termlint = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "target/release/termlint")
    totals = {}
    only = []
    print("| catalogue | autocorrect: lines | in comments/headers | in msgid | punctuation in msgstr | of which termlint too | termlint punctuation lines | spacing in msgstr (autocorrect / termlint consistent) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for path in sorted((ROOT / "corpus/catalogues").glob("*.po")):
        kinds = kinds_of_lines(path)
        ac = autocorrect_lines(autocorrect, path)
        punct_ours = termlint_lines(termlint, path, "zh/ascii-punct")
        space_ours = termlint_lines(termlint, path, "zh/cjk-latin-space")
        row = {"lines": len(ac), "other": 0, "msgid": 0, "punct": 0, "agree": 0, "space": 0}
        for line, old, new in ac:
            kind = kinds.get(line, "other")
            if kind != "msgstr":
                row[kind] += 1
                continue
            if re.sub(r"\s", "", old) == re.sub(r"\s", "", new):
                row["space"] += 1
                continue
            row["punct"] += 1
            if line in punct_ours:
                row["agree"] += 1
            else:
                only.append(("autocorrect only", path.name, line, old, new))
        ac_punct_lines = {l for l, o, n in ac if kinds.get(l) == "msgstr" and re.sub(r"\s", "", o) != re.sub(r"\s", "", n)}
        for line in sorted(punct_ours - ac_punct_lines):
            only.append(("termlint only", path.name, line, "", ""))
        for key, value in row.items():
            totals[key] = totals.get(key, 0) + value
        totals["ours"] = totals.get("ours", 0) + len(punct_ours)
        totals["space_ours"] = totals.get("space_ours", 0) + len(space_ours)
        print(
            f"| {path.name} | {row['lines']} | {row['other']} | {row['msgid']} | {row['punct']} "
            f"| {row['agree']} | {len(punct_ours)} | {row['space']} / {len(space_ours)} |"
        )
    print(
        f"| **all** | {totals['lines']} | {totals['other']} | {totals['msgid']} | {totals['punct']} "
        f"| {totals['agree']} | {totals['ours']} | {totals['space']} / {totals['space_ours']} |"
    )
    print("\nPunctuation lines in translations that one tool reports and the other does not:")
    for who, name, line, old, new in only:
        print(f"- {who}: {name}:{line}" + (f"\n    {old}\n    {new}" if old else ""))


if __name__ == "__main__":
    main()
