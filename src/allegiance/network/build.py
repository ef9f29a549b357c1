"""Build signed, weighted, temporal actor graphs from extracted relations.

Aggregation of one actor pair's relations into one edge (the rules of issue 6):

* only relations whose two mentions resolve to actors, that are not ``negated``
  (RELATIONS.md: a negated relation is not a relation) and that pass the filters
  (``kinds``, ``timeframes``, ``since``/``until``) are used;
* each relation weighs ``confidence x decay``, where ``decay = 0.5 ** (age / half_life_days)``
  and ``age`` is the number of days between the relation's ``date`` and
  ``reference_date`` (default: the latest relation date); undated relations and
  ``half_life_days=None`` get ``decay = 1``;
* ``positive`` and ``negative`` are the summed weights per sign; the edge's ``sign`` is
  the weighted vote (sign of ``positive - negative``; an exact tie goes to the sign of
  the most recent relation, or negative when that is undecided too), its ``weight`` is
  ``|positive - negative|`` and ``total`` is ``positive + negative`` (count x confidence);
* ``ambivalent`` is True when the weaker side has at least ``ambivalence`` (default 0.5)
  of the stronger side's weight: both signs are strong;
* ``count``, ``n_positive``, ``n_negative``, ``types``, ``first_date``, ``last_date``
  and ``evidence`` (the relation ids, see :func:`relation_id`) are kept on the edge;
* a relation of a joined group ("both countries", "the two sides": an actor ``GRP:A+B``,
  :attr:`~allegiance.model.Actor.member_ids`) counts for each member, never as a node of its own.

Undirected view: every relation counts for the unordered pair. Directed view
(``directed=True``): a directed relation counts for ``source -> target`` only, a
symmetric one for both arcs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

import networkx as nx
from dateutil.relativedelta import relativedelta

from allegiance.errors import ConfigError
from allegiance.model import Actor, ActorKind, Relation, TimeFrame

__all__ = [
    "build_signed_graph",
    "graph_of_store",
    "relation_id",
    "parse_duration",
    "Window",
    "window_series",
]


def relation_id(relation: Relation) -> str:
    """A stable id for a relation: the store's id when it carries one, else one made
    from its identity key (document, offsets, sign).

    Examples
    --------
    >>> from allegiance.model import Actor, ActorKind, Evidence, Mention, RelationType
    >>> a, b = Actor("A", "A", ActorKind.PARTY), Actor("B", "B", ActorKind.PARTY)
    >>> r = Relation("d1", Mention("A", 0, 1, a), Mention("B", 6, 7, b), RelationType.ALLY,
    ...              Evidence("A and B ally.", 0, 13))
    >>> relation_id(r)
    'd1:0:0-1:6-7:+1'
    """
    extra_id = relation.extra.get("id") if relation.extra else None
    if extra_id is not None:
        return str(extra_id)
    doc, ev, s0, s1, t0, t1, sign = relation.key
    return f"{doc}:{ev}:{s0}-{s1}:{t0}-{t1}:{sign:+d}"


def _parse_date(value: str | dt.date | None, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in ("%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ConfigError(f"{what} {value!r} is not a date", hint="write dates as YYYY-MM-DD")


_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


def parse_duration(text: str) -> relativedelta:
    """Parse ``"30d"``, ``"2w"``, ``"6m"``, ``"1y"`` into a :class:`relativedelta`.

    Examples
    --------
    >>> parse_duration("6m")
    relativedelta(months=+6)
    """
    m = _DURATION.match(str(text))
    if not m:
        raise ConfigError(f"duration {text!r} is not understood", hint="use e.g. 30d, 2w, 6m or 1y")
    n, unit = int(m.group(1)), m.group(2).lower()
    if n <= 0:
        raise ConfigError(f"duration {text!r} must be positive")
    return {"d": relativedelta(days=n), "w": relativedelta(weeks=n), "m": relativedelta(months=n),
            "y": relativedelta(years=n)}[unit]


def _actor_key(actor: Actor, collapse_factions: bool) -> tuple[str, dict]:
    if collapse_factions and actor.kind is ActorKind.FACTION and actor.parent:
        return actor.parent, {"name": actor.parent, "kind": ActorKind.PARTY.value, "parent": None}
    return actor.id, {"name": actor.name, "kind": actor.kind.value, "parent": actor.parent}


_UNSEEN = object()
_DATE_CACHE = 100_000  # distinct date strings remembered while streaming


class _Pair:
    """The running aggregate of one actor pair's relations.

    ``pos``/``neg`` are summed weights; with a deferred decay, dated weights go to
    ``pos_dated``/``neg_dated`` instead, scaled to the pair's latest date ``last``.
    """

    __slots__ = ("pos", "neg", "pos_dated", "neg_dated", "n_pos", "n_neg", "types", "first", "last",
                 "last_sign", "evidence")

    def __init__(self) -> None:
        self.pos = self.neg = self.pos_dated = self.neg_dated = 0.0
        self.n_pos = self.n_neg = 0
        self.types: dict[str, int] = {}
        self.first: dt.date | None = None
        self.last: dt.date | None = None
        self.last_sign = 0
        self.evidence: list[str] = []


def _add(acc: dict, pair: tuple[str, str], sign: int, kind: str, date: dt.date | None, w: float,
         rid: str, half_life_days: float | None) -> None:
    """Add one relation's weight to its pair (``half_life_days``: deferred decay)."""
    e = acc.get(pair)
    if e is None:
        e = acc[pair] = _Pair()
    if half_life_days is not None and date is not None:
        if e.last is not None and date > e.last:
            shrink = 0.5 ** ((date - e.last).days / half_life_days)
            e.pos_dated *= shrink
            e.neg_dated *= shrink
            scale = 1.0
        elif e.last is not None:
            scale = 0.5 ** ((e.last - date).days / half_life_days)
        else:
            scale = 1.0
        if sign > 0:
            e.pos_dated += w * scale
        else:
            e.neg_dated += w * scale
    elif sign > 0:
        e.pos += w
    else:
        e.neg += w
    if sign > 0:
        e.n_pos += 1
    else:
        e.n_neg += 1
    e.types[kind] = e.types.get(kind, 0) + 1
    e.evidence.append(rid)
    if date is not None:
        if e.first is None or date < e.first:
            e.first = date
        if e.last is None or date >= e.last:
            if e.last == date and e.last_sign != sign:
                e.last_sign = 0  # same day, both signs: undecided
            else:
                e.last_sign = sign
            e.last = date


