"""Pending work is claimed: concurrent extractors split it; a dead extractor's claims come back."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from allegiance.store import LATEST_VERSION, open_store
from allegiance.store.backend import connect, migrate
from store_helpers import article, doc


def _fill(store, n: int) -> list[str]:
    store.write_batch([(doc(article(i), f"d{i:02d}"), None) for i in range(n)])
    return [f"d{i:02d}" for i in range(n)]


def _extract_with(store, taken: list[str], batch_size: int = 2, between=lambda: None) -> None:
    """A cheap fake extractor: take each pending batch, 'extract' it (no relations), store it."""
    for batch in store.pending_extraction(batch_size=batch_size):
        taken.extend(d.id for d in batch)
        between()
        store.write_batch([(d, []) for d in batch])


def test_two_interleaved_extractors_take_disjoint_halves(make_store):
    first, second = make_store(), make_store()
    ids = _fill(first, 14)
    a_taken: list[str] = []
    b_taken: list[str] = []
    a = first.pending_extraction(batch_size=2)
    b = second.pending_extraction(batch_size=2)
    for _ in range(3):  # alternate: each claims a batch while the other's claim is still open
        a_taken.extend(d.id for d in next(a))
        b_taken.extend(d.id for d in next(b))
    a_taken.extend(d.id for batch in a for d in batch)
    b_taken.extend(d.id for batch in b for d in batch)
    assert not set(a_taken) & set(b_taken)
    assert sorted(a_taken + b_taken) == ids


def test_two_threads_extracting_at_once_do_each_document_once(store_url):
    with open_store(store_url) as store:
        ids = _fill(store, 12)
    taken: list[list[str]] = [[], []]
    both_claimed = threading.Barrier(2, timeout=30)

    def extractor(mine: list[str]) -> None:
        waited = []

        def after_first_batch() -> None:  # both hold a claim before either writes
            if not waited:
                waited.append(both_claimed.wait())

        with open_store(store_url) as own:  # its own connection, in its own thread
            _extract_with(own, mine, between=after_first_batch)

    threads = [threading.Thread(target=extractor, args=(mine,)) for mine in taken]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not set(taken[0]) & set(taken[1])
    assert sorted(taken[0] + taken[1]) == ids and taken[0] and taken[1]
    with open_store(store_url) as store:
        assert list(store.pending_extraction()) == []


def test_a_claim_holds_until_its_lease_ends(make_store):
    store = make_store()
    ids = _fill(store, 4)
    with store._conn.transaction():
        store._conn.execute("UPDATE documents SET claimed_by = 'elsewhere:1:x', claimed_until = ? "
                            "WHERE id IN ('d00', 'd01')", (1e12,))
        store._conn.execute("UPDATE documents SET claimed_by = 'elsewhere:2:y', claimed_until = ? "
                            "WHERE id IN ('d02')", (1.0,))  # lease long over
    other = make_store()
    assert [d.id for b in other.pending_extraction() for d in b] == ids[2:]


def test_claims_of_a_dead_process_are_taken_over(tmp_path):
    path = tmp_path / "s.db"
    script = (
        "import sys, os\n"
        "from allegiance.store import open_store\n"
        "store = open_store(sys.argv[1])\n"
        "batches = store.pending_extraction(batch_size=2)\n"
        "print(len(next(batches)), flush=True)\n"
        "os._exit(0)  # dies holding its claim, like a SIGKILLed ingest\n"
    )
    with open_store(path) as store:
        ids = _fill(store, 4)
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.strip() == "2", out.stderr
    with open_store(path) as store:
        claimed = store._conn.scalar("SELECT COUNT(*) FROM documents WHERE claimed_by IS NOT NULL")
        assert claimed == 2  # the dead process's claim is still recorded ...
        assert [d.id for b in store.pending_extraction() for d in b] == ids  # ... and taken over


def test_closing_a_store_gives_its_claims_back(make_store):
    first = make_store()
    ids = _fill(first, 4)
    next(first.pending_extraction(batch_size=2))
    second = make_store()
    assert [d.id for b in second.pending_extraction() for d in b] == ids[2:]
    first.close()
    third = make_store()
    assert [d.id for b in third.pending_extraction() for d in b] == ids[:2]


def test_a_store_of_schema_3_is_migrated_with_its_pending_documents(store_url):
    db = connect(store_url)
    assert migrate(db, target=3) == 3  # the schema as released before claims
    with db.transaction():
        old = (doc(article(1), "old1"), doc(article(2), "old2"))
        db.executemany("INSERT INTO documents (id, content_hash, text) VALUES (?, ?, ?)",
                       [(d.id, d.content_hash, d.text) for d in old])
        db.execute("UPDATE documents SET extracted = 1 WHERE id = 'old2'")
    db.close()
    with open_store(store_url) as store:
        assert store.status().schema_version == LATEST_VERSION == 4
        assert [d.id for b in store.pending_extraction() for d in b] == ["old1"]
        assert store.write_batch([(store.get_document("old1"), [])]).skipped_existing == 1
        assert list(store.pending_extraction()) == []
        assert store.integrity_problems() == []


def test_two_concurrent_ingests_split_the_pending_documents_and_count_truthfully(store_url, monkeypatch):
    from allegiance.pipeline import ExtractionPool, ingest_into_store

    with open_store(store_url) as store:
        ids = _fill(store, 12)
    both_claimed = threading.Barrier(2, timeout=30)
    taken: dict[str, list[str]] = {}

    def fake_extract(self, documents, on_error=None):  # a cheap extractor: no relations, records who did what
        mine = taken.setdefault(threading.current_thread().name, [])
        for document in documents:
            mine.append(document.id)
            if len(mine) == 1:
                both_claimed.wait()  # both runs hold a claim before either stores anything
            yield document, []

    monkeypatch.setattr(ExtractionPool, "extract", fake_extract)
    reports = {}

    def run(name: str) -> None:
        with open_store(store_url) as own:
            reports[name] = ingest_into_store([], own, batch_size=2, workers=1)

    threads = [threading.Thread(target=run, args=(name,), name=name) for name in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not set(taken["a"]) & set(taken["b"])
    assert sorted(taken["a"] + taken["b"]) == ids
    assert reports["a"].extracted == len(taken["a"]) and reports["b"].extracted == len(taken["b"])
    assert reports["a"].extracted + reports["b"].extracted == len(ids)


def test_claims_of_an_ended_postgresql_session_are_taken_over(backend, make_store, store_url):
    if backend != "postgresql":
        pytest.skip("the SQLite counterpart is test_claims_of_a_dead_process_are_taken_over")
    import psycopg

    first = make_store()
    ids = _fill(first, 4)
    next(first.pending_extraction(batch_size=2))
    backend_pid = first._conn._conn.info.backend_pid
    with psycopg.connect(store_url, autocommit=True) as admin:  # the session dies, as with a crashed client
        admin.execute("SELECT pg_terminate_backend(%s)", (backend_pid,))
        for _ in range(200):  # the server drops it from pg_stat_activity as it exits
            if not admin.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %s",
                                 (backend_pid,)).fetchone()[0]:
                break
            time.sleep(0.05)
    second = make_store()
    assert [d.id for b in second.pending_extraction() for d in b] == ids
