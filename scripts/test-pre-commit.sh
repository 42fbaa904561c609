#!/usr/bin/env bash
# Test the pre-commit hooks with the real pre-commit tool, as a new user
# would: a fresh git repository with a staged file that uses a variant.
# The check hook fails, the fix hook fixes the file, a second run passes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v pre-commit >/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check pre-commit
fi
# pre-commit builds the hook with `cargo install`; share one target folder
# and skip link-time optimisation so that the test builds quickly.
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

echo "first run: expect the check hook to fail and the fix hook to fix"
if pre-commit try-repo "$repo" --files news.txt > first.log 2>&1; then
  cat first.log
  echo "FAIL: the first run passed"
  exit 1
fi
grep -q "termlint\.*Failed" first.log || { cat first.log; echo "FAIL: termlint did not fail"; exit 1; }
grep -q "files were modified by this hook" first.log || { cat first.log; echo "FAIL: no fix"; exit 1; }
grep -qx 'Trade along the Maritime Silk Road route grew.' news.txt || {
  cat news.txt
  echo "FAIL: news.txt was not fixed"
  exit 1
}

echo "second run: expect both hooks to pass"
git add news.txt
if ! pre-commit try-repo "$repo" --files news.txt > second.log 2>&1; then
  cat second.log
  echo "FAIL: the second run failed"
  exit 1
fi
echo "pre-commit hooks: ok"
