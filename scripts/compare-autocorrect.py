#!/usr/bin/env python3
"""Agreement with autocorrect's own test cases, per shared check.

autocorrect (huacnlee/autocorrect, MIT) is the CJK copywriting linter that
Chinese developers use. Its unit tests give an input and the fully
corrected output. termlint shares two of its checks:

- punctuation width: ASCII punctuation used as Chinese punctuation
  (termlint's zh/ascii-punct);
- spacing between Chinese and Latin letters or digits (zh/cjk-latin-space
  with `--cjk-latin-space always`, autocorrect's only mode), and spaces
  next to full-width punctuation (zh/punct-space).

Each case is fixed by termlint with only that rule, and the result is
compared with autocorrect's expected output projected onto that check:
spaces are ignored for punctuation, and punctuation width for spacing.
Cases in Japanese or Korean, and cases without Chinese, are left out.

Usage: scripts/compare-autocorrect.py [TERMLINT]   (default target/release/termlint)
Prints a table per check and every disagreement.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "corpus/autocorrect/cases.tsv"

WIDE = str.maketrans("，。：；？！（）", ",.:;?!()")


def unescape(field):
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(field[i + 1], field[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def fixed(termlint, text, args):
    run = subprocess.run(
        # autocorrect takes all text as CJK text; so does termlint when told.
        [termlint, "check", "--no-config", "--target-lang", "zh", "--fix", "-q", *args, "-"],
        input=text.encode(),
        capture_output=True,
    )
    return run.stdout.decode()


def no_spaces(text):
    return text.replace(" ", "").replace("\u3000", "")


def same_width(text):
    return text.translate(WIDE)


CHECKS = {
    "punctuation width": (["--select", "zh/ascii-punct"], no_spaces),
    "Chinese-Latin spacing": (
        ["--select", "zh/cjk-latin-space,zh/punct-space", "--cjk-latin-space", "always"],
        same_width,
    ),
}


def main():
    termlint = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/release/termlint")
    rows = [line.rstrip("\n").split("\t") for line in CASES.open(encoding="utf-8")][1:]
    cases = [(test, unescape(a), unescape(b)) for test, a, b in rows]
    print(f"{len(cases)} Chinese cases from autocorrect's tests\n")
    print("| check | cases autocorrect changes | termlint agrees | cases it leaves | termlint agrees | agreement |")
    print("|---|---:|---:|---:|---:|---:|")
    disagreements = []
    for check, (args, project) in CHECKS.items():
        changed = [0, 0]
        left = [0, 0]
        for test, given, expected in cases:
            ours = fixed(termlint, given, args)
            wants_change = project(given) != project(expected)
            agrees = project(ours) == project(expected)
            bucket = changed if wants_change else left
            bucket[0] += 1
            bucket[1] += agrees
            if not agrees:
                disagreements.append((check, test, given, expected, ours))
        total = changed[0] + left[0]
        agreed = changed[1] + left[1]
        print(
            f"| {check} | {changed[0]} | {changed[1]} | {left[0]} | {left[1]} "
            f"| {agreed}/{total} ({100 * agreed // total}%) |"
        )
    print("\nDisagreements (input / autocorrect / termlint):")
    for check, test, given, expected, ours in disagreements:
        print(f"\n[{check}] {test}\n  in:  {given!r}\n  ac:  {expected!r}\n  tl:  {ours!r}")


if __name__ == "__main__":
    main()
