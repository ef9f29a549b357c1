"""Internal: create HiGHS solvers quietly."""

from __future__ import annotations

import functools
import os
import sys
import time

import highspy

from allegiance.balance._deadline import past, seconds_left

__all__ = ["new_highs", "run", "set_deadline", "time_for_a_run"]


@functools.lru_cache(maxsize=1)
def _banner_shown() -> bool:
    """HiGHS prints a banner on stdout when the first solver of a process is created;
    send it to /dev/null once so that ``balance --json`` output stays pure JSON."""
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
    if deadline is None:
        h.setOptionValue("time_limit", float("inf"))
    else:
        h.setOptionValue("time_limit", h.getRunTime() + max(0.01, seconds_left(deadline)))
    first = not hasattr(h, "_allegiance_deadline")
    h._allegiance_deadline = deadline
    if first:
        def check(event, h=h):
            # write the flag both ways: HiGHS keeps it between run() calls, so a solve
            # interrupted once would stop every later solve of the instance at its first
            # callback (the early stops of the 30-minute runs: the MILP after the cutting
            # planes' own deadline ended at once)
            limit = h._allegiance_deadline
            event.interrupt(past(limit))

        h.cbSimplexInterrupt += check
        h.cbIpmInterrupt += check
        h.cbMipInterrupt += check


def run(h) -> None:
    """``h.run()``, remembering the longest single run of ``h`` in wall seconds (what
    :func:`time_for_a_run` compares the time left with)."""
    began = time.perf_counter()
    h.run()
    longest = max(getattr(h, "_allegiance_longest_run", 0.0), time.perf_counter() - began)
    h._allegiance_longest_run = longest


def time_for_a_run(h, deadline: float | None) -> bool:
    """Whether more time is left before ``deadline`` than twice ``h``'s longest :func:`run`
    so far: HiGHS's presolve and the set-up of a solve do not call the interrupt
    callbacks, and the MIP after the cutting-plane LPs (presolve and root LP anew) was
    seen ending a tenth of a second past a deadline it began with more than one LP's
    time left."""
    left = seconds_left(deadline)
    return left is None or left > 2.0 * getattr(h, "_allegiance_longest_run", 0.0)
