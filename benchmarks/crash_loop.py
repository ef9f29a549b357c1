"""Crash loop: SIGKILL ``allegiance extract`` and ``allegiance ingest`` at random points, rerun.

Generates a synthetic corpus (our own templated text, ``tests/reliability/corpus.py``),
runs one clean ``allegiance extract`` for reference, kills ``extract`` mid-stream
``--kills-cli-extract`` times (each partial output must be valid JSONL line by line and a
prefix of the clean output), then kills ``ingest`` ``--kills-text`` times during
``--no-extract`` runs and ``--kills-extract`` times during extraction, finishes the job,
and checks every document and relation is stored exactly once and the store's
integrity check passes. Prints one JSON object::

    {"crashes_survived": 24, "documents": 2000, "relations": 5029, "lost": 0,
     "duplicates": 0, "extra_relations": 0, "integrity_problems": [], ...}

Usage: ``python benchmarks/crash_loop.py [--documents 2000] [--kills-text 15]
[--kills-extract 5] [--kills-cli-extract 4] [--seed N] [--keep DIR]``. Exit code 1 when
anything was lost, doubled or the store fails its check.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "reliability"))

from corpus import corpus_records, write_jsonl  # noqa: E402
from crashloop import (  # noqa: E402
    clean_extract,
    extract_crash_loop,
    ingest_crash_loop,
    relation_key,
    verify_store,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--kills-text", type=int, default=15, help="kills of ingest --no-extract")
    parser.add_argument("--kills-extract", type=int, default=5, help="kills of ingest while extracting")
    parser.add_argument("--kills-cli-extract", type=int, default=4, help="kills of allegiance extract")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    parser.add_argument("--verbose", action="store_true", help="log every kill on stderr")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(10**6)
    rng = random.Random(seed)
    log = (lambda line: print(line, file=sys.stderr, flush=True)) if args.verbose else (lambda line: None)

    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        records = corpus_records(args.documents)
        corpus = write_jsonl(work / "corpus.jsonl", records)
        start = time.perf_counter()
        reference_lines = clean_extract(corpus, work / "clean.jsonl")
        reference = {relation_key(json.loads(line)) for line in reference_lines}
        extract_report = extract_crash_loop(
            corpus, work, reference_lines=reference_lines, kills=args.kills_cli_extract, rng=rng,
            max_target=max(2, len(reference_lines) // 4), log=log,
        ) if args.kills_cli_extract else None
        report = ingest_crash_loop(
            corpus, work / "store.db", documents=args.documents, kills_text=args.kills_text,
            kills_extract=args.kills_extract, rng=rng, log=log,
        )
        verify_store(work / "store.db", [r["id"] for r in records], reference, report)
        seconds = time.perf_counter() - start

    extract_crashes = extract_report.crashes_survived if extract_report else 0
    result = {
        "crashes_survived": report.crashes_survived + extract_crashes,
        "ingest_crashes_survived": report.crashes_survived,
        "extract_crashes_survived": extract_crashes,
        "runs_finished_before_kill": report.finished_before_kill
        + (extract_report.finished_before_kill if extract_report else 0),
        "documents": report.documents,
        "relations": report.relations,
        "lost": report.lost_documents + report.lost_relations,
        "duplicates": report.duplicate_documents + report.duplicate_relations,
        "lost_documents": report.lost_documents,
        "lost_relations": report.lost_relations,
        "extra_relations": report.extra_relations,
        "integrity_problems": report.integrity_problems,
        "orphan_processes": report.orphan_processes
        + (extract_report.orphan_processes if extract_report else 0),
        "seed": seed,
        "seconds": round(seconds, 1),
    }
    print(json.dumps(result))
    bad = result["lost"] or result["duplicates"] or result["extra_relations"] or result["integrity_problems"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
