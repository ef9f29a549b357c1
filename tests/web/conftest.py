"""Fixtures of the web tests: the stores of tests/report and a live server on a free port."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

_REPORT_TESTS = Path(__file__).parent.parent / "report"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"allegiance_test_{name}_web", _REPORT_TESTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def store_fixtures():
    return _load("store_fixtures")


@pytest.fixture(scope="session")
def browser():
    return _load("browser_support")


@pytest.fixture()
def small_db(tmp_path, store_fixtures) -> Path:
    """A fresh copy per test: the form adds to it."""
    return store_fixtures.write_small_store(tmp_path / "small.db")


@pytest.fixture(scope="session")
def hostile_inputs(tmp_path_factory, store_fixtures):
    folder = tmp_path_factory.mktemp("hostile-web")
    db = store_fixtures.write_hostile_store(folder)
    return db, folder / "hostile_actors.yaml"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(db: Path, *extra: str, log: Path):
    """``allegiance serve`` on 127.0.0.1 and a free port, in a child process stopped afterwards."""
    port = _free_port()
    handle = open(log, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "allegiance", "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"server exited: {log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(base + "/api/status", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"server did not start: {log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        handle.close()


@pytest.fixture()
def serve():
    return live_server
