"""build_pipeline / extract_relations: streaming, order, ids, dates, the JSONL contract, limits."""

from __future__ import annotations

import json

import pytest

from allegiance.model import Document, Relation
from allegiance.relations import ExtractorConfig, build_pipeline, extract_relations, find_relations
from allegiance.relations.extract import NOTES_KEY
from allegiance.relations.testing import annotate


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline()


def test_pipeline_ends_with_the_relation_component(pipeline):
    assert pipeline.pipe_names[-1] == "allegiance_relations"
    assert "parser" in pipeline.pipe_names


def test_extract_relations_streams_in_order_with_ids_and_dates(pipeline):
    docs = [
        Document.from_text("Britain formed an alliance with France.", id="a", date="1904-04-08"),
        Document.from_text("Nothing political happens here.", id="b"),
        Document.from_text("Harris was defeated by Trump.", id="c", date="2024-11-06"),
    ]
    out = list(extract_relations(iter(docs), nlp=pipeline, batch_size=2))
    assert [d.id for d, _ in out] == ["a", "b", "c"]
    assert out[1][1] == []
    for document, rels in out:
        for r in rels:
            assert r.doc_id == document.id
            assert r.date == document.date
            assert document.text[r.evidence.start:r.evidence.end] == r.evidence.sentence
            assert document.text[r.source.start:r.source.end] == r.source.text
            assert document.text[r.target.start:r.target.end] == r.target.text


def test_relations_serialise_to_the_extract_contract(pipeline):
    doc = Document.from_text("Last Friday, Moscow announced a joint narcotics raid with US forces.", id="a01",
                             date="2010-11-18")
    [(_, rels)] = list(extract_relations([doc], nlp=pipeline))
    assert rels, "the joint raid must give a relation"
    d = json.loads(json.dumps(rels[0].to_dict()))
    assert set(d) == {"doc_id", "date", "source", "target", "sign", "type", "directed", "time", "negated",
                      "confidence", "evidence"}
    assert set(d["source"]) == {"id", "name", "kind", "mention", "start", "end"}
    assert d["sign"] == 1 and d["type"] == "cooperate" and d["directed"] is False and d["time"] == "current"
    assert 0.0 < d["confidence"] <= 1.0
    back = Relation.from_dict(d)
    assert back.key == rels[0].key


def test_very_long_sentence_is_skipped_with_a_note(nlp_model):
    text = "Britain formed an alliance with France " + ", and then " * 200 + "."
    doc = annotate(nlp_model, text, ["Britain", "France"])
    rels = find_relations(doc, config=ExtractorConfig(max_sentence_tokens=50))
    assert rels == []
    assert any("max_sentence_tokens" in n for n in doc.user_data[NOTES_KEY])


def test_doc_without_actor_spans_gives_nothing(nlp_model):
    assert find_relations(nlp_model("Britain formed an alliance with France.")) == []


def test_component_config_is_passed_through():
    nlp = build_pipeline(max_sentence_tokens=5)
    assert nlp.get_pipe("allegiance_relations").config.max_sentence_tokens == 5
    doc = nlp("Britain formed an alliance with France, which pleased Paris a lot.")
    assert doc._.relations == []


def test_extract_relations_builds_its_own_pipeline_when_none_given():
    [(_, rels)] = list(extract_relations([Document.from_text("Iraq invaded Kuwait.", id="x")]))
    assert [(r.type.value, int(r.sign)) for r in rels] == [("attack", -1)]


def test_one_relation_per_sentence_pair_and_sign(nlp_model):
    doc = annotate(nlp_model, "Khan defeated and opposed Dar.", ["Khan", "Dar"])
    rels = find_relations(doc)
    assert len({(r.source.actor.id, r.target.actor.id, int(r.sign)) for r in rels}) == len(rels)
    assert rels[0].type.value == "defeat"  # the most specific type is kept


@pytest.mark.slow
def test_worker_processes_keep_order_and_relations(pipeline):
    texts = ["Britain formed an alliance with France.", "Iraq invaded Kuwait.", "Nothing here."] * 2
    docs = [Document.from_text(t, id=f"d{i}") for i, t in enumerate(texts)]
    serial = [(d.id, [r.to_dict() for r in rels]) for d, rels in extract_relations(docs, nlp=pipeline)]
    parallel = [(d.id, [r.to_dict() for r in rels])
                for d, rels in extract_relations(iter(docs), nlp=pipeline, n_process=2, batch_size=2)]
    assert parallel == serial


def test_doc_without_a_parse_is_a_clear_error():
    import spacy

    from allegiance.errors import ConfigError

    doc = spacy.blank("en")("Britain formed an alliance with France.")
    with pytest.raises(ConfigError, match="dependency parse"):
        find_relations(doc)
    assert find_relations(spacy.blank("en")("")) == []


def test_a_title_line_ends_its_sentence_without_a_full_stop(pipeline):
    title = "Wikipedia current events, politics and elections, week of 19 November 2012, part 1 of 2"
    body = "Britain formed an alliance with France."
    doc = pipeline(f"{title}\n\n{body}")
    assert [s.text.strip() for s in doc.sents] == [title, body]  # the parser alone runs them together
    [(_, rels)] = list(extract_relations([Document.from_text(f"{title}\n\n{body}", id="t")], nlp=pipeline))
    assert rels and {r.evidence.sentence.strip() for r in rels} == {body}
    # a line break inside a paragraph is no boundary
    wrapped = pipeline("Britain formed an alliance\nwith France.")
    assert len(list(wrapped.sents)) == 1


def test_no_sentence_starts_inside_a_name(pipeline):
    # the parser alone cut "Zine El | Abidine Ben Ali" (current-events-59986c8a2baa)
    text = ("Tunisians protest against the remnants of deposed President Zine El Abidine Ben Ali’sregime.\n\n"
            "Family members of President Zine El Abidine Ben Ali are reportedly in Canada.")
    assert [s.text.strip()[:20] for s in pipeline(text).sents] == ["Tunisians protest ag", "Family members of Pr"]
    # two sentences still end at a full stop before a name
    assert len(list(pipeline("Ben Ali fled. Ghannouchi Took over.").sents)) == 2
