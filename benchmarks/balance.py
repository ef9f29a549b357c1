"""Benchmark of the frustration index: our exact method, our heuristic, and a plain baseline.

For each network it times, side by side in one run:

* ``exact``: :func:`allegiance.balance.frustration_index` as shipped (reductions,
  biconnected blocks, heuristic warm start, lazy triangle and odd-cycle cuts, HiGHS);
* ``heuristic``: the multi-start local search, with its gap to the exact value and its
  own cycle-packing lower bound;
* ``baseline``: the node-colour model with all triangle inequalities (as in Aref et
  al. 2020), whole graph, solved by HiGHS, no decomposition, no reductions, no warm
  start (``frustration_index(G, reduce=False, decompose=False, warm_start=False,
  triangle_cuts=True)``).

Wall-clock and process CPU seconds are both reported: the machine is shared, so the
CPU time is the fairer comparison; ``load_average`` is recorded at start and end.
It also evaluates sign prediction on Bitcoin Alpha (hide 10%, predict from the rest)
next to the "always positive" baseline.

Networks are read from ``../shared/data/balance`` (never copied into the repo); the
"large" network is generated here (see :func:`synthetic_large`).

Usage::

    python benchmarks/balance.py [--data DIR] [--time-limit 300] [--only NAME ...]
                                 [--no-baseline] [--out benchmarks/results/balance.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

import networkx as nx

from allegiance.balance import evaluate_sign_prediction, frustration_index
from allegiance.io import read_edge_list, read_edge_list_windows

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "balance"
BASELINE = dict(reduce=False, decompose=False, warm_start=False, triangle_cuts=True, odd_cycles=False)


def synthetic_large(n: int = 7566, m: int = 4, p: float = 0.6, noise: float = 0.05, seed: int = 7) -> nx.Graph:
    """A signed network twice Bitcoin Alpha's size and denser in negative edges.

    Heavy-tailed degrees with clustering (Holme-Kim powerlaw-cluster graph, ~30,000
    edges on 7,566 nodes), three planted camps of unequal size (75% / 12.5% / 12.5%):
    positive inside camps, negative across; then ``noise`` of the signs flipped at
    random. About 40% of edges are negative (Bitcoin Alpha: 9%).
    """
    rng = random.Random(seed)
    G = nx.powerlaw_cluster_graph(n, m, p, seed=seed)
    camp = {v: (0 if rng.random() < 0.75 else 1 if rng.random() < 0.5 else 2) for v in G}
    for u, v in G.edges():
        s = 1 if camp[u] == camp[v] else -1
        if rng.random() < noise:
            s = -s
        G[u][v]["sign"] = s
    return G


def doubled_network(G: nx.Graph, *, bridges: int = 1000, bridge_sign: int | None = None, flip: float = 0.1,
                    seed: int = 11) -> nx.Graph:
    """Two copies of a real signed network, tied together and made more hostile.

    ``G`` and a relabelled copy of it, joined by ``bridges`` random edges (one block,
    so the decomposition cannot split it) of sign ``bridge_sign`` (random when None),
    then ``flip`` of the positive edges turned negative at random. From Bitcoin Alpha
    (14,081 edges, 9% negative) the defaults give 29,162 edges on 7,562 nodes, of
    which 20% (5,769) are negative: random sign noise, the hardest case for every
    exact method. ``bridges=3000, bridge_sign=-1, flip=0`` gives two rival copies
    instead: 31,162 edges, 18% negative, the extra negatives between the camps.
    """
    rng = random.Random(seed)
    H = nx.Graph()
    nodes = list(G)
    for copy in (0, 1):
        for u, v, s in G.edges(data="sign"):
            H.add_edge((copy, u), (copy, v), sign=s)
    while bridges > 0:
        u, v = (0, rng.choice(nodes)), (1, rng.choice(nodes))
        if not H.has_edge(u, v):
            H.add_edge(u, v, sign=bridge_sign if bridge_sign is not None else rng.choice((1, -1)))
            bridges -= 1
    for u, v, d in H.edges(data=True):
        if d["sign"] > 0 and rng.random() < flip:
            d["sign"] = -1
    return H


def _timed(G, **kw):
    w0, c0 = time.perf_counter(), time.process_time()
    r = frustration_index(G, **kw)
    return r, time.perf_counter() - w0, time.process_time() - c0


def _run(G, time_limit, baseline: bool) -> dict:
    negatives = sum(1 for *_e, s in G.edges(data="sign") if s < 0)
    out: dict = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "negative_edges": negatives}
    r, wall, cpu = _timed(G, time_limit=time_limit)
    out["exact"] = {"value": r.value, "optimal": r.optimal, "lower_bound": r.lower_bound, "gap": round(r.gap, 6),
                    "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
                    "reduced_edges": r.stats.get("reduced_edges"), "largest_block_edges": r.stats.get("largest_block_edges")}
    h, wall_h, cpu_h = _timed(G, method="heuristic")
    out["heuristic"] = {"value": h.value, "lower_bound": h.lower_bound, "seconds": round(wall_h, 3),
                        "cpu_seconds": round(cpu_h, 3),
                        "gap_to_exact": round((h.value - r.value) / r.value, 6) if r.value else 0.0,
                        "exact_value_within_bounds": h.lower_bound <= r.lower_bound and r.value <= h.value}
    if baseline:
        b, wall_b, cpu_b = _timed(G, time_limit=time_limit, **BASELINE)
        out["baseline"] = {"value": b.value, "optimal": b.optimal, "lower_bound": b.lower_bound,
                           "gap": round(b.gap, 6), "seconds": round(wall_b, 3), "cpu_seconds": round(cpu_b, 3)}
        out["speedup_wall"] = round(wall_b / wall, 2) if wall > 0 else None
        out["speedup_cpu"] = round(cpu_b / cpu, 2) if cpu > 0 else None
        if not b.optimal:
            out["speedup_note"] = f"baseline not proven optimal within {time_limit} s: speedup is a lower bound"
    return out


def _run_windows(windows: dict, time_limit, baseline: bool) -> dict:
    per = {label: _run(G, time_limit, baseline) for label, G in windows.items()}
    agg = {
        "windows": len(per),
        "all_exact_optimal": all(x["exact"]["optimal"] for x in per.values()),
        "exact_seconds_total": round(sum(x["exact"]["seconds"] for x in per.values()), 3),
        "exact_cpu_seconds_total": round(sum(x["exact"]["cpu_seconds"] for x in per.values()), 3),
        "exact_seconds_max": round(max(x["exact"]["seconds"] for x in per.values()), 3),
        "heuristic_seconds_total": round(sum(x["heuristic"]["seconds"] for x in per.values()), 3),
        "heuristic_optimal_windows": sum(1 for x in per.values() if x["heuristic"]["value"] == x["exact"]["value"]),
        "heuristic_gap_max": max(x["heuristic"]["gap_to_exact"] for x in per.values()),
    }
    if baseline:
        agg["baseline_seconds_total"] = round(sum(x["baseline"]["seconds"] for x in per.values()), 3)
        agg["baseline_cpu_seconds_total"] = round(sum(x["baseline"]["cpu_seconds"] for x in per.values()), 3)
        agg["all_baseline_optimal"] = all(x["baseline"]["optimal"] for x in per.values())
        agg["speedup_wall"] = round(agg["baseline_seconds_total"] / agg["exact_seconds_total"], 2)
        agg["speedup_cpu"] = round(agg["baseline_cpu_seconds_total"] / agg["exact_cpu_seconds_total"], 2)
    agg["per_window"] = {label: {"value": x["exact"]["value"], "optimal": x["exact"]["optimal"],
                                 "edges": x["edges"], "seconds": x["exact"]["seconds"]} for label, x in per.items()}
    return agg


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--only", nargs="*", default=None,
                    help="subset of: tribes sampson mmp cow bitcoin_alpha bitcoin_alpha_x2 bitcoin_alpha_x2_rivals synthetic_large prediction")
    ap.add_argument("--synthetic-seeds", type=int, nargs="*", default=[7],
                    help="seeds of the synthetic network (one network each; 7 is the reference one)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "balance.json")
    args = ap.parse_args(argv)
    want = set(args.only) if args.only else None

    def wanted(name: str) -> bool:
        return want is None or name in want

    from allegiance.balance._highs import new_highs

    report: dict = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "highs": new_highs().version(), "load_average_start": list(os.getloadavg())},
        "time_limit": args.time_limit,
        "baseline_model": "node-colour model + all triangle inequalities, whole graph, HiGHS, no decomposition/warm start",
        "networks": {},
    }
    nets = report["networks"]
    warm = nx.Graph([(0, 1, {"sign": 1}), (1, 2, {"sign": 1}), (0, 2, {"sign": -1})])
    frustration_index(warm)  # imports (scipy, highspy) outside the timings
    frustration_index(warm, **BASELINE)
    baseline = not args.no_baseline
    data = args.data
    if data.is_dir():
        if wanted("tribes"):
            nets["tribes"] = _run(read_edge_list(data / "tribes" / "edges.csv"), args.time_limit, baseline)
        if wanted("sampson"):
            nets["sampson_affect_T4"] = _run(read_edge_list(data / "sampson" / "affect_T4.csv"), args.time_limit, baseline)
        if wanted("mmp"):
            nets["mmp"] = _run(read_edge_list(data / "mmp" / "edges.csv"), args.time_limit, baseline)
        if wanted("cow"):
            nets["cow_51_windows"] = _run_windows(read_edge_list_windows(data / "cow" / "edges.csv"),
                                                  args.time_limit, baseline)
        btc = None
        if wanted("bitcoin_alpha") or wanted("prediction") or wanted("bitcoin_alpha_x2") or wanted("bitcoin_alpha_x2_rivals"):
            btc = read_edge_list(data / "bitcoin_alpha" / "edges.csv")
        if wanted("bitcoin_alpha"):
            nets["bitcoin_alpha"] = _run(btc, args.time_limit, baseline)
        if wanted("bitcoin_alpha_x2"):
            nets["bitcoin_alpha_x2"] = _run(doubled_network(btc), args.time_limit, baseline)
            nets["bitcoin_alpha_x2"]["description"] = doubled_network.__doc__.split("\n\n")[1].replace("\n", " ").strip()
        if wanted("bitcoin_alpha_x2_rivals"):
            nets["bitcoin_alpha_x2_rivals"] = _run(doubled_network(btc, bridges=3000, bridge_sign=-1, flip=0.0),
                                                   args.time_limit, baseline)
            nets["bitcoin_alpha_x2_rivals"]["description"] = (
                "two copies of Bitcoin Alpha joined by 3,000 random negative edges (two rival camps)")
        if wanted("prediction"):
            ev = evaluate_sign_prediction(btc, hide=0.1, seed=0)
            report["sign_prediction_bitcoin_alpha"] = {
                "hidden": ev.hidden, "accuracy": round(ev.accuracy, 4), "auc": round(ev.auc, 4),
                "always_positive_accuracy": round(ev.baseline_accuracy, 4),
                "covered_by_triads": ev.covered, "accuracy_on_covered": round(ev.covered_accuracy, 4),
            }
    else:
        print(f"note: {data} not found; only the synthetic network is run", file=sys.stderr)
    if wanted("synthetic_large"):
        for seed in args.synthetic_seeds:
            name = "synthetic_large" if seed == 7 else f"synthetic_large_seed{seed}"
            nets[name] = _run(synthetic_large(seed=seed), args.time_limit, baseline)
            nets[name]["description"] = synthetic_large.__doc__.split("\n\n")[1].replace("\n", " ").strip()
    report["machine"]["load_average_end"] = list(os.getloadavg())
    notes = []
    for name, x in nets.items():
        if "speedup_cpu" in x:
            notes.append(f"{name}: baseline/exact = {x['speedup_wall']}x wall, {x['speedup_cpu']}x CPU"
                         + (" (baseline hit the limit)" if x.get("speedup_note") else ""))
        ex = x.get("exact")
        if ex is not None:
            notes.append(f"{name}: exact {ex['value']} {'proven optimal' if ex['optimal'] else 'NOT proven'}"
                         f" in {ex['seconds']} s")
    report["closing_note"] = "; ".join(notes)
    text = json.dumps(report, indent=2)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
