"""Fixtures of the report tests: small stores written by us (see store_fixtures.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_HERE = Path(__file__).parent


def load_helper(name: str):
    """Load a helper module of this folder by path (tests/web and tests/io use them too)."""
    spec = importlib.util.spec_from_file_location(f"allegiance_test_{name}", _HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixtures = load_helper("store_fixtures")


@pytest.fixture(scope="session")
def small_db(tmp_path_factory) -> Path:
    return fixtures.write_small_store(tmp_path_factory.mktemp("small") / "small.db")


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory) -> Path:
    return fixtures.write_hostile_store(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def browser():
    """The headless-Chromium helpers (browser_support.py)."""
    return load_helper("browser_support")
