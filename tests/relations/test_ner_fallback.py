"""The NER fallback (``allegiance_ner_actors``) on hand-built Docs: entities become ad hoc actors, a
country's adjective or demonym becomes that country."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from allegiance.nlp.extensions import ACTOR_SPANS_KEY, register_extensions
from allegiance.relations import component  # noqa: F401  (registers the factory)


def marked(text: str, ents: list[tuple[int, int, str]], tags: dict[int, str] | None = None):
    register_extensions()
    nlp = spacy.blank("en")
    marker = nlp.add_pipe("allegiance_ner_actors")
    doc = nlp.make_doc(text)
    for i, tag in (tags or {}).items():
        doc[i].tag_ = tag
    doc.ents = [Span(doc, a, b, label=label) for a, b, label in ents]
    return marker(doc)


def test_a_country_adjective_is_the_country_and_other_entities_are_ad_hoc_actors():
    doc = marked("After the Japanese defeat , Nazi agents left Japan .",
                 [(2, 3, "NORP"), (5, 6, "NORP"), (8, 9, "GPE")])
    found = [(s.text, s._.actor.id, s._.actor.kind.value) for s in doc.spans[ACTOR_SPANS_KEY]]
    assert found == [("Japanese", "JPN", "country"), ("Nazi", "ner:Nazi", "group"), ("Japan", "ner:Japan", "country")]
    assert all(s._.actor_confidence == 0.6 for s in doc.spans[ACTOR_SPANS_KEY])



def test_a_court_is_no_actor_but_a_party_beside_it_is():
    doc = marked("The Constitutional Court ruled against the Liberal Party .",
                 [(0, 3, "ORG"), (6, 8, "ORG")])
    found = [s.text for s in doc.spans[ACTOR_SPANS_KEY]]
    assert found == ["Liberal Party"]


def test_a_disease_is_no_actor():
    doc = marked("Biden caught COVID-19 , not SARS - CoV-2 ; the WHO warned .",
                 [(0, 1, "PERSON"), (2, 3, "PERSON"), (5, 8, "ORG"), (10, 11, "ORG")])
    found = [s.text for s in doc.spans[ACTOR_SPANS_KEY]]
    assert found == ["Biden", "WHO"]



def test_what_the_resolver_reads_as_no_name_is_no_fallback_actor_but_a_demonym_stays():
    doc = marked("Russian senators repealed the Hale – Petrov amendment of the Government of Ruritania .",
                 [(0, 1, "NORP"), (3, 7, "ORG"), (9, 12, "ORG"), (12, 13, "GPE")], tags={0: "JJ"})
    found = [(s.text, s._.actor.id) for s in doc.spans[ACTOR_SPANS_KEY]]
    # a law and a fragment are no actors (NOT_NAME_RULES); a country's adjective first in its sentence still is
    assert found == [("Russian", "RUS"), ("Ruritania", "ner:Ruritania")], found
    doc = marked("Televised debates are new in Ruritania .", [(0, 1, "ORG"), (5, 6, "GPE")], tags={0: "JJ"})
    assert [s.text for s in doc.spans[ACTOR_SPANS_KEY]] == ["Ruritania"]

def test_a_party_adjective_on_a_role_noun_is_the_holders_party():
    from allegiance.relations.pipeline import build_pipeline

    doc = build_pipeline()("Republican critic John McCain spoke, and Trump debated his Democratic rival Joe Biden.")
    found = {(r.source.text, r.target.text) for r in doc._.relations}
    assert found == {("his", "Joe Biden")}, found


def test_an_opposition_title_sets_a_person_against_the_country_the_knowledge_base_gives_as_theirs():
    from allegiance.relations.pipeline import build_pipeline

    nlp = build_pipeline()
    found = [(r.source.actor.id, r.target.actor.id, int(r.sign)) for r in
             nlp("Venezuela's opposition leader Juan Guaido flew to Bogota.")._.relations]
    assert found == [("PER:juan_guaido", "VEN", -1)]
    assert not nlp("Venezuela's leader Juan Guaido flew to Bogota.")._.relations  # his own country
