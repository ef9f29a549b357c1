"""Rules + trained model in the pipeline (issue 15): the model adds what the rules miss, never overrules them.

A tiny model is trained here on the fixture corpus (seconds); it says ``+`` for most pairs, which
is what these tests need: whether a relation comes out is then up to the merge, not the model.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from allegiance.errors import ConfigError
from allegiance.nlp.assemble import RELATION_MERGE, RELATION_MODEL
from allegiance.relations.model.candidates import PairCandidate, pair_candidates
from allegiance.relations.model.combine import MODEL_RULE, merge_relations, model_relations
from allegiance.relations.model.component import PairPrediction
from allegiance.relations.model.train import train_relation_model
from allegiance.relations.pipeline import build_pipeline

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "relation_model_corpus"
CONTRACT_ORDER = ["doc_id", "date", "source", "target", "sign", "type", "directed", "time", "negated",
                  "confidence", "evidence"]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "model"
    train_relation_model(FIXTURE, out, seed=0, epochs=6,
                         config={"model": {"dependency_path": False,  # the merge is under test, not the parse
                                           "tok2vec": {"width": 16, "depth": 1, "embed_size": 200}}})
    return out


@pytest.fixture(scope="module")
def nlp(tiny_model):
    # threshold 0: every + or - the model says reaches the merge, the strictest case for what it must refuse
    return build_pipeline(relation_model=tiny_model, model_threshold=0.0)


def _rules_and_model(nlp, text: str):
    with nlp.select_pipes(disable=[RELATION_MERGE]):
        doc = nlp(text)
    rules = list(doc._.relations)
    labels = {p.candidate.actors: p.label for p in doc._.pair_predictions}
    return rules, labels, nlp.get_pipe(RELATION_MERGE)(doc)._.relations


def test_pipeline_runs_the_model_and_the_merge_after_the_rules(nlp):
    assert nlp.pipe_names[-3:] == ["allegiance_relations", RELATION_MODEL, RELATION_MERGE]


def test_the_model_adds_a_pair_the_rules_miss_with_its_sentence_as_evidence(nlp):
    text = "Spain, like Italy, backed the plan."
    rules, labels, merged = _rules_and_model(nlp, text)
    assert rules == [] and labels[("ESP", "ITA")] != "none"  # the case: the rules miss it, the model has a sign
    [added] = merged
    assert added.rule == MODEL_RULE and added.extra["method"] == "model"
    assert {added.source.actor.id, added.target.actor.id} == {"ESP", "ITA"}
    assert added.sign == (1 if labels[("ESP", "ITA")] == "+" else -1) and not added.directed
    assert (added.evidence.start, added.evidence.end, added.evidence.sentence) == (0, len(text), text)
    record = added.to_record(None)
    assert list(record)[:len(CONTRACT_ORDER)] == CONTRACT_ORDER and "method" not in record


def test_a_rule_relation_is_kept_and_the_model_adds_nothing_on_its_pair(nlp):
    rules, labels, merged = _rules_and_model(nlp, "Spain condemned Italy.")
    assert [(r.rule, int(r.sign)) for r in rules] == [("verb:condemn", -1)]
    assert labels[("ESP", "ITA")] != "none"  # the model has its own say on the pair ...
    assert merged == rules  # ... and the rule stands alone


@pytest.mark.parametrize("text", ["Did Spain back Italy?", "Spain did not back Italy.",
                                  "If Spain backs Italy, the deal fails."])
def test_a_question_negation_or_condition_yields_no_model_relation(nlp, text):
    rules, labels, merged = _rules_and_model(nlp, text)
    assert labels[("ESP", "ITA")] != "none"  # the model would put a relation here
    assert rules == [] and model_relations(merged) == []


def test_a_rule_relation_on_a_group_covers_each_member(nlp):
    text = "Russia and China met in Beijing. Both countries are wary of Japan."
    rules, labels, merged = _rules_and_model(nlp, text)
    assert [r.source.actor.id for r in rules] == ["GRP:CHN+RUS"]  # the rules relate the group to Japan
    assert not [r for r in model_relations(merged) if "JPN" in {r.source.actor.id, r.target.actor.id}]


def test_a_reference_pair_names_the_sentence_that_resolves_it(nlp):
    text = "Russia and China met in Beijing. Both countries later fell out over trade."
    with nlp.select_pipes(disable=[RELATION_MODEL, RELATION_MERGE, "allegiance_relations"]):
        doc = nlp(text)
    doc._.relations = []
    [pair] = [c for c in pair_candidates(doc) if c.route == "reference" and c.actors == ("CHN", "RUS")]
    prediction = PairPrediction(pair, "-", 0.9, {"none": 0.05, "+": 0.05, "-": 0.9})
    [relation] = merge_relations(doc, threshold=0.5, predictions=[prediction])
    assert relation.source.text == relation.target.text == "Both countries"
    assert relation.evidence.start == 0 and relation.evidence.sentence == text[:relation.evidence.end]
    assert relation.evidence.end == len(text)
    assert merge_relations(doc, threshold=0.95, predictions=[prediction]) == []  # below the threshold
    assert merge_relations(doc, threshold=0.5, predictions=[prediction], routes=["sentence", "quote"]) == []
    assert merge_relations(doc, threshold=0.5, predictions=[prediction], routes=["reference"]) == [relation]


@pytest.mark.parametrize(("text", "label_id"), [
    ("Trump debated his Democratic rival Joe Biden.", "USA-DEM"),       # the holder's party
])
def test_a_party_adjective_on_a_role_noun_is_never_paired_by_the_model(nlp, text, label_id):
    with nlp.select_pipes(disable=[RELATION_MODEL, RELATION_MERGE, "allegiance_relations"]):
        doc = nlp(text)
    doc._.relations = []
    pairs = [c for c in pair_candidates(doc) if label_id in c.actors]
    assert pairs, [c.actors for c in pair_candidates(doc)]
    predictions = [PairPrediction(p, "-", 0.9, {"none": 0.05, "+": 0.05, "-": 0.9}) for p in pairs]
    assert [(r.source.text, r.target.text) for r in merge_relations(doc, threshold=0.5, predictions=predictions)
            if label_id in (r.source.actor.id, r.target.actor.id)] == []


def test_a_saved_pipeline_carries_the_model(nlp, tiny_model, tmp_path):
    from allegiance.nlp import load_pipeline

    nlp.to_disk(tmp_path / "saved")
    loaded = load_pipeline(tmp_path / "saved")
    assert loaded.pipe_names == nlp.pipe_names
    text = "Spain, like Italy, backed the plan."
    again, before = loaded(text)._.pair_predictions, nlp(text)._.pair_predictions
    assert len(again) == len(before) == 1 and again[0].probabilities == pytest.approx(before[0].probabilities)
    assert loaded.get_pipe(RELATION_MERGE).threshold == 0.0


def test_a_directory_without_a_model_is_a_clear_config_error(tmp_path):
    with pytest.raises(ConfigError, match="is no relation model .*allegiance train"):
        build_pipeline(relation_model=tmp_path)


def _relations_by_doc(stream) -> dict[str, list[tuple]]:
    return {doc.id: [(r.source.text, r.target.text, int(r.sign), r.rule, r.evidence.start) for r in rels]
            for doc, rels in stream}


@pytest.mark.slow
def test_worker_processes_and_dask_workers_run_the_model(nlp):
    from allegiance.model import Document
    from allegiance.pipeline import ExtractionPool

    documents = [Document.from_text(text, id=f"m{k}") for k, text in
                 enumerate(["Spain, like Italy, backed the plan.", "Spain condemned Italy.", "Did Spain back Italy?"])]
    with ExtractionPool(1, nlp=nlp) as pool:
        here = _relations_by_doc(pool.extract(documents))
    assert [r[3] for r in here["m0"]] == [MODEL_RULE] and [r[3] for r in here["m1"]] == ["verb:condemn"]
    with ExtractionPool(2, nlp=nlp, chunk_size=1) as pool:
        assert _relations_by_doc(pool.extract(documents)) == here
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    from allegiance.distributed import extract_with_dask

    with LocalCluster(n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        assert _relations_by_doc(extract_with_dask(documents, client, nlp=nlp, partition_size=1)) == here


def test_a_recorded_confidence_scale_rescales_model_relations_and_travels_with_the_pipeline(tiny_model, tmp_path):
    from allegiance.nlp.assemble import load_pipeline
    from allegiance.relations.calibration import PlattScale
    from allegiance.relations.model.relation_confidence import record_relation_confidence

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    scale = PlattScale(0.5, -1.0, 100)
    record_relation_confidence(model, scale)
    nlp = build_pipeline(relation_model=model, model_threshold=0.0)
    assert nlp.get_pipe(RELATION_MERGE).calibration == scale
    [added] = model_relations(nlp("Spain, like Italy, backed the plan.")._.relations)
    raw = added.extra["uncalibrated_confidence"]
    assert added.confidence == scale(raw) and added.confidence < raw  # this scale lowers every confidence
    nlp.to_disk(tmp_path / "saved")
    assert load_pipeline(tmp_path / "saved").get_pipe(RELATION_MERGE).calibration == scale
    # the rule relations keep their own confidence
    rules = [r for r in nlp("France and Germany signed a defence pact.")._.relations if r.rule != MODEL_RULE]
    unscaled = build_pipeline(relation_model=tiny_model, model_threshold=0.0)
    assert [r.confidence for r in rules] == [
        r.confidence for r in unscaled("France and Germany signed a defence pact.")._.relations if r.rule != MODEL_RULE]
    assert rules


def test_calibrate_command_fits_on_dev_says_when_too_few_relations_and_refuses_a_bad_split(tiny_model, tmp_path):
    import json

    from typer.testing import CliRunner

    from allegiance.cli import app
    from allegiance.relations.calibration import PlattScale
    from allegiance.relations.model.relation_confidence import (record_relation_confidence,
                                                                 recorded_relation_confidence)

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    runner = CliRunner()
    result = runner.invoke(app, ["calibrate", "--corpus", str(FIXTURE), "--model", str(model),
                                 "--out", str(tmp_path / "fit.json")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "fit.json").read_text())
    assert report["split"] == "dev" and report["scale"]["fitted_on"] == 0 and "fewer than" in report["note"]
    assert report["model_relations"]["relations"] + report["rule_relations"]["relations"] > 0
    assert build_pipeline(relation_model=model).get_pipe(RELATION_MERGE).calibration.identity
    for split, options in (("tests", []), ("test", []), ("test", ["--dry-run"])):  # test is never fitted on
        bad = runner.invoke(app, ["calibrate", "--corpus", str(FIXTURE), "--model", str(model), "--split", split,
                                  *options])
        assert bad.exit_code == 2 and "--split" in bad.output
    # --check fits nothing: it reports the recorded scale on the split and leaves the model as it is
    record_relation_confidence(model, PlattScale(0.5, -1.0, 100))
    checked = runner.invoke(app, ["calibrate", "--corpus", str(FIXTURE), "--model", str(model), "--split", "dev",
                                  "--check"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.output)["scale"] == {"slope": 0.5, "intercept": -1.0, "fitted_on": 100}
    assert recorded_relation_confidence(model) == PlattScale(0.5, -1.0, 100)
    cfg = record_relation_confidence(model, PlattScale(0.5, -1.0, 100))
    cfg.write_text("[]", encoding="utf-8")  # a cfg that is no JSON object is refused, not half-read
    broken = runner.invoke(app, ["calibrate", "--corpus", str(FIXTURE), "--model", str(model), "--split", "dev",
                                 "--check"])
    assert broken.exit_code == 2 and "not a JSON object" in broken.output
    missing = runner.invoke(app, ["calibrate", "--corpus", str(FIXTURE), "--model", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "no relation model" in missing.output  # a ConfigError: usage


def test_a_model_pair_of_nested_mentions_is_dropped_and_one_group_reference_is_kept():
    from allegiance.nlp import load_model
    from allegiance.relations.testing import annotate

    doc = annotate(load_model(), "France and Britain were at odds over the fishing quota.", {"France": "FRA", "Britain": "GBR"})
    doc._.relations = []
    probabilities = {"none": 0.05, "+": 0.05, "-": 0.9}
    nested = PairCandidate((0, 11), ("FRA", "GBR"), ((0, 1),), ((0, 3),))  # "France" inside "France and Britain"
    apart = PairCandidate((0, 11), ("FRA", "GBR"), ((0, 1),), ((2, 3),))
    assert merge_relations(doc, threshold=0.5, predictions=[PairPrediction(nested, "-", 0.9, probabilities)]) == []
    assert len(merge_relations(doc, threshold=0.5, predictions=[PairPrediction(apart, "-", 0.9, probabilities)])) == 1


def test_a_model_relation_with_an_entity_the_knowledge_base_lacks_needs_more_confidence(nlp):
    text = "Spain, like Ana Kowalczyk, backed Italy."
    merge = nlp.get_pipe(RELATION_MERGE)
    with nlp.select_pipes(disable=[RELATION_MERGE]):
        doc = nlp(text)
    ids = {s._.actor.id for s in doc.spans["actors"]}
    assert {"ESP", "ITA", "PER:ana_kowalczyk"} <= ids  # the case: one end is an ad-hoc person
    rules = list(doc._.relations)
    settings = {"threshold": 0.0, "calibration": merge.calibration, "kb": merge.kb}
    every = merge_relations(doc, adhoc_threshold=None, **settings)
    doc._.relations = rules
    strict = merge_relations(doc, adhoc_threshold=1.01, **settings)  # above any confidence
    ends = [{r.source.actor.id, r.target.actor.id} for r in every]
    assert any("PER:ana_kowalczyk" in e for e in ends) and {"ESP", "ITA"} in ends
    assert [{r.source.actor.id, r.target.actor.id} for r in strict] == [e for e in ends
                                                                         if "PER:ana_kowalczyk" not in e]
    assert merge.adhoc_threshold == 0.5  # the component's default


def test_a_model_relation_reaches_a_national_only_at_the_receiving_end_of_an_act_against_them():
    doc = build_pipeline()("Cuba detained Berta Soler.")
    assert [s._.actor.id for s in doc.spans["actors"]] == ["CUB", "PER:berta_soler"]  # her parent is Cuba
    doc._.relations = []
    pair = PairCandidate((0, 5), ("CUB", "PER:berta_soler"), ((0, 1),), ((2, 4),))

    def merged(label, direction):
        probabilities = {"none": 0.05, "+": 0.05, "-": 0.05, label: 0.9}
        return merge_relations(doc, threshold=0.5, predictions=[PairPrediction(pair, label, 0.9, probabilities,
                                                                               direction=direction)])

    [detained] = merged("-", "forward")  # Cuba acts against her: a counterpart
    assert (detained.source.actor.id, detained.target.actor.id, detained.directed) == ("CUB", "PER:berta_soler", True)
    assert merged("-", "backward") == []  # she acting against her own country is her own side speaking
    assert merged("-", None) == [] and merged("+", "forward") == []  # undirected, or no act against her
