"""Record or compare ``allegiance extract --format jsonl`` output on four fixed inputs.

Usage::

    python benchmarks/extraction_identity.py record DIR [--src SRC]
    python benchmarks/extraction_identity.py compare DIR [--src SRC]

Inputs: the reference input (``../shared/seeds/new_statesman_two_articles.txt``), the bundled demo
corpus, the Park et al. dev sentences (one document per distinct sentence) and the SEESAW dev
documents. ``record`` writes ``DIR/<input>.jsonl`` with the output of the code under ``SRC``
(default: this checkout's ``src``); ``compare`` runs the code again and prints JSON saying, per input,
whether the output is byte-identical and where it first differs; exit 1 when any differs.
Park and SEESAW are development data: they are read where they live and never copied into the repo
(the recorded outputs go to DIR, which must be outside the repository).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RELATIONS = SHARED / "data" / "relations"


def _write_atomically(out: Path, lines: list[str]) -> Path:
    # several checkouts may stage the same inputs at once: write aside, then rename over
    part = out.with_suffix(f".{os.getpid()}.part")
    part.write_text("".join(lines), encoding="utf-8")
    os.replace(part, out)
    return out


def _park_dev(tmp: Path) -> Path:
    seen: dict[str, str] = {}
    with open(RELATIONS / "park2021" / "pairs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("split") == "dev" and rec["sentence"] not in seen:
                seen[rec["sentence"]] = f"park-dev-{len(seen):05d}"
    return _write_atomically(tmp / "park_dev.jsonl",
                             [json.dumps({"id": doc_id, "text": text}) + "\n" for text, doc_id in seen.items()])


def _seesaw_dev(tmp: Path) -> Path:
    lines = []
    with open(RELATIONS / "seesaw" / "docs.jsonl", encoding="utf-8") as src:
        for line in src:
            rec = json.loads(line)
            if rec.get("split") == "dev":
                lines.append(json.dumps({k: rec[k] for k in ("doc_id", "title", "date", "text") if k in rec}
                                        | {"id": rec["doc_id"]}) + "\n")
    return _write_atomically(tmp / "seesaw_dev.jsonl", lines)


def inputs(tmp: Path) -> dict[str, Path]:
    return {"reference": SHARED / "seeds" / "new_statesman_two_articles.txt",
            "demo": ROOT / "src" / "allegiance" / "demo" / "corpus.jsonl",
            "park_dev": _park_dev(tmp), "seesaw_dev": _seesaw_dev(tmp)}


def run_extract(src: Path, path: Path) -> tuple[bytes, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "allegiance", "extract", str(path), "--format", "jsonl"],
                          env=env, capture_output=True, check=False)
    return proc.stdout, time.perf_counter() - start


def _first_difference(a: bytes, b: bytes) -> dict | None:
    if a == b:
        return None
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return {"line": i + 1, "recorded": x.decode()[:300], "now": y.decode()[:300]}
    return {"line": min(len(la), len(lb)) + 1, "recorded_lines": len(la), "now_lines": len(lb)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["record", "compare"])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--src", type=Path, default=ROOT / "src")
    ap.add_argument("--only", nargs="*", help="names of inputs to run (default all)")
    args = ap.parse_args(argv)
    if not (RELATIONS.exists() and (SHARED / "seeds").exists()):
        print(json.dumps({"skipped": "needs ../shared/data/relations and ../shared/seeds"}))
        return 0
    args.dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, dict] = {}
    # the inputs are written to one fixed place: their path is part of every record (``doc_source``)
    staging = Path(tempfile.gettempdir()) / "allegiance-extraction-identity"
    staging.mkdir(exist_ok=True)
    for name, path in inputs(staging).items():
        if args.only and name not in args.only:
            continue
        out, seconds = run_extract(args.src, path)
        target = args.dir / f"{name}.jsonl"
        entry = {"lines": out.count(b"\n"), "seconds": round(seconds, 2)}
        if args.mode == "record":
            target.write_bytes(out)
        else:
            diff = _first_difference(target.read_bytes(), out)
            entry |= {"identical": diff is None, "first_difference": diff}
        report[name] = entry
    print(json.dumps(report, indent=2))
    return int(any(not e.get("identical", True) for e in report.values()))


if __name__ == "__main__":
    sys.exit(main())
