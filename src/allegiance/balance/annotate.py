"""Balance annotations on a signed graph: each actor's bloc, each tie's frustration.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1})])
>>> G = annotate_balance(G)
>>> G.nodes["a"]["bloc"], G["b"]["c"]["frustrated"], G.graph["optimal"]
(0, False, True)
"""

from __future__ import annotations

import networkx as nx

from allegiance.balance.components import component_blocs
from allegiance.balance.frustration import frustration_index

__all__ = ["annotate_balance"]


def annotate_balance(G: nx.Graph, *, seed: int = 0, time_limit: float | None = 10.0) -> nx.Graph:
    """Add ``bloc`` to nodes and ``frustrated`` to edges of a signed graph, in place.

    ``bloc`` numbers blocs with at least two members by size (0 = largest); an actor
    alone in its bloc gets ``-1``. ``frustrated`` marks the edges the optimal balance
    colouring would flip. ``G.graph["frustration"]`` and ``G.graph["optimal"]`` record
    the frustration index.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": 1}), ("a", "c", {"sign": -1})])
    >>> sum(d["frustrated"] for *_e, d in annotate_balance(G).edges(data=True))
    1
    """
    if G.number_of_edges():
        fr = frustration_index(G, time_limit=time_limit, seed=seed)
        frustrated = {frozenset(e) for e in fr.frustrated_edges}
        G.graph["frustration"] = fr.value
        G.graph["optimal"] = bool(fr.optimal)
    else:
        frustrated = set()
        G.graph["frustration"] = 0
        G.graph["optimal"] = True
    for u, v, d in G.edges(data=True):
        d["frustrated"] = frozenset((u, v)) in frustrated
    groups, _ = component_blocs(G, seed=seed, time_limit=time_limit) if G.number_of_nodes() else ([], True)
    number = 0
    for members in groups:
        for n in members:
            G.nodes[n]["bloc"] = number if len(members) > 1 else -1
        if len(members) > 1:
            number += 1
    return G
