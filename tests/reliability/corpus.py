"""A deterministic synthetic news corpus for the crash and concurrency tests (our own text).

Each document is a short made-up news item: two or three templated sentences that
name two actors (countries, parties, unions, organisations) joined by a trigger verb,
so extraction finds signed relations, plus filler sentences drawn per document from a
word list with numbers, so no two documents share enough word shingles to be folded
as near duplicates by MinHash.

Examples
--------
>>> records = corpus_records(3)
>>> [r["id"] for r in records]
['rel00000', 'rel00001', 'rel00002']
>>> len(records[0]["text"].split()) >= 50, len(records[1]["text"].split()) < 50
(True, True)
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

__all__ = ["ACTORS", "TEMPLATES", "corpus_records", "write_jsonl"]

# Facts: names of states, parties and organisations (the built-in knowledge base knows them).
ACTORS = (
    "Russia", "France", "Germany", "China", "Japan", "India", "Brazil", "Canada", "Turkey",
    "Iran", "Israel", "Egypt", "Poland", "Ukraine", "Mexico", "Spain", "Italy", "Greece",
    "Pakistan", "Afghanistan", "the United States", "Britain", "NATO", "the European Union",
    "the Labour Party", "the Conservatives", "the SNP", "the Liberal Democrats", "Unite",
    "the GMB", "the Taliban", "Hamas", "Sweden", "Norway", "Argentina", "Chile", "Kenya",
    "Nigeria", "Ethiopia", "Saudi Arabia",
)

# "{a} <trigger> {b}" sentences; positive and negative, several rule kinds.
TEMPLATES = (
    "{a} formed an alliance with {b} on {day}.",
    "{a} signed a defence pact with {b}.",
    "{a} condemned {b} over the dispute about {thing}.",
    "{a} backed {b} in the vote on {thing}.",
    "{a} accused {b} of sabotaging the {thing} talks.",
    "{a} agreed with {b} on a plan for {thing}.",
    "{a} attacked {b} near the border on {day}.",
    "{a} cooperated with {b} on {thing}.",
    "{a} criticised {b} for its stance on {thing}.",
    "{a} praised {b} for its work on {thing}.",
    "{a} imposed sanctions on {b}.",
    "{a} and {b} worked together on {thing}.",
)

_THINGS = (
    "grain exports", "border security", "fishing rights", "energy prices", "the pipeline",
    "refugee quotas", "the budget", "rail links", "customs rules", "water sharing",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FILLER = (
    "officials", "said", "the", "meeting", "lasted", "hours", "in", "a", "hotel", "near",
    "river", "delegates", "reported", "figures", "showed", "growth", "of", "percent", "while",
    "markets", "were", "calm", "reporters", "waited", "outside", "for", "statement", "later",
    "that", "evening", "analysts", "expected", "another", "round", "next", "month", "ministers",
    "travelled", "by", "train", "from", "capital", "harbour", "district", "village", "mayor",
)


def _sentence(rng: random.Random, words: int) -> str:
    body = [rng.choice(_FILLER) if rng.random() < 0.6 else f"{rng.choice(_FILLER)}{rng.randrange(1000)}"
            for _ in range(words)]
    body[0] = body[0].capitalize()
    return " ".join(body) + "."


def corpus_records(count: int, *, seed: int = 2026, prefix: str = "rel") -> list[dict[str, Any]]:
    """``count`` JSON records (``id``, ``title``, ``date``, ``text``), the same for the same seed.

    Examples
    --------
    >>> corpus_records(2) == corpus_records(2)
    True
    """
    rng = random.Random(seed)
    records = []
    for i in range(count):
        a, b = rng.sample(ACTORS, 2)
        sentences = [_sentence(rng, rng.randrange(6, 10))]
        for template in rng.sample(TEMPLATES, rng.randrange(2, 4)):
            text = template.format(a=a, b=b, thing=rng.choice(_THINGS), day=rng.choice(_DAYS))
            sentences.append(text[0].upper() + text[1:])
            if rng.random() < 0.5:
                a, b = b, a
        if i % 3 == 0:  # long enough (50+ words) for the MinHash near-duplicate index
            sentences.append(_sentence(rng, rng.randrange(24, 30)))
        records.append({
            "id": f"{prefix}{i:05d}",
            "title": f"Report {i}: {a} and {b}",
            "date": f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "text": " ".join(sentences),
        })
    return records


def write_jsonl(path: str | Path, records: list[dict[str, Any]]) -> Path:
    """Write records as JSONL (UTF-8) and return the path.

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_jsonl(os.path.join(tempfile.mkdtemp(), "c.jsonl"), corpus_records(2))
    >>> len(p.read_text().splitlines())
    2
    """
    path = Path(path)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
