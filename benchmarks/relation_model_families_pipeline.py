"""Both relation-model families inside the extraction pipeline, side by side on corpus dev (never test).

The same pipeline (actor stage, rules, candidates with the shipped component's settings, the merge
that adds model relations only on pairs the rules left empty) scores each candidate with
(a) the shipped spaCy CNN and (b) a fine-tuned transformer pair classifier run through ONNX Runtime
(``--transformer DIR`` written by ``train_transformer_pairs``; fp32 and int8). Only the probabilities
differ: (b) replaces the component's ``probabilities`` for its run. Reported per confidence threshold:
micro P/R/F1 of ``allegiance evaluate data/relations --split dev``, plus the time each run took.

    PYTHONPATH=src python benchmarks/relation_model_families_pipeline.py --transformer DIR \
        [--thresholds 0.5 0.6 0.7] [--out benchmarks/results/relation_model_families_pipeline.json]

Needs the ``onnx`` extra (onnxruntime, tokenizers) for family (b).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from _common import write_report

from allegiance.nlp.assemble import RELATION_MERGE, RELATION_MODEL
from allegiance.relations.corpus_eval import evaluate_corpus
from allegiance.relations.model.transformer_pairs import OnnxPairClassifier
from allegiance.relations.pipeline import SHIPPED, build_pipeline

ROOT = Path(__file__).resolve().parents[1]


def _micro(result) -> dict:
    d = result.to_dict()["micro"]
    return {k: round(100 * d[k], 2) for k in ("precision", "recall", "f1")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transformer", type=Path, required=True)
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.6, 0.7])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/relation_model_families_pipeline.json")
    args = parser.parse_args()
    load = os.getloadavg()
    nlp = build_pipeline(ner_fallback=True, relation_model=SHIPPED)
    component = nlp.get_pipe(RELATION_MODEL)
    cnn_probabilities = component.probabilities
    families = {"cnn": cnn_probabilities,
                **{f"transformer_{v}": OnnxPairClassifier(args.transformer, variant=v).probabilities
                   for v in ("int8", "fp32")}}
    meta = json.loads((args.transformer / "training.json").read_text(encoding="utf-8"))
    report = {"benchmark": "relation model families in the extraction pipeline, corpus dev (test never read)",
              "pipeline": "build_pipeline(ner_fallback=True, relation_model=SHIPPED); family (b) replaces the "
                          "component's probabilities, candidates and merge unchanged",
              "component_settings": {k: v for k, v in component.cfg.items() if k.endswith("_mentions")},
              "transformer": {k: meta.get(k) for k in ("seed", "epochs", "best_epoch", "train_pairs", "dev_pairs",
                                                       "dev_f1_by_epoch", "dev", "settings", "model_bytes")},
              "rules": _micro(evaluate_corpus(ROOT / "data/relations", split="dev",
                                              nlp=build_pipeline(ner_fallback=True))),
              "families": {}}
    for name, probabilities in families.items():
        component.probabilities = probabilities
        runs = {}
        for t in args.thresholds:
            nlp.get_pipe(RELATION_MERGE).threshold = t
            started = time.perf_counter()
            runs[str(t)] = _micro(evaluate_corpus(ROOT / "data/relations", split="dev", nlp=nlp))
            runs[str(t)]["seconds"] = round(time.perf_counter() - started, 1)
            print(f"{name} at {t}: {json.dumps(runs[str(t)])}", file=sys.stderr, flush=True)
        report["families"][name] = runs
    component.probabilities = cnn_probabilities
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
