"""Deadlines of the frustration solvers: one representation, one set of checks.

A deadline is a :func:`time.perf_counter` instant, or ``None`` for none. Every stage
of :func:`~allegiance.balance.frustration_index` asks these functions (never the
clock itself), and every loop that can outlive the deadline either checks
:func:`past` once per round or, when its rounds are tiny, a :class:`Ticker` that
reads the clock once every ``every`` rounds.
"""

from __future__ import annotations

import time

__all__ = ["RESERVE_SHARE", "Ticker", "past", "seconds_left", "share_of", "solve_deadline"]

RESERVE_SHARE = 0.05  # of the time limit, kept back for building the result (at most 2 s)


def solve_deadline(start: float, time_limit: float | None) -> float | None:
    """The deadline of the solving stages of a run begun at ``start`` with ``time_limit``
    seconds: a twentieth of the limit (at most 2 s) is kept back for building the result.

    Examples
    --------
    >>> solve_deadline(100.0, 10.0)
    109.5
    >>> solve_deadline(100.0, None) is None
    True
    """
    if time_limit is None:
        return None
    return start + time_limit - min(2.0, RESERVE_SHARE * time_limit)


def past(deadline: float | None) -> bool:
    """Whether ``deadline`` (None: none) has passed.

    Examples
    --------
    >>> past(None), past(0.0)
    (False, True)
    """
    return deadline is not None and time.perf_counter() >= deadline


def seconds_left(deadline: float | None) -> float | None:
    """Seconds until ``deadline`` (never negative), None without one.

    Examples
    --------
    >>> seconds_left(0.0), seconds_left(None)
    (0.0, None)
    """
    return None if deadline is None else max(0.0, deadline - time.perf_counter())


def share_of(deadline: float | None, fraction: float) -> float | None:
    """The deadline of a stage allowed ``fraction`` of the time left before ``deadline``.

    Examples
    --------
    >>> share_of(None, 0.5) is None
    True
    >>> past(share_of(0.0, 0.5))
    True
    """
    if deadline is None:
        return None
    now = time.perf_counter()
    return now + fraction * max(0.0, deadline - now)


class Ticker:
    """A cheap deadline check for tight loops: :meth:`passed` reads the clock on its
    first call and then once every ``every`` calls (a passed deadline stays passed).

    Examples
    --------
    >>> t = Ticker(0.0, every=64)
    >>> t.passed()
    True
    >>> Ticker(None).passed()
    False
    """

    __slots__ = ("deadline", "every", "_count", "_passed")

    def __init__(self, deadline: float | None, every: int = 256):
        self.deadline = deadline
        self.every = every
        self._count = 0
        self._passed = False

    def passed(self) -> bool:
        if self.deadline is None:
            return False
        if not self._passed and self._count % self.every == 0:
            self._passed = time.perf_counter() >= self.deadline
        self._count += 1
        return self._passed
