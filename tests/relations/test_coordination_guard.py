"""Two coordinated actors are on the same side unless the wording pits them against each other."""

from __future__ import annotations

import pytest

from allegiance.model import Document
from allegiance.relations import build_pipeline, extract_relations


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def pairs(nlp, text):
    [(_, rels)] = list(extract_relations([Document("c", text)], nlp=nlp))
    return {(r.source.text, r.target.text, int(r.sign)) for r in rels}


def test_coordinated_subjects_of_a_war_declaration_are_not_enemies(nlp):
    found = pairs(nlp, "Britain and France declared war on the Ottoman Empire on Thursday, "
                       "three days after Russia did the same.")
    assert ("Britain", "the Ottoman Empire", -1) in found
    assert not {p for p in found if {p[0], p[1]} == {"Britain", "France"}}


def test_pronoun_object_does_not_turn_a_subject_against_its_conjunct(nlp):
    text = ("Britain and France met the German envoys. "
            "Britain and France protested to the German delegation and shut it out of further talks.")
    assert not {p for p in pairs(nlp, text) if {p[0], p[1]} == {"Britain", "France"}}


@pytest.mark.parametrize("text,sign", [
    ("Britain and France fought a long war over the colonies.", -1),
    ("Unite and the GMB are at odds.", -1),
    ("Unite and the GMB worked together.", 1),
    ("Britain and France formed an alliance against Germany.", 1),
])
def test_symmetric_wording_between_coordinated_actors_still_counts(nlp, text, sign):
    found = pairs(nlp, text)
    first, second = text.split(" and ")[0], text.split(" and ")[1].split(" ")[0]
    assert any(p[2] == sign and first in (p[0], p[1]) for p in found), found


@pytest.mark.parametrize("text,members", [
    ("Germany, Italy and Japan signed a pact in Berlin on Friday.", ("Germany", "Italy", "Japan")),
    ("Oslo, Stockholm and Copenhagen issued a joint statement condemning the coup.", ("Oslo", "Stockholm", "Copenhagen")),
])
def test_three_or_more_parties_to_one_pact_pair_among_themselves(nlp, text, members):
    # each pair's other relations are with fellow conjuncts, not with a third actor: no misattachment to guard
    found = pairs(nlp, text)
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            assert any({p[0], p[1]} == {a, b} and p[2] == 1 for p in found), (a, b, found)


def test_three_coordinated_subjects_against_a_third_actor_stay_unpaired(nlp):
    found = pairs(nlp, "Britain, France and Russia declared war on Germany.")
    assert {("Britain", "Germany", -1), ("France", "Germany", -1), ("Russia", "Germany", -1)} <= found
    assert not {p for p in found if "Germany" not in (p[0], p[1])}
