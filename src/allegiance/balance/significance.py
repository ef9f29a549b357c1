"""Is this network more balanced than chance? Balance measures against null models.

A balance figure means little on its own: a sparse network with few triangles is
"100 % balanced" by accident, and a network with few negative ties is balanced almost
whatever its structure. :func:`balance_significance` compares each measure with its
distribution over random networks that keep what chance cannot explain away:

* ``"shuffle"`` -- the same edges, the signs shuffled among them (the number of
  negative ties kept);
* ``"rewire"`` -- degree- and sign-preserving rewiring: double edge swaps within the
  positive ties and within the negative ties, so every actor keeps its number of
  allies and of enemies (Maslov & Sneppen 2002, as used for balance by Szell et al.
  2010 and Aref & Wilson 2018).

For each measure (triangle balance, normalised frustration ``1 - 2L/m``, walk balance)
and null model it reports the expected value, standard deviation, z-score and the
empirical one-sided p-value ``(1 + #{null >= observed}) / (1 + samples)``.

Frustration in the null samples is computed with the fast local-search heuristic
(:func:`frustration_index` with ``method="heuristic"``, one start; above
:data:`ARRAY_FRUSTRATION_MIN_EDGES` ties a four-start descent on flat arrays, which is
tens of times faster), and so is the observed value it is compared with, so both sides
carry the same (small) heuristic bias; the exact index of the observed graph is
reported by :func:`balance_summary`. Weights are ignored here: every tie counts once.

Time budget
-----------
``budget`` (seconds, shared by the null models) stops drawing null samples when it
runs out; each comparison reports how many samples it rests on and the resolution of
its p-value, ``1 / (samples + 1)``. Triangle balance (cheap: the signs of the
triangles) is measured first, on every sample, the models taking turns; then the null
frustration (a local search per sample) on the same samples (drawn again from the same
seed) while the budget lasts, so it may rest on fewer samples.

A test needs at least ``1 / alpha - 1`` samples (19 at ``alpha = 0.05``) before its
p-value can clear ``alpha``. A decisive measure with fewer samples under some model
does not take part in the verdict, and the reason names it with its count; when no
decisive measure has enough, no verdict is given ("too few null samples to say")
rather than a false "not distinguishable from chance". Without a budget the result
depends only on the graph, ``samples`` and ``seed``; with one, the number of samples
also depends on the machine's speed.

Verdict
-------
The verdict rests on triangle balance and normalised frustration (walk balance is
reported, not decisive; a measure short of samples is left out, see above; ``decided_by``
lists the measures used): "more balanced than chance" when every one of these tests
has ``p <= alpha`` under both null models; "less balanced than chance" when every
lower-tail test does; "more balanced than shuffled signs, but no more than its
actors' numbers of allies and enemies imply" when only the shuffled-sign tests pass
(the balance is real but explained by who has many enemies); otherwise "not
distinguishable from chance".

Too little data
---------------
Below :data:`MIN_TRIANGLES` triangles, :data:`MIN_EDGES` ties, or when the largest
connected component holds less than :data:`MIN_LARGEST_COMPONENT_SHARE` of the ties,
no verdict is given ("too little data to say"); the measures and the numbers behind
the decision are still returned.

References
----------
.. [1] Maslov, S. & Sneppen, K. (2002). Specificity and stability in topology of
   protein networks. *Science* 296, 910-913.
.. [2] Szell, M., Lambiotte, R. & Thurner, S. (2010). Multirelational organization of
   large-scale social networks in an online world. *PNAS* 107(31), 13636-13641.
.. [3] Aref, S. & Wilson, M. C. (2018). Measuring partial balance in signed networks.
   *Journal of Complex Networks* 6(4), 566-595.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Sequence

import networkx as nx
import numpy as np

from allegiance.balance._rewire import rewired_signs
from allegiance.balance._search import field_matrix, local_search_arrays
from allegiance.balance._signed import component_labels, signed_edges
from allegiance.balance.frustration import frustration_index
from allegiance.balance.triangles import triangle_edge_index
from allegiance.balance.walk import walk_balance
from allegiance.errors import ConfigError

__all__ = [
    "CHEAP_MEASURES",
    "MEASURES",
    "MIN_EDGES",
    "MIN_LARGEST_COMPONENT_SHARE",
    "MIN_TRIANGLES",
    "NULL_MODELS",
    "DataAdequacy",
    "NullComparison",
    "Significance",
    "VERDICTS",
    "balance_significance",
    "data_adequacy",
    "default_samples",
    "rewired_signs",
    "shuffled_signs",
]

#: Fewer triangles than this: no verdict.
MIN_TRIANGLES = 10
#: Fewer ties than this: no verdict.
MIN_EDGES = 20
#: The largest connected component must hold at least this share of the ties.
MIN_LARGEST_COMPONENT_SHARE = 0.5
NULL_MODELS = ("shuffle", "rewire")
MEASURES = ("triangle_balance", "normalised_frustration", "walk_balance")
#: Measures whose p-values decide the verdict (walk balance is reported only: on
#: large graphs it is dominated by long walks and is near 0 for every sample).
DECISIVE = ("triangle_balance", "normalised_frustration")
VERDICTS = ("more balanced than chance", "less balanced than chance",
            "not distinguishable from chance", "too little data to say",
            "more balanced than shuffled signs, but no more than its actors' numbers of allies and enemies imply",
            "too few null samples to say")
#: Measures computed first on every null sample (the others after them, in what is
#: left of the budget).
CHEAP_MEASURES = ("triangle_balance",)
ARRAY_FRUSTRATION_MIN_EDGES = 2_000  # above this, null frustration by a descent on flat arrays
_WALK_MAX_NODES = 600  # walk balance (an eigendecomposition) is skipped above this


@dataclass(frozen=True, slots=True)
class DataAdequacy:
    """Whether a graph holds enough structure for a verdict, and the numbers behind it.

    Attributes
    ----------
    edges, triangles, components : int
    largest_component_share : float
        Share of the ties in the largest connected component (0 without ties).
    enough : bool
    reasons : tuple of str
        Why not, in words (empty when ``enough``).
    """

    edges: int
    triangles: int
    components: int
    largest_component_share: float
    enough: bool
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, with the thresholds applied."""
        return {"edges": self.edges, "triangles": self.triangles, "components": self.components,
                "largest_component_share": round(self.largest_component_share, 4), "enough": self.enough,
                "reasons": list(self.reasons),
                "minimum": {"edges": MIN_EDGES, "triangles": MIN_TRIANGLES,
                            "largest_component_share": MIN_LARGEST_COMPONENT_SHARE}}


