"""The demo gold read two ways, side by side: each gold sentence alone and undated (the harness before the
thirty-first session), and the whole dated briefs of the bundled corpus (what ``allegiance demo`` reads, and what
``allegiance evaluate`` now reads when a corpus lies beside the gold).

For the rules alone, the rules with the shipped model, and the model's thorough setting: micro P / R / F1 and the
counts, each reading scored against the same gold.

    PYTHONPATH=src python benchmarks/demo_gold_reading.py [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from _common import write_report

from allegiance.demo import demo_gold_path
from allegiance.relations.evaluate import evaluate_gold
from allegiance.relations.pipeline import build_pipeline

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/demo_gold_reading.json")
    args = parser.parse_args()
    load = os.getloadavg()
    settings = {"rules": build_pipeline(), "rules_and_model": build_pipeline(relation_model="shipped"),
                "rules_and_model_thorough": build_pipeline(relation_model="shipped", thorough=True)}
    report = {"benchmark": "the demo gold: gold sentences alone and undated against the whole dated briefs",
              "gold": "src/allegiance/demo/gold.jsonl", "settings": {}}
    with tempfile.TemporaryDirectory(prefix="allegiance-demo-gold-") as folder:
        alone = Path(shutil.copy(demo_gold_path(), Path(folder) / "gold.jsonl"))  # no corpus beside it
        for name, nlp in settings.items():
            report["settings"][name] = {}
            for reading, path in (("sentences_alone", alone), ("whole_dated_briefs", demo_gold_path())):
                micro = evaluate_gold(path, nlp=nlp, task="extract").micro
                report["settings"][name][reading] = {
                    "precision": round(100 * micro.precision, 2), "recall": round(100 * micro.recall, 2),
                    "f1": round(100 * micro.f1, 2), "tp": micro.tp, "fp": micro.fp, "fn": micro.fn}
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
