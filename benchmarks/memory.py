"""Peak memory of ``allegiance extract`` over the first N documents of a corpus.

Runs the same path as ``allegiance extract FILE --format jsonl`` (read -> extract ->
JSON lines, written to /dev/null) over the first ``--docs`` documents (the corpus is
cycled, with distinct ids, when it holds fewer) and prints one JSON object: documents,
words, relations, seconds, the peak resident set size of this process and of the
worker processes, and the resident size sampled along the way (to show it is flat).

Run it once per size in a fresh process (``benchmarks/throughput.py`` does):
``python benchmarks/memory.py --docs 1000`` and ``--docs 10000``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from dataclasses import replace
from itertools import count, islice
from pathlib import Path
from typing import Iterator

from allegiance.model import Document

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora"
DEFAULT = CORPORA / "reuters21578" / "docs.jsonl"


def current_rss_mb() -> float:
    """Resident set size of this process now, in MB (Linux /proc)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def documents(path: Path, limit: int) -> Iterator[Document]:
    """The first ``limit`` documents of ``path`` read by allegiance's reader, cycled."""
    from allegiance.ingest import read_documents

    produced = 0
    for cycle in count():
        before = produced
        for item in read_documents([path]):
            if isinstance(item, Document):
                yield item if cycle == 0 else replace(item, id=f"{item.id}~{cycle}")
                produced += 1
                if produced >= limit:
                    return
        if produced == before:
            return


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=DEFAULT, help="a JSONL corpus (default: Reuters-21578)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--samples", type=int, default=10, help="RSS samples along the run")
    a = ap.parse_args(argv)
    if not a.corpus.is_file():
        print(json.dumps({"error": f"corpus not found: {a.corpus}"}))
        return 1
    from allegiance.pipeline import ExtractionPool, PipelineOptions

    words = relations = done = 0
    samples: list[tuple[int, float]] = []
    every = max(1, a.docs // a.samples)
    with open(os.devnull, "w", encoding="utf-8") as sink, \
            ExtractionPool(a.workers, options=PipelineOptions(batch_size=a.batch_size)) as pool:
        pool.start()
        start = time.perf_counter()
        for doc, rels in pool.extract(documents(a.corpus, a.docs)):
            done += 1
            words += len(doc.text.split())
            relations += len(rels)
            for rel in rels:
                sink.write(json.dumps(rel.to_dict(), ensure_ascii=False) + "\n")
            if done % every == 0:
                samples.append((done, round(current_rss_mb(), 1)))
        seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({
        "corpus": a.corpus.parent.name, "documents": done, "words": words, "relations": relations,
        "workers": a.workers, "seconds": round(seconds, 2), "words_per_s": round(words / seconds, 1),
        "peak_rss_mb": round(own, 1), "peak_worker_rss_mb": round(children, 1) if a.workers > 1 else None,
        "rss_samples_mb": samples,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
