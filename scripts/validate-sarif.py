#!/usr/bin/env python3
"""Validates SARIF logs against the SARIF 2.1.0 JSON schema (tests/data/sarif-schema-2.1.0.json).

Usage: scripts/validate-sarif.py FILE.sarif...   (or - for standard input)

Needs the `jsonschema` Python package (pip install jsonschema); without it the script says so
and exits 3, so CI can tell "not checked" from "invalid" (exit 1).
"""
import json
import pathlib
import sys

SCHEMA = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "sarif-schema-2.1.0.json"


def main(paths):
    try:
        import jsonschema
    except ImportError:
        print("skipped: the jsonschema package is not installed (pip install jsonschema)", file=sys.stderr)
        return 3
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # The OASIS schema is draft-04; pick its validator explicitly rather than trusting $schema.
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for p in paths or ["-"]:
        text = sys.stdin.read() if p == "-" else pathlib.Path(p).read_text(encoding="utf-8")
        errors = sorted(validator.iter_errors(json.loads(text)), key=lambda e: list(e.absolute_path))
        for e in errors:
            where = "/".join(str(x) for x in e.absolute_path) or "(root)"
            print(f"{p}: {where}: {e.message}", file=sys.stderr)
        if errors:
            bad += 1
        else:
            print(f"{p}: valid SARIF 2.1.0")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