@dataclass(frozen=True, slots=True)
class NullComparison:
    """One measure against one null model.

    Attributes
    ----------
    measure, model : str
    observed, expected, std, z : float
        ``z = (observed - expected) / std`` (NaN when ``std`` is 0 or no sample was valid).
    p_value : float
        Empirical P(null >= observed): small means more balanced than chance.
    p_lower : float
        Empirical P(null <= observed): small means less balanced than chance.
    low, high : float
        5th and 95th percentiles of the null distribution (the band drawn on time lines).
    samples : int
        Valid null samples (samples without triangles have no triangle balance).
    """

    measure: str
    model: str
    observed: float
    expected: float
    std: float
    z: float
    p_value: float
    p_lower: float
    low: float
    high: float
    samples: int

    def to_dict(self) -> dict[str, Any]:
        """Rounded plain dict (NaN as None)."""
        def r(x: float, d: int = 4) -> float | None:
            return None if x is None or not math.isfinite(x) else round(float(x), d)
        return {"measure": self.measure, "model": self.model, "observed": r(self.observed),
                "expected": r(self.expected), "std": r(self.std), "z": r(self.z, 2),
                "p_value": r(self.p_value), "p_lower": r(self.p_lower), "band": [r(self.low), r(self.high)],
                "samples": self.samples, "p_resolution": r(1 / (self.samples + 1))}


