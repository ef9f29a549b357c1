"""Rules alone beside rules + the shipped relation model, side by side in one run.

1. Corpus dev (``allegiance evaluate data/relations --split dev``: the pipeline ``extract`` runs, no NER
   fallback since session 22): rules alone and rules + model at each confidence threshold; the threshold with the best micro-F1
   (ties: the higher one) is the one chosen. Dev only: the test split is never read here.
2. At the chosen threshold: the demo gold (extraction task), the reference input (its relations, what the
   model added, nothing from the closing questions), Park et al. dev (5-way, given pairs) and SEESAW dev
   (sentence and document level). Park and SEESAW are for comparison only: nothing is trained or tuned on
   them. Whether the model should overrule rule relations is ``relation_rule_overrule.py``'s measure (the
   variant once here kept ``skip_rule_pairs`` on, so the model never read a rule relation's pair).
3. Speed: ``extract_relations`` over the demo corpus in one process, rules alone and rules + model, each
   timed twice (alternating), after a warm-up; plus the time to add the shipped model to a pipeline.

    PYTHONPATH=src python benchmarks/relation_model_integration.py [--thresholds 0.5 0.6 ...] [--skip-shared]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from _common import write_report

from allegiance.model import Document
from allegiance.nlp.assemble import RELATION_MERGE, add_relation_model
from allegiance.relations.corpus_eval import evaluate_corpus
from allegiance.relations.evaluate import (evaluate_gold, load_gold, mirror_for_undirected, predict_extract,
                                           score_predictions)
from allegiance.relations.model import SHIPPED_MODEL
from allegiance.relations.model.combine import model_relations
from allegiance.relations.pipeline import SHIPPED, build_pipeline, extract_relations

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "new_statesman_two_articles.txt"
DATA = SHARED / "data" / "relations"
DEMO_GOLD = ROOT / "src" / "allegiance" / "demo" / "gold.jsonl"
DEMO_CORPUS = ROOT / "src" / "allegiance" / "demo" / "corpus.jsonl"
CLOSING_QUESTIONS = ("will the alliance between them survive", "has not extended its hand")


def _prf(prf: dict) -> dict:
    return {k: round(100 * prf[k], 2) for k in ("precision", "recall", "f1")} | {k: prf[k] for k in ("tp", "fp", "fn")}


def progress(what: str, value) -> None:
    """One line on stderr per step (the run takes minutes)."""
    print(f"{what}: {json.dumps(value)}", file=sys.stderr, flush=True)


def corpus_summary(result) -> dict:
    d = result.to_dict()
    extra = d["extra"]
    return {"micro": _prf(d["micro"]), "pos": _prf(d["pos"]), "neg": _prf(d["neg"]),
            "recall_by_phenomenon": {k: {"recall": round(100 * v["recall"], 2), "found": v["found"],
                                         "gold": v["gold"]} for k, v in extra["recall_by_phenomenon"].items()},
            "false_positives_on_none": extra["false_positives_on_none"], "documents": extra["documents"]}


def gold_summary(result) -> dict:
    d = result.to_dict()
    out = {"task": d["task"], "level": d["level"], "micro": _prf(d["micro"]), "macro_f1": round(100 * d["macro_f1"], 2)}
    if d.get("pairs"):
        out["five_way"] = {"micro_f1": round(100 * d["pairs"]["micro_f1"], 2),
                           "macro_f1": round(100 * d["pairs"]["macro_f1"], 2)}
    return out


def set_threshold(nlp, threshold: float) -> None:
    nlp.get_pipe(RELATION_MERGE).threshold = float(threshold)


def corpus_dev(rules, model, thresholds) -> tuple[dict, float]:
    out = {"rules": corpus_summary(evaluate_corpus(ROOT / "data/relations", split="dev", nlp=rules)),
           "rules+model": {}}
    progress("corpus dev rules", out["rules"]["micro"])
    for t in thresholds:
        set_threshold(model, t)
        out["rules+model"][str(t)] = corpus_summary(evaluate_corpus(ROOT / "data/relations", split="dev", nlp=model))
        progress(f"corpus dev rules+model at {t}", out["rules+model"][str(t)]["micro"])
    chosen = max(thresholds, key=lambda t: (out["rules+model"][str(t)]["micro"]["f1"], t))
    out["chosen_threshold"] = chosen
    return out, chosen


def reference(nlp) -> dict:
    doc = Document.from_text(SEED.read_text(encoding="utf-8"), id="seed")
    [(_, relations)] = list(extract_relations([doc], nlp=nlp))
    added = model_relations(relations)
    return {"relations": len(relations), "model_added": len(added),
            "model_relations": [f"{r.source.actor.name} {'+' if int(r.sign) > 0 else '-'} {r.target.actor.name} "
                                f"({r.confidence}): {r.evidence.sentence[-120:]}" for r in added],
            "from_closing_questions": sum(any(q in r.evidence.sentence for q in CLOSING_QUESTIONS)
                                          for r in relations)}


def seesaw_dev(nlp) -> dict:
    """SEESAW dev at sentence and document level from one extraction (``evaluate_gold``'s steps, run once)."""
    path = DATA / "seesaw" / "pairs.jsonl"
    gold = load_gold(path, split="dev")
    predictions = mirror_for_undirected(predict_extract(gold, gold_path=path, nlp=nlp), gold)
    return {f"seesaw_dev_{level}": gold_summary(score_predictions(gold, predictions, level=level))
            for level in ("sentence", "doc")}


def shared_sets(rules, model) -> dict:
    out = {}
    for name, nlp in (("rules", rules), ("rules+model", model)):
        park = evaluate_gold(DATA / "park2021" / "pairs.jsonl", split="dev", nlp=None if nlp is rules else nlp)
        out[name] = {"park_dev": gold_summary(park)} | seesaw_dev(nlp)
        progress(f"park/seesaw {name}", out[name])
    return out


def speed(rules, model, model_dir: Path = SHIPPED_MODEL) -> dict:
    documents = [Document.from_text(r["text"], id=r.get("id"), title=r.get("title"), date=r.get("date"))
                 for r in map(json.loads, DEMO_CORPUS.read_text(encoding="utf-8").splitlines()) if r.get("text")]
    list(extract_relations(documents[:5], nlp=rules))
    list(extract_relations(documents[:5], nlp=model))
    seconds = {"rules": [], "rules+model": []}
    for _ in range(2):
        for name, nlp in (("rules", rules), ("rules+model", model)):
            started = time.perf_counter()
            for _ in extract_relations(documents, nlp=nlp):
                pass
            seconds[name].append(round(time.perf_counter() - started, 2))
    best = {k: min(v) for k, v in seconds.items()}
    bare = build_pipeline()
    started = time.perf_counter()
    add_relation_model(bare, model_dir)
    return {"documents": len(documents), "characters": sum(len(d.text) for d in documents), "seconds": seconds,
            "docs_per_second": {k: round(len(documents) / v, 2) for k, v in best.items()},
            "ratio_model_to_rules": round(best["rules"] / best["rules+model"], 3),
            "add_shipped_model_seconds": round(time.perf_counter() - started, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.6, 0.65, 0.7, 0.75, 0.8])
    parser.add_argument("--skip-shared", action="store_true", help="leave Park and SEESAW out")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/relation_model_integration.json")
    parser.add_argument("--model", type=Path, default=None,
                        help="a model directory to measure instead of the shipped one (e.g. the previous model)")
    args = parser.parse_args()
    chosen_model = args.model.resolve() if args.model else SHIPPED_MODEL
    load = os.getloadavg()
    started = time.perf_counter()
    rules = build_pipeline()  # the pipelines `extract` and `extract --model` run
    model = build_pipeline(relation_model=args.model or SHIPPED)
    dev, chosen = corpus_dev(rules, model, args.thresholds)
    set_threshold(model, chosen)
    report = {
        "benchmark": "rules alone vs rules + shipped relation model (model adds where the rules found nothing)",
        "model": {"dir": str(chosen_model.relative_to(ROOT)) if chosen_model.is_relative_to(ROOT) else str(chosen_model),
                  "bytes": sum(p.stat().st_size for p in chosen_model.rglob("*") if p.is_file())},
        "units": "percent; corpus dev as `allegiance evaluate data/relations --split dev`",
        "corpus_dev": dev,
        "demo_gold": {name: gold_summary(evaluate_gold(DEMO_GOLD, task="extract", nlp=nlp))
                      for name, nlp in (("rules", rules), ("rules+model", model))},
    }
    progress("demo gold", report["demo_gold"])
    plain_rules, plain_model = build_pipeline(), build_pipeline(relation_model=args.model or SHIPPED,
                                                                model_threshold=chosen)
    report["reference_input"] = {"rules": reference(plain_rules), "rules+model": reference(plain_model)}
    progress("reference input", report["reference_input"])
    if not args.skip_shared and DATA.is_dir():
        report["park_seesaw_dev_comparison_only"] = shared_sets(rules, model)
    report["speed_one_process_demo_corpus"] = speed(plain_rules, plain_model, chosen_model)
    report["seconds"] = round(time.perf_counter() - started, 1)
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
