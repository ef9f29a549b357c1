"""Peak memory of extraction: over the first N documents of a corpus, or per document size.

Corpus mode (``--docs N``) runs the same path as ``allegiance extract FILE --format
jsonl`` (read -> extract -> JSON lines, written to /dev/null) over the first ``--docs``
documents (the corpus is cycled, with distinct ids, when it holds fewer) and prints one
JSON object: documents, words, relations, seconds, the peak resident set size of this
process and of the worker processes, and the resident size sampled along the way (to
show it is flat). Run it once per size in a fresh process (``benchmarks/throughput.py``
does): ``python benchmarks/memory.py --docs 1000`` and ``--docs 10000``.

Size mode (``--sizes 1000,1000000 [--before-src ../main/src] [--parts-of 100000000]``)
extracts one generated document of each size, each in a fresh subprocess, and reports
that process's peak RSS (``ru_maxrss`` of the child, from ``wait4``): the peak of one
extraction worker. The documents are political prose made by shuffling the sentences
of the bundled demo corpus into paragraphs (same seed, same text, in memory only).
``--before-src`` runs every case a second time with another checkout's code (e.g. main
before the memory limits), side by side in the same run. A 100 MB document takes about
an hour to extract, so ``--parts-of N`` extracts the first ``--parts`` parts of an
N-character document only and reports the RSS after 1, 5, 10, 20 parts (flat RSS across
parts is the claim). ``--speed-rounds`` times extraction of the reference input and the
demo corpus with both codes, alternating, and reports the ratio new / before.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from importlib import resources
from itertools import count
from pathlib import Path
from typing import Any, Iterator

from allegiance.model import Document

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora"
DEFAULT = CORPORA / "reuters21578" / "docs.jsonl"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "new_statesman_two_articles.txt"
HERE = Path(__file__).resolve()
SRC = HERE.parents[1] / "src"
PART_SAMPLES = (1, 5, 10, 20)


def current_rss_mb() -> float:
    """Resident set size of this process now, in MB (Linux /proc)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def documents(path: Path, limit: int) -> Iterator[Document]:
    """The first ``limit`` documents of ``path`` read by allegiance's reader, cycled."""
    from allegiance.ingest import read_documents

    produced = 0
    for cycle in count():
        before = produced
        for item in read_documents([path]):
            if isinstance(item, Document):
                yield item if cycle == 0 else replace(item, id=f"{item.id}~{cycle}")
                produced += 1
                if produced >= limit:
                    return
        if produced == before:
            return


def political_prose(n_chars: int, seed: int = 0) -> str:
    """``n_chars`` of paragraphs of shuffled sentences from the bundled demo corpus."""
    corpus = resources.files("allegiance.demo").joinpath("corpus.jsonl").read_text(encoding="utf-8")
    sentences = []
    for line in corpus.splitlines():
        if line.strip():
            text = json.loads(line)["text"]
            sentences += [s for s in re.split(r"(?<=[a-z0-9][.!?])\s+(?=[A-Z\"])", text) if s]
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < n_chars:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 7)))
        size += len(paragraph) + 2
        if size > n_chars:
            paragraph = paragraph[:len(paragraph) - (size - n_chars) + 2]
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


class _Enough(Exception):
    """Raised by the part counter to stop a time-bounded run."""


