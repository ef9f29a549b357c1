"""``allegiance_relation_model``: a trainable spaCy component that scores candidate actor pairs.

It reads the actor spans the actor stage leaves in ``doc.spans["actors"]``, makes the
candidate pairs (:func:`~allegiance.relations.model.candidates.pair_candidates`), and
writes one :class:`PairPrediction` per candidate to ``doc._.pair_predictions``: the label
(``none``, ``+``, ``-``), its calibrated confidence and every label's probability.
Confidence is calibrated by a temperature fitted on held-out pairs
(:func:`fit_temperature`; ``allegiance train`` fits it on dev, never on test).

Training examples carry their gold candidates and labels on the reference Doc
(:func:`set_gold`), so the model is trained on the corpus's own pairs.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> pipe = nlp.add_pipe("allegiance_relation_model")
>>> pipe.labels
('none', '+', '-')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy
import srsly
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.training import Example, validate_get_examples
from spacy.util import ensure_path
from thinc.api import Config, Model, Optimizer

from allegiance.nlp import load_model
from allegiance.relations.model import architecture as _architecture  # noqa: F401  (registers the architecture)
from allegiance.actors.kb import shared_knowledge_base
from allegiance.relations.calibration import expected_calibration_error
from allegiance.relations.model.candidates import (MENTION_SETTINGS, PairCandidate, extra_mentions, mention_settings,
                                                   pair_candidates)
from allegiance.relations.model.corpus_docs import LABELS

__all__ = ["DEFAULT_MODEL", "PairPrediction", "RelationModel", "calibrate", "calibration_error", "fit_temperature",
           "model_candidates", "set_gold", "write_predictions"]

PREDICTIONS_ATTR = "pair_predictions"
_GOLD_KEY = "allegiance_pair_gold"

DEFAULT_MODEL_CONFIG = """
[model]
@architectures = "allegiance.RelationPairClassifier.v1"
hidden_width = 64
dropout = 0.1

