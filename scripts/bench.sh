#!/usr/bin/env bash
# Benchmark: lint a generated corpus (default 100 MB in 1,000 files) with a
# generated glossary (default 10,000 terms); report MB/s, peak memory and
# recall of the planted variants, next to ripgrep when it is installed.
#
# usage: scripts/bench.sh [DATA_DIR]
# environment: MB=100 FILES=1000 TERMS=10000 RUNS=3 EXTRA_ARGS="--select term"
#              PROJECT_FILES=10000
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-bench-data}
mb=${MB:-100}
files=${FILES:-1000}
terms=${TERMS:-10000}
runs=${RUNS:-3}
corpus="$data/corpus-${mb}mb"
glossary="$data/glossary-$terms"

cargo build --release --quiet --workspace
bin=target/release/termlint
gen=target/release/termlint-bench
# The data is made from a fixed seed by crates/termlint-bench: the same
# bytes on every machine.
if [ ! -d "$glossary" ]; then
  "$gen" glossary --terms "$terms" --out "$data"
fi
if [ ! -d "$corpus" ]; then
  "$gen" corpus --terms "$terms" --mb "$mb" --files "$files" --out "$data"
fi
bytes=$(du -sb "$corpus" | cut -f1)

# Run a command $runs times; print the best wall time and the peak RSS (KiB).
measure() {
  local best="" rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$data/time.txt" "$@" > "$data/out.txt" || true
    read -r wall kib < <(tail -n 1 "$data/time.txt")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    if [ "$kib" -gt "$rss" ]; then rss=$kib; fi
  done
  echo "$best $rss"
}

report() {
  local name=$1 wall=$2 kib=$3
  local mbs
  mbs=$(awk "BEGIN{printf \"%.1f\", $bytes / 1e6 / ($wall > 0 ? $wall : 0.001)}")
  local score
  score=$("$gen" score "$corpus.planted.tsv" "$data/out.txt")
  printf '%-28s %7.2f s  %8s MB/s  %6d MiB  %s\n' "$name" "$wall" "$mbs" $((kib / 1024)) "$score"
}

echo "corpus: $corpus ($((bytes / 1000000)) MB, $files files); glossary: $terms terms; $(nproc) cores"
read -r wall kib < <(measure "$bin" check --quiet --format concise ${EXTRA_ARGS:---select term/variant} -g "$glossary/terms.toml" "$corpus")
report "termlint (term/variant)" "$wall" "$kib"
read -r wall kib < <(measure "$bin" check --quiet --format concise -g "$glossary/terms.toml" "$corpus")
report "termlint (all rules)" "$wall" "$kib"
if command -v rg > /dev/null; then
  read -r wall kib < <(measure rg -F -w --vimgrep -o -f "$glossary/patterns.txt" "$corpus")
  report "rg -F -w -f patterns" "$wall" "$kib"
fi

# Bilingual case: a PO catalogue of about 20 MB whose English targets are
# corpus lines and whose Chinese sources carry the same numbers, so that a
# clean translation stays clean and the planted variants are what is found.
po="$data/bilingual-20mb.po"
if [ ! -f "$po" ]; then
  python3 - "$corpus" "$po" <<'PY'
import os, re, sys
corpus, out = sys.argv[1], sys.argv[2]
limit = 20_000_000
n = size = 0
esc = lambda s: s.replace("\\", "\\\\").replace('"', '\\"')
with open(out, "w", encoding="utf-8") as po:
    po.write('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n')
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or size > limit:
                    continue
                numbers = re.findall(r"\d+(?:\.\d+)?", line)
                src = "新闻报道" + "，".join(numbers) + ("。" if line.endswith(".") else "")
                entry = f'#: {name}:{n}\nmsgid "{esc(src)}"\nmsgstr "{esc(line)}"\n\n'
                po.write(entry)
                size += len(entry.encode())
                n += 1
print(f"{out}: {n} entries", file=sys.stderr)
PY
fi
po_bytes=$(stat -c %s "$po")
segments=$(grep -c '^msgstr' "$po")
read -r wall kib < <(measure "$bin" check --quiet --format concise -g "$glossary/terms.toml" "$po")
awk -v b="$po_bytes" -v s="$segments" -v w="$wall" -v k="$kib" 'BEGIN {
  w = (w > 0 ? w : 0.001);
  printf "%-28s %7.2f s  %8.1f MB/s  %6d MiB  %d segments, %.0f segments/s (one file)\n",
    "termlint PO, all rules", w, b / 1e6 / w, k / 1024, s, s / w }'

# Project-wide consistency: many catalogues of one language pair, sources
# drawn from a shared pool, a known set of sources given a second
# translation, and controls that must not be reported (PO contexts, plural
# forms, placeholders named differently).
project_files=${PROJECT_FILES:-10000}
project="$data/project-$project_files"
if [ ! -d "$project" ]; then
  "$gen" project --files "$project_files" --out "$data"
fi
project_bytes=$(du -sb "$project" | cut -f1)
units=$(grep -rh -c '^msgid "[^"]' "$project" | awk '{s += $1} END {print s}')
read -r wall kib < <(measure "$bin" check --quiet --format json --select bitext/inconsistent-target "$project")
found=$(python3 - "$data/out.txt" "$project.planted.tsv" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
planted = open(sys.argv[2], encoding="utf-8").read().splitlines()[1:]
# Messages quote the source, shortened to 60 characters.
found = [d["message"].split("`")[1].rstrip("…") for d in report["diagnostics"]]
hits = sum(any(p.startswith(f) for f in found) for p in planted)
print(f"{hits}/{len(planted)} planted found, {len(found) - hits} other")
PY
)
awk -v b="$project_bytes" -v u="$units" -v f="$project_files" -v w="$wall" -v k="$kib" -v r="$found" 'BEGIN {
  w = (w > 0 ? w : 0.001);
  printf "%-28s %7.2f s  %8.1f MB/s  %6d MiB  %d catalogues, %d units; %s\n",
    "termlint consistency", w, b / 1e6 / w, k / 1024, f, u, r }'
