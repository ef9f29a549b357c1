"""Small stores written by us for the report, web and export tests.

``small_relations`` is a hand-written map (no NLP): two camps over a decade, Italy's
balance-breaking past alliance with Germany, one past-only tie and an undated relation.
``hostile_store`` runs the real pipeline on a document whose text, title, source, url and
actor names (from a user actor dictionary) carry ``<script>``, ``onerror=``,
``javascript:`` and template syntax. Shared by tests/report, tests/web and tests/io
(loaded by path there).
"""

from __future__ import annotations

import json
from pathlib import Path

from allegiance.model import Actor, ActorKind, Document, Evidence, Mention, Relation, RelationType, TimeFrame

GBR = Actor("GBR", "United Kingdom", ActorKind.COUNTRY)
FRA = Actor("FRA", "France", ActorKind.COUNTRY)
RUS = Actor("RUS", "Russia", ActorKind.COUNTRY)
DEU = Actor("DEU", "Germany", ActorKind.COUNTRY)
AUT = Actor("AUT", "Austria-Hungary", ActorKind.COUNTRY)
ITA = Actor("ITA", "Italy", ActorKind.COUNTRY)
LAB = Actor("GBR-LAB", "Labour Party", ActorKind.PARTY)
UNITE = Actor("GBR-UNITE", "Unite", ActorKind.UNION)

# (doc id, date, source actor, source mention, verb phrase, target actor, target mention, type, time)
_ROWS = [
    ("d1", "1904-04-08", GBR, "Britain", "signed the Entente Cordiale with", FRA, "France", RelationType.ALLY, TimeFrame.CURRENT),
    ("d2", "1907-08-31", GBR, "London", "reached an agreement with", RUS, "Russia", RelationType.AGREE, TimeFrame.CURRENT),
    ("d3", "1914-08-01", DEU, "Germany", "declared war on", RUS, "Russia", RelationType.FIGHT, TimeFrame.CURRENT),
    ("d3", "1914-08-03", DEU, "Germany", "declared war on", FRA, "France", RelationType.FIGHT, TimeFrame.CURRENT),
    ("d4", "1914-08-04", GBR, "Britain", "declared war on", DEU, "Germany", RelationType.FIGHT, TimeFrame.CURRENT),
    ("d5", "1914-08-06", AUT, "Vienna", "declared war on", RUS, "Russia", RelationType.FIGHT, TimeFrame.CURRENT),
    ("d5", "1914-08-06", AUT, "Austria-Hungary", "stood with", DEU, "Germany", RelationType.SUPPORT, TimeFrame.CURRENT),
    ("d6", "1915-05-23", ITA, "Italy", "declared war on", AUT, "Austria-Hungary", RelationType.FIGHT, TimeFrame.CURRENT),
    ("d6", "1915-05-23", ITA, "Rome", "had once been allied with", DEU, "Germany", RelationType.ALLY, TimeFrame.PAST),
    ("d7", "1915-06-01", FRA, "Paris", "signed a pact with", RUS, "Russia", RelationType.ALLY, TimeFrame.CURRENT),
    ("d8", None, LAB, "Labour", "welcomed the backing of", UNITE, "Unite", RelationType.PRAISE, TimeFrame.CURRENT),
]


def small_documents_and_relations() -> list[tuple[Document, list[Relation]]]:
    """The hand-written map as (document, relations) batches for ``Store.write_batch``."""
    by_doc: dict[str, tuple[Document, list[Relation]]] = {}
    for i, (doc_id, date, a, am, verb, b, bm, rtype, frame) in enumerate(_ROWS):
        sentence = f"{am} {verb} {bm}."
        doc, rels = by_doc.get(doc_id) or (None, [])
        text = (doc.text + " " if doc else "") + sentence
        start = len(doc.text) + 1 if doc else 0
        doc = Document(id=doc_id, text=text, title=f"Dispatch {doc_id}", date=date, source="fixture wire",
                       url=f"https://example.org/{doc_id}")
        rels = rels + [Relation(
            doc_id, Mention(am, start, start + len(am), a, doc_id),
            Mention(bm, start + len(am) + len(verb) + 2, start + len(am) + len(verb) + 2 + len(bm), b, doc_id),
            rtype, Evidence(sentence, start, start + len(sentence)), time=frame, confidence=0.8, date=date,
            rule="fixture",
        )]
        by_doc[doc_id] = (doc, rels)
    return list(by_doc.values())


def write_small_store(path: Path) -> Path:
    """Write the hand-written map into a fresh SQLite store at ``path``."""
    from allegiance.store import open_store

    with open_store(path) as store:
        store.write_batch(small_documents_and_relations())
    return path


HOSTILE_ACTORS = """\
actors:
  - id: "EVIL<script>"
    name: "<img src=x onerror=\\"window.__pwned=1\\">Zorblax Front"
    kind: party
    aliases: [Zorblax Front, the Zorblax Front]
  - id: "QL{{7*7}}"
    name: "<script>window.__pwned=2</script>{{ 7*7 }} Quentar League"
    kind: party
    aliases: [Quentar League, the Quentar League]
"""

HOSTILE_TEXT = (
    "The Zorblax Front formed an alliance with the Quentar League <script>window.__pwned=3</script> "
    "{{ 7*7 }} <img src=x onerror=\"window.__pwned=4\"> <a href=\"javascript:window.__pwned=5\">here</a>. "
    "Later the Quentar League attacked the Zorblax Front {% raw %}{{ config }}{% endraw %}."
)
HOSTILE_DOC = {
    "id": "hostile-1",
    "title": "<script>window.__pwned=6;document.title='PWNED'</script>{{ title }}",
    "date": "2020-01-02",
    "source": "<b onmouseover=window.__pwned=7>src</b>",
    "url": "javascript:window.__pwned=8",
    "text": HOSTILE_TEXT,
}


def write_hostile_inputs(folder: Path) -> tuple[Path, Path]:
    """The hostile document (JSONL) and actor dictionary (YAML) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = folder / "hostile.jsonl"
    docs.write_text(json.dumps(HOSTILE_DOC) + "\n", encoding="utf-8")
    actors = folder / "hostile_actors.yaml"
    actors.write_text(HOSTILE_ACTORS, encoding="utf-8")
    return docs, actors


def write_hostile_store(folder: Path) -> Path:
    """Ingest the hostile document with the real pipeline into ``folder/hostile.db``."""
    from allegiance.pipeline import ingest_into_store
    from allegiance.store import open_store

    docs, actors = write_hostile_inputs(folder)
    db = folder / "hostile.db"
    with open_store(db) as store:
        ingest_into_store([docs], store, actors_path=actors)
    return db
