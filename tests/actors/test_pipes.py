"""The actor components as spaCy components: config, blank pipelines, serialisation."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from allegiance.actors import add_actor_pipes
from allegiance.actors.pipes import RESOLVER_NAME, RULER_NAME


def test_components_sit_around_ner(actor_nlp):
    names = actor_nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner") < names.index(RESOLVER_NAME)


def test_adding_twice_is_harmless(actor_nlp):
    before = list(actor_nlp.pipe_names)
    add_actor_pipes(actor_nlp)
    assert actor_nlp.pipe_names == before


def test_ruler_on_a_blank_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe(RULER_NAME)
    doc = nlp("Moscow and Nato")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("Moscow", "RUS"), ("Nato", "NATO")]


def test_blank_pipeline_with_both_components():
    nlp = add_actor_pipes(spacy.blank("en"))
    doc = nlp("The Taliban and al-Qaeda")
    assert [s._.actor.id for s in doc.spans["actors"]] == ["TALIBAN", "ALQAEDA"]


def test_user_file_through_config(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("actors:\n  - {id: ZFP, name: Zorbian Freedom Party, kind: party, aliases: [ZFP]}\n",
                    encoding="utf-8")
    nlp = add_actor_pipes(spacy.blank("en"), actors_path=mine)
    assert nlp.get_pipe(RULER_NAME).actors_paths == [str(mine)]
    doc = nlp("The ZFP met Nato.")
    assert [s._.actor.id for s in doc.spans["actors"]] == ["ZFP", "NATO"]


def test_docs_with_actors_serialise(actor_nlp):
    doc = actor_nlp("Unite and the GMB worked together. Now they are at odds.")
    again = Doc(actor_nlp.vocab).from_bytes(doc.to_bytes())
    assert [s._.actor.id for s in again.spans["actors"]] == [s._.actor.id for s in doc.spans["actors"]]
    they = [s for s in again.spans["actors"] if s.text == "they"][0]
    assert {a.id for a in they._.actor_group} == {"GBR-UNITE", "GBR-GMB"}


def test_pipeline_round_trips_to_disk(tmp_path):
    nlp = add_actor_pipes(spacy.blank("en"))
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert RULER_NAME in loaded.pipe_names and RESOLVER_NAME in loaded.pipe_names
    doc = loaded("the Kremlin")
    assert [s._.actor.id for s in doc.spans["actors"]] == ["RUS"]


def test_spans_never_overlap_and_are_ordered(actor_nlp, seed_path):
    doc = actor_nlp(seed_path.read_text(encoding="utf-8"))
    spans = list(doc.spans["actors"])
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert all(0.0 < s._.actor_confidence <= 1.0 for s in spans)


def test_a_leading_the_does_not_make_a_country_outrank_the_body_named_after_it(resolve):
    # found on the relations corpus: "The U.S. Senate" came out as the United States, the Senate lost
    assert resolve("The U.S. Senate rejected the treaty.") == [("U.S. Senate", "USA-SENATE")]
    assert resolve("The United States Senate rejected it.") == [("United States Senate", "USA-SENATE")]
    # must not: a country with its article and no body after it stays the country
    assert resolve("The U.S. and Russia signed the treaty.") == [("The U.S.", "USA"), ("Russia", "RUS")]
