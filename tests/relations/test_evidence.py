"""Evidence always contains its mentions (issue 17).

A relation whose actor comes from another sentence names that sentence in its evidence; no
relation's evidence is a sentence that names neither actor.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from importlib import resources

import pytest

from allegiance.model import Document
from allegiance.relations import build_pipeline, extract_relations


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _relations(nlp, text: str, title: str | None = None):
    document = Document("t", text, title=title)
    [(_, relations)] = list(extract_relations([document], nlp=nlp))
    for r in relations:  # the contract: evidence is the document text between its offsets
        assert text[r.evidence.start:r.evidence.end] == r.evidence.sentence
    return relations


def _pairs(relations):
    return {(r.source.actor.name, r.target.actor.name, int(r.sign)) for r in relations}


def _contains_mentions(r) -> bool:
    return all(r.evidence.start <= m.start and m.end <= r.evidence.end for m in (r.source, r.target))


def test_pronoun_evidence_spans_the_sentence_naming_the_actor(nlp):
    text = "Jeremy Corbyn spoke in Leeds on Monday. He criticised Theresa May over the budget."
    [r] = _relations(nlp, text)
    assert (r.source.actor.name, r.source.text, r.target.actor.name) == ("Jeremy Corbyn", "He", "Theresa May")
    assert (r.evidence.start, r.evidence.end) == (0, len(text))  # from "Jeremy Corbyn ..." to "... budget."


def test_group_reference_evidence_spans_the_sentence_naming_both_actors(nlp):
    text = "Iran and Iraq sent envoys to Geneva on Monday. Both sides agreed to a ceasefire."
    [r] = _relations(nlp, text)
    assert (r.source.text, r.target.text) == ("Both sides", "Both sides")
    assert {r.source.actor.name, r.target.actor.name} == {"Iran", "Iraq"}
    assert r.evidence.sentence == text


def test_plural_reference_to_earlier_actors_keeps_them_inside_the_evidence(nlp):
    # "they" is read as the two people of the sentence before: their mentions are there
    text = ("Nancy Pelosi and Chuck Schumer spoke to reporters on Friday. "
            "They said in a joint statement that the wall was a waste.")
    [r] = _relations(nlp, text)
    assert (r.source.text, r.target.text) == ("Nancy Pelosi", "Chuck Schumer")
    assert _contains_mentions(r) and r.evidence.start == 0 and r.evidence.end == len(text)


def test_a_relation_of_the_naming_sentence_keeps_its_own_sentence(nlp):
    text = "Russia and China held talks in Beijing on Monday. The two countries signed a treaty of friendship."
    first, second = _relations(nlp, text)
    assert first.evidence.sentence == "Russia and China held talks in Beijing on Monday."
    assert second.evidence.sentence == text and second.source.text == "The two countries"


def test_evidence_does_not_reach_into_the_headline(nlp):
    # the headline is parsed as context but is not document text: the reference in the body stays
    # the mention, and the evidence is its own sentence (not the body from its start)
    text = "The unions met in London on Monday. The former rivals are now allies."
    relations = _relations(nlp, text, title="Unite and the GMB")
    assert _pairs(relations) == {("Unite", "GMB", -1), ("Unite", "GMB", 1)}
    for r in relations:
        assert (r.evidence.sentence, r.source.text) == ("The former rivals are now allies.", "The former rivals")


def _demo_text(doc_id: str) -> str:
    corpus = resources.files("allegiance.demo") / "corpus.jsonl"
    for line in corpus.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == doc_id:
            return record["text"]
    raise AssertionError(doc_id)


def test_demo_sworn_enemies_are_the_pair_the_sentence_names(nlp):
    # demo-011: "Until now Nazi Germany and the Soviet Union had been sworn ideological enemies."
    # was United Kingdom - France (named a sentence before) with that sentence as evidence
    relations = _relations(nlp, _demo_text("demo-011"))
    assert ("United Kingdom", "France", -1) not in _pairs(relations)
    enemies = [r for r in relations if "sworn ideological enemies" in r.evidence.sentence]
    assert [(r.source.actor.name, r.target.actor.name, r.type.value, r.time.value) for r in enemies] == [
        ("Germany", "Soviet Union", "rival", "past")]
    assert all(_contains_mentions(r) for r in relations)


def test_two_powers_are_not_the_two_leaders_named_before(nlp):
    # demo-038: "the two nuclear powers" are states, not "Richard Nixon and Leonid Brezhnev"
    relations = _relations(nlp, _demo_text("demo-038"))
    assert not [r for r in relations if "two nuclear powers" in r.evidence.sentence]
    assert all(_contains_mentions(r) for r in relations)


def test_guard_drops_a_relation_whose_mention_lies_outside_its_evidence(nlp, caplog):
    from allegiance.relations.evidence import anchor_evidence, evidence_violations

    doc = nlp("Unite backed Labour on Monday. The weather was mild.")
    [good] = doc._.relations
    later = doc.text.index("weather")
    stray = replace(good, target=replace(good.target, start=later, end=later + 7))  # after its evidence
    assert evidence_violations(doc, [good, stray]) == [(stray, ("target",))]
    with caplog.at_level(logging.DEBUG, logger="allegiance.relations.evidence"):
        assert anchor_evidence(doc, [good, stray]) == [good]
    assert "dropped 1 with a mention outside their evidence" in caplog.text
