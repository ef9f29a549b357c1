"""Thin Typer CLI over the library: ``allegiance COMMAND --help``.

Each command lives in its own module and registers itself on ``app``.
"""

from allegiance.cli.app import app

# Command modules register themselves on import.
from allegiance.cli import ingest as _ingest  # noqa: F401,E402
from allegiance.cli import extract as _extract  # noqa: F401,E402
from allegiance.cli import status as _status  # noqa: F401,E402
from allegiance.cli import demo as _demo  # noqa: F401,E402
from allegiance.cli import evaluate as _evaluate  # noqa: F401,E402
from allegiance.cli import report as _report  # noqa: F401,E402
from allegiance.cli import export as _export  # noqa: F401,E402
from allegiance.cli import serve as _serve  # noqa: F401,E402
from allegiance.cli import balance as _balance  # noqa: F401,E402
from allegiance.cli import actors as _actors  # noqa: F401,E402
from allegiance.cli import corpus as _corpus  # noqa: F401,E402
from allegiance.cli import pipeline as _pipeline  # noqa: F401,E402
from allegiance.cli import train as _train  # noqa: F401,E402

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``allegiance`` console script."""
    app()
