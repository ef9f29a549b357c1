"""``allegiance_transformer_relation_model``: family (b) as a spaCy component, on a tiny random model.

The fixture model (tests/fixtures/tiny_transformer_relation_model) is a one-layer BERT of width 16
with random weights over a 20-word vocabulary, exported by the training code's own ``save_onnx_model``;
its scores mean nothing, so these tests check plumbing: candidates, skipping rule pairs, the predictions
written, saving and loading, and the pipeline assembly that reads a model directory.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy
import pytest
import spacy
import srsly



from allegiance.errors import ConfigError  # noqa: E402
from allegiance.pipeline import PipelineOptions  # noqa: E402
from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType  # noqa: E402
from allegiance.nlp.assemble import THOROUGH, add_relation_model  # noqa: E402
from allegiance.nlp.extensions import ACTOR_SPANS_KEY, register_extensions  # noqa: E402
from allegiance.relations.model import transformer_component  # noqa: E402
from allegiance.relations.model.transformer_component import (TRANSFORMER_RELATION_MODEL,  # noqa: E402
                                                              save_transformer_pipeline)

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_transformer_relation_model"


def countries_doc(nlp, text: str, countries: dict[int, tuple[str, str]]) -> spacy.tokens.Doc:
    """``text`` with one-token country actor spans (token index -> (id, name)) and no rule relations."""
    register_extensions()
    doc = nlp(text)
    spans = []
    for i, (cid, name) in countries.items():
        span = doc[i:i + 1]
        span._.actor = Actor(cid, name, ActorKind.COUNTRY)
        spans.append(span)
    doc.spans[ACTOR_SPANS_KEY] = spans
    doc._.relations = []
    return doc


def actor_doc(nlp) -> spacy.tokens.Doc:
    """"France backed Britain. Russia condemned France." with its three countries as actor spans."""
    return countries_doc(nlp, "France backed Britain. Russia condemned France.",
                         {0: ("FRA", "France"), 2: ("GBR", "Britain"), 4: ("RUS", "Russia"), 6: ("FRA", "France")})


def sentencised():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_component_scores_every_candidate_and_writes_calibrated_predictions():
    nlp = sentencised()
    pipe = nlp.add_pipe(TRANSFORMER_RELATION_MODEL).from_disk(TINY)
    doc = pipe(actor_doc(nlp))
    predictions = doc._.pair_predictions
    assert sorted(p.candidate.actors for p in predictions) == [("FRA", "GBR"), ("FRA", "RUS")]
    for p in predictions:
        assert p.label in ("none", "+", "-")
        assert abs(sum(p.probabilities.values()) - 1.0) < 1e-5
        assert p.confidence == max(p.probabilities.values())


def test_pairs_the_rules_related_are_not_scored_unless_asked():
    nlp = sentencised()
    doc = actor_doc(nlp)
    france, britain = doc[0:1], doc[2:3]
    doc._.relations = [Relation(
        doc_id="", source=Mention("France", 0, 6, france._.actor), target=Mention("Britain", 14, 21, britain._.actor),
        type=RelationType.SUPPORT, evidence=Evidence(doc[0:4].text, 0, doc[0:4].end_char))]
    skipping = nlp.add_pipe(TRANSFORMER_RELATION_MODEL, name="skipping").from_disk(TINY)
    assert [p.candidate.actors for p in skipping(doc)._.pair_predictions] == [("FRA", "RUS")]
    every = nlp.add_pipe(TRANSFORMER_RELATION_MODEL, name="every", config={"skip_rule_pairs": False}).from_disk(TINY)
    assert len(every(doc)._.pair_predictions) == 2


def test_a_component_without_weights_says_how_to_get_them(tmp_path):
    pipe = spacy.blank("en").add_pipe(TRANSFORMER_RELATION_MODEL)
    with pytest.raises(ConfigError, match="allegiance train --family transformer"):
        pipe.to_disk(tmp_path / "x")
    with pytest.raises(ConfigError, match="variant"):
        spacy.blank("en").add_pipe(TRANSFORMER_RELATION_MODEL, config={"variant": "fp16"})


def test_mention_settings_are_one_list_for_both_families_and_a_misspelt_one_is_refused():
    from allegiance.relations.model.candidates import MENTION_SETTINGS
    from allegiance.relations.model.component import RelationModel

    pipe = spacy.blank("en").add_pipe(TRANSFORMER_RELATION_MODEL, config={"group_mentions": True})
    assert {k: pipe.cfg[k] for k in MENTION_SETTINGS} == {**dict.fromkeys(MENTION_SETTINGS, False),
                                                           "group_mentions": True}
    with pytest.raises(ConfigError, match="unknown mention setting 'groups_mentions'"):
        transformer_component.TransformerRelationModel(groups_mentions=True)
    with pytest.raises(ConfigError, match="unknown mention setting"):
        RelationModel(spacy.blank("en").vocab, None, reference_mention=True, first_person_mentionss=True)


def test_saved_model_directory_loads_into_a_pipeline_and_keeps_only_its_variant(tmp_path):
    out = save_transformer_pipeline(TINY, tmp_path / "model")
    folder = out / TRANSFORMER_RELATION_MODEL
    assert sorted(p.name for p in folder.iterdir()) == ["cfg", "meta.json", "model.int8.onnx", "tokenizer.json"]
    nlp = sentencised()
    add_relation_model(nlp, out, threshold=0.0)
    assert nlp.pipe_names[-2:] == [TRANSFORMER_RELATION_MODEL, "allegiance_relation_merge"]
    direct = nlp.add_pipe(TRANSFORMER_RELATION_MODEL, name="direct", config={"first_person_mentions": True})
    direct.from_disk(TINY)
    loaded = nlp.get_pipe(TRANSFORMER_RELATION_MODEL)
    a, b = loaded(actor_doc(nlp)), direct(actor_doc(nlp))
    assert numpy.allclose([p.confidence for p in a._.pair_predictions], [p.confidence for p in b._.pair_predictions])
    # a pipeline saved with the component and loaded again (as worker processes do) carries the weights
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(out)
    again = spacy.load(tmp_path / "pipeline")
    c = again.get_pipe(TRANSFORMER_RELATION_MODEL)(actor_doc(again))
    assert numpy.allclose([p.confidence for p in c._.pair_predictions], [p.confidence for p in a._.pair_predictions])


def test_the_threshold_tuned_on_dev_travels_with_the_model_unless_the_caller_gives_one(tmp_path):
    out = save_transformer_pipeline(TINY, tmp_path / "model", merge_threshold=0.55)
    assert add_relation_model(sentencised(), out).get_pipe("allegiance_relation_merge").threshold == 0.55
    assert add_relation_model(sentencised(), out, threshold=0.9).get_pipe("allegiance_relation_merge").threshold == 0.9


def test_the_routes_chosen_on_dev_travel_with_the_model(tmp_path):
    chosen = save_transformer_pipeline(TINY, tmp_path / "chosen", merge_routes=["sentence", "reference"])
    assert add_relation_model(sentencised(), chosen).get_pipe("allegiance_relation_merge").routes == (
        "sentence", "reference")
    every = save_transformer_pipeline(TINY, tmp_path / "every")
    assert add_relation_model(sentencised(), every).get_pipe("allegiance_relation_merge").routes is None


def test_candidates_of_a_route_the_merge_leaves_out_are_not_scored(tmp_path):
    nlp = sentencised()
    pipe = nlp.add_pipe(TRANSFORMER_RELATION_MODEL).from_disk(TINY)
    assert len(pipe(actor_doc(nlp))._.pair_predictions) == 2  # both pairs are in one sentence
    pipe.cfg["merge_routes"] = ["reference", "quote"]
    assert pipe(actor_doc(nlp))._.pair_predictions == []
    pipe.cfg["merge_routes"] = ["sentence"]
    assert len(pipe(actor_doc(nlp))._.pair_predictions) == 2


def test_a_broken_model_directory_is_one_config_error(tmp_path):
    out = save_transformer_pipeline(TINY, tmp_path / "model")
    (out / TRANSFORMER_RELATION_MODEL / "model.int8.onnx").unlink()
    nlp = sentencised()
    with pytest.raises(ConfigError, match="cannot read the relation model"):
        add_relation_model(nlp, out)
    assert TRANSFORMER_RELATION_MODEL not in nlp.pipe_names


def test_a_screening_model_earlier_in_the_pipeline_chooses_the_candidates_scored():
    from allegiance.relations.model.component import PairPrediction

    nlp = sentencised()
    doc = actor_doc(nlp)
    pipe = nlp.add_pipe(TRANSFORMER_RELATION_MODEL, config={"screen_none_below": 0.5}).from_disk(TINY)
    unsure, sure = sorted(transformer_component.model_candidates([doc], {})[0], key=lambda c: c.actors)
    assert (unsure.actors, sure.actors) == (("FRA", "GBR"), ("FRA", "RUS"))
    doc._.pair_predictions = [  # as the CNN writes them: FRA|GBR probably a relation, FRA|RUS surely none
        PairPrediction(unsure, "+", 0.6, {"none": 0.3, "+": 0.6, "-": 0.1}),
        PairPrediction(sure, "none", 0.9, {"none": 0.9, "+": 0.05, "-": 0.05})]
    assert [p.candidate.actors for p in pipe(doc)._.pair_predictions] == [unsure.actors]
    off = nlp.add_pipe(TRANSFORMER_RELATION_MODEL, name="unscreened").from_disk(TINY)  # screen 1.0: every one
    doc._.pair_predictions = None
    assert len(off(doc)._.pair_predictions) == 2


def test_a_cascade_folder_adds_both_models_in_order(tmp_path):
    from allegiance.relations.model.train import train_relation_model

    cnn = tmp_path / "cnn"  # a CNN trained in seconds on the fixture corpus, as the merge tests make theirs
    train_relation_model(Path(__file__).resolve().parents[1] / "fixtures" / "relation_model_corpus", cnn, seed=0,
                         epochs=1, config={"model": {"dependency_path": False,
                                                     "tok2vec": {"width": 16, "depth": 1, "embed_size": 200}}})
    out = save_transformer_pipeline(TINY, tmp_path / "cascade", screen=cnn, screen_none_below=0.45)
    loaded = add_relation_model(sentencised(), out)
    assert loaded.pipe_names[-3:] == ["allegiance_relation_model", TRANSFORMER_RELATION_MODEL,
                                      "allegiance_relation_merge"]
    assert loaded.get_pipe(TRANSFORMER_RELATION_MODEL).cfg["screen_none_below"] == 0.45
    assert not loaded.get_pipe("allegiance_relation_model").cfg["group_mentions"]
    # a model trained on group-noun candidates: the screen, which chooses the candidates, makes them too
    groups = add_relation_model(sentencised(), save_transformer_pipeline(TINY, tmp_path / "groups", screen=cnn,
                                                                         group_mentions=True))
    assert groups.get_pipe("allegiance_relation_model").cfg["group_mentions"]
    assert groups.get_pipe(TRANSFORMER_RELATION_MODEL).cfg["group_mentions"]


def other_doc(nlp) -> spacy.tokens.Doc:
    """A longer two-actor Doc to batch beside :func:`actor_doc` (its activations have another range)."""
    return countries_doc(nlp, "Germany and Britain and France and Germany signed , backed , condemned the very long "
                              "treaty .", {0: ("DEU", "Germany"), 2: ("GBR", "Britain"), 4: ("FRA", "France")})


@pytest.mark.parametrize("variant", ["int8", "fp32"])
def test_a_pairs_scores_do_not_depend_on_the_documents_batched_beside_it(variant):
    nlp = sentencised()
    pipe = nlp.add_pipe(TRANSFORMER_RELATION_MODEL, config={"variant": variant}).from_disk(TINY)
    alone = [p.probabilities for p in pipe(actor_doc(nlp))._.pair_predictions]
    batched = list(pipe.pipe([other_doc(nlp), actor_doc(nlp)], batch_size=2))
    assert batched[0]._.pair_predictions  # the neighbour was scored in the same run
    assert [p.probabilities for p in batched[1]._.pair_predictions] == alone


def test_thorough_runs_the_setting_the_model_records_and_it_travels_with_the_pipeline(tmp_path):
    out = save_transformer_pipeline(TINY, tmp_path / "model", merge_threshold=0.6, screen_none_below=0.45)
    cfg = out / TRANSFORMER_RELATION_MODEL / "cfg"
    srsly.write_json(cfg, srsly.read_json(cfg) | {THOROUGH: {"screen_none_below": 0.7, "merge_threshold": 0.65}})
    usual = add_relation_model(sentencised(), out)
    assert (usual.get_pipe(TRANSFORMER_RELATION_MODEL).cfg["screen_none_below"],
            usual.get_pipe("allegiance_relation_merge").threshold) == pytest.approx((0.45, 0.6))
    nlp = add_relation_model(sentencised(), out, thorough=True)
    assert (nlp.get_pipe(TRANSFORMER_RELATION_MODEL).cfg["screen_none_below"],
            nlp.get_pipe("allegiance_relation_merge").threshold) == pytest.approx((0.7, 0.65))
    assert add_relation_model(sentencised(), out, thorough=True, threshold=0.9).get_pipe(
        "allegiance_relation_merge").threshold == pytest.approx(0.9)  # the caller's threshold still wins
    nlp.to_disk(tmp_path / "pipeline")  # a saved pipeline (workers, Dask) keeps the thorough setting
    again = spacy.load(tmp_path / "pipeline")
    assert (again.get_pipe(TRANSFORMER_RELATION_MODEL).cfg["screen_none_below"],
            again.get_pipe("allegiance_relation_merge").threshold) == pytest.approx((0.7, 0.65))
    # and the component's own record agrees with it: the saved folder given as a model runs the same setting
    assert again.get_pipe(TRANSFORMER_RELATION_MODEL).cfg["merge_threshold"] == pytest.approx(0.65)


def test_thorough_asked_of_a_model_that_records_no_such_setting_or_a_malformed_one_is_one_config_error(tmp_path):
    out = save_transformer_pipeline(TINY, tmp_path / "model")
    cfg = out / TRANSFORMER_RELATION_MODEL / "cfg"
    plain = srsly.read_json(cfg)
    for recorded in (None, True, {"screen_none_below": 0.7}, {"screen_none_below": "loose", "merge_threshold": 0.7},
                     {"screen_none_below": 7, "merge_threshold": 0.7}):
        srsly.write_json(cfg, plain if recorded is None else plain | {THOROUGH: recorded})
        nlp = sentencised()
        before = list(nlp.pipe_names)
        with pytest.raises(ConfigError, match="records no usable thorough setting"):
            add_relation_model(nlp, out, thorough=True)
        assert nlp.pipe_names == before  # left as it was
        with pytest.raises(ConfigError, match="records no usable thorough setting"):  # before any worker starts
            PipelineOptions(relation_model=str(out), thorough=True)
    assert PipelineOptions(relation_model=str(out), thorough=False).thorough is False


def test_the_early_thorough_check_reads_the_component_the_pipeline_reads(tmp_path):
    # a cascade whose setting sits on its screen (first) and not on the scorer (last): both checks refuse it
    from allegiance.relations.model.train import train_relation_model

    cnn = tmp_path / "cnn"
    train_relation_model(Path(__file__).resolve().parents[1] / "fixtures" / "relation_model_corpus", cnn, seed=0,
                         epochs=1, config={"model": {"dependency_path": False,
                                                     "tok2vec": {"width": 16, "depth": 1, "embed_size": 200}}})
    out = save_transformer_pipeline(TINY, tmp_path / "cascade", screen=cnn)
    setting = {THOROUGH: {"screen_none_below": 0.7, "merge_threshold": 0.7}}
    screen_cfg = out / "allegiance_relation_model" / "cfg"
    srsly.write_json(screen_cfg, srsly.read_json(screen_cfg) | setting)
    with pytest.raises(ConfigError, match="records no usable thorough setting"):
        PipelineOptions(relation_model=str(out), thorough=True)
    with pytest.raises(ConfigError, match="records no usable thorough setting"):
        add_relation_model(sentencised(), out, thorough=True)
    scorer_cfg = out / TRANSFORMER_RELATION_MODEL / "cfg"
    srsly.write_json(scorer_cfg, srsly.read_json(scorer_cfg) | setting)
    assert PipelineOptions(relation_model=str(out), thorough=True).thorough is True
    assert add_relation_model(sentencised(), out, thorough=True).get_pipe(
        TRANSFORMER_RELATION_MODEL).cfg["screen_none_below"] == pytest.approx(0.7)


def test_the_shipped_model_records_a_thorough_setting_looser_than_its_usual_screen():
    from allegiance.relations.model import model_folder

    cfg = srsly.read_json(model_folder("shipped") / TRANSFORMER_RELATION_MODEL / "cfg")
    assert cfg[THOROUGH]["screen_none_below"] > cfg["screen_none_below"]
    assert cfg[THOROUGH]["merge_threshold"] >= cfg["merge_threshold"]  # more candidates, no lower bar


def test_relation_outcomes_run_the_models_thorough_setting_when_asked(tmp_path):
    # what `benchmarks/relation_confidence_calibration.py --thorough` measures: the pipeline's relations under
    # the model's recorded thorough setting (here a merge threshold no relation of this tiny model reaches)
    from allegiance.relations.model.relation_confidence import relation_outcomes

    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "relation_model_corpus"
    out = save_transformer_pipeline(TINY, tmp_path / "model", merge_threshold=0.0)
    with pytest.raises(ConfigError, match="records no usable thorough setting"):
        relation_outcomes(corpus, out, thorough=True)
    cfg = out / TRANSFORMER_RELATION_MODEL / "cfg"
    srsly.write_json(cfg, srsly.read_json(cfg) | {THOROUGH: {"screen_none_below": 1.0, "merge_threshold": 0.95}})
    confidences, _ = relation_outcomes(corpus, out)["model"]
    assert confidences and max(confidences) < 0.95
    assert relation_outcomes(corpus, out, thorough=True).get("model", ([], []))[0] == []
