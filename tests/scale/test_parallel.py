"""Parallel extraction on one machine: same output as one process, in order, streamed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from itertools import count, islice

import pytest

from allegiance.errors import WorkerError
from allegiance.model import Document
from allegiance.pipeline import ExtractionPool, PipelineOptions, ingest_into_store
from allegiance.store import open_store


def as_records(stream) -> list[tuple[str, list[dict]]]:
    return [(doc.id, [r.to_dict() for r in rels]) for doc, rels in stream]


@pytest.fixture(scope="module")
def pool2():
    """Two worker processes, small chunks (so a short corpus spans many tasks)."""
    with ExtractionPool(2, options=PipelineOptions(batch_size=4), chunk_size=8) as pool:
        pool.start()
        yield pool


@pytest.fixture(scope="module")
def one_process(own_corpus):
    with ExtractionPool(1, options=PipelineOptions(batch_size=4)) as pool:
        return as_records(pool.extract(own_corpus))


def test_two_workers_give_the_same_relations_in_the_same_order(pool2, own_corpus, one_process):
    got = as_records(pool2.extract(own_corpus))
    assert [doc_id for doc_id, _ in got] == [d.id for d in own_corpus]
    assert got == one_process
    assert sum(len(rels) for _, rels in got) > len(own_corpus)  # the corpus does hold relations


def test_pool_streams_input_lazily_with_bounded_prefetch(pool2):
    pulled = 0

    def endless():
        nonlocal pulled
        for i in count():
            pulled += 1
            yield Document.from_text(f"Spain condemned Italy over the border clashes number {i}.", id=f"e{i}")

    stream = pool2.extract(endless())
    first = list(islice(stream, 20))
    stream.close()  # stops a never-ending input; outstanding tasks are cancelled
    assert [d.id for d, _ in first] == [f"e{i}" for i in range(20)]
    # in flight at most workers * prefetch chunks, plus the one being handed out
    assert pulled <= 20 + (pool2.workers * pool2.prefetch + 1) * pool2.chunk_size


def test_pool_is_reusable_after_a_stream_is_abandoned(pool2, own_corpus, one_process):
    assert as_records(pool2.extract(own_corpus[:30])) == one_process[:30]


@pytest.mark.slow
def test_recycled_workers_give_the_same_relations(own_corpus, one_process):
    with ExtractionPool(2, options=PipelineOptions(batch_size=4), chunk_size=8, recycle_after=4) as pool:
        assert as_records(pool.extract(own_corpus)) == one_process  # 10 chunks: workers get replaced


def test_a_killed_worker_is_a_worker_error_not_a_hang(own_corpus):
    with ExtractionPool(2, options=PipelineOptions(batch_size=4), chunk_size=8) as pool:
        pool.start()
        victim = next(iter(pool._executor._processes))
        os.kill(victim, signal.SIGKILL)
        with pytest.raises(WorkerError, match="worker"):
            list(pool.extract(own_corpus))


def test_ingest_with_two_workers_stores_what_one_process_extracts(tmp_path, own_corpus_jsonl, one_process):
    with open_store(tmp_path / "w2.db") as store:
        report = ingest_into_store([own_corpus_jsonl], store, workers=2, batch_size=8)
        assert report.extracted == report.stored == 80
        stored = sorted(json.dumps(r.to_dict(), sort_keys=True) for r in store.iter_relations())
    assert report.relations == len(stored)
    assert stored == sorted(json.dumps(r, sort_keys=True) for _, rels in one_process for r in rels)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "allegiance", *args], capture_output=True, timeout=900,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"))


@pytest.mark.slow
def test_cli_extract_two_workers_prints_exactly_what_one_worker_prints(own_corpus_jsonl):
    one = _cli("extract", str(own_corpus_jsonl), "--workers", "1", "--batch-size", "4", "--quiet")
    two = _cli("extract", str(own_corpus_jsonl), "--workers", "2", "--batch-size", "4", "--quiet")
    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    assert one.stdout.count(b"\n") > 80
    assert two.stdout == one.stdout


@pytest.mark.slow
def test_cli_extract_workers_on_real_news_is_identical(shared_dir, tmp_path):
    source = shared_dir / "data" / "corpora" / "bbc_politics" / "docs.jsonl"
    if not source.is_file():
        pytest.skip("BBC politics corpus not available")
    sample = tmp_path / "bbc.jsonl"
    with open(source, encoding="utf-8") as handle:
        sample.write_text("".join(islice(handle, 24)), encoding="utf-8")
    one = _cli("extract", str(sample), "--workers", "1", "--batch-size", "4", "--quiet")
    two = _cli("extract", str(sample), "--workers", "2", "--batch-size", "4", "--quiet")
    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    assert one.stdout and two.stdout == one.stdout
