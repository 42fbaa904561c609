#!/usr/bin/env bash
# The HTML report in headless Chromium (Debian's chromium and
# chromium-driver, driven by Selenium from PyPI): spans, filters, escaping,
# console, scripts off, and 10,000 findings. Screenshots of the summary and
# of a bilingual unit land in target/html-report/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
  || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get update -qq
  # The CJK fonts are for the screenshots: the page names no font files.
  sudo_if_needed apt-get install -y -qq chromium chromium-driver fonts-noto-cjk > /dev/null
fi
if ! python3 -c 'import selenium' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check selenium
fi
cargo build --quiet --manifest-path "$repo/Cargo.toml"
python3 "$repo/tests/html/check_report.py" "$repo/target/debug/termlint" "$repo/target/html-report"
