#!/usr/bin/env bash
# Times a whole-process scan of the corpus beside the floor (examples/floor.rs: the same files,
# parsed with scraper, `p, figcaption` selected) with hyperfine, and prints the floor's time
# divided by capcheck's, by medians and by means:
#   scripts/bench-corpus.sh          # 60 runs of each command
#   scripts/bench-corpus.sh 100
# Each binary is timed in two page-cache states: as built (the files in target/, which the
# linker wrote; a binary read from disk on demand behaves alike) and as a fresh copy (written
# moments before by cp). capcheck's binary takes more page faults as built (455 against 405 a
# scan with fat LTO, 500 against 400 with thin) and up to a few per cent more time; the floor's
# 3 MB binary runs alike in both (docs/performance.md, "How to measure").
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
args="check $corpus --format json -o /dev/null --fail-on never --no-semantic"
hyperfine -N -w5 -r"$runs" --export-json "$dir/times.json" \
  "target/release/examples/floor $corpus" \
  "target/release/capcheck $args" \
  "$dir/floor $corpus" \
  "$dir/capcheck $args"
python3 - "$dir/times.json" <<'EOF'
import json
import statistics
import sys

results = json.load(open(sys.argv[1]))["results"]
for state, (floor, capcheck) in (("as built", results[0:2]), ("fresh copies", results[2:4])):
    med = [statistics.median(r["times"]) * 1000 for r in (floor, capcheck)]
    mean = [r["mean"] * 1000 for r in (floor, capcheck)]
    print(f"{state:12} floor ÷ capcheck: {med[0] / med[1]:.3f} by medians "
          f"({med[0]:.1f} / {med[1]:.1f} ms), {mean[0] / mean[1]:.3f} by means "
          f"({mean[0]:.1f} / {mean[1]:.1f} ms)")
EOF
