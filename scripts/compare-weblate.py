#!/usr/bin/env python3
"""Agreement between termlint and Weblate's quality checks on Weblate's own
test cases.

Weblate's check tests (`weblate/checks/tests/`, shipped inside its wheel)
state for pairs of source and target strings whether a check fires. This
script reads them without running them (Weblate needs Django and a
database): it walks each test module's syntax tree and collects the cases
written as literals:

- `self.test_good_*` / `self.test_failure_*` tuples set in `setUp`;
- `self.do_test(True|False, (source, target, flags)[, lang])`;
- `assertTrue`/`assertFalse` around `check_single(...)`, `check_format(source,
  target, False, ...)` (an `assertEqual` against a non-empty value is a
  failure) or a test's own helper that calls `check_single`.

Cases whose flags ask for Weblate-specific configuration (`placeholders:`,
`strict-same`, `rst-text`, other format languages, ...) are left out; a
`c-format`, `python-format` or `python-brace-format` flag becomes the PO
entry's flag. Each case is linted with the termlint rules that check the
same thing. The test cases are Weblate's (GPL-3.0-or-later) and stay in its
wheel: this script reads them from there and copies none.

usage: pip download weblate --no-deps -d DIR
       scripts/compare-weblate.py DIR/weblate-*.whl [--termlint BIN] [--show-disagreements]
"""

from __future__ import annotations

import argparse
import ast
import collections
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agreement  # noqa: E402

# Weblate check class -> the termlint rules that check the same thing.
COUNTERPARTS = {
    "BeginNewlineCheck": ("bitext/whitespace",),
    "EndNewlineCheck": ("bitext/whitespace",),
    "BeginSpaceCheck": ("bitext/whitespace",),
    "EndSpaceCheck": ("bitext/whitespace",),
    "DoubleSpaceCheck": ("space/double",),
    "EndStopCheck": ("bitext/end-punct",),
    "EndColonCheck": ("bitext/end-punct",),
    "EndQuestionCheck": ("bitext/end-punct",),
    "EndExclamationCheck": ("bitext/end-punct",),
    "SameCheck": ("bitext/untranslated",),
    "DuplicateCheck": ("garble/repeated-word",),
    "XMLTagsCheck": ("bitext/placeholder",),
    "CFormatCheck": ("bitext/placeholder",),
    "PythonFormatCheck": ("bitext/placeholder",),
    "PythonBraceFormatCheck": ("bitext/placeholder",),
    "I18NextInterpolationCheck": ("bitext/placeholder",),
}

# The PO flag that says which format language a format check is about.
FORMAT_FLAGS = {
    "CFormatCheck": "c-format",
    "PythonFormatCheck": "python-format",
    "PythonBraceFormatCheck": "python-brace-format",
}

# Flags that only say what the check already is, and may be dropped.
PLAIN_FLAGS = {"", "c-format", "python-format", "python-brace-format", "i18next-interpolation"}

MODULES = [
    "test_chars_checks.py",
    "test_same_checks.py",
    "test_duplicate_checks.py",
    "test_markup_checks.py",
    "test_format_checks.py",
]


def literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def keyword(call: ast.Call, name: str):
    for kw in call.keywords:
        if kw.arg == name:
            return literal(kw.value)
    return None


def check_of(cls: ast.ClassDef) -> str | None:
    for node in cls.body:
        value = None
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "check" for t in node.targets
        ):
            value = node.value
        elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "check":
            value = node.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            return value.func.id
    return None


def default_lang_of(cls: ast.ClassDef) -> str:
    for node in cls.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "default_lang" for t in node.targets
        ):
            return literal(node.value) or "cs"
    return "cs"


def helpers_of(cls: ast.ClassDef) -> dict[str, list[str]]:
    """A test's own helpers that call `check_single(source, target, ...)`:
    name -> its parameter names (self first)."""
    found = {}
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("test"):
            if any(
                isinstance(n, ast.Attribute) and n.attr == "check_single"
                for n in ast.walk(node)
            ):
                found[node.name] = node
    return found


def helper_case(helper: ast.FunctionDef, call: ast.Call):
    """The source and target a helper call passes to check_single."""
    params = [a.arg for a in helper.args.args][1:]
    defaults = helper.args.defaults
    values = dict(zip(params[len(params) - len(defaults):], (literal(d) for d in defaults)))
    for name, arg in zip(params, call.args):
        values[name] = literal(arg)
    for kw in call.keywords:
        values[kw.arg] = literal(kw.value)
    inner = next(
        n for n in ast.walk(helper) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "check_single"
    )
    names = [getattr(a, "id", None) for a in inner.args[:2]]
    if None in names:
        return None
    source, target = (values.get(n) for n in names)
    lang = values.get("lang")
    return source, target, lang


