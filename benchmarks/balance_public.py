"""Exact frustration index of public signed networks above 100,000 edges.

Each network runs alone in a fresh process (``nice`` it from the shell), with a hard
``time_limit`` for :func:`allegiance.balance.frustration_index` (``method="milp"``) and a
process timeout on top. The data are read from ``../shared/data/balance/<name>/`` (never
downloaded here, never copied into the repository); where each file came from (public
GitHub repository, path and commit) is part of the output.

Conversion (the rule of REFERENCE.md and of Aref et al.): direction ignored, all rows
between a pair collapsed into one edge whose sign is that of the summed signs, pairs
summing to zero dropped, self-loops dropped; every edge counts 1.

Usage: ``nice -n 10 python benchmarks/balance_public.py [--only NAME ...] [--time-limit 1800]
[--out benchmarks/results/scale_public_networks.json]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve()
DATA = HERE.parents[2] / "shared" / "data" / "balance"

NETWORKS = {
    "wiki_elections": {
        "file": "wiki_elections/wikielections.csv",
        "repo": "NDS-VU/signed-network-datasets", "path": "datasets/wikielections/wikielections.csv",
        "commit": "4ac0db54932d4e0a1f8c13fb69add56e8b42c529",
        "about": "Wikipedia admin elections (SNAP wiki-Elec, Leskovec et al. 2010; KONECT elec), directed votes",
    },
    "wiki_rfa": {
        "file": "wiki_rfa/wikirfa.csv",
        "repo": "SherylHYX/pytorch_geometric_signed_directed", "path": "datasets/wikirfa.csv",
        "commit": "ecdf3fcf94b148ae9350c848e7774915495170d9",
        "about": "Wikipedia Requests for Adminship (SNAP wiki-RfA, West et al. 2014), the 'wiki' set of SDGNN",
    },
    "twitter_referendum": {
        "file": "twitter_referendum/twitterreferendum.csv",
        "repo": "NDS-VU/signed-network-datasets", "path": "datasets/twitterreferendum/twitterreferendum.csv",
        "commit": "4ac0db54932d4e0a1f8c13fb69add56e8b42c529",
        "about": "Twitter, 2016 Italian referendum (Ordozgoiti, Matakos & Gionis, WWW 2020)",
    },
}

# Published frustration indices for these files, side by side with ours (never used to
# decide anything). None could be found for these exact networks. Searched (2026-12-02):
# the stored public pages and code for "frustration index" with wikipedia elections / RfA /
# WikiElections / Slashdot / Epinions, Aref et al. (2018, 2019 "Balance and frustration in
# signed networks", 2020), graphB+ (Rusnak & Tesic 2021) and graphBpp/graphL (Shebaro &
# Tesic, arXiv:2311.00869, whose repository README gives no values): the stores hold the
# papers' abstracts and first pages, not their result tables. What the literature says
# about solutions at this size is kept in LITERATURE.
PUBLISHED: dict[str, list[dict]] = {}
SEARCHED = ("search corpora pages/code/docs, 2026-12-02: Aref & Wilson 2019 (arXiv:1712.04628), Aref, Mason & "
            "Wilson 2020 (doi:10.1002/net.21907), Rusnak & Tesic 2021 (doi:10.1007/s10618-021-00795-z), Shebaro & "
            "Tesic arXiv:2311.00869 and its repository README: abstracts and first pages only, no per-network "
            "frustration values for wiki-Elec or wiki-RfA")
LITERATURE = [
    {"cite": "Aref, Mason & Wilson (2020), A modeling and computational study of the frustration index in signed "
             "networks, Networks 75(1):95-110, doi:10.1002/net.21907",
     "claim": "exact frustration index of real signed networks with over 15,000 edges in less than a minute "
              "(binary LP models, Gurobi)"},
    {"cite": "Aref, Dinh, Rezapour & Diesner (2020), Multilevel structural evaluation of signed directed social "
             "networks based on balance theory, Scientific Reports 10:15228, doi:10.1038/s41598-020-71838-6",
     "claim": "exact (directed) frustration index per network with Gurobi; Wikipedia election networks among "
              "the data; table values not retrievable here"},
    {"cite": "Rusnak & Tesic (2021), Characterizing attitudinal network graphs through frustration cloud, Data "
             "Mining and Knowledge Discovery 35:2498-2539, doi:10.1007/s10618-021-00795-z (graphB+)",
     "claim": "nearest balanced states (upper bounds, not proven) for networks up to 80,000 vertices and half a "
              "million edges"},
    {"cite": "Shebaro & Tesic (2023), Scaling frustration index and corresponding balanced state discovery for "
             "real signed graphs, arXiv:2311.00869 (graphBpp, graphL)",
     "claim": "the exact method finds the optimum for small graphs only; graphBpp/graphL give unproven "
              "approximations on large ones"},
]


def _sample_load(loads: list, stop: threading.Event, every: float = 30.0) -> None:
    while not stop.wait(every):
        loads.append(os.getloadavg()[0])


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_one(name: str, time_limit: float, data: Path = DATA) -> dict:
    """Read, convert and solve one network in this process."""
    from allegiance.balance import frustration_index
    from allegiance.io.edgelist import read_edge_arrays

    spec = NETWORKS[name]
    path = data / spec["file"]
    text = path.read_text(encoding="utf-8-sig")
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "edges.csv"
        csv_path.write_text("source,target,sign\n" + text, encoding="utf-8")
        start = time.perf_counter()
        E = read_edge_arrays(csv_path)
        read_s = time.perf_counter() - start
    cpu = time.process_time()
    r = frustration_index(E, method="milp", time_limit=time_limit)
    return {
        "network": name, "rows": text.count("\n"), "nodes": E.n, "edges": E.m,
        "negative_edges": int((E.sign < 0).sum()),
        "dropped_zero_pairs": E.graph["dropped_zero_pairs"], "conflicting_pairs": E.graph["conflicting_pairs"],
        "dropped_self_loops": E.graph["dropped_self_loops"],
        "value": r.value, "lower_bound": r.lower_bound, "gap": round(r.gap, 6), "optimal": r.optimal,
        "seconds": round(r.seconds, 1), "cpu_seconds": round(time.process_time() - cpu, 1),
        "read_seconds": round(read_s, 2), "time_limit": time_limit,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "stats": dict(r.stats),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", default=list(NETWORKS))
    ap.add_argument("--time-limit", type=float, default=1800.0)
    ap.add_argument("--data", type=Path, default=DATA,
                    help="folder holding <network>/<file> (default ../shared/data/balance)")
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)  # one network, in this process
    ap.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    if a.one:
        print(json.dumps(run_one(a.one, a.time_limit, a.data)))
        return 0
    results = {
        "command": "python benchmarks/balance_public.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "conversion": "undirected; rows of a pair summed, sign of the sum; zero sums and self-loops dropped; "
                      "unweighted (every collapsed edge counts 1)",
        "cpus": os.cpu_count(), "literature": LITERATURE, "published_values_searched": SEARCHED, "networks": [],
    }
    for name in a.only:
        spec = NETWORKS[name]
        path = a.data / spec["file"]
        entry = {"network": name, "source": {k: spec[k] for k in ("repo", "path", "commit", "about")},
                 "published": PUBLISHED.get(name, [])}
        if not path.is_file():
            entry["error"] = f"{path} is absent (development data only)"
            results["networks"].append(entry)
            continue
        entry["source"]["sha256"] = sha256(path)
        entry["load_average_start"] = os.getloadavg()
        started = time.perf_counter()
        loads: list[float] = []
        stop = threading.Event()
        sampler = threading.Thread(target=_sample_load, args=(loads, stop), daemon=True)
        sampler.start()
        try:
            done = subprocess.run([sys.executable, str(HERE), "--one", name, "--time-limit", str(a.time_limit),
                                   "--data", str(a.data)],
                                  capture_output=True, text=True, timeout=a.time_limit + 600)
            entry.update(json.loads(done.stdout.strip().splitlines()[-1]))
        except subprocess.TimeoutExpired:
            entry["error"] = f"killed after {a.time_limit + 600:.0f} s"
        except (IndexError, json.JSONDecodeError):
            entry["error"] = (done.stderr.strip().splitlines() or ["failed"])[-1]
        stop.set()
        sampler.join()
        if loads:  # 1-minute load average sampled every 30 s during the run
            entry["load_1min_during"] = {"mean": round(sum(loads) / len(loads), 2), "max": round(max(loads), 2),
                                         "samples": len(loads)}
        entry["wall_seconds_process"] = round(time.perf_counter() - started, 1)
        entry["load_average_end"] = os.getloadavg()
        results["networks"].append(entry)
        print(json.dumps(entry), file=sys.stderr, flush=True)
        if a.out:  # written after every network: a killed run keeps what it finished
            Path(a.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    text = json.dumps(results, indent=1)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
