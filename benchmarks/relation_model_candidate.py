"""Candidate relation models against the shipped one, side by side in one run: the shipping check.

Every model (the reference, by default the shipped package, and each candidate package) runs the ``extract``
pipeline (rules + model) on corpus dev and on the demo gold, each parsed once at the lowest threshold; every
higher threshold is scored by dropping the model relations under it (as ``relation_model_threshold_sweep``
does). Confidences are read before the package's scale (``allegiance calibrate``), so a candidate packaged with
the shipped scale is not helped or hurt by it.

A retrain that only moves along the precision/recall curve (more relations, lower precision) is no better
model. So besides F1 per threshold the report gives each model's **F1 at matched precision**: its F1 where its
precision equals the reference's at the operating threshold (linear between the two thresholds around it). The
shipping rule of ``docs/model-families.md``: every candidate (each seed of a recipe) must gain on dev at matched
precision by more than ``--margin`` (a seed's spread) and must not lose on the demo gold at matched precision.

    PYTHONPATH=src:benchmarks python benchmarks/relation_model_candidate.py --candidate DIR [--candidate DIR ...]
        [--screen-none-below P ...] [--reference shipped] [--corpus data/relations] [--operating 0.6] [--jobs 2]
        [--out FILE]

``--screen-none-below P`` adds the reference itself as a candidate with its cascade's screen set to P (the
transformer scores the candidates the package's CNN gives a probability of none below P): a setting, not new
weights, judged by the same rule.

The test split is never read here. Several models run in parallel processes (``--jobs``); the machine is
shared, so only figures from one run are compared.
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _common import write_report
from relation_model_integration import DEMO_GOLD
from relation_model_threshold_sweep import kept_at, sweep, threshold_row, uncalibrated_pipeline

from allegiance.relations.evaluate import load_gold, mirror_for_undirected, predict_extract, score_predictions

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = tuple(round(0.3 + 0.05 * i, 2) for i in range(13))  # 0.3 .. 0.9


def demo_predictions(nlp, gold: list[dict]) -> list[dict]:
    """The predictions of ``nlp`` on the demo gold's documents as ``evaluate_gold(task="extract")`` scores them."""
    return mirror_for_undirected(predict_extract(gold, gold_path=DEMO_GOLD, nlp=nlp), gold)


def demo_sweep(model: str, thresholds=THRESHOLDS, screen_none_below: float | None = None) -> dict:
    """Rules + ``model`` on the demo gold (``extract``), one parse, scored at every threshold."""
    gold = load_gold(DEMO_GOLD)
    predictions = demo_predictions(uncalibrated_pipeline(model, thresholds, screen_none_below=screen_none_below), gold)
    rows = {}
    for t in (*thresholds, None):
        kept = kept_at(predictions, t)
        rows["rules alone" if t is None else str(t)] = threshold_row(score_predictions(gold, kept).micro, kept)
    return {"by_threshold": rows}


def f1_at_precision(rows: dict, precision: float) -> dict | None:
    """F1, recall and threshold where the precision/threshold curve in ``rows`` reaches ``precision``.

    Linear between the two neighbouring thresholds whose precisions bracket it (the first such pair from the
    low end); None when no threshold's precision reaches that far (the model never gets that precise, or is
    more precise everywhere).

    Examples
    --------
    >>> rows = {"0.5": {"precision": 40.0, "recall": 30.0, "f1": 34.29},
    ...         "0.6": {"precision": 50.0, "recall": 20.0, "f1": 28.57}, "rules alone": {}}
    >>> f1_at_precision(rows, 45.0)
    {'recall': 25.0, 'f1': 31.43, 'threshold': 0.55}
    >>> f1_at_precision(rows, 60.0) is None
    True
    """
    curve = sorted((float(t), r) for t, r in rows.items() if t != "rules alone")
    for (t0, a), (t1, b) in zip(curve, curve[1:]):
        low, high = sorted((a["precision"], b["precision"]))
        if low <= precision <= high:
            w = 0.0 if b["precision"] == a["precision"] else (precision - a["precision"]) / (b["precision"] - a["precision"])
            return {k: round(a[k] + w * (b[k] - a[k]), 2) for k in ("recall", "f1")} | {
                "threshold": round(t0 + w * (t1 - t0), 3)}
    return None


