"""Store URLs: the one place that reads where a store lives.

A store is a SQLite file (a path, ``sqlite:///PATH``, ``sqlite:////ABS/PATH`` or
``:memory:``) or a PostgreSQL database (``postgresql://USER@HOST:PORT/DBNAME``, also
``postgres://``). :meth:`StoreURL.parse` turns any of these (or ``None``, the default
``./allegiance.db``) into a :class:`StoreURL`; :attr:`StoreURL.display` names it in
messages without the password. :func:`missing_store_error` is the one message for
"there is no store here", used wherever a command reads a store that must exist.

Examples
--------
>>> StoreURL.parse("sqlite:///news.db")
StoreURL('news.db')
>>> url = StoreURL.parse("postgresql://me:secret@db:5433/news")
>>> url.kind, url.display
('postgresql', 'postgresql://db:5433/news')
>>> StoreURL.parse(None).path, StoreURL.parse(":memory:").is_memory
('allegiance.db', True)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from allegiance.errors import StoreError

__all__ = ["DEFAULT_STORE", "MEMORY", "StoreURL", "missing_store_error"]

#: Where a store lives when no location is given.
DEFAULT_STORE = "allegiance.db"
#: The SQLite location of a throwaway store that lives in memory.
MEMORY = ":memory:"

_HINT_URL = "use a file path, sqlite:///PATH or postgresql://USER@HOST:PORT/DBNAME"


@dataclass(frozen=True, slots=True, repr=False)
class StoreURL:
    """Where a store lives: a SQLite file (``path``) or a PostgreSQL database (``dsn``).

    Build one with :meth:`parse`; compare, hash and pickle it like any value. Its
    ``repr`` and :attr:`display` never show a password.

    Attributes
    ----------
    kind : {"sqlite", "postgresql"}
        The database behind the store.
    path : str or None
        The SQLite file (``":memory:"`` for a throwaway store); None for PostgreSQL.
    dsn : str or None
        The libpq connection URL as given (password included); None for SQLite.

    Examples
    --------
    >>> StoreURL.parse("postgres://u:pw@h/d")
    StoreURL('postgresql://h:5432/d')
    >>> StoreURL.parse(StoreURL.parse("a.db")) == StoreURL.parse("sqlite:///a.db")
    True
    """

    kind: str
    path: str | None = None
    dsn: str | None = None

    @classmethod
    def parse(cls, url: "str | os.PathLike[str] | StoreURL | None") -> "StoreURL":
        """Read a store location: ``None``, a path, ``sqlite://...``, ``:memory:`` or ``postgresql://...``.

        ``sqlite:///PATH`` is relative to the working directory, ``sqlite:////PATH``
        absolute. Raises :class:`~allegiance.errors.StoreError` for a URL no store can
        have (another scheme, ``sqlite://`` without a file, a malformed PostgreSQL URL).

        Examples
        --------
        >>> StoreURL.parse("sqlite:////srv/news.db").path
        '/srv/news.db'
        >>> StoreURL.parse("mysql://host/db")
        Traceback (most recent call last):
        ...
        allegiance.errors.StoreError: unsupported store URL 'mysql://host/db'; use a file path, sqlite:///PATH or postgresql://USER@HOST:PORT/DBNAME
        """
        if isinstance(url, StoreURL):
            return url
        if url is None:
            return cls("sqlite", path=DEFAULT_STORE)
        if isinstance(url, os.PathLike):
            return cls("sqlite", path=os.fspath(url))
        text = str(url).strip()
        lowered = text.lower()
        if lowered.startswith(("postgresql://", "postgres://")):
            _postgres_parts(text)  # a malformed URL is refused here, before any connection
            return cls("postgresql", dsn=text)
        if lowered.startswith("sqlite://"):
            rest = text[len("sqlite://"):]
            rest = rest[1:] if rest.startswith("/") else rest
            if not rest:
                raise StoreError(f"no file in store URL {text!r}",
                                 hint="use sqlite:///PATH, e.g. sqlite:///allegiance.db")
            return cls("sqlite", path=rest)
        if "://" in text or not text:
            raise StoreError(f"unsupported store URL {text!r}", hint=_HINT_URL)
        return cls("sqlite", path=text)

    @property
    def is_memory(self) -> bool:
        """True for a SQLite store in memory (no other process can open it).

        Examples
        --------
        >>> StoreURL.parse("sqlite:///:memory:").is_memory, StoreURL.parse("a.db").is_memory
        (True, False)
        """
        return self.kind == "sqlite" and self.path == MEMORY

    @property
    def display(self) -> str:
        """The location for messages: the SQLite path, or ``postgresql://HOST:PORT/DBNAME``.

        The PostgreSQL form leaves out user, password and options.

        Examples
        --------
        >>> StoreURL.parse("postgresql://me:secret@db/news?sslmode=require").display
        'postgresql://db:5432/news'
        """
        if self.kind == "sqlite":
            return str(self.path)
        info = _postgres_parts(str(self.dsn))
        return "postgresql://{}:{}/{}".format(
            info.get("host", "localhost"), info.get("port", 5432), info.get("dbname", "")
        )

    def exists(self) -> bool | None:
        """Whether a SQLite store file is there: True/False; None when only opening can tell.

        An in-memory store is always new (False); for PostgreSQL this is None (open the
        store with ``create=False`` to find out).

        Examples
        --------
        >>> StoreURL.parse("/no/such/dir/x.db").exists(), StoreURL.parse("postgresql://h/d").exists()
        (False, None)
        """
        if self.kind != "sqlite":
            return None
        return not self.is_memory and Path(str(self.path)).exists()

    def __repr__(self) -> str:
        return f"StoreURL({self.display!r})"

    def __str__(self) -> str:
        return self.display


def _postgres_parts(dsn: str) -> dict[str, str]:
    try:
        return conninfo_to_dict(dsn)
    except psycopg.Error as exc:
        raise StoreError(f"malformed PostgreSQL URL ({exc})",
                         hint="use postgresql://USER@HOST:PORT/DBNAME") from None


def missing_store_error(url: StoreURL, *, empty: bool = False) -> StoreError:
    """The error for a store that must exist and does not (or holds nothing yet).

    Examples
    --------
    >>> print(missing_store_error(StoreURL.parse("news.db")))
    no store at news.db; run `allegiance ingest PATH --db DB` first, or check the --db path
    """
    where = f"no store at {url.display}" + (" (it is empty)" if empty else "")
    return StoreError(where, hint="run `allegiance ingest PATH --db DB` first, or check the --db path")
