"""Every extraction rule fires on its own sentence and stays silent on one that must not fire.

The sentences are our own (see ``cases.py``); actors are marked by hand so these tests do not
depend on the actor knowledge base.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from allegiance.relations import find_relations
from allegiance.relations.testing import annotate

_spec = importlib.util.spec_from_file_location("relations_cases", Path(__file__).with_name("cases.py"))
_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cases)
FIRES, MUST_NOT = _cases.FIRES, _cases.MUST_NOT


def _found(nlp, sentence, actors):
    doc = annotate(nlp, sentence, actors)
    return find_relations(doc)


def _matches(rel, src, tgt) -> bool:
    s, t = rel.source.actor.id, rel.target.actor.id
    return (s, t) == (src, tgt) or (not rel.directed and (t, s) == (src, tgt))


@pytest.mark.parametrize("rule,sentence,actors,expected", FIRES, ids=[f"{c[0]}|{c[1][:40]}" for c in FIRES])
def test_rule_fires(nlp_model, rule, sentence, actors, expected):
    rels = _found(nlp_model, sentence, actors)
    got = [(r.source.actor.id, r.target.actor.id, int(r.sign), r.type.value, r.time.value) for r in rels]
    for exp in expected:
        src, tgt, sign = exp[:3]
        hits = [r for r in rels if _matches(r, src, tgt) and int(r.sign) == sign]
        assert hits, f"{rule}: expected {exp} in {got}"
        if len(exp) > 3:
            assert any(r.type.value == exp[3] for r in hits), f"{rule}: type {exp[3]} not in {got}"
        if len(exp) > 4:
            assert any(r.time.value == exp[4] and r.type.value == exp[3] for r in hits), \
                f"{rule}: time {exp[4]} not in {got}"
        for r in hits:
            assert r.evidence.sentence in sentence or sentence.startswith(r.evidence.sentence.strip()) or \
                r.evidence.sentence.strip() in sentence


@pytest.mark.parametrize("rule,sentence,actors,forbidden", MUST_NOT, ids=[f"{c[0]}|{c[1][:40]}" for c in MUST_NOT])
def test_rule_does_not_fire(nlp_model, rule, sentence, actors, forbidden):
    rels = _found(nlp_model, sentence, actors)
    got = [(r.source.actor.id, r.target.actor.id, int(r.sign), r.type.value, r.time.value) for r in rels]
    if forbidden is None:
        assert not [r for r in rels if not r.negated], f"{rule}: expected nothing, got {got}"
        return
    for item in forbidden:
        src, tgt = item[:2]
        bad = [r for r in rels if _matches(r, src, tgt) or _matches(r, tgt, src)]
        if len(item) > 2:  # a forbidden time
            bad = [r for r in bad if r.time.value == item[2]]
        assert not bad, f"{rule}: {item} must not be extracted, got {got}"


def test_there_are_enough_hand_written_sentences():
    assert len(FIRES) + len(MUST_NOT) >= 150
    fired_rules = {c[0] for c in FIRES}
    assert len(fired_rules) >= 100
