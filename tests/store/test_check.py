"""A corrupted store is found: `status --check`, `ingest` at start, Store.check()."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from allegiance.errors import StoreError
from allegiance.store import open_store
from store_helpers import article, doc


def _allegiance(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "allegiance", *args], capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.fixture
def corrupted_store(tmp_path):
    """A store of 60 articles with 8 bytes flipped in a page in the middle of the file."""
    path = tmp_path / "c.db"
    with open_store(path) as store:
        store.write_batch([(doc(article(i, words=300), f"d{i}"), None) for i in range(60)])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    assert pages > 20
    middle = (pages // 2) * page_size  # the start of a page in the middle (its b-tree or overflow header)
    data[middle : middle + 8] = bytes(b ^ 0xFF for b in data[middle : middle + 8])
    path.write_bytes(bytes(data))
    return path


def test_status_check_fails_on_a_corrupted_store(corrupted_store):
    out = _allegiance("status", "--db", str(corrupted_store), "--check")
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "corrupt" in lines[0] and str(corrupted_store) in lines[0]


def test_status_full_check_fails_on_a_corrupted_store(corrupted_store):
    out = _allegiance("status", "--db", str(corrupted_store), "--check", "--full", "--json")
    assert out.returncode == 1 and "corrupt" in out.stderr


def test_ingest_refuses_a_corrupted_store(corrupted_store, tmp_path):
    (tmp_path / "new.txt").write_text("Unite backed Corbyn.")
    out = _allegiance("ingest", str(tmp_path / "new.txt"), "--db", str(corrupted_store), "--no-extract")
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1 and "corrupt" in out.stderr


def test_export_refuses_a_corrupted_store(corrupted_store, tmp_path):
    out = _allegiance("export", "--db", str(corrupted_store), "--format", "csv", "--out", str(tmp_path / "e.csv"))
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1 and "corrupt" in out.stderr
    assert not (tmp_path / "e.csv").exists()


def test_status_check_passes_on_a_sound_store_and_keeps_the_json_contract(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as store:
        store.write_batch([(doc(article(1), "a"), None)])
    out = _allegiance("status", "--db", str(path), "--check", "--json")
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout)
    assert {"documents", "duplicates", "rejected", "actors", "relations", "schema_version"} <= set(counts)
    assert counts["documents"] == 1 and counts["check"] == "ok"


def test_check_finds_nothing_on_a_sound_store_on_every_backend(make_store):
    store = make_store()
    store.write_batch([(doc(article(1), "a"), None)])
    assert store.check() == [] and store.check(full=True) == []
    store.verify()


def test_verify_raises_on_a_corrupted_store(corrupted_store):
    with open_store(corrupted_store) as store:
        assert store.check()
        with pytest.raises(StoreError, match="corrupt"):
            store.verify()
