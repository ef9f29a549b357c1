"""Invariants of extraction on generated sentences (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance.relations import find_relations
from allegiance.relations.testing import annotate

ACTORS = ["France", "Germany", "Japan", "Brazil", "Kenya", "Chile"]
VERBS = ["supported", "criticised", "attacked", "praised", "opposed", "backed", "condemned", "defeated"]
NEG = {"criticised": -1, "attacked": -1, "opposed": -1, "condemned": -1, "defeated": -1}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(ACTORS), st.sampled_from(ACTORS), st.sampled_from(VERBS), st.booleans(), st.booleans())
def test_generated_svo(nlp_model, a, b, verb, negate, question):
    if a == b:
        return
    aux = "did not " + {"supported": "support", "criticised": "criticise", "attacked": "attack",
                        "praised": "praise", "opposed": "oppose", "backed": "back", "condemned": "condemn",
                        "defeated": "defeat"}[verb] if negate else verb
    text = f"{a} {aux} {b}" + ("?" if question else ".")
    rels = find_relations(annotate(nlp_model, text, [a, b]))
    if question or (negate and verb != "defeated"):
        assert rels == []
        return
    if negate:  # "France did not defeat Germany": they still fought (a negated defeat is a fight)
        assert [(r.type.value, int(r.sign)) for r in rels] == [("fight", -1)]
        return
    assert len(rels) == 1
    r = rels[0]
    assert (r.source.actor.id, r.target.actor.id) == (a, b)
    assert int(r.sign) == NEG.get(verb, 1)
    assert r.directed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([
    "{a} and {b} formed an alliance.", "{a} criticised {b}.", "{a} is at odds with {b}.",
    "{a} was defeated by {b}.", "Officials met in the capital.", "{a} held talks with {b}.",
    "The rivalry between {a} and {b} grew.", "{a} did not support {b}.",
]), min_size=1, max_size=5), st.permutations(ACTORS))
def test_relations_are_well_formed(nlp_model, templates, order):
    a, b = order[0], order[1]
    text = " ".join(t.format(a=a, b=b) for t in templates)
    doc = annotate(nlp_model, text, [a, b])
    rels = find_relations(doc)
    keys = set()
    for r in rels:
        assert r.source.actor.id != r.target.actor.id
        assert doc.text[r.evidence.start:r.evidence.end] == r.evidence.sentence
        assert r.evidence.start <= r.source.start < r.evidence.end
        assert 0.0 < r.confidence <= 1.0
        ends = (r.source.actor.id, r.target.actor.id)
        key = (r.evidence.start, ends if r.directed else tuple(sorted(ends)), int(r.sign))
        assert key not in keys
        keys.add(key)
