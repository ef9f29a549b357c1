"""Database connections behind the store: SQLite (default) and PostgreSQL (psycopg 3).

:class:`Database` hides the few differences the store cares about (parameter style,
how a write transaction takes its lock, how tables are listed) so the store speaks one
SQL. :func:`connect` turns a store URL into a :class:`Database`; :func:`migrate` brings
its schema up to a version.

Examples
--------
>>> from allegiance.store.backend import connect, migrate, schema_version
>>> db = connect(":memory:")
>>> migrate(db)
4
>>> schema_version(db)
4
>>> db.close()
"""

from __future__ import annotations

import os
import socket
import sqlite3
import uuid
from abc import ABC, abstractmethod
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import psycopg

from allegiance.errors import SchemaError, StoreError
from allegiance.store.schema import LATEST_VERSION, MIGRATIONS, statements
from allegiance.store.url import StoreURL, missing_store_error

__all__ = [
    "Database",
    "SQLiteDatabase",
    "PostgresDatabase",
    "connect",
    "migrate",
    "schema_version",
    "utc_now",
    "DRIVER_ERRORS",
]

#: The exceptions the database drivers raise; the store turns them into StoreError.
DRIVER_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, psycopg.Error)

_WRITE_LOCK_KEY = 0x616C6C65  # "alle": PostgreSQL advisory lock that serialises writers


def utc_now() -> str:
    """The current UTC time as an ISO 8601 string (seconds).

    Examples
    --------
    >>> utc_now().endswith("+00:00")
    True
    """
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Database(ABC):
    """A connection with the store's small SQL vocabulary; see the two subclasses.

    SQL is written with ``?`` placeholders; a dialect that needs another style rewrites it.
    """

    dialect: str = ""
    location: str = ""

    def _sql(self, sql: str) -> str:
        return sql

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement and return the cursor."""

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for many parameter rows (bulk write)."""

    @abstractmethod
    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
        on_conflict: str = "",
    ) -> int:
        """Bulk-insert ``rows`` into ``table`` and return how many rows were added.

        ``on_conflict`` is an ``ON CONFLICT (...) DO NOTHING`` clause (or empty). SQLite
        uses ``executemany``; PostgreSQL uses ``COPY`` (through a temporary table when
        conflicts must be skipped).
        """

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return all its rows."""
        return [tuple(row) for row in self.execute(sql, params).fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run a query and return the first column of its first row (or None)."""
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @abstractmethod
    def transaction(self, *, exclusive: bool = True) -> Any:
        """A context manager: a write transaction, committed on success and rolled back on
        error. ``exclusive`` (default) holds the store's writer lock; ``False`` relies on
        row locks where the database has them (PostgreSQL; SQLite always locks)."""

    #: Appended to a ``SELECT`` that claims rows, so concurrent claimers skip each other's.
    skip_locked: str = ""

    def new_claim_owner(self) -> str:
        """A name for this connection's claims: ``host:pid:token``."""
        return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"

    def claim_owner_alive(self, owner: str) -> bool:
        """False when the owner of a claim is known to be gone (so its claims are free).

        An owner on this host whose process no longer exists is gone; an owner elsewhere
        is taken to be alive until its lease ends.
        """
        host, _, rest = owner.partition(":")
        pid = rest.partition(":")[0]
        if host != socket.gethostname() or not pid.isdigit():
            return True
        return _process_exists(int(pid))

    @staticmethod
    def is_busy(exc: BaseException) -> bool:
        """True when ``exc`` says another writer held the lock past the busy timeout."""
        text = str(exc).lower()
        return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)

    @abstractmethod
    def table_names(self) -> set[str]:
        """The names of the tables in the store's schema."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection (idempotent)."""


