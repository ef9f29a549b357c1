"""Benchmark the ingest readers: documents/s and MB/s of reading (no NLP, no store).

Reads the BBC politics and Wikinews corpora of ``../shared/data/corpora`` twice:
as their JSONL files, and as a directory of plain ``.txt`` files (title, blank
line, text: the form a pasted article has, so dump detection runs on each)
written to a temporary directory. Prints one JSON object.

Usage::

    python benchmarks/ingest_read.py [--corpora DIR] [--repeat N] [--reuters]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from allegiance.errors import InputError
from allegiance.ingest import read_documents

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora"


def _measure(sources: list[Path], repeat: int) -> dict[str, float | int]:
    size = sum(p.stat().st_size for src in sources for p in ([src] if src.is_file() else src.rglob("*")) if p.is_file())
    best = float("inf")
    docs = errors = 0
    for _ in range(repeat):
        docs = errors = 0
        start = time.perf_counter()
        for item in read_documents(sources):
            if isinstance(item, InputError):
                errors += 1
            else:
                docs += 1
        best = min(best, time.perf_counter() - start)
    return {
        "documents": docs,
        "errors": errors,
        "megabytes": round(size / 1e6, 3),
        "seconds": round(best, 3),
        "documents_per_second": round(docs / best, 1),
        "megabytes_per_second": round(size / 1e6 / best, 2),
    }


def _write_txt_dir(jsonl_files: list[Path], target: Path) -> None:
    for jsonl in jsonl_files:
        folder = target / jsonl.parent.name
        folder.mkdir(parents=True)
        with open(jsonl, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                text = f"{record.get('title') or ''}\n\n{record['text']}\n"
                (folder / f"{record['id']}.txt").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    parser.add_argument("--reuters", action="store_true", help="also read reuters21578/docs.jsonl (22 MB)")
    args = parser.parse_args(argv)
    jsonl = [args.corpora / "bbc_politics" / "docs.jsonl", args.corpora / "wikinews" / "docs.jsonl"]
    missing = [str(p) for p in jsonl if not p.is_file()]
    if missing:
        print(f"error: corpora not found ({', '.join(missing)}); pass --corpora DIR", file=sys.stderr)
        return 1
    result: dict[str, object] = {"corpora": ["bbc_politics", "wikinews"], "repeat": args.repeat}
    result["jsonl"] = _measure(jsonl, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        _write_txt_dir(jsonl, Path(tmp))
        result["txt_directory"] = _measure([Path(tmp)], args.repeat)
    if args.reuters:
        result["reuters_jsonl"] = _measure([args.corpora / "reuters21578" / "docs.jsonl"], 1)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
