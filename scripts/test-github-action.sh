#!/usr/bin/env bash
# action.yml's steps as GitHub runs them: its install command and its check
# script, with the inputs as GitHub passes them (INPUT_* variables), on the
# bundled examples. Checks the annotations, the SARIF report, the step's
# output and exit codes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$repo/target/pre-commit"
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check pyyaml
# The install step, as action.yml runs it (the package from the action's
# own repository).
install=$(python3 - "$repo/action.yml" <<'PY'
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]
print(next(s["run"] for s in steps if s["name"] == "Install termlint"))
PY
)
python3 -m venv "$work/venv"
export PATH="$work/venv/bin:$PATH"
GITHUB_ACTION_PATH="$repo" TERMLINT_PACKAGE="" bash -c "$install"
command -v termlint | grep -q "$work/venv/bin/termlint"

cd "$repo"
export GITHUB_OUTPUT="$work/output"
set +e
INPUT_PATHS="examples/quanzhou-news.en.txt examples/bilingual" INPUT_SARIF="$work/report.sarif" \
  INPUT_FAIL_ON="" INPUT_CONFIG="" INPUT_GLOSSARY="" \
  "$repo/scripts/github-action.sh" > "$work/annotations.txt"
code=$?
set -e
[ "$code" -eq 1 ] || { echo "FAIL: exit $code, expected 1 (findings)"; exit 1; }
grep -q '^::warning file=examples/quanzhou-news.en.txt,line=1,col=83,' "$work/annotations.txt" || {
  head "$work/annotations.txt"; echo "FAIL: no annotation for the seed article"; exit 1; }
grep -q '^::error file=examples/bilingual/' "$work/annotations.txt" || {
  echo "FAIL: no error annotation for the bilingual files"; exit 1; }
python3 - "$work/report.sarif" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
results = report["runs"][0]["results"]
assert len(results) > 10, len(results)
PY
grep -qx "sarif=$work/report.sarif" "$GITHUB_OUTPUT" || { echo "FAIL: no sarif output"; exit 1; }

# fail-on error: the warnings alone do not fail; a glossary given as input.
set +e
INPUT_PATHS="examples/quanzhou-news.en.txt" INPUT_FAIL_ON="error" INPUT_SARIF="" \
  INPUT_GLOSSARY="glossary/zh-en-news.toml" INPUT_CONFIG="" \
  "$repo/scripts/github-action.sh" > /dev/null
code=$?
set -e
[ "$code" -eq 0 ] || { echo "FAIL: exit $code with fail-on error"; exit 1; }

# A broken config is a usage error.
echo 'nonsense = [' > "$work/bad.toml"
set +e
INPUT_PATHS="examples" INPUT_CONFIG="$work/bad.toml" INPUT_SARIF="$work/x.sarif" \
  INPUT_FAIL_ON="" INPUT_GLOSSARY="" "$repo/scripts/github-action.sh" > /dev/null 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || { echo "FAIL: exit $code with a broken config, expected 2"; exit 1; }
echo "GitHub Action: ok"
