"""Concurrency on one SQLite store: two ingest processes writing at once, and readers
(store queries, the web app's API) while an ingest writes. No "database is locked"
failure, no lost or doubled rows."""

from __future__ import annotations

import subprocess
import threading
import time

import pytest

from crashloop import allegiance_command, store_contents
from allegiance.errors import StoreError
from allegiance.model import Document
from allegiance.store import open_store


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(allegiance_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(procs: list[subprocess.Popen]) -> list[str]:
    errors = []
    for proc in procs:
        _, err = proc.communicate(timeout=900)
        text = err.decode("utf-8", "replace")
        assert proc.returncode == 0, text
        assert "locked" not in text.lower(), text
        errors.append(text)
    return errors


@pytest.mark.slow
def test_two_ingests_of_overlapping_corpora_at_once(tmp_path, corpus_file):
    """Two ``ingest --no-extract`` (1,500 documents each, 1,000 shared) start together on a
    store that does not exist yet; small batches make their transactions interleave."""
    whole, records = corpus_file(2000)
    first = tmp_path / "first.jsonl"
    second = tmp_path / "second.jsonl"
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    first.write_text("".join(lines[:1500]), encoding="utf-8")
    second.write_text("".join(reversed(lines[500:])), encoding="utf-8")
    db = tmp_path / "store.db"
    procs = [_start("ingest", str(path), "--db", str(db), "--no-extract", "--quiet", "--batch-size", "10")
             for path in (first, second)]
    _finish(procs)
    docs, _, status, problems = store_contents(db)
    assert set(docs) == {r["id"] for r in records} and set(docs.values()) == {1}
    assert status["documents"] == 2000 and status["duplicates"] == 0
    assert problems == []


@pytest.mark.slow
def test_two_extracting_ingests_store_each_relation_once(tmp_path, corpus_file):
    """Two ``ingest`` runs with extraction (200 documents each, 100 shared) at once: both may
    extract the shared documents; each relation is stored once, as a clean run finds it."""
    from allegiance.pipeline import extract_documents

    whole, records = corpus_file(300)
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:200]), encoding="utf-8")
    second.write_text("".join(lines[100:]), encoding="utf-8")
    db = tmp_path / "store.db"
    procs = [_start("ingest", str(path), "--db", str(db), "--quiet", "--batch-size", "8", "--workers", "1")
             for path in (first, second)]
    documents = [Document(id=r["id"], text=r["text"], title=r["title"], date=r["date"]) for r in records]
    reference = {rel.key for _, rels in extract_documents(documents) for rel in rels}
    _finish(procs)
    docs, relations, status, problems = store_contents(db)
    assert set(docs) == {r["id"] for r in records}
    assert set(relations.values()) == {1}
    assert set(relations) == reference
    assert status["relations"] == len(reference)
    assert problems == []


def _reader_loop(db, stop: threading.Event, seen: dict, failures: list) -> None:
    """Open the store again and again and query it until ``stop`` is set."""
    last = 0
    while not stop.is_set():
        try:
            with open_store(db, create=False) as store:
                documents = store.status().documents
                assert documents >= last, "the document count went down"
                last = documents
                relations = sum(1 for _ in store.iter_relations())
                if documents:
                    store.get_document(next(store.iter_documents()).id)
                seen["queries"] = seen.get("queries", 0) + 1
                seen["relations"] = max(seen.get("relations", 0), relations)
        except StoreError as exc:
            if "no store at" in str(exc):  # the writer has not created it yet
                time.sleep(0.02)
                continue
            failures.append(str(exc))
        except AssertionError as exc:
            failures.append(str(exc))


@pytest.mark.slow
def test_store_reader_while_an_ingest_writes(tmp_path, corpus_file):
    corpus, records = corpus_file(1500)
    db = tmp_path / "store.db"
    proc = _start("ingest", str(corpus), "--db", str(db), "--no-extract", "--quiet", "--batch-size", "10")
    stop, seen, failures = threading.Event(), {}, []
    readers = [threading.Thread(target=_reader_loop, args=(db, stop, seen, failures)) for _ in range(2)]
    for thread in readers:
        thread.start()
    try:
        _finish([proc])
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=120)
    assert failures == []
    assert seen.get("queries", 0) > 5
    docs, _, status, problems = store_contents(db)
    assert len(docs) == len(records) and problems == []


@pytest.mark.slow
def test_web_api_reads_while_an_ingest_writes(tmp_path, corpus_file):
    """The web app's JSON API answers (no 5xx, no "locked") while an ingest with extraction writes."""
    pytest.importorskip("allegiance.web.app", reason="the web app is not built")
    from fastapi.testclient import TestClient

    from allegiance.web.app import create_app

    corpus, records = corpus_file(400)
    db = tmp_path / "store.db"
    open_store(db).close()  # the app reads an existing store
    proc = _start("ingest", str(corpus), "--db", str(db), "--quiet", "--batch-size", "8", "--workers", "1")
    statuses: dict[int, int] = {}
    bodies: list[str] = []
    documents_seen = 0
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:  # an allowed host
        while proc.poll() is None:
            for path in ("/api/status", "/api/relations?limit=50", "/api/actors", "/api/graph"):
                response = client.get(path)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code != 200:
                    bodies.append(f"{path}: {response.status_code} {response.text[:300]}")
                elif path == "/api/status":
                    now = response.json()["documents"]
                    assert now >= documents_seen
                    documents_seen = now
        _finish([proc])
        final = client.get("/api/status").json()
    assert bodies == [], bodies[:5]
    assert sum(statuses.values()) > 8
    assert final["documents"] == len(records)
    _, relations, status, problems = store_contents(db)
    assert final["relations"] == status["relations"] == sum(relations.values()) > 0
    assert problems == []
