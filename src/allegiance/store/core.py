"""The store: documents, duplicate links, rejected inputs, actors and relations.

One :class:`Store` per database (SQLite by default, PostgreSQL by URL). Writes come in
batches, each in one transaction, so an interrupted run leaves only whole batches
behind and a rerun completes it: documents already stored are skipped, relations are
unique by :attr:`~allegiance.model.Relation.key`.

Examples
--------
>>> from allegiance.model import Document
>>> from allegiance.store import open_store
>>> with open_store(":memory:") as store:
...     first = store.write_batch([(Document.from_text("Unite and the GMB work together."), None)])
...     again = store.write_batch([(Document.from_text("Unite and the GMB work together."), None)])
...     (first.stored, again.stored, again.skipped_existing, store.status().documents)
(1, 0, 1, 1)
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date as _date
from typing import Any, Callable, Iterable, Iterator, Sequence

from allegiance.errors import ConfigError, StoreBusyError, StoreError
from allegiance.model import (
    Actor,
    ActorKind,
    Document,
    Evidence,
    Mention,
    Relation,
    RelationType,
    Sign,
    TimeFrame,
)
from allegiance.store.backend import (
    DRIVER_ERRORS,
    Database,
    connect,
    migrate,
    schema_version,
    utc_now,
)
from allegiance.store.dedupe import NearDuplicateConfig
from allegiance.store.filters import RelationFilter
from allegiance.store.schema import LATEST_VERSION
from allegiance.store.url import StoreURL, missing_store_error

__all__ = [
    "BatchResult",
    "DuplicateLink",
    "RejectedInput",
    "RenamedDocument",
    "Store",
    "StoreStatus",
    "open_store",
]

_CHUNK = 500  # parameters per IN (...) list and rows per page
_RETRY_PAUSE = 0.2  # seconds before a busy write is tried again (times the attempt number)

_DOC_COLUMNS = "id, text, title, date, source, url, origin"

_RELATION_COLUMNS = (
    "doc_id", "evidence_start", "source_start", "source_end", "target_start", "target_end",
    "sign", "source_actor", "source_text", "source_confidence", "target_actor", "target_text",
    "target_confidence", "type", "directed", "time", "negated", "confidence", "date", "rule",
    "evidence_sentence", "evidence_end", "extra",
)
_RELATION_CONFLICT = (
    "ON CONFLICT (doc_id, evidence_start, source_start, source_end, target_start, target_end, sign) "
    "DO NOTHING"
)
_UPSERT_ACTOR = (
    "INSERT INTO actors (id, name, kind, aliases, parent, valid_from, valid_to) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
    "kind = excluded.kind, aliases = excluded.aliases, parent = excluded.parent, "
    "valid_from = excluded.valid_from, valid_to = excluded.valid_to"
)
_DOCUMENT_INSERT_COLUMNS = (
    "id", "content_hash", "text", "title", "date", "source", "url", "origin",
    "duplicate_of", "duplicate_kind", "similarity", "supplied_id",
)
_ACTOR_SELECT = "{a}.id, {a}.name, {a}.kind, {a}.aliases, {a}.parent, {a}.valid_from, {a}.valid_to"


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


class Store:
    """A database of documents and relations; open one with :func:`open_store`.

    A store is a context manager and is not shared between threads; each process
    opens its own. Writers are serialised (SQLite ``BEGIN IMMEDIATE`` with a busy
    timeout; a PostgreSQL advisory lock), so concurrent writers stay consistent.

    Examples
    --------
    >>> from allegiance.model import Document
    >>> store = open_store(":memory:")
    >>> _ = store.write_batch([(Document.from_text("Moscow and Washington agree.", id="a1"), None)])
    >>> store.get_document("a1").text
    'Moscow and Washington agree.'
    >>> store.close()
    """

    def __init__(self, db: Database, *, near: NearDuplicateConfig | None, detect_near: bool = True,
                 write_attempts: int = 3, claim_lease: float = 900.0):
        if int(write_attempts) < 1 or float(claim_lease) <= 0:
            db.close()
            raise ConfigError("write_attempts or claim_lease is too small", hint="give 1 or more")
        self._db: Database | None = db
        self._near = near
        self._detect_near = detect_near and near is not None
        #: Write transactions tried before :class:`StoreBusyError` (each waits the busy timeout).
        self.write_attempts = int(write_attempts)
        #: Seconds a claim on pending documents lasts unless renewed (see :meth:`pending_extraction`).
        self.claim_lease = float(claim_lease)
        self._claim_owner = db.new_claim_owner()
        self._claimed = False
        self._dead_owners: set[str] = set()

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._db is None:
            return "Store(closed)"
        return f"Store({self._db.dialect}: {self._db.location})"

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._conn.dialect

    @property
    def location(self) -> str:
        """Where the store lives (a file path or a PostgreSQL address without password)."""
        return self._conn.location

    @property
    def near_duplicates(self) -> NearDuplicateConfig | None:
        """The near-duplicate settings in force, or None when detection is off."""
        return self._near if self._detect_near else None

    @property
    def _conn(self) -> Database:
        if self._db is None:
            raise StoreError("the store is closed", hint="open it again with open_store()")
        return self._db

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        try:
            yield
        except DRIVER_ERRORS as exc:
            text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if self._conn.is_busy(exc):
                raise StoreBusyError(
                    f"cannot {action}: the store was busy ({text})", path=self.location,
                    hint="another process is writing to the store; run the same command again "
                         "when it is done, or raise busy_timeout",
                ) from exc
            raise StoreError(f"cannot {action} ({text})", path=self.location,
                             hint="check the store and try again") from exc

    def close(self) -> None:
        """Close the store (idempotent); later calls on it raise StoreError.

        Examples
        --------
        >>> store = open_store(":memory:")
        >>> store.close(); store.close()
        >>> repr(store)
        'Store(closed)'
        """
        if self._db is not None:
            self._release_claims()
            db, self._db = self._db, None
            db.close()

    def _meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._conn.query("SELECT key, value FROM meta")}

    def _set_meta(self, values: dict[str, str]) -> None:
        self._conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            sorted(values.items()),
        )

    def _in_chunks(self, sql: str, values: Sequence[Any]) -> list[tuple]:
        """Run ``sql`` (holding ``{in_}`` for a parameter list) over chunks of ``values``."""
        rows: list[tuple] = []
        for start in range(0, len(values), _CHUNK):
            chunk = list(values[start : start + _CHUNK])
            marks = ", ".join("?" for _ in chunk)
            rows.extend(self._conn.query(sql.format(in_=marks), chunk))
        return rows

    # ---------------------------------------------------------- near-dup index

    def _sync_near_index(self, wanted: NearDuplicateConfig) -> None:
        """Make the stored MinHash index match ``wanted``; rebuild it when it does not."""
        with self._guard("prepare the near-duplicate index"):
            stored = NearDuplicateConfig.from_meta(self._meta())
            if stored == wanted:
                return
            with self._conn.transaction():
                stored = NearDuplicateConfig.from_meta(self._meta())
                if stored == wanted:
                    return
                same_signatures = stored is not None and (
                    (stored.num_perm, stored.shingle_size, stored.min_words)
                    == (wanted.num_perm, wanted.shingle_size, wanted.min_words)
                )
                self._conn.execute("DELETE FROM lsh_buckets")
                if same_signatures:  # only the banding changed: re-band the stored signatures
                    self._rebucket(wanted)
                else:
                    self._conn.execute("DELETE FROM minhash")
                    self._resign(wanted)
                self._set_meta(wanted.as_meta())

    def _resign(self, wanted: NearDuplicateConfig) -> None:
        """Compute and store signatures and buckets of every kept document."""
        last = -1
        while True:
            page = self._conn.query(
                "SELECT seq, id, text FROM documents WHERE duplicate_of IS NULL AND seq > ? "
                "ORDER BY seq LIMIT ?",
                (last, _CHUNK),
            )
            if not page:
                return
            last = int(page[-1][0])
            sig_rows, bucket_rows = [], []
            for _, doc_id, text in page:
                if wanted.indexable(text):
                    sig = wanted.signature(text)
                    sig_rows.append((doc_id, wanted.to_bytes(sig)))
                    bucket_rows.extend((b, doc_id) for b in wanted.buckets(sig))
            self._conn.insert_rows("minhash", ("doc_id", "signature"), sig_rows)
            self._conn.insert_rows("lsh_buckets", ("bucket", "doc_id"), bucket_rows)

    def _rebucket(self, wanted: NearDuplicateConfig) -> None:
        """Recompute the LSH buckets from the stored signatures."""
        last = ""
        while True:
            page = self._conn.query(
                "SELECT doc_id, signature FROM minhash WHERE doc_id > ? ORDER BY doc_id LIMIT ?",
                (last, _CHUNK),
            )
            if not page:
                return
            last = str(page[-1][0])
            rows = [(b, str(doc_id)) for doc_id, blob in page
                    for b in wanted.buckets(wanted.from_bytes(blob))]
            self._conn.insert_rows("lsh_buckets", ("bucket", "doc_id"), rows)

    # ------------------------------------------------------------------ writing

    def write_batch(
        self, items: Iterable[tuple[Document, Sequence[Relation] | None]]
    ) -> BatchResult:
        """Store documents (and their relations, when given) in one short transaction.

        Parameters
        ----------
        items : sequence of (Document, relations or None)
            ``None`` stores the text only (the document stays pending extraction); a
            sequence, even empty, stores those relations and marks the document extracted.

        Returns
        -------
        BatchResult
            Counts of what was stored, skipped, renamed and linked as a duplicate.

        Raises
        ------
        StoreBusyError
            Another writer held the lock past the busy timeout on every attempt
            (:attr:`write_attempts`); nothing of the batch was written.

        Notes
        -----
        A document whose id is stored already with the same text (compared by content
        hash, so case and spacing aside) is skipped; its relations are still stored if it
        is a kept document: that is how a pending document gets extracted. Ids never
        overwrite and never drop: a document whose id is stored (or came earlier in the
        batch) with *another* text is stored under the derived id ``ID~CONTENTHASH``,
        keeps the supplied id in ``supplied_id`` and is listed in
        :attr:`BatchResult.renamed`; re-writing it adds nothing. Its relations, given
        under the supplied id, are not stored: it stays pending and is extracted under
        its own id. A new document with the content hash of a kept one is stored as an
        exact duplicate; one whose estimated shingle Jaccard similarity to a kept one
        reaches the threshold as a near duplicate. Relations of duplicates are not
        stored. Actors referenced by relations are upserted. NUL characters in texts are
        stored as U+FFFD (PostgreSQL cannot store them; the replacement keeps every
        character offset).

        Hashes, MinHash signatures and rows are computed before the writer lock is
        taken, so the lock is held only for the few queries and inserts of the batch.

        Examples
        --------
        >>> from allegiance.model import Document
        >>> with open_store(":memory:") as store:
        ...     r = store.write_batch([(Document.from_text("Labour split.", id="a"), None),
        ...                            (Document.from_text("labour  SPLIT.", id="b"), None)])
        ...     (r.stored, r.duplicates_exact, r.duplicates[0].duplicate_of)
        (1, 1, 'a')
        >>> with open_store(":memory:") as store:
        ...     _ = store.write_batch([(Document.from_text("Labour split.", id="1"), None)])
        ...     r = store.write_batch([(Document.from_text("Unite backed Corbyn.", id="1"), None)])
        ...     r.stored, r.renamed[0].doc_id
        (1, '1~818cda906bf4791d')
        """
        batch = self._validated(items)
        if not batch:
            return BatchResult()
        plan = self._plan(batch)
        return self._in_write_transaction("write a batch", lambda: self._write_planned(plan))

    def _in_write_transaction(self, action: str, work: Callable[[], Any], *, exclusive: bool = True) -> Any:
        """Run ``work`` in a write transaction, trying again when the store stays busy."""
        for attempt in range(1, self.write_attempts + 1):
            try:
                with self._guard(action), self._conn.transaction(exclusive=exclusive):
                    return work()
            except StoreBusyError:
                if attempt >= self.write_attempts:
                    raise
                time.sleep(_RETRY_PAUSE * attempt)
        raise AssertionError("unreachable: write_attempts is at least 1")

    def _plan(self, batch: list[tuple[Document, list[Relation] | None]]) -> "_BatchPlan":
        """Everything a batch's write needs that can be computed without the writer lock."""
        hashes = [doc.content_hash for doc, _ in batch]
        relation_rows = [None if rels is None else [_relation_row(r) for r in rels] for _, rels in batch]
        actor_rows = [
            {m.actor.id: _actor_row(m.actor) for r in rels or () for m in (r.source, r.target) if m.actor}
            for _, rels in batch
        ]
        plan = _BatchPlan(batch, hashes, relation_rows, actor_rows)
        near = self._near
        if near is None:
            return plan
        with self._guard("read the store"):  # a read, outside the lock: only to skip needless work
            stored = dict(self._in_chunks(
                "SELECT id, content_hash FROM documents WHERE id IN ({in_})",
                sorted({doc.id for doc, _ in batch}),
            ))
            kept_hashes = {str(h) for (h,) in self._in_chunks(
                "SELECT content_hash FROM documents WHERE duplicate_of IS NULL AND content_hash IN ({in_})",
                sorted(set(hashes)),
            )}
        for position, (doc, _) in enumerate(batch):
            h = hashes[position]
            if stored.get(doc.id) == h or h in kept_hashes or h in plan.signatures:
                continue  # stored already, or an exact duplicate: no signature needed
            if near.indexable(doc.text):
                sig = near.signature(doc.text)
                plan.signatures[h] = (sig, near.buckets(sig))
        return plan

    def _write_planned(self, plan: "_BatchPlan") -> BatchResult:
        """The locked part of :meth:`write_batch`: decide ids, insert rows, link duplicates."""
        batch, hashes = plan.batch, plan.hashes
        candidates = {doc.id for doc, _ in batch}
        candidates.update(_derived_id(doc.id, h) for (doc, _), h in zip(batch, hashes))
        known: dict[str, tuple[str, bool]] = {
            str(i): (str(h), dup is None)
            for i, h, dup in self._in_chunks(
                "SELECT id, content_hash, duplicate_of FROM documents WHERE id IN ({in_})", sorted(candidates)
            )
        }
        new_docs: list[tuple[Document, str, str | None]] = []
        renamed: list[RenamedDocument] = []
        targets: list[str | None] = []
        for (doc, _), h in zip(batch, hashes):
            doc_id, is_new = self._free_id(doc.id, h, known)
            targets.append(doc_id if doc_id == doc.id else None)
            if not is_new:
                continue
            known[doc_id] = (h, True)  # kept or not: decided below; relations check `linked`
            if doc_id == doc.id:
                new_docs.append((doc, h, None))
            else:
                new_docs.append((dataclasses.replace(doc, id=doc_id), h, doc.id))
                renamed.append(RenamedDocument(doc.id, doc_id, doc.origin))
        links = self._store_new_documents(new_docs, plan.signatures)
        linked = {link.doc_id for link in links}
        kept = {i for i, (_, is_kept) in known.items() if is_kept and i not in linked}
        relations_stored = self._write_relations(plan, targets, kept)
        return BatchResult(
            stored=len(new_docs) - len(links),
            skipped_existing=len(batch) - len(new_docs),
            duplicates_exact=sum(1 for link in links if link.kind == "exact"),
            duplicates_near=sum(1 for link in links if link.kind == "near"),
            relations_stored=relations_stored,
            duplicates=tuple(links),
            renamed=tuple(renamed),
        )

    def _free_id(self, supplied: str, content: str, known: dict[str, tuple[str, bool]]) -> tuple[str, bool]:
        """The id a document with this supplied id and content hash is (or will be) stored under.

        Returns the id and whether the document is new. The supplied id when it is free or
        holds the same text; else the derived ``ID~HASH`` (``ID~HASH~2``, ... in the
        unlikely case that one was supplied for yet another text).
        """
        for n in range(1, 100):
            candidate = supplied if n == 1 else _derived_id(supplied, content, n - 1)
            if candidate not in known:
                row = self._conn.query(
                    "SELECT content_hash, duplicate_of FROM documents WHERE id = ?", (candidate,)
                ) if n > 2 else []
                if not row:
                    return candidate, True
                known[candidate] = (str(row[0][0]), row[0][1] is None)
            if known[candidate][0] == content:
                return candidate, False
        raise StoreError(
            f"id {supplied!r} is used by too many different texts",
            hint="give each document a unique id (e.g. prefix the ids of each file with its name)",
        )

    def _store_new_documents(
        self, new_docs: list[tuple[Document, str, str | None]], signatures: dict[str, tuple[Any, list[int]]]
    ) -> list[DuplicateLink]:
        """Insert documents not stored yet, linking duplicates; return the links made.

        ``new_docs`` holds (document, content hash, supplied id when renamed); signatures
        by content hash were computed before the lock (a missing one is computed here).
        """
        near = self._near
        kept_by_hash = {
            str(h): str(doc_id)
            for h, doc_id in self._in_chunks(
                "SELECT content_hash, id FROM documents "
                "WHERE duplicate_of IS NULL AND content_hash IN ({in_})",
                sorted({h for _, h, _ in new_docs}),
            )
        }
        # MinHash signatures of the documents that may be kept (the index is kept up to
        # date even when detection is off), and the stored candidates they point to.
        doc_sigs: dict[str, Any] = {}
        doc_buckets: dict[str, list[int]] = {}
        if near is not None:
            for doc, h, _ in new_docs:
                if h in kept_by_hash:
                    continue
                if h not in signatures and near.indexable(doc.text):  # not foreseen before the lock
                    sig = near.signature(doc.text)
                    signatures[h] = (sig, near.buckets(sig))
                if h in signatures:
                    doc_sigs[doc.id], doc_buckets[doc.id] = signatures[h]
        stored_buckets, stored_sigs = self._near_candidates(doc_buckets)

        doc_rows, sig_rows, bucket_rows = [], [], []
        links: list[DuplicateLink] = []
        batch_buckets: dict[int, list[str]] = {}
        for doc, h, supplied in new_docs:
            link: DuplicateLink | None = None
            if h in kept_by_hash:
                link = DuplicateLink(doc.id, kept_by_hash[h], "exact", 1.0)
            elif self._detect_near and doc.id in doc_sigs:
                link = self._nearest(
                    doc.id, doc_sigs, doc_buckets[doc.id], stored_buckets, batch_buckets, stored_sigs,
                )
            if link is None:
                kept_by_hash[h] = doc.id
                if doc.id in doc_sigs:
                    sig_rows.append((doc.id, near.to_bytes(doc_sigs[doc.id])))  # type: ignore[union-attr]
                    for bucket in doc_buckets[doc.id]:
                        bucket_rows.append((bucket, doc.id))
                        batch_buckets.setdefault(bucket, []).append(doc.id)
            else:
                links.append(link)
            doc_rows.append(_clean((
                doc.id, h, doc.text, doc.title, doc.date, doc.source, doc.url, doc.origin,
                link.duplicate_of if link else None, link.kind if link else None,
                link.similarity if link else None, supplied,
            )))
        self._conn.insert_rows("documents", _DOCUMENT_INSERT_COLUMNS, doc_rows)
        self._conn.insert_rows("minhash", ("doc_id", "signature"), sig_rows)
        self._conn.insert_rows("lsh_buckets", ("bucket", "doc_id"), bucket_rows)
        return links

    def _near_candidates(
        self, doc_buckets: dict[str, list[int]]
    ) -> tuple[dict[int, list[str]], dict[str, Any]]:
        """Stored documents sharing an LSH bucket with the new ones, and their signatures."""
        stored_buckets: dict[int, list[str]] = {}
        stored_sigs: dict[str, Any] = {}
        if not (self._detect_near and doc_buckets):
            return stored_buckets, stored_sigs
        wanted = sorted({b for bs in doc_buckets.values() for b in bs})
        for bucket, doc_id in self._in_chunks(
            "SELECT bucket, doc_id FROM lsh_buckets WHERE bucket IN ({in_})", wanted
        ):
            stored_buckets.setdefault(int(bucket), []).append(str(doc_id))
        candidates = sorted({d for ds in stored_buckets.values() for d in ds})
        for doc_id, blob in self._in_chunks(
            "SELECT doc_id, signature FROM minhash WHERE doc_id IN ({in_})", candidates
        ):
            stored_sigs[str(doc_id)] = self._near.from_bytes(blob)  # type: ignore[union-attr]
        return stored_buckets, stored_sigs

    def _nearest(
        self,
        doc_id: str,
        signatures: dict[str, Any],
        buckets: list[int],
        stored_buckets: dict[int, list[str]],
        batch_buckets: dict[int, list[str]],
        stored_sigs: dict[str, Any],
    ) -> DuplicateLink | None:
        near = self._near
        assert near is not None
        candidates: set[str] = set()
        for bucket in buckets:
            candidates.update(stored_buckets.get(bucket, ()))
            candidates.update(batch_buckets.get(bucket, ()))
        best: tuple[float, str] | None = None
        for other in sorted(candidates):
            sig = stored_sigs.get(other) if other in stored_sigs else signatures.get(other)
            if sig is None:
                continue
            sim = near.similarity(signatures[doc_id], sig)
            if sim >= near.threshold and (best is None or sim > best[0]):
                best = (sim, other)
        if best is None:
            return None
        return DuplicateLink(doc_id, best[1], "near", round(best[0], 6))

    def _write_relations(self, plan: "_BatchPlan", targets: list[str | None], kept: set[str]) -> int:
        """Store the planned relations of the kept documents and mark them extracted."""
        extracted: list[str] = []
        relation_rows: list[tuple[Any, ...]] = []
        actor_rows: dict[str, tuple[Any, ...]] = {}
        for target, rows, actors in zip(targets, plan.relation_rows, plan.actor_rows):
            if rows is None or target is None or target not in kept:
                continue
            extracted.append(target)
            relation_rows.extend(rows)
            actor_rows.update(actors)
        if not extracted:
            return 0
        self._conn.executemany(_UPSERT_ACTOR, [row for _, row in sorted(actor_rows.items())])
        added = self._conn.insert_rows(
            "relations", _RELATION_COLUMNS, relation_rows, on_conflict=_RELATION_CONFLICT
        )
        self._conn.executemany(
            "UPDATE documents SET extracted = 1, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
            [(d,) for d in sorted(set(extracted))],
        )
        return added

    @staticmethod
    def _validated(
        items: Iterable[tuple[Document, Sequence[Relation] | None]],
    ) -> list[tuple[Document, list[Relation] | None]]:
        batch: list[tuple[Document, list[Relation] | None]] = []
        for position, item in enumerate(items):
            try:
                doc, rels = item
            except (TypeError, ValueError):
                raise StoreError(
                    f"batch item {position} is not a (Document, relations) pair",
                    hint="pass (document, None) to store text only",
                ) from None
            if not isinstance(doc, Document):
                raise StoreError(
                    f"batch item {position} holds a {type(doc).__name__}, not a Document",
                    hint="build documents with allegiance.model.Document",
                )
            if rels is not None:
                rels = list(rels)
                for rel in rels:
                    if not isinstance(rel, Relation):
                        raise StoreError(
                            f"document {doc.id!r} has a {type(rel).__name__} among its relations",
                            hint="give allegiance.model.Relation objects",
                        )
                    if rel.doc_id != doc.id:
                        raise StoreError(
                            f"a relation of document {rel.doc_id!r} was given with document {doc.id!r}",
                            hint="pair each document with its own relations",
                        )
            batch.append((doc, rels))
        return batch

    def record_rejected(self, origin: str, message: str) -> None:
        """Record an input that could not be used (idempotent: one row per origin).

        Examples
        --------
        >>> with open_store(":memory:") as store:
        ...     store.record_rejected("messy/empty.txt", "empty file; give a file with text")
        ...     store.record_rejected("messy/empty.txt", "empty file; give a file with text")
        ...     store.status().rejected
        1
        """
        row = _clean((str(origin), str(message), utc_now()))
        self._in_write_transaction("record a rejected input", lambda: self._conn.execute(
            "INSERT INTO rejected (origin, message, recorded_at) VALUES (?, ?, ?) "
            "ON CONFLICT (origin) DO UPDATE SET message = excluded.message",
            row,
        ))

    # ------------------------------------------------------------------ reading

    def _pages(self, sql: str, params: Sequence[Any], *, page_size: int = _CHUNK) -> Iterator[list[tuple]]:
        """Keyset-paginate ``sql`` (selecting ``seq`` first; holding ``{after}``)."""
        last = -1
        while True:
            with self._guard("read the store"):
                rows = self._conn.query(sql, [*params, last, page_size])
            if not rows:
                return
            last = int(rows[-1][0])
            yield rows
            if len(rows) < page_size:
                return

    def pending_extraction(self, batch_size: int = 64, *, claim: bool = True) -> Iterator[list[Document]]:
        """Kept documents not yet extracted, in storage order, ``batch_size`` at a time.

        Safe to write (``write_batch`` with relations) between batches: that is how a
        resumed or ``--no-extract`` ingest is completed.

        Parameters
        ----------
        batch_size : int
            Documents per batch.
        claim : bool
            Claim each batch for this store before yielding it (default), so concurrent
            extractors split the pending documents instead of each doing all of them.
            ``False`` lists them without claiming.

        Notes
        -----
        A claim is a lease of :attr:`claim_lease` seconds (renewed with each batch this
        store claims) recorded on the documents; storing a document's relations ends it,
        and so does closing the store. Documents claimed by another live store are
        skipped; claims whose lease ran out, or whose owner is gone (a process of this
        machine that no longer runs, a PostgreSQL session that ended), are taken over,
        so a crashed ingest's work is picked up by the next one. On SQLite a claim is
        one short write transaction; on PostgreSQL it is ``SELECT ... FOR UPDATE SKIP
        LOCKED``, so claimers never wait for each other.

        Examples
        --------
        >>> from allegiance.model import Document
        >>> with open_store(":memory:") as store:
        ...     _ = store.write_batch([(Document.from_text(f"text {i}"), None) for i in range(5)])
        ...     [len(b) for b in store.pending_extraction(batch_size=2)]
        [2, 2, 1]
        """
        if int(batch_size) < 1:
            raise ConfigError(f"batch size {batch_size!r} is too small", hint="give 1 or more")
        size = int(batch_size)
        if not claim:
            sql = (
                f"SELECT seq, {_DOC_COLUMNS} FROM documents WHERE duplicate_of IS NULL AND extracted = 0 "
                "AND seq > ? ORDER BY seq LIMIT ?"
            )
            for rows in self._pages(sql, (), page_size=size):
                yield [_document(row[1:]) for row in rows]
            return
        last = -1
        while True:
            after = last
            rows = self._in_write_transaction(
                "claim pending documents", lambda: self._claim_page(after, size), exclusive=False
            )
            if not rows:
                return
            last = int(rows[-1][0])
            yield [_document(row[1:]) for row in rows]
            if len(rows) < size:
                return

    def _claim_page(self, after: int, size: int) -> list[tuple]:
        """Claim (and return) up to ``size`` claimable pending documents after ``after``."""
        db = self._conn
        now = time.time()
        until = now + self.claim_lease
        owners = [self._claim_owner, *self._gone_claim_owners()]
        marks = ", ".join("?" for _ in owners)
        rows = db.query(
            f"SELECT seq, {_DOC_COLUMNS} FROM documents WHERE duplicate_of IS NULL AND extracted = 0 "
            f"AND seq > ? AND (claimed_by IS NULL OR claimed_until < ? OR claimed_by IN ({marks})) "
            f"ORDER BY seq LIMIT ?{db.skip_locked}",
            [after, now, *owners, size],
        )
        if self._claimed:  # renew the lease on what this store still holds
            db.execute("UPDATE documents SET claimed_until = ? WHERE claimed_by = ?",
                       (until, self._claim_owner))
        if rows:
            db.executemany(
                "UPDATE documents SET claimed_by = ?, claimed_until = ? WHERE seq = ?",
                [(self._claim_owner, until, int(row[0])) for row in rows],
            )
            self._claimed = True
        return rows

    def _gone_claim_owners(self) -> list[str]:
        """Owners of claims on pending documents that are known to be gone."""
        owners = [str(o) for (o,) in self._conn.query(
            "SELECT DISTINCT claimed_by FROM documents WHERE claimed_by IS NOT NULL AND extracted = 0"
        )]
        for owner in owners:
            if owner != self._claim_owner and owner not in self._dead_owners \
                    and not self._conn.claim_owner_alive(owner):
                self._dead_owners.add(owner)
        return sorted(self._dead_owners.intersection(owners))

    def _release_claims(self) -> None:
        """Give back this store's claims (best effort: otherwise they end with their lease)."""
        if not self._claimed or self._db is None:
            return
        self._claimed = False
        try:
            with self._db.transaction(exclusive=False):
                self._db.execute(
                    "UPDATE documents SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?",
                    (self._claim_owner,),
                )
        except DRIVER_ERRORS:
            pass  # busy or disconnected: the claims end when the lease does or this process is gone

    def iter_documents(self, *, include_duplicates: bool = True) -> Iterator[Document]:
        """Every stored document in storage order (duplicates too, unless excluded).

        Examples
        --------
        >>> from allegiance.model import Document
        >>> with open_store(":memory:") as store:
        ...     _ = store.write_batch([(Document.from_text("a", id="1"), None),
        ...                            (Document.from_text("A", id="2"), None)])
        ...     [d.id for d in store.iter_documents()], [d.id for d in store.iter_documents(include_duplicates=False)]
        (['1', '2'], ['1'])
        """
        where = "" if include_duplicates else "duplicate_of IS NULL AND "
        sql = f"SELECT seq, {_DOC_COLUMNS} FROM documents WHERE {where}seq > ? ORDER BY seq LIMIT ?"
        for rows in self._pages(sql, ()):
            for row in rows:
                yield _document(row[1:])

    def get_document(self, doc_id: str) -> Document | None:
        """The stored document with this id, or None.

        Examples
        --------
        >>> with open_store(":memory:") as store:
        ...     store.get_document("nope") is None
        True
        """
        with self._guard("read a document"):
            rows = self._conn.query(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (str(doc_id),))
        return _document(rows[0]) if rows else None

    def iter_duplicates(self) -> Iterator[DuplicateLink]:
        """Every stored duplicate with the kept document it is linked to.

        Examples
        --------
        >>> from allegiance.model import Document
        >>> with open_store(":memory:") as store:
        ...     _ = store.write_batch([(Document.from_text("x", id="1"), None),
        ...                            (Document.from_text("x", id="2"), None)])
        ...     [d.kind for d in store.iter_duplicates()]
        ['exact']
        """
        sql = (
            "SELECT seq, id, duplicate_of, duplicate_kind, similarity FROM documents "
            "WHERE duplicate_of IS NOT NULL AND seq > ? ORDER BY seq LIMIT ?"
        )
        for rows in self._pages(sql, ()):
            for _, doc_id, dup, kind, sim in rows:
                yield DuplicateLink(str(doc_id), str(dup), str(kind), float(sim))

    def iter_renamed(self) -> Iterator[RenamedDocument]:
        """Every document stored under a derived id because its supplied id held another text.

        Examples
        --------
        >>> from allegiance.model import Document
        >>> with open_store(":memory:") as store:
        ...     _ = store.write_batch([(Document.from_text("Labour split.", id="1"), None),
        ...                            (Document.from_text("Unite backed Corbyn.", id="1"), None)])
        ...     [(r.supplied_id, r.doc_id) for r in store.iter_renamed()]
        [('1', '1~818cda906bf4791d')]
        """
        sql = (
            "SELECT seq, supplied_id, id, origin FROM documents "
            "WHERE supplied_id IS NOT NULL AND seq > ? ORDER BY seq LIMIT ?"
        )
        for rows in self._pages(sql, ()):
            for _, supplied, doc_id, origin in rows:
                yield RenamedDocument(str(supplied), str(doc_id), origin)

    def iter_rejected(self) -> Iterator[RejectedInput]:
        """The rejected inputs recorded, by origin.

        Examples
        --------
        >>> with open_store(":memory:") as store:
        ...     store.record_rejected("b.bin", "binary file")
        ...     [r.origin for r in store.iter_rejected()]
        ['b.bin']
        """
        with self._guard("read rejected inputs"):
            rows = self._conn.query("SELECT origin, message, recorded_at FROM rejected ORDER BY origin")
        for origin, message, at in rows:
            yield RejectedInput(str(origin), str(message), str(at))

    def iter_actors(self) -> Iterator[Actor]:
        """Every actor referenced by a stored relation, by id.

        Examples
        --------
        >>> with open_store(":memory:") as store:
        ...     list(store.iter_actors())
        []
        """
        with self._guard("read actors"):
            rows = self._conn.query(f"SELECT {_ACTOR_SELECT.format(a='a')} FROM actors a ORDER BY a.id")
        for row in rows:
            actor = _actor(row)
            if actor is not None:
                yield actor

    def iter_relations(
        self,
        *,
        since: str | _date | None = None,
        until: str | _date | None = None,
        actor: str | Actor | None = None,
        sign: Sign | int | None = None,
        doc_id: str | None = None,
    ) -> Iterator[Relation]:
        """Stored relations in storage order, rebuilt as model objects with their actors.

        Parameters
        ----------
        since, until : str or datetime.date, optional
            ISO dates, inclusive, compared with the relation's date (or, without one, its
            document's date); relations with no date are left out when either is given.
        actor : str or Actor, optional
            Only relations with this actor (by id) as source or target.
        sign : Sign or int, optional
            Only positive (+1) or negative (-1) relations.
        doc_id : str, optional
            Only the relations of this document.

        Examples
        --------
        >>> from allegiance.model import Document
        >>> with open_store(":memory:") as store:
        ...     list(store.iter_relations(sign=-1))
        []
        """
        selected = RelationFilter(since=since, until=until, actor=actor, sign=sign, doc_id=doc_id)
        where, params = list(selected.clauses), list(selected.params)
        where.append("r.seq > ?")  # last: _pages appends the keyset parameters at the end
        columns = ", ".join(f"r.{c}" for c in _RELATION_COLUMNS)
        sql = (
            f"SELECT r.seq, {columns}, {_ACTOR_SELECT.format(a='sa')}, {_ACTOR_SELECT.format(a='ta')} "
            "FROM relations r JOIN documents d ON d.id = r.doc_id "
            "LEFT JOIN actors sa ON sa.id = r.source_actor "
            "LEFT JOIN actors ta ON ta.id = r.target_actor "
            f"WHERE {' AND '.join(where)} ORDER BY r.seq LIMIT ?"
        )
        for rows in self._pages(sql, params):
            for row in rows:
                yield _relation(row[1:])

    def status(self) -> StoreStatus:
        """Counts of kept documents, duplicates, rejected inputs, actors and relations.

        Examples
        --------
        >>> with open_store(":memory:") as store:
        ...     store.status().to_dict()
        {'documents': 0, 'duplicates': 0, 'rejected': 0, 'actors': 0, 'relations': 0, 'schema_version': 4}
        """
        with self._guard("read the store's status"):
            db = self._conn
            return StoreStatus(
                documents=int(db.scalar("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NULL")),
                duplicates=int(db.scalar("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL")),
                rejected=int(db.scalar("SELECT COUNT(*) FROM rejected")),
                actors=int(db.scalar("SELECT COUNT(*) FROM actors")),
                relations=int(db.scalar("SELECT COUNT(*) FROM relations")),
                schema_version=schema_version(db),
            )

    def integrity_problems(self) -> list[str]:
        """What is wrong with the store, one line each; empty when all is well.

        Checks the database file (SQLite ``PRAGMA integrity_check`` and foreign keys)
        and the store's own rules: duplicates link to kept documents, at most one kept
        document per content hash, no relations on duplicates, the schema is current.

        Examples
        --------
        >>> with open_store(":memory:") as store:
        ...     store.integrity_problems()
        []
        """
        problems: list[str] = []
        db = self._conn
        with self._guard("check the store"):
            if db.dialect == "sqlite":
                result = [str(r[0]) for r in db.query("PRAGMA integrity_check")]
                if result != ["ok"]:
                    problems.extend(f"sqlite: {line}" for line in result)
                for table, rowid, parent, _ in db.query("PRAGMA foreign_key_check"):
                    problems.append(f"{table} row {rowid} refers to a missing {parent} row")
            checks = {
                "duplicates linked to a document that is itself a duplicate":
                    "SELECT COUNT(*) FROM documents d JOIN documents k ON k.id = d.duplicate_of "
                    "WHERE k.duplicate_of IS NOT NULL",
                "content hashes with more than one kept document":
                    "SELECT COUNT(*) FROM (SELECT content_hash FROM documents WHERE duplicate_of IS NULL "
                    "GROUP BY content_hash HAVING COUNT(*) > 1) AS many",
                "relations stored for duplicate documents":
                    "SELECT COUNT(*) FROM relations r JOIN documents d ON d.id = r.doc_id "
                    "WHERE d.duplicate_of IS NOT NULL",
                "near-duplicate signatures stored for duplicate documents":
                    "SELECT COUNT(*) FROM minhash m JOIN documents d ON d.id = m.doc_id "
                    "WHERE d.duplicate_of IS NOT NULL",
            }
            for label, sql in checks.items():
                count = int(db.scalar(sql))
                if count:
                    problems.append(f"{count} {label}")
            version = schema_version(db)
            if version != LATEST_VERSION:
                problems.append(f"schema version {version}, expected {LATEST_VERSION}")
        return problems

    def check(self, *, full: bool = False) -> list[str]:
        """Problems with the database file, one line each; empty when none are found.

        The quick check is SQLite's ``PRAGMA quick_check`` (every page readable and well
        formed; takes a read of the whole file); ``full=True`` runs
        :meth:`integrity_problems` instead (``PRAGMA integrity_check``, which also
        checks indexes against tables, plus foreign keys and the store's own rules). On
        PostgreSQL, where the server guards its files, the quick check only reads the
        store's counts and the full one checks the store's rules.

        Examples
        --------
        >>> with open_store(":memory:") as store:
        ...     store.check(), store.check(full=True)
        ([], [])
        """
        if full:
            try:
                return self.integrity_problems()
            except StoreError as exc:
                return [exc.message]
        db = self._conn
        try:
            if db.dialect != "sqlite":
                self.status()
                return []
            result = [str(row[0]) for row in db.query("PRAGMA quick_check")]
        except DRIVER_ERRORS as exc:
            return [f"sqlite: {str(exc).strip() or type(exc).__name__}"]
        except StoreError as exc:
            return [exc.message]
        return [] if result == ["ok"] else [f"sqlite: {line}" for line in result]

    def verify(self, *, full: bool = False) -> None:
        """Raise :class:`~allegiance.errors.StoreError` when :meth:`check` finds a problem.

        The message is one line: the first problem and how many more there are.

        Examples
        --------
        >>> with open_store(":memory:") as store:
        ...     store.verify()
        """
        problems = self.check(full=full)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise StoreError(
                f"the store is corrupted: {problems[0]}{more}", path=self.location,
                hint="restore it from a backup, or ingest the inputs again into a new --db",
            )

    def integrity_check(self) -> bool:
        """True when :meth:`integrity_problems` finds nothing.

        Examples
        --------
        >>> with open_store(":memory:") as store:
        ...     store.integrity_check()
        True
        """
        return not self.integrity_problems()


