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

import os

from allegiance.errors import StoreError
from allegiance.store.backend import DRIVER_ERRORS, Database, connect, migrate, schema_version
from allegiance.store.checks import IntegrityChecks
from allegiance.store.claims import ExtractionClaims
from allegiance.store.dedupe import NearDuplicateConfig
from allegiance.store.records import BatchResult, DuplicateLink, RejectedInput, RenamedDocument, StoreStatus
from allegiance.store.url import StoreURL, missing_store_error
from allegiance.store.writer import BatchWriter

__all__ = [
    "BatchResult",
    "DuplicateLink",
    "RejectedInput",
    "RenamedDocument",
    "Store",
    "StoreStatus",
    "open_store",
]


class Store(BatchWriter, ExtractionClaims, IntegrityChecks):
    """A database of documents and relations; open one with :func:`open_store`.

    A store is a context manager and is not shared between threads; each process
    opens its own. Writers are serialised (SQLite ``BEGIN IMMEDIATE`` with a busy
    timeout; a PostgreSQL advisory lock), so concurrent writers stay consistent.

    Notes
    -----
    The methods live by what they do: writing in :class:`~allegiance.store.writer.BatchWriter`,
    claims on pending documents in :class:`~allegiance.store.claims.ExtractionClaims`,
    listings and counts in :class:`~allegiance.store.reader.StoreReader`, checks in
    :class:`~allegiance.store.checks.IntegrityChecks`, the shared connection in
    :class:`~allegiance.store.base.StoreBase`.

    Examples
    --------
    >>> from allegiance.model import Document
    >>> store = open_store(":memory:")
    >>> _ = store.write_batch([(Document.from_text("Moscow and Washington agree.", id="a1"), None)])
    >>> store.get_document("a1").text
    'Moscow and Washington agree.'
    >>> store.close()
    """


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
        Attempts at a (short) write transaction before it fails with
        :class:`~allegiance.errors.StoreBusyError`.
    claim_lease : float
        Seconds a claim on pending documents lasts (see :meth:`Store.pending_extraction`).
    create : bool
        ``True`` creates a missing store (as ingesting does). ``False``, for everything that
        only reads: a missing store (no SQLite file, an empty file or PostgreSQL schema)
        is a :class:`~allegiance.errors.StoreError` "no store at LOCATION; run `allegiance
        ingest ...` first" and nothing is created: the one "does the store exist" check.

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
        _migrate_or_refuse(db, location, create=create)
        store._use_near_index(wanted, detect=detect)
    except BaseException:
        store.close()
        raise
    return store


def _migrate_or_refuse(db: Database, location: StoreURL, *, create: bool) -> None:
    """Bring the schema up to date; with ``create=False`` refuse a store that holds nothing yet."""
    try:
        if not create and schema_version(db) == 0:
            raise missing_store_error(location, empty=True)
        migrate(db)
    except DRIVER_ERRORS as exc:
        raise StoreError(
            f"cannot prepare the store ({exc})", path=db.location,
            hint="check the path and its permissions",
        ) from exc
