"""Claims on documents pending extraction, so concurrent extractors split the work.

Examples
--------
>>> from allegiance.model import Document
>>> from allegiance.store import open_store
>>> with open_store(":memory:") as store:
...     _ = store.write_batch([(Document.from_text("text"), None)])
...     [len(b) for b in store.pending_extraction()]
[1]
"""

from __future__ import annotations

import time
from typing import Iterator

from allegiance.errors import ConfigError
from allegiance.model import Document
from allegiance.store.base import StoreBase
from allegiance.store.rows import _DOC_COLUMNS, _document

__all__ = ["ExtractionClaims"]


class ExtractionClaims(StoreBase):
    """Pending documents, claimed batch by batch under a lease."""

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
        >>> from allegiance.store import open_store
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
