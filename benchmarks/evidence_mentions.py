"""Count relations whose evidence lacks a sentence naming an actor (issue 17), on four inputs.

Usage::

    python benchmarks/evidence_mentions.py --label before|after [--out benchmarks/results/evidence_mentions.json]

The inputs of ``extraction_identity.py`` (the reference input, the bundled demo corpus, Park and
SEESAW dev, read where they live). Each document is parsed as ``extract`` parses it (headline in
front, dateline blanked) and every relation of its body is checked with
:func:`allegiance.relations.evidence.evidence_violations`: ``outside`` counts relations with a mention
outside their evidence (an actor taken from another sentence, evidence not naming it), ``reference``
those whose mention is a reference ("he", "the two countries") named only in a sentence before the
evidence. The result for ``--label`` is merged into the JSON file beside the other label's.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction_identity import RELATIONS, SHARED, inputs  # noqa: E402

from allegiance.ingest import read_documents  # noqa: E402
from allegiance.relations import build_pipeline  # noqa: E402
from allegiance.relations.evidence import (  # noqa: E402
    BODY_START_KEY, evidence_violations, mentions_outside_evidence,
)
from allegiance.relations.pipeline import headline_context  # noqa: E402


class _GuardCounts(logging.Handler):
    """Sums the counts of the extraction's evidence guard (its debug record's arguments)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.totals = dict.fromkeys(("widened", "dropped_outside", "dropped_same_key", "antecedent_not_found"), 0)

    def emit(self, record: logging.LogRecord) -> None:
        for key, value in zip(self.totals, record.args[1:]):
            self.totals[key] += int(value)


def measure(nlp, path: Path, examples: int = 5) -> dict:
    documents = [d for d in read_documents(path) if not isinstance(d, Exception)]
    counts = {"documents": len(documents), "relations": 0, "violations": 0, "outside": 0, "reference": 0,
              "evidence_of_several_sentences": 0, "most_sentences": 1, "longest_evidence_chars": 0}
    guard = _GuardCounts()
    logger = logging.getLogger("allegiance.relations.evidence")
    logger.addHandler(guard)
    logger.setLevel(logging.DEBUG)
    shown = []
    texts = []
    for document in documents:
        text, body_start = headline_context(document)
        doc = nlp.make_doc(text)
        doc._.doc_id, doc._.doc_date = document.id, document.date
        doc.user_data[BODY_START_KEY] = body_start
        texts.append(doc)
    for doc in nlp.pipe(texts, batch_size=32):
        body_start = doc.user_data[BODY_START_KEY]
        relations = [r for r in doc._.relations or [] if r.evidence.end > body_start]
        counts["relations"] += len(relations)
        for relation in relations:
            sentences = sum(1 for s in doc.sents if relation.evidence.start <= s.start_char < relation.evidence.end)
            counts["evidence_of_several_sentences"] += sentences > 1
            counts["most_sentences"] = max(counts["most_sentences"], sentences)
            counts["longest_evidence_chars"] = max(counts["longest_evidence_chars"],
                                                   relation.evidence.end - relation.evidence.start)
        for relation, ends in evidence_violations(doc, relations):
            counts["violations"] += 1
            kind = "outside" if mentions_outside_evidence(relation) else "reference"
            counts[kind] += 1
            if len(shown) < examples:
                shown.append({"doc_id": doc._.doc_id, "kind": kind, "ends": ends,
                              "source": relation.source.text, "target": relation.target.text,
                              "type": relation.type.value})  # no text: Park and SEESAW stay out of the repo
    logger.removeHandler(guard)
    return counts | {"guard": guard.totals, "examples": shown}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label", required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "evidence_mentions.json")
    args = ap.parse_args(argv)
    if not (RELATIONS.exists() and (SHARED / "seeds").exists()):
        print(json.dumps({"skipped": "needs ../shared/data/relations and ../shared/seeds"}))
        return 0
    nlp = build_pipeline()
    staging = Path(tempfile.gettempdir()) / "allegiance-extraction-identity"
    staging.mkdir(exist_ok=True)
    started = time.perf_counter()
    result = {name: measure(nlp, path) for name, path in inputs(staging).items()}
    result["_run"] = {"seconds": round(time.perf_counter() - started, 1), "load_average": os.getloadavg()[0],
                      "cores": os.cpu_count()}
    merged = json.loads(args.out.read_text()) if args.out.exists() else {}
    merged[args.label] = result
    args.out.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({args.label: result}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
