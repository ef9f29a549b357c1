"""The transformer's direction head: how often it directs a relation, and the right way round (issue 15).

Two parts, dev split only (the test split is never read):

* ``gold_mentions``: the head on the gold candidates of the corpus's dev relations (the annotators' mentions),
  through its whole threshold sweep (:func:`~allegiance.relations.model.direction_train.choose_direction_threshold`):
  how many it directs, how many the way the gold relation faces, how many reversed, how many whose gold is
  undirected; and its 3-way accuracy beside text order (the first mention acts), which cannot abstain.
* ``pipeline``: the ``extract`` pipeline with the model, with and without its head (the same package copied
  without ``direction.json``), on corpus dev and the demo gold: micro P/R/F1 and, for the directed model
  relations on dev, whether a gold relation of the pair faces the same way, the other way, or is undirected.

    PYTHONPATH=src:benchmarks python benchmarks/relation_direction.py [--model shipped] [--corpus data/relations]
        [--out benchmarks/results/relation_direction.json]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy
from _common import write_report

from allegiance.relations import build_pipeline
from allegiance.relations.corpus import load_corpus
from allegiance.relations.corpus_eval import MODEL_RULE, corpus_predictions, evaluate_corpus
from allegiance.relations.evaluate import evaluate_gold
from allegiance.relations.evaluate_scoring import end_matches
from allegiance.relations.model import model_folder
from allegiance.relations.model.direction_train import choose_direction_threshold, direction_pairs
from allegiance.relations.model.transformer_component import TRANSFORMER_RELATION_MODEL
from allegiance.relations.model.transformer_pairs import DIRECTION_FILE, OnnxPairClassifier, run_encoded

ROOT = Path(__file__).resolve().parents[1]


def gold_mentions(folder: Path, corpus_dir: Path) -> dict:
    """The head of the weights in ``folder`` on the dev split's gold relation candidates."""
    classifier = OnnxPairClassifier(folder)
    if classifier.direction is None:
        raise SystemExit(f"{folder} has no direction head (allegiance fit-direction adds one)")
    encoded, labels = direction_pairs(list(load_corpus(corpus_dir).finals("dev")), classifier.tokenizer,
                                      int(classifier.meta["max_length"]))
    pooled = run_encoded(classifier.session, encoded, classifier.rows_per_run, len(classifier.labels),
                         pooled=True)[1]
    probabilities = classifier.direction.probabilities(pooled)
    y = numpy.asarray(labels)
    text_order = numpy.asarray([0 if a < b else 1 for a, b in encoded.markers])  # first marker earlier: forward
    directed = y < 2
    _, sweep = choose_direction_threshold(probabilities, labels)
    return {"dev_relations": len(y), "by_label": {k: int(v) for k, v in sorted(Counter(labels).items())},
            "head_threshold": classifier.direction.threshold,
            "three_way_accuracy": round(float((probabilities.argmax(axis=1) == y).mean()), 4),
            "text_order_accuracy_on_directed_gold": round(float((text_order[directed] == y[directed]).mean()), 4),
            "sweep": sweep}


def _directions(gold: list[dict], predictions: list[dict]) -> dict:
    """The directed model relations by how a gold relation of their pair faces (lenient name matching)."""
    by_sentence = defaultdict(list)
    for g in gold:
        by_sentence[(str(g["doc_id"]), g.get("sent_id"))].append(g)
    counts: Counter = Counter()
    for p in predictions:
        if p.get("rule") != MODEL_RULE or not p.get("directed"):
            continue
        golds = by_sentence.get((str(p["doc_id"]), p.get("sent_id")), [])
        same = [g for g in golds if end_matches(p, "source", g, "source") and end_matches(p, "target", g, "target")]
        other = [g for g in golds if end_matches(p, "source", g, "target") and end_matches(p, "target", g, "source")]
        found = same or other
        kind = "no gold pair" if not found else ("gold undirected" if found[0].get("directed") is False
                                                 else "same way" if same else "reversed")
        counts[kind] += 1
    return dict(counts)


def pipeline(model: str, corpus_dir: Path) -> dict:
    """Corpus dev and demo gold scores of the ``extract`` pipeline with ``model``."""
    nlp = build_pipeline(relation_model=model)
    dev = evaluate_corpus(corpus_dir, split="dev", nlp=nlp).micro
    demo = evaluate_gold(ROOT / "src" / "allegiance" / "demo" / "gold.jsonl", nlp=nlp, task="extract").micro
    gold, predictions, _ = corpus_predictions(corpus_dir, split="dev", nlp=nlp)
    model_relations = [p for p in predictions if p.get("rule") == MODEL_RULE]
    return {"dev": {"precision": round(100 * dev.precision, 2), "recall": round(100 * dev.recall, 2),
                    "f1": round(100 * dev.f1, 2), "tp": dev.tp, "fp": dev.fp},
            "demo_f1": round(100 * demo.f1, 2), "dev_model_relations": len(model_relations),
            "dev_model_relations_directed": sum(1 for p in model_relations if p.get("directed")),
            "dev_directed_model_relations_by_gold": _directions(gold, predictions)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="shipped", help="a relation model with a direction head (default: shipped)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "relations")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "relation_direction.json")
    a = ap.parse_args(argv)
    load_start, started = os.getloadavg(), time.perf_counter()
    source = model_folder(a.model)
    report = {"model": str(a.model), "gold_mentions": gold_mentions(source / TRANSFORMER_RELATION_MODEL, a.corpus)}
    with tempfile.TemporaryDirectory(prefix="allegiance-no-head-") as scratch:
        without = Path(scratch) / "model"
        shutil.copytree(source, without)
        (without / TRANSFORMER_RELATION_MODEL / DIRECTION_FILE).unlink()
        report["pipeline"] = {"with_head": pipeline(a.model, a.corpus), "without_head": pipeline(str(without),
                                                                                                 a.corpus)}
    report["seconds"] = round(time.perf_counter() - started, 1)
    write_report(report, a.out, load_start)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
