"""Reading the store: documents, duplicates, renamed documents, rejections, actors, relations, counts.

Every listing is paged by key (``seq``), so memory stays flat however large the store.

Examples
--------
>>> from allegiance.store import open_store
>>> with open_store(":memory:") as store:
...     list(store.iter_documents()), store.status().documents
([], 0)
"""

from __future__ import annotations

from datetime import date as _date
from typing import Iterator

from allegiance.model import Actor, Document, Relation, Sign
from allegiance.store.backend import schema_version
from allegiance.store.base import StoreBase
from allegiance.store.filters import RelationFilter
from allegiance.store.records import DuplicateLink, RejectedInput, RenamedDocument, StoreStatus
from allegiance.store.rows import _ACTOR_SELECT, _DOC_COLUMNS, _RELATION_COLUMNS, _actor, _document, _relation

__all__ = ["StoreReader"]


class StoreReader(StoreBase):
    """The store's read side: listings in storage order and counts."""

    def iter_documents(self, *, include_duplicates: bool = True) -> Iterator[Document]:
        """Every stored document in storage order (duplicates too, unless excluded).

        Examples
        --------
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
        >>> from allegiance.store import open_store
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