def one_document(n_chars: int, parts: int | None) -> dict[str, Any]:
    """Extract one generated document of ``n_chars`` in this process (one extraction worker).

    With ``parts``, stop after that many parts and sample the RSS after each part.
    """
    from allegiance.model import Document
    from allegiance.pipeline import PipelineOptions, extract_documents
    from allegiance.run.worker import cached_pipeline as _cached_pipeline

    _cached_pipeline(PipelineOptions())  # load the model first: the seconds are extraction only
    text = political_prose(n_chars)
    document = Document.from_text(text, id=f"generated-{n_chars}")
    samples: dict[int, dict[str, float]] = {}
    if parts:
        install_part_counter(parts, samples)
    relations = 0
    start, cpu = time.perf_counter(), time.process_time()
    try:
        for _, rels in extract_documents([document], workers=1):
            relations += len(rels)
    except _Enough:
        pass
    return {
        "chars": len(text), "words": sum(1 for _ in re.finditer(r"\S+", text)), "relations": relations,
        "seconds": round(time.perf_counter() - start, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
        "parts_extracted": parts,
        "rss_after_parts_mb": samples or None,
    }


def install_part_counter(stop_after: int, samples: dict[int, dict[str, float]]) -> None:
    """Count parts as the relation stage finishes them; sample RSS; stop after ``stop_after``."""
    from allegiance.pipeline import PipelineOptions
    from allegiance.run.worker import cached_pipeline as _cached_pipeline

    extractor = _cached_pipeline(PipelineOptions()).get_pipe("allegiance_relations")
    plain_pipe = extractor.pipe
    done = 0

    def counting_pipe(docs, batch_size=128):
        nonlocal done
        for doc in plain_pipe(docs, batch_size=batch_size):
            yield doc
            done += 1
            if done in PART_SAMPLES or done == stop_after:
                samples[done] = {"rss": round(current_rss_mb(), 1),
                                 "peak": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
            if done >= stop_after:
                raise _Enough

    extractor.pipe = counting_pipe


def run_case(args: list[str], src: Path) -> dict[str, Any]:
    """Run this script with ``args`` in a fresh process on the code in ``src``; add its peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(src))
    child = subprocess.Popen([sys.executable, str(HERE), *args], env=env, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        return {"error": f"exit {child.returncode}", "output": out[-500:]}
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_worker_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


def timed_extraction(path: Path) -> dict[str, Any]:
    """Seconds to extract every document of ``path`` in this process, the pipeline loaded first."""
    from allegiance.ingest import read_documents
    from allegiance.model import Document
    from allegiance.pipeline import extract_documents, PipelineOptions
    from allegiance.run.worker import cached_pipeline as _cached_pipeline

    _cached_pipeline(PipelineOptions())
    documents = [d for d in read_documents([path]) if isinstance(d, Document)]
    start, cpu = time.perf_counter(), time.process_time()
    relations = sum(len(rels) for _, rels in extract_documents(documents, workers=1))
    return {"documents": len(documents), "relations": relations, "seconds": round(time.perf_counter() - start, 3),
            "cpu_seconds": round(time.process_time() - cpu, 3)}


def speed_comparison(before: Path, rounds: int) -> dict[str, Any]:
    """Extraction CPU seconds of the reference input and the demo corpus, before vs now, alternating.

    CPU time of the extracting process, not wall time: on a shared, loaded machine the
    wall time mostly measures the other jobs.
    """
    demo = Path(str(resources.files("allegiance.demo").joinpath("corpus.jsonl")))
    out: dict[str, Any] = {}
    for name, path in (("reference_input", SEED), ("demo_corpus", demo)):
        if not path.is_file():
            out[name] = {"skipped": f"{path} not found"}
            continue
        times: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(rounds):
            for label, src in (("before", before), ("after", SRC)):
                times[label].append(run_case(["--time-file", str(path)], src)["cpu_seconds"])
        best = {label: min(values) for label, values in times.items()}
        middle = {label: statistics.median(values) for label, values in times.items()}
        out[name] = {"cpu_seconds": times, "best_after_over_before": round(best["after"] / best["before"], 3),
                     "median_after_over_before": round(middle["after"] / middle["before"], 3)}
    return out


def size_mode(a: argparse.Namespace) -> dict[str, Any]:
    codes = [("after", SRC)] + ([("before", a.before_src.resolve())] if a.before_src else [])
    load = os.getloadavg()
    result: dict[str, Any] = {"benchmark": "benchmarks/memory.py " + " ".join(sys.argv[1:]),
                              "cpus": os.cpu_count(), "load_average_start": [round(x, 2) for x in load],
                              "documents": []}
    for size in [int(x) for x in a.sizes.split(",") if x.strip()]:
        for label, src in codes:
            case = run_case(["--document-chars", str(size)], src)
            result["documents"].append({"code": label, "target_chars": size, **case})
            print(json.dumps(result["documents"][-1]), file=sys.stderr)
    if a.parts_of:
        case = run_case(["--document-chars", str(a.parts_of), "--parts", str(a.parts or max(PART_SAMPLES))], SRC)
        result["documents"].append({"code": "after", "target_chars": a.parts_of, "time_bounded": True, **case})
        print(json.dumps(result["documents"][-1]), file=sys.stderr)
    if a.before_src and a.speed_rounds:
        result["speed"] = speed_comparison(a.before_src.resolve(), a.speed_rounds)
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=DEFAULT, help="a JSONL corpus (default: Reuters-21578)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--samples", type=int, default=10, help="RSS samples along the run")
    ap.add_argument("--sizes", help="size mode: document sizes in characters, e.g. 1000,1000000")
    ap.add_argument("--before-src", type=Path, help="size mode: also run every case with this src/ (e.g. main)")
    ap.add_argument("--parts-of", type=int, help="size mode: a document this long, extracted --parts parts only")
    ap.add_argument("--parts", type=int, help=f"with --parts-of: parts to extract (default {max(PART_SAMPLES)})")
    ap.add_argument("--speed-rounds", type=int, default=3, help="size mode: rounds of the speed comparison")
    ap.add_argument("--out", type=Path, help="size mode: also write the JSON here")
    ap.add_argument("--document-chars", type=int, help=argparse.SUPPRESS)  # one case, in this process
    ap.add_argument("--time-file", type=Path, help=argparse.SUPPRESS)  # one speed case, in this process
    a = ap.parse_args(argv)
    if a.document_chars:
        print(json.dumps(one_document(a.document_chars, a.parts)))
        return 0
    if a.time_file:
        print(json.dumps(timed_extraction(a.time_file)))
        return 0
    if a.sizes or a.parts_of:
        result = size_mode(a)
        text = json.dumps(result, indent=1)
        print(text)
        if a.out:
            a.out.write_text(text + "\n", encoding="utf-8")
        return 0
    if not a.corpus.is_file():
        print(json.dumps({"error": f"corpus not found: {a.corpus}"}))
        return 1
    from allegiance.pipeline import ExtractionPool, PipelineOptions

    words = relations = done = 0
    samples: list[tuple[int, float]] = []
    every = max(1, a.docs // a.samples)
    with open(os.devnull, "w", encoding="utf-8") as sink, \
            ExtractionPool(a.workers, options=PipelineOptions(batch_size=a.batch_size)) as pool:
        pool.start()
        start = time.perf_counter()
        for doc, rels in pool.extract(documents(a.corpus, a.docs)):
            done += 1
            words += len(doc.text.split())
            relations += len(rels)
            for rel in rels:
                sink.write(json.dumps(rel.to_dict(), ensure_ascii=False) + "\n")
            if done % every == 0:
                samples.append((done, round(current_rss_mb(), 1)))
        seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({
        "corpus": a.corpus.parent.name, "documents": done, "words": words, "relations": relations,
        "workers": a.workers, "seconds": round(seconds, 2), "words_per_s": round(words / seconds, 1),
        "peak_rss_mb": round(own, 1), "peak_worker_rss_mb": round(children, 1) if a.workers > 1 else None,
        "rss_samples_mb": samples,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