class SQLiteDatabase(Database):
    """SQLite in WAL mode with a busy timeout and foreign keys on.

    Write transactions start with ``BEGIN IMMEDIATE`` so concurrent writers queue on
    the busy timeout instead of failing half-way.

    Examples
    --------
    >>> db = SQLiteDatabase(":memory:")
    >>> db.scalar("SELECT 1 + 1")
    2
    >>> db.close()
    """

    dialect = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout: float = 30.0,
                 create: bool = True):
        self.location = str(path)
        memory = self.location == ":memory:"
        if not memory:
            target = Path(path)
            if not create and not target.exists():
                raise missing_store_error(StoreURL("sqlite", path=self.location))
            if target.is_dir():
                raise StoreError(
                    "is a directory, not a store file", path=self.location,
                    hint="give a file path for --db, e.g. allegiance.db",
                )
            if not target.parent.exists():
                raise StoreError(
                    f"the directory {str(target.parent)!r} does not exist", path=self.location,
                    hint="create it first or choose another --db path",
                )
        try:
            self._conn = sqlite3.connect(
                self.location, timeout=float(busy_timeout), isolation_level=None,
                check_same_thread=True,
            )
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the store ({exc})", path=self.location,
                hint="check the path and its permissions",
            ) from None
        try:
            if not create:  # before WAL mode is set: a file that holds no store is left as it was
                self._refuse_unless_a_store()
            mode = self._conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            self._conn.execute(f"PRAGMA busy_timeout={int(float(busy_timeout) * 1000)}")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(
                f"not a usable SQLite store ({exc})", path=self.location,
                hint="choose another --db path; this file is not an allegiance store",
            ) from None
        if not memory and str(mode).lower() != "wal":
            self._conn.close()
            raise StoreError(
                f"cannot switch the store to WAL mode (got {mode!r})", path=self.location,
                hint="put the store on a local file system",
            )

    def _refuse_unless_a_store(self) -> None:
        """Close and raise StoreError unless the file holds an allegiance store."""
        try:
            version = schema_version(self)
        except StoreError:
            self._conn.close()
            raise
        if version == 0:
            self._conn.close()
            raise missing_store_error(StoreURL("sqlite", path=self.location), empty=True)

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying :class:`sqlite3.Connection`."""
        return self._conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
        on_conflict: str = "",
    ) -> int:
        if not rows:
            return 0
        before = self._conn.total_changes
        marks = ", ".join("?" for _ in columns)
        self._conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) {on_conflict}", rows
        )
        return self._conn.total_changes - before

    @contextmanager
    def transaction(self, *, exclusive: bool = True) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")

    def table_names(self) -> set[str]:
        rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(name) for (name,) in rows if not str(name).startswith("sqlite_")}

    def close(self) -> None:
        self._conn.close()


class PostgresDatabase(Database):
    """PostgreSQL through psycopg 3; writers are serialised by an advisory lock.

    Parameters
    ----------
    url : str
        A libpq connection URL, ``postgresql://user@host:port/dbname``.
    connect_timeout : float
        Seconds to wait for the server.
    """

    dialect = "postgresql"

    def __init__(self, url: str, *, connect_timeout: float = 10.0):
        self.location = StoreURL.parse(url).display  # refuses a malformed URL
        try:
            self._conn = psycopg.connect(
                url, autocommit=True, connect_timeout=max(1, int(connect_timeout))
            )
        except psycopg.Error as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(
                f"cannot connect to PostgreSQL at {self.location} ({first_line})",
                hint="check that the server runs and the URL, user and database are right",
            ) from None

    def _sql(self, sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with self._conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
        on_conflict: str = "",
    ) -> int:
        if not rows:
            return 0
        names = ", ".join(columns)
        if not on_conflict:
            with self._conn.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        staging = f"pg_temp.staging_{table}"
        self._conn.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS staging_{table} ON COMMIT DELETE ROWS AS "
            f"SELECT 0::bigint AS ordinal, {names} FROM {table} WITH NO DATA"
        )
        with self._conn.cursor() as cur:
            with cur.copy(f"COPY {staging} (ordinal, {names}) FROM STDIN") as copy:
                for ordinal, row in enumerate(rows):
                    copy.write_row((ordinal, *row))
            cur.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} ORDER BY ordinal "
                f"{on_conflict}"
            )
            added = cur.rowcount
            cur.execute(f"DELETE FROM {staging}")
        return int(added)

    skip_locked = " FOR UPDATE SKIP LOCKED"

    @contextmanager
    def transaction(self, *, exclusive: bool = True) -> Iterator[None]:
        with self._conn.transaction():
            if exclusive:
                self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK_KEY,))
            yield

    def new_claim_owner(self) -> str:
        """``pg:BACKEND_PID:token``: the server knows whether that backend still runs."""
        return f"pg:{self._conn.info.backend_pid}:{uuid.uuid4().hex[:12]}"

    def claim_owner_alive(self, owner: str) -> bool:
        kind, _, rest = owner.partition(":")
        pid = rest.partition(":")[0]
        if kind != "pg" or not pid.isdigit():
            return True
        return bool(self.scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?", (int(pid),)))

    def table_names(self) -> set[str]:
        rows = self.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {str(name) for (name,) in rows}

    def close(self) -> None:
        self._conn.close()


def _process_exists(pid: int) -> bool:
    """True when a process with this id runs on this machine (signal 0 probes without sending)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    except OSError:  # cannot tell on this platform: keep the claim until its lease ends
        return True
    return True


