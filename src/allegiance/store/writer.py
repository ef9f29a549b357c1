"""Writing to the store: batches of documents and relations, de-duplication, rejected inputs.

:meth:`BatchWriter.write_batch` computes hashes, MinHash signatures and rows before it
takes the writer lock, then decides ids, links exact and near duplicates and inserts in
one short transaction. The near-duplicate index is rebuilt here when its settings change.

Examples
--------
>>> from allegiance.model import Document
>>> from allegiance.store import open_store
>>> with open_store(":memory:") as store:
...     store.write_batch([(Document.from_text("Unite and the GMB work together."), None)]).stored
1
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from allegiance.errors import StoreError
from allegiance.model import Document, Relation
from allegiance.store.backend import utc_now
from allegiance.store.base import _CHUNK, StoreBase
from allegiance.store.dedupe import NearDuplicateConfig
from allegiance.store.records import BatchResult, DuplicateLink, RenamedDocument
from allegiance.store.rows import _RELATION_COLUMNS, _actor_row, _clean, _derived_id, _relation_row

__all__ = ["BatchWriter"]

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


class BatchWriter(StoreBase):
    """Writes batches and rejected inputs; keeps the near-duplicate index in step."""

    # ---------------------------------------------------------- near-dup index

    def _use_near_index(self, wanted: NearDuplicateConfig, *, detect: bool) -> None:
        """With detection on, make the stored index match ``wanted``; off, keep the stored settings."""
        stored = None if detect else NearDuplicateConfig.from_meta(self._meta())
        if stored is None:
            self._sync_near_index(wanted)
        else:
            self._near = stored

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
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
