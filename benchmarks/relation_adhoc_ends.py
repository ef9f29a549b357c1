"""Model relations with an end the knowledge base lacks: what a higher confidence bar for them buys.

An end is such a named entity when :func:`allegiance.relations.model.combine.names_unknown_entity` says so
(a person, organisation or place only the NER found, no group noun). The ``extract`` pipeline with the
shipped model runs once on corpus dev and once on the demo gold with the bar off (``adhoc_threshold`` None);
each bar is then scored by dropping the model relations with such an end below it (their scaled
confidence, the value the merge compares). Never the test split.

    PYTHONPATH=src python benchmarks/relation_adhoc_ends.py [--out benchmarks/results/relation_adhoc_ends.json]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from _common import write_report
from relation_model_integration import DEMO_GOLD
from relation_model_threshold_sweep import is_model_relation, threshold_row

from allegiance.actors.kb import shared_knowledge_base
from allegiance.model import ActorKind, Actor
from allegiance.nlp.assemble import RELATION_MERGE
from allegiance.relations.corpus_eval import corpus_predictions
from allegiance.relations.evaluate import load_gold, mirror_for_undirected, predict_extract, score_predictions
from allegiance.relations.model.combine import names_unknown_entity
from allegiance.relations.pipeline import SHIPPED, build_pipeline

ROOT = Path(__file__).resolve().parents[1]
BARS = (None, 0.4, 0.5, 0.6, 0.7, 1.01)  # None: no bar; 1.01: every such model relation dropped


def unknown_end(prediction: dict, kb) -> bool:
    """Whether an end of ``prediction`` is a named entity ``kb`` lacks (ids as the pipeline gave them; the
    corpus scorer writes them ``NEW:``, a group noun's ``NEW:GRP:``)."""
    ids = [*prediction.get("source_ids", ()), *prediction.get("target_ids", ())]
    bare = [i.removeprefix("NEW:") for i in ids]
    return any(names_unknown_entity(Actor(i, i, ActorKind.GROUP if i.startswith("GRP:") else ActorKind.PERSON), kb)
               for i in bare)


def kept_at(predictions: list[dict], bar: float | None, kb) -> list[dict]:
    return [p for p in predictions if bar is None or not is_model_relation(p) or p["confidence"] >= bar
            or not unknown_end(p, kb)]


def rows(gold: list[dict], predictions: list[dict], kb) -> dict:
    out = {}
    for bar in BARS:
        kept = kept_at(predictions, bar, kb)
        row = threshold_row(score_predictions(gold, kept).micro, kept)
        row["model_relations_with_an_unknown_end"] = sum(1 for p in kept if is_model_relation(p) and unknown_end(p, kb))
        out["no bar" if bar is None else str(bar)] = row
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "data/relations")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/relation_adhoc_ends.json")
    args = parser.parse_args()
    load = os.getloadavg()
    nlp = build_pipeline(relation_model=SHIPPED)
    merge = nlp.get_pipe(RELATION_MERGE)
    shipped_bar, merge.adhoc_threshold = merge.adhoc_threshold, None
    kb = shared_knowledge_base()
    gold, predictions, documents = corpus_predictions(args.corpus, split="dev", nlp=nlp)
    demo_gold = load_gold(DEMO_GOLD)
    demo = mirror_for_undirected(predict_extract(demo_gold, gold_path=DEMO_GOLD, nlp=nlp), demo_gold)
    report = {"benchmark": "model relations with an end the knowledge base lacks, by confidence bar "
                           "(rules + shipped model; corpus dev and the demo gold; never test)",
              "shipped_bar": shipped_bar, "dev_documents": documents,
              "corpus_dev": rows(gold, predictions, kb), "demo_gold": rows(demo_gold, demo, kb)}
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
