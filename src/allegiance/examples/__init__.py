"""Example inputs written for allegiance, used by the README's commands and tested with them.

* ``news/north_atlantic_treaty.txt`` (:data:`ARTICLE`): a news-style article, written by us, on
  the signing of the North Atlantic Treaty in Washington on 4 April 1949; a title line, then a
  dateline that dates it.
* ``cold_war_1949.csv`` (:data:`EDGES`): a signed edge list (``source,target,sign``) of nine
  states in 1949, for ``allegiance balance``.

Every fact they rest on is listed in ``SOURCES.md`` next to this file. They are installed with the
package; :func:`example_path` finds them without the command line (a clone also has them under
``src/allegiance/examples/``).

Examples
--------
>>> ARTICLE.read_text(encoding="utf-8").splitlines()[0]
'Twelve nations sign the North Atlantic Treaty'
>>> EDGES.read_text(encoding="utf-8").splitlines()[0]
'source,target,sign'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from allegiance.errors import InputError

__all__ = ["ARTICLE", "EDGES", "example_path"]


def example_path(name: str) -> Path:
    """The installed path of the example file ``name`` (relative to this package).

    Parameters
    ----------
    name : str
        ``"news/north_atlantic_treaty.txt"``, ``"news"`` or ``"cold_war_1949.csv"``.

    Raises
    ------
    InputError
        When there is no such example.

    Examples
    --------
    >>> example_path("news").is_dir()
    True
    >>> example_path("nothing.txt")
    Traceback (most recent call last):
    ...
    allegiance.errors.InputError: no example named 'nothing.txt'; ...
    """
    root = Path(str(resources.files(__name__)))
    path = root / name
    if name.startswith(("/", "..")) or not path.exists():
        known = ", ".join(sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                                 if p.suffix in {".txt", ".csv"}))
        raise InputError(f"no example named {name!r}", hint=f"use one of: {known}")
    return path


ARTICLE = example_path("news/north_atlantic_treaty.txt")
EDGES = example_path("cold_war_1949.csv")
