"""Fixtures for the scale tests: a corpus we write ourselves, big enough for several chunks."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from allegiance.model import Document

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "postgres.sh"

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


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway PostgreSQL server on loopback (scripts/postgres.sh), stopped afterwards.

    ``ALLEGIANCE_TEST_PG_URL`` points at an existing server instead; skips with the
    reason when no server can start.
    """
    given = os.environ.get("ALLEGIANCE_TEST_PG_URL")
    if given:
        yield given
        return
    if not SCRIPT.is_file():
        pytest.skip(f"PostgreSQL tests need {SCRIPT}")
    directory = tempfile.mkdtemp(prefix="allegiance-pg-scale-")
    os.rmdir(directory)  # the script creates it with the right owner
    try:
        started = subprocess.run(["bash", str(SCRIPT), "start", directory], capture_output=True,
                                 text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        subprocess.run(["bash", str(SCRIPT), "stop", directory], capture_output=True, timeout=120)
        pytest.skip(f"PostgreSQL server could not be started: {exc}")
    if started.returncode != 0:
        reason = (started.stderr.strip().splitlines() or ["no message"])[-1]
        subprocess.run(["bash", str(SCRIPT), "stop", directory], capture_output=True, timeout=120)
        pytest.skip(f"PostgreSQL server could not be started: {reason}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", directory], capture_output=True, timeout=120)
