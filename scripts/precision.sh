#!/usr/bin/env bash
# Precision per rule per data set on the labelled real-data corpus.
# Builds termlint, then runs scripts/precision.py (see its docstring).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 scripts/precision.py "$@"
