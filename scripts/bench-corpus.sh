#!/usr/bin/env bash
# Times a whole-process scan of the corpus beside the floor (examples/floor.rs: the same files,
# parsed with scraper, `p, figcaption` selected) with hyperfine, and prints the floor's time
# divided by capcheck's, by medians and by means:
#   scripts/bench-corpus.sh          # 60 runs of each
#   scripts/bench-corpus.sh 100
# Both binaries are timed as installed: copied out of target/ first, as `cargo install` copies
# them. Run from where the linker left it, capcheck's 43 MB binary takes about 100 more page
# faults a run and 5-15% more CPU time than the same bytes copied; the floor's small binary
# runs alike from either place (docs/performance.md, "How to measure").
set -euo pipefail
runs=${1:-60}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
corpus=../shared/corpus/pages
if [ ! -d "$corpus" ]; then
  echo "bench-corpus: $corpus is missing; nothing to time" >&2
  exit 2
fi
if ! command -v hyperfine >/dev/null; then
  echo "bench-corpus: needs hyperfine (cargo install hyperfine)" >&2
  exit 2
fi
cargo build --release --bin capcheck --example floor
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp target/release/capcheck target/release/examples/floor "$dir/"
hyperfine -N -w5 -r"$runs" --export-json "$dir/times.json" \
  "$dir/floor $corpus" \
  "$dir/capcheck check $corpus --format json -o /dev/null --fail-on never --no-semantic"
python3 - "$dir/times.json" <<'EOF'
import json
import statistics
import sys

floor, capcheck = json.load(open(sys.argv[1]))["results"]
med = [statistics.median(r["times"]) * 1000 for r in (floor, capcheck)]
mean = [r["mean"] * 1000 for r in (floor, capcheck)]
print(f"floor ÷ capcheck: {med[0] / med[1]:.3f} by medians ({med[0]:.1f} / {med[1]:.1f} ms), "
      f"{mean[0] / mean[1]:.3f} by means ({mean[0]:.1f} / {mean[1]:.1f} ms)")
EOF
