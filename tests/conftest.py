"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (development data); tests that need it skip when it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not available (development data only)")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    path = shared_dir / "seeds" / "new_statesman_two_articles.txt"
    if not path.is_file():
        pytest.skip("the reference seed input is not available")
    return path


@pytest.fixture(scope="session")
def nlp_model():
    """The bare statistical model, loaded once per test session."""
    from allegiance.nlp import load_model

    return load_model()
