#!/usr/bin/env bash
# The TBX that `termlint glossary convert` writes, read by a reader we did
# not write: translate-toolkit (PyPI). Every bundled glossary is written as
# TBX v2 and its terms compared with the TOML they came from.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! python3 -c 'import translate.storage.tbx' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check translate-toolkit
fi
cargo build --quiet --manifest-path "$repo/Cargo.toml"
termlint="$repo/target/debug/termlint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for glossary in "$repo"/glossary/*.toml; do
  out="$work/$(basename "$glossary" .toml).tbx"
  "$termlint" glossary convert "$glossary" "$out" 2>/dev/null
  echo "$(basename "$glossary"):"
  python3 "$repo/scripts/tbx_interop.py" "$glossary" "$out"
done
