#!/usr/bin/env python3
"""Precision per rule per data set, from the hand labels in corpus/labels.tsv.

Runs termlint with every rule on (`--select all`) over each data set of the
real-data corpus, one run per project as a user would run it, matches every finding with its label, and prints a table:
findings, labelled, correct, precision. A finding of a default rule without
a label is listed and makes the script exit 1, so that a rule change that
produces new findings cannot go unjudged; so does a label whose finding is
gone. Opt-in rules are counted too, labelled or not.

    scripts/precision.py [--termlint PATH] [--markdown]
"""

import argparse
import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = {
    # Real zh_CN / zh_TW gettext catalogues from packages on PyPI.
    "catalogues": ["corpus/catalogues"],
    # Real English prose: the READMEs of the same packages.
    "english": ["corpus/english"],
    # Real machine-translated news (Chinese to English): the seed article.
    "news-mt": ["examples/quanzhou-news.en.txt"],
    # Large real catalogues, judged on a sample (SAMPLED) of each rule's
    # findings rather than on all of them.
    "catalogues-sampled": ["corpus/catalogues-sampled"],
    # Real human translations of everyday sentences, Chinese to English
    # and English to Chinese (Tatoeba), judged on a sample like the above.
    "tatoeba": ["corpus/tatoeba/tatoeba.zh-en.tsv", "corpus/tatoeba/tatoeba.en-zh.tsv"],
}
# Data sets where a rule with more findings than this has only that many
# judged: a sample spread evenly over its findings, in report order.
SAMPLED = {"catalogues-sampled": 60, "tatoeba": 60}
AS_OF = "2021-01-16"  # the date of the news article


def runs(paths):
    """The termlint runs for a data set, as a user would make them: one per
    project. Catalogues are named `<project>.<locale>.<ext>`, and the
    cross-file rules (bitext/inconsistent-target) compare the files of one
    project, never two unrelated projects' wording."""
    projects = defaultdict(list)
    for path in paths:
        full = ROOT / path
        if full.is_dir():
            for file in sorted(full.iterdir()):
                projects[file.name.split(".")[0]].append(str(file.relative_to(ROOT)))
        else:
            projects[path].append(path)
    return list(projects.values())


def findings(termlint, paths):
    out = subprocess.run(
        [termlint, "check", "--no-config", "--select", "all", "--as-of", AS_OF,
         "--format", "json", *paths],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if out.returncode not in (0, 1):
        sys.exit(f"termlint failed: {out.stderr}")
    report = json.loads(out.stdout)
    return [
        ((d["path"], str(d["line"]), str(d["column"]), d["rule"]), d["message"])
        for d in report["diagnostics"]
    ]


def to_judge(dataset, keys):
    """The findings of one rule on one data set that need a label: all of
    them, or an even spread of them on a sampled data set."""
    size = SAMPLED.get(dataset)
    if size is None or len(keys) <= size:
        return keys
    return [keys[i * len(keys) // size] for i in range(size)]


def judged_findings(termlint):
    """Every finding per data set with its message, and the set of those
    that need a label."""
    every = []
    needed = set()
    for dataset, paths in DATASETS.items():
        by_rule = defaultdict(list)
        for key, message in (f for run in runs(paths) for f in findings(termlint, run)):
            every.append((dataset, key, message))
            by_rule[key[3]].append(key)
        for keys in by_rule.values():
            needed.update(to_judge(dataset, keys))
    return every, needed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--termlint", default=str(ROOT / "target/release/termlint"))
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

    rules = subprocess.run([args.termlint, "rules"], capture_output=True, text=True, check=True)
    opt_in = {line.split()[0] for line in rules.stdout.splitlines() if " opt-in " in line}

    labels = {}
    with open(ROOT / "corpus/labels.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["path"], row["line"], row["column"], row["rule"])
            labels[key] = row["verdict"]

    table = defaultdict(lambda: [0, 0, 0])  # (rule, dataset) -> found, labelled, correct
    unlabelled = []
    seen = set()
    every, needed = judged_findings(args.termlint)
    for dataset, key, _ in every:
        seen.add(key)
        cell = table[(key[3], dataset)]
        cell[0] += 1
        verdict = labels.get(key)
        if verdict is None:
            if key[3] not in opt_in and key in needed:
                unlabelled.append(key)
            continue
        cell[1] += 1
        cell[2] += verdict == "correct"
    stale = [key for key in labels if key not in seen]

    if args.markdown:
        print("| rule | data set | findings | labelled | correct | precision |")
        print("|---|---|---:|---:|---:|---:|")
    for (rule, dataset), (found, labelled, correct) in sorted(table.items()):
        precision = f"{100 * correct / labelled:.0f}%" if labelled else "-"
        if args.markdown:
            print(f"| {rule} | {dataset} | {found} | {labelled} | {correct} | {precision} |")
        else:
            print(f"{rule:26} {dataset:18} {found:5} found {labelled:5} labelled "
                  f"{correct:5} correct  {precision}")
    for key in unlabelled:
        print("unlabelled: " + ":".join(key), file=sys.stderr)
    for key in stale:
        print("label without a finding: " + ":".join(key), file=sys.stderr)
    sys.exit(1 if unlabelled or stale else 0)


if __name__ == "__main__":
    main()
