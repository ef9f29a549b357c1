"""Per-edge strain: which ties a balanced map would have to give up, and how unbalanced
each tie's triangles are.

An edge is *frustrated* when the optimal 2-colouring (the frustration index) puts a
positive tie across the camps or a negative tie inside one: to balance the map it
would have to flip (an alliance turning hostile, or a rivalry ending). Optimal
colourings are usually not unique, so the set of frustrated edges is *one* minimal
set; the triangle share (unbalanced triangles over triangles of the edge) is a
solution-free local view of the same strain.

References
----------
.. [1] Aref, S. & Wilson, M. C. (2019). Balance and frustration in signed networks.
   *Journal of Complex Networks* 7(2), 163-189. doi:10.1093/comnet/cny015
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Hashable

import networkx as nx

from allegiance.balance._signed import undirected_signed_view
from allegiance.balance.frustration import FrustrationResult, frustration_index
from allegiance.balance.triangles import signed_triangles

__all__ = ["EdgeStrain", "edge_strain"]


@dataclass(frozen=True, slots=True)
class EdgeStrain:
    """Strain on one tie.

    Attributes
    ----------
    sign : int
        Observed sign.
    frustrated : bool
        Frustrated by the optimal 2-colouring.
    balanced_sign : int
        The sign the tie would have in the balanced map (``-sign`` if frustrated).
    triangles : int
        Triangles the edge belongs to.
    unbalanced_triangles : int
        Of those, the unbalanced ones (++- or ---).
    """

    sign: int
    frustrated: bool
    balanced_sign: int
    triangles: int
    unbalanced_triangles: int

    @property
    def triangle_strain(self) -> float:
        """Share of the edge's triangles that are unbalanced (NaN without triangles)."""
        return self.unbalanced_triangles / self.triangles if self.triangles else math.nan


def edge_strain(
    G: nx.Graph, *, result: FrustrationResult | None = None, **options
) -> dict[tuple[Hashable, Hashable], EdgeStrain]:
    """Strain on every edge of a signed graph.

    Parameters
    ----------
    G : networkx graph
        Signed graph (undirected signed view).
    result : FrustrationResult, optional
        A frustration result already computed for ``G`` (else one is computed).
    **options
        Passed to :func:`frustration_index` when ``result`` is None.

    Returns
    -------
    dict
        ``(u, v) -> EdgeStrain`` for every edge (in ``G``'s edge order).

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": 1}), ("a", "c", {"sign": -1})])
    >>> s = edge_strain(G)
    >>> sum(e.frustrated for e in s.values()), s[("a", "b")].triangle_strain
    (1, 1.0)
    """
    H = undirected_signed_view(G)
    if result is None:
        result = frustration_index(H, **options)
    frustrated = {frozenset(e) for e in result.frustrated_edges}
    tri: dict[frozenset, list[int]] = {}
    for u, v, w, neg in signed_triangles(H):
        for e in ((u, v), (v, w), (u, w)):
            c = tri.setdefault(frozenset(e), [0, 0])
            c[0] += 1
            c[1] += neg % 2
    out = {}
    for u, v, d in H.edges(data=True):
        key = frozenset((u, v))
        s = int(d["sign"])
        f = key in frustrated
        t, ub = tri.get(key, (0, 0))
        out[(u, v)] = EdgeStrain(s, f, -s if f else s, t, ub)
    return out
