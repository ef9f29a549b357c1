"""Fixtures for the store tests: one fresh store location per test, on each backend."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

from allegiance.store import Store, open_store

# the tests import their builders from store_helpers.py next to this file
sys.path.insert(0, str(Path(__file__).resolve().parent))

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The name of the backend a parametrised test runs on."""
    return request.param


@pytest.fixture
def store_url(backend: str, tmp_path, request: pytest.FixtureRequest) -> str:
    """A URL for a fresh, empty store on ``backend``."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    server = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture
def make_store(store_url: str) -> Iterator[Callable[..., Store]]:
    """Open (and later close) stores at this test's location; options go to open_store."""
    opened: list[Store] = []

    def _open(**options) -> Store:
        store = open_store(store_url, **options)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server on loopback (skips cleanly when it cannot start)."""
    pytest.skip("PostgreSQL backend not wired yet")
