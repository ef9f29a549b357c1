"""Bounded extraction memory: long documents parsed in parts, batches capped in characters,
and a document that runs out of memory rejected while its siblings are extracted (issue 16, finding 7)."""

from __future__ import annotations

import json
import pickle
from importlib import resources

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from allegiance.errors import ConfigError, InputError
from allegiance.model import Document
from allegiance.nlp.limits import TextLimits, bounded_batches, text_parts
from allegiance.pipeline import ExtractionPool, PipelineOptions, delivered, ingest_into_store
from allegiance.run.worker import extract_chunk as _extract_chunk
from allegiance.relations import component
from allegiance.relations.pipeline import build_pipeline, extract_relations
from allegiance.store import open_store

LIMITS = TextLimits(max_part_chars=6_000, max_batch_chars=12_000)
BOOM = "BOOM-OUT-OF-MEMORY"


def demo_paragraphs() -> list[str]:
    """The bundled demo corpus's article texts: real political prose the project ships."""
    corpus = resources.files("allegiance.demo").joinpath("corpus.jsonl").read_text(encoding="utf-8")
    return [json.loads(line)["text"] for line in corpus.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="module")
def long_text() -> str:
    """~45 KB of paragraphs, so that the 6,000-character limit cuts it into several parts."""
    return "\n\n".join(demo_paragraphs())


def shifted_dicts(relations, delta: int) -> list[dict]:
    out = []
    for relation in relations:
        record = relation.to_dict()
        for side in ("source", "target", "evidence"):
            record[side]["start"] += delta
            record[side]["end"] += delta
        out.append(record)
    return out


# ---- splitting and batching are pure functions ---------------------------------------------

@given(st.text(alphabet=st.sampled_from("ab .\n?X"), max_size=400), st.integers(min_value=1, max_value=60))
def test_text_parts_cover_the_text_exactly_within_the_limit(text, limit):
    spans = text_parts(text, limit)
    assert "".join(text[start:end] for start, end in spans) == text
    assert all(end - start <= limit for start, end in spans)
    assert all(end > start for start, end in spans) or text == ""
    assert [start for start, _ in spans[1:]] == [end for _, end in spans[:-1]]


def test_text_parts_prefer_paragraphs_then_sentences():
    text = "A" * 700 + ".\n\n" + "Mr. Smith met Dr. Jones in the hall. " * 20
    assert text_parts(text, 1000)[0] == (0, 703)
    text = "Mr. Smith met Dr. Jones in the hall. " * 60
    for start, end in text_parts(text, 1000)[:-1]:
        assert text[start:end].endswith("hall. "), "a cut after an abbreviation splits a sentence"


@given(st.lists(st.text(max_size=30), max_size=40), st.integers(min_value=1, max_value=6),
       st.integers(min_value=1, max_value=50))
def test_bounded_batches_keep_order_and_both_caps(items, max_items, max_chars):
    batches = list(bounded_batches(items, max_items, max_chars))
    assert [x for batch in batches for x in batch] == items
    for batch in batches:
        assert 1 <= len(batch) <= max_items
        assert len(batch) == 1 or sum(map(len, batch)) <= max_chars


def test_limits_are_checked_up_front():
    with pytest.raises(ConfigError):
        TextLimits(max_part_chars=10)
    with pytest.raises(ConfigError):
        PipelineOptions(max_batch_chars=0)


# ---- a long document is parsed in parts, offsets into the full text -------------------------

def test_long_document_is_parsed_in_parts_with_offsets_into_the_full_text(nlp, long_text, monkeypatch):
    assert len(long_text) > 5 * LIMITS.max_part_chars
    title = "Alliances and wars of a century"
    document = Document.from_text(long_text, id="long", date="2001-01-01", title=title)
    parsed: list[int] = []
    make_doc = nlp.make_doc
    monkeypatch.setattr(nlp, "make_doc", lambda text: parsed.append(len(text)) or make_doc(text))

    [(out_doc, relations)] = list(extract_relations([document], nlp=nlp, limits=LIMITS))

    assert out_doc is document
    assert len(parsed) > 5 and max(parsed) <= LIMITS.max_part_chars
    assert len(relations) > 50
    for relation in relations:
        assert relation.doc_id == "long" and relation.date == "2001-01-01"
        assert long_text[relation.evidence.start:relation.evidence.end] == relation.evidence.sentence
        for mention in (relation.source, relation.target):
            assert long_text[mention.start:mention.end] == mention.text
    # the same as extracting each part as a document of its own (the first with the headline)
    monkeypatch.undo()
    expected = []
    for k, (start, end) in enumerate(text_parts(long_text, LIMITS.max_part_chars - len(title) - 3)):
        part = Document(id="long", text=long_text[start:end], date="2001-01-01", title=title if k == 0 else None)
        [(_, part_relations)] = list(extract_relations([part], nlp=nlp, limits=LIMITS))
        expected += shifted_dicts(part_relations, start)
    assert [r.to_dict() for r in relations] == expected


