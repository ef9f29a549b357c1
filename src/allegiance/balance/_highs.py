"""Internal: create HiGHS solvers quietly (highspy is imported lazily)."""

from __future__ import annotations

import functools
import os
import sys

__all__ = ["new_highs"]


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
