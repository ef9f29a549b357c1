"""Entities that are no names (unseen news, issue 17): every row of NOT_NAME_RULES fires on its
sentence and leaves its must-not sentence alone (all sentences written by us)."""

from __future__ import annotations

import pytest

from allegiance.actors.not_names import NOT_NAME_RULES

IDS = [f"{rule.name}:{rule.fires[1]}" for rule in NOT_NAME_RULES]


@pytest.mark.parametrize("rule", NOT_NAME_RULES, ids=IDS)
def test_the_rule_fires(resolve, rule):
    sentence, entity = rule.fires
    found = resolve(sentence)
    assert all(surface != entity for surface, _ in found), found


@pytest.mark.parametrize("rule", NOT_NAME_RULES, ids=IDS)
def test_the_rule_leaves_a_name_alone(resolve, rule):
    sentence, name = rule.must_not
    assert name in [surface for surface, _ in resolve(sentence)]


def test_a_question_auxiliary_is_trimmed_to_the_person_named_before(resolve):
    text = "Senator Ana Hale led the poll in May. Will Hale continue to lead the race, or will Ivan Petrov catch up?"
    found = resolve(text)
    assert ("Hale", "PER:ana_hale") in found and all(not surface.startswith("Will") for surface, _ in found)


def test_a_transcripts_capital_honorific_is_no_actor_but_an_acronym_stays_one(resolve):
    found = resolve("MR. KIRBY: We will not recognise the junta.") + resolve("MR. HALE: Ivan Petrov and ADM agreed.")
    surfaces = [surface for surface, _ in found]
    assert "MR" not in surfaces and "KIRBY" in surfaces and "ADM" in surfaces, found
