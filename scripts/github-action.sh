#!/usr/bin/env bash
# The check step of action.yml: termlint with GitHub annotations, and a
# SARIF report when asked for. Inputs come as INPUT_* variables; the step
# fails as `termlint check` does (exit 1 on findings at or above fail-on,
# 2 on a usage or settings error).
set -uo pipefail
args=(check)
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
for glossary in ${INPUT_GLOSSARY:-}; do
  args+=(--glossary "$glossary")
done
read -r -a paths <<< "${INPUT_PATHS:-.}"
[ "${#paths[@]}" -eq 0 ] && paths=(.)

if [ -n "${INPUT_SARIF:-}" ]; then
  # The report is written whatever the findings; its exit code is not the
  # step's (the annotated run below decides).
  termlint "${args[@]}" --format sarif "${paths[@]}" > "$INPUT_SARIF"
  sarif_code=$?
  if [ "$sarif_code" -ge 2 ]; then
    exit "$sarif_code"
  fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "sarif=$INPUT_SARIF" >> "$GITHUB_OUTPUT"
  fi
fi
termlint "${args[@]}" --format github "${paths[@]}"
