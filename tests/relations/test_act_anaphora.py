"""A stance toward "the invasion" reaches whoever invaded, a sentence or two before (lexicon ``act_nouns``)."""

from __future__ import annotations

import pytest

from allegiance.model import Document
from allegiance.relations import build_pipeline, extract_relations
from allegiance.relations.lexicon import load_lexicon

#: how each act of an ``act_nouns`` row is told in the sentence before ("Russia invaded Georgia")
TOLD = {"invade": "invaded Georgia", "invasion": "launched an invasion of Georgia", "attack": "attacked Georgia",
        "strike": "struck Georgia", "raid": "raided Georgia", "bomb": "bombed Georgia", "shell": "shelled Georgia",
        "occupy": "occupied Georgia", "sanction": "sanctioned Georgia"}
ROWS = [(noun, lemma) for noun, lemmas in sorted(load_lexicon().act_nouns.items()) for lemma in sorted(lemmas)]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def pairs(nlp, text):
    [(_, rels)] = list(extract_relations([Document("a", text, date="2008-08-20")], nlp=nlp))
    return {(r.source.text, r.target.text, int(r.sign)) for r in rels}


def test_every_row_has_its_sentences():
    assert {lemma for _, lemma in ROWS} <= set(TOLD)


@pytest.mark.parametrize("noun,lemma", ROWS)
def test_the_act_noun_reaches_the_doer_of_the_act_before(nlp, noun, lemma):
    found = pairs(nlp, f"Russia {TOLD[lemma]} on Monday. France condemned the {noun}.")
    assert ("France", "Russia", -1) in found, found


@pytest.mark.parametrize("noun,lemma", ROWS)
def test_a_new_act_or_no_act_before_reaches_nobody(nlp, noun, lemma):
    assert not {p for p in pairs(nlp, f"Russia {TOLD[lemma]} on Monday. France condemned an {noun} in Africa.")
                if p[0] == "France"}
    assert not pairs(nlp, f"Russia held talks on Monday. France condemned the {noun}.")


def test_an_act_that_did_not_happen_is_no_antecedent(nlp):
    assert not pairs(nlp, "Russia did not invade Georgia. France condemned the invasion.")


def test_an_act_noun_with_its_own_doer_keeps_it(nlp):
    found = pairs(nlp, "Russia invaded Georgia on Monday. France condemned the Turkish invasion of Syria.")
    assert not {p for p in found if p[:2] == ("France", "Russia")}
