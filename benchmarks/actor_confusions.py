"""Where the actor stage and the labelled corpus disagree about who a name is (train and dev; never test).

Runs the actor stage (:func:`allegiance.actors.collect.build_actor_pipeline`, with each document's date,
as ``extract`` parses it) over every annotated document of the splits and compares each gold mention
written as a name, metonym or title with the actor-stage mentions overlapping it: right (one of them has
the gold id, in the corpus's spelling of ids), another id, or nothing found. Prints the counts and the most
frequent (gold id, found id) confusions with one example each: the list to work from when the actor
stage is changed, and the figure to compare before and after it.

    PYTHONPATH=src python benchmarks/actor_confusions.py [--splits train,dev] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from pathlib import Path

from _common import write_report

from allegiance.actors.collect import actor_mentions, build_actor_pipeline, docs_in_context
from allegiance.actors.kb import load_knowledge_base
from allegiance.model import Document
from allegiance.relations.corpus import load_corpus
from allegiance.relations.model.corpus_docs import corpus_actor_id

ROOT = Path(__file__).resolve().parents[1]
FORMS = ("name", "metonym", "title")
NOTHING = "<nothing>"


def confusions(finals, nlp, kb) -> tuple[Counter, Counter, dict]:
    """Gold mentions per form, (gold id, found id) counts of the wrong ones, and an example of each."""
    mentions, wrong, examples = Counter(), Counter(), {}
    documents = [Document(id=document.id, text=document.text, date=document.date or None) for document, _ in finals]
    parsed = nlp.pipe(docs_in_context(nlp, documents), as_tuples=True)
    for (document, ann), (doc, _) in zip(finals, parsed):
        found = [(m.start, m.end, corpus_actor_id(m.actor, kb)) for m in actor_mentions(doc)]
        for gold in ann.mentions:
            if gold.form not in FORMS:
                continue
            mentions[gold.form] += 1
            overlapping = [f for f in found if f[0] < gold.end and gold.start < f[1]]
            if any(actor == gold.actor for _, _, actor in overlapping):
                continue
            key = (gold.actor, overlapping[0][2] if overlapping else NOTHING)
            wrong[key] += 1
            examples.setdefault(key, {"doc": document.id, "date": document.date, "text": gold.text})
    return mentions, wrong, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="train,dev", help="comma-separated; test is refused")
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "actor_confusions.json")
    args = parser.parse_args()
    splits = set(args.splits.split(","))
    if "test" in splits:
        parser.error("the test split is read once per model, not for tuning the actor stage")
    load, start = os.getloadavg(), time.perf_counter()
    kb = load_knowledge_base()
    corpus = load_corpus(ROOT / "data" / "relations")
    finals = [(d, a) for d, a in corpus.finals() if d.split in splits]
    mentions, wrong, examples = confusions(finals, build_actor_pipeline(), kb)
    total = sum(mentions.values())
    report = {
        "benchmark": "actor-stage ids against the labelled corpus's gold mentions (names, metonyms, titles)",
        "splits": sorted(splits), "documents": len(finals), "gold_mentions": dict(mentions),
        "wrong": sum(wrong.values()), "nothing_found": sum(v for (_, f), v in wrong.items() if f == NOTHING),
        "right_share": round(1 - sum(wrong.values()) / total, 4) if total else None,
        "top_confusions": [{"gold": g, "found": f, "count": n, **examples[(g, f)]}
                           for (g, f), n in wrong.most_common(args.top)],
        "seconds": round(time.perf_counter() - start, 1),
    }
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
