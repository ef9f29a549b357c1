"""Balance at scale: a generated signed graph of ``--edges`` edges (default 1,000,000).

Each step runs in a fresh process so its peak RSS is its own:

* ``csv``: write the edge list ``source,target,sign`` then read it with
  :func:`allegiance.io.read_edge_list` (time and peak RSS of the read);
* ``relations``: stream the same edges as :class:`~allegiance.model.Relation` objects
  into :func:`allegiance.network.build_signed_graph`;
* ``arrays``: write the CSV, then in one timed run :func:`allegiance.io.read_edge_arrays`
  and :func:`allegiance.balance.frustration_index` (``method="heuristic"``) on the arrays:
  graph build + heuristic with its lower bound, wall and CPU time, peak RSS;
* ``heuristic``: :func:`allegiance.balance.frustration_index` with ``method="heuristic"``
  (``--time-limit`` as its ``time_limit``, defaults otherwise) on the graph built with
  networkx directly; ``stage_seconds`` splits its time over the stages it calls
  (signed edges, reductions, blocks, local search, packing bound).

The graph: ``edges / degree`` nodes in two planted camps, each node linked to ``degree``
others at distinct offsets (so every edge is unique without keeping a set); an edge is
positive inside a camp and negative across, flipped with probability ``--noise``.
The planted colouring frustrates about ``noise * edges`` edges: the heuristic's value
should be at most that, and its lower bound at most its value.

Usage: ``python benchmarks/balance_scale.py [--edges 1000000] [--steps csv,relations,heuristic]
[--time-limit SECONDS] [--out FILE]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import numpy as np

HERE = Path(__file__).resolve()


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def signed_edges(edges: int, degree: int, noise: float, seed: int) -> Iterator[tuple[int, int, int]]:
    """``edges`` distinct signed edges ``(a, b, sign)`` over ``edges // degree`` nodes."""
    n = max(3, edges // degree)
    rng = random.Random(seed)
    camp = [rng.random() < 0.5 for _ in range(n)]
    half = (n - 1) // 2
    made = 0
    for a in range(n):
        for offset in rng.sample(range(1, half + 1), min(degree, half)):
            b = (a + offset) % n
            sign = 1 if camp[a] == camp[b] else -1
            if rng.random() < noise:
                sign = -sign
            yield a, b, sign
            made += 1
            if made >= edges:
                return


def step_csv(a) -> dict:
    from allegiance.io import read_edge_list

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "edges.csv"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("source,target,sign\n")
            for u, v, s in signed_edges(a.edges, a.degree, a.noise, a.seed):
                handle.write(f"n{u},n{v},{s}\n")
        before = peak_mb()
        start = time.perf_counter()
        G = read_edge_list(path)
        seconds = time.perf_counter() - start
        return {"step": "csv", "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                "csv_mb": round(path.stat().st_size / 2**20, 1), "seconds": round(seconds, 2),
                "peak_rss_mb_before": before, "peak_rss_mb": peak_mb()}


def step_relations(a) -> dict:
    from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType
    from allegiance.network import build_signed_graph

    evidence = Evidence("A generated sentence.", 0, 21)
    actors: dict[int, Actor] = {}

    def actor(i: int) -> Actor:
        found = actors.get(i)
        if found is None:
            found = actors[i] = Actor(f"N{i}", f"Node {i}", ActorKind.GROUP)
        return found

    def relations() -> Iterator[Relation]:
        for k, (u, v, s) in enumerate(signed_edges(a.edges, a.degree, a.noise, a.seed)):
            yield Relation(f"d{k // 20}", Mention("x", 0, 1, actor(u)), Mention("y", 2, 3, actor(v)),
                           RelationType.ALLY if s > 0 else RelationType.OPPOSE, evidence,
                           date="2020-01-01")

    start = time.perf_counter()
    G = build_signed_graph(relations())
    seconds = time.perf_counter() - start
    return {"step": "relations", "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "seconds": round(seconds, 2), "peak_rss_mb": peak_mb()}


def _timed_stages():
    """Wrap the stages :func:`frustration_index` calls so that their times add up."""
    from allegiance.balance import frustration as fr

    stages: dict[str, float] = {}
    for name, label in (("signed_edges", "signed_edges"), ("_reduce", "reductions"), ("_blocks", "blocks"),
                        ("_local_search", "local_search"), ("_cycle_packing_bound", "packing_bound"),
                        ("_heuristic_arrays", "array_search_and_bound")):
        inner = getattr(fr, name)

        def wrapped(*args, _inner=inner, _label=label, **kwargs):
            t0 = time.perf_counter()
            try:
                return _inner(*args, **kwargs)
            finally:
                stages[_label] = round(stages.get(_label, 0.0) + time.perf_counter() - t0, 2)

        setattr(fr, name, wrapped)
    return stages


def step_heuristic(a) -> dict:
    import networkx as nx

    from allegiance.balance import frustration_index

    G = nx.Graph()
    rng = random.Random(a.seed)
    n = max(3, a.edges // a.degree)
    camp = [rng.random() < 0.5 for _ in range(n)]
    for u, v, s in signed_edges(a.edges, a.degree, a.noise, a.seed):
        G.add_edge(u, v, sign=s)
    # the generator may draw a pair twice (a -> b and b -> a): count the graph's edges
    planted = sum(1 for u, v, s in G.edges(data="sign") if (s > 0) != (camp[u] == camp[v]))
    built = peak_mb()
    stages = _timed_stages()
    start = time.perf_counter()
    cpu = time.process_time()
    result = frustration_index(G, method="heuristic", time_limit=a.time_limit)
    seconds = time.perf_counter() - start
    return {"step": "heuristic", "time_limit": a.time_limit, "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(), "planted_frustration": planted, "value": result.value,
            "lower_bound": result.lower_bound, "gap": round(result.gap, 5), "optimal": result.optimal,
            "seconds": round(seconds, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
            "stage_seconds": stages, "peak_rss_mb_graph_built": built,
            "peak_rss_mb": peak_mb(), "stats": result.stats}


def _write_csv(a, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("source,target,sign\n")
        for u, v, s in signed_edges(a.edges, a.degree, a.noise, a.seed):
            handle.write(f"n{u},n{v},{s}\n")


def step_arrays(a) -> dict:
    """CSV -> :func:`read_edge_arrays` -> heuristic frustration with bound, in one process:
    the "graph build + heuristic" figure of issue 19."""
    from allegiance.balance import _large
    from allegiance.balance import frustration_index
    from allegiance.io.edgelist import read_edge_arrays

    stages: dict[str, float] = {}
    for module, name, label in ((_large, "local_search_arrays", "local_search"),
                                (_large, "packing_bound_arrays", "packing_bound")):
        inner = getattr(module, name)

        def wrapped(*args, _inner=inner, _label=label, **kwargs):
            t0 = time.perf_counter()
            try:
                return _inner(*args, **kwargs)
            finally:
                stages[_label] = round(stages.get(_label, 0.0) + time.perf_counter() - t0, 2)

        setattr(module, name, wrapped)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "edges.csv"
        _write_csv(a, path)
        rng = random.Random(a.seed)
        n = max(3, a.edges // a.degree)
        camp = [rng.random() < 0.5 for _ in range(n)]
        before = peak_mb()
        start, cpu = time.perf_counter(), time.process_time()
        E = read_edge_arrays(path)
        read_s, read_cpu = time.perf_counter() - start, time.process_time() - cpu
        result = frustration_index(E, method="heuristic", time_limit=a.time_limit)
        seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    index = {name: i for i, name in enumerate(E.nodes)}
    node_camp = np.asarray([camp[int(name[1:])] for name in E.nodes])
    planted = int(((node_camp[E.u] == node_camp[E.v]) != (E.sign > 0)).sum())
    del index
    return {"step": "arrays", "time_limit": a.time_limit, "nodes": E.n, "edges": E.m,
            "planted_frustration": planted, "value": result.value, "lower_bound": result.lower_bound,
            "gap": round(result.gap, 5), "optimal": result.optimal,
            "read_seconds": round(read_s, 2), "read_cpu_seconds": round(read_cpu, 2),
            "heuristic_seconds": round(result.seconds, 2), "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu_s, 2), "stage_seconds": stages, "peak_rss_mb_before": before,
            "peak_rss_mb": peak_mb(), "stats": result.stats}


STEPS = {"csv": step_csv, "relations": step_relations, "heuristic": step_heuristic, "arrays": step_arrays}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edges", type=int, default=1_000_000)
    ap.add_argument("--degree", type=int, default=10, help="edges generated per node (mean degree is twice this)")
    ap.add_argument("--noise", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", default="arrays,csv,relations,heuristic")
    ap.add_argument("--step", default=None, help=argparse.SUPPRESS)  # one step, in this process
    ap.add_argument("--time-limit", type=float, default=None, help="time_limit of the heuristic step")
    ap.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    if a.step:
        print(json.dumps(STEPS[a.step](a)))
        return 0
    results = {"command": "python benchmarks/balance_scale.py " + " ".join(argv if argv is not None else sys.argv[1:]),
               "edges_asked": a.edges, "degree": a.degree, "noise": a.noise, "cpus": os.cpu_count(),
               "load_average_start": os.getloadavg(), "steps": []}
    for name in [s.strip() for s in a.steps.split(",") if s.strip()]:
        done = subprocess.run(
            [sys.executable, str(HERE), "--step", name, "--edges", str(a.edges), "--degree", str(a.degree),
             "--noise", str(a.noise), "--seed", str(a.seed)]
            + ([] if a.time_limit is None else ["--time-limit", str(a.time_limit)]),
            capture_output=True, text=True,
        )
        try:
            results["steps"].append(json.loads(done.stdout.strip().splitlines()[-1]))
        except (IndexError, json.JSONDecodeError):
            results["steps"].append({"step": name, "error": (done.stderr.strip().splitlines() or ["failed"])[-1]})
        print(json.dumps(results["steps"][-1]), file=sys.stderr, flush=True)
    results["load_average_end"] = os.getloadavg()
    text = json.dumps(results, indent=1)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
