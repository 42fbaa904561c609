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
import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agreement  # noqa: E402

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

    rules = {r for rules in COUNTERPARTS.values() for r in rules}
    reported = agreement.lint_cases(cases, rules, args.termlint)

    tables = {
        "pofilter's default checker": collections.defaultdict(lambda: [0, 0]),
        "project checkers (Mozilla, OpenOffice, GNOME, KDE, ...)": collections.defaultdict(
            lambda: [0, 0]
        ),
    }
    disagreements = []
    for n, case in enumerate(cases):
        rules = COUNTERPARTS[case["check"]]
        flagged = bool(reported[n] & set(rules))
        agrees = flagged == (case["expected"] == "fail")
        default = case["checker"] in DEFAULT_CHECKERS
        table = tables[list(tables)[0 if default else 1]]
        table[case["check"]][0] += agrees
        table[case["check"]][1] += 1
        if not agrees:
            disagreements.append((case, flagged))

    for title, per_check in tables.items():
        agreement.print_table(title, per_check, COUNTERPARTS)
    if args.show_disagreements:
        for case, flagged in disagreements:
            print(agreement.show(case, flagged, f"{case['check']} ({case['checker']})"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
