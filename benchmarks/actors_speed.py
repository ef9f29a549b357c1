"""Speed overhead of the actor components over the bare spaCy pipeline.

Runs the same documents through ``load_model()`` and through
``add_actor_pipes(load_model())``, side by side (interleaved rounds, best of
each), and prints docs/s for both and the ratio. Target: at most 15% extra.

Usage::

    python benchmarks/actors_speed.py [--docs N] [--rounds R] [--corpus FILE.jsonl] [--json]

The corpus defaults to ``../shared/data/corpora/bbc_politics/docs.jsonl``
(development data, not shipped); without it, the bundled reference seed or a
built-in paragraph is repeated.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from allegiance.actors import add_actor_pipes
from allegiance.nlp import load_model

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "corpora" / "bbc_politics" / "docs.jsonl"
FALLBACK = (
    "Moscow announced that a joint narcotics raid with US forces had destroyed four drug "
    "laboratories. The party's Corbynsceptics allied with the party's BAME leadership, and "
    "Unite and the GMB are now at odds. Jeremy Corbyn's preferred candidate was defeated. "
)


def read_texts(corpus: Path, limit: int) -> list[str]:
    """Up to ``limit`` document texts from a JSONL corpus (``text`` field)."""
    texts: list[str] = []
    if corpus.is_file():
        with corpus.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("text"):
                    texts.append(record["text"])
                if len(texts) >= limit:
                    break
    if not texts:
        texts = [FALLBACK * 8] * limit
    return texts


def time_pipeline(nlp, texts: list[str], batch_size: int = 16) -> float:
    """Seconds to run ``nlp`` over ``texts`` (consuming every doc)."""
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        doc.ents  # noqa: B018 - make sure the doc is fully produced
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    texts = read_texts(args.corpus, args.docs)
    chars = sum(len(t) for t in texts)
    bare = load_model()
    with_actors = add_actor_pipes(load_model())
    # warm up both (lazy init, caches)
    time_pipeline(bare, texts[:5])
    time_pipeline(with_actors, texts[:5])
    bare_times, actor_times = [], []
    for _ in range(args.rounds):
        bare_times.append(time_pipeline(bare, texts))
        actor_times.append(time_pipeline(with_actors, texts))
    bare_s, actor_s = min(bare_times), min(actor_times)
    result = {
        "docs": len(texts),
        "chars": chars,
        "bare_seconds": round(bare_s, 3),
        "actors_seconds": round(actor_s, 3),
        "bare_docs_per_s": round(len(texts) / bare_s, 1),
        "actors_docs_per_s": round(len(texts) / actor_s, 1),
        "ratio": round(actor_s / bare_s, 3),
        "overhead_percent": round(100.0 * (actor_s / bare_s - 1.0), 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{len(texts)} docs, {chars} chars, best of {args.rounds} rounds")
        print(f"  bare spaCy      : {bare_s:7.3f} s  ({result['bare_docs_per_s']} docs/s)")
        print(f"  + actor pipes   : {actor_s:7.3f} s  ({result['actors_docs_per_s']} docs/s)")
        print(f"  ratio {result['ratio']}  (overhead {result['overhead_percent']}%, target <= 15%)")
    return result


if __name__ == "__main__":
    main()
