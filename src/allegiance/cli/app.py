"""The Typer application object and what every command shares."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

import typer
from rich.console import Console

from allegiance import __version__
from allegiance.errors import AllegianceError

__all__ = ["app", "err_console", "console", "report_error", "cli_errors"]

app = typer.Typer(
    name="allegiance",
    help="Map who stands with whom in political news, and test whether the enemy of my enemy is my friend.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"allegiance {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """allegiance: signed actor networks from political text."""


def report_error(error: BaseException | str) -> None:
    """Print one clear line on stderr (never a traceback)."""
    text = str(error).replace("\n", " ")
    err_console.print(f"[bold red]error:[/] {text}", highlight=False, soft_wrap=True)


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn our exceptions into one line on stderr and the right exit code."""
    try:
        yield
    except AllegianceError as exc:
        report_error(exc)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        report_error("interrupted")
        raise typer.Exit(130) from None
    except BrokenPipeError:  # `allegiance extract ... | head`
        sys.stderr.close()
        raise typer.Exit(0) from None
