"""``allegiance_transformer_relation_model``: relation model family (b) as a spaCy component (issue 15).

The fine-tuned transformer pair classifier of
:mod:`~allegiance.relations.model.transformer_pairs`, run through ONNX Runtime, behind the same
interface as the CNN component (:class:`~allegiance.relations.model.component.RelationModel`): it
makes the same candidates (:func:`~allegiance.relations.model.component.model_candidates`) and writes
one :class:`~allegiance.relations.model.component.PairPrediction` per scored candidate to
``doc._.pair_predictions``, which ``allegiance_relation_merge`` turns into relations.

With ``skip_rule_pairs`` (the default) a candidate whose pair the rules already related in its sentence
is not scored: the merge never overrules a rule relation, so its score could change nothing, and the
encoder is the costly step of extraction.

The weights travel with the pipeline: ``to_disk`` writes the ONNX file of the chosen variant, the
tokenizer and ``meta.json`` (labels, temperature, maximum length, base weights and their licence) into the
component's folder, ``from_disk`` reads them; nothing is downloaded.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> pipe = nlp.add_pipe("allegiance_transformer_relation_model")
>>> pipe.cfg["variant"], pipe.cfg["skip_rule_pairs"]
('int8', True)
>>> pipe(nlp("No model is loaded yet."))
Traceback (most recent call last):
...
allegiance.errors.ConfigError: the transformer relation model has no weights; load a trained model directory into it (allegiance train --family transformer --out DIR writes one)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy
import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from allegiance.errors import ConfigError
from allegiance.nlp.assemble import RELATION_MERGE, RELATION_MODEL, add_relation_model
from allegiance.relations.model.candidates import MENTION_SETTINGS, PairCandidate, mention_settings
from allegiance.relations.model.combine import PairIndex
from allegiance.relations.model.component import PREDICTIONS_ATTR, model_candidates, write_predictions
from allegiance.relations.model.corpus_docs import LABELS
from allegiance.relations.model.train import TRAINING_COMPONENT_DEFAULTS
from allegiance.relations.model.transformer_pairs import DIRECTION_FILE, MODEL_FILES, OnnxPairClassifier

__all__ = ["TRANSFORMER_RELATION_MODEL", "TransformerRelationModel", "save_transformer_pipeline", "uncovered_candidates"]

#: the factory name of the component
TRANSFORMER_RELATION_MODEL = "allegiance_transformer_relation_model"
_CFG_FILE = "cfg"
_NO_WEIGHTS = ("the transformer relation model has no weights", "load a trained model directory into it "
               "(allegiance train --family transformer --out DIR writes one)")


@Language.factory(TRANSFORMER_RELATION_MODEL,
                  default_config={"variant": "int8", "threads": 1, "batch_size": 32, "skip_rule_pairs": True,
                                  "screen_none_below": 1.0, **dict.fromkeys(MENTION_SETTINGS, False)},
                  assigns=["doc._.pair_predictions"])
def make_transformer_relation_model(nlp: Language, name: str, variant: str, threads: int, batch_size: int,
                                    skip_rule_pairs: bool, screen_none_below: float, adjectival_mentions: bool,
                                    reference_mentions: bool, first_person_mentions: bool, group_mentions: bool,
                                    ) -> "TransformerRelationModel":
    """Build the component; its weights come from :meth:`TransformerRelationModel.from_disk`.

    ``variant``: ``"int8"`` (dynamic int8 weights) or ``"fp32"``. ``threads``: ONNX Runtime threads
    (1 per extraction worker). ``batch_size``: candidates per encoder run with fp32 weights (int8 scores each alone, see
    :attr:`~allegiance.relations.model.transformer_pairs.OnnxPairClassifier.rows_per_run`). ``skip_rule_pairs``: do not
    score pairs the rules already related. ``screen_none_below``: when a cheaper relation model earlier in
    the pipeline (the CNN) has written ``doc._.pair_predictions``, score only its candidates whose
    probability of ``none`` is below this (1.0: every candidate; a cascade, see the module). The four
    mention settings are the CNN's (:func:`~allegiance.relations.model.component.make_relation_model`).
    """
    if variant not in MODEL_FILES:
        raise ConfigError(f"unknown model variant {variant!r}", hint=f"use one of {sorted(MODEL_FILES)}")
    return TransformerRelationModel(name, variant=variant, threads=threads, batch_size=batch_size,
                                    skip_rule_pairs=skip_rule_pairs, screen_none_below=screen_none_below,
                                    adjectival_mentions=adjectival_mentions,
                                    reference_mentions=reference_mentions,
                                    first_person_mentions=first_person_mentions, group_mentions=group_mentions)


def uncovered_candidates(doc: Doc, candidates: Sequence[PairCandidate]) -> list[PairCandidate]:
    """The candidates whose pair the rules left without a relation in its sentence (``doc._.relations``).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("France backed Britain.")
    >>> doc._.relations = []
    >>> pair = PairCandidate((0, 4), ("FRA", "GBR"), ((0, 1),), ((2, 3),))
    >>> uncovered_candidates(doc, [pair]) == [pair]
    True
    """
    rules = list(doc._.relations or []) if doc.has_extension("relations") else []
    if not rules or not candidates:
        return list(candidates)
    pairs = PairIndex(doc)
    covered = pairs.covered(rules)
    return [c for c in candidates if pairs.of_candidate(c) not in covered]


def scored_candidates(doc: Doc, candidates: Sequence[PairCandidate], cfg: dict) -> list[PairCandidate]:
    """The candidates a transformer model with ``cfg`` scores: those of its ``merge_routes`` (the merge
    would drop the others: not worth an encoder run), less the rule-covered ones with ``skip_rule_pairs``."""
    routes = cfg.get("merge_routes")
    found = [c for c in candidates if routes is None or c.route in routes]
    return uncovered_candidates(doc, found) if cfg.get("skip_rule_pairs") else found


class TransformerRelationModel:
    """Scores candidate actor pairs with a fine-tuned transformer on ONNX Runtime: none, + or -, calibrated."""

    def __init__(self, name: str = TRANSFORMER_RELATION_MODEL, *, variant: str = "int8", threads: int = 1,
                 batch_size: int = 32, skip_rule_pairs: bool = True, screen_none_below: float = 1.0,
                 **mentions: bool) -> None:
        """``mentions``: the mention settings (:data:`~allegiance.relations.model.candidates.MENTION_SETTINGS`),
        off when absent."""
        self.name = name
        self.cfg = {"variant": variant, "threads": int(threads), "batch_size": int(batch_size),
                    "skip_rule_pairs": bool(skip_rule_pairs), "screen_none_below": float(screen_none_below),
                    **mention_settings(mentions, only=True)}
        self.classifier: OnnxPairClassifier | None = None
        self.source: Path | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels the classifier predicts, ``none`` first."""
        return self.classifier.labels if self.classifier is not None else LABELS

    def candidates(self, docs: Iterable[Doc]) -> list[list[PairCandidate]]:
        """The candidates this component scores: those a screening model earlier in the pipeline gives a
        probability of ``none`` below ``screen_none_below`` (else :func:`model_candidates`), less the
        rule-covered ones when ``skip_rule_pairs`` is on, and those of a route the model's ``merge_routes``
        leave out."""
        docs = list(docs)
        screen = float(self.cfg.get("screen_none_below", 1.0))
        if screen < 1.0 and all(doc._.get(PREDICTIONS_ATTR) is not None for doc in docs):
            found = [[p.candidate for p in doc._.get(PREDICTIONS_ATTR) if p.probabilities.get("none", 0.0) < screen]
                     for doc in docs]
        else:
            found = model_candidates(docs, self.cfg)
        return [scored_candidates(doc, cands, self.cfg) for doc, cands in zip(docs, found)]

    def scores(self, docs: Sequence[Doc], candidates: Sequence[Sequence[PairCandidate]],
               ) -> tuple[numpy.ndarray, list[str | None] | None]:
        """Calibrated label probabilities, one row per candidate (all Docs' candidates in order), and their
        directions when the model has a direction head (:meth:`OnnxPairClassifier.scores`)."""
        if self.classifier is None:
            raise ConfigError(_NO_WEIGHTS[0], hint=_NO_WEIGHTS[1])
        if not any(candidates):
            return numpy.zeros((0, len(self.labels)), dtype="f"), None
        return self.classifier.scores(docs, candidates)

    def probabilities(self, docs: Sequence[Doc], candidates: Sequence[Sequence[PairCandidate]]) -> numpy.ndarray:
        """Calibrated label probabilities, one row per candidate (all Docs' candidates in order)."""
        return self.scores(docs, candidates)[0]

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Score the Docs in groups of ``batch_size`` (the encoder runs over a group's candidates at once)."""
        group: list[Doc] = []
        for doc in docs:
            group.append(doc)
            if len(group) >= batch_size:
                yield from self._score(group)
                group = []
        if group:
            yield from self._score(group)

    def _score(self, docs: list[Doc]) -> list[Doc]:
        candidates = self.candidates(docs)
        probabilities, directions = self.scores(docs, candidates)
        write_predictions(docs, candidates, probabilities, self.labels, directions)
        return docs

    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        """Write the settings and the weights (ONNX file of the variant, tokenizer, meta.json) to ``path``."""
        if self.source is None:
            raise ConfigError(_NO_WEIGHTS[0], hint=_NO_WEIGHTS[1])
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / _CFG_FILE, self.cfg)
        optional = [DIRECTION_FILE] if (self.source / DIRECTION_FILE).is_file() else []
        for name in ("meta.json", "tokenizer.json", MODEL_FILES[self.cfg["variant"]], *optional):
            if (self.source / name).resolve() != (path / name).resolve():
                shutil.copyfile(self.source / name, path / name)

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> "TransformerRelationModel":
        """Read the weights from ``path``: a folder written by :meth:`to_disk` or by
        :func:`~allegiance.relations.model.transformer_train.train_transformer_pairs`."""
        path = ensure_path(path)
        if (path / _CFG_FILE).is_file():
            self.cfg.update(srsly.read_json(path / _CFG_FILE))
        self.classifier = OnnxPairClassifier(path, variant=self.cfg["variant"], threads=self.cfg["threads"],
                                             batch_size=self.cfg["batch_size"])
        self.source = Path(path)
        return self


