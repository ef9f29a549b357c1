"""Degree- and sign-preserving rewiring of a signed graph given as edge arrays (vectorised).

The null model ``"rewire"`` of :mod:`allegiance.balance.significance` (Maslov & Sneppen
2002, as used for balance by Szell et al. 2010 and Aref & Wilson 2018).
"""

from __future__ import annotations

import random

import numpy as np

__all__ = ["rewired_signs"]


def rewired_signs(u: np.ndarray, v: np.ndarray, s: np.ndarray, rng: random.Random | np.random.Generator, *,
                  swaps: int) -> tuple[np.ndarray, np.ndarray]:
    """Degree- and sign-preserving double edge swaps, ``swaps`` attempts; returns new ``(u, v)``.

    Two ties of the same sign ``a-b`` and ``c-d`` become ``a-d`` and ``c-b`` unless that
    makes a self-loop or a pair that already has a tie (of either sign). Every actor
    keeps its number of positive and of negative ties. The attempts are drawn in
    batches (vectorised); within a batch a swap is kept only when no other swap of the
    batch touches its ties or makes the same new pair, so the kept swaps are disjoint
    and each is valid on its own.

    Examples
    --------
    >>> u, v, s = np.array([0, 2, 0, 1]), np.array([1, 3, 2, 3]), np.array([1, 1, -1, -1])
    >>> nu, nv = rewired_signs(u, v, s, random.Random(1), swaps=50)
    >>> sorted(np.bincount(np.r_[nu[s > 0], nv[s > 0]], minlength=4).tolist())
    [1, 1, 1, 1]
    """
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng.getrandbits(63))
    uu, vv = np.array(u, dtype=np.int64), np.array(v, dtype=np.int64)
    s = np.asarray(s)
    classes = [ks for ks in (np.flatnonzero(s > 0), np.flatnonzero(s < 0)) if len(ks) >= 2]
    if not classes:
        return uu, vv
    pool = np.concatenate(classes)
    first = len(classes[0])
    width = int(max(uu.max(), vv.max())) + 1
    taken = _PairSet(width, np.minimum(uu, vv) * width + np.maximum(uu, vv))
    batch = max(4, len(pool) // 8)
    left = swaps
    while left > 0:
        b = min(batch, left)
        left -= b
        r = gen.integers(0, len(pool), b)
        second = r >= first
        i = pool[r]
        j = pool[np.where(second, first, 0) + (gen.random(b) * np.where(second, len(pool) - first, first)).astype(np.int64)]
        turn = gen.random(b) < 0.5
        a, bb = uu[i], vv[i]
        c, d = np.where(turn, uu[j], vv[j]), np.where(turn, vv[j], uu[j])
        _swap_batch(uu, vv, i, j, a, bb, c, d, width, taken)
    return uu, vv


class _PairSet:
    """The set of node pairs with a tie, as keys ``low * width + high``: a bitmap when
    ``width ** 2`` is small, else a sorted array."""

    def __init__(self, width: int, keys: np.ndarray):
        self.dense = width * width <= 1 << 25
        if self.dense:
            self.bits = np.zeros(width * width, dtype=bool)
            self.bits[keys] = True
        else:
            self.keys = np.sort(keys)

    def contains(self, keys: np.ndarray) -> np.ndarray:
        if self.dense:
            return self.bits[keys]
        pos = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return self.keys[pos] == keys

    def replace(self, old: np.ndarray, new: np.ndarray) -> None:
        if self.dense:
            self.bits[old] = False
            self.bits[new] = True
        else:
            self.keys = np.sort(np.concatenate([np.setdiff1d(self.keys, old, assume_unique=True), new]))


def _swap_batch(uu, vv, i, j, a, b, c, d, width, taken: _PairSet) -> None:
    """Apply, in place, the swaps ``(a-b, c-d) -> (a-d, c-b)`` that are valid and disjoint."""
    ok = (a != b) & (a != c) & (a != d) & (b != c) & (b != d) & (c != d)
    new1 = np.minimum(a, d) * width + np.maximum(a, d)
    new2 = np.minimum(c, b) * width + np.maximum(c, b)
    ok &= ~taken.contains(new1) & ~taken.contains(new2)
    uses = np.bincount(np.r_[i[ok], j[ok]], minlength=len(uu))
    ok &= (uses[i] == 1) & (uses[j] == 1)
    made, counts = np.unique(np.r_[new1[ok], new2[ok]], return_counts=True)
    twice = made[counts > 1]
    if len(twice):
        ok &= ~np.isin(new1, twice) & ~np.isin(new2, twice)
    old = np.r_[np.minimum(a[ok], b[ok]) * width + np.maximum(a[ok], b[ok]),
                np.minimum(c[ok], d[ok]) * width + np.maximum(c[ok], d[ok])]
    taken.replace(old, np.r_[new1[ok], new2[ok]])
    uu[i[ok]], vv[i[ok]] = a[ok], d[ok]
    uu[j[ok]], vv[j[ok]] = c[ok], b[ok]
