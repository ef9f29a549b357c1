"""Internal: create HiGHS solvers quietly (highspy is imported lazily)."""

from __future__ import annotations

import functools
import os
import sys

__all__ = ["new_highs", "set_deadline"]


@functools.lru_cache(maxsize=1)
def _banner_shown() -> bool:
    """HiGHS prints a banner on stdout when the first solver of a process is created;
    send it to /dev/null once so that ``balance --json`` output stays pure JSON."""
    import highspy

    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return True


def new_highs():
    """A silent ``highspy.Highs`` instance."""
    import highspy

    _banner_shown()
    h = highspy.Highs()
    h.silent()
    return h


def set_deadline(h, deadline: float | None) -> None:
    """Stop ``h``'s next solves at ``deadline`` (a ``time.perf_counter()`` instant).

    Sets HiGHS's ``time_limit`` to the time left, and also interrupts the solve from
    the simplex and MIP callbacks once the deadline has passed: HiGHS checks its own
    limit only at some points, and a long root-node phase of a big MIP on a loaded
    machine was seen running minutes past it. An interrupted solve ends with status
    ``Interrupt`` and keeps its best solution and bound.

    HiGHS (1.x) compares ``time_limit`` with the *cumulative* run time of the instance
    over all its ``run()`` calls (ERGO-Code/HiGHS issues 1331, 1477), and highspy has no
    ``zeroAllClocks``: so the limit is the run time so far plus the time left. (Without
    that, every round of the cycle cover and every cutting-plane LP ate into the time
    of the next, and a 30-minute solve stopped after 21 minutes with nothing gained.)
    """
    import time

    if deadline is None:
        h.setOptionValue("time_limit", float("inf"))
    else:
        h.setOptionValue("time_limit", h.getRunTime() + max(0.01, deadline - time.perf_counter()))
    first = not hasattr(h, "_allegiance_deadline")
    h._allegiance_deadline = deadline
    if first:
        def check(event, h=h):
            # write the flag both ways: HiGHS keeps it between run() calls, so a solve
            # interrupted once would stop every later solve of the instance at its first
            # callback (the early stops of the 30-minute runs: the MILP after the cutting
            # planes' own deadline ended at once)
            limit = h._allegiance_deadline
            event.interrupt(limit is not None and time.perf_counter() > limit)

        h.cbSimplexInterrupt += check
        h.cbIpmInterrupt += check
        h.cbMipInterrupt += check
