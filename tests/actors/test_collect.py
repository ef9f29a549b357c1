"""collect_actors / explain_mention: the library behind ``allegiance actors``."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance.actors import actor_mentions, collect_actors, explain_mention
from allegiance.model import Document

DOCS = [
    Document.from_text("Moscow announced a joint raid with US forces. Russia and the US agree.", id="a"),
    Document.from_text("Unite and the GMB worked together. Now they are at odds.", id="b"),
]


def test_collect_groups_mentions_by_actor(actor_nlp):
    found = {r.actor.id: r for r in collect_actors(DOCS, nlp=actor_nlp)}
    assert [m.text for m in found["RUS"].mentions] == ["Moscow", "Russia"]
    assert found["RUS"].aliases == ("Moscow", "Russia")
    assert {m.doc_id for m in found["GBR-GMB"].mentions} == {"b"}
    # "they" counts as a mention of each union, not as an alias
    assert "they" in [m.text for m in found["GBR-UNITE"].mentions]
    assert "they" not in found["GBR-UNITE"].aliases


def test_collect_is_deterministic(actor_nlp):
    first = [r.to_dict() for r in collect_actors(DOCS, nlp=actor_nlp)]
    second = [r.to_dict() for r in collect_actors(DOCS, nlp=actor_nlp)]
    assert first == second
    counts = [len(r["mentions"]) for r in first]
    assert counts == sorted(counts, reverse=True)


def test_collect_uses_document_dates(actor_nlp):
    docs = [Document.from_text("Moscow warned London and Paris.", id="suez", date="1956-11-08")]
    assert {r.actor.id for r in collect_actors(docs, nlp=actor_nlp)} == {"SUN", "GBR", "FRA"}


def test_offsets_point_at_the_mention(actor_nlp):
    for resolved in collect_actors(DOCS, nlp=actor_nlp):
        for m in resolved.mentions:
            text = next(d.text for d in DOCS if d.id == m.doc_id)
            assert text[m.start:m.end] == m.text


def test_explain_says_why(actor_nlp):
    docs = [Document.from_text("Labour costs rose. Labour won.", id="x")]
    explained = explain_mention(docs, "Labour", nlp=actor_nlp)
    assert [e.actor.id if e.actor else None for e in explained] == [None, "GBR-LAB"]
    assert explained[0].rule.startswith("not an actor mention")
    assert "guard" in explained[1].rule


def test_actor_mentions_split_groups(actor_nlp):
    doc = actor_nlp("Unite and the GMB worked together. Now they are at odds.")
    mentions = actor_mentions(doc, "d")
    assert [(m.text, m.actor.id) for m in mentions if m.text == "they"] == [
        ("they", "GBR-UNITE"), ("they", "GBR-GMB")]


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_gives_ordered_disjoint_mentions(actor_nlp, text):
    doc = actor_nlp(text)
    spans = list(doc.spans["actors"])
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    for span in spans:
        assert span._.actor is not None and 0.0 < span._.actor_confidence <= 1.0


def test_a_dateline_city_is_no_actor_mention_as_in_extract(actor_nlp):
    """``actors`` parses the same text as ``extract``: the dateline's city is blanked, offsets stay."""
    text = "By Jane Smith\nWASHINGTON (AP) — Russia praised France. Washington said nothing."
    found = {r.actor.id: r for r in collect_actors([Document.from_text(text, id="d")], nlp=actor_nlp)}
    assert [m.start for m in found["USA"].mentions] == [text.index("Washington said")]
    assert {"RUS", "FRA"} <= set(found)
