"""Local search on the 2-colouring (``allegiance.balance._search``): valid,
reproducible, exact on small graphs, and within its budget."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.balance._search import local_search


def nbrs_of(n, elist):
    nbrs = [[] for _ in range(n)]
    for a, b, s, w in elist:
        nbrs[a].append((b, s * w))
        nbrs[b].append((a, s * w))
    return nbrs


def frustration(elist, x):
    return sum(w for a, b, s, w in elist if (x[a] != x[b]) == (s > 0))


def exact(n, elist):
    return min(frustration(elist, bits) for bits in itertools.product((0, 1), repeat=n))


def planted(n, m, noise, seed):
    rng = random.Random(seed)
    camp = [rng.randrange(2) for _ in range(n)]
    pairs = rng.sample(list(itertools.combinations(range(n), 2)), m)
    elist = []
    for a, b in pairs:
        s = 1 if camp[a] == camp[b] else -1
        elist.append((a, b, -s if rng.random() < noise else s, 1.0))
    return camp, elist


def test_a_balanced_graph_is_coloured_without_frustration():
    camp, elist = planted(300, 2000, 0.0, 1)
    x = local_search(nbrs_of(300, elist), random.Random(0))
    assert frustration(elist, x) == 0
    assert all(v in (0, 1) for v in x) and len(x) == 300


def test_an_unbalanced_triangle_keeps_one_frustrated_edge():
    elist = [(0, 1, 1, 1.0), (1, 2, 1, 1.0), (0, 2, -1, 1.0)]
    assert frustration(elist, local_search(nbrs_of(3, elist), random.Random(0))) == 1


def test_empty_graph():
    assert local_search([], random.Random(0)) == []


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 9), st.data())
def test_small_graphs_are_solved_exactly(n, data):
    pairs = list(itertools.combinations(range(n), 2))
    chosen = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    elist = [(a, b, data.draw(st.sampled_from([1, -1])), 1.0) for a, b in chosen]
    x = local_search(nbrs_of(n, elist), random.Random(0))
    assert frustration(elist, x) == exact(n, elist)


def test_reproducible_for_a_seed():
    _camp, elist = planted(400, 3000, 0.1, 2)
    nbrs = nbrs_of(400, elist)
    assert local_search(nbrs, random.Random(5)) == local_search(nbrs, random.Random(5))


def test_noise_is_found_near_the_planted_colouring():
    camp, elist = planted(500, 5000, 0.05, 3)
    x = local_search(nbrs_of(500, elist), random.Random(1))
    assert frustration(elist, x) <= frustration(elist, camp)


def test_a_budget_stops_endless_perturbation_with_a_valid_colouring():
    camp, elist = planted(2000, 20000, 0.1, 4)
    nbrs = nbrs_of(2000, elist)
    # steps=10**9 would run for hours: only the budget can end it
    x = local_search(nbrs, random.Random(0), restarts=1000, budget=0.2, steps=10**9)
    assert len(x) == 2000 and set(x) <= {0, 1}
    assert frustration(elist, x) < len(elist) / 2


def test_large_blocks_draw_their_starts_with_scipy(monkeypatch):
    from allegiance.balance import _search

    monkeypatch.setattr(_search, "_SPARSE_START_NODES", 0)
    _camp, elist = planted(300, 2000, 0.0, 1)
    elist += [(300, 301, -1, 1.0)]  # a second component, and an isolated node 302
    nbrs = nbrs_of(303, elist)
    x = local_search(nbrs, random.Random(0), restarts=2)
    assert frustration(elist, x) == 0 and len(x) == 303
    assert local_search(nbrs, random.Random(3), restarts=2) == local_search(nbrs, random.Random(3), restarts=2)
    sigma = _search._SparseStarts(_search._field_matrix(nbrs)).draw(random.Random(1))
    # a spanning-tree colouring of a balanced graph is already the balanced one
    assert frustration(elist, [0 if s > 0 else 1 for s in sigma]) == 0
    camp, elist = planted(500, 5000, 0.05, 3)
    x = local_search(nbrs_of(500, elist), random.Random(1))
    assert frustration(elist, x) <= frustration(elist, camp)
