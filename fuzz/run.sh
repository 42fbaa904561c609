#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 60), from the committed
# seeds, and print one line per target. Needs a nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
cargo +nightly fuzz build -O
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  log="artifacts/$target.log"
  mkdir -p artifacts
  if cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
      -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 > "$log" 2>&1; then
    status=ok
  else
    status=FAILED
  fi
  runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || true)
  echo "$target: $status, ${runs:-?} runs in ${seconds}s (log: fuzz/$log)"
done
