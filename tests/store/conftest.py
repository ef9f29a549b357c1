"""Fixtures for the store tests: one fresh store location per test, on each backend."""

from __future__ import annotations

import os
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


class PostgresServer:
    """A running PostgreSQL server; hands out one fresh schema per test."""

    def __init__(self, url: str):
        self.url = url
        self._count = 0

    def new_database(self) -> str:
        """Create an empty schema and return a URL whose search_path is that schema."""
        import psycopg

        self._count += 1
        name = f"store_test_{os.getpid()}_{self._count}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            conn.execute(f"CREATE SCHEMA {name}")
        separator = "&" if "?" in self.url else "?"
        return f"{self.url}{separator}options=-csearch_path%3D{name}"


@pytest.fixture(scope="session")
def postgres_server(postgres_url: str) -> Iterator[PostgresServer]:
    """The session's throwaway PostgreSQL server (root conftest), one schema per test."""
    yield PostgresServer(postgres_url)
