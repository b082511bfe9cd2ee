#!/usr/bin/env bash
# Regenerates the example blocks of README.md from real runs on fixtures/seed-shape.html (what
# tests/it/readme.rs compares): each fenced block right after a `<!-- example: NAME -->` line.
# Run from anywhere:  scripts/readme-examples.sh        (builds the debug binary if needed)
#   text   the text report, verbatim
#   jsonl  the document line cut after its title, then the summary line verbatim
#   json   the JSON report with its lists cut to their first entries and `evidence` left out
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/capcheck"
page=fixtures/seed-shape.html
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# --fail-on never: the page has a finding on purpose; the report is the same as without it.
"$bin" check --color never --fail-on never "$page" >"$tmp/text"
"$bin" check --format jsonl --fail-on never "$page" >"$tmp/jsonl"
"$bin" check --format json --fail-on never "$page" >"$tmp/json"
python3 - "$tmp" README.md <<'PY'
import json, re, sys
tmp, readme = sys.argv[1], sys.argv[2]
read = lambda name: open(f"{tmp}/{name}", encoding="utf-8").read()

def jsonl():
    doc, summary = read("jsonl").splitlines()[-2:]
    d = json.loads(doc)
    head = json.dumps({"path": d["path"], "title": d["title"]}, ensure_ascii=False,
                      separators=(",", ":"))
    return head[:-1] + ",…}\n" + summary + "\n"

def cut(v, key=None):
    if isinstance(v, dict):
        return {k: cut(x, k) for k, x in v.items() if k != "evidence"}
    if isinstance(v, list):
        return [cut(x) for x in v[: 2 if key in ("topic", "entities") else 1]]
    return v

def json_block():
    return json.dumps(cut(json.loads(read("json"))), indent=2, ensure_ascii=False) + "\n"

blocks = {"text": read("text"), "jsonl": jsonl(), "json": json_block()}
text = open(readme, encoding="utf-8").read()
for name, body in blocks.items():
    pat = re.compile(r"(<!-- example: " + name + r" -->\n```[a-z]*\n).*?(```\n)", re.S)
    text, n = pat.subn(lambda m: m.group(1) + body + m.group(2), text)
    if n != 1:
        sys.exit(f"README.md: {n} blocks marked `<!-- example: {name} -->`, want 1")
open(readme, "w", encoding="utf-8").write(text)
print("README.md examples regenerated:", ", ".join(blocks))
PY
