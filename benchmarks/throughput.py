"""Throughput of full extraction against bare spaCy, side by side, and what scaling costs.

Measured in one run, interleaved (bare, full x1, full x2, bare, ...) so that load from
other processes on a shared machine hits every variant alike; the paired ratios per
round, and their medians, are the figures to read:

* ``bare``: ``nlp.pipe`` of the same spaCy model with the same pipes (tok2vec, tagger,
  parser, attribute_ruler, lemmatizer, ner), texts already in memory;
* ``full_1`` / ``full_2``: what ``allegiance extract FILE --format jsonl`` does (read the
  JSONL with allegiance's reader, actor + relation stages, one JSON line per relation,
  written to /dev/null) with 1 and 2 worker processes. ``full_1`` is the CLI's own library
  call, ``extract_from_sources(..., workers=1)``, which runs in this process on the
  pipeline loaded once per process; ``full_2`` streams the same reader through an
  :class:`ExtractionPool` of 2 processes started before timing (a fresh pool per round
  would time two model loads, not throughput);
* ratios ``full_1 / bare`` (target >= 0.85) and ``full_2 / full_1`` (target >= 1.7 on 2 cores);
* relations stored per second (SQLite, and PostgreSQL when ``scripts/postgres.sh`` can
  start a server), writing the extracted relations (replicated onto distinct copies of
  the documents up to ``--store-relations``) in batches of 64 documents;
* peak RSS at 1k and 10k documents (``benchmarks/memory.py``, a fresh process each).

Usage::

    python benchmarks/throughput.py [--limit 403] [--rounds 3] [--reuters 2000]
        [--memory 1000,10000] [--store-relations 20000] [--no-postgres] [--out FILE]

Prints one JSON object (and writes it to ``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from itertools import islice
from pathlib import Path

from allegiance.model import Document, Relation

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPORA = REPO.parent / "shared" / "data" / "corpora"
BBC = CORPORA / "bbc_politics" / "docs.jsonl"
REUTERS = CORPORA / "reuters21578" / "docs.jsonl"


def read(path: Path, limit: int | None) -> list[Document]:
    from allegiance.ingest import read_documents

    docs = (d for d in read_documents([path]) if isinstance(d, Document))
    return list(islice(docs, limit)) if limit else list(docs)


def words_of(docs: list[Document]) -> int:
    return sum(len(d.text.split()) for d in docs)


def run_bare(nlp, texts: list[str], batch_size: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def run_full(pool, path: Path, sink, batch_size: int) -> tuple[float, float, list]:
    """Read -> extract -> JSON lines, as ``allegiance extract`` does.

    ``pool=None``: the CLI's own call, :func:`allegiance.pipeline.extract_from_sources`
    with one worker (in this process); else the reader streamed through ``pool``.
    """
    from allegiance.ingest import read_documents
    from allegiance.pipeline import extract_from_sources

    kept = []
    wall, cpu = time.perf_counter(), time.process_time()
    if pool is None:
        stream = extract_from_sources([path], workers=1, batch_size=batch_size)
    else:
        stream = pool.extract(d for d in read_documents([path]) if isinstance(d, Document))
    for doc, rels in stream:
        for rel in rels:
            sink.write(json.dumps(rel.to_dict(), ensure_ascii=False) + "\n")
        kept.append((doc, rels))
    return time.perf_counter() - wall, time.process_time() - cpu, kept


def head_of(path: Path, limit: int | None, folder: str) -> Path:
    """``path`` itself, or its first ``limit`` JSONL records in a temporary file (every run reads the same input)."""
    if not limit:
        return path
    out = Path(folder) / path.name
    with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        dst.writelines(islice(src, limit))
    return out


def side_by_side(path: Path, limit: int | None, rounds: int, batch_size: int, nlp, pool2) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        return _side_by_side(path, head_of(path, limit, folder), rounds, batch_size, nlp, pool2)


def _side_by_side(corpus: Path, path: Path, rounds: int, batch_size: int, nlp, pool2) -> dict:
    docs = read(path, None)
    texts = [d.text for d in docs]
    words = words_of(docs)
    rows: dict[str, list[dict]] = {"bare": [], "full_1": [], "full_2": []}
    extracted: list = []
    load: list[float] = []
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for _ in range(rounds):
            load.append(round(os.getloadavg()[0], 2))
            wall, cpu = run_bare(nlp, texts, batch_size)
            rows["bare"].append({"wall": wall, "cpu": cpu})
            wall, cpu, extracted = run_full(None, path, sink, batch_size)
            rows["full_1"].append({"wall": wall, "cpu": cpu})
            wall, cpu, again = run_full(pool2, path, sink, batch_size)
            rows["full_2"].append({"wall": wall, "cpu": cpu})
            if not len(extracted) == len(again) == len(docs):
                raise RuntimeError(f"runs saw different documents: {len(docs)}, {len(extracted)}, {len(again)}")
    rate = {k: [words / r["wall"] for r in v] for k, v in rows.items()}
    paired_full = [f / b for f, b in zip(rate["full_1"], rate["bare"])]
    paired_cpu = [b["cpu"] / f["cpu"] for b, f in zip(rows["bare"], rows["full_1"])]
    paired_two = [t / o for t, o in zip(rate["full_2"], rate["full_1"])]
    out = {
        "corpus": corpus.parent.name, "documents": len(docs), "words": words, "rounds": rounds,
        "load_average_1min_rounds": load,
        "relations": sum(len(r) for _, r in extracted),
        "words_per_s": {k: round(statistics.median(v), 1) for k, v in rate.items()},
        "words_per_s_rounds": {k: [round(x, 1) for x in v] for k, v in rate.items()},
        # CPU seconds of this process (full_2: reading, hand-off and JSON only; the workers are not counted)
        "main_process_cpu_s_rounds": {k: [round(r["cpu"], 2) for r in v] for k, v in rows.items()},
        "ratio_full1_over_bare": round(statistics.median(paired_full), 3),
        "ratio_full1_over_bare_rounds": [round(x, 3) for x in paired_full],
        "ratio_full1_over_bare_cpu_time": round(statistics.median(paired_cpu), 3),
        "ratio_workers2_over_workers1": round(statistics.median(paired_two), 3),
        "ratio_workers2_over_workers1_rounds": [round(x, 3) for x in paired_two],
    }
    return out, extracted


def replicate(extracted: list[tuple[Document, list[Relation]]], target: int) -> list[tuple[Document, list[Relation]]]:
    """Distinct copies of the documents (a marker appended) with their relations, up to ``target`` relations."""
    with_rel = [(d, r) for d, r in extracted if r]
    out, total, copy = [], 0, 0
    while with_rel and total < target:
        for doc, rels in with_rel:
            new = replace(doc, id=f"{doc.id}~{copy}", text=f"{doc.text}\n[{copy}]")
            out.append((new, [replace(r, doc_id=new.id) for r in rels]))
            total += len(rels)
            if total >= target:
                break
        copy += 1
    return out


def store_rate(url: str, items: list[tuple[Document, list[Relation]]], batch: int = 64) -> dict:
    from allegiance.pipeline import batched
    from allegiance.store import open_store

    with open_store(url, near_threshold=None) as store:
        for chunk in batched(items, batch):
            store.write_batch([(d, None) for d, _ in chunk])  # documents first, as ingest does
        start = time.perf_counter()
        stored = 0
        for chunk in batched(items, batch):
            stored += store.write_batch(chunk).relations_stored
        seconds = time.perf_counter() - start
    return {"relations": stored, "seconds": round(seconds, 3), "relations_per_s": round(stored / seconds, 1)}


def postgres_rate(items) -> dict:
    script = REPO / "scripts" / "postgres.sh"
    directory = tempfile.mkdtemp(prefix="allegiance-pg-bench-")
    os.rmdir(directory)
    try:
        started = subprocess.run(["bash", str(script), "start", directory], capture_output=True, text=True,
                                 timeout=900)
        if started.returncode != 0:
            return {"skipped": (started.stderr.strip().splitlines() or ["could not start"])[-1]}
        return store_rate(started.stdout.strip().splitlines()[-1], items)
    finally:
        subprocess.run(["bash", str(script), "stop", directory], capture_output=True, timeout=120)


def memory_runs(sizes: list[int], corpus: Path, workers: int) -> list[dict]:
    out = []
    for n in sizes:
        done = subprocess.run(
            [sys.executable, str(HERE / "memory.py"), "--docs", str(n), "--corpus", str(corpus),
             "--workers", str(workers)],
            capture_output=True, text=True,
        )
        try:
            out.append(json.loads(done.stdout.strip().splitlines()[-1]))
        except (IndexError, json.JSONDecodeError):
            out.append({"documents": n, "error": (done.stderr.strip().splitlines() or ["failed"])[-1]})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="BBC documents (0: all 403)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--reuters", type=int, default=0, help="also measure on this many Reuters stories (-1: all)")
    ap.add_argument("--reuters-rounds", type=int, default=1)
    ap.add_argument("--memory", default="1000,10000", help="document counts for memory.py ('' to skip)")
    ap.add_argument("--memory-workers", type=int, default=2)
    ap.add_argument("--store-relations", type=int, default=20000)
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    if not BBC.is_file():
        print(json.dumps({"error": f"corpus not found: {BBC}"}))
        return 1

    from allegiance.nlp import load_model
    from allegiance.pipeline import ExtractionPool, PipelineOptions

    result: dict = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cpus": os.cpu_count(),
                    "load_average_start": os.getloadavg()}
    options = PipelineOptions(batch_size=a.batch_size)
    nlp = load_model()
    with ExtractionPool(1, options=options) as pool1, ExtractionPool(2, options=options) as pool2:
        pool2.start()
        result["bare_pipes"] = nlp.pipe_names
        result["full_pipes"] = pool1.nlp.pipe_names  # the pipeline extract_from_sources(workers=1) reuses
        warm = [d.text for d in read(BBC, 8)]
        run_bare(nlp, warm, a.batch_size)
        list(pool1.extract(Document.from_text(t) for t in warm))
        result["bbc"], extracted = side_by_side(BBC, a.limit or None, a.rounds, a.batch_size, nlp, pool2)
        if a.reuters and REUTERS.is_file():
            result["reuters"], _ = side_by_side(REUTERS, None if a.reuters < 0 else a.reuters, a.reuters_rounds,
                                                a.batch_size, nlp, pool2)
    items = replicate(extracted, a.store_relations)
    with tempfile.TemporaryDirectory() as tmp:
        result["store_sqlite"] = store_rate(str(Path(tmp) / "bench.db"), items)
    if not a.no_postgres:
        result["store_postgresql"] = postgres_rate(items)
    sizes = [int(x) for x in a.memory.split(",") if x.strip()]
    if sizes:
        runs = memory_runs(sizes, REUTERS if REUTERS.is_file() else BBC, a.memory_workers)
        result["memory"] = runs
        peaks = [r.get("peak_rss_mb") for r in runs]
        if len(runs) >= 2 and all(isinstance(p, (int, float)) for p in peaks):
            result["memory_growth_mb"] = round(peaks[-1] - peaks[0], 1)
            workers = [r.get("peak_worker_rss_mb") for r in runs]
            if all(isinstance(w, (int, float)) for w in workers):
                result["memory_worker_growth_mb"] = round(workers[-1] - workers[0], 1)
    result["load_average_end"] = os.getloadavg()
    text = json.dumps(result, indent=1)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
