"""The data model shared by every stage: frozen, typed dataclasses and enums.

Every stage of the pipeline (ingest -> nlp -> actors -> relations -> store ->
network -> balance -> report) passes these objects along; none of them is
mutable, so they are safe to share between threads and processes.

Examples
--------
>>> from allegiance.model import Sign, RelationType
>>> RelationType.ALLY.sign is Sign.POSITIVE
True
>>> int(Sign.NEGATIVE)
-1
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Any, Mapping

__all__ = [
    "ActorKind",
    "Actor",
    "Document",
    "Evidence",
    "Mention",
    "Relation",
    "RelationType",
    "Sign",
    "TimeFrame",
    "content_hash",
    "document_id",
    "normalise_for_hash",
]


class Sign(IntEnum):
    """The side a relation puts two actors on: +1 with, -1 against.

    Examples
    --------
    >>> Sign(-1).name
    'NEGATIVE'
    """

    POSITIVE = 1
    NEGATIVE = -1


class RelationType(str, Enum):
    """What kind of stance or act a relation is; each type has one sign.

    Examples
    --------
    >>> RelationType("defeat").sign
    <Sign.NEGATIVE: -1>
    """

    ALLY = "ally"
    SUPPORT = "support"
    COOPERATE = "cooperate"
    AGREE = "agree"
    PRAISE = "praise"
    ENDORSE = "endorse"
    NEGOTIATE = "negotiate"
    JOIN = "join"
    OPPOSE = "oppose"
    CRITICISE = "criticise"
    ACCUSE = "accuse"
    BLAME = "blame"
    THREATEN = "threaten"
    SANCTION = "sanction"
    ATTACK = "attack"
    FIGHT = "fight"
    DEFEAT = "defeat"
    RIVAL = "rival"
    SPLIT = "split"
    ABANDON = "abandon"

    @property
    def sign(self) -> Sign:
        """The sign this type always carries."""
        return Sign.POSITIVE if self in _POSITIVE_TYPES else Sign.NEGATIVE

    @property
    def symmetric(self) -> bool:
        """True when the wording is usually symmetric (allies, rivals)."""
        return self in _SYMMETRIC_TYPES


_POSITIVE_TYPES = frozenset(
    {
        RelationType.ALLY,
        RelationType.SUPPORT,
        RelationType.COOPERATE,
        RelationType.AGREE,
        RelationType.PRAISE,
        RelationType.ENDORSE,
        RelationType.NEGOTIATE,
        RelationType.JOIN,
    }
)
_SYMMETRIC_TYPES = frozenset(
    {
        RelationType.ALLY,
        RelationType.COOPERATE,
        RelationType.AGREE,
        RelationType.NEGOTIATE,
        RelationType.FIGHT,
        RelationType.RIVAL,
        RelationType.SPLIT,
    }
)


class TimeFrame(str, Enum):
    """When a relation holds relative to publication (see RELATIONS.md)."""

    CURRENT = "current"
    PAST = "past"
    FUTURE = "future"


class ActorKind(str, Enum):
    """The kind of political actor a canonical actor is."""

    COUNTRY = "country"
    GOVERNMENT = "government"
    IGO = "igo"
    PARTY = "party"
    FACTION = "faction"
    UNION = "union"
    ARMED_GROUP = "armed_group"
    MOVEMENT = "movement"
    PERSON = "person"
    GROUP = "group"
    ORGANISATION = "organisation"


def normalise_for_hash(text: str) -> str:
    """Normalise text before hashing: case-folded, whitespace collapsed.

    Examples
    --------
    >>> normalise_for_hash("  Hello\\r\\n  World ")
    'hello world'
    """
    return " ".join(text.casefold().split())


def content_hash(text: str, length: int = 16) -> str:
    """A stable hex digest of the normalised text, used for document ids.

    Examples
    --------
    >>> content_hash("Hello  world") == content_hash("hello world")
    True
    >>> len(content_hash("x"))
    16
    """
    digest = hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()
    return digest[:length]


def document_id(text: str, length: int = 16) -> str:
    """The default id of a document: a hash of its exact text.

    Unlike :func:`content_hash` it keeps case and spacing, so two texts that
    differ only in case get different ids (and are then linked as exact
    duplicates by the store) while re-reading the same text gives the same id.

    Examples
    --------
    >>> document_id("Hello world") == document_id("Hello world")
    True
    >>> document_id("Hello world") == document_id("HELLO WORLD")
    False
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Document:
    """One article (or one sentence-level record) to read.

    ``id`` is :func:`document_id` of the text unless the input supplied one. ``date`` is an ISO
    ``YYYY-MM-DD`` string or ``None``; a date is never invented.

    Examples
    --------
    >>> d = Document.from_text("Russia and the US form an alliance.")
    >>> d.id == document_id(d.text)
    True
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None  # where it was read from: path[:line] or "-"
    speaker: str | None = None  # knowledge-base id of whoever speaks in the whole text (a speech's author)

    @classmethod
    def from_text(cls, text: str, **fields: Any) -> "Document":
        """Build a document whose id is :func:`document_id` of its text (unless given)."""
        doc_id = fields.pop("id", None) or document_id(text)
        return cls(id=str(doc_id), text=text, **fields)

    @property
    def content_hash(self) -> str:
        """Hash of the normalised text (independent of the id)."""
        return content_hash(self.text)

    @property
    def provenance(self) -> str | None:
        """Where a reader can find the article: its URL, else its ``source`` field, else where it was read.

        Examples
        --------
        >>> Document.from_text("x", origin="news/a.txt").provenance
        'news/a.txt'
        >>> Document.from_text("x", source="Daily Example", origin="feed.jsonl:2").provenance
        'Daily Example'
        >>> Document.from_text("x", url="https://example.org/a", source="Daily Example").provenance
        'https://example.org/a'
        """
        return self.url or self.source or self.origin


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical political actor from the knowledge base (or made ad hoc).

    Examples
    --------
    >>> Actor("RUS", "Russia", ActorKind.COUNTRY, aliases=("Moscow",)).kind.value
    'country'
    """

    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None

    @property
    def member_ids(self) -> tuple[str, ...]:
        """The ids this actor stands for: each member of a joined group ("GRP:CHN+RUS", made for "both
        countries", "the two sides"), else its own id.

        Examples
        --------
        >>> Actor("GRP:CHN+RUS", "Russia and China", ActorKind.GROUP).member_ids
        ('CHN', 'RUS')
        >>> Actor("GRP:sunnis", "Sunnis", ActorKind.GROUP).member_ids
        ('GRP:sunnis',)
        """
        if self.id.startswith("GRP:") and "+" in self.id:
            return tuple(self.id[4:].split("+"))
        return (self.id,)


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of a document's text that refers to an actor.

    ``start`` and ``end`` are character offsets in the document text.
    """

    text: str
    start: int
    end: int
    actor: Actor | None = None
    doc_id: str = ""
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """The contract form used in ``extract --format jsonl``."""
        actor = self.actor
        return {
            "id": actor.id if actor else None,
            "name": actor.name if actor else self.text,
            "kind": actor.kind.value if actor else None,
            "mention": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence behind a relation, with its offsets in the document text."""

    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Relation:
    """One signed, typed relation between two actor mentions, with evidence.

    Examples
    --------
    >>> a = Actor("RUS", "Russia", ActorKind.COUNTRY)
    >>> b = Actor("USA", "United States", ActorKind.COUNTRY)
    >>> r = Relation("d1", Mention("Moscow", 0, 6, a), Mention("US", 20, 22, b),
    ...              RelationType.COOPERATE, Evidence("Moscow works with the US.", 0, 25))
    >>> r.sign, r.to_dict()["type"]
    (<Sign.POSITIVE: 1>, 'cooperate')
    """

    doc_id: str
    source: Mention
    target: Mention
    type: RelationType
    evidence: Evidence
    directed: bool = False
    time: TimeFrame = TimeFrame.CURRENT
    negated: bool = False
    confidence: float = 0.5
    date: str | None = None
    rule: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def sign(self) -> Sign:
        """The sign of the relation (from its type)."""
        return self.type.sign

    @property
    def key(self) -> tuple[str, int, int, int, int, int, int]:
        """Identity of a relation for de-duplication and idempotent storage."""
        return (
            self.doc_id,
            self.evidence.start,
            self.source.start,
            self.source.end,
            self.target.start,
            self.target.end,
            int(self.sign),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON object printed by ``allegiance extract --format jsonl``."""
        return {
            "doc_id": self.doc_id,
            "date": self.date,
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "sign": int(self.sign),
            "type": self.type.value,
            "directed": self.directed,
            "time": self.time.value,
            "negated": self.negated,
            "confidence": round(float(self.confidence), 4),
            "evidence": self.evidence.to_dict(),
        }

    def to_record(self, document: "Document | None") -> dict[str, Any]:
        """:meth:`to_dict` followed by the ``title`` and ``doc_source`` of its document (``None`` unknown).

        The contract's keys keep their order; the provenance keys come after them, so a
        relation can be traced to its article (``doc_source`` is :attr:`Document.provenance`;
        the name ``source`` already holds the source actor).

        Examples
        --------
        >>> a = Actor("RUS", "Russia", ActorKind.COUNTRY)
        >>> b = Actor("USA", "United States", ActorKind.COUNTRY)
        >>> r = Relation("d1", Mention("Moscow", 0, 6, a), Mention("US", 20, 22, b),
        ...              RelationType.COOPERATE, Evidence("Moscow works with the US.", 0, 25))
        >>> record = r.to_record(Document.from_text("Moscow works with the US.", id="d1", title="Raid",
        ...                                         origin="news/raid.txt"))
        >>> list(record)[-3:], record["title"], record["doc_source"]
        (['evidence', 'title', 'doc_source'], 'Raid', 'news/raid.txt')
        """
        return {**self.to_dict(), "title": document.title if document else None,
                "doc_source": document.provenance if document else None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Relation":
        """Inverse of :meth:`to_dict` (actor aliases and parents are not kept)."""

        def mention(d: Mapping[str, Any]) -> Mention:
            actor = None
            if d.get("id"):
                actor = Actor(str(d["id"]), str(d.get("name") or d["id"]),
                              ActorKind(d.get("kind") or "organisation"))
            return Mention(str(d.get("mention", "")), int(d.get("start", 0)),
                           int(d.get("end", 0)), actor, str(data.get("doc_id", "")))

        ev = data["evidence"]
        return cls(
            doc_id=str(data["doc_id"]),
            source=mention(data["source"]),
            target=mention(data["target"]),
            type=RelationType(data["type"]),
            evidence=Evidence(str(ev["sentence"]), int(ev["start"]), int(ev["end"])),
            directed=bool(data.get("directed", False)),
            time=TimeFrame(data.get("time", "current")),
            negated=bool(data.get("negated", False)),
            confidence=float(data.get("confidence", 0.5)),
            date=data.get("date"),
        )
