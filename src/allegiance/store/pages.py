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

from allegiance.errors import ConfigError
from allegiance.model import Relation
from allegiance.store.core import _ACTOR_SELECT, _RELATION_COLUMNS, Store, _relation
from allegiance.store.filters import RelationFilter

__all__ = ["RelationFilter", "count_relations", "relations_after", "last_relation_seq"]

_MAX_LIMIT = 10_000


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
