"""The Typer application object and what every command shares."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

import typer
from rich.console import Console
from rich.text import Text

from allegiance import __version__
from allegiance.errors import AllegianceError, one_line

__all__ = ["app", "err_console", "console", "plain", "report_error", "cli_errors"]

app = typer.Typer(
    name="allegiance",
    help="Map who stands with whom in political news, and test whether the enemy of my enemy is my friend.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Article text, file names, column names and actor names are user input: never read as
# Rich markup ("[/]" would crash the printer, "[link=...]" would inject), emoji codes or
# highlighting. Styled words are built as rich.text.Text objects instead.
console = Console(markup=False, emoji=False, highlight=False)
err_console = Console(stderr=True, markup=False, emoji=False, highlight=False)


def plain(value: object) -> Text:
    """``value`` as unstyled one-line text: no markup, control characters and surrogates escaped.

    Use it for every user-controlled table cell or printed value.

    Examples
    --------
    >>> plain("a [/] b\\x1b[31m\\ud800").plain
    'a [/] b\\\\x1b[31m\\\\ud800'
    """
    return Text(one_line(str(value)))


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
    err_console.print(Text("error:", style="bold red"), plain(error), soft_wrap=True)


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
