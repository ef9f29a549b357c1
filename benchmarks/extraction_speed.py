"""Extraction speed of two checkouts side by side: the code under ``--base`` against ``--new``.

Usage::

    python benchmarks/extraction_speed.py --base OLD/src --new NEW/src [--rounds 3] [--out FILE]

Inputs: the bundled demo corpus and the SEESAW dev documents (read where they live, staged as
:mod:`extraction_identity` stages them; SEESAW is skipped when ``../shared/data`` is absent).
Each run is a fresh process with ``PYTHONPATH`` set to one checkout's ``src``: it loads the
pipeline, times ``extract_relations`` over every document (``whole``: parse + actors + rules),
then runs the relation component's ``find_relations`` calls again on the same parsed Docs
``--repeat`` times (``rules``: the fastest pass, the part the relation rules cost); each figure
also as process CPU seconds (``whole_cpu``, ``rules_cpu``: steadier than wall time on a loaded
machine). Runs
alternate (base, new, then new, base, ...) so that load on a shared machine hits both alike;
the figure to watch is the ratio new/base of the medians (1.0 = same speed). Each run also
reports a digest of the relations it found, and the two checkouts must agree.
Prints one JSON object (and writes it to ``--out`` when given), with the machine load.
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
from pathlib import Path

from extraction_identity import ROOT, _seesaw_dev

_WORKER = r"""
import hashlib, json, sys, time
from allegiance.ingest import read_documents
from allegiance.relations import build_pipeline, component, extract_relations

path, repeat = sys.argv[1], int(sys.argv[2])
documents = list(read_documents(path))
nlp = build_pipeline()
calls = []  # (doc, lexicon, config) of every call of the relation component
find = component.find_relations

def kept(doc, lexicon, config):
    calls.append((doc, lexicon, config))
    return find(doc, lexicon, config)

component.find_relations = kept
digest = hashlib.sha256()
start, cpu = time.perf_counter(), time.process_time()
for document, relations in extract_relations(documents, nlp=nlp):
    for r in relations:
        digest.update(json.dumps(r.to_dict(), sort_keys=True, default=str).encode())
whole, whole_cpu = time.perf_counter() - start, time.process_time() - cpu
passes, passes_cpu = [], []
for _ in range(repeat):  # the rules alone, again on the same parsed Docs
    start, cpu = time.perf_counter(), time.process_time()
    for doc, lexicon, config in calls:
        find(doc, lexicon, config)
    passes.append(time.perf_counter() - start)
    passes_cpu.append(time.process_time() - cpu)
print(json.dumps({"documents": len(documents), "whole": whole, "rules": min(passes), "whole_cpu": whole_cpu,
                  "rules_cpu": min(passes_cpu), "digest": digest.hexdigest()}))
"""


def _run(src: Path, path: Path, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    proc = subprocess.run([sys.executable, "-c", _WORKER, str(path), str(repeat)], env=env, capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"the run under {src} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _inputs(tmp: Path) -> dict[str, Path]:
    found = {"demo": ROOT / "src" / "allegiance" / "demo" / "corpus.jsonl"}
    try:
        found["seesaw_dev"] = _seesaw_dev(tmp)
    except OSError:
        print("SEESAW dev skipped: ../shared/data is not available", file=sys.stderr)
    return found


_FIGURES = ("whole", "rules", "whole_cpu", "rules_cpu")


def _summary(runs: dict[str, list[dict]]) -> dict:
    out: dict = {}
    for side, rows in runs.items():
        out[side] = {key: {"median": round(statistics.median(r[key] for r in rows), 3),
                           "all": [round(r[key], 3) for r in rows]} for key in _FIGURES}
    for key in _FIGURES:
        out[f"ratio_{key}_new_over_base"] = round(out["new"][key]["median"] / out["base"][key]["median"], 4)
        pairs = [n[key] / b[key] for b, n in zip(runs["base"], runs["new"])]
        out[f"ratio_{key}_per_round"] = [round(p, 4) for p in pairs]
    digests = {r["digest"] for rows in runs.values() for r in rows}
    out["same_relations"] = len(digests) == 1
    out["documents"] = runs["base"][0]["documents"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="src directory of the old checkout")
    ap.add_argument("--new", type=Path, default=ROOT / "src", help="src directory of the new checkout")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5, help="passes of the rules alone per run (the fastest counts)")
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args(argv)
    result: dict = {"rounds": a.rounds, "repeat": a.repeat, "load_before": os.getloadavg(),
                    "cpus": os.cpu_count(), "base": str(a.base), "new": str(a.new)}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in _inputs(Path(tmp)).items():
            runs: dict[str, list[dict]] = {"base": [], "new": []}
            for k in range(a.rounds):
                order = ("base", "new") if k % 2 == 0 else ("new", "base")
                for side in order:
                    runs[side].append(_run(a.base if side == "base" else a.new, path, a.repeat))
            result[name] = _summary(runs)
    result["load_after"] = os.getloadavg()
    result["seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(result, indent=2)
    print(text)
    if a.out is not None:
        a.out.write_text(text + "\n", encoding="utf-8")
    same = all(v["same_relations"] for k, v in result.items() if isinstance(v, dict) and "same_relations" in v)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
