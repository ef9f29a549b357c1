"""Alliance fragility: does a positive tie rest on shared friends or only on shared enemies?

For a positive tie ``u - v`` every common neighbour ``w`` is a *shared friend*
(``+ +``: a +++ triangle), a *shared enemy* (``- -``: a +-- triangle, "the enemy of
my enemy") or *divisive* (``+ -``: an unbalanced ++- triangle). The fragility of the
alliance is the share of its balanced support that comes from shared enemies:
``shared_enemies / (shared_friends + shared_enemies)``. An alliance with fragility 1
is held together by nothing but a common enemy -- the seed article's "the principle
alone may serve as a weak basis for alliance", measured.

References
----------
.. [1] Heider, F. (1946). Attitudes and cognitive organization. *Journal of
   Psychology* 21, 107-112.
.. [2] Antal, T., Krapivsky, P. L. & Redner, S. (2006). Social balance on networks:
   the dynamics of friendship and enmity. *Physica D* 224, 130-136.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Hashable

import networkx as nx

from allegiance.balance._signed import edge_sign, undirected_signed_view

__all__ = ["AllianceSupport", "alliance_fragility"]


@dataclass(frozen=True, slots=True)
class AllianceSupport:
    """What holds one positive tie together.

    Attributes
    ----------
    shared_friends, shared_enemies, divisive : int
        Common neighbours by the signs of their ties to both ends (++, --, +-).
    """

    shared_friends: int
    shared_enemies: int
    divisive: int

    @property
    def fragility(self) -> float:
        """``shared_enemies / (shared_friends + shared_enemies)``; NaN without support."""
        total = self.shared_friends + self.shared_enemies
        return self.shared_enemies / total if total else math.nan

    @property
    def enemy_only(self) -> bool:
        """True when the alliance's only support is shared enemies."""
        return self.shared_enemies > 0 and self.shared_friends == 0


def alliance_fragility(G: nx.Graph) -> dict[tuple[Hashable, Hashable], AllianceSupport]:
    """Support and fragility of every positive tie of a signed graph.

    Parameters
    ----------
    G : networkx graph
        Signed graph (undirected signed view).

    Returns
    -------
    dict
        ``(u, v) -> AllianceSupport`` for each positive edge.

    Examples
    --------
    Britain and France allied against Germany, with no friend in common:

    >>> G = nx.Graph()
    >>> G.add_edge("GBR", "FRA", sign=1)
    >>> G.add_edge("GBR", "DEU", sign=-1); G.add_edge("FRA", "DEU", sign=-1)
    >>> s = alliance_fragility(G)[("GBR", "FRA")]
    >>> s.shared_enemies, s.fragility, s.enemy_only
    (1, 1.0, True)
    """
    H = undirected_signed_view(G)
    signs = {u: {v: edge_sign(d, u, v) for v, d in H[u].items() if v != u} for u in H}
    out = {}
    for u, v, d in H.edges(data=True):
        if edge_sign(d, u, v) < 0:
            continue
        su, sv = signs[u], signs[v]
        small, other = (su, sv) if len(su) <= len(sv) else (sv, su)
        friends = enemies = divisive = 0
        for w, s1 in small.items():
            s2 = other.get(w)
            if s2 is None or w in (u, v):
                continue
            if s1 > 0 and s2 > 0:
                friends += 1
            elif s1 < 0 and s2 < 0:
                enemies += 1
            else:
                divisive += 1
        out[(u, v)] = AllianceSupport(friends, enemies, divisive)
    return out
