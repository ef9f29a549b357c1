"""The headline is parsed as context; relations are reported from the body only."""

from __future__ import annotations

import pytest

from allegiance.model import Document
from allegiance.relations import build_pipeline, extract_relations
from allegiance.relations.pipeline import headline_context


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def test_reference_to_headline_actors_resolves_in_the_body(nlp):
    doc = Document("h1", "The former rivals form a politically symbolic alliance over a shared problem.",
                   title="Russia and the US: friends at last?")
    [(_, relations)] = list(extract_relations([doc], nlp=nlp))
    signs = {(r.source.actor.name, r.target.actor.name, int(r.sign), r.time.value) for r in relations}
    assert ("Russia", "United States", -1, "past") in signs
    assert ("Russia", "United States", 1, "current") in signs
    for r in relations:
        assert doc.text[r.evidence.start:r.evidence.end] == r.evidence.sentence
        assert doc.text[r.source.start:r.source.end] == r.source.text


def test_a_relation_stated_only_in_the_headline_is_not_reported(nlp):
    doc = Document("h2", "The weather in the capital was mild on Tuesday.",
                   title="Russia condemns Ukraine")
    [(_, relations)] = list(extract_relations([doc], nlp=nlp))
    assert relations == []


def test_no_title_or_title_already_in_text_changes_nothing():
    assert headline_context(Document("a", "Text.")) == ("Text.", 0)
    assert headline_context(Document("a", "Title\n\nText.", title="Title")) == ("Title\n\nText.", 0)


def test_a_headline_without_punctuation_does_not_run_into_the_first_sentence(nlp):
    doc = Document("h3", "Britain and France declared war on the Ottoman Empire on Thursday.",
                   title="Britain and France at war with the Ottoman Empire")
    [(_, relations)] = list(extract_relations([doc], nlp=nlp))
    found = {(r.source.text, r.target.text, int(r.sign)) for r in relations}
    assert ("Britain", "the Ottoman Empire", -1) in found
    assert not {p for p in found if {p[0], p[1]} == {"Britain", "France"}}
    for r in relations:
        assert doc.text[r.evidence.start:r.evidence.end] == r.evidence.sentence
