"""Fit a relation model's confidence scale on a labelled split and record it in the model (``allegiance calibrate``).

The pipeline with the model runs on the split's documents with no scale; each model relation's
confidence and whether the corpus's scorer counts it right
(:func:`~allegiance.relations.evaluate_scoring.prediction_outcomes`) fit a
:class:`~allegiance.relations.calibration.PlattScale`, which :func:`record_relation_confidence` writes
into the model directory (``merge_calibration`` in the cfg of its last model component); every
pipeline built with the model then reports a model relation's confidence as the share of such
relations that are right. The rule relations are reported beside it and left as they are: their
confidence is written by hand per rule and modifier, and on the corpus's dev split it was already
close to their precision (a scale fitted there made it worse, see
``benchmarks/results/relation_confidence_calibration.json``).

Fit on dev, never on test: the test split is for checking the scale once.

Examples
--------
>>> model = ([0.9, 0.9, 0.6, 0.6, 0.6, 0.6] * 10, [True, False, True, False, False, False] * 10)
>>> fit = ConfidenceFit.of({"model": model, "rules": ([0.7], [True])}, split="dev")
>>> fit.model["relations"], fit.model["right"], fit.rules["relations"]
(60, 20, 1)
>>> round(fit.scale(0.9), 2), round(fit.scale(0.6), 2)   # right half and a quarter of the time
(0.5, 0.25)
>>> fit.model["calibration_error"] > fit.model["calibration_error_scaled"]
True
>>> ConfidenceFit.of({"model": (model[0][:6], model[1][:6])}, split="dev").scale.identity   # too few to fit
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from allegiance.errors import ConfigError
from allegiance.nlp.assemble import RELATION_MERGE, relation_model_components
from allegiance.nlp.model_dir import RELATION_MODEL_HINT
from allegiance.relations.calibration import PlattScale, expected_calibration_error, reliability
from allegiance.relations.corpus_eval import corpus_predictions, outcomes_by_method
from allegiance.relations.model import model_folder
from allegiance.relations.pipeline import build_pipeline

__all__ = ["ConfidenceFit", "fit_relation_confidence", "record_relation_confidence", "relation_outcomes"]

#: fewest model relations a scale is fitted on; with fewer the model keeps its confidences
MIN_RELATIONS = 30
_CFG_KEY = "merge_calibration"


def _summary(confidences: Sequence[float], right: Sequence[bool], scale: PlattScale | None = None) -> dict:
    out = reliability(confidences, right)
    if scale is not None:
        scaled = [scale(c) for c in confidences]
        out["mean_confidence_scaled"] = round(100 * sum(scaled) / len(scaled), 1) if scaled else None
        out["calibration_error_scaled"] = expected_calibration_error(scaled, right)
    return out


@dataclass(frozen=True)
class ConfidenceFit:
    """The scale fitted on one split's model relations, and how well each confidence matched the outcomes.

    ``model`` and ``rules``: relations, right, precision and mean confidence (in %), expected calibration error
    (:func:`~allegiance.relations.calibration.expected_calibration_error`); ``model`` also after the scale.
    """

    scale: PlattScale
    split: str
    model: dict = field(default_factory=dict)
    rules: dict = field(default_factory=dict)

    @classmethod
    def of(cls, outcomes: Mapping[str, tuple[Sequence[float], Sequence[bool]]], *, split: str,
           scale: PlattScale | None = None) -> "ConfidenceFit":
        """Fit (unless ``scale`` is given) on the model's ``(confidences, right)`` of ``outcomes``
        (:func:`relation_outcomes`); the rules' are reported."""
        model, rules = outcomes.get("model", ([], [])), outcomes.get("rules", ([], []))
        if scale is None:
            scale = PlattScale.fit(*model) if len(model[0]) >= MIN_RELATIONS else PlattScale()
        return cls(scale, split, _summary(*model, scale), _summary(*rules))

    def to_dict(self) -> dict:
        """Plain JSON (with a note when too few model relations left the confidences as they were)."""
        out = {"split": self.split, "scale": {"slope": self.scale.slope, "intercept": self.scale.intercept,
                                              "fitted_on": self.scale.fitted_on},
               "model_relations": self.model, "rule_relations": self.rules}
        if self.scale.identity and self.model.get("relations", 0) < MIN_RELATIONS:
            out["note"] = (f"{self.model.get('relations', 0)} model relations on {self.split}, fewer than "
                           f"{MIN_RELATIONS}: the model's confidences are kept as they are")
        return out