def build_signed_graph(
    relations: Iterable[Relation],
    *,
    half_life_days: float | None = None,
    reference_date: str | dt.date | None = None,
    directed: bool = False,
    collapse_factions: bool = False,
    kinds: Iterable[ActorKind | str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    timeframes: Iterable[TimeFrame | str] | None = None,
    ambivalence: float = 0.5,
) -> nx.Graph:
    """Aggregate relations into a signed weighted graph, one edge per actor pair.

    Parameters
    ----------
    relations : iterable of Relation
        Extracted (or stored) relations; consumed once.
    half_life_days : float, optional
        Recency decay: a relation ``half_life_days`` older than ``reference_date``
        weighs half as much. ``None``: no decay.
    reference_date : str or date, optional
        "Now" for the decay (default: the latest relation date seen).
    directed : bool
        Return a ``DiGraph`` (directed relations only count ``source -> target``).
    collapse_factions : bool
        Map actors of kind ``faction`` with a ``parent`` onto the parent (a faction's
        relations with its own party then vanish as self-loops).
    kinds : iterable of ActorKind or str, optional
        Keep only relations between actors of these kinds.
    since, until : str or date, optional
        Keep only dated relations with ``since <= date <= until`` (undated relations
        are left out when either bound is given).
    timeframes : iterable of TimeFrame or str, optional
        Keep only relations with these time frames (e.g. ``["current"]``).
    ambivalence : float
        Ratio weaker/stronger side at or above which an edge is ``ambivalent``.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Nodes carry ``name``, ``kind``, ``parent``; edges carry ``sign``, ``weight``,
        ``total``, ``positive``, ``negative``, ``ambivalent``, ``count``,
        ``n_positive``, ``n_negative``, ``types``, ``first_date``, ``last_date``,
        ``evidence``. ``G.graph`` records the options and ``dropped_self_loops``.

    Examples
    --------
    >>> from allegiance.model import Actor, ActorKind, Evidence, Mention, RelationType
    >>> uk, fr, de = (Actor(i, i, ActorKind.COUNTRY) for i in ("GBR", "FRA", "DEU"))
    >>> def rel(a, b, t, conf=1.0):
    ...     return Relation("d1", Mention(a.id, 0, 3, a), Mention(b.id, 9, 12, b), t,
    ...                     Evidence("...", 0, 20), confidence=conf, date="1904-04-08")
    >>> G = build_signed_graph([rel(uk, fr, RelationType.ALLY), rel(uk, de, RelationType.OPPOSE),
    ...                         rel(fr, de, RelationType.OPPOSE, 0.8)])
    >>> G["GBR"]["FRA"]["sign"], G["FRA"]["DEU"]["weight"], G["GBR"]["DEU"]["evidence"]
    (1, 0.8, ['d1:0:0-3:9-12:-1'])
    """
    if half_life_days is not None and half_life_days <= 0:
        raise ConfigError(f"half_life_days must be positive, got {half_life_days}")
    if not 0 <= ambivalence <= 1:
        raise ConfigError(f"ambivalence must be in [0, 1], got {ambivalence}")
    keep = _RelationFilter(kinds, timeframes, _parse_date(since, "since"), _parse_date(until, "until"))
    ref = _parse_date(reference_date, "reference_date")
    deferred = half_life_days is not None and ref is None  # decay to a reference date known at the end
    acc, node_attrs, loops, latest = _aggregate(relations, keep, half_life_days=half_life_days, ref=ref,
                                                deferred=deferred, directed=directed,
                                                collapse_factions=collapse_factions)
    ref = ref or latest
    G = _graph_of(acc, node_attrs, directed=directed, deferred_ref=ref if deferred else None,
                  half_life_days=half_life_days, ambivalence=ambivalence)
    G.graph.update(
        half_life_days=half_life_days, reference_date=ref.isoformat() if ref else None,
        since=keep.lo.isoformat() if keep.lo else None, until=keep.hi.isoformat() if keep.hi else None,
        collapse_factions=collapse_factions, dropped_self_loops=loops,
    )
    return G


def _graph_of(acc: dict, node_attrs: dict, *, directed: bool, deferred_ref, half_life_days,
              ambivalence: float) -> nx.Graph:
    """The graph of the pair accumulators (insertion order; each freed as its edge is added)."""
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for n, attrs in node_attrs.items():
        G.add_node(n, **attrs)
    node_attrs.clear()
    for pair in list(acc):
        e = acc.pop(pair)
        G.add_edge(pair[0], pair[1], **_edge_attributes(e, deferred_ref, half_life_days, ambivalence))
    return G


def graph_of_store(store, *, since: str | dt.date | None = None, until: str | dt.date | None = None,
                   **options) -> nx.Graph:
    """The signed actor graph of a store's relations, streamed in one pass.

    The one way every part of allegiance (CLI, report, web, exports) builds "the graph
    of a store": ``store.iter_relations(since=..., until=...)`` aggregated by
    :func:`build_signed_graph` with the same bounds.

    Parameters
    ----------
    store : allegiance.store.Store
        An open store (anything with ``iter_relations(since=, until=)``).
    since, until : str or date, optional
        Date bounds, passed to the store and to :func:`build_signed_graph`.
    **options
        Passed to :func:`build_signed_graph` (``half_life_days``, ``kinds``,
        ``collapse_factions``...).

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     graph_of_store(store).number_of_edges()
    0
    """
    return build_signed_graph(store.iter_relations(since=since, until=until), since=since, until=until, **options)


class _RelationFilter:
    """Which relations count (actors resolved, not negated, kinds, time frames, date bounds)."""

    def __init__(self, kinds, timeframes, lo: dt.date | None, hi: dt.date | None):
        self.kinds = None if kinds is None else {ActorKind(k) for k in kinds}
        self.frames = None if timeframes is None else {TimeFrame(t) for t in timeframes}
        self.lo, self.hi = lo, hi
        self.dates: dict[str, dt.date | None] = {}

    def date_if_kept(self, r: Relation):
        """The relation's parsed date (None if undated), or ``_UNSEEN`` when it does not count."""
        a, b = r.source.actor, r.target.actor
        if a is None or b is None or r.negated:
            return _UNSEEN
        if self.kinds is not None and (a.kind not in self.kinds or b.kind not in self.kinds):
            return _UNSEEN
        if self.frames is not None and r.time not in self.frames:
            return _UNSEEN
        date = None
        if r.date:
            date = self.dates.get(r.date, _UNSEEN)
            if date is _UNSEEN:
                date = _parse_date(r.date, "relation date")
                if len(self.dates) >= _DATE_CACHE:
                    self.dates.clear()
                self.dates[r.date] = date
        if (self.lo is not None or self.hi is not None) and date is None:
            return _UNSEEN
        if (self.lo is not None and date < self.lo) or (self.hi is not None and date > self.hi):
            return _UNSEEN
        return date


def _aggregate(relations: Iterable[Relation], keep: _RelationFilter, *, half_life_days, ref, deferred, directed,
               collapse_factions):
    """One pass over the relations: (pair accumulators, node attributes, self-loops, latest date).

    One accumulator per actor pair (or arc). The decay needs the reference date; when it
    defaults to the latest relation date (``deferred``: not known until the end), each
    pair keeps its dated weights scaled to its own latest date and the one remaining
    factor is applied at the end.
    """
    acc: dict[tuple[str, str], _Pair] = {}
    node_attrs: dict[str, dict] = {}
    members = _GroupMembers()
    loops = 0
    latest: dt.date | None = None
    later = half_life_days if deferred else None
    for r in relations:
        date = keep.date_if_kept(r)
        if date is _UNSEEN:
            continue
        sources = members.keys(r.source.actor, node_attrs, collapse_factions)
        targets = members.keys(r.target.actor, node_attrs, collapse_factions)
        pairs = [(ka, kb) for ka in sources for kb in targets if ka != kb]
        loops += len(sources) * len(targets) - len(pairs)
        if not pairs:
            continue
        if date is not None and (latest is None or date > latest):
            latest = date
        if deferred or half_life_days is None or date is None:
            w = float(r.confidence)
        else:
            w = float(r.confidence) * 0.5 ** (max(0, (ref - date).days) / half_life_days)
        rid, sign, kind = relation_id(r), int(r.sign), r.type.value
        for ka, kb in pairs:
            if directed:
                _add(acc, (ka, kb), sign, kind, date, w, rid, later)
                if not r.directed:
                    _add(acc, (kb, ka), sign, kind, date, w, rid, later)
            else:
                _add(acc, (ka, kb) if ka <= kb else (kb, ka), sign, kind, date, w, rid, later)
    return acc, node_attrs, loops, latest


class _GroupMembers:
    """The node keys a relation end stands for: each member of a joined group ("both countries" ->
    "GRP:CHN+RUS" -> CHN, RUS), else the actor's own; recording each node's attributes.

    A member is known by its id only; it is named (and its kind set) by the first relation naming
    that actor itself, and keeps its id as name and kind ``group`` when none does.
    """

    def __init__(self) -> None:
        self.provisional: set[str] = set()

    def keys(self, actor: Actor, node_attrs: dict, collapse_factions: bool) -> list[str]:
        ids = actor.member_ids
        if len(ids) == 1:  # not a group (a group has two members or more)
            key, attrs = _actor_key(actor, collapse_factions)
            if key not in node_attrs or key in self.provisional:  # the actor itself names its node
                node_attrs[key] = attrs
                self.provisional.discard(key)
            return [key]
        out = []
        for member in ids:
            key, attrs = _actor_key(Actor(member, member, ActorKind.GROUP), collapse_factions)
            if key not in node_attrs:
                node_attrs[key] = attrs
                self.provisional.add(key)
            out.append(key)
        return out


def _edge_attributes(e: _Pair, deferred_ref: dt.date | None, half_life_days, ambivalence: float) -> dict:
    """The attributes of one pair's edge (``deferred_ref``: the reference date of a deferred decay)."""
    pos, neg = e.pos, e.neg
    if deferred_ref is not None and e.last is not None:
        factor = 0.5 ** (max(0, (deferred_ref - e.last).days) / half_life_days)
        pos += e.pos_dated * factor
        neg += e.neg_dated * factor
    net = pos - neg
    sign = (1 if net > 0 else -1) if abs(net) > 1e-12 else (e.last_sign or -1)
    strong, weak = max(pos, neg), min(pos, neg)
    return dict(
        sign=sign, weight=round(abs(net), 12), total=round(pos + neg, 12),
        positive=round(pos, 12), negative=round(neg, 12),
        ambivalent=bool(weak > 0 and weak >= ambivalence * strong),
        count=e.n_pos + e.n_neg, n_positive=e.n_pos, n_negative=e.n_neg,
        types=dict(sorted(e.types.items())),
        first_date=e.first.isoformat() if e.first else None,
        last_date=e.last.isoformat() if e.last else None,
        evidence=e.evidence,
    )


@dataclass(frozen=True, slots=True)
class Window:
    """One time window of a series: ``since <= date < until`` (``until`` exclusive)."""

    label: str
    since: dt.date
    until: dt.date
    graph: nx.Graph


def window_series(
    relations: Iterable[Relation],
    *,
    window: str = "1y",
    step: str | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    **options,
) -> list[Window]:
    """Cut dated relations into (possibly overlapping) time windows, one graph each.

    Parameters
    ----------
    relations : iterable of Relation
        Undated relations are left out.
    window : str
        Window length (``"30d"``, ``"2w"``, ``"6m"``, ``"1y"``).
    step : str, optional
        Distance between window starts (default: ``window``, i.e. no overlap).
    start, end : str or date, optional
        Series bounds (default: first and last relation dates).
    **options
        Passed to :func:`build_signed_graph` (``half_life_days``, ``directed``,
        ``kinds``, ...); the decay reference date is each window's last day.

    Returns
    -------
    list of Window

    Examples
    --------
    >>> from allegiance.model import Actor, ActorKind, Evidence, Mention, RelationType
    >>> a, b = Actor("A", "A", ActorKind.PARTY), Actor("B", "B", ActorKind.PARTY)
    >>> rs = [Relation("d", Mention("A", 0, 1, a), Mention("B", 2, 3, b), t, Evidence("x", 0, 5), date=d)
    ...       for t, d in ((RelationType.ALLY, "2019-03-01"), (RelationType.OPPOSE, "2020-05-01"))]
    >>> [(w.label, w.graph["A"]["B"]["sign"]) for w in window_series(rs, window="1y", start="2019-01-01")]
    [('2019-01-01..2019-12-31', 1), ('2020-01-01..2020-12-31', -1)]
    """
    for bad in ("since", "until", "reference_date"):
        if bad in options:
            raise ConfigError(f"{bad} cannot be set for a window series", hint="use start and end")
    length = parse_duration(window)
    stride = parse_duration(step) if step else length
    dated = [r for r in relations if r.date]
    if not dated:
        return []
    dates = [_parse_date(r.date, "relation date") for r in dated]
    first = _parse_date(start, "start") or min(dates)
    last = _parse_date(end, "end") or max(dates)
    out = []
    cur = first
    while cur <= last:
        stop = cur + length
        day_before = stop - dt.timedelta(days=1)
        subset = [r for r, d in zip(dated, dates) if cur <= d < stop]
        G = build_signed_graph(subset, since=cur, until=day_before, reference_date=day_before, **options)
        out.append(Window(f"{cur.isoformat()}..{day_before.isoformat()}", cur, stop, G))
        cur = cur + stride
    return out
