"""Benchmark: the whole ``allegiance balance`` command on Bitcoin Alpha against its own MILP time.

Side by side in one run, alternating, ``--rounds`` times (at least 3): each round runs

* **command**: ``python -m allegiance balance edges.csv --json`` as a subprocess (total
  wall and CPU seconds of the process, and the per-part ``seconds`` the command reports);
* **milp**: a subprocess that reads the same file and solves the frustration MILP only
  (``frustration_index(G, method="milp")``), reporting the solver's own seconds.

Ratios per round: command total / MILP-alone seconds (issue 19 asks for <= 3), and
command total / the MILP seconds inside the command. The load average is recorded
before and after every round, and the CPU ratio (CPU of the command process / MILP
seconds-in-CPU of the MILP process) is given beside the wall ratio: on a loaded machine
the wall clock of both sides stretches, CPU time much less.

Every measure's presence is checked: present, approximate with its error, or skipped
with its reason (``skipped``); the significance comparisons give their sample counts and
p-value resolution.

Usage::

    PYTHONPATH=src python benchmarks/balance_command.py [--data ../shared/data/balance] [--rounds 3]

Prints JSON and writes ``benchmarks/results/scale_balance_command.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

_MILP_ONLY = """
import json, sys, time
from allegiance.balance import frustration_index
from allegiance.io import read_edge_list
G = read_edge_list(sys.argv[1])
cpu = time.process_time()
r = frustration_index(G, method="milp")
print(json.dumps({"seconds": r.seconds, "cpu_seconds": time.process_time() - cpu, "value": r.value,
                  "optimal": bool(r.optimal)}))
"""


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(args: list[str]) -> tuple[dict, float, float]:
    """(JSON printed, wall seconds, CPU seconds) of one subprocess."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    cpu, start = _child_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout), time.perf_counter() - start, _child_cpu() - cpu


def _presence(out: dict) -> dict:
    """Each measure: present, approximate (with its error) or skipped (with its reason)."""
    walk = out["walk_balance"]
    sig = out["significance"]
    return {
        "triangles": "present", "frustration": "present" if out["frustration"]["optimal"]
        else f"best found, lower bound {out['frustration']['lower_bound']}",
        "walk_balance": ("skipped: " + out["skipped"].get("walk_balance", "?")) if walk is None
        else (f"approximate, error {walk['error']} ({walk['error_kind']})" if walk["approximate"] else "exact"),
        "significance": ("skipped: " + out["skipped"].get("significance", "?")) if sig is None else {
            "verdict": sig["verdict"], "decided_by": sig["decided_by"], "budget_seconds": sig["budget_seconds"],
            "samples": {f"{c['measure']} vs {c['model']}": [c["samples"], c["p_resolution"]]
                        for c in sig["null_models"]}},
        "components": len(out["components"]),
    }


def _rounds(edges: Path, rounds: int) -> list[dict]:
    out = []
    for k in range(rounds):
        load = os.getloadavg()[0]
        cmd, cmd_wall, cmd_cpu = _run(["-m", "allegiance", "balance", str(edges), "--json"])
        milp, milp_wall, milp_cpu = _run(["-c", _MILP_ONLY, str(edges)])
        fr = cmd["frustration"]
        out.append({
            "round": k + 1, "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
            "command": {"wall_seconds": round(cmd_wall, 3), "cpu_seconds": round(cmd_cpu, 3),
                        "parts_seconds": cmd["seconds"], "frustration_seconds": fr["seconds"],
                        "frustration": fr["value"], "optimal": fr["optimal"]},
            "milp_alone": {"process_wall_seconds": round(milp_wall, 3), "process_cpu_seconds": round(milp_cpu, 3),
                           **{k2: (round(v, 3) if isinstance(v, float) else v) for k2, v in milp.items()}},
            "ratio_to_milp_alone": round(cmd_wall / milp["seconds"], 2),
            "ratio_to_milp_in_command": round(cmd_wall / fr["seconds"], 2),
            "cpu_ratio": round(cmd_cpu / milp["cpu_seconds"], 2),
            "measures": _presence(cmd),
        })
    return out


def _import_seconds() -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import allegiance.cli.balance, allegiance.balance.analysis, allegiance.io"],
                   check=True, env=env)
    return round(time.perf_counter() - start, 3)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "balance")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "scale_balance_command.json")
    args = ap.parse_args(argv)
    edges = args.data / "bitcoin_alpha" / "edges.csv"
    if not edges.is_file():
        print(json.dumps({"error": f"no {edges}"}))
        return 1
    import highspy
    import scipy

    load_start = os.getloadavg()
    runs = _rounds(edges, max(3, args.rounds))
    report = {
        "benchmark": "allegiance balance on Bitcoin Alpha: whole command vs the frustration MILP alone, alternating",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "scipy": scipy.__version__,
                    "highs": getattr(highspy, "__version__", "unknown"), "load_average_start": list(load_start)},
        "command": "python -m allegiance balance bitcoin_alpha/edges.csv --json",
        "rounds": runs,
        "median": {key: statistics.median(r[key] for r in runs)
                   for key in ("ratio_to_milp_alone", "ratio_to_milp_in_command", "cpu_ratio")},
        "target_ratio": 3.0,
        "python_start_and_imports_seconds": _import_seconds(),
    }
    report["machine"]["load_average_end"] = list(os.getloadavg())
    text = json.dumps(report, indent=1)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
