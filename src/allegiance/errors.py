"""One exception hierarchy for allegiance; every message says what to do.

Library code raises these; only the CLI turns them into exit codes
(1 for bad input, 2 for usage).

Examples
--------
>>> from allegiance.errors import InputError
>>> err = InputError("empty file", path="a.txt", hint="give a file with text")
>>> str(err)
'a.txt: empty file; give a file with text'
"""

from __future__ import annotations

__all__ = [
    "AllegianceError",
    "InputError",
    "UnreadableInputError",
    "EmptyInputError",
    "BinaryInputError",
    "MalformedRecordError",
    "ConfigError",
    "ActorFileError",
    "EdgeListError",
    "StoreError",
    "SchemaError",
    "StoreBusyError",
    "ModelNotFoundError",
    "SolverError",
    "WorkerError",
    "one_line",
]


class AllegianceError(Exception):
    """Base class of every error allegiance raises on purpose.

    Parameters
    ----------
    message : str
        What went wrong.
    path : str, optional
        The file (or ``path:line``) it went wrong in.
    hint : str, optional
        What the user should do about it.
    """

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None):
        self.message = message
        self.path = path
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            text = f"{text}; {self.hint}"
        return one_line(text)


def one_line(text: str) -> str:
    """Escape control characters (newlines, terminal escapes) so a message stays one safe line.

    Lone surrogates and every other unprintable character are escaped too, so the
    line can always be encoded and printed as it is.

    Examples
    --------
    >>> one_line("a\\nb\\x1b[31m")
    'a\\\\nb\\\\x1b[31m'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class InputError(AllegianceError):
    """An input (file, record, stream) could not be used."""


class UnreadableInputError(InputError):
    """The input cannot be opened or decoded."""


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary data, not text."""


class MalformedRecordError(InputError):
    """One record (a JSONL line, a CSV row, a YAML entry) is malformed."""


class ConfigError(AllegianceError):
    """A configuration value or option is invalid."""

    exit_code = 2


class ActorFileError(InputError):
    """A user actor dictionary (YAML) is malformed."""


class EdgeListError(InputError):
    """An edge list for balance analysis is malformed."""


class StoreError(AllegianceError):
    """The store (SQLite/PostgreSQL) cannot be opened or written."""


class SchemaError(StoreError):
    """The store's schema is newer than this version understands, or a migration failed."""


class StoreBusyError(StoreError):
    """Another writer held the store's lock past the busy timeout, on every attempt."""


class ModelNotFoundError(AllegianceError):
    """The spaCy model package is not installed."""


class SolverError(AllegianceError):
    """The MILP solver failed in a way that is not a time limit."""


class WorkerError(AllegianceError):
    """A worker process of a parallel or distributed extraction died or could not start."""