[model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 64
depth = 2
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true
"""
DEFAULT_MODEL = Config().from_str(DEFAULT_MODEL_CONFIG)["model"]

if not Doc.has_extension(PREDICTIONS_ATTR):
    Doc.set_extension(PREDICTIONS_ATTR, default=None)


@dataclass(frozen=True, slots=True)
class PairPrediction:
    """The model's reading of one candidate pair; ``direction``: ``forward`` (``candidate.actors[0]`` acts on
    ``actors[1]``), ``backward``, or None (undirected, or no direction head)."""

    candidate: PairCandidate
    label: str
    confidence: float
    probabilities: dict[str, float]
    direction: str | None = None


def set_gold(doc: Doc, candidates: Sequence[PairCandidate], labels: Sequence[str]) -> Doc:
    """Store gold candidates and labels on a reference Doc (for :class:`spacy.training.Example`)."""
    doc.user_data[_GOLD_KEY] = (list(candidates), list(labels))
    return doc


def _gold(example: Example) -> tuple[list[PairCandidate], list[str]]:
    return example.reference.user_data.get(_GOLD_KEY, ([], []))


@Language.factory("allegiance_relation_model", default_config={"model": DEFAULT_MODEL, "temperature": 1.0,
                                                               "labels": list(LABELS), "tensor_model": "",
                                                               **dict.fromkeys(MENTION_SETTINGS, False)})
def make_relation_model(nlp: Language, name: str, model: Model, temperature: float, labels: list[str],
                        tensor_model: str, adjectival_mentions: bool, reference_mentions: bool,
                        first_person_mentions: bool, group_mentions: bool) -> "RelationModel":
    """Build the component (``nlp.add_pipe("allegiance_relation_model")``).

    ``tensor_model``: the spaCy package whose ``tok2vec`` fills ``doc.tensor`` for Docs that lack it
    (for ``allegiance.DocTensorTok2Vec.v1``; the extraction pipeline's Docs already carry it).
    ``adjectival_mentions``: also pair country adjectives the actor stage left alone ("the Russian
    invasion of Ukraine"; :func:`~allegiance.relations.model.candidates.adjectival_mentions`, with the
    built-in knowledge base).
    ``reference_mentions``: also pair pronouns and definite descriptions ("the party") the actor stage left
    unresolved, each with the latest earlier actor of a fitting kind
    (:func:`~allegiance.relations.model.candidates.reference_mentions`).
    ``first_person_mentions``: also pair "I", "we", "our" resolved to whoever speaks (a transcript's speaker
    label, ``doc._.doc_speaker``, a quote's speaker; with the built-in knowledge base;
    :func:`~allegiance.relations.model.candidates.first_person_mentions`).
    ``group_mentions``: also pair group nouns the actor stage left alone ("anti-government protesters",
    "Trump supporters"), each an ad-hoc group actor (:func:`~allegiance.relations.model.candidates.group_mentions`).
    """
    return RelationModel(nlp.vocab, model, name, temperature=temperature, labels=labels,
                         tensor_model=tensor_model, adjectival_mentions=adjectival_mentions,
                         reference_mentions=reference_mentions, first_person_mentions=first_person_mentions,
                         group_mentions=group_mentions)


_TENSOR_PIPES: dict[str, object] = {}


def fill_tensors(docs: Iterable[Doc], package: str) -> None:
    """Give every Doc without a token tensor the ``tok2vec`` output of spaCy package ``package``."""
    pending = [doc for doc in docs if getattr(doc.tensor, "ndim", 0) != 2 or doc.tensor.shape[0] != len(doc)]
    if not pending or not package:
        return
    if package not in _TENSOR_PIPES:
        _TENSOR_PIPES[package] = load_model(package).get_pipe("tok2vec")
    for doc in pending:
        _TENSOR_PIPES[package](doc)


class RelationModel(TrainablePipe):
    """Scores every candidate actor pair of a Doc: none, + or -, with calibrated confidence."""

    def __init__(self, vocab, model: Model, name: str = "allegiance_relation_model", *,
                 temperature: float = 1.0, labels: Sequence[str] = LABELS, tensor_model: str = "",
                 **mentions: bool) -> None:
        """``mentions``: the mention settings (:data:`~allegiance.relations.model.candidates.MENTION_SETTINGS`),
        off when absent."""
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {"labels": list(labels), "temperature": float(temperature), "tensor_model": tensor_model,
                    **mention_settings(mentions, only=True)}

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels the softmax predicts, ``none`` first."""
        return tuple(self.cfg["labels"])

    @property
    def temperature(self) -> float:
        """The calibration temperature applied to the probabilities."""
        return float(self.cfg["temperature"])

    def candidates(self, docs: Iterable[Doc]) -> list[list[PairCandidate]]:
        """The candidate pairs of each Doc (:func:`model_candidates` with this component's settings)."""
        return model_candidates(docs, self.cfg)

    def raw_probabilities(self, docs: Sequence[Doc], candidates: Sequence[Sequence[PairCandidate]]):
        """Uncalibrated label probabilities, one row per candidate (all Docs' candidates in order)."""
        if not any(candidates):
            return numpy.zeros((0, len(self.labels)), dtype="f")
        fill_tensors(docs, self.cfg.get("tensor_model", ""))
        return self.model.ops.to_numpy(self.model.predict((list(docs), list(candidates))))

    def probabilities(self, docs: Sequence[Doc], candidates: Sequence[Sequence[PairCandidate]]):
        """Calibrated label probabilities (:meth:`raw_probabilities` at the fitted temperature)."""
        return calibrate(self.raw_probabilities(docs, candidates), self.temperature)

    def predict(self, docs: Iterable[Doc]):
        """Candidates and their calibrated probabilities for ``docs``."""
        docs = list(docs)
        candidates = self.candidates(docs)
        return candidates, self.probabilities(docs, candidates)

    def set_annotations(self, docs: Iterable[Doc], predictions) -> None:
        """Write ``doc._.pair_predictions`` (see :class:`PairPrediction`)."""
        write_predictions(docs, *predictions, self.labels)

    def _instances(self, examples: Iterable[Example]):
        docs, candidates, labels = [], [], []
        examples = list(examples)
        fill_tensors([eg.predicted for eg in examples], self.cfg.get("tensor_model", ""))
        for eg in examples:
            gold_candidates, gold_labels = _gold(eg)
            docs.append(eg.predicted)
            candidates.append(gold_candidates)
            labels.extend(gold_labels)
        return docs, candidates, labels

    def update(self, examples: Iterable[Example], *, drop: float = 0.0, sgd: Optimizer | None = None,
               losses: dict[str, float] | None = None) -> dict[str, float]:
        """One gradient step on the gold candidates of ``examples``."""
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        docs, candidates, labels = self._instances(examples)
        if not labels:
            return losses
        probs, backprop = self.model.begin_update((docs, candidates))
        loss, d_probs = self._loss(probs, labels)
        backprop(d_probs)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def _loss(self, probs, labels: Sequence[str]):
        truth = self.model.ops.alloc2f(len(labels), len(self.labels))
        weights = self.cfg.get("class_weights") or [1.0] * len(self.labels)
        row_weights = self.model.ops.alloc2f(len(labels), 1)
        for i, label in enumerate(labels):
            truth[i, self.labels.index(label)] = 1.0
            row_weights[i, 0] = weights[self.labels.index(label)]
        d_probs = row_weights * (probs - truth) / len(labels)
        loss = float(-(row_weights * truth * self.model.ops.xp.log(probs + 1e-9)).sum() / len(labels))
        return loss, d_probs

    def get_loss(self, examples: Iterable[Example], scores) -> tuple[float, object]:
        """Cross-entropy of ``scores`` (softmax rows) against the gold labels of ``examples``."""
        _, _, labels = self._instances(examples)
        return self._loss(scores, labels)

    def initialize(self, get_examples, *, nlp=None, labels=None) -> None:  # unannotated: spaCy validates them
        """Set the labels (optional sequence) and shape the network from a sample of ``get_examples()``."""
        validate_get_examples(get_examples, "RelationModel.initialize")
        if labels is not None:
            self.cfg["labels"] = list(labels)
        examples = list(get_examples())
        _, _, all_labels = self._instances(examples)
        counts = [max(all_labels.count(label), 1) for label in self.labels]
        # balanced class weights: relations are rarer than none pairs
        self.cfg["class_weights"] = [round(len(all_labels) / (len(self.labels) * c), 4) for c in counts]
        docs, candidates, _ = self._instances(examples[:10])
        self.model.layers[-1].set_dim("nO", len(self.labels))
        self.model.initialize(X=(docs, candidates))

    def from_disk(self, path, *, exclude=tuple()) -> "RelationModel":
        """Load cfg and weights written by :meth:`to_disk`."""
        path = ensure_path(path)
        self.cfg.update(srsly.read_json(Path(path) / "cfg"))
        if not self.model.layers[-1].has_dim("nO"):
            self.model.layers[-1].set_dim("nO", len(self.labels))
        self.model.from_bytes((Path(path) / "model").read_bytes())
        return self


def model_candidates(docs: Iterable[Doc], settings: dict) -> list[list[PairCandidate]]:
    """The candidate pairs of each Doc that a relation model scores: every pair of actor spans, plus country
    adjectives when ``settings["adjectival_mentions"]`` is on, resolved references when
    ``reference_mentions`` is, first-person pronouns when ``first_person_mentions`` is, group nouns when
    ``group_mentions`` is (one function for every model family).

    Examples
    --------
    >>> import spacy
    >>> model_candidates([spacy.blank("en")("No actors here.")], {})
    [[]]
    """
    switches = {MENTION_SETTINGS[name]: on for name, on in mention_settings(settings).items()}
    kb = shared_knowledge_base() if switches["adjectival"] or switches["first_person"] else None
    return [pair_candidates(doc, extra_mentions=extra_mentions(doc, kb, **switches)) for doc in docs]


def write_predictions(docs: Iterable[Doc], candidates: Sequence[Sequence[PairCandidate]], probs,
                      labels: Sequence[str], directions: Sequence[str | None] | None = None) -> None:
    """Write ``doc._.pair_predictions``: one :class:`PairPrediction` per candidate, from the rows of ``probs``
    (all Docs' candidates in order; the best label, its probability and every label's) and of ``directions``
    when given."""
    row = 0
    for doc, doc_candidates in zip(docs, candidates):
        out = []
        for candidate in doc_candidates:
            p = probs[row]
            direction = directions[row] if directions is not None else None
            row += 1
            best = int(p.argmax())
            out.append(PairPrediction(candidate, labels[best], float(p[best]),
                                      {label: float(v) for label, v in zip(labels, p)}, direction))
        doc._.set(PREDICTIONS_ATTR, out)


def calibrate(probs, temperature: float):
    """Probabilities with their logits divided by ``temperature`` (rows still sum to 1).

    Examples
    --------
    >>> calibrate(numpy.array([[0.8, 0.2]]), 1.0).round(2).tolist()
    [[0.8, 0.2]]
    >>> float(calibrate(numpy.array([[0.8, 0.2]]), 2.0)[0, 0].round(2))
    0.67
    """
    logits = numpy.log(numpy.clip(probs, 1e-9, 1.0)) / float(temperature)
    logits -= logits.max(axis=1, keepdims=True)
    exp = numpy.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_temperature(probs, gold_indices: Sequence[int]) -> float:
    """The temperature minimising the negative log-likelihood of ``gold_indices`` (grid search 0.25-5).

    Examples
    --------
    >>> p = numpy.array([[0.99, 0.01], [0.99, 0.01], [0.01, 0.99], [0.99, 0.01]])
    >>> fit_temperature(p, [0, 0, 1, 1]) > 1.0   # overconfident -> soften
    True
    """
    gold = numpy.asarray(gold_indices)
    best, best_nll = 1.0, float("inf")
    for t in numpy.round(numpy.arange(0.25, 5.01, 0.05), 2):
        p = calibrate(probs, t)[numpy.arange(len(gold)), gold]
        nll = float(-numpy.log(numpy.clip(p, 1e-9, 1)).mean())
        if nll < best_nll - 1e-12:
            best, best_nll = float(t), nll
    return best


def calibration_error(probs, gold_indices: Sequence[int], *, bins: int = 10) -> float:
    """Expected calibration error of the top label: mean |accuracy - confidence| over confidence bins.

    Examples
    --------
    >>> calibration_error(numpy.array([[0.9, 0.1], [0.9, 0.1]]), [0, 1])
    0.4
    """
    gold = numpy.asarray(gold_indices)
    if len(gold) == 0:
        return 0.0
    return expected_calibration_error(probs.max(axis=1), probs.argmax(axis=1) == gold, bins=bins)
