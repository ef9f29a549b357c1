"""One-call balance summaries of a graph, and of a series of time windows.

:func:`balance_summary` gathers what ``allegiance balance`` prints (counts, the
triangle census, triangle and walk balance, the frustration index with its partition
and frustrated edges); :func:`balance_series` computes the same for each window of a
series, so that balance can be followed over time.

The normalised frustration ``1 - 2L/m`` (Aref & Wilson 2018) is 1 for a balanced graph
and about 0 for a graph as frustrated as a random sign assignment can make it.

References
----------
.. [1] Aref, S. & Wilson, M. C. (2018). Measuring partial balance in signed networks.
   *Journal of Complex Networks* 6(4), 566-595. doi:10.1093/comnet/cnx044
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import networkx as nx

from allegiance.balance._signed import undirected_signed_view
from allegiance.balance.frustration import FrustrationResult, frustration_index
from allegiance.balance.triangles import TriangleCensus, triangle_census
from allegiance.balance.walk import WalkBalance, walk_balance_estimate
from allegiance.errors import SolverError

__all__ = ["BalanceSummary", "balance_summary", "balance_series"]


@dataclass(frozen=True, slots=True)
class BalanceSummary:
    """Balance of one signed graph (the ``allegiance balance`` report).

    Attributes
    ----------
    label : str or None
        Window label, when part of a series.
    nodes, edges, negative_edges : int
        Sizes of the undirected signed view.
    triangles : TriangleCensus
    triangle_balance : float
        Share of balanced triangles (NaN without triangles).
    walk_balance : float or None
        Estrada-Benzi walk balance (None when not computed).
    frustration : FrustrationResult
    walk : WalkBalance or None
        The walk balance with its method and error bound (approximate beyond
        :data:`allegiance.balance.walk.DENSE_MAX_NODES` nodes or when the budget ran out).
    skipped : dict
        Measure -> why it was not computed.
    """

    label: str | None
    nodes: int
    edges: int
    negative_edges: int
    triangles: TriangleCensus
    triangle_balance: float
    walk_balance: float | None
    frustration: FrustrationResult
    walk: WalkBalance | None = None
    skipped: Mapping[str, str] = field(default_factory=dict)

    @property
    def normalised_frustration(self) -> float:
        """``1 - 2L/m`` (NaN for a graph without edges)."""
        return 1 - 2 * self.frustration.value / self.edges if self.edges else math.nan

    def to_dict(self) -> dict[str, Any]:
        """The ``balance --json`` contract of DESIGN.md (NaN written as null).

        Beyond DESIGN.md's keys: ``walk_balance`` (value, error, method, whether
        approximate; null when skipped) and ``skipped`` (measure -> reason).

        Examples
        --------
        >>> G = nx.Graph([("a", "b", {"sign": -1})])
        >>> sorted(balance_summary(G, walk=False).to_dict())[:4]
        ['edges', 'frustrated_edges', 'frustration', 'negative_edges']
        >>> balance_summary(G, walk=False).to_dict()["skipped"]
        {'walk_balance': 'not requested'}
        """
        tb = self.triangle_balance
        out: dict[str, Any] = {
            "nodes": self.nodes,
            "edges": self.edges,
            "negative_edges": self.negative_edges,
            "triangles": self.triangles.to_dict(),
            "triangle_balance": None if math.isnan(tb) else round(tb, 4),
            "frustration": self.frustration.to_dict(),
            "partition": {str(n): int(c) for n, c in self.frustration.partition.items()},
            "frustrated_edges": [[str(u), str(v)] for u, v in self.frustration.frustrated_edges],
            "walk_balance": None if self.walk is None else self.walk.to_dict(),
            "skipped": dict(self.skipped),
        }
        return out


def balance_summary(
    G: nx.Graph,
    *,
    method: str = "milp",
    time_limit: float | None = None,
    weight: str | None = None,
    seed: int = 0,
    walk: bool = True,
    walk_method: str = "auto",
    budget: float | None = 60.0,
    label: str | None = None,
) -> BalanceSummary:
    """Counts, triangle census, triangle and walk balance and frustration of ``G``.

    Parameters
    ----------
    G : networkx graph
        Signed graph (undirected signed view).
    method, time_limit, weight, seed
        Passed to :func:`frustration_index`.
    walk : bool
        Compute the walk balance: exactly (dense, O(n^3)) up to
        :data:`allegiance.balance.walk.DENSE_MAX_NODES` nodes, beyond that by sparse
        Lanczos / Hutchinson with its error bound (see :func:`walk_balance_estimate`).
    walk_method : str
        Passed to :func:`walk_balance_estimate` as ``method``.
    budget : float, optional
        Seconds the walk balance may take; past it the estimate stops refining and
        reports the wider error it has (``None``: no budget).
    label : str, optional
        Name of the window.

    Examples
    --------
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": 1}), (1, 3, {"sign": -1})])
    >>> s = balance_summary(G)
    >>> s.to_dict()["frustration"]["value"], s.triangles.to_dict()["++-"]
    (1, 1)
    >>> s.to_dict()["walk_balance"]["method"], s.walk.approximate
    ('dense', False)
    """
    H = undirected_signed_view(G, weight=weight)
    census = triangle_census(H)
    fr = frustration_index(H, method=method, time_limit=time_limit, weight=weight, seed=seed)
    negatives = sum(1 for _u, _v, s in H.edges(data="sign") if int(s) < 0)
    skipped = {} if walk else {"walk_balance": "not requested"}
    wb = None
    if walk:
        try:
            wb = walk_balance_estimate(H, weight=weight, method=walk_method, time_limit=budget, seed=seed)
        except SolverError as exc:  # the other measures stand; say why this one is missing
            skipped["walk_balance"] = str(exc)
    return BalanceSummary(
        label=label,
        nodes=H.number_of_nodes(),
        edges=H.number_of_edges(),
        negative_edges=negatives,
        triangles=census,
        triangle_balance=census.balance_ratio,
        walk_balance=None if wb is None else wb.value,
        frustration=fr,
        walk=wb,
        skipped=skipped,
    )


def balance_series(
    graphs: Mapping[str, nx.Graph] | Iterable[Any], **options
) -> list[BalanceSummary]:
    """Balance of each graph of a time-window series.

    Parameters
    ----------
    graphs : mapping label -> graph, or iterable of :class:`allegiance.network.Window`
        E.g. :func:`allegiance.io.read_edge_list_windows` or
        :func:`allegiance.network.window_series`.
    **options
        Passed to :func:`balance_summary`.

    Examples
    --------
    >>> a = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": 1}), (1, 3, {"sign": 1})])
    >>> b = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": 1}), (1, 3, {"sign": -1})])
    >>> [(s.label, s.frustration.value) for s in balance_series({"1990": a, "1991": b}, walk=False)]
    [('1990', 0), ('1991', 1)]
    """
    if isinstance(graphs, Mapping):
        items: list[tuple[str, nx.Graph]] = list(graphs.items())
    else:
        items = [(w.label, w.graph) for w in graphs]
    return [balance_summary(G, label=str(label), **options) for label, G in items]