def relation_outcomes(corpus: str | Path, relation_model: str | Path, *, split: str = "dev",
                      n_process: int = 1, thorough: bool = False) -> dict[str, tuple[list[float], list[bool]]]:
    """Per method (``model``, ``rules``), the confidence of every relation the pipeline with ``relation_model``
    finds on the split's documents, before any confidence scale, and whether it is right
    (:func:`~allegiance.relations.corpus_eval.outcomes_by_method`). ``thorough``: the pipeline runs with the
    model's thorough setting (:func:`~allegiance.nlp.assemble.add_relation_model`)."""
    nlp = build_pipeline(relation_model=relation_model, thorough=thorough)  # the pipeline `extract --model` runs
    nlp.get_pipe(RELATION_MERGE).calibration = PlattScale()
    gold, predictions, _ = corpus_predictions(corpus, split=split, nlp=nlp, n_process=n_process)
    return outcomes_by_method(gold, predictions)


def fit_relation_confidence(corpus: str | Path, relation_model: str | Path, *, split: str = "dev",
                            n_process: int = 1) -> ConfidenceFit:
    """Fit the model relations' confidence scale on one labelled split (:func:`relation_outcomes`)."""
    return ConfidenceFit.of(relation_outcomes(corpus, relation_model, split=split, n_process=n_process),
                            split=split)


def check_relation_confidence(corpus: str | Path, relation_model: str | Path, *, split: str = "test",
                              n_process: int = 1) -> ConfidenceFit:
    """How well the scale recorded in the model (fitted on dev) fits another split: nothing is fitted, the
    report's ``after`` figures are the recorded scale's (:func:`recorded_relation_confidence`)."""
    return ConfidenceFit.of(relation_outcomes(corpus, relation_model, split=split, n_process=n_process),
                            split=split, scale=recorded_relation_confidence(relation_model))


def _confidence_cfg(relation_model: str | Path) -> Path:
    """The cfg file of the model's last component, where its confidence scale is recorded."""
    folder = model_folder(relation_model)
    name, _ = relation_model_components(folder)[-1]
    return folder / name / "cfg"


def _read_confidence_cfg(path: Path) -> dict:
    """The JSON cfg at ``path`` (empty when absent); a cfg that cannot be read is a :class:`ConfigError`."""
    try:
        cfg = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the confidence scale in {path} ({exc})", hint=RELATION_MODEL_HINT) from exc
    if not isinstance(cfg, dict):
        raise ConfigError(f"cannot read the confidence scale in {path} (not a JSON object)", hint=RELATION_MODEL_HINT)
    return cfg


def recorded_relation_confidence(relation_model: str | Path) -> PlattScale:
    """The confidence scale recorded in the model (the identity when none is).

    Raises
    ------
    ConfigError
        ``relation_model`` is no relation model, or its cfg cannot be read.

    Examples
    --------
    >>> recorded_relation_confidence("shipped").fitted_on > 0
    True
    """
    return PlattScale.from_list(_read_confidence_cfg(_confidence_cfg(relation_model)).get(_CFG_KEY))


def record_relation_confidence(relation_model: str | Path, scale: PlattScale) -> Path:
    """Write ``scale`` into the model directory (the cfg of its last model component), where
    :func:`~allegiance.nlp.assemble.add_relation_model` reads it; returns the file written.

    Raises
    ------
    ConfigError
        ``relation_model`` is no relation model, or its cfg cannot be written.

    Examples
    --------
    >>> record_relation_confidence("/nowhere", PlattScale())
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: /nowhere is no relation model (no config.cfg); give a directory written by: allegiance train --corpus CORPUS --out DIR
    """
    path = _confidence_cfg(relation_model)
    cfg = _read_confidence_cfg(path)
    try:
        cfg[_CFG_KEY] = None if scale.identity else scale.to_list()
        path.write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot record the confidence scale in {path} ({exc})", hint=RELATION_MODEL_HINT) from exc
    return path
