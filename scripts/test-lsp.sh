#!/usr/bin/env bash
# The language server end to end, driven by a real LSP client
# (pytest-lsp, from PyPI) as an editor would drive it: initialize, open,
# change, diagnostics equal to `termlint check`, code actions and their
# edits, hover, and reloading the config and glossary.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! python3 -c 'import pytest_lsp' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check pytest-lsp
fi
cargo build --quiet --manifest-path "$repo/Cargo.toml"
export TERMLINT_BIN="$repo/target/debug/termlint"
cd "$repo/tests/lsp"
python3 -m pytest -q -p no:cacheprovider