@dataclass(frozen=True, slots=True)
class Significance:
    """Balance measures of a graph against null models, and a verdict in words.

    Attributes
    ----------
    verdict : str
        One of :data:`VERDICTS`.
    reason : str
        One sentence saying what the verdict rests on.
    adequacy : DataAdequacy
    comparisons : list of NullComparison
    samples, seed : int
        Samples requested per model (each comparison says how many it got), and the seed.
    alpha : float
    decided_by : tuple of str
        The measures the verdict rests on (empty when there is no verdict).
    budget : float or None
        Seconds allowed for the null samples (None: no limit).
    seconds : float
        Seconds spent drawing and measuring null samples (not in :meth:`to_dict`, which
        depends only on the graph, the options and the seed when there is no budget).
    """

    verdict: str
    reason: str
    adequacy: DataAdequacy
    comparisons: list[NullComparison] = field(default_factory=list)
    samples: int = 0
    seed: int = 0
    alpha: float = 0.05
    decided_by: tuple[str, ...] = ()
    budget: float | None = None
    seconds: float = 0.0

    def get(self, measure: str, model: str) -> NullComparison | None:
        """The comparison of ``measure`` under ``model`` (None when not computed)."""
        return next((c for c in self.comparisons if c.measure == measure and c.model == model), None)

    def to_dict(self) -> dict[str, Any]:
        """The ``significance`` object of ``balance --json``."""
        return {"verdict": self.verdict, "reason": self.reason, "data": self.adequacy.to_dict(),
                "samples": self.samples, "seed": self.seed, "alpha": self.alpha,
                "decided_by": list(self.decided_by),
                "budget_seconds": None if self.budget is None else round(self.budget, 3),
                "frustration_method": "heuristic (observed and null alike)",
                "null_models": [c.to_dict() for c in self.comparisons]}


