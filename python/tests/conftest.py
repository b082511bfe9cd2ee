"""Shared helpers: where the repository, the shared folder and the CLI binary are.

A test that cannot run (no ../shared, no CLI binary) is skipped with the reason, which
`pytest -rs` prints; under CI=true a missing CLI binary fails instead, since CI builds it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "xi-kim-pelosi-omar.txt"
CORPUS = SHARED / "corpus" / "pages"


def cli_binary() -> Path:
    """The capcheck CLI to compare with: $CAPCHECK_BIN, else a release or debug build."""
    candidates = [os.environ.get("CAPCHECK_BIN")] if os.environ.get("CAPCHECK_BIN") else []
    candidates += [ROOT / "target" / "release" / "capcheck", ROOT / "target" / "debug" / "capcheck"]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    msg = "skipped: no capcheck CLI binary (set CAPCHECK_BIN or run cargo build)"
    if os.environ.get("CI") == "true":
        pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def cli():
    """Runs the CLI from the repository root; returns the parsed output of `--format json`
    (a report) or `--format jsonl` (a list of lines)."""
    binary = cli_binary()

    def run(*args: str, fmt: str = "json") -> Any:
        out = subprocess.run(
            [str(binary), "check", "--no-config", "--fail-on", "never", "--format", fmt, *args],
            cwd=ROOT,
            capture_output=True,
            check=False,
        )
        assert out.returncode == 0, out.stderr.decode()
        text = out.stdout.decode()
        if fmt == "jsonl":
            return [json.loads(line) for line in text.splitlines()]
        return json.loads(text)

    return run


def cli_docs(report: Dict[str, Any]) -> List[Dict[str, Any]]:
    return report["documents"]
