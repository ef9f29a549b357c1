"""Fixtures of the export tests: the hand-written store of tests/report."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_REPORT_TESTS = Path(__file__).parent.parent / "report"


def _fixtures():
    spec = importlib.util.spec_from_file_location("allegiance_test_store_fixtures_io", _REPORT_TESTS / "store_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def store_fixtures():
    return _fixtures()


@pytest.fixture(scope="session")
def small_db(tmp_path_factory, store_fixtures) -> Path:
    return store_fixtures.write_small_store(tmp_path_factory.mktemp("io-small") / "small.db")
