"""A bounded report of a large store: aggregated ties only, evidence left in the store.

:func:`allegiance.report.report_data_from_store` embeds every relation with its
sentence, which is right for a few thousand relations and wrong for a hundred
thousand (tens of megabytes, minutes to build). Past ``max_relations``, the report is
built from a summary the database computes with ``GROUP BY`` (no relation is read into
Python): one tie per actor pair (counts, sign, weight, first and last date), capped to
the ``max_pairs`` pairs with the most evidence weight, with ``meta["summary"]`` saying
how many pairs and relations are left out; the actors of those ties; the balance of
that network; and the relations per period for the timeline. The page then asks the
web app for the evidence of a tie or an actor when it is clicked
(``/api/evidence``); the offline report says where the evidence is instead.

Examples
--------
>>> from allegiance.store import open_store
>>> with open_store(":memory:") as store:
...     data = summary_data_from_store(store, max_pairs=10)
>>> data.meta["summary"]["pairs"], data.relations
(0, [])
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from allegiance.errors import ConfigError
from allegiance.report.data import ReportData, choose_period, report_data, report_data_from_store
from allegiance.report.timeline import PERIOD_LENGTH
from allegiance.store.pages import (
    PairTotals,
    actors_by_id,
    count_documents_with_ties,
    count_relations,
    pair_totals,
    period_totals,
)

__all__ = ["graph_from_pairs", "summary_data_from_store", "bounded_report_data", "DEFAULT_MAX_PAIRS",
           "DEFAULT_MAX_RELATIONS"]

#: Ties drawn by a summary report.
DEFAULT_MAX_PAIRS = 1500
#: Stores with more relations than this get a summary report (evidence on demand).
DEFAULT_MAX_RELATIONS = 5000


def graph_from_pairs(totals: PairTotals, actors: dict[str, Any], *, ambivalence: float = 0.5) -> nx.Graph:
    """The signed graph of aggregated pairs, with the edge attributes of
    :func:`allegiance.network.build_signed_graph` (``evidence`` empty: it stays in the store).

    A pair whose two signs weigh exactly the same is drawn hostile (the full build looks
    at the sign of the latest day instead).

    Examples
    --------
    >>> totals = PairTotals([{"source": "FRA", "target": "GBR", "positive": 1.5, "negative": 0.5,
    ...                       "n_positive": 2, "n_negative": 1, "first": "1904", "last": "1905"}], 1, 3)
    >>> G = graph_from_pairs(totals, {})
    >>> G["FRA"]["GBR"]["sign"], G["FRA"]["GBR"]["weight"], G["FRA"]["GBR"]["count"]
    (1, 1.0, 3)
    """
    G = nx.Graph()
    for pair in totals.pairs:
        for n in (pair["source"], pair["target"]):
            if n not in G:
                actor = actors.get(n)
                G.add_node(n, name=actor.name if actor else n, kind=actor.kind.value if actor else "",
                           parent=actor.parent if actor else None)
        pos, neg = pair["positive"], pair["negative"]
        net = pos - neg
        strong, weak = max(pos, neg), min(pos, neg)
        G.add_edge(
            pair["source"], pair["target"], sign=1 if net > 1e-12 else -1, weight=round(abs(net), 12),
            total=round(pos + neg, 12), positive=round(pos, 12), negative=round(neg, 12),
            ambivalent=bool(weak > 0 and weak >= ambivalence * strong),
            count=pair["n_positive"] + pair["n_negative"], n_positive=pair["n_positive"],
            n_negative=pair["n_negative"], types={}, first_date=pair["first"], last_date=pair["last"],
            evidence=[],
        )
    G.graph.update(first_date=totals.first, last_date=totals.last, dropped_self_loops=0)
    return G


def summary_data_from_store(store: Any, *, max_pairs: int = DEFAULT_MAX_PAIRS, **options: Any) -> ReportData:
    """The bounded report of a store: at most ``max_pairs`` ties, no relation embedded.

    Parameters
    ----------
    store : allegiance.store.Store
        An open store.
    max_pairs : int
        Ties kept: the pairs with the most evidence weight (``|with - against|``).
    **options
        Passed to :func:`allegiance.report.report_data` (``title``, ``max_drawn_nodes``,
        ``time_limit``, ``top``, ``seed``).

    Returns
    -------
    ReportData
        ``relations`` and ``documents`` empty; ``meta["summary"]`` gives ``pairs``
        (every pair), ``pairs_shown``, ``pairs_left_out``, ``relations_left_out`` (the
        relations of the pairs left out) and ``evidence: "on demand"``.
    """
    if int(max_pairs) < 1:
        raise ConfigError(f"max_pairs must be at least 1, got {max_pairs}")
    totals = pair_totals(store, limit=int(max_pairs))
    ids = {n for p in totals.pairs for n in (p["source"], p["target"])}
    G = graph_from_pairs(totals, actors_by_id(store, ids))
    period = choose_period(totals.first, totals.last)
    counts = period_totals(store, length=PERIOD_LENGTH[period])
    shown = sum(p["n_positive"] + p["n_negative"] for p in totals.pairs)
    documents = count_documents_with_ties(store)
    summary = {"pairs": totals.pair_count, "pairs_shown": len(totals.pairs),
               "pairs_left_out": totals.pair_count - len(totals.pairs),
               "relations_left_out": totals.relations - shown, "max_pairs": int(max_pairs),
               "evidence": "on demand"}
    options.setdefault("title", "allegiance report")
    options.setdefault("generated_from", str(store.location))
    options["balance_windows"] = False
    return report_data([], graph=G, period_counts=counts,
                       extra_meta={"relations": totals.relations, "documents": documents, "summary": summary},
                       **options)


def bounded_report_data(store: Any, *, max_relations: int = DEFAULT_MAX_RELATIONS,
                        max_pairs: int = DEFAULT_MAX_PAIRS, **options: Any) -> ReportData:
    """Every relation embedded when the store holds at most ``max_relations``
    (:func:`allegiance.report.report_data_from_store`), else the bounded summary
    (:func:`summary_data_from_store`). Counting is one indexed ``COUNT(*)``.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     "summary" in bounded_report_data(store).meta
    False
    """
    if count_relations(store) <= int(max_relations):
        return report_data_from_store(store, **options)
    return summary_data_from_store(store, max_pairs=max_pairs, **options)