def test_no_spacy_batch_holds_more_than_the_character_cap(nlp, monkeypatch):
    texts = demo_paragraphs()[:40]
    seen: list[list[int]] = []
    original = component.RelationExtractor.pipe

    def spy(self, docs, batch_size=128):
        docs = list(docs)
        seen.append([len(doc.text) for doc in docs])
        return original(self, docs, batch_size=batch_size)

    monkeypatch.setattr(component.RelationExtractor, "pipe", spy)
    limits = TextLimits(max_part_chars=2_000, max_batch_chars=2_500)
    documents = [Document.from_text(text, id=str(i)) for i, text in enumerate(texts)]
    out = list(extract_relations(documents, nlp=nlp, batch_size=32, limits=limits))
    assert [d.id for d, _ in out] == [d.id for d in documents]
    assert len(seen) > 3
    assert all(len(batch) == 1 or sum(batch) <= limits.max_batch_chars for batch in seen)


def test_pool_chunks_are_capped_in_characters():
    options = PipelineOptions(max_batch_chars=5_000)
    documents = [Document.from_text("Unite backed Corbyn. " * 100, id=str(i)) for i in range(7)]
    chunks = list(options.chunks(documents, 32))
    assert [len(c) for c in chunks] == [2, 2, 2, 1]


# ---- running out of memory on one document ---------------------------------------------------

@pytest.fixture(params=["MemoryError", "numpy ArrayMemoryError"])
def explode_on_marker(request, monkeypatch):
    """The relation stage runs out of memory on any text holding BOOM (alone or in a batch)."""
    original = component.RelationExtractor.__call__

    def call(self, doc):
        if BOOM in doc.text:
            if request.param == "MemoryError":
                raise MemoryError()
            numpy.empty(1 << 62, dtype=numpy.uint8)  # really raises numpy's _ArrayMemoryError
        return original(self, doc)

    monkeypatch.setattr(component.RelationExtractor, "__call__", call)
    return request.param


def sibling_docs() -> list[Document]:
    return [
        Document.from_text("Britain formed an alliance with France.", id="good-1"),
        Document.from_text(f"Russia condemned Ukraine. {BOOM}", id="bad", origin="big.txt"),
        Document.from_text("Unite backed Corbyn.", id="good-2"),
    ]


def test_out_of_memory_document_is_rejected_and_siblings_extracted(nlp, explode_on_marker):
    errors: list[InputError] = []
    out = list(extract_relations(sibling_docs(), nlp=nlp, batch_size=8, on_error=errors.append))
    assert [(d.id, len(rels)) for d, rels in out] == [("good-1", 1), ("good-2", 1)]
    [error] = errors
    assert error.path == "big.txt" and "document bad" in str(error) and "out of memory" in str(error)


def test_out_of_memory_without_a_handler_is_an_input_error(nlp, explode_on_marker):
    with pytest.raises(InputError, match="out of memory"):
        list(extract_relations(sibling_docs(), nlp=nlp))


def test_out_of_memory_in_a_worker_chunk_keeps_its_path_across_processes(explode_on_marker):
    outcomes = pickle.loads(pickle.dumps(_extract_chunk(sibling_docs(), PipelineOptions())))
    errors: list[InputError] = []
    kept = list(delivered(zip(sibling_docs(), outcomes), errors.append))
    assert [d.id for d, _ in kept] == ["good-1", "good-2"]
    assert errors[0].path == "big.txt"


def test_ingest_records_the_out_of_memory_document_as_rejected(tmp_path, explode_on_marker):
    for document in sibling_docs():
        (tmp_path / f"{document.id}.txt").write_text(document.text, encoding="utf-8")
    with open_store(str(tmp_path / "t.db")) as store:
        report = ingest_into_store([str(tmp_path)], store, workers=1)
        status = store.status()
    assert report.rejected == 1 and report.extracted == 2 and report.relations == 2
    assert status.rejected == 1


def test_cli_extract_out_of_memory_exit_1_siblings_printed(tmp_path, explode_on_marker):
    from allegiance.cli.app import app

    for document in sibling_docs():
        (tmp_path / f"{document.id}.txt").write_text(document.text, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--workers", "1", "--quiet"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "bad.txt" in result.stderr and "out of memory" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    printed = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert sorted(r["source"]["mention"] for r in printed) == ["Britain", "Unite"]


def test_pool_of_one_passes_failures_to_on_error(explode_on_marker):
    errors: list[InputError] = []
    with ExtractionPool(workers=1) as pool:
        kept = [d.id for d, _ in pool.extract(sibling_docs(), errors.append)]
    assert kept == ["good-1", "good-2"] and len(errors) == 1


def test_partless_short_documents_are_untouched_by_the_limits(nlp):
    documents = [Document.from_text(text, id=str(i)) for i, text in enumerate(demo_paragraphs()[:12])]
    loose = TextLimits(max_part_chars=10**9, max_batch_chars=10**9)
    default = [[r.to_dict() for r in rels] for _, rels in extract_relations(documents, nlp=nlp)]
    unbounded = [[r.to_dict() for r in rels] for _, rels in extract_relations(documents, nlp=nlp, limits=loose)]
    assert default == unbounded