def default_samples(edges: int) -> int:
    """Null samples for interactive use: 100 up to 2,000 ties, fewer above (at least 20).

    Examples
    --------
    >>> default_samples(58), default_samples(10_000), default_samples(1_000_000)
    (100, 20, 20)
    """
    return max(20, min(100, 200_000 // max(edges, 1)))


# --- the edges as arrays ---------------------------------------------------------------

def _edge_arrays(G: nx.Graph) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    E = signed_edges(G)
    return E.n, np.asarray(E.u, dtype=np.int64), np.asarray(E.v, dtype=np.int64), np.asarray(E.s, dtype=np.int8)


def _triangles(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Every triangle as three edge indexes, shape ``(T, 3)``."""
    return triangle_edge_index(n, u, v)


def _triangle_balance(tri: np.ndarray, s: np.ndarray) -> float:
    if len(tri) == 0:
        return math.nan
    return float(np.mean(np.prod(s[tri].astype(np.int64), axis=1) > 0))


def _graph(n: int, u: np.ndarray, v: np.ndarray, s: np.ndarray) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(range(n))
    H.add_edges_from((a, b, {"sign": int(c)}) for a, b, c in zip(u.tolist(), v.tolist(), s.tolist()))
    return H


def _normalised_frustration(n: int, u: np.ndarray, v: np.ndarray, s: np.ndarray, H: nx.Graph | None,
                            seed: int) -> float:
    """``1 - 2L/m`` with L from the heuristic (flat-array descent above the size threshold)."""
    m = len(u)
    if not m:
        return math.nan
    if m > ARRAY_FRUSTRATION_MIN_EDGES:
        _sigma, frustration = local_search_arrays(field_matrix(n, u, v, s.astype(float)), random.Random(seed),
                                                  restarts=4)
        return 1 - 2 * float(frustration) / m
    return 1 - 2 * frustration_index(H, method="heuristic", restarts=1, seed=seed).value / m


def _needs_graph(fns: dict[str, Callable], m: int) -> bool:
    """Whether some measure reads the networkx graph (the others read the arrays)."""
    return "walk_balance" in fns or ("normalised_frustration" in fns and m <= ARRAY_FRUSTRATION_MIN_EDGES)


# --- null models -----------------------------------------------------------------------

def shuffled_signs(s: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The signs permuted over the same edges (as many negative ties as before).

    Examples
    --------
    >>> s = np.array([1, 1, -1, -1, 1])
    >>> sorted(shuffled_signs(s, np.random.default_rng(0)).tolist()) == sorted(s.tolist())
    True
    """
    return rng.permutation(s)


# --- adequacy, measures, verdict -------------------------------------------------------

def data_adequacy(G: nx.Graph) -> DataAdequacy:
    """Counts behind "enough data for a verdict?" (see the module docstring).

    Examples
    --------
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": 1}), (1, 3, {"sign": 1}), (4, 5, {"sign": -1})])
    >>> a = data_adequacy(G)
    >>> a.enough, a.triangles, a.components
    (False, 1, 2)
    """
    n, u, v, _s = _edge_arrays(G)
    return _adequacy(n, u, v, len(_triangles(n, u, v)))


def _adequacy(n: int, u: np.ndarray, v: np.ndarray, triangles: int) -> DataAdequacy:
    m = len(u)
    comps: list[int] = []
    if m:
        ties = np.bincount(component_labels(n, u, v)[u])
        comps = ties[ties > 0].tolist()
    share = max(comps) / m if m else 0.0
    reasons = []
    if m < MIN_EDGES:
        reasons.append(f"only {m} ties (at least {MIN_EDGES} needed)")
    if triangles < MIN_TRIANGLES:
        reasons.append(f"only {triangles} triangle{'s' if triangles != 1 else ''} (at least {MIN_TRIANGLES} needed)")
    if share < MIN_LARGEST_COMPONENT_SHARE:
        reasons.append(f"the ties fall apart into {len(comps)} pieces; the largest holds {share:.0%} of them "
                       f"(at least {MIN_LARGEST_COMPONENT_SHARE:.0%} needed)")
    return DataAdequacy(m, triangles, len(comps), share, not reasons, tuple(reasons))


def _measure_functions(n: int, measures: Sequence[str], seed: int) -> dict[str, Callable]:
    """measure -> f(u, v, s, tri, graph) for the measures that can be computed at this size."""
    out: dict[str, Callable] = {}
    if "triangle_balance" in measures:
        out["triangle_balance"] = lambda u, v, s, tri, H: _triangle_balance(tri, s)
    if "normalised_frustration" in measures:
        out["normalised_frustration"] = lambda u, v, s, tri, H: _normalised_frustration(n, u, v, s, H, seed)
    if "walk_balance" in measures and n <= _WALK_MAX_NODES:
        out["walk_balance"] = lambda u, v, s, tri, H: walk_balance(H)
    return out


def _compare(measure: str, model: str, observed: float, null: list[float]) -> NullComparison:
    x = np.asarray([y for y in null if math.isfinite(y)], dtype=float)
    k = len(x)
    if k == 0 or not math.isfinite(observed):
        return NullComparison(measure, model, observed, math.nan, math.nan, math.nan, math.nan, math.nan,
                              math.nan, math.nan, k)
    mean, std = float(x.mean()), float(x.std(ddof=1)) if k > 1 else 0.0
    eps = 1e-12
    z = (observed - mean) / std if std > eps else math.nan
    p_hi = (1 + int(np.sum(x >= observed - eps))) / (1 + k)
    p_lo = (1 + int(np.sum(x <= observed + eps))) / (1 + k)
    low, high = (float(q) for q in np.percentile(x, [5, 95]))
    return NullComparison(measure, model, observed, mean, std, z, p_hi, p_lo, low, high, k)


def _verdict(adequacy: DataAdequacy, comparisons: list[NullComparison],
             alpha: float) -> tuple[str, str, tuple[str, ...]]:
    """(verdict, reason, measures the verdict rests on)."""
    if not adequacy.enough:
        return VERDICTS[3], "; ".join(adequacy.reasons), ()
    needed = math.ceil(1 / alpha - 1 - 1e-9)  # the smallest p-value is 1 / (samples + 1)
    tried = [c for c in comparisons if c.measure in DECISIVE and (c.samples or math.isfinite(c.observed))]
    short = [c for c in tried if c.samples < needed]
    deciding = tuple(m for m in DECISIVE if any(c.measure == m for c in tried)
                     and not any(c.measure == m for c in short))
    decisive = [c for c in tried if c.measure in deciding and c.samples and math.isfinite(c.p_value)]
    got = ", ".join(f"{c.measure.replace('_', ' ')} vs {c.model}: {c.samples}" for c in short)
    if short and not decisive:
        return VERDICTS[5], (f"a p-value can clear alpha={alpha} only with at least {needed} null samples; "
                             f"drawn: {got} (give more samples or a longer budget)"), ()
    if not decisive:
        return VERDICTS[3], "no null sample could be measured", ()
    deciding = tuple(m for m in deciding if any(c.measure == m for c in decisive))
    left_out = (f"; left out for too few null samples (at least {needed} needed): {got}" if short else "")
    names = ", ".join(f"{c.measure.replace('_', ' ')} vs {c.model} (p={c.p_value:.3g})" for c in decisive)
    if all(c.p_value <= alpha for c in decisive):
        return VERDICTS[0], f"every test says so at alpha={alpha}: {names}{left_out}", deciding
    if all(c.p_lower <= alpha for c in decisive):
        lows = ", ".join(f"{c.measure.replace('_', ' ')} vs {c.model} (p={c.p_lower:.3g})" for c in decisive)
        return VERDICTS[1], f"every test says so at alpha={alpha}: {lows}{left_out}", deciding
    shuffle = [c for c in decisive if c.model == "shuffle"]
    if shuffle and all(c.p_value <= alpha for c in shuffle):
        return VERDICTS[4], (f"the shuffled-sign tests clear alpha={alpha}, not all rewiring tests: "
                             f"{names}{left_out}"), deciding
    return VERDICTS[2], f"not every test clears alpha={alpha}: {names}{left_out}", deciding


def balance_significance(
    G: nx.Graph,
    *,
    samples: int = 100,
    seed: int = 0,
    models: Sequence[str] = NULL_MODELS,
    measures: Sequence[str] = MEASURES,
    alpha: float = 0.05,
    budget: float | None = None,
) -> Significance:
    """Balance measures of ``G`` against shuffled-sign and rewired null models.

    Parameters
    ----------
    G : networkx graph
        Signed graph (undirected signed view; weights ignored).
    samples : int
        Null samples per model (the smallest p-value is ``1 / (samples + 1)``).
    seed : int
        Seed of the null samples and of the heuristic (same seed, same result).
    models : sequence of {"shuffle", "rewire"}
    measures : sequence of {"triangle_balance", "normalised_frustration", "walk_balance"}
        Walk balance is skipped above 600 actors.
    alpha : float
        Significance level of the verdict.
    budget : float, optional
        Seconds for the whole test (the observed measures included); null sampling
        stops when it runs out and each comparison says how many samples it rests on
        (see "Time budget" above). ``None``: no limit, and the result depends only on
        the graph, ``samples`` and ``seed``.

    Returns
    -------
    Significance

    Raises
    ------
    ConfigError
        For an unknown model or measure, ``samples < 1`` or ``alpha`` outside (0, 1).

    Examples
    --------
    Two camps at war, friends inside each: far more balanced than shuffled signs.

    >>> G = nx.complete_graph(8)
    >>> nx.set_edge_attributes(G, {(a, b): 1 if (a < 4) == (b < 4) else -1 for a, b in G.edges}, "sign")
    >>> r = balance_significance(G, samples=30, models=["shuffle"], measures=["triangle_balance"])
    >>> r.verdict, r.get("triangle_balance", "shuffle").observed
    ('more balanced than chance', 1.0)
    """
    bad = [m for m in models if m not in NULL_MODELS] + [m for m in measures if m not in MEASURES]
    if bad:
        raise ConfigError(f"unknown null model or measure {bad[0]!r}",
                          hint=f"models: {', '.join(NULL_MODELS)}; measures: {', '.join(MEASURES)}")
    if samples < 1 or not 0 < alpha < 1:
        raise ConfigError(f"need samples >= 1 and 0 < alpha < 1, got {samples} and {alpha}")
    start = time.perf_counter()
    n, u, v, s = _edge_arrays(G)
    tri = _triangles(n, u, v)
    adequacy = _adequacy(n, u, v, len(tri))
    fns = _measure_functions(n, measures, seed)
    H = _graph(n, u, v, s) if _needs_graph(fns, len(u)) else None
    observed = {name: f(u, v, s, tri, H) for name, f in fns.items()}
    null = {model: {name: [] for name in fns} for model in models}
    if len(u) >= 2:
        null = _null_values(models, n, u, v, s, tri, fns, samples=samples, seed=seed,
                            t_end=None if budget is None else start + budget)
    comparisons = [_compare(name, model, observed[name], null[model][name]) for model in models for name in fns]
    verdict, reason, decided_by = _verdict(adequacy, comparisons, alpha)
    return Significance(verdict, reason, adequacy, comparisons, samples, seed, alpha, decided_by, budget,
                        time.perf_counter() - start)


def _null_values(models: Sequence[str], n: int, u: np.ndarray, v: np.ndarray, s: np.ndarray, tri: np.ndarray,
                 fns: dict[str, Callable], *, samples: int, seed: int,
                 t_end: float | None = None) -> dict[str, dict[str, list[float]]]:
    """model -> measure -> values over up to ``samples`` null graphs per model.

    First the cheap measures (:data:`CHEAP_MEASURES`) on every sample, the models
    taking turns; then the others on the same samples (drawn again from the same
    seed), the models taking turns, until ``t_end``.
    """
    out: dict[str, dict[str, list[float]]] = {model: {name: [] for name in fns} for model in models}
    cheap = {name: f for name, f in fns.items() if name in CHEAP_MEASURES}
    costly = {name: f for name, f in fns.items() if name not in CHEAP_MEASURES}
    for wanted in (cheap, costly):
        if not wanted:
            continue
        draws = {model: _null_draws(model, n, u, v, s, tri, seed=seed, t_end=t_end,
                                    triangles=bool(set(wanted) & {"triangle_balance"})) for model in models}
        for _ in range(samples):
            for model in models:
                if t_end is not None and time.perf_counter() >= t_end:
                    return out
                drawn = next(draws[model], None)
                if drawn is None:
                    continue
                su, sv, ss, stri = drawn
                H = _graph(n, su, sv, ss) if _needs_graph(wanted, len(u)) else None
                for name, f in wanted.items():
                    out[model][name].append(f(su, sv, ss, stri, H))
    return out


def _null_draws(model: str, n: int, u: np.ndarray, v: np.ndarray, s: np.ndarray, tri: np.ndarray, *,
                seed: int, t_end: float | None, triangles: bool = True):
    """Endless null graphs ``(u, v, signs, triangles)`` of one model (a generator; the
    triangles of rewired graphs are None unless ``triangles``)."""
    m = len(u)
    if model == "shuffle":
        rng_np = np.random.default_rng(seed)
        while True:
            yield u, v, shuffled_signs(s, rng_np), tri
    rng = random.Random(seed)
    cu, cv = u, v
    for _ in range(10):  # burn in, in ten stretches, to notice the deadline
        if t_end is not None and time.perf_counter() >= t_end:
            return
        cu, cv = rewired_signs(cu, cv, s, rng, swaps=m)
    while True:
        cu, cv = rewired_signs(cu, cv, s, rng, swaps=2 * m)
        yield cu, cv, s, _triangles(n, cu, cv) if triangles else None
