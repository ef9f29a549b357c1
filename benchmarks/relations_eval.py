"""Score the relation extractor on the development gold and record the step in benchmarks/results/.

Usage::

    python benchmarks/relations_eval.py STEP_NAME [--split dev] [--note "what changed"]

Writes ``benchmarks/results/relations_eval_<NN>_<STEP_NAME>.json`` (NN counts the steps) with the
SEESAW (full pipeline, sentence level) and Park et al. (given pairs, 5-way) scores, so the history
of improvements stays visible. Needs ``../shared/data/relations`` (development data, not shipped).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from allegiance.relations.evaluate import evaluate_gold

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "relations"
RESULTS = ROOT / "benchmarks" / "results"


def _summary(result) -> dict:
    d = result.to_dict()
    out = {k: d[k] for k in ("task", "level", "pos", "neg", "micro", "macro_f1", "pair_detection", "confusion",
                             "counts")}
    if d.get("pairs"):
        p = d["pairs"]
        out["five_way"] = {"micro_f1": p["micro_f1"], "macro_f1": p["macro_f1"],
                           "always_neutral_micro_f1": p["always_neutral_micro_f1"],
                           "per_class_f1": {k: v["f1"] for k, v in p["per_class"].items()},
                           "confusion": p["confusion"]}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--note", default="")
    ap.add_argument("--predictions-dir", default=None, help="also write predictions JSONL here")
    a = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"no development data at {DATA}; nothing to score", file=sys.stderr)
        return 1
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"step": a.step, "note": a.note, "split": a.split,
              "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                       text=True).stdout.strip(),
              "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    for name, level in (("seesaw", "sentence"), ("park2021", "sentence")):
        pred_out = None
        if a.predictions_dir:
            pred_out = str(Path(a.predictions_dir) / f"{name}_{a.split}.jsonl")
        t0 = time.perf_counter()
        result = evaluate_gold(DATA / name / "pairs.jsonl", level=level, split=a.split, predictions_out=pred_out)
        record[name] = _summary(result) | {"seconds": round(time.perf_counter() - t0, 1)}
        if name == "seesaw":
            doc_level = evaluate_gold(DATA / name / "pairs.jsonl", level="doc", split=a.split)
            record["seesaw_doc_level"] = _summary(doc_level)
        print(f"{name}: micro-F1 {result.micro.f1:.4f} macro-F1 {result.macro_f1:.4f} "
              f"pos {result.pos.f1:.4f} neg {result.neg.f1:.4f} pairs {result.pair_detection.f1:.4f}"
              + (f" 5-way micro {result.pairs.micro_f1:.4f} macro {result.pairs.macro_f1:.4f}"
                 if result.pairs else ""))
    n = len(list(RESULTS.glob("relations_eval_*.json")))
    path = RESULTS / f"relations_eval_{n:02d}_{a.step}.json"
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
