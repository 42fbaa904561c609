#!/usr/bin/env bash
# Benchmark: lint a generated corpus (default 100 MB in 1,000 files) with a
# generated glossary (default 10,000 terms); report MB/s, peak memory and
# recall of the planted variants, next to ripgrep when it is installed.
#
# usage: scripts/bench.sh [DATA_DIR]
# environment: MB=100 FILES=1000 TERMS=10000 RUNS=3 EXTRA_ARGS="--select term"
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-bench-data}
mb=${MB:-100}
files=${FILES:-1000}
terms=${TERMS:-10000}
runs=${RUNS:-3}
corpus="$data/corpus-${mb}mb"
glossary="$data/glossary-$terms"

if [ ! -d "$glossary" ]; then
  python3 benches/gen_corpus.py glossary --out "$data" --sizes "$terms"
fi
if [ ! -d "$corpus" ]; then
  python3 benches/gen_corpus.py corpus --out "$data" --name "corpus-${mb}mb" --mb "$mb" --files "$files"
fi
cargo build --release --quiet
bin=target/release/termlint
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
  score=$(python3 benches/score_hits.py --manifest "$corpus.planted.tsv" --terms "$terms" "$data/out.txt")
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
