"""Fixtures for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture(scope="session")
def ingest_fixtures() -> Path:
    """``tests/fixtures/ingest``: inputs written by us for these tests."""
    return FIXTURES


@pytest.fixture(scope="session")
def messy_dir(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "corpora" / "messy"
    if not path.is_dir():
        pytest.skip("../shared/data/corpora/messy is not available")
    return path


@pytest.fixture(scope="session")
def corpora_dir(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "corpora"
    if not (path / "wikinews" / "docs.jsonl").is_file():
        pytest.skip("../shared/data/corpora is not available")
    return path
