"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

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


POSTGRES_SCRIPT = REPO / "scripts" / "postgres.sh"


@contextmanager
def throwaway_postgres(prefix: str) -> Iterator[str]:
    """Yield the URL of a PostgreSQL server on loopback, stopped afterwards; skip when none can start.

    ``ALLEGIANCE_TEST_PG_URL`` points the tests at an existing server instead;
    otherwise ``scripts/postgres.sh`` installs (when it can) and starts one.
    """
    given = os.environ.get("ALLEGIANCE_TEST_PG_URL")
    if given:
        yield given
        return
    if not POSTGRES_SCRIPT.is_file():
        pytest.skip(f"PostgreSQL tests need {POSTGRES_SCRIPT}")
    directory = tempfile.mkdtemp(prefix=prefix)
    os.rmdir(directory)  # the script creates it with the right owner

    def stop() -> None:
        subprocess.run(["bash", str(POSTGRES_SCRIPT), "stop", directory], capture_output=True, timeout=120)

    try:
        started = subprocess.run(["bash", str(POSTGRES_SCRIPT), "start", directory], capture_output=True,
                                 text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        stop()
        pytest.skip(f"PostgreSQL server could not be started: {exc}")
    if started.returncode != 0:
        reason = (started.stderr.strip().splitlines() or ["no message"])[-1]
        stop()
        pytest.skip(f"PostgreSQL server could not be started: {reason}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        stop()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server on loopback for the session (see :func:`throwaway_postgres`)."""
    with throwaway_postgres("allegiance-pg-test-") as url:
        yield url
