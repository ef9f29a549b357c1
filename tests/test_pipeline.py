"""allegiance.pipeline: batching, options, the in-process path of the pool, ingest resume."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.errors import ConfigError
from allegiance.model import Document
from allegiance.pipeline import (
    ExtractionPool,
    PipelineOptions,
    batched,
    default_workers,
    extract_documents,
    extract_from_sources,
    ingest_into_store,
)
from allegiance.store import open_store

TEXTS = [
    "Britain formed an alliance with France in order to counteract Germany.",
    "Officials from Japan met their counterparts from Brazil.",
    "Poland condemned Russia over the border clashes.",
]


def docs(n: int = 3) -> list[Document]:
    return [Document.from_text(TEXTS[i % len(TEXTS)], id=f"d{i}") for i in range(n)]


@given(st.lists(st.integers(), max_size=60), st.integers(min_value=1, max_value=9))
def test_batched_keeps_order_and_sizes(items, size):
    chunks = list(batched(items, size))
    assert [x for chunk in chunks for x in chunk] == items
    assert all(len(chunk) == size for chunk in chunks[:-1])
    assert all(1 <= len(chunk) <= size for chunk in chunks)


def test_batched_is_lazy():
    def endless():
        n = 0
        while True:
            yield n
            n += 1

    assert next(batched(endless(), 3)) == [0, 1, 2]


def test_default_workers_is_every_core():
    import os

    assert default_workers() == max(1, os.cpu_count() or 1)


def test_pipeline_options_make_actor_path_absolute_and_check_batch_size(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert PipelineOptions(actors_path="mine.yaml").actors_path == str(tmp_path / "mine.yaml")
    assert PipelineOptions().actors_path is None
    with pytest.raises(ConfigError, match="batch size"):
        PipelineOptions(batch_size=0)


@settings(max_examples=20, deadline=None)
@given(st.text(alphabet="abc/._", min_size=1, max_size=12).filter(lambda s: s.strip("/")))
def test_pipeline_options_are_hashable_and_equal_by_value(name):
    a, b = PipelineOptions(actors_path=name), PipelineOptions(actors_path=name)
    assert a == b and hash(a) == hash(b)
    assert Path(a.actors_path).is_absolute()


@pytest.mark.parametrize("kwargs", [{"workers": 0}, {"workers": 2, "prefetch": 0}, {"workers": 2, "chunk_size": -1},
                                    {"workers": 2, "recycle_after": 0}])
def test_pool_rejects_bad_sizes(kwargs):
    with pytest.raises(ConfigError):
        ExtractionPool(**kwargs)


def test_pool_one_worker_extracts_in_order():
    with ExtractionPool(1) as pool:
        out = [(d.id, [(r.source.text, r.sign.value, r.target.text) for r in rels]) for d, rels in pool.extract(docs(4))]
    assert [doc_id for doc_id, _ in out] == ["d0", "d1", "d2", "d3"]
    assert ("Britain", 1, "France") in out[0][1]
    assert out[1][1] == []  # a meeting is not a relation
    assert ("Poland", -1, "Russia") in out[2][1]


def test_pool_with_one_chunk_of_input_starts_no_process():
    with ExtractionPool(2, chunk_size=8) as pool:
        got = [(d.id, len(r)) for d, r in pool.extract(docs(5))]
        assert pool._executor is None
    with ExtractionPool(1) as pool:
        assert got == [(d.id, len(r)) for d, r in pool.extract(docs(5))]


def test_pool_sends_small_tasks_but_runs_one_batch_of_input_here():
    from allegiance.run.executor import WORKER_CHUNK_DOCUMENTS
    from allegiance.run.options import PipelineOptions

    pool = ExtractionPool(2)  # default: small tasks (both workers busy to the end), one batch in this process
    assert pool.chunk_size == WORKER_CHUNK_DOCUMENTS < pool.options.batch_size
    assert ExtractionPool(2, options=PipelineOptions(batch_size=4)).chunk_size == 4
    with ExtractionPool(2, options=PipelineOptions(batch_size=12)) as pool:
        got = [(d.id, len(r)) for d, r in pool.extract(docs(12))]  # two tasks' worth, one batch
        assert pool._executor is None
    with ExtractionPool(1) as pool:
        assert got == [(d.id, len(r)) for d, r in pool.extract(docs(12))]


def test_pool_of_empty_input_yields_nothing():
    with ExtractionPool(2) as pool:
        assert list(pool.extract([])) == []
        assert pool._executor is None


def test_extract_documents_matches_the_pool():
    assert [len(r) for _, r in extract_documents(docs(3))] == [len(r) for _, r in ExtractionPool(1).extract(docs(3))]


def test_extract_from_sources_counts_progress(tmp_path):
    for i, text in enumerate(TEXTS):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    seen = []
    out = list(extract_from_sources([tmp_path], on_progress=seen.append, workers=2))
    assert len(out) == 3 and seen == [1, 2, 3]


def test_ingest_extracts_pending_documents_after_no_extract(tmp_path):
    for i, text in enumerate(TEXTS):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    with open_store(db) as store:
        first = ingest_into_store([tmp_path], store, extract=False)
        assert (first.stored, first.extracted, first.relations) == (3, 0, 0)
        assert sum(len(b) for b in store.pending_extraction()) == 3
        second = ingest_into_store([tmp_path], store, workers=1)
        assert (second.stored, second.skipped_existing, second.extracted) == (0, 3, 3)
        assert second.relations >= 2
        assert list(store.pending_extraction()) == []
        third = ingest_into_store([tmp_path], store)
        assert (third.stored, third.extracted, third.relations) == (0, 0, 0)


def test_ingest_with_dask_needs_a_shareable_store(tmp_path):
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    with open_store(":memory:") as store:
        with pytest.raises(ConfigError, match="in-memory"):
            ingest_into_store([tmp_path], store, dask=object(), store_url=":memory:")
        with pytest.raises(ConfigError, match="URL"):
            ingest_into_store([tmp_path], store, dask=object())
        assert store.status().documents == 0  # failed before reading anything
