"""Run the whole pipeline on the bundled demo corpus."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from allegiance.demo import demo_corpus_path
from allegiance.model import Relation
from allegiance.pipeline import ingest_into_store
from allegiance.report import write_report
from allegiance.store import open_store

__all__ = ["DemoSummary", "run_demo", "strongest_pairs"]


@dataclass(frozen=True)
class DemoSummary:
    """What the demo run produced, and where."""

    out_dir: str
    db: str
    documents: int
    actors: int
    relations: int
    alliances: list[dict[str, Any]] = field(default_factory=list)
    rivalries: list[dict[str, Any]] = field(default_factory=list)
    report: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "out_dir": self.out_dir,
            "db": self.db,
            "documents": self.documents,
            "actors": self.actors,
            "relations": self.relations,
            "strongest_alliances": self.alliances,
            "strongest_rivalries": self.rivalries,
            "report": self.report,
        }


def strongest_pairs(relations: Iterable[Relation], *, top: int = 5) -> tuple[list[dict], list[dict]]:
    """Rank actor pairs by summed signed confidence: (alliances, rivalries).

    Examples
    --------
    >>> strongest_pairs([])
    ([], [])
    """
    score: dict[tuple[str, str], float] = defaultdict(float)
    count: dict[tuple[str, str], int] = defaultdict(int)
    for relation in relations:
        a = relation.source.to_dict()["name"]
        b = relation.target.to_dict()["name"]
        if a == b:
            continue
        pair = (min(a, b), max(a, b))
        score[pair] += int(relation.sign) * relation.confidence
        count[pair] += 1
    rows = [
        {"actors": list(pair), "score": round(value, 3), "relations": count[pair]}
        for pair, value in score.items()
    ]
    alliances = sorted((r for r in rows if r["score"] > 0), key=lambda r: (-r["score"], r["actors"]))
    rivalries = sorted((r for r in rows if r["score"] < 0), key=lambda r: (r["score"], r["actors"]))
    return alliances[:top], rivalries[:top]


def run_demo(out_dir: str | Path = "allegiance-demo", *, quiet: bool = True, on_progress=None) -> DemoSummary:
    """Ingest the demo corpus into a fresh store in ``out_dir`` and summarise it.

    Examples
    --------
    >>> import tempfile
    >>> summary = run_demo(tempfile.mkdtemp())  # doctest: +SKIP
    >>> summary.documents >= 40  # doctest: +SKIP
    True
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with open_store(db) as store:
        ingest_into_store([demo_corpus_path()], store, on_progress=on_progress or (lambda n: None))
        counts = store.status().to_dict()
        alliances, rivalries = strongest_pairs(store.iter_relations())
        report = write_report(store, out / "report.html", title="allegiance demo: 1914-2020")
    return DemoSummary(
        out_dir=str(out),
        db=str(db),
        documents=counts["documents"],
        actors=counts["actors"],
        relations=counts["relations"],
        alliances=alliances,
        rivalries=rivalries,
        report=str(report.path),
    )
