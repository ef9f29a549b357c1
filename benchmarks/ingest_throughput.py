"""Ingest throughput: documents/s and MB/s of reading + storing (no extraction).

Runs, side by side in one process, over the development corpora in
``../shared/data/corpora`` (skipped when absent):

* ``read``: :func:`allegiance.ingest.read_documents` only;
* ``store``: read + :func:`allegiance.pipeline.ingest_into_store` into a fresh
  SQLite store (de-duplication included), ``extract=False``;
* ``rerun``: the same ingest again (idempotent: nothing new stored).

Prints one JSON object. Usage: ``python benchmarks/ingest_throughput.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from allegiance.ingest import read_documents
from allegiance.pipeline import ingest_into_store
from allegiance.store import open_store

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora"


def measure(paths: list[Path]) -> dict:
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    start = time.perf_counter()
    n_read = sum(1 for item in read_documents(paths) if not isinstance(item, Exception))
    read_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(Path(tmp) / "bench.db") as store:
            start = time.perf_counter()
            report = ingest_into_store(paths, store, extract=False)
            store_s = time.perf_counter() - start
            start = time.perf_counter()
            rerun = ingest_into_store(paths, store, extract=False)
            rerun_s = time.perf_counter() - start
    return {
        "files": [str(p.relative_to(CORPORA)) for p in paths],
        "documents": n_read,
        "megabytes": round(size_mb, 3),
        "read": {"seconds": round(read_s, 3), "docs_per_s": round(n_read / read_s, 1),
                 "mb_per_s": round(size_mb / read_s, 2)},
        "ingest": {"seconds": round(store_s, 3), "docs_per_s": round(report.read / store_s, 1),
                   "mb_per_s": round(size_mb / store_s, 2), "stored": report.stored,
                   "duplicates": report.duplicates_exact + report.duplicates_near},
        "rerun": {"seconds": round(rerun_s, 3), "stored": rerun.stored,
                  "docs_per_s": round(rerun.read / rerun_s, 1)},
        "ingest_over_read_time": round(store_s / read_s, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuters", action="store_true", help="include the 18,766-story Reuters corpus")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(json.dumps({"skipped": f"{CORPORA} not found"}))
        return
    sets = {"bbc_wikinews": [CORPORA / "bbc_politics/docs.jsonl", CORPORA / "wikinews/docs.jsonl"]}
    if args.reuters:
        sets["reuters"] = [CORPORA / "reuters21578/docs.jsonl"]
    print(json.dumps({name: measure(paths) for name, paths in sets.items()}, indent=2))


if __name__ == "__main__":
    main()
