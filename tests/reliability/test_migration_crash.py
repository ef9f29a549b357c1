"""Crash during a schema migration: a store created at version 1 with documents is killed
while migrating (inside the migration transaction at every statement, and at random times
of a real ``allegiance ingest``); the rerun finishes the migration and nothing is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from crashloop import allegiance_command, run_and_kill, sqlite_count, store_contents
from allegiance.model import content_hash
from allegiance.store import LATEST_VERSION, MIGRATIONS, open_store
from allegiance.store.backend import connect, migrate, schema_version
from allegiance.store.schema import statements

#: statements run by migrating 1 -> latest, each step's schema_version insert included
STEPS_AFTER_V1 = sum(len(statements(m.sql, "sqlite")) + 1 for m in MIGRATIONS[1:])


def make_v1_store(path: Path, records: list[dict]) -> None:
    """A store at schema version 1 holding ``records`` as documents (as version 1 stored them)."""
    db = connect(path)
    try:
        assert migrate(db, target=1) == 1
        with db.transaction():
            db.executemany(
                "INSERT INTO documents (id, content_hash, text, title, date, origin) VALUES (?, ?, ?, ?, ?, ?)",
                [(r["id"], content_hash(r["text"]), r["text"], r["title"], r["date"], "v1")
                 for r in records],
            )
    finally:
        db.close()


def _version(path: Path) -> int:
    db = connect(path, create=False)
    try:
        return schema_version(db)
    finally:
        db.close()


def _migrate_and_pause(db: Path, stop_after: int, report: int) -> None:
    """Child side: open the store (migrating it) and stop after the ``stop_after``-th
    migration statement, telling the parent through the pipe ``report``."""
    from allegiance.store import backend

    migration_sql = {s for m in MIGRATIONS for s in statements(m.sql, "sqlite")}
    original = backend.SQLiteDatabase.execute
    seen = 0

    def execute(self, sql, params=()):
        nonlocal seen
        result = original(self, sql, params)
        if sql in migration_sql or sql.startswith("INSERT INTO schema_version"):
            seen += 1
            if seen == stop_after:
                os.write(report, b"paused\n")
                while True:
                    time.sleep(1)
        return result

    backend.SQLiteDatabase.execute = execute
    with open_store(db):
        os.write(report, f"done {seen}\n".encode())


def _kill_during_migration(db: Path, stop_after: int) -> str:
    """Fork a process that migrates ``db``; SIGKILL it once it pauses; return what it said."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        code = 0
        try:
            os.close(read_end)
            _migrate_and_pause(db, stop_after, write_end)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            said = pipe.readline().decode().strip()
    finally:
        os.kill(pid, signal.SIGKILL)  # mid-migration when it said "paused"; else a no-op on a zombie
        os.waitpid(pid, 0)
    return said


@pytest.mark.parametrize("stop_after", range(1, STEPS_AFTER_V1 + 1))
def test_kill_inside_the_migration_transaction_loses_nothing(tmp_path, corpus_file, stop_after):
    _, records = corpus_file(300)
    db = tmp_path / "v1.db"
    make_v1_store(db, records)
    assert _kill_during_migration(db, stop_after) == "paused"
    assert _version(db) == 1  # the half-done migration died with the process

    docs, relations, status, problems = store_contents(db)  # reopening finishes the migration
    assert status["schema_version"] == LATEST_VERSION
    assert set(docs) == {r["id"] for r in records} and set(docs.values()) == {1}
    assert problems == []
    with open_store(db) as store:
        assert store.get_document(records[7]["id"]).text == records[7]["text"]
        assert sum(len(batch) for batch in store.pending_extraction()) == len(records)


def test_an_unkilled_migration_runs_every_statement_once(tmp_path, corpus_file):
    _, records = corpus_file(20)
    db = tmp_path / "v1.db"
    make_v1_store(db, records)
    assert _kill_during_migration(db, STEPS_AFTER_V1 + 1) == f"done {STEPS_AFTER_V1}"
    assert _version(db) == LATEST_VERSION


@pytest.mark.slow
def test_killed_ingest_over_a_v1_store_resumes_without_loss(tmp_path, corpus_file):
    """Kill ``allegiance ingest --no-extract`` at random times while it migrates a v1 store
    of 1,000 documents, re-indexes them (MinHash) and adds 1,000 more; rerun to the end."""
    corpus, records = corpus_file(2000)
    db = tmp_path / "v1.db"
    make_v1_store(db, records[:1000])
    rng = random.Random()
    argv = allegiance_command("ingest", str(corpus), "--db", str(db), "--no-extract", "--quiet",
                              "--batch-size", "25")
    survived = 0
    clock = {"start": 0.0}

    def elapsed() -> int:  # milliseconds since the run started
        return int((time.monotonic() - clock["start"]) * 1000)

    for delay_ms in sorted(rng.sample(range(300, 4000), 6)):
        clock["start"] = time.monotonic()
        result = run_and_kill(argv, progress=elapsed, target=delay_ms)
        assert result.killed or result.returncode == 0, result.stderr
        survived += result.killed
        assert _version(db) in (1, LATEST_VERSION)
        assert sqlite_count(db, "SELECT COUNT(*) FROM documents") >= 1000
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    docs, _, status, problems = store_contents(db)
    print(f"migration kills survived: {survived}")
    assert set(docs) == {r["id"] for r in records} and set(docs.values()) == {1}
    assert status["duplicates"] == 0 and status["schema_version"] == LATEST_VERSION
    assert problems == []
    with open_store(db) as store:  # every kept long document is in the near-duplicate index
        long_docs = sum(1 for r in records if len(r["text"].split()) >= 50)
        assert store._conn.scalar("SELECT COUNT(*) FROM minhash") == long_docs