def save_transformer_pipeline(weights: str | Path, out: str | Path, *, variant: str = "int8",
                              merge_threshold: float | None = None, screen: str | Path | None = None,
                              merge_routes: Sequence[str] | None = None, **settings) -> Path:
    """Write a relation-model directory (a spaCy pipeline holding this component) from the raw model folder
    that :func:`~allegiance.relations.model.transformer_train.train_transformer_pairs` writes.

    ``allegiance extract --model OUT`` and :func:`~allegiance.nlp.assemble.add_relation_model` read the
    result; only the ``variant``'s weights are kept. ``settings`` are further component settings (the
    mention settings, also set on the screen, ``skip_rule_pairs``, ``threads``, ``batch_size``); the
    mention settings default to those the CNN trains with
    (:data:`~allegiance.relations.model.train.TRAINING_COMPONENT_DEFAULTS`).
    ``merge_threshold``: the calibrated confidence a model relation needs in the merge, chosen on dev
    (:func:`~allegiance.nlp.assemble.add_relation_model` uses it unless told another); the merge's default
    when None. ``merge_routes``: the candidate routes whose predictions the merge may turn into relations
    (chosen on dev; every route when None). ``screen``: a CNN relation model directory (``allegiance train --out``) put before the
    transformer, whose predictions choose the candidates the transformer scores (with
    ``screen_none_below`` in ``settings``; see the module). The training record (``training.json``) is
    copied beside the pipeline when there is one.
    """
    weights, out = Path(weights), Path(out)
    nlp = spacy.blank("en")
    config = {**TRAINING_COMPONENT_DEFAULTS, **settings, "variant": variant}
    if screen is not None:
        add_relation_model(nlp, screen)
        nlp.remove_pipe(RELATION_MERGE)
        # the screen chooses the candidates: it must make the same mentions
        nlp.get_pipe(RELATION_MODEL).cfg.update(mention_settings(config))
    pipe = nlp.add_pipe(TRANSFORMER_RELATION_MODEL, config=config)
    pipe.from_disk(weights)
    if merge_threshold is not None:
        pipe.cfg["merge_threshold"] = float(merge_threshold)
    if merge_routes is not None:
        pipe.cfg["merge_routes"] = [str(r) for r in merge_routes]
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    if (weights / "training.json").is_file():
        shutil.copyfile(weights / "training.json", out / "training.json")
    return out
