"""Benchmark: sign prediction on Bitcoin Alpha and Bitcoin OTC, today's triad vote beside the feature model.

For each network, in one run and on the same splits:

* ``undirected``: the undirected signed view (as ``allegiance balance`` reads it; a pair's
  ratings summed), 10% of its edges hidden at random, 5 seeds -> mean and sd of the AUC;
* ``directed``: the rating arcs themselves (rater -> ratee), 10% hidden, 5 seeds;
* ``time_forward``: every pair / arc stamped with the time of its *last* rating; the latest
  10% are hidden and predicted from the earlier 90% (no feature sees a later rating).

Methods: ``triads`` (today's: net balance vote of common neighbours, frustration camps
for pairs without any) and ``features`` (degree + 16 signed-triad counts, logistic
regression; Leskovec, Huttenlocher & Kleinberg 2010). Features of a hidden edge are computed
on the graph without the hidden edges (``evaluate_sign_prediction`` builds it).

Usage::

    PYTHONPATH=src python benchmarks/sign_prediction.py [--data ../shared/data/balance] [--seeds 5]

Prints JSON and writes ``benchmarks/results/scale_sign_prediction.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import time
from pathlib import Path

import networkx as nx

from allegiance.balance import evaluate_sign_prediction

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
METHODS = ("triads", "features")
SOURCES = {
    "bitcoin_alpha": {"repo": "chengcxi/BitcoinAlphaGNN", "path": "soc-sign-bitcoinalpha.csv",
                      "commit": "7146b32b3de3de5aa78fc7c1bd1db4f91c4b9a42",
                      "canonical": "https://snap.stanford.edu/data/soc-sign-bitcoin-alpha.html"},
    "bitcoin_otc": {"repo": "Lithiumcr/Bitcoin-OTC-Analysis", "path": "soc-sign-bitcoinotc.csv",
                    "commit": "823cb6c717cb841dc23c314c71c3f9ae80774abc",
                    "sha256": "22b08170d37407697764acabc1b8b361ffad2d71c7c9dc002d3702548c0ca8e1",
                    "canonical": "https://snap.stanford.edu/data/soc-sign-bitcoin-otc.html"},
}


def read_rated_graphs(path: Path) -> tuple[nx.Graph, nx.DiGraph]:
    """Undirected view (ratings of a pair summed, zero sums dropped) and arcs, each with ``time`` = last rating."""
    pair_sum: dict[frozenset, float] = {}
    pair_time: dict[frozenset, float] = {}
    D = nx.DiGraph()
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            u, v, rating, when = row["source"], row["target"], float(row["weight"]), float(row["time"])
            if u == v or rating == 0:
                continue
            key = frozenset((u, v))
            pair_sum[key] = pair_sum.get(key, 0.0) + rating
            pair_time[key] = max(pair_time.get(key, when), when)
            D.add_edge(u, v, sign=1 if rating > 0 else -1, time=when)
    G = nx.Graph()
    G.add_nodes_from(D)
    for key, total in pair_sum.items():
        if total != 0:
            u, v = sorted(key)
            G.add_edge(u, v, sign=1 if total > 0 else -1, time=pair_time[key])
    return G, D


def _one(G, method: str, **kw) -> dict:
    start = time.perf_counter()
    ev = evaluate_sign_prediction(G, hide=0.1, method=method, **kw)
    return {"auc": ev.auc, "accuracy": ev.accuracy, "baseline_accuracy": ev.baseline_accuracy,
            "hidden": ev.hidden, "covered": ev.covered, "method": ev.method, "split": ev.split,
            "seconds": time.perf_counter() - start}


def _summary(runs: list[dict]) -> dict:
    aucs = [r["auc"] for r in runs]
    return {
        "auc_mean": round(statistics.mean(aucs), 4),
        "auc_sd": round(statistics.stdev(aucs), 4) if len(aucs) > 1 else 0.0,
        "auc_per_seed": [round(a, 4) for a in aucs],
        "accuracy_mean": round(statistics.mean(r["accuracy"] for r in runs), 4),
        "baseline_accuracy_mean": round(statistics.mean(r["baseline_accuracy"] for r in runs), 4),
        "hidden": runs[0]["hidden"],
        "seconds_mean": round(statistics.mean(r["seconds"] for r in runs), 2),
    }


def evaluate_network(path: Path, seeds: int) -> dict:
    G, D = read_rated_graphs(path)
    out: dict = {"nodes": G.number_of_nodes(), "edges_undirected": G.number_of_edges(), "arcs": D.number_of_edges()}
    for view, graph, directed in (("undirected", G, False), ("directed", D, True)):
        out[view] = {m: _summary([_one(graph, m, seed=s, directed=directed) for s in range(seeds)]) for m in METHODS}
        out[view]["time_forward"] = {
            m: {k: (round(v, 4) if isinstance(v, float) else v)
                for k, v in _one(graph, m, directed=directed, order_by="time").items()}
            for m in METHODS
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "balance")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "scale_sign_prediction.json")
    args = ap.parse_args(argv)
    report: dict = {
        "benchmark": "sign prediction, 10% hidden: today's triad vote vs degree + signed-triad features",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_start": list(os.getloadavg())},
        "protocol": {"hide": 0.1, "seeds": list(range(args.seeds)),
                     "auc": "Mann-Whitney, positive tie = positive class",
                     "time_forward": "each pair/arc stamped with its last rating; latest 10% hidden"},
        "reference_values": {"issue_19_today": 0.83, "gnn_reported": {"bitcoin_alpha": 0.89, "bitcoin_otc": 0.91}},
        "networks": {},
    }
    for name in ("bitcoin_alpha", "bitcoin_otc"):
        path = args.data / name / "edges.csv"
        if not path.is_file():
            report["networks"][name] = {"skipped": f"no {path}"}
            continue
        report["networks"][name] = {"source": SOURCES[name], **evaluate_network(path, args.seeds)}
    report["machine"]["load_average_end"] = list(os.getloadavg())
    text = json.dumps(report, indent=1)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
