"""Shapes of news the corpus lacks, on the real pipeline (knowledge-base actors, their kinds): our own
sentences, each with one that must not yield the relation."""

from __future__ import annotations

import pytest

from allegiance.model import Document
from allegiance.relations import build_pipeline, extract_relations


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def relations(nlp, text):
    [(_, rels)] = list(extract_relations([Document("u", text)], nlp=nlp))
    return rels


def pairs(nlp, text):
    return {(r.source.actor.id, r.target.actor.id, int(r.sign)) for r in relations(nlp, text)}


def test_leaving_a_bloc_is_a_split(nlp):
    assert ("GBR", "EU", -1) in pairs(nlp, "Britain left the European Union in 2020.")
    found = pairs(nlp, "Mali, Burkina Faso and Niger formally left ECOWAS on Wednesday.")
    assert {("MLI", "ECOWAS", -1), ("BFA", "ECOWAS", -1), ("NER", "ECOWAS", -1)} <= found


def test_leaving_a_place_is_nothing(nlp):
    assert not pairs(nlp, "Biden left Washington for Paris on Monday.")


def test_withdrawing_from_an_organisation_is_a_split(nlp):
    found = pairs(nlp, "The United States withdrew from the World Health Organization.")
    assert any(s == "USA" and t != "USA" and sign == -1 for s, t, sign in found), found
    assert not pairs(nlp, "Russia withdrew its troops from the outskirts of Kyiv.")


def test_quoted_sentence_evidence_reaches_the_speaker(nlp):
    text = '"Russia is the aggressor. It must pay for this war," Zelensky said in a statement.'
    [rel] = [r for r in relations(nlp, text) if r.target.actor.id == "RUS"]
    assert rel.source.actor.id == "PER:volodymyr_zelensky" and int(rel.sign) == -1
    assert rel.evidence.sentence.startswith('"Russia is the aggressor.') and "Zelensky said" in rel.evidence.sentence


def test_unattributed_quote_has_no_speaker(nlp):
    text = '"Russia is the aggressor. It must pay," a resident said. Zelensky visited the town on Friday.'
    assert not {p for p in pairs(nlp, text) if "RUS" in p[:2]}
