"""The transformer pair classifier's direction head: which actor of a related pair acts on the other (issue 15).

The fixture model (tests/fixtures/tiny_transformer_relation_model) has random weights, so a head fitted on it
means nothing; these tests check the plumbing: fitting on the corpus, reading and writing the head, the
direction written on each prediction, and the merge turning it into a directed relation.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy
import pytest
import spacy

from allegiance.errors import ConfigError, EmptyInputError
from allegiance.nlp import load_model
from allegiance.relations.corpus import load_corpus
from allegiance.relations.model.candidates import PairCandidate
from allegiance.relations.model.combine import merge_relations
from allegiance.relations.model.component import PairPrediction
from allegiance.relations.model.direction_train import (add_direction_head, direction_pairs, fit_direction_head,
                                                        pair_direction)
from allegiance.relations.model.transformer_component import TRANSFORMER_RELATION_MODEL, save_transformer_pipeline
from allegiance.relations.model import transformer_pairs
from allegiance.relations.model.transformer_pairs import (DIRECTION_FILE, DIRECTIONS, DirectionHead,
                                                          OnnxPairClassifier, cpu_session, encode_pairs, run_encoded)
from allegiance.relations.testing import annotate

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_transformer_relation_model"
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "relation_model_corpus"
TEXT = "France backed Britain. Russia condemned France."


def actor_doc():
    """TEXT with its three countries as actor spans and no rule relations (so every pair is scored)."""
    doc = annotate(load_model(), TEXT, {"France": "FRA", "Britain": "GBR", "Russia": "RUS"})
    doc._.relations = []
    return doc


def with_head(tmp_path: Path, bias: list[float]) -> Path:
    """A copy of the fixture model with a head that ignores the vector: ``bias`` alone decides."""
    folder = tmp_path / "model"
    shutil.copytree(TINY, folder)
    classifier = OnnxPairClassifier(folder)
    encoded = encode_pairs(classifier.tokenizer, [actor_doc()],
                           [[PairCandidate((0, 4), ("FRA", "GBR"), ((0, 1),), ((2, 3),))]], max_length=32)
    width = run_encoded(classifier.session, encoded, 1, 3, pooled=True)[1].shape[1]
    head = DirectionHead(numpy.zeros((width, 3)), bias, threshold=0.9)
    (folder / DIRECTION_FILE).write_text(json.dumps(head.to_dict()), encoding="utf-8")
    return folder


def predictions_of(folder: Path) -> list[PairPrediction]:
    nlp = spacy.blank("en")
    return nlp.add_pipe(TRANSFORMER_RELATION_MODEL).from_disk(folder)(actor_doc())._.pair_predictions


def test_the_component_writes_the_heads_direction_on_every_prediction(tmp_path):
    folder = with_head(tmp_path, [0.0, 9.0, 0.0])  # always "backward", far above the threshold
    predictions = predictions_of(folder)
    assert predictions and {p.direction for p in predictions} == {"backward"}
    pipe = spacy.blank("en").add_pipe(TRANSFORMER_RELATION_MODEL).from_disk(folder)
    pipe.to_disk(tmp_path / "saved")
    assert (tmp_path / "saved" / DIRECTION_FILE).is_file()  # the head travels with the component


def test_a_head_below_its_threshold_leaves_the_pairs_undirected(tmp_path):
    predictions = predictions_of(with_head(tmp_path, [0.0, 0.5, 0.0]))  # "backward" wins at about 0.45
    assert predictions and {p.direction for p in predictions} == {None}


def test_a_model_without_a_head_gives_no_direction():
    assert OnnxPairClassifier(TINY).direction is None
    predictions = predictions_of(TINY)
    assert predictions and {p.direction for p in predictions} == {None}


@pytest.mark.parametrize("direction,source,directed", [("backward", "GBR", True), ("forward", "FRA", True),
                                                        (None, "FRA", False)])
def test_the_merge_directs_a_model_relation_as_the_head_says(direction, source, directed):
    doc = annotate(load_model(), "France and Britain were at odds over the fishing quota.",
                   {"France": "FRA", "Britain": "GBR"})
    doc._.relations = []
    pair = PairCandidate((0, 11), ("FRA", "GBR"), ((0, 1),), ((2, 3),))
    prediction = PairPrediction(pair, "-", 0.9, {"none": 0.05, "+": 0.05, "-": 0.9}, direction)
    [relation] = merge_relations(doc, predictions=[prediction])
    assert (relation.source.actor.id, relation.directed) == (source, directed)
    assert {relation.source.actor.id, relation.target.actor.id} == {"FRA", "GBR"}


def test_the_corpus_direction_labels_follow_the_pairs_actor_order():
    corpus = load_corpus(CORPUS)
    labels = [pair_direction(pair) for _, ann in corpus.finals("train") for pair in ann.pairs]
    assert set(labels) <= {None, *DIRECTIONS} and any(label in ("forward", "backward") for label in labels)
    encoded, indices = direction_pairs(list(corpus.finals("train")), OnnxPairClassifier(TINY).tokenizer, 32)
    assert len(encoded) == len(indices) == sum(label is not None for label in labels) > 0


def test_a_head_is_fitted_on_the_corpus_and_loaded_with_the_model(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(TINY, folder)
    head = add_direction_head(folder, CORPUS)
    assert (folder / DIRECTION_FILE).is_file()
    loaded = OnnxPairClassifier(folder).direction
    assert loaded is not None and loaded.threshold == head.threshold and 0.5 <= head.threshold <= 1.0
    assert head.info["fitted_on_pairs"] > 0 and head.info["split"] == "train"
    assert numpy.allclose(loaded.weights, head.weights, atol=1e-5)


class _WithoutPooled:
    """An ONNX Runtime session that hides the pooled output, as a graph exported before it existed has none."""

    def __init__(self, session):
        self.session = session

    def get_outputs(self):
        return [o for o in self.session.get_outputs() if o.name != "pooled"]


def test_a_head_cannot_be_fitted_without_relations_or_read_when_broken(tmp_path, monkeypatch):
    with pytest.raises(EmptyInputError):
        fit_direction_head(numpy.zeros((0, 4)), [])
    folder = tmp_path / "model"
    shutil.copytree(TINY, folder)
    (folder / DIRECTION_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="direction head"):
        OnnxPairClassifier(folder)
    (folder / DIRECTION_FILE).write_text(json.dumps(DirectionHead(numpy.zeros((60, 3)), numpy.zeros(3)).to_dict()))
    with monkeypatch.context() as patch:  # a graph exported before the pooled output existed
        patch.setattr(transformer_pairs, "cpu_session", lambda *a, **k: _WithoutPooled(cpu_session(*a, **k)))
        with pytest.raises(ConfigError, match="pooled"):  # a head beside a graph that cannot feed it: said
            OnnxPairClassifier(folder)
    with pytest.raises(ConfigError, match="labels"):
        DirectionHead.from_dict({"labels": ["a", "b", "c"], "weights": [[0, 0, 0]], "bias": [0, 0, 0]})
    with pytest.raises(ConfigError, match="width"):
        DirectionHead(numpy.zeros((4, 3)), numpy.zeros(3)).decide(numpy.zeros((1, 5)))
    with pytest.raises(ConfigError, match="no transformer"):
        add_direction_head(tmp_path / "empty", CORPUS)


def test_refitting_replaces_a_broken_head_and_a_failed_fit_keeps_the_old_one(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(TINY, folder)
    (folder / DIRECTION_FILE).write_text("{not json", encoding="utf-8")
    add_direction_head(folder, CORPUS)  # the broken head is what the user is told to fit again
    assert OnnxPairClassifier(folder).direction is not None
    kept = (folder / DIRECTION_FILE).read_text(encoding="utf-8")
    (tmp_path / "empty" / "annotations").mkdir(parents=True)
    (tmp_path / "empty" / "documents.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(EmptyInputError):  # no relation to fit on: nothing written, nothing lost
        add_direction_head(folder, tmp_path / "empty")
    assert (folder / DIRECTION_FILE).read_text(encoding="utf-8") == kept


def test_a_blank_pipeline_has_no_transformer_to_direct(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(ConfigError, match="no transformer"):
        add_direction_head(tmp_path / "blank", CORPUS)


def test_fit_direction_command_records_a_head_and_refuses_what_holds_no_transformer(tmp_path):
    from typer.testing import CliRunner

    from allegiance.cli import app

    folder = save_transformer_pipeline(TINY, tmp_path / "pipeline")  # what allegiance train --out writes
    runner = CliRunner()
    done = runner.invoke(app, ["fit-direction", "--corpus", str(CORPUS), "--model", str(folder)])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["fitted_on_pairs"] > 0
    assert (folder / TRANSFORMER_RELATION_MODEL / DIRECTION_FILE).is_file()
    nlp = spacy.load(folder)  # the pipeline reads the head it now holds
    assert nlp.get_pipe(TRANSFORMER_RELATION_MODEL).classifier.direction is not None
    spacy.blank("en").to_disk(tmp_path / "blank")
    refused = runner.invoke(app, ["fit-direction", "--corpus", str(CORPUS), "--model", str(tmp_path / "blank")])
    assert refused.exit_code != 0 and "no transformer" in " ".join(refused.output.split())
    missing = runner.invoke(app, ["fit-direction", "--corpus", str(tmp_path / "nope"), "--model", str(folder)])
    assert missing.exit_code == 1 and "not a directory" in " ".join(missing.output.split())
