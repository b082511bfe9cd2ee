#!/usr/bin/env bash
# Scores capcheck on the caption-swap benchmark beside the repository (../shared/eval): builds
# the release binary, checks the corpus and the swapped copies, and prints the benchmark's
# figures. With --calibrate, refits rules/scoring.tsv first (scripts/calibrate.py) and rebuilds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shared=../shared
[ -d "$shared/eval" ] || { echo "skipped: $shared/eval not present" >&2; exit 0; }
report=${REPORT:-/tmp/capcheck-dev.json}
cargo build --release --quiet
run() { ./target/release/capcheck check "$shared/corpus/pages" "$shared/eval/dev" --format json -o "$report" --fail-on never "$@"; }
if [ "${1:-}" = "--calibrate" ]; then
  # Calibration reads the cosine of every caption, not only where the cascade asks for it;
  # the fit feeds back into others_flagged, so it runs twice.
  for _ in 1 2; do
    run --semantic-all
    python3 scripts/calibrate.py "$shared/eval/dev/labels.json" "$report" --max-false-alarms 0.01 --write rules/scoring.tsv
    cargo build --release --quiet
  done
  run
else
  run
fi
python3 "$shared/eval/score.py" "$shared/eval/dev/labels.json" "$report" "${@:2}"
