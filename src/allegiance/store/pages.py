"""Counting and keyset pages of stored relations, for callers that show one page at a time.

A page is asked for by the storage sequence number (``seq``) of the last relation of
the previous page: ``relations_after(store, after=0, limit=100)`` is the first page and
``relations_after(store, after=page[-1][0], limit=100)`` the next. Each page is one
indexed range query (``WHERE seq > ? ORDER BY seq LIMIT ?``), so a deep page costs what
the first one costs and no call reads the whole store. :func:`count_relations` is one
``COUNT(*)`` (index-only when there is no date filter); :func:`last_relation_seq` is a
cheap marker that changes whenever a relation is added (relations are never rewritten
or deleted), for callers that cache counts.

Examples
--------
>>> from allegiance.store import open_store
>>> with open_store(":memory:") as store:
...     count_relations(store), relations_after(store, after=0, limit=10), last_relation_seq(store)
(0, [], 0)
"""

from __future__ import annotations

from datetime import date as _date
from typing import Any

from allegiance.errors import ConfigError
from allegiance.model import Actor, Relation, Sign
from allegiance.store.core import _ACTOR_SELECT, _RELATION_COLUMNS, Store, _iso, _relation

__all__ = ["RelationFilter", "count_relations", "relations_after", "last_relation_seq"]

_MAX_LIMIT = 10_000


class RelationFilter:
    """Which relations to count or page through: dates, actor, sign, document.

    Parameters
    ----------
    since, until : str or datetime.date, optional
        ISO dates, inclusive, compared with the relation's date (or, without one, its
        document's date); undated relations are left out when either is given.
    actor : str or Actor, optional
        Only relations with this actor (by id) as source or target.
    sign : Sign or int, optional
        Only positive (+1) or negative (-1) relations.
    doc_id : str, optional
        Only the relations of this document.

    Examples
    --------
    >>> f = RelationFilter(actor="RUS", sign=-1)
    >>> f.where(), f.params
    ('(r.source_actor = ? OR r.target_actor = ?) AND r.sign = ?', ['RUS', 'RUS', -1])
    >>> RelationFilter(since="2020-01-01").needs_documents
    True
    """

    def __init__(self, *, since: str | _date | None = None, until: str | _date | None = None,
                 actor: str | Actor | None = None, sign: Sign | int | None = None,
                 doc_id: str | None = None):
        self.clauses: list[str] = []
        self.params: list[Any] = []
        day = "COALESCE(r.date, d.date)"
        if since is not None:
            self._add(f"{day} >= ?", _iso(since))
        if until is not None:
            self._add(f"{day} <= ?", _iso(until))
        self.needs_documents = since is not None or until is not None
        if actor is not None:
            actor_id = actor.id if isinstance(actor, Actor) else str(actor)
            self._add("(r.source_actor = ? OR r.target_actor = ?)", actor_id, actor_id)
        if sign is not None:
            try:
                value = int(Sign(int(sign)))
            except (TypeError, ValueError):
                raise ConfigError(f"sign {sign!r} is not +1 or -1", hint="give 1 or -1") from None
            self._add("r.sign = ?", value)
        if doc_id is not None:
            self._add("r.doc_id = ?", str(doc_id))

    def _add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def where(self, *extra: str) -> str:
        """The clauses joined with AND (plus ``extra``), or ``1 = 1`` when there are none."""
        return " AND ".join([*self.clauses, *extra]) or "1 = 1"


def count_relations(store: Store, where: RelationFilter | None = None) -> int:
    """How many stored relations match ``where``: one ``COUNT(*)``, no rows read into Python.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     count_relations(store, RelationFilter(sign=1))
    0
    """
    where = where or RelationFilter()
    join = " JOIN documents d ON d.id = r.doc_id" if where.needs_documents else ""
    with store._guard("count relations"):
        return int(store._conn.scalar(f"SELECT COUNT(*) FROM relations r{join} WHERE {where.where()}",
                                      where.params))


def relations_after(store: Store, *, after: int = 0, limit: int = 100, skip: int = 0,
                    where: RelationFilter | None = None) -> list[tuple[int, Relation]]:
    """One page: up to ``limit`` matching relations with ``seq > after``, as ``(seq, relation)``.

    Parameters
    ----------
    store : Store
        An open store.
    after : int
        The ``seq`` of the last relation of the previous page (0 for the first page).
    limit : int
        Largest page, 1 to 10,000.
    skip : int
        Matching relations to pass over first (an offset: SQLite steps over them, none
        reaches Python; prefer ``after``).
    where : RelationFilter, optional
        Which relations.

    Returns
    -------
    list of (int, Relation)
        In storage order; fewer than ``limit`` means this is the last page.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     relations_after(store, after=5, limit=2)
    []
    """
    if not 1 <= int(limit) <= _MAX_LIMIT or int(skip) < 0:
        raise ConfigError(f"page size {limit!r} or offset {skip!r} is out of range",
                          hint=f"give a size of 1 to {_MAX_LIMIT} and an offset of 0 or more")
    where = where or RelationFilter()
    columns = ", ".join(f"r.{c}" for c in _RELATION_COLUMNS)
    sql = (
        f"SELECT r.seq, {columns}, {_ACTOR_SELECT.format(a='sa')}, {_ACTOR_SELECT.format(a='ta')} "
        "FROM relations r JOIN documents d ON d.id = r.doc_id "
        "LEFT JOIN actors sa ON sa.id = r.source_actor "
        "LEFT JOIN actors ta ON ta.id = r.target_actor "
        f"WHERE {where.where('r.seq > ?')} ORDER BY r.seq LIMIT ? OFFSET ?"
    )
    with store._guard("read relations"):
        rows = store._conn.query(sql, [*where.params, int(after), int(limit), int(skip)])
    return [(int(row[0]), _relation(row[1:])) for row in rows]


def last_relation_seq(store: Store) -> int:
    """The largest relation ``seq`` (0 when there is none): changes whenever a relation is added.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     last_relation_seq(store)
    0
    """
    with store._guard("read the store"):
        return int(store._conn.scalar("SELECT COALESCE(MAX(seq), 0) FROM relations"))
