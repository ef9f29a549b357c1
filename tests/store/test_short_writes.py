"""Short write transactions: MinHash outside the writer lock; a busy store is retried, then rejected."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest

from allegiance.errors import StoreBusyError
from allegiance.pipeline import ingest_into_store
from allegiance.store import open_store
from allegiance.store.backend import SQLiteDatabase
from allegiance.store.dedupe import NearDuplicateConfig
from store_helpers import article, doc


def _lock_is_free(url: str) -> bool:
    """True when another connection can take the store's writer lock at once."""
    if url.startswith("postgresql://"):
        import psycopg

        from allegiance.store.backend import _WRITE_LOCK_KEY

        with psycopg.connect(url, autocommit=True) as conn:
            free = conn.execute("SELECT pg_try_advisory_lock(%s)", (_WRITE_LOCK_KEY,)).fetchone()[0]
            if free:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_WRITE_LOCK_KEY,))
            return bool(free)
    other = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def test_minhash_is_computed_outside_the_writer_lock(make_store, store_url, monkeypatch):
    seen: list[bool] = []
    real = NearDuplicateConfig.signature

    def watched(self, text):
        seen.append(_lock_is_free(store_url))
        return real(self, text)

    store = make_store()
    store.write_batch([(doc(article(1), "kept"), None)])
    monkeypatch.setattr(NearDuplicateConfig, "signature", watched)
    result = store.write_batch([(doc(article(i), f"d{i}"), None) for i in range(2, 6)])
    assert result.stored == 4
    assert len(seen) == 4 and all(seen)


def _blocker(path) -> sqlite3.Connection:
    """A second connection holding the writer lock (as a long batch of another process would)."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


@contextmanager
def _release_after_failures(monkeypatch, blocker: sqlite3.Connection, failures: int):
    """Let the writer lock go once ``failures`` write transactions of the store have timed out."""
    real = SQLiteDatabase.transaction
    failed: list[int] = []

    @contextmanager
    def counting(self, **options):
        try:
            with real(self, **options):
                yield
        except sqlite3.OperationalError:
            failed.append(1)
            if len(failed) == failures and blocker.in_transaction:
                blocker.execute("ROLLBACK")
            raise

    monkeypatch.setattr(SQLiteDatabase, "transaction", counting)
    yield failed


def test_a_busy_write_is_retried(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    with open_store(path, busy_timeout=0.05) as store:
        blocker = _blocker(path)
        with _release_after_failures(monkeypatch, blocker, failures=1) as failed:
            result = store.write_batch([(doc(article(1), "a"), None)])
        assert result.stored == 1 and len(failed) == 1
        blocker.close()


def test_a_write_still_busy_after_retries_raises_store_busy(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path, busy_timeout=0.05) as store:
        blocker = _blocker(path)
        with pytest.raises(StoreBusyError, match="another process"):
            store.write_batch([(doc(article(1), "a"), None)])
        blocker.close()
        assert store.status().documents == 0


def test_a_busy_batch_is_recorded_as_rejected_and_the_run_goes_on(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(article(i))
    errors = []
    with open_store(path, busy_timeout=0.05) as store:
        blocker = _blocker(path)
        attempts = getattr(store, "write_attempts", 1)  # today's code: one attempt
        with _release_after_failures(monkeypatch, blocker, failures=attempts):
            report = ingest_into_store(sorted(tmp_path.glob("*.txt")), store, extract=False,
                                       batch_size=1, on_error=errors.append)
        blocker.close()
        assert (report.read, report.stored, report.rejected) == (3, 2, 1)
        rejected = list(store.iter_rejected())
        assert len(rejected) == 1 and rejected[0].origin.endswith("0.txt")
        assert "busy" in rejected[0].message and "again" in str(errors[0])
        assert store.status().documents == 2