def measure(job: tuple[str, str, float | None, str, str]) -> tuple[str, str, dict]:
    """One model (``name``: a package, with its screen at ``screen`` unless None) on one gold (``"dev"``: corpus dev
    at ``corpus``; ``"demo"``: the demo gold), in its own process."""
    name, model, screen, what, corpus = job
    if what == "dev":
        return name, what, sweep(Path(corpus), model, thresholds=THRESHOLDS, screen_none_below=screen)
    return name, what, demo_sweep(model, screen_none_below=screen)


def compare(reference: dict, candidate: dict, operating: float) -> dict:
    """The candidate against the reference on one gold: F1 at the operating threshold and at matched precision."""
    key = str(operating)
    ref = reference["by_threshold"][key]
    cand = candidate["by_threshold"][key]
    matched = f1_at_precision(candidate["by_threshold"], ref["precision"])
    return {"reference_at_operating": {k: ref[k] for k in ("precision", "recall", "f1")},
            "candidate_at_operating": {k: cand[k] for k in ("precision", "recall", "f1")},
            "f1_gain_at_operating": round(cand["f1"] - ref["f1"], 2),
            "candidate_at_reference_precision": matched,
            "f1_gain_at_matched_precision": None if matched is None else round(matched["f1"] - ref["f1"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", action="append", default=[], help="a model package directory (repeat)")
    parser.add_argument("--reference", default="shipped", help="the model to beat (default: the shipped package)")
    parser.add_argument("--screen-none-below", type=float, action="append", default=[], metavar="P",
                        help="also the reference with its screen set to P (score the candidates its CNN gives a "
                             "probability of none below P; repeat)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "data/relations")
    parser.add_argument("--operating", type=float, default=0.6, help="the threshold `extract --model` uses")
    parser.add_argument("--margin", type=float, default=1.0,
                        help="dev F1 gain at matched precision a candidate must exceed (a seed's spread)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/relation_model_candidate.json")
    args = parser.parse_args()
    if str(args.operating) not in map(str, THRESHOLDS):
        parser.error(f"--operating must be one of {', '.join(map(str, THRESHOLDS))}")
    if not args.candidate and not args.screen_none_below:
        parser.error("give at least one --candidate or --screen-none-below")
    load = os.getloadavg()
    models = {args.reference: (args.reference, None)} | {c: (c, None) for c in args.candidate} | {
        f"{args.reference}@screen_none_below={p}": (args.reference, p) for p in args.screen_none_below}
    jobs = [(name, model, screen, what, str(args.corpus))
            for name, (model, screen) in models.items() for what in ("dev", "demo")]
    results: dict[str, dict] = {name: {} for name in models}
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for name, what, result in pool.map(measure, jobs):
            results[name][what] = result
    candidates = [name for name in models if name != args.reference]
    report = {"benchmark": "candidate relation models against the reference, corpus dev and demo gold, one run",
              "reference": args.reference, "candidates": candidates, "corpus": str(args.corpus),
              "operating_threshold": args.operating, "margin": args.margin, "models": results, "comparison": {}}
    verdicts = []
    for c in candidates:
        dev = compare(results[args.reference]["dev"], results[c]["dev"], args.operating)
        demo = compare(results[args.reference]["demo"], results[c]["demo"], args.operating)
        passes = (dev["f1_gain_at_matched_precision"] is not None and dev["f1_gain_at_matched_precision"] > args.margin
                  and demo["f1_gain_at_matched_precision"] is not None and demo["f1_gain_at_matched_precision"] >= 0)
        report["comparison"][c] = {"dev": dev, "demo_gold": demo, "passes_shipping_rule": passes}
        verdicts.append(passes)
    report["all_candidates_pass"] = all(verdicts)
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
