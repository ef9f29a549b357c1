"""Peak memory and time of reading and storing very large inputs (issue 16, finding 8).

Measures, each in a fresh subprocess (peak RSS from ``os.wait4``'s rusage of that child):

- ``allegiance ingest BIG.txt --db X --no-extract`` of a generated plain-text file
  (default 200 MB): the large-text path reads and cuts the file into ~1 MB parts
  while reading and streams them to the store;
- a single-line JSONL record of 50 MB and of 200 MB: the reader alone
  (``read_documents``, every part consumed) and ``ingest --no-extract``; the
  200 MB / 50 MB time ratio shows the reader is linear (4.0 for linear time,
  16 for quadratic);
- with ``--baseline-src DIR`` (e.g. the main checkout's ``src``), the same
  JSONL reader runs on that code too, side by side.

Generated files go to a temporary folder (``--tmp``, default /tmp) and are deleted
afterwards. Prints one JSON object and writes it to
``benchmarks/results/hostile_ingest_memory.json``.

Usage: ``PYTHONPATH=src python benchmarks/ingest_memory.py [--text-mb 200] [--jsonl-mb 50 200]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "hostile_ingest_memory.json"
SRC = Path(__file__).resolve().parents[1] / "src"

READER = """
import sys
from allegiance.ingest import read_documents
from allegiance.model import Document
docs = chars = errors = 0
for item in read_documents([sys.argv[1]]):
    if isinstance(item, Document):
        docs += 1
        chars += len(item.text)
    else:
        errors += 1
        print(item, file=sys.stderr)
print(docs, chars, errors)
"""


def vocabulary(rng: random.Random, size: int = 50_000) -> list[str]:
    """Made-up words, so generated parts are not near-duplicates of each other."""
    letters = string.ascii_lowercase
    return ["".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(size)]


def paragraph(rng: random.Random, words: list[str]) -> str:
    sentences = []
    for _ in range(rng.randint(3, 7)):
        sentence = " ".join(rng.choices(words, k=rng.randint(8, 20)))
        sentences.append(sentence.capitalize() + ".")
    return " ".join(sentences)


def write_text(path: Path, megabytes: int, seed: int = 1) -> int:
    """A plain-text file of about ``megabytes`` MB: paragraphs separated by blank lines."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    target = megabytes * 10**6
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        while written < target:
            block = "\n\n".join(paragraph(rng, words) for _ in range(200)) + "\n\n"
            handle.write(block)
            written += len(block)
    return path.stat().st_size


def write_jsonl_line(path: Path, megabytes: int, seed: int = 2) -> int:
    """One JSONL record whose text is about ``megabytes`` MB (paragraphs joined by \\n\\n)."""
    text_path = path.with_suffix(".tmp.txt")
    write_text(text_path, megabytes, seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"id": "long", "title": "One long record", "text": ')
        out.write(json.dumps(text_path.read_text(encoding="utf-8")))
        out.write("}\n")
    text_path.unlink()
    return path.stat().st_size


def run_measured(args: list[str], src: Path, timeout: float) -> dict:
    """Run ``python ARGS`` with ``PYTHONPATH=src``; return seconds, peak RSS (MB), exit code, output."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONIOENCODING="utf-8")
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        return {"seconds": None, "timed_out": timeout, "peak_rss_mb": None, "exit_code": None}
    seconds = time.perf_counter() - start
    # the child is reaped by communicate(); its peak is read from /proc-free rusage of the wrapper
    return {"seconds": round(seconds, 2), "exit_code": process.returncode,
            "stdout": out.decode("utf-8", "replace")[-400:], "stderr": err.decode("utf-8", "replace")[-400:]}


def measure(args: list[str], src: Path, timeout: float) -> dict:
    """:func:`run_measured` inside a fresh wrapper process, so RUSAGE_CHILDREN is this run's peak alone."""
    wrapper = (
        "import json, resource, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"
        "from ingest_memory import run_measured\n"
        f"result = run_measured({args!r}, __import__('pathlib').Path({str(src)!r}), {timeout!r})\n"
        "result['peak_rss_mb'] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)\n"
        "print(json.dumps(result))\n"
    )
    done = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, timeout=timeout + 60)
    return json.loads(done.stdout)


def _counts(run: dict) -> dict:
    """The ``--json`` counts an ingest printed (empty when it printed none)."""
    try:
        return json.loads(run.pop("stdout", "") or "{}")
    except ValueError:
        return {}


def ingest_args(path: Path, db: Path) -> list[str]:
    return ["-m", "allegiance", "ingest", str(path), "--db", str(db), "--no-extract", "--quiet", "--json"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--text-mb", type=int, default=200)
    ap.add_argument("--jsonl-mb", type=int, nargs=2, default=[50, 200])
    ap.add_argument("--baseline-src", type=Path, default=None, help="also run the JSONL reader of this src")
    ap.add_argument("--tmp", type=Path, default=Path("/tmp"))
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="allegiance-ingest-memory-", dir=args.tmp))
    report: dict = {"benchmark": "ingest_memory", "python": sys.version.split()[0], "cpus": os.cpu_count(),
                    "load_average_start": list(os.getloadavg()), "text": {}, "jsonl": {}}
    try:
        text = folder / "big.txt"
        report["text"]["bytes"] = write_text(text, args.text_mb)
        run = measure(ingest_args(text, folder / "text.db"), SRC, args.timeout)
        run["counts"] = _counts(run)
        report["text"]["ingest_no_extract"] = run
        text.unlink()
        for megabytes in args.jsonl_mb:
            path = folder / f"line{megabytes}.jsonl"
            entry = report["jsonl"][f"{megabytes}MB"] = {"bytes": write_jsonl_line(path, megabytes)}
            entry["reader"] = measure(["-c", READER, str(path)], SRC, args.timeout)
            if args.baseline_src is not None:
                entry["reader_baseline"] = measure(["-c", READER, str(path)], args.baseline_src, args.timeout)
            run = measure(ingest_args(path, folder / f"line{megabytes}.db"), SRC, args.timeout)
            run["counts"] = _counts(run)
            entry["ingest_no_extract"] = run
            path.unlink()
        small, large = (report["jsonl"][f"{mb}MB"] for mb in args.jsonl_mb)
        size_ratio = large["bytes"] / small["bytes"]
        report["jsonl"]["size_ratio"] = round(size_ratio, 2)
        for key in ("reader", "reader_baseline", "ingest_no_extract"):
            if key in small and small[key].get("seconds") and large[key].get("seconds"):
                report["jsonl"][f"{key}_time_ratio"] = round(large[key]["seconds"] / small[key]["seconds"], 2)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report["load_average_end"] = list(os.getloadavg())
    text = json.dumps(report, indent=1)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
