"""Shared by the scripts that compare termlint with other checkers' test
cases (compare-pofilter.py, compare-weblate.py): each case becomes one PO
file, all are linted in one run, and the rules each file got are returned.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import tempfile


def po_string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def lint_cases(cases: list[dict], rules: set[str], termlint: str) -> list[set[str]]:
    """Lint each case (keys: source, target, optional target_lang and
    po_flag) as a PO entry of its own; return the rules reported on each."""
    with tempfile.TemporaryDirectory() as folder:
        for n, case in enumerate(cases):
            header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            if case.get("target_lang"):
                header += f'"Language: {case["target_lang"]}\\n"\n'
            flag = f"#, {case['po_flag']}\n" if case.get("po_flag") else ""
            # An empty msgid would be the header: a case without a source
            # gets a neutral one.
            source = case["source"] or "(no source)"
            with open(os.path.join(folder, f"case-{n:04}.po"), "w", encoding="utf-8") as po:
                po.write(header + "\n" + flag)
                po.write(f"msgid {po_string(source)}\n")
                po.write(f"msgstr {po_string(case['target'])}\n")
        run = subprocess.run(
            [termlint, "check", "--no-config", "--format", "json"]
            + ["--select", ",".join(sorted(rules)), folder],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode not in (0, 1):
            sys.exit(f"termlint failed: {run.stderr}")
        found = collections.defaultdict(set)
        for d in json.loads(run.stdout)["diagnostics"]:
            found[os.path.basename(d["path"])].add(d["rule"])
    return [found[f"case-{n:04}.po"] for n in range(len(cases))]


def print_table(title: str, per_check: dict, counterparts: dict, width: int = 20) -> None:
    """per_check: check -> [agree, cases]."""
    total_agree = sum(a for a, _ in per_check.values())
    total = sum(t for _, t in per_check.values())
    print(f"\n{title}\n{'check':<{width}} {'termlint rule':<36} agree / cases")
    for check in sorted(per_check):
        agree, count = per_check[check]
        rules = ", ".join(counterparts[check])
        print(f"{check:<{width}} {rules:<36} {agree:>5} / {count:<5} {100 * agree / count:5.1f}%")
    if total:
        print(f"{'all':<{width + 37}} {total_agree:>5} / {total:<5} {100 * total_agree / total:5.1f}%")


def show(case: dict, flagged: bool, label: str) -> str:
    verdict = "termlint reports" if flagged else "termlint silent"
    return (
        f"\n{label} ({case.get('target_lang') or '-'}{', ' + case['po_flag'] if case.get('po_flag') else ''}): "
        f"expected {case['expected']}, {verdict}\n"
        f"  source: {case['source']!r}\n  target: {case['target']!r}"
    )
