"""Rich progress display shared by the long-running commands."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from allegiance.cli.app import err_console

__all__ = ["progress_counter"]


@contextmanager
def progress_counter(
    description: str, *, quiet: bool = False, total: int | None = None
) -> Iterator[Callable[[int], None]]:
    """Yield a callback ``update(done)`` that drives a progress line on stderr.

    With ``quiet=True`` (or when stderr is not a terminal) nothing is drawn.
    """
    if quiet or not err_console.is_terminal:
        yield lambda done: None
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), MofNCompleteColumn()]
    else:
        columns += [TextColumn("{task.completed} documents")]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda done: progress.update(task, completed=done)
