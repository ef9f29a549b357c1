"""How well a relation's confidence says how often it is right: fitted on corpus dev, checked once on test.

The pipeline with the model runs on dev and on test with no confidence scale; the model relations'
scale (:class:`allegiance.relations.calibration.PlattScale`) is fitted on dev alone, as
``allegiance calibrate`` does, and applied unchanged to test. For each split: relations, precision,
mean confidence and expected calibration error (10 bins) before and after the scale, for the model
relations; the rule relations beside them (left unscaled). The F1 does not move: the scale changes
confidences, not which relations are kept.

    PYTHONPATH=src python benchmarks/relation_confidence_calibration.py [--model shipped|DIR] [--out FILE]

``--thorough`` asks whether the scale recorded in the model (fitted with its default setting) also fits the
relations of its thorough setting: both settings run on dev, the recorded scale is judged on each, and a
scale fitted on the thorough relations themselves is reported beside it as the most a refit could gain
(fitted and judged on the same relations: optimistic). Test is not read: the choice is made on dev.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from _common import write_report

from allegiance.relations.model.relation_confidence import (ConfidenceFit, recorded_relation_confidence,
                                                            relation_outcomes)

ROOT = Path(__file__).resolve().parents[1]


def _without_scale(fit: ConfidenceFit) -> dict:
    return {k: v for k, v in fit.to_dict().items() if k != "scale"}


def thorough_report(corpus: Path, model: str) -> dict:
    """The recorded scale on dev's relations with the default and with the thorough setting, and the scale a
    refit on the thorough ones would give (in-sample)."""
    recorded = recorded_relation_confidence(model)
    report = {"benchmark": "the recorded confidence scale on the thorough setting's relations (dev only)",
              "model": model, "recorded_scale": {"slope": recorded.slope, "intercept": recorded.intercept,
                                                 "fitted_on": recorded.fitted_on}}
    for name, thorough in (("default", False), ("thorough", True)):
        outcomes = relation_outcomes(corpus, model, split="dev", thorough=thorough)
        report[name] = {"recorded_scale": _without_scale(ConfidenceFit.of(outcomes, split="dev", scale=recorded))}
        if thorough:
            refit = ConfidenceFit.of(outcomes, split="dev")
            report[name]["refit_in_sample"] = {"scale": refit.to_dict()["scale"], **_without_scale(refit)}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="shipped", help="a trained model directory, or 'shipped'")
    parser.add_argument("--corpus", type=Path, default=ROOT / "data/relations")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/relation_confidence_calibration.json")
    parser.add_argument("--thorough", action="store_true",
                        help="judge the recorded scale on the thorough setting's dev relations (no test)")
    args = parser.parse_args()
    load = os.getloadavg()
    if args.thorough:
        write_report(thorough_report(args.corpus, args.model), args.out, load)
        return
    dev = ConfidenceFit.of(relation_outcomes(args.corpus, args.model, split="dev"), split="dev")
    test = ConfidenceFit.of(relation_outcomes(args.corpus, args.model, split="test"), split="test", scale=dev.scale)
    report = {"benchmark": "relation confidence against the share right: scale fitted on dev, checked on test",
              "model": args.model, "scale": dev.to_dict()["scale"],
              "dev": _without_scale(dev), "test": _without_scale(test),
              "curve": {str(c): dev.scale(c) for c in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)}}
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