def open_store(
    url: str | os.PathLike[str] | StoreURL | None = None,
    *,
    near_threshold: float | None = 0.8,
    near_min_words: int = 50,
    shingle_size: int = 3,
    num_perm: int = 128,
    busy_timeout: float = 30.0,
    create: bool = True,
    write_attempts: int = 3,
    claim_lease: float = 900.0,
) -> Store:
    """Open (creating or migrating as needed) the store a path or URL names.

    Parameters
    ----------
    url : str, path-like or StoreURL, optional
        ``None`` for ``./allegiance.db``; a path or ``sqlite:///PATH`` for SQLite (WAL
        mode; ``:memory:`` for a throwaway store); ``postgresql://USER@HOST:PORT/DB`` for
        PostgreSQL (read by :meth:`~allegiance.store.url.StoreURL.parse`).
    near_threshold : float or None
        Estimated Jaccard similarity (word shingles) from which a new document is linked
        as a near duplicate; ``None`` turns near-duplicate detection off (exact
        duplicates are still linked, and the index is still kept up to date).
    near_min_words : int
        Shorter texts are de-duplicated exactly only.
    shingle_size, num_perm : int
        Words per shingle and MinHash permutations.
    busy_timeout : float
        Seconds a SQLite writer waits for another one before an attempt fails.
    write_attempts : int
        Attempts at a write transaction before it fails with
        :class:`~allegiance.errors.StoreBusyError` (write transactions are short, so
        another writer rarely holds the lock for long).
    claim_lease : float
        Seconds a claim on pending documents lasts (see :meth:`Store.pending_extraction`).
    create : bool
        ``True`` (default) creates a missing store, as ingesting does. ``False`` is for
        everything that only reads (``status``, ``balance --db``, ``report``, ``export``,
        ``serve``, ``actors --db``): a missing store (no SQLite file, an empty file or an
        empty PostgreSQL schema) is then a :class:`~allegiance.errors.StoreError` saying
        "no store at LOCATION; run `allegiance ingest PATH --db DB` first", and nothing
        is created or changed. This is the one check for "does the store exist".

    Returns
    -------
    Store
        Open and at the latest schema version; use it as a context manager.

    Raises
    ------
    StoreError
        The location cannot be opened or is not an allegiance store.
    SchemaError
        The store is newer than this code, or a migration failed.

    Examples
    --------
    >>> with open_store("sqlite:///:memory:", near_threshold=0.9) as store:
    ...     store.dialect, store.near_duplicates.threshold
    ('sqlite', 0.9)
    >>> open_store("/no/such/store.db", create=False)
    Traceback (most recent call last):
    ...
    allegiance.errors.StoreError: no store at /no/such/store.db; run `allegiance ingest PATH --db DB` first, or check the --db path
    """
    detect = near_threshold is not None
    wanted = NearDuplicateConfig(
        threshold=float(near_threshold) if detect else 0.8,
        num_perm=num_perm, shingle_size=shingle_size, min_words=near_min_words,
    )
    location = StoreURL.parse(url)
    db = connect(location, busy_timeout=busy_timeout, create=create)
    store = Store(db, near=wanted, detect_near=detect, write_attempts=write_attempts,
                  claim_lease=claim_lease)
    try:
        try:
            if not create and schema_version(db) == 0:
                raise missing_store_error(location, empty=True)
            migrate(db)
        except DRIVER_ERRORS as exc:
            raise StoreError(
                f"cannot prepare the store ({exc})", path=db.location,
                hint="check the path and its permissions",
            ) from exc
        if detect:
            store._sync_near_index(wanted)
        else:
            stored = NearDuplicateConfig.from_meta(store._meta())
            if stored is None:
                store._sync_near_index(wanted)
            else:
                store._near = stored
    except BaseException:
        store.close()
        raise
    return store


# ---------------------------------------------------------------------- rows


def _clean(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """NUL characters cannot be stored in PostgreSQL text; U+FFFD keeps lengths and offsets."""
    return tuple(
        v.replace("\x00", "\ufffd") if isinstance(v, str) and "\x00" in v else v for v in row
    )


@dataclass(slots=True)
class _BatchPlan:
    """What :meth:`Store.write_batch` computes before taking the writer lock.

    Lists run parallel to ``batch``; ``signatures`` maps a content hash to its MinHash
    signature and LSH buckets.
    """

    batch: list[tuple[Document, list[Relation] | None]]
    hashes: list[str]
    relation_rows: list[list[tuple[Any, ...]] | None]
    actor_rows: list[dict[str, tuple[Any, ...]]]
    signatures: dict[str, tuple[Any, list[int]]] = field(default_factory=dict)


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
