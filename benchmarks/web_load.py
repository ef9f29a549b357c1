"""Load on the web app: requests/s and latency per route, and report build time.

Starts ``allegiance serve`` on 127.0.0.1 and a free port (a child process, stopped at
the end), warms the page cache, then sends ``--requests`` GETs per route from
``--concurrency`` threads and prints, per route, requests/s, the 50th/95th/99th
percentile latency and the number of failed requests. Also prints how long the first (uncached) page took.

Usage::

    python benchmarks/web_load.py --db STORE [--requests 200] [--concurrency 4] [--json]
    python benchmarks/web_load.py --hostile [--relations 100000] [--concurrency 16]
    python benchmarks/web_load.py --page [--relations 100000] [--baseline-src /work/main/src]

Without ``--db`` the bundled demo corpus is ingested into a temporary store first
(about half a minute).

``--hostile`` (issue 16) builds a store of ``--relations`` synthetic relations through the
store API (no NLP), serves it, and measures: ``/api/relations?limit=100`` (first page) and
cursor walks ten pages deep from ``--concurrency`` clients, and pages at random cursors
(never asked before, so the server's page cache cannot answer them) (p50/p95/p99,
errors; target p99 <= 300 ms, 0 errors); the page ``/`` (first build and cached: time and size); and the
server's resident memory while it refuses a 300 MB gzip bomb, a gzip-in-gzip bomb and a
50 MB chunked upload (growth of the peak over the resident size before; target <= 100
MB). Writes ``benchmarks/results/hostile_web_load.json``. Bounded: at most
``--requests`` requests per phase and ``--max-seconds`` per phase.

``--page`` (issue 16, the map page) builds the same synthetic store and measures ``/``: its
first (uncached) build time and size, the cached time, and the evidence of its strongest tie
fetched as a click does (``/api/evidence``, every page by cursor); with ``--baseline-src``
the first build of the code before the change on the same store, side by side. Writes
``benchmarks/results/hostile_web_page.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
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


def _percentiles(latencies: list[float | None], wall: float) -> dict[str, float | int]:
    ok = sorted(t for t in latencies if t is not None) or [float("nan")]

    def pct(q: float) -> float:
        return round(1000 * ok[min(len(ok) - 1, int(q * len(ok)))], 1)

    return {"requests": len(latencies), "requests_per_second": round(len(latencies) / wall, 1),
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99), "max_ms": pct(1.0),
            "errors": sum(t is None for t in latencies)}


def _load(task, *, clients: int, requests: int, max_seconds: float) -> dict[str, float | int]:
    """Run ``task()`` (a list of latencies, None for a failure) from ``clients`` threads until
    ``requests`` latencies are in or ``max_seconds`` have passed."""
    stop = time.monotonic() + max_seconds
    per_client = -(-requests // clients)

    def client(_i: int) -> list[float | None]:
        out: list[float | None] = []
        while len(out) < per_client and time.monotonic() < stop:
            out.extend(task())
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = [t for chunk in pool.map(client, range(clients)) for t in chunk]
    return _percentiles(latencies, time.perf_counter() - start)


def _json_get(url: str) -> tuple[float, dict]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = json.loads(response.read())
    return time.perf_counter() - start, body


def _cursor_walk(base: str, pages: int) -> list[float | None]:
    """Follow ``next`` from the first page of 100 for ``pages`` pages."""
    out: list[float | None] = []
    url: str | None = base + "/api/relations?limit=100"
    for _ in range(pages):
        if not url:
            break
        try:
            took, body = _json_get(url)
        except (OSError, ValueError):
            out.append(None)
            break
        out.append(took)
        url = body.get("next")
    return out


def _rss_mb(pid: int) -> dict[str, float]:
    """Resident (VmRSS) and peak resident (VmHWM) memory of a process, in MB (Linux)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return values


def _post_form(base: str, data: bytes, name: str, *, chunked: bool = False) -> int:
    """POST ``data`` as the form's file (with a fresh CSRF token); the HTTP status (0: connection cut)."""
    import http.client
    import re
    import secrets

    with urllib.request.urlopen(base + "/ingest", timeout=60) as response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode()).group(1)
    boundary = "allegiance" + secrets.token_hex(8)
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    try:
        if chunked:
            pieces = (head, *(data for _ in range(50)), tail)  # 50 x data, no Content-Length
            conn.request("POST", "/ingest", body=iter(pieces), headers=headers, encode_chunked=True)
        else:
            conn.request("POST", "/ingest", body=head + data + tail, headers=headers)
        return conn.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        return 0  # the server refused and closed the connection while we were still sending
    finally:
        conn.close()


