"""The plumbing every part of a :class:`~allegiance.store.Store` shares.

One connection (:class:`~allegiance.store.backend.Database`), the near-duplicate
settings, turning driver errors into :class:`~allegiance.errors.StoreError`, write
transactions tried again while the store is busy, ``IN (...)`` queries in chunks,
keyset pages and the ``meta`` table. The writer, reader, claims and checks build on it.

Examples
--------
>>> from allegiance.store import open_store
>>> with open_store(":memory:") as store:
...     store.dialect, repr(store)
('sqlite', 'Store(sqlite: :memory:)')
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Self, Sequence

from allegiance.errors import ConfigError, StoreBusyError, StoreError
from allegiance.store.backend import DRIVER_ERRORS, Database
from allegiance.store.dedupe import NearDuplicateConfig

__all__ = ["StoreBase"]

_CHUNK = 500  # parameters per IN (...) list and rows per page
_RETRY_PAUSE = 0.2  # seconds before a busy write is tried again (times the attempt number)


class StoreBase:
    """A store's connection and its shared plumbing; see :class:`~allegiance.store.Store`."""

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

    def __enter__(self) -> Self:
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
        >>> from allegiance.store import open_store
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
