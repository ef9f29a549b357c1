"""Benchmark: will this alliance survive? Walk-forward forecast on the Correlates of War windows.

For each non-overlapping 4-year CoW window (1946-1949, 1950-1953, ..., 1994-1997), every
alliance (positive tie) is given a probability of being hostile or absent in the next
window by :func:`allegiance.balance.forecast.evaluate_forecast`, fitted on earlier
windows only. Side by side, in one run, on the same ties:

* ``structure`` -- logistic regression on the balance features (fragility, held only by
  a shared enemy, frustrated, unbalanced triangles, triangles, persistence, weight,
  degree);
* ``persistence`` -- "nothing changes": the training rate of change for every tie
  (calibrated, no ranking: AUC 0.5 by construction);
* ``nothing_changes`` -- probability 0 for every tie;
* ``history`` -- logistic regression on the tie's persistence over the previous windows;
* ``degree`` -- logistic regression on the ends' log degrees.

AUC and Brier are pooled over all predicted ties. The machine load is recorded.
``--db STORE`` also evaluates the sliding windows of a store (e.g. the demo's
``allegiance-demo/demo.db``, windows chosen from its dates as ``balance --db`` does).

Usage::

    python benchmarks/alliance_forecast.py [--data DIR] [--history 3] [--min-train 2] [--db STORE]
                                           [--out benchmarks/results/alliance_forecast.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from allegiance.balance.forecast import evaluate_forecast
from allegiance.io import read_edge_list_windows

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "balance"


def cow_windows(data: Path, *, step: int = 4) -> dict:
    """The non-overlapping CoW windows (every ``step``-th 4-year window from 1946-1949)."""
    windows = read_edge_list_windows(data / "cow" / "edges.csv")
    labels = sorted(windows)
    return {label: windows[label] for label in labels[::step]}


def store_evaluation(db: str, *, history: int, min_train: int) -> dict:
    """Walk-forward evaluation over a store's sliding windows (sizes chosen from its dates)."""
    from allegiance.network import window_series
    from allegiance.network.windows import choose_window, window_start
    from allegiance.store import open_store

    with open_store(db) as store:
        relations = list(store.iter_relations())
    dates = sorted(str(r.date)[:10] for r in relations if r.date)
    window, step = choose_window(dates[0], dates[-1])
    series = window_series(relations, window=window, step=step, start=window_start(dates[0], window))
    result = evaluate_forecast([w.graph for w in series], history=history, min_train=min_train)
    for row in result["per_window"]:
        row["window"] = series[row["window"]].label
    return {"db": str(db), "window": window, "step": step, **result}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--history", type=int, default=3)
    ap.add_argument("--min-train", type=int, default=2)
    ap.add_argument("--db", help="Also evaluate the windows of this store (e.g. the demo's).")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "alliance_forecast.json")
    args = ap.parse_args(argv)
    if not (args.data / "cow" / "edges.csv").exists():
        print(json.dumps({"error": f"no CoW data under {args.data}"}))
        return 1
    report = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "load_average_start": list(os.getloadavg())}}
    windows = cow_windows(args.data)
    start = time.perf_counter()
    result = evaluate_forecast(list(windows.values()), history=args.history, min_train=args.min_train)
    labels = list(windows)
    for row in result["per_window"]:
        row["window"], row["next"] = labels[row["window"]], labels[row["window"] + 1]
    report["cow"] = {"windows": labels, **result, "seconds": round(time.perf_counter() - start, 2)}
    if args.db:
        report["store"] = store_evaluation(args.db, history=args.history, min_train=args.min_train)
    report["machine"]["load_average_end"] = list(os.getloadavg())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