def _bombs(base: str, pid: int) -> dict:
    """The server's memory while it refuses a gzip bomb, a nested one and an endless chunked body."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"word " * (1 << 18)
    bomb = b"".join(packer.compress(block) for _ in range(240)) + packer.flush()  # 300 MB of text
    nested = gzip.compress(bomb)
    before = _rss_mb(pid)
    statuses = {
        "gzip_bomb_300mb": _post_form(base, bomb, "bomb.txt.gz"),
        "gzip_in_gzip": _post_form(base, nested, "nested.txt.gz"),
        "chunked_50mb": _post_form(base, b"x" * (1 << 20), "big.txt", chunked=True),
    }
    after = _rss_mb(pid)
    return {"bomb_compressed_bytes": len(bomb), "nested_compressed_bytes": len(nested), "statuses": statuses,
            "rss_before_mb": before["VmRSS"], "peak_rss_after_mb": after["VmHWM"],
            "peak_rss_growth_mb": round(after["VmHWM"] - before["VmRSS"], 1)}


def _demo_store(folder: Path) -> Path:
    from allegiance.demo.run import run_demo

    return Path(run_demo(folder).db)


def _serve(db: Path, folder: Path, src: str | None = None) -> tuple[subprocess.Popen, str]:
    """``allegiance serve`` on 127.0.0.1 and a free port, answering; its process and base URL.

    ``src`` runs the server from another source tree (``PYTHONPATH``), e.g. the code before a change."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(folder / "server.log", "wb")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"PYTHONPATH": src} if src else {})}
    proc = subprocess.Popen([sys.executable, "-m", "allegiance", "serve", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    log.close()  # the child has its own handle
    deadline = time.monotonic() + 120
    while True:
        try:
            _get(base + "/api/status")
            return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                _stop(proc)
                raise RuntimeError(f"the server did not start: {(folder / 'server.log').read_text()}") from None
            time.sleep(0.3)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _page_timing(url: str) -> dict[str, float]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        size = len(response.read())
    return {"seconds": round(time.perf_counter() - start, 3), "bytes": size}


def hostile_load(args: argparse.Namespace) -> dict:
    """The ``--hostile`` run: a large synthetic store, 16 clients, the page, bombs (see the module doc)."""
    tmp = tempfile.TemporaryDirectory(prefix="allegiance-web-hostile-")
    folder = Path(tmp.name)
    start = time.perf_counter()
    db = write_synthetic_store(folder / "synthetic.db", args.relations)
    results: dict = {"benchmark": "hostile_web_load", "relations": args.relations,
                     "store_build_seconds": round(time.perf_counter() - start, 1),
                     "concurrency": args.concurrency, "requests_per_phase": args.requests,
                     "max_seconds_per_phase": args.max_seconds, "cpus": os.cpu_count(),
                     "load_average_before": [round(x, 2) for x in os.getloadavg()]}
    proc, base = _serve(db, folder)
    try:
        results["bombs"] = _bombs(base, proc.pid)
        first = base + "/api/relations?limit=100"
        # warm-up, not measured: each server worker thread opens its own store connection once
        results["warm_up"] = _load(lambda: [_timed(first)], clients=args.concurrency,
                                   requests=8 * args.concurrency, max_seconds=args.max_seconds)
        results["relations_first_page"] = _load(lambda: [_timed(first)], clients=args.concurrency,
                                                requests=args.requests, max_seconds=args.max_seconds)
        results["relations_cursor_10_pages"] = _load(lambda: _cursor_walk(base, 10), clients=args.concurrency,
                                                     requests=args.requests, max_seconds=args.max_seconds)
        # pages the server has not answered before (its page cache cannot help): a random cursor each
        rng = random.Random(1)
        results["relations_random_cursor_uncached"] = _load(
            lambda: [_timed(f"{base}/api/relations?limit=100&after={rng.randrange(args.relations)}")],
            clients=args.concurrency, requests=args.requests, max_seconds=args.max_seconds)
        results["page_first_build"] = _page_timing(base + "/")
        results["page_cached"] = _page_timing(base + "/")
        results["server_rss_end_mb"] = _rss_mb(proc.pid)
    finally:
        _stop(proc)
    if args.baseline_src:  # the same first-page load on the code before the change, bounded
        proc, base = _serve(db, folder, args.baseline_src)
        try:
            first = base + "/api/relations?limit=100"
            results["baseline"] = {"src": args.baseline_src, "relations_first_page": _load(
                lambda: [_timed(first)], clients=args.concurrency, requests=2 * args.concurrency,
                max_seconds=args.max_seconds)}
            new, old = results["relations_first_page"]["p50_ms"], results["baseline"]["relations_first_page"]["p50_ms"]
            results["baseline"]["p50_ratio_old_over_new"] = round(old / new, 1) if new else None
        finally:
            _stop(proc)
    tmp.cleanup()
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    phases = ("relations_first_page", "relations_cursor_10_pages", "relations_random_cursor_uncached")
    p99 = max(results[k]["p99_ms"] for k in phases)
    errors = sum(results[k]["errors"] for k in phases)
    results["targets"] = {"p99_ms_le_300": p99 <= 300, "zero_errors": errors == 0,
                          "bomb_rss_growth_le_100mb": results["bombs"]["peak_rss_growth_mb"] <= 100}
    out = Path(__file__).parent / "results" / "hostile_web_load.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))
    return results


def _strongest_tie_evidence(base: str, html: str) -> dict:
    """The evidence of the page's first tie, fetched page by page as the evidence panel does."""
    import re

    block = re.search(r'id="allegiance-data">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    edge = data["edges"][0]
    url = f"{base}/api/evidence?actor={edge['source']}&other={edge['target']}&limit=200"
    start, items, pages = time.perf_counter(), 0, 0
    while url:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = json.loads(response.read())
        items, pages, url = items + len(body["items"]), pages + 1, body["next"]
    return {"seconds": round(time.perf_counter() - start, 3), "relations": items, "tie_count": edge["count"],
            "pages": pages, "page_ties": len(data["edges"]), "summary": data["meta"].get("summary")}


def _first_page(db: Path, folder: Path, src: str | None, timeout: float) -> tuple[dict, str, str]:
    proc, base = _serve(db, folder, src)
    try:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/", timeout=timeout) as response:
                html = response.read().decode("utf-8")
        except OSError as exc:  # too slow (the code before the change, on a loaded machine)
            return {"first_build": {"seconds": None, "error": f"{type(exc).__name__}: no page after {timeout:g} s",
                                    "server_rss_mb": _rss_mb(proc.pid)}}, base, ""
        first = {"seconds": round(time.perf_counter() - start, 3), "bytes": len(html.encode("utf-8")),
                 "server_rss_mb": _rss_mb(proc.pid)}
        cached = _page_timing(base + "/")
        evidence = _strongest_tie_evidence(base, html) if src is None else None
    finally:
        _stop(proc)
    return {"first_build": first, "cached": cached, "strongest_tie_evidence": evidence}, base, html


def page_load(args: argparse.Namespace) -> dict:
    """The ``--page`` run: the map page of a large synthetic store, before and after (see the module doc)."""
    tmp = tempfile.TemporaryDirectory(prefix="allegiance-web-page-")
    folder = Path(tmp.name)
    start = time.perf_counter()
    db = write_synthetic_store(folder / "synthetic.db", args.relations)
    results: dict = {"benchmark": "hostile_web_page", "relations": args.relations,
                     "store_build_seconds": round(time.perf_counter() - start, 1), "cpus": os.cpu_count(),
                     "load_average_before": [round(x, 2) for x in os.getloadavg()]}
    results["page"] = _first_page(db, folder, None, args.page_timeout)[0]
    if args.baseline_src:
        results["baseline"] = {"src": args.baseline_src,
                               **_first_page(db, folder, args.baseline_src, args.page_timeout)[0]}
        new, old = results["page"]["first_build"], results["baseline"]["first_build"]
        if old["seconds"] is not None and new["seconds"]:
            results["ratio_old_over_new"] = {"first_build_seconds": round(old["seconds"] / new["seconds"], 1),
                                             "bytes": round(old["bytes"] / new["bytes"], 1)}
    tmp.cleanup()
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    out = Path(__file__).parent / "results" / "hostile_web_page.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store to serve (default: the demo corpus in a temporary store)")
    parser.add_argument("--requests", type=int, default=200, help="requests per route")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print the results as JSON only")
    parser.add_argument("--hostile", action="store_true", help="the issue-16 run on a large synthetic store")
    parser.add_argument("--page", action="store_true", help="the map page of a large synthetic store (issue 16)")
    parser.add_argument("--page-timeout", type=float, default=900.0, help="--page: longest wait for one page")
    parser.add_argument("--relations", type=int, default=100_000, help="--hostile: relations in the store")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="--hostile: time bound per phase")
    parser.add_argument("--baseline-src", help="--hostile: also load the first page on the server from this "
                                               "source tree (e.g. the main checkout's src) for a side-by-side ratio")
    args = parser.parse_args(argv)
    if args.hostile:
        return hostile_load(args)
    if args.page:
        return page_load(args)

    tmp = tempfile.TemporaryDirectory(prefix="allegiance-web-load-")
    db = Path(args.db) if args.db else _demo_store(Path(tmp.name))
    proc, base = _serve(db, Path(tmp.name))
    results: dict = {"db": str(db), "requests_per_route": args.requests, "concurrency": args.concurrency,
                     "routes": {}}
    try:
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
        _stop(proc)
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
