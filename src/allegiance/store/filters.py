"""Which stored relations a query wants: one WHERE clause builder for every reader of the store."""

from __future__ import annotations

from datetime import date as _date
from typing import Any

from allegiance.errors import ConfigError
from allegiance.model import Actor, Sign

__all__ = ["TIE", "RelationFilter", "iso_date"]


def iso_date(value: str | _date) -> str:
    """An ISO date string from a date or a string (strings are passed through).

    Examples
    --------
    >>> iso_date(_date(2020, 1, 2)), iso_date("2020-01-02")
    ('2020-01-02', '2020-01-02')
    """
    return value.isoformat() if isinstance(value, _date) else str(value)


#: Relations that make a tie: both actors resolved, not negated, not a self-loop.
TIE = ("r.source_actor IS NOT NULL AND r.target_actor IS NOT NULL AND r.source_actor <> r.target_actor "
       "AND r.negated = 0")


class RelationFilter:
    """Which relations to count or page through: dates, actor, sign, document.

    Parameters
    ----------
    since, until : str or datetime.date, optional
        ISO dates, inclusive, compared with the relation's date (or, without one, its
        document's date); undated relations are left out when either is given.
    actor : str or Actor, optional
        Only relations with this actor (by id) as source or target.
    other : str or Actor, optional
        With ``actor``: only relations between the two (either way round).
    sign : Sign or int, optional
        Only positive (+1) or negative (-1) relations.
    doc_id : str, optional
        Only the relations of this document.
    ties_only : bool
        Only relations that make a tie of the network: both actors resolved, not
        negated, not a self-loop.

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
                 doc_id: str | None = None, other: str | Actor | None = None, ties_only: bool = False):
        self.clauses: list[str] = []
        self.params: list[Any] = []
        day = "COALESCE(r.date, d.date)"
        if since is not None:
            self._add(f"{day} >= ?", iso_date(since))
        if until is not None:
            self._add(f"{day} <= ?", iso_date(until))
        self.needs_documents = since is not None or until is not None
        if actor is not None:
            actor_id = actor.id if isinstance(actor, Actor) else str(actor)
            if other is None:
                self._add("(r.source_actor = ? OR r.target_actor = ?)", actor_id, actor_id)
            else:
                other_id = other.id if isinstance(other, Actor) else str(other)
                self._add("((r.source_actor = ? AND r.target_actor = ?) "
                          "OR (r.source_actor = ? AND r.target_actor = ?))",
                          actor_id, other_id, other_id, actor_id)
        elif other is not None:
            raise ConfigError("a second actor was given without the first", hint="give `actor` with `other`")
        if sign is not None:
            try:
                value = int(Sign(int(sign)))
            except (TypeError, ValueError):
                raise ConfigError(f"sign {sign!r} is not +1 or -1", hint="give 1 or -1") from None
            self._add("r.sign = ?", value)
        if doc_id is not None:
            self._add("r.doc_id = ?", str(doc_id))
        if ties_only:
            self._add(TIE)

    def _add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def where(self, *extra: str) -> str:
        """The clauses joined with AND (plus ``extra``), or ``1 = 1`` when there are none."""
        return " AND ".join([*self.clauses, *extra]) or "1 = 1"
