"""Load on the web app: requests/s and latency per route, and report build time.

Starts ``allegiance serve`` on 127.0.0.1 and a free port (a child process, stopped at
the end), warms the page cache, then sends ``--requests`` GETs per route from
``--concurrency`` threads and prints, per route, requests/s, the 50th/95th/99th
percentile latency and the number of failed requests. Also prints how long the first (uncached) page took.

Usage::

    python benchmarks/web_load.py --db STORE [--requests 200] [--concurrency 4] [--json]

Without ``--db`` the bundled demo corpus is ingested into a temporary store first
(about half a minute).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROUTES = (
    "/api/status",
    "/api/actors?limit=50",
    "/api/relations?limit=50",
    "/api/relations?sign=-1&limit=50",
    "/api/graph",
    "/api/balance",
    "/",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed(url: str) -> float | None:
    """Latency of one GET, or None when it failed (counted as an error)."""
    try:
        return _get(url)
    except (OSError, RuntimeError):
        return None


def _get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
    return time.perf_counter() - start


def write_synthetic_store(path: str | Path, relations: int, *, per_document: int = 10, actors: int = 200,
                          seed: int = 0) -> Path:
    """A store with ``relations`` synthetic relations (``per_document`` per document) among ``actors``.

    Written directly through the store API (no NLP): documents ``doc/<n>`` (ids with a
    slash), dated across 2010-2024, relation types drawn at random.
    """
    import random

    from allegiance.model import Actor, ActorKind, Document, Evidence, Mention, Relation, RelationType
    from allegiance.store import open_store

    rng = random.Random(seed)
    people = [Actor(f"A{i:03d}", f"Actor {i}", ActorKind.COUNTRY) for i in range(actors)]
    types = list(RelationType)
    with open_store(path, near_threshold=None) as store:
        batch = []
        for d in range(-(-relations // per_document)):
            sentence = f"Report {d}: the two sides met and talked at length about the matters at hand."
            count = min(per_document, relations - d * per_document)
            doc = Document.from_text(" ".join([sentence] * count), id=f"doc/{d}", title=f"Report {d}",
                                     date=f"{2010 + d % 15}-{1 + d % 12:02d}-01")
            rels = []
            for k in range(count):
                a, b = rng.sample(people, 2)
                start = k * (len(sentence) + 1)
                rels.append(Relation(doc.id, Mention("Report", start, start + 6, a, doc.id),
                                     Mention("sides", start + 16, start + 21, b, doc.id), rng.choice(types),
                                     Evidence(sentence, start, start + len(sentence))))
            batch.append((doc, rels))
            if len(batch) == 500:
                store.write_batch(batch)
                batch = []
        if batch:
            store.write_batch(batch)
    return Path(path)


def _demo_store(folder: Path) -> Path:
    from allegiance.demo.run import run_demo

    return Path(run_demo(folder).db)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store to serve (default: the demo corpus in a temporary store)")
    parser.add_argument("--requests", type=int, default=200, help="requests per route")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print the results as JSON only")
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="allegiance-web-load-")
    db = Path(args.db) if args.db else _demo_store(Path(tmp.name))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(Path(tmp.name) / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "allegiance", "serve", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    results: dict = {"db": str(db), "requests_per_route": args.requests, "concurrency": args.concurrency,
                     "routes": {}}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _get(base + "/api/status")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start; see its log") from None
                time.sleep(0.3)
        results["first_page_seconds"] = round(_get(base + "/"), 3)
        for route in ROUTES:
            url = base + route
            start = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                timings = list(pool.map(lambda _i: _timed(url), range(args.requests)))
            wall = time.perf_counter() - start
            latencies = sorted(t for t in timings if t is not None) or [float("nan")]

            def pct(q: float) -> float:
                return round(1000 * latencies[int(q * (len(latencies) - 1))], 1)

            results["routes"][route] = {
                "requests_per_second": round(args.requests / wall, 1),
                "p50_ms": round(1000 * statistics.median(latencies), 1),
                "p95_ms": pct(0.95),
                "p99_ms": pct(0.99),
                "errors": sum(t is None for t in timings),
            }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        tmp.cleanup()
    if args.json:
        print(json.dumps(results))
    else:
        print(f"store {results['db']}; first page {results['first_page_seconds']} s")
        for route, r in results["routes"].items():
            print(f"  {route:36s} {r['requests_per_second']:8.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
                  f"p95 {r['p95_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}")
    return results


if __name__ == "__main__":
    main()
