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

from dataclasses import dataclass
from typing import Any

from allegiance.errors import ConfigError
from allegiance.model import Actor, Relation
from allegiance.store.core import Store
from allegiance.store.filters import TIE as _TIE, RelationFilter
from allegiance.store.rows import _ACTOR_SELECT, _RELATION_COLUMNS, _actor, _relation

__all__ = ["RelationFilter", "count_relations", "relations_after", "last_relation_seq", "PairTotals",
           "pair_totals", "period_totals", "actors_by_id",
           "count_documents_with_ties"]

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


@dataclass(frozen=True)
class PairTotals:
    """The strongest actor pairs of a store, aggregated in SQL, and how many pairs there are.

    Attributes
    ----------
    pairs : list of dict
        ``source, target`` (``source < target``), ``positive, negative`` (summed confidence),
        ``n_positive, n_negative, first, last`` (effective dates), strongest first.
    pair_count : int
        Every actor pair with a tie (``len(pairs)`` when none is left out).
    relations : int
        Relations that make ties (both actors resolved, not negated, no self-loop).
    """

    pairs: list[dict[str, Any]]
    pair_count: int
    relations: int
    first: str | None = None
    last: str | None = None


def pair_totals(store: Store, *, limit: int = 2000) -> PairTotals:
    """The ``limit`` actor pairs with the most evidence weight (``|positive - negative|``).

    One ``GROUP BY`` pair in the database: no relation is read into Python, so the cost
    in memory is the number of pairs returned, whatever the number of relations.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     pair_totals(store, limit=10)
    PairTotals(pairs=[], pair_count=0, relations=0, first=None, last=None)
    """
    if int(limit) < 1:
        raise ConfigError(f"pair limit {limit!r} is below 1", hint="give 1 or more")
    lo = "CASE WHEN r.source_actor < r.target_actor THEN r.source_actor ELSE r.target_actor END"
    hi = "CASE WHEN r.source_actor < r.target_actor THEN r.target_actor ELSE r.source_actor END"
    day = "SUBSTR(COALESCE(r.date, d.date), 1, 10)"
    pos = "SUM(CASE WHEN r.sign > 0 THEN r.confidence ELSE 0 END)"
    neg = "SUM(CASE WHEN r.sign < 0 THEN r.confidence ELSE 0 END)"
    grouped = (f"SELECT {lo} AS a, {hi} AS b, {pos} AS pos, {neg} AS neg, "
               "SUM(CASE WHEN r.sign > 0 THEN 1 ELSE 0 END) AS npos, "
               "SUM(CASE WHEN r.sign < 0 THEN 1 ELSE 0 END) AS nneg, "
               f"MIN({day}) AS first, MAX({day}) AS last "
               f"FROM relations r JOIN documents d ON d.id = r.doc_id WHERE {_TIE} GROUP BY a, b")
    with store._guard("aggregate relations"):
        rows = store._conn.query(
            f"SELECT a, b, pos, neg, npos, nneg, first, last FROM ({grouped}) g "
            "ORDER BY ABS(pos - neg) DESC, npos + nneg DESC, a, b LIMIT ?", [int(limit)])
        count, relations, first, last = store._conn.query(
            f"SELECT COUNT(*), COALESCE(SUM(npos + nneg), 0), MIN(first), MAX(last) FROM ({grouped}) g", [])[0]
    pairs = [{"source": str(a), "target": str(b), "positive": float(p or 0), "negative": float(n or 0),
              "n_positive": int(np_), "n_negative": int(nn), "first": first, "last": last}
             for a, b, p, n, np_, nn, first, last in rows]
    return PairTotals(pairs=pairs, pair_count=int(count), relations=int(relations), first=first, last=last)


def actors_by_id(store: Store, ids: Any) -> dict[str, Actor]:
    """The stored actors with these ids (unknown ids left out), a few hundred per query.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     actors_by_id(store, ["GBR"])
    {}
    """
    wanted, out = sorted(set(map(str, ids))), {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        marks = ", ".join("?" * len(chunk))
        with store._guard("read actors"):
            rows = store._conn.query(f"SELECT {_ACTOR_SELECT.format(a='a')} FROM actors a WHERE a.id IN ({marks})",
                                     chunk)
        for row in rows:
            actor = _actor(row)
            if actor is not None:
                out[actor.id] = actor
    return out


def period_totals(store: Store, *, length: int = 4) -> dict[str, list[int]]:
    """Relations that make ties per period (the first ``length`` characters of the effective
    date: 4 a year, 7 a month, 10 a day), as ``{period: [with, against]}``, in one ``GROUP BY``.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     period_totals(store, length=7)
    {}
    """
    day = f"SUBSTR(COALESCE(r.date, d.date), 1, {int(length)})"
    with store._guard("aggregate relations"):
        rows = store._conn.query(
            f"SELECT {day} AS p, SUM(CASE WHEN r.sign > 0 THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN r.sign < 0 THEN 1 ELSE 0 END) "
            f"FROM relations r JOIN documents d ON d.id = r.doc_id WHERE {_TIE} AND {day} IS NOT NULL "
            "GROUP BY p ORDER BY p", [])
    return {str(p): [int(a), int(b)] for p, a, b in rows if p}


def count_documents_with_ties(store: Store) -> int:
    """Documents with at least one relation that makes a tie, in one ``COUNT(DISTINCT)``.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     count_documents_with_ties(store)
    0
    """
    with store._guard("count documents"):
        return int(store._conn.scalar(f"SELECT COUNT(DISTINCT r.doc_id) FROM relations r WHERE {_TIE}"))
