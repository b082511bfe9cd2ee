#!/usr/bin/env bash
# Writes the reports of a capcheck binary in all five formats over the corpus, the dev set and
# nocaption (../shared) and over fixtures/ and tests/pages, so that two builds can be compared
# byte for byte:
#   scripts/compare-reports.sh OLD_BINARY /tmp/before
#   scripts/compare-reports.sh target/release/capcheck /tmp/after
#   diff -rq /tmp/before /tmp/after
set -euo pipefail
bin=$(realpath "$1")
out=$2
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p "$out"
shared=../shared
# The captionless pages sit beside the corpus pages (older copies kept them under eval/).
nocaption=$shared/corpus/nocaption
[ -d "$nocaption" ] || nocaption=$shared/eval/nocaption
for f in json text html sarif jsonl; do
  if [ -d "$shared/corpus" ]; then
    "$bin" check "$shared/corpus/pages" "$shared/eval/dev" "$nocaption" \
      --format "$f" --fail-on never --color never -o "$out/corpus.$f" 2>/dev/null || true
  fi
  "$bin" check fixtures tests/pages --format "$f" --fail-on never --color never -o "$out/fix.$f" 2>/dev/null || true
done
ls "$out"