def connect(
    url: str | os.PathLike[str] | StoreURL | None = None, *, busy_timeout: float = 30.0, create: bool = True
) -> Database:
    """Open the database a store URL names (without touching its schema).

    ``None`` is ``./allegiance.db``; a path or ``sqlite:///PATH`` is SQLite
    (``sqlite:////abs/path`` for an absolute path, ``:memory:`` for a throwaway store);
    ``postgresql://...`` (or ``postgres://``) is PostgreSQL. With ``create=False`` a
    missing SQLite file is a :class:`~allegiance.errors.StoreError` instead of a new store.

    Examples
    --------
    >>> connect("sqlite:///:memory:").dialect
    'sqlite'
    >>> connect("mysql://host/db")
    Traceback (most recent call last):
    ...
    allegiance.errors.StoreError: unsupported store URL 'mysql://host/db'; use a file path, sqlite:///PATH or postgresql://USER@HOST:PORT/DBNAME
    """
    target = StoreURL.parse(url)
    if target.kind == "postgresql":
        return PostgresDatabase(str(target.dsn))
    return SQLiteDatabase(str(target.path), busy_timeout=busy_timeout, create=create)


def schema_version(db: Database) -> int:
    """The schema version of a store: 0 when empty; StoreError when it is not a store.

    Examples
    --------
    >>> db = connect(":memory:")
    >>> schema_version(db)
    0
    """
    tables = db.table_names()
    if "schema_version" not in tables:
        if tables:
            raise StoreError(
                "holds tables but is not an allegiance store", path=db.location,
                hint="choose another --db path (a new file is created for you)",
            )
        return 0
    return int(db.scalar("SELECT MAX(version) FROM schema_version") or 0)


def migrate(db: Database, *, target: int | None = None) -> int:
    """Apply the missing migrations up to ``target`` (default: latest) in one transaction.

    Returns the schema version afterwards. A store newer than this code raises
    :class:`~allegiance.errors.SchemaError` and is left untouched.

    Examples
    --------
    >>> db = connect(":memory:")
    >>> migrate(db, target=1), migrate(db)
    (1, 4)
    """
    goal = LATEST_VERSION if target is None else int(target)
    if not 0 <= goal <= LATEST_VERSION:
        raise SchemaError(f"no schema version {goal}", hint=f"use 1..{LATEST_VERSION}")
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise _too_new(db, current)
    if current >= goal:
        return current
    with db.transaction():
        current = schema_version(db)  # again, under the writer lock
        if current > LATEST_VERSION:
            raise _too_new(db, current)
        for migration in MIGRATIONS[current:goal]:
            try:
                for statement in statements(migration.sql, db.dialect):
                    db.execute(statement)
            except DRIVER_ERRORS as exc:
                raise SchemaError(
                    f"migration {migration.version} ({migration.description}) failed: {exc}",
                    path=db.location,
                    hint="the store was left unchanged; report this with the store's schema_version",
                ) from exc
            db.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.description, utc_now()),
            )
    return goal


def _too_new(db: Database, version: int) -> SchemaError:
    return SchemaError(
        f"the store has schema version {version}, newer than this allegiance understands "
        f"(up to {LATEST_VERSION})",
        path=db.location,
        hint="upgrade allegiance (pip install -U allegiance) or use another --db",
    )
