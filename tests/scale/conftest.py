"""Fixtures for the scale tests: a corpus we write ourselves, big enough for several chunks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allegiance.model import Document


COUNTRIES = [
    "France", "Germany", "Russia", "China", "Japan", "India", "Brazil", "Turkey", "Iran", "Egypt",
    "Poland", "Spain", "Italy", "Canada", "Mexico", "Israel", "Pakistan", "Greece", "Sweden", "Norway",
]
TEMPLATES = [
    "{a} formed an alliance with {b} in order to counteract {c}.",
    "{a} condemned {b} over the border clashes.",
    "{a} and {b} signed a trade agreement on Tuesday.",
    "The government of {a} accused {b} of meddling in the election.",
    "Leaders of {a} praised {b} for its help after the floods.",
    "{a} imposed sanctions on {b} after the missile test.",
    "Officials in {a} met their counterparts from {b} for talks on fishing.",
    "{a} backed {b} in the dispute with {c}.",
]


def make_corpus(n: int) -> list[Document]:
    """``n`` distinct short dated documents of two to four sentences, deterministic."""
    docs = []
    for i in range(n):
        sentences = []
        for j in range(1 + i % 3):
            k = i * 7 + j * 3
            a, b, c = (COUNTRIES[(k + s) % len(COUNTRIES)] for s in (0, 5, 11))
            sentences.append(TEMPLATES[(i + j) % len(TEMPLATES)].format(a=a, b=b, c=c))
        sentences.append(f"The talks lasted {i + 2} days.")  # every text distinct
        docs.append(Document.from_text(" ".join(sentences), id=f"own{i:04d}",
                                       date=f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}"))
    return docs


@pytest.fixture(scope="session")
def own_corpus() -> list[Document]:
    """80 documents: many chunks at a small batch size, more than one at the default."""
    return make_corpus(80)


@pytest.fixture(scope="session")
def own_corpus_jsonl(tmp_path_factory: pytest.TempPathFactory, own_corpus: list[Document]) -> Path:
    path = tmp_path_factory.mktemp("scale") / "own.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for doc in own_corpus:
            handle.write(json.dumps({"id": doc.id, "date": doc.date, "text": doc.text}) + "\n")
    return path
