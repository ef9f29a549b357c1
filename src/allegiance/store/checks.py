"""Checking a store: the database file (SQLite quick/integrity checks) and the store's own rules.

Examples
--------
>>> from allegiance.store import open_store
>>> with open_store(":memory:") as store:
...     store.check(), store.integrity_check()
([], True)
"""

from __future__ import annotations

from allegiance.errors import StoreError
from allegiance.store.backend import DRIVER_ERRORS, schema_version
from allegiance.store.reader import StoreReader
from allegiance.store.schema import LATEST_VERSION

__all__ = ["IntegrityChecks"]


class IntegrityChecks(StoreReader):
    """What is wrong with a store, one line each."""

    def integrity_problems(self) -> list[str]:
        """What is wrong with the store, one line each; empty when all is well.

        Checks the database file (SQLite ``PRAGMA integrity_check`` and foreign keys)
        and the store's own rules: duplicates link to kept documents, at most one kept
        document per content hash, no relations on duplicates, the schema is current.

        Examples
        --------
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
        >>> with open_store(":memory:") as store:
        ...     store.integrity_check()
        True
        """
        return not self.integrity_problems()
