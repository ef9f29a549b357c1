"""What the store reports: batch results, duplicate links, renamed documents, counts, rejections.

Plain frozen dataclasses with a JSON-ready ``to_dict``; :class:`~allegiance.store.Store`
returns them and ``allegiance status --json`` prints :class:`StoreStatus`.

Examples
--------
>>> BatchResult(stored=1, duplicates_exact=1).to_dict()["duplicates_exact"]
1
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["BatchResult", "DuplicateLink", "RejectedInput", "RenamedDocument", "StoreStatus"]


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """A stored duplicate and the kept document it is linked to.

    ``kind`` is ``"exact"`` (same normalised content hash; similarity 1.0) or ``"near"``
    (estimated Jaccard similarity of word shingles at or above the threshold).

    Examples
    --------
    >>> DuplicateLink("b", "a", "exact", 1.0).to_dict()["duplicate_of"]
    'a'
    """

    doc_id: str
    duplicate_of: str
    kind: str
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RenamedDocument:
    """A document whose supplied id was taken by another text, and the id it got instead.

    The derived id is ``SUPPLIED~CONTENTHASH``: deterministic, so re-ingesting the same
    input finds it stored and adds nothing.

    Examples
    --------
    >>> RenamedDocument("1", "1~ba9dc2e6a4f1b7e0", "b.csv:2").to_dict()["supplied_id"]
    '1'
    """

    supplied_id: str
    doc_id: str
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What one :meth:`Store.write_batch` call did.

    Attributes
    ----------
    stored : int
        New documents kept (not duplicates).
    skipped_existing : int
        Documents whose id was already stored (or came earlier in the batch).
    duplicates_exact, duplicates_near : int
        New documents stored as duplicates, linked to a kept document.
    relations_stored : int
        New relation rows (a relation already stored is not counted again).
    duplicates : tuple of DuplicateLink
        The links made, for reporting.
    renamed : tuple of RenamedDocument
        New documents stored under a derived id because their supplied id holds another
        text (they are counted in ``stored`` or as duplicates too).

    Examples
    --------
    >>> (BatchResult(stored=2) + BatchResult(stored=1, duplicates_exact=1)).to_dict()["stored"]
    3
    """

    stored: int = 0
    skipped_existing: int = 0
    duplicates_exact: int = 0
    duplicates_near: int = 0
    relations_stored: int = 0
    duplicates: tuple[DuplicateLink, ...] = ()
    renamed: tuple[RenamedDocument, ...] = ()

    def __add__(self, other: "BatchResult") -> "BatchResult":
        if not isinstance(other, BatchResult):
            return NotImplemented
        return BatchResult(
            self.stored + other.stored,
            self.skipped_existing + other.skipped_existing,
            self.duplicates_exact + other.duplicates_exact,
            self.duplicates_near + other.duplicates_near,
            self.relations_stored + other.relations_stored,
            self.duplicates + other.duplicates,
            self.renamed + other.renamed,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (duplicate links as dicts)."""
        return {
            "stored": self.stored,
            "skipped_existing": self.skipped_existing,
            "duplicates_exact": self.duplicates_exact,
            "duplicates_near": self.duplicates_near,
            "relations_stored": self.relations_stored,
            "duplicates": [link.to_dict() for link in self.duplicates],
            "renamed": [r.to_dict() for r in self.renamed],
        }


@dataclass(frozen=True, slots=True)
class StoreStatus:
    """Counts of what a store holds (the ``allegiance status`` contract).

    ``documents`` counts kept documents; ``duplicates`` the stored duplicates linked
    to them (so every stored document row is one or the other).

    Examples
    --------
    >>> sorted(StoreStatus(1, 0, 0, 2, 3, 3).to_dict())
    ['actors', 'documents', 'duplicates', 'rejected', 'relations', 'schema_version']
    """

    documents: int
    duplicates: int
    rejected: int
    actors: int
    relations: int
    schema_version: int

    def to_dict(self) -> dict[str, int]:
        """Exactly the keys of DESIGN.md's ``status --json``."""
        return {
            "documents": self.documents,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "actors": self.actors,
            "relations": self.relations,
            "schema_version": self.schema_version,
        }


@dataclass(frozen=True, slots=True)
class RejectedInput:
    """An input that could not be used, and why (one line a user can act on).

    Examples
    --------
    >>> RejectedInput("a.bin", "binary data", "2026-01-01T00:00:00+00:00").origin
    'a.bin'
    """

    origin: str
    message: str
    recorded_at: str
