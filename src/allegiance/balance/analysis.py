"""The whole balance analysis of one signed graph, as ``allegiance balance`` prints it.

:func:`analyse_balance` computes, once each and sharing what it can: the summary
(counts, triangle census, triangle and walk balance, the frustration index with its
two camps), the significance of the balance against null models, and the balance,
camps, blocs and dipoles of each connected piece (whose frustration is cut from the
whole graph's solve rather than solved again).

Cost is tied to the frustration solve: the null samples of the significance test get
:func:`significance_budget` seconds (:data:`SIGNIFICANCE_SHARE` of the solve's time, at
least :data:`SIGNIFICANCE_MIN_SECONDS`; small graphs, whose solve takes milliseconds,
get :data:`SMALL_GRAPH_SECONDS`), and the output says how many samples each
comparison rests on and the p-value resolution that gives; the walk balance has its
own budget past which it reports its error bound. Nothing past its budget is dropped
silently: ``skipped`` names every measure not computed and why, and ``seconds`` says
where the time went.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1})])
>>> d = analyse_balance(G, samples=0).to_dict()
>>> d["frustration"]["value"], d["significance"], d["skipped"]["significance"]
(0, None, 'not requested (samples=0)')
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Mapping

import networkx as nx

from allegiance.balance.components import ComponentBalance, component_balance
from allegiance.balance.significance import Significance, balance_significance, default_samples
from allegiance.balance.summary import BalanceSummary, balance_summary
from allegiance.errors import ConfigError

__all__ = ["SIGNIFICANCE_MIN_SECONDS", "SIGNIFICANCE_SHARE", "SMALL_GRAPH_EDGES", "SMALL_GRAPH_SECONDS",
           "BalanceAnalysis", "analyse_balance", "significance_budget"]

#: Seconds of null sampling per second of the frustration solve (the automatic budget).
SIGNIFICANCE_SHARE = 0.5
#: The automatic significance budget is never below this many seconds.
SIGNIFICANCE_MIN_SECONDS = 0.5
#: Graphs with at most this many ties ...
SMALL_GRAPH_EDGES = 2_000
#: ... get at least this many seconds (their samples are cheap; all of them usually fit).
SMALL_GRAPH_SECONDS = 3.0


@dataclass(frozen=True, slots=True)
class BalanceAnalysis:
    """Everything ``allegiance balance`` reports on one graph.

    Attributes
    ----------
    summary : BalanceSummary
    significance : Significance or None
        None when not requested (``samples=0``).
    components : list of ComponentBalance
    seconds : Mapping[str, float]
        Wall seconds per part (``frustration``, ``walk_balance``, ``triangles_and_counts``,
        ``significance``, ``components``, ``total``).
    skipped : Mapping[str, str]
        Measures not computed here, and why (added to the summary's own).
    """

    summary: BalanceSummary
    significance: Significance | None
    components: list[ComponentBalance] = field(default_factory=list)
    seconds: Mapping[str, float] = field(default_factory=dict)
    skipped: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The ``balance --json`` object: the summary's keys, ``significance``, ``components``, ``seconds``."""
        out = self.summary.to_dict()
        out["skipped"] = {**out["skipped"], **self.skipped}
        out["significance"] = None if self.significance is None else self.significance.to_dict()
        out["components"] = [c.to_dict() for c in self.components]
        out["seconds"] = {k: round(v, 3) for k, v in self.seconds.items()}
        return out


def significance_budget(frustration_seconds: float, edges: int) -> float:
    """The automatic null-sampling budget for a graph of ``edges`` ties whose frustration solve took this long.

    Examples
    --------
    >>> significance_budget(0.01, 14_000), significance_budget(4.0, 14_000), significance_budget(0.01, 58)
    (0.5, 2.0, 3.0)
    """
    floor = SMALL_GRAPH_SECONDS if edges <= SMALL_GRAPH_EDGES else SIGNIFICANCE_MIN_SECONDS
    return max(floor, SIGNIFICANCE_SHARE * float(frustration_seconds))


def analyse_balance(
    G: nx.Graph,
    *,
    method: str = "milp",
    time_limit: float | None = None,
    weight: str | None = None,
    seed: int = 0,
    samples: int | None = None,
    budget: float | None = None,
    walk_budget: float | None = 60.0,
) -> BalanceAnalysis:
    """Summary, significance and per-component balance of ``G``, each once.

    Parameters
    ----------
    G : networkx graph
        Signed graph (undirected signed view).
    method, time_limit, weight, seed
        As :func:`balance_summary` (``time_limit`` also bounds each component's bloc
        search; 5 s when not given).
    samples : int, optional
        Null samples per model (default :func:`default_samples`; 0: no significance test).
    budget : float, optional
        Seconds for the null samples; ``None``: :func:`significance_budget` of the
        frustration solve's time; 0: no limit (reproducible whatever the machine).
    walk_budget : float, optional
        Seconds for the walk balance (past them it reports the error bound it has).

    Returns
    -------
    BalanceAnalysis

    Raises
    ------
    ConfigError
        For ``samples < 0`` or a negative budget.
    """
    if samples is not None and samples < 0:
        raise ConfigError(f"--samples must be 0 or more, got {samples}")
    if budget is not None and budget < 0:
        raise ConfigError(f"the significance budget must be 0 or more seconds, got {budget}")
    start = time.perf_counter()
    summary = balance_summary(G, method=method, time_limit=time_limit, weight=weight, seed=seed,
                              budget=walk_budget)
    fr = summary.frustration
    walk_seconds = summary.walk.seconds if summary.walk is not None else 0.0
    seconds = {"frustration": fr.seconds, "walk_balance": walk_seconds,
               "triangles_and_counts": time.perf_counter() - start - fr.seconds - walk_seconds}
    n = default_samples(summary.edges) if samples is None else samples
    skipped: dict[str, str] = {}
    sig = None
    mark = time.perf_counter()
    if n:
        allowed = significance_budget(fr.seconds, summary.edges) if budget is None else (budget or None)
        sig = balance_significance(G, samples=n, seed=seed, budget=allowed)
    else:
        skipped["significance"] = "not requested (samples=0)"
    seconds["significance"] = time.perf_counter() - mark
    mark = time.perf_counter()
    # the whole graph's (unweighted) colouring serves every component; weighted, they are solved again
    parts = component_balance(G, seed=seed, time_limit=5.0 if time_limit is None else time_limit,
                              frustration=fr if weight is None else None)
    seconds["components"] = time.perf_counter() - mark
    seconds["total"] = time.perf_counter() - start
    return BalanceAnalysis(summary, sig, parts, seconds, skipped)
