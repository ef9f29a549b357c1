"""Benchmark: verdicts and z-scores of balance against null models on real signed networks.

Read's Highland tribes and the 13 non-overlapping Correlates of War windows
(1946-1949, ..., 1994-1997), each measured by
:func:`allegiance.balance.significance.balance_significance` (shuffled signs and degree-
and sign-preserving rewiring; triangle balance and normalised frustration, the heuristic
on both sides; walk balance on the tribes only). Seconds per network are recorded with
the machine load, since the figures are meant for interactive use.

Usage::

    python benchmarks/balance_significance.py [--data DIR] [--samples 100] [--cow-samples 50]
                                              [--out benchmarks/results/balance_significance.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from allegiance.balance.significance import balance_significance
from allegiance.io import read_edge_list, read_edge_list_windows

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "balance"


def _measure(G, **options) -> dict:
    start = time.perf_counter()
    cpu = time.process_time()
    r = balance_significance(G, **options).to_dict()
    r["seconds"] = round(time.perf_counter() - start, 2)
    r["cpu_seconds"] = round(time.process_time() - cpu, 2)
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--samples", type=int, default=100)
    ap.add_argument("--cow-samples", type=int, default=50)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "balance_significance.json")
    args = ap.parse_args(argv)
    report: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                "load_average_start": list(os.getloadavg())}}
    tribes = args.data / "tribes" / "edges.csv"
    if tribes.exists():
        report["tribes"] = _measure(read_edge_list(tribes), samples=args.samples)
    cow = args.data / "cow" / "edges.csv"
    if cow.exists():
        windows = read_edge_list_windows(cow)
        labels = sorted(windows)[::4]
        report["cow"] = {label: _measure(windows[label], samples=args.cow_samples,
                                         measures=("triangle_balance", "normalised_frustration"))
                         for label in labels}
    report["machine"]["load_average_end"] = list(os.getloadavg())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    summary = {name: r["verdict"] for name, r in [("tribes", report.get("tribes"))] if r}
    summary.update({k: v["verdict"] for k, v in report.get("cow", {}).items()})
    json.dump(summary, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
