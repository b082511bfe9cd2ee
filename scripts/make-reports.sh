#!/usr/bin/env bash
# Regenerates the example reports in reports/ from fixtures/ (what tests/it/reports.rs compares).
# Run from anywhere:  scripts/make-reports.sh        (builds the debug binary if needed)
# Paths in the reports are relative (`fixtures/...`), so the script runs from the repo root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/capcheck"
mkdir -p reports
for format in html json sarif; do
  # --fail-on never: the fixtures have findings on purpose; -j 1 is not needed (output order is
  # stable) but keeps the run easy to follow.
  "$bin" check --format "$format" --fail-on never -o "reports/fixtures.$format" fixtures/
done
echo "wrote reports/fixtures.html reports/fixtures.json reports/fixtures.sarif"
