#!/usr/bin/env bash
# Test the pre-commit hooks with the real pre-commit tool, as a new user
# would: a fresh git repository with a staged file that uses a variant, and
# the `language: python` hooks (pre-commit installs the Python package,
# which pip builds from the repository with maturin). The check hook fails,
# the fix hook fixes the file, and the check hook then passes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v pre-commit >/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check pre-commit
fi
# The package's build (maturin, through pip) shares one target folder and
# skips link-time optimisation so that the test builds quickly.
export CARGO_TARGET_DIR="$repo/target/pre-commit"
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init --quiet
git config user.email ci@example.invalid
git config user.name ci
printf 'Trade along the Hai Silk route grew.\n' > news.txt
git add news.txt

run() {
  pre-commit try-repo "$repo" "$1" --files news.txt > "$2" 2>&1
}

echo "check hook: expect it to fail on the variant"
if run termlint first.log; then
  cat first.log
  echo "FAIL: the check hook passed"
  exit 1
fi
grep -q "termlint\.*Failed" first.log || { cat first.log; echo "FAIL: termlint did not fail"; exit 1; }
grep -q "Hai Silk" first.log || { cat first.log; echo "FAIL: no finding shown"; exit 1; }
# The hooks that ran are the Python-package ones.
python3 - "$repo/.pre-commit-hooks.yaml" <<'PY'
import sys, yaml
hooks = {h["id"]: h for h in yaml.safe_load(open(sys.argv[1]))}
for hook in ("termlint", "termlint-fix"):
    assert hooks[hook]["language"] == "python", hooks[hook]
PY

echo "fix hook: expect it to fix the file"
if run termlint-fix fix.log; then
  cat fix.log
  echo "FAIL: the fix hook reported no change"
  exit 1
fi
grep -q "files were modified by this hook" fix.log || { cat fix.log; echo "FAIL: no fix"; exit 1; }
grep -qx 'Trade along the Maritime Silk Road route grew.' news.txt || {
  cat news.txt
  echo "FAIL: news.txt was not fixed"
  exit 1
}

echo "check hook again: expect it to pass"
git add news.txt
if ! run termlint second.log; then
  cat second.log
  echo "FAIL: the check hook failed on the fixed file"
  exit 1
fi
echo "pre-commit hooks: ok"
