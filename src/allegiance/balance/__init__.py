"""allegiance.balance: structural balance of signed networks.

Functions take a signed networkx graph first (edges carry ``sign`` = +1/-1; directed
graphs and multigraphs are read in their undirected signed view, pairs collapsed by the
sign of the summed signed weight) and options as keywords, and return typed results.

* :func:`triangle_census`, :func:`node_triangle_census`, :func:`triangle_balance`,
  :func:`directed_triad_census` -- signed triangles and triads;
* :func:`walk_balance`, :func:`walk_balance_estimate` -- Estrada-Benzi walk-based balance
  (exact, or sparse with a stated error bound);
* :func:`frustration_index` -- exact (HiGHS MILP) or heuristic line index of balance;
* :func:`two_blocs`, :func:`k_blocs` -- the optimal two camps, and k blocs;
* :func:`edge_strain` -- which ties a balanced map would flip;
* :func:`predict_signs`, :func:`evaluate_sign_prediction` -- enemy of my enemy;
* :func:`alliance_fragility` -- alliances resting on shared enemies only;
* :func:`balance_summary`, :func:`balance_series` -- all of it, for one graph or a series;
* :func:`analyse_balance` -- what ``allegiance balance`` reports: the summary, the
  significance and each connected piece, every measure once and within its budget.

Examples
--------
>>> import networkx as nx
>>> from allegiance.balance import frustration_index, triangle_census
>>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": 1}), ("a", "c", {"sign": -1})])
>>> triangle_census(G).to_dict(), frustration_index(G).value
({'+++': 0, '++-': 1, '+--': 0, '---': 0}, 1)
"""

from allegiance.balance.analysis import BalanceAnalysis, analyse_balance
from allegiance.balance.blocs import Blocs, bloc_criterion, k_blocs, two_blocs
from allegiance.balance.fragility import AllianceSupport, alliance_fragility
from allegiance.balance.frustration import FrustrationResult, frustrated_edges, frustration_index, frustration_of
from allegiance.balance.prediction import (
    SignPrediction,
    SignPredictionEvaluation,
    evaluate_sign_prediction,
    predict_signs,
)
from allegiance.balance.strain import EdgeStrain, edge_strain
from allegiance.balance.summary import BalanceSummary, balance_series, balance_summary
from allegiance.balance.triangles import (
    TRIANGLE_TYPES,
    DirectedTriadCensus,
    TriangleCensus,
    directed_triad_census,
    node_triangle_census,
    signed_triangles,
    triangle_balance,
    triangle_census,
)
from allegiance.balance.walk import WalkBalance, walk_balance, walk_balance_estimate

__all__ = [
    "AllianceSupport",
    "BalanceAnalysis",
    "BalanceSummary",
    "Blocs",
    "DirectedTriadCensus",
    "EdgeStrain",
    "FrustrationResult",
    "SignPrediction",
    "SignPredictionEvaluation",
    "TRIANGLE_TYPES",
    "TriangleCensus",
    "WalkBalance",
    "alliance_fragility",
    "analyse_balance",
    "balance_series",
    "balance_summary",
    "bloc_criterion",
    "directed_triad_census",
    "edge_strain",
    "evaluate_sign_prediction",
    "frustrated_edges",
    "frustration_index",
    "frustration_of",
    "k_blocs",
    "node_triangle_census",
    "predict_signs",
    "signed_triangles",
    "triangle_balance",
    "triangle_census",
    "two_blocs",
    "walk_balance",
    "walk_balance_estimate",
]
