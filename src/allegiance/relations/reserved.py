"""Titles reserved for evaluation: never annotate, train or tune on those documents.

The list (``shared/data/RESERVED_TITLES.sha256``) holds one sha256 per line of a
normalised title; it is checked where it lives and never copied into the repository.

Examples
--------
>>> len(normalised_title_hash("Any title"))
64
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from allegiance.errors import UnreadableInputError

__all__ = ["find_reserved_file", "is_reserved", "load_reserved_titles", "normalised_title_hash"]


def normalised_title_hash(title: str) -> str:
    """sha256 of the normalised title (the rule in RESERVED_TITLES.sha256's header).

    Examples
    --------
    >>> normalised_title_hash("  The Kremlin's  Reply! ") == normalised_title_hash("the kremlin s reply")
    True
    """
    norm = " ".join(re.sub(r"[^0-9a-z]+", " ", title.lower()).split())
    return hashlib.sha256(norm.encode()).hexdigest()


def load_reserved_titles(path: str | Path) -> frozenset[str]:
    """The title hashes of a reserved-titles file (``#`` lines are comments).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "r.sha256")
    >>> _ = open(p, "w").write("# header\\n" + normalised_title_hash("Secret") + "\\n")
    >>> normalised_title_hash("SECRET") in load_reserved_titles(p)
    True
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UnreadableInputError("cannot read the reserved-titles file", path=str(path)) from exc
    return frozenset(s.strip().lower() for s in lines if s.strip() and not s.startswith("#"))


def find_reserved_file(start: str | Path) -> Path | None:
    """``shared/data/RESERVED_TITLES.sha256`` beside ``start`` or one of its parents, if present.

    The list is never copied into the repository; it is checked where it lives.

    Examples
    --------
    >>> find_reserved_file("/nonexistent/place") is None
    True
    """
    here = Path(start).resolve()
    for parent in (here, *here.parents):
        candidate = parent / "shared" / "data" / "RESERVED_TITLES.sha256"
        if candidate.is_file():
            return candidate
    return None


def is_reserved(title: str, reserved: frozenset[str]) -> bool:
    """True when ``title`` normalises to a reserved hash.

    Examples
    --------
    >>> is_reserved("A b", frozenset({normalised_title_hash("a-B")}))
    True
    """
    return normalised_title_hash(title) in reserved
