#!/usr/bin/env python3
"""Show the findings of default rules on the real-data corpus that have no
hand label yet, each with its translation unit (or line), ready to judge.

Runs termlint as scripts/precision.py does (every rule, one run per
project) and prints, per finding: where, the rule, the message and the
unit's lines. Add a row per finding to corpus/labels.tsv (dataset, path,
line, column, rule, `correct` or `wrong`, a note), then run
scripts/precision.py again.

    scripts/unlabelled.py [--termlint PATH] [--rule ID] [--opt-in] [--sample N]

With `--opt-in`, opt-in rules' findings are shown too (they are measured
but never required); `--sample N` shows N of them spread evenly over the
list, so that a large rule is judged across every file, not the first one.
"""

import argparse
import csv
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import precision  # noqa: E402

ROOT = precision.ROOT


def unit_lines(lines, line):
    """The lines of the blank-line-separated block holding `line` (1-based),
    without source references."""
    start = end = line - 1
    while start > 0 and lines[start - 1].strip():
        start -= 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return [text for text in lines[start:end] if not text.startswith("#:")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--termlint", default=str(ROOT / "target/release/termlint"))
    parser.add_argument("--rule", help="only this rule")
    parser.add_argument("--opt-in", action="store_true", help="show opt-in rules' findings too")
    parser.add_argument("--sample", type=int, help="show this many, spread evenly")
    args = parser.parse_args()

    rules = subprocess.run([args.termlint, "rules"], capture_output=True, text=True, check=True)
    opt_in = {line.split()[0] for line in rules.stdout.splitlines() if " opt-in " in line}
    with open(ROOT / "corpus/labels.tsv", newline="", encoding="utf-8") as f:
        labelled = {
            (row["path"], row["line"], row["column"], row["rule"])
            for row in csv.DictReader(f, delimiter="\t")
        }
    texts = {}
    shown = []
    every, needed = precision.judged_findings(args.termlint)
    for dataset, key, message in every:
        if key in labelled or (key[3] in opt_in and not args.opt_in):
            continue
        # On a sampled data set, only the sample needs a label.
        if key not in needed and not (key[3] in opt_in and args.opt_in):
            continue
        if args.rule and key[3] != args.rule:
            continue
        shown.append((dataset, key, message))
    if args.sample and len(shown) > args.sample:
        shown = [shown[i * len(shown) // args.sample] for i in range(args.sample)]
    for dataset, key, message in shown:
        path, line = key[0], int(key[1])
        if path not in texts:
            texts[path] = (ROOT / path).read_text(encoding="utf-8").splitlines()
        print(f"{dataset}\t{':'.join(key)}\t{message}")
        for text in unit_lines(texts[path], line)[:12]:
            print(f"    {text[:200]}")


if __name__ == "__main__":
    main()
