"""How well a relation's confidence says how often it is right: fitted on corpus dev, checked once on test.

The pipeline with the model runs on dev and on test with no confidence scale; the model relations'
scale (:class:`allegiance.relations.calibration.PlattScale`) is fitted on dev alone, as
``allegiance calibrate`` does, and applied unchanged to test. For each split: relations, precision,
mean confidence and expected calibration error (10 bins) before and after the scale, for the model
relations; the rule relations beside them (left unscaled). The F1 does not move: the scale changes
confidences, not which relations are kept.

    PYTHONPATH=src python benchmarks/relation_confidence_calibration.py [--model shipped|DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from _common import write_report

from allegiance.relations.model.relation_confidence import ConfidenceFit, relation_outcomes

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="shipped", help="a trained model directory, or 'shipped'")
    parser.add_argument("--corpus", type=Path, default=ROOT / "data/relations")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/relation_confidence_calibration.json")
    args = parser.parse_args()
    load = os.getloadavg()
    dev = ConfidenceFit.of(relation_outcomes(args.corpus, args.model, split="dev"), split="dev")
    test = ConfidenceFit.of(relation_outcomes(args.corpus, args.model, split="test"), split="test", scale=dev.scale)
    report = {"benchmark": "relation confidence against the share right: scale fitted on dev, checked on test",
              "model": args.model, "scale": dev.to_dict()["scale"],
              "dev": {k: v for k, v in dev.to_dict().items() if k != "scale"},
              "test": {k: v for k, v in test.to_dict().items() if k != "scale"},
              "curve": {str(c): dev.scale(c) for c in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)}}
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
