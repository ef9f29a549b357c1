"""Throughput of the actor + relation stages against the bare spaCy pipeline, side by side.

Both pipelines load the same model; the documents are the same (BBC politics from
``../shared/data/corpora`` when present, else the bundled reference-like sentences repeated).
Runs alternate (bare, full, bare, full, ...) so that load on a shared machine hits both
alike; the ratio of the median documents/s is the figure to watch (target: >= 0.85).

Usage: ``python benchmarks/relations_throughput.py [--limit 300] [--rounds 3] [--out FILE]``
Prints one JSON object (and writes it to ``--out`` when given).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from allegiance.nlp import load_model
from allegiance.relations import build_pipeline

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora" / "bbc_politics" / "docs.jsonl"
FALLBACK = [
    "Britain formed an alliance with France in order to counteract the Germans.",
    "Last Friday, Moscow announced that a joint narcotics raid with US forces had destroyed four laboratories.",
    "Yasmine Dar was narrowly defeated by Khan among members in Manchester Gorton.",
]


def _texts(limit: int) -> list[str]:
    if CORPUS.is_file():
        out = []
        with open(CORPUS, encoding="utf-8") as handle:
            for line in handle:
                rec = json.loads(line)
                if rec.get("text"):
                    out.append(rec["text"])
                if len(out) >= limit:
                    break
        return out
    return (FALLBACK * (limit // len(FALLBACK) + 1))[:limit]


def _run(nlp, texts: list[str], batch_size: int) -> float:
    start = time.perf_counter()
    n = 0
    for _ in nlp.pipe(texts, batch_size=batch_size):
        n += 1
    return n / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    texts = _texts(a.limit)
    bare = load_model()
    full = build_pipeline()
    _run(bare, texts[:20], a.batch_size)  # warm up both
    _run(full, texts[:20], a.batch_size)
    bare_rates, full_rates = [], []
    for _ in range(a.rounds):
        bare_rates.append(_run(bare, texts, a.batch_size))
        full_rates.append(_run(full, texts, a.batch_size))
    relations = sum(len(d._.relations or []) for d in full.pipe(texts[:100], batch_size=a.batch_size))
    result = {
        "documents": len(texts), "characters": sum(map(len, texts)), "rounds": a.rounds,
        "corpus": str(CORPUS.name if CORPUS.is_file() else "fallback sentences"),
        "bare_pipes": bare.pipe_names, "full_pipes": full.pipe_names,
        "bare_docs_per_s": round(statistics.median(bare_rates), 2),
        "full_docs_per_s": round(statistics.median(full_rates), 2),
        "ratio": round(statistics.median(full_rates) / statistics.median(bare_rates), 3),
        "relations_in_first_100_docs": relations,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    text = json.dumps(result, indent=1)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
