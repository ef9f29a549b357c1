"""Store rows and model objects: the columns of each table and the conversions both ways.

Examples
--------
>>> from allegiance.model import Document
>>> _document(("a1", "NATO backs Kyiv.", None, None, None, None, "a.txt")).origin
'a.txt'
>>> _clean(("a\\x00b", 1))
('a\\ufffdb', 1)
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from allegiance.errors import StoreError
from allegiance.model import Actor, ActorKind, Document, Evidence, Mention, Relation, RelationType, TimeFrame

_DOC_COLUMNS = "id, text, title, date, source, url, origin"

_RELATION_COLUMNS = (
    "doc_id", "evidence_start", "source_start", "source_end", "target_start", "target_end",
    "sign", "source_actor", "source_text", "source_confidence", "target_actor", "target_text",
    "target_confidence", "type", "directed", "time", "negated", "confidence", "date", "rule",
    "evidence_sentence", "evidence_end", "extra",
)
_ACTOR_SELECT = "{a}.id, {a}.name, {a}.kind, {a}.aliases, {a}.parent, {a}.valid_from, {a}.valid_to"

def _clean(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """NUL characters cannot be stored in PostgreSQL text; U+FFFD keeps lengths and offsets."""
    return tuple(
        v.replace("\x00", "\ufffd") if isinstance(v, str) and "\x00" in v else v for v in row
    )


def _derived_id(supplied: str, content: str, n: int = 1) -> str:
    """The id of a document whose supplied id holds another text: ``ID~HASH`` (``~n`` after).

    Examples
    --------
    >>> _derived_id("1", "ba9dc2e6a4f1b7e0"), _derived_id("1", "ba9dc2e6a4f1b7e0", 2)
    ('1~ba9dc2e6a4f1b7e0', '1~ba9dc2e6a4f1b7e0~2')
    """
    return f"{supplied}~{content}" if n == 1 else f"{supplied}~{content}~{n}"


def _document(row: Sequence[Any]) -> Document:
    doc_id, text, title, date, source, url, origin = row
    return Document(id=str(doc_id), text=str(text), title=title, date=date, source=source,
                    url=url, origin=origin)


def _actor(row: Sequence[Any]) -> Actor | None:
    actor_id, name, kind, aliases, parent, valid_from, valid_to = row
    if actor_id is None:
        return None
    return Actor(
        id=str(actor_id), name=str(name), kind=ActorKind(kind),
        aliases=tuple(json.loads(aliases or "[]")), parent=parent,
        valid_from=valid_from, valid_to=valid_to,
    )


def _actor_row(actor: Actor) -> tuple[Any, ...]:
    try:
        kind = ActorKind(actor.kind).value
        aliases = json.dumps([str(a) for a in actor.aliases])
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"actor {actor.id!r} cannot be stored ({exc})",
            hint="give actors a kind from allegiance.model.ActorKind and string aliases",
        ) from None
    return _clean((str(actor.id), str(actor.name), kind, aliases, actor.parent,
                   actor.valid_from, actor.valid_to))


def _relation_row(rel: Relation) -> tuple[Any, ...]:
    try:
        return _relation_values(rel)
    except (TypeError, ValueError, AttributeError) as exc:
        raise StoreError(
            f"a relation of document {rel.doc_id!r} cannot be stored ({exc})",
            hint="build relations from allegiance.model types (RelationType, TimeFrame, Mention)",
        ) from None


def _relation_values(rel: Relation) -> tuple[Any, ...]:
    src, tgt = rel.source, rel.target
    extra = json.dumps(dict(rel.extra), sort_keys=True, default=str) if rel.extra else None
    return _clean((
        rel.doc_id, rel.evidence.start, src.start, src.end, tgt.start, tgt.end, int(rel.sign),
        src.actor.id if src.actor else None, src.text, float(src.confidence),
        tgt.actor.id if tgt.actor else None, tgt.text, float(tgt.confidence),
        RelationType(rel.type).value, int(bool(rel.directed)), TimeFrame(rel.time).value,
        int(bool(rel.negated)), float(rel.confidence), rel.date, rel.rule or "",
        rel.evidence.sentence, rel.evidence.end, extra,
    ))


def _relation(row: Sequence[Any]) -> Relation:
    n = len(_RELATION_COLUMNS)
    values = dict(zip(_RELATION_COLUMNS, row[:n]))
    source_actor = _actor(row[n : n + 7])
    target_actor = _actor(row[n + 7 : n + 14])
    doc_id = str(values["doc_id"])
    return Relation(
        doc_id=doc_id,
        source=Mention(str(values["source_text"]), int(values["source_start"]),
                       int(values["source_end"]), source_actor, doc_id,
                       float(values["source_confidence"])),
        target=Mention(str(values["target_text"]), int(values["target_start"]),
                       int(values["target_end"]), target_actor, doc_id,
                       float(values["target_confidence"])),
        type=RelationType(values["type"]),
        evidence=Evidence(str(values["evidence_sentence"]), int(values["evidence_start"]),
                          int(values["evidence_end"])),
        directed=bool(values["directed"]),
        time=TimeFrame(values["time"]),
        negated=bool(values["negated"]),
        confidence=float(values["confidence"]),
        date=values["date"],
        rule=str(values["rule"] or ""),
        extra=json.loads(values["extra"]) if values["extra"] else {},
    )
