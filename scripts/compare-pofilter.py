#!/usr/bin/env python3
"""Agreement between termlint and pofilter on pofilter's own test cases.

translate-toolkit's checker tests state, for pairs of source and target
strings, whether each check passes or fails. This script runs those tests
with their `passes`/`fails` helpers replaced by recorders, so that every
(check, source, target, expected) case is collected; the cases of the
checks that have a termlint counterpart are written as one PO file each,
linted with that rule, and compared.

The test cases are translate-toolkit's (GPL-2.0-or-later) and stay in its
repository: this script reads them from a checkout and copies none.

usage: scripts/compare-pofilter.py TRANSLATE_CHECKOUT [--termlint BIN] [--show-disagreements]
needs: translate-toolkit importable (pip install translate-toolkit)
"""

from __future__ import annotations

import argparse
import collections
import importlib
import inspect
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

# pofilter check -> the termlint rules that check the same thing (a case
# counts as reported when any of them reports it).
COUNTERPARTS = {
    "numbers": ("bitext/number",),
    "printf": ("bitext/placeholder",),
    "pythonbraceformat": ("bitext/placeholder",),
    "variables": ("bitext/placeholder",),
    "xmltags": ("bitext/placeholder",),
    "untranslated": ("bitext/untranslated",),
    "unchanged": ("bitext/untranslated",),
    "startwhitespace": ("bitext/whitespace",),
    "endwhitespace": ("bitext/whitespace",),
    "newlines": ("bitext/whitespace",),
    "doublespacing": ("space/double",),
    "doublewords": ("garble/repeated-word",),
    # A space before the final mark is punct/spacing's.
    "endpunc": ("bitext/end-punct", "punct/spacing"),
}

# pofilter's default checker; the others model one project's conventions
# (Mozilla's `&entity;` and `$var$`, OpenOffice's `#var#`, ...).
DEFAULT_CHECKERS = {"StandardChecker", "StandardUnitChecker"}

TEST_MODULES = [
    "test_numbers",
    "test_variables",
    "test_xmltags",
    "test_whitespace",
    "test_words",
    "test_punctuation",
    "test_content",
    "test_format",
    "test_units",
    "test_checkers",
    "test_projects",
]


def collect(checkout: str) -> list[dict]:
    """Run the checker tests with recording helpers; return their cases."""
    sys.path.insert(0, checkout)
    helpers = importlib.import_module("tests.translate.filters.checks.helpers")
    cases: list[dict] = []

    def record(expected):
        def helper(filterfunction, str1, str2, message=None):
            checker = getattr(filterfunction, "__self__", None)
            config = getattr(checker, "config", None)
            cases.append(
                {
                    "check": filterfunction.__name__,
                    "checker": type(checker).__name__,
                    "target_lang": getattr(config, "targetlanguage", None),
                    "source": unicodedata.normalize("NFC", str1),
                    "target": unicodedata.normalize("NFC", str2),
                    "expected": expected,
                }
            )
            # What the test asserts, so that it runs on to its next case.
            return True

        return helper

    helpers.passes = record("pass")
    helpers.fails = record("fail")
    helpers.fails_serious = record("fail")
    for name in TEST_MODULES:
        try:
            module = importlib.import_module(f"tests.translate.filters.checks.{name}")
        except ImportError as error:
            print(f"skipped {name}: {error}", file=sys.stderr)
            continue
        for test_name, test in inspect.getmembers(module, inspect.isfunction):
            if not test_name.startswith("test_") or inspect.signature(test).parameters:
                continue
            try:
                test()
            except Exception:  # noqa: BLE001 - assertions on the checker itself
                pass
    return cases


def po_string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("checkout", help="a translate-toolkit source checkout")
    parser.add_argument("--termlint", default="target/release/termlint")
    parser.add_argument("--show-disagreements", action="store_true")
    args = parser.parse_args()

    cases = [c for c in collect(args.checkout) if c["check"] in COUNTERPARTS]
    # A case stated twice (the same check, strings and verdict) counts once.
    unique = {}
    for case in cases:
        key = (case["check"], case["target_lang"], case["source"], case["target"])
        unique.setdefault(key, case)
    cases = list(unique.values())

    with tempfile.TemporaryDirectory() as folder:
        for n, case in enumerate(cases):
            header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            if case["target_lang"]:
                header += f'"Language: {case["target_lang"]}\\n"\n'
            with open(os.path.join(folder, f"case-{n:04}.po"), "w", encoding="utf-8") as po:
                po.write(header + "\n")
                po.write(f"msgid {po_string(case['source'])}\n")
                po.write(f"msgstr {po_string(case['target'])}\n")
        rules = ",".join(sorted({r for rules in COUNTERPARTS.values() for r in rules}))
        run = subprocess.run(
            [args.termlint, "check", "--no-config", "--format", "json", "--select", rules, folder],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode not in (0, 1):
            print(run.stderr, file=sys.stderr)
            return 2
        report = json.loads(run.stdout)
        found = collections.defaultdict(set)
        for d in report["diagnostics"]:
            found[os.path.basename(d["path"])].add(d["rule"])

    tables = {
        "pofilter's default checker": collections.defaultdict(lambda: [0, 0]),
        "project checkers (Mozilla, OpenOffice, GNOME, KDE, ...)": collections.defaultdict(
            lambda: [0, 0]
        ),
    }
    disagreements = []
    for n, case in enumerate(cases):
        rules = COUNTERPARTS[case["check"]]
        flagged = bool(found[f"case-{n:04}.po"] & set(rules))
        agrees = flagged == (case["expected"] == "fail")
        default = case["checker"] in DEFAULT_CHECKERS
        table = tables[list(tables)[0 if default else 1]]
        table[case["check"]][0] += agrees
        table[case["check"]][1] += 1
        if not agrees:
            disagreements.append((case, flagged))

    for title, per_check in tables.items():
        total_agree = sum(a for a, _ in per_check.values())
        total = sum(t for _, t in per_check.values())
        print(f"\n{title}\n{'pofilter check':<20} {'termlint rule':<36} agree / cases")
        for check in sorted(per_check):
            agree, count = per_check[check]
            rules = ", ".join(COUNTERPARTS[check])
            print(f"{check:<20} {rules:<36} {agree:>5} / {count:<5} {100 * agree / count:5.1f}%")
        print(f"{'all':<57} {total_agree:>5} / {total:<5} {100 * total_agree / total:5.1f}%")
    if args.show_disagreements:
        for case, flagged in disagreements:
            verdict = "termlint reports" if flagged else "termlint silent"
            print(
                f"\n{case['check']} ({case['checker']}, {case['target_lang'] or '-'}): "
                f"pofilter {case['expected']}s, {verdict}\n"
                f"  source: {case['source']!r}\n  target: {case['target']!r}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
