#!/usr/bin/env bash
# Validate termlint's SARIF output with Microsoft's SARIF Multitool; fails on
# any error it reports (warnings are printed, not fatal).
set -euo pipefail
cd "$(dirname "$0")/.."
tool_dir=target/sarif-multitool
if [ ! -x "$tool_dir/node_modules/.bin/sarif-multitool" ]; then
  mkdir -p "$tool_dir"
  npm install --prefix "$tool_dir" --no-audit --no-fund --silent @microsoft/sarif-multitool@5 >/dev/null
  # npm may skip the package's install script that marks the binary executable.
  chmod u+x "$tool_dir"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true
fi
cargo build --quiet
out=target/sarif-check
mkdir -p "$out"
status=0
for input in examples tests/fixtures; do
  name=$(basename "$input")
  target/debug/termlint check --format sarif "$input" > "$out/$name.sarif" || true
  log=$("$tool_dir/node_modules/.bin/sarif-multitool" validate "$out/$name.sarif" 2>&1) || true
  echo "$log" | grep -E "warning|error" || true
  if echo "$log" | grep -qE ": error |^error|Unhandled exception"; then
    echo "SARIF validation failed for $input"
    status=1
  elif ! echo "$log" | grep -q "Analysis completed successfully"; then
    echo "SARIF validator did not complete for $input:"
    echo "$log"
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "SARIF: valid"
exit "$status"
