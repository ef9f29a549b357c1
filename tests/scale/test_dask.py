"""Extraction on a Dask LocalCluster (2 single-threaded worker processes on loopback)."""

from __future__ import annotations

import json

import pytest

from allegiance.distributed import extract_pending_with_dask, extract_with_dask, worker_store_url
from allegiance.errors import ConfigError
from allegiance.pipeline import ExtractionPool, PipelineOptions, ingest_into_store
from allegiance.store import open_store

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def single_process(own_corpus):
    """The reference: every relation of the corpus, extracted in this process."""
    with ExtractionPool(1) as pool:
        return [(doc.id, [r.to_dict() for r in rels]) for doc, rels in pool.extract(own_corpus)]


def rows(relations) -> list[str]:
    return sorted(json.dumps(r if isinstance(r, dict) else r.to_dict(), sort_keys=True) for r in relations)


def test_extract_with_dask_is_ordered_and_identical(client, own_corpus, single_process):
    got = [(doc.id, [r.to_dict() for r in rels])
           for doc, rels in extract_with_dask(own_corpus, client, partition_size=8, in_flight=3)]
    assert got == single_process
    assert sum(len(r) for _, r in got) > len(own_corpus)


def test_ingest_on_dask_stores_the_single_process_relations_sqlite(client, tmp_path, own_corpus_jsonl,
                                                                   single_process):
    db = tmp_path / "dask.db"
    with open_store(db) as store:
        report = ingest_into_store([own_corpus_jsonl], store, dask=client, store_url=str(db), batch_size=16)
        assert report.stored == report.extracted == 80
        assert list(store.pending_extraction()) == []
        stored = rows(store.iter_relations())
        assert report.relations == len(stored)
        again = ingest_into_store([own_corpus_jsonl], store, dask=client, store_url=str(db))
        assert (again.stored, again.extracted, again.relations) == (0, 0, 0)
    assert stored == rows(r for _, rels in single_process for r in rels)


def test_dask_resumes_what_is_pending(client, tmp_path, own_corpus, single_process):
    db = tmp_path / "resume.db"
    with open_store(db) as store:
        store.write_batch([(doc, None) for doc in own_corpus])
        half = own_corpus[:30]  # as if a crash came after these were extracted
        with ExtractionPool(1) as pool:
            store.write_batch(list(pool.extract(half)))
        seen = []
        result = extract_pending_with_dask(store, client, store_url=db, partition_size=10,
                                           on_progress=lambda d, r: seen.append(d))
        assert (result.documents, result.partitions) == (50, 5)
        assert seen[-1] == 50 and seen == sorted(seen)
        assert rows(store.iter_relations()) == rows(r for _, rels in single_process for r in rels)


@pytest.mark.slow
def test_ingest_on_dask_into_postgresql(client, postgres_url, own_corpus_jsonl, single_process):
    import psycopg

    schema = "scale_dask_test"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{postgres_url}{'&' if '?' in postgres_url else '?'}options=-csearch_path%3D{schema}"
    with open_store(url) as store:
        report = ingest_into_store([own_corpus_jsonl], store, dask=client, store_url=url, batch_size=16)
        assert report.extracted == 80
        assert rows(store.iter_relations()) == rows(r for _, rels in single_process for r in rels)


@pytest.mark.parametrize("url", [":memory:", "sqlite:///:memory:", ""])
def test_in_memory_store_cannot_go_to_workers(url):
    with pytest.raises(ConfigError, match="in-memory"):
        worker_store_url(url)


def test_store_paths_become_absolute_and_urls_stay(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert worker_store_url("news.db") == str(tmp_path / "news.db")
    assert worker_store_url("sqlite:///news.db") == str(tmp_path / "news.db")
    assert worker_store_url("postgresql://u@h:5/d") == "postgresql://u@h:5/d"


def test_bad_partition_size_is_a_config_error(client, own_corpus):
    with pytest.raises(ConfigError):
        list(extract_with_dask(own_corpus, client, partition_size=0))
    with pytest.raises(ConfigError):
        list(extract_with_dask(own_corpus, client, options=PipelineOptions(), in_flight=0))


def test_cli_ingest_dask_with_in_memory_store_is_a_usage_error_before_any_work(tmp_path):
    import subprocess
    import sys

    text = tmp_path / "a.txt"
    text.write_text("Britain formed an alliance with France.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "allegiance", "ingest", str(text), "--db", ":memory:",
                           "--dask", "local", "--quiet"], capture_output=True, timeout=300)
    assert done.returncode == 2
    assert done.stderr.decode().strip().splitlines() == [
        "error: an in-memory store cannot be shared with Dask workers; give --db a file path or a postgresql:// URL"
    ]
