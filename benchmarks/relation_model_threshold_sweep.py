"""Rules + a relation model on corpus dev, at every confidence threshold, from one parse.

The pipeline runs once with the model at a low threshold (every model relation at or above it is
kept, each with its confidence); each higher threshold is then scored by dropping the model
relations under it. The model only adds relations on pairs the rules left empty, so this equals a
separate run per threshold. Rules alone are the line with no model relation kept; the model relations
in each band between two thresholds give a reliability table (precision against mean confidence). Dev only: the
test split is never read here (choose the threshold here, then score test once).

    PYTHONPATH=src python benchmarks/relation_model_threshold_sweep.py --model DIR|shipped [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from _common import write_report

from allegiance.relations.calibration import PlattScale
from allegiance.relations.corpus_eval import corpus_predictions, evaluate_corpus
from allegiance.relations.model import model_folder
from allegiance.relations.model.transformer_component import TRANSFORMER_RELATION_MODEL
from allegiance.relations.pipeline import build_pipeline

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def is_model_relation(prediction: dict) -> bool:
    return str(prediction.get("rule") or "").startswith("model")


def kept_at(predictions: list[dict], threshold: float | None) -> list[dict]:
    """The predictions a run at ``threshold`` keeps: every rule relation and the model relations at or above it
    (``None``: rules alone)."""
    return [p for p in predictions
            if not is_model_relation(p) or (threshold is not None and p["confidence"] >= threshold)]


def threshold_row(micro, kept: list[dict]) -> dict:
    """One threshold's line: micro P/R/F1 in percent, the model relations kept and the true positives."""
    return {"precision": round(100 * micro.precision, 2), "recall": round(100 * micro.recall, 2),
            "f1": round(100 * micro.f1, 2), "model_relations": sum(map(is_model_relation, kept)),
            "true_positives": micro.tp}


def uncalibrated_pipeline(model: str, thresholds=THRESHOLDS, *, ner_fallback: bool | None = None,
                          screen_none_below: float | None = None):
    """The ``extract`` pipeline with ``model``, keeping every model relation at or above the lowest of
    ``thresholds`` with its confidence before the package's scale (``allegiance calibrate``): the merge compares
    that value with its threshold, so every higher threshold can be scored from this one parse.
    ``screen_none_below``: score the candidates the package's screening CNN gives a probability of none below
    this (None: the package's own setting)."""
    nlp = build_pipeline(ner_fallback=ner_fallback, relation_model=model, model_threshold=min(thresholds))
    nlp.get_pipe("allegiance_relation_merge").calibration = PlattScale()
    if screen_none_below is not None:
        if TRANSFORMER_RELATION_MODEL not in nlp.pipe_names:
            raise ValueError(f"{model} has no screened transformer: a screen setting needs a cascade package")
        nlp.get_pipe(TRANSFORMER_RELATION_MODEL).cfg["screen_none_below"] = float(screen_none_below)
    return nlp


def sweep(corpus: Path, model: str, thresholds=THRESHOLDS, split: str = "dev", adjectival: bool = False,
          ner_fallback: bool = False, screen_none_below: float | None = None) -> dict:
    nlp = uncalibrated_pipeline(model, thresholds, ner_fallback=ner_fallback, screen_none_below=screen_none_below)
    nlp.get_pipe("allegiance_relation_model").cfg["adjectival_mentions"] = adjectival
    _, predictions, _ = corpus_predictions(corpus, split=split, nlp=nlp)
    rows = {}
    for t in (*thresholds, None):
        kept = kept_at(predictions, t)
        result = evaluate_corpus(corpus, split=split, predictions=kept)
        rows["rules alone" if t is None else str(t)] = threshold_row(result.micro, kept) | {
            "recall_by_phenomenon": {k: v["recall"] for k, v in result.extra["recall_by_phenomenon"].items()}}
    best = max(map(str, thresholds), key=lambda t: (rows[t]["f1"], float(t)))
    return {"split": split, "adjectival_mentions": adjectival, "by_threshold": rows, "best_threshold_by_f1": best,
            "model_relations_by_confidence": reliability(predictions, rows, thresholds)}


def reliability(predictions: list[dict], rows: dict, thresholds=THRESHOLDS) -> dict:
    """The model relations in each confidence band [t, next t): how many, how many right (the true positives
    the band adds to the line above it) and their mean confidence: a calibrated model's precision in a band
    is about its mean confidence."""
    edges = [*map(float, thresholds), 1.0001]
    out = {}
    for low, high in zip(edges, edges[1:]):
        band = [p["confidence"] for p in predictions if is_model_relation(p) and low <= p["confidence"] < high]
        above = rows.get(str(high), {"model_relations": 0, "true_positives": rows["rules alone"]["true_positives"]})
        right = rows[str(low)]["true_positives"] - above["true_positives"]
        out[f"{low:.1f}-{min(high, 1.0):.1f}"] = {
            "relations": len(band), "right": right, "precision": round(100 * right / len(band), 1) if band else None,
            "mean_confidence": round(100 * sum(band) / len(band), 1) if band else None}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a trained model directory, or 'shipped'")
    parser.add_argument("--corpus", type=Path, default=ROOT / "data/relations")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/relation_model_threshold_sweep.json")
    parser.add_argument("--ner-fallback", action="store_true",
                        help="NER entities the actors miss as ad-hoc actors (extract does not; before session 22 the default)")
    parser.add_argument("--adjectival", action="store_true",
                        help="also sweep with the model pairing country adjectives (adjectival_mentions), side by side")
    args = parser.parse_args()
    load = os.getloadavg()
    report = {"benchmark": "rules + relation model on corpus dev, by confidence threshold (one parse)",
              "model": args.model, "corpus": str(args.corpus), "ner_fallback": args.ner_fallback,
              **sweep(args.corpus, args.model, ner_fallback=args.ner_fallback)}
    if args.adjectival:
        report["with_adjectival_mentions"] = sweep(args.corpus, args.model, adjectival=True,
                                                   ner_fallback=args.ner_fallback)
    model_dir = model_folder(args.model)
    if (model_dir / "training.json").is_file():
        training = json.loads((model_dir / "training.json").read_text(encoding="utf-8"))
        report["training"] = {k: training.get(k) for k in ("seed", "epochs", "best_epoch", "train_pairs", "dev_pairs",
                                                            "temperature", "train_seconds")}
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
