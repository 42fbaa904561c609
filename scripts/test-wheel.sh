#!/usr/bin/env bash
# The Python package as a user gets it: a wheel built with maturin,
# installed with pip into a fresh virtual environment, and the `termlint`
# command run from it with no Rust toolchain on the PATH.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! python3 -c 'import maturin' 2>/dev/null && ! command -v maturin >/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check 'maturin>=1.9,<2'
fi
# The same build settings as the pre-commit test, to share its build.
export CARGO_TARGET_DIR="$repo/target/pre-commit"
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && python3 -m maturin build --release --quiet --out "$work/dist")
wheel=$(ls "$work"/dist/termlint_cli-*.whl)
echo "built $(basename "$wheel")"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel"
# Only the virtual environment and the system's own folders: no cargo.
clean_path="$work/venv/bin:/usr/bin:/bin"
if env PATH="$clean_path" sh -c 'command -v cargo' >/dev/null; then
  echo "FAIL: cargo is on the clean PATH"
  exit 1
fi
cd "$repo"
set +e
env PATH="$clean_path" termlint check examples/ > "$work/out.txt" 2>&1
code=$?
set -e
tail -1 "$work/out.txt"
[ "$code" -eq 1 ] || { cat "$work/out.txt"; echo "FAIL: exit code $code, expected 1"; exit 1; }
# The summary the README shows for the same command, word for word.
expected=$(grep -m1 '^Found [0-9]* problems' README.md)
grep -qxF "$expected" "$work/out.txt" || { echo "FAIL: unexpected summary"; exit 1; }
"$work/venv/bin/python" - <<'PY'
import importlib.metadata as md
meta = md.metadata("termlint-cli")
assert meta["License-Expression"] == "MIT OR Apache-2.0", meta["License-Expression"]
files = [str(f) for f in md.files("termlint-cli")]
assert any(f.endswith("LICENSE-APACHE") for f in files), files
print("metadata: ok")
PY
echo "wheel: ok"
