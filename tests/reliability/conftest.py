"""Fixtures for the reliability tests: our own synthetic corpus, fuzz-case counting."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import pytest

# the tests import their helpers (corpus.py, crashloop.py) from this folder
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

#: Where fuzz tests append how many cases they tried (one JSON object per test run).
COUNTS_FILE = Path(os.environ.get("ALLEGIANCE_FUZZ_COUNTS",
                                  Path(tempfile.gettempdir()) / "allegiance-fuzz-counts.jsonl"))


@pytest.fixture
def corpus_file(tmp_path: Path):
    """Write ``n`` synthetic records to a JSONL file in this test's folder."""
    from corpus import corpus_records, write_jsonl

    def _make(n: int, *, seed: int = 2026, prefix: str = "rel", name: str = "corpus.jsonl"):
        records = corpus_records(n, seed=seed, prefix=prefix)
        return write_jsonl(tmp_path / name, records), records

    return _make


class FuzzCounter:
    """Counts the cases one test tried; reported on stdout and appended to COUNTS_FILE."""

    def __init__(self, name: str):
        self.name = name
        self.cases = 0
        self.rejected = 0

    def tried(self, *, rejected: int = 0) -> None:
        self.cases += 1
        self.rejected += rejected


@pytest.fixture
def fuzz_counter(request: pytest.FixtureRequest):
    counter = FuzzCounter(request.node.nodeid)
    yield counter
    line = {"test": counter.name, "cases": counter.cases, "rejected_inputs": counter.rejected}
    print(f"\nfuzz cases: {json.dumps(line)}")
    try:
        with COUNTS_FILE.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")
    except OSError:
        pass