def collect(wheel: str) -> list[dict]:
    cases = []
    with zipfile.ZipFile(wheel) as archive:
        for module in MODULES:
            tree = ast.parse(archive.read(f"weblate/checks/tests/{module}").decode("utf-8"))
            for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
                check = check_of(cls)
                if check not in COUNTERPARTS:
                    continue
                lang = default_lang_of(cls)
                helpers = helpers_of(cls)

                def add(source, target, flags, expected, case_lang=None, check=check):
                    if not isinstance(source, str) or not isinstance(target, str):
                        return
                    flags = flags or ""
                    if not isinstance(flags, str) or flags not in PLAIN_FLAGS:
                        return
                    cases.append(
                        {
                            "check": check,
                            "source": source,
                            "target": target,
                            "target_lang": case_lang or lang,
                            "po_flag": FORMAT_FLAGS.get(check),
                            "expected": expected,
                        }
                    )

                for node in ast.walk(cls):
                    # setUp: self.test_good_* / self.test_failure_* = (s, t, flags)
                    if isinstance(node, ast.Assign) and len(node.targets) == 1:
                        target = node.targets[0]
                        name = getattr(target, "attr", "")
                        value = literal(node.value)
                        if isinstance(value, tuple) and len(value) == 3:
                            if name.startswith("test_good_"):
                                add(*value, "pass")
                            elif name.startswith("test_failure_"):
                                add(*value, "fail")
                    if not isinstance(node, ast.Call):
                        continue
                    method = getattr(node.func, "attr", "")
                    if method == "do_test" and len(node.args) >= 2:
                        expected, data = literal(node.args[0]), literal(node.args[1])
                        case_lang = literal(node.args[2]) if len(node.args) > 2 else None
                        if isinstance(data, tuple) and len(data) == 3 and isinstance(expected, bool):
                            add(*data, "fail" if expected else "pass", case_lang)
                    elif method in ("assertTrue", "assertFalse", "assertEqual") and node.args:
                        inner = node.args[0]
                        if not isinstance(inner, ast.Call):
                            continue
                        called = getattr(inner.func, "attr", "")
                        if method == "assertEqual":
                            if len(node.args) < 2:
                                continue
                            value = literal(node.args[1])
                            expected = "fail" if value else "pass"
                        else:
                            expected = "fail" if method == "assertTrue" else "pass"
                        if called == "check_format" and len(inner.args) >= 3:
                            if literal(inner.args[2]) is not False:
                                continue  # ignoring missing ones: plural forms
                            add(literal(inner.args[0]), literal(inner.args[1]), "", expected)
                        elif called == "check_single" and len(inner.args) >= 3:
                            unit = inner.args[2]
                            case_lang = keyword(unit, "code") if isinstance(unit, ast.Call) else None
                            flags = keyword(unit, "flags") if isinstance(unit, ast.Call) else ""
                            note = keyword(unit, "note") if isinstance(unit, ast.Call) else None
                            if note:
                                continue  # Weblate-specific notes (`Tag: screen`)
                            add(literal(inner.args[0]), literal(inner.args[1]), flags, expected, case_lang)
                        elif called in helpers:
                            found = helper_case(helpers[called], inner)
                            if found:
                                source, target, case_lang = found
                                add(source or "", target, "", expected, case_lang)
    return cases


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("wheel", help="a Weblate wheel (pip download weblate --no-deps)")
    parser.add_argument("--termlint", default="target/release/termlint")
    parser.add_argument("--show-disagreements", action="store_true")
    args = parser.parse_args()

    unique = {}
    for case in collect(args.wheel):
        key = (case["check"], case["target_lang"], case["source"], case["target"])
        unique.setdefault(key, case)
    # An empty target is "not translated yet" to Weblate, never checked.
    cases = [c for c in unique.values() if c["target"] != ""]
    rules = {r for rules in COUNTERPARTS.values() for r in rules}
    reported = agreement.lint_cases(cases, rules, args.termlint)

    per_check = collections.defaultdict(lambda: [0, 0])
    disagreements = []
    for case, found in zip(cases, reported):
        flagged = bool(found & set(COUNTERPARTS[case["check"]]))
        agrees = flagged == (case["expected"] == "fail")
        per_check[case["check"]][0] += agrees
        per_check[case["check"]][1] += 1
        if not agrees:
            disagreements.append((case, flagged))
    agreement.print_table("Weblate's checks", per_check, COUNTERPARTS, width=26)
    if args.show_disagreements:
        for case, flagged in disagreements:
            print(agreement.show(case, flagged, case["check"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
