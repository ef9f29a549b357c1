"""How records are mapped to documents: one options object for the readers, the pipeline and the CLI.

Examples
--------
>>> options = ReadOptions(text_column="Body", split_dumps=False)
>>> options.as_kwargs()["text_column"], options.casefolded().text_column
('Body', 'body')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

__all__ = ["ReadOptions"]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How records are mapped to documents (see :func:`~allegiance.ingest.read_documents`).

    The same object is :class:`allegiance.pipeline.ReaderOptions`, what ``ingest`` and
    ``extract`` pass through to the readers.

    Examples
    --------
    >>> ReadOptions().text_column
    'text'
    """

    text_column: str = "text"
    date_column: str | None = None
    title_column: str | None = None
    id_column: str | None = None
    split_dumps: bool = True
    max_chars: int = 1_000_000
    date: str | None = None
    date_from_filename: bool = False

    def as_kwargs(self) -> dict[str, Any]:
        """The options as keyword arguments of :func:`~allegiance.ingest.read_documents`.

        Examples
        --------
        >>> sorted(ReadOptions().as_kwargs())[:3]
        ['date', 'date_column', 'date_from_filename']
        """
        return asdict(self)

    def casefolded(self) -> "ReadOptions":
        """The column names folded to lower case, as CSV headers are compared.

        Examples
        --------
        >>> ReadOptions(title_column="Headline").casefolded().title_column
        'headline'
        """

        def fold(name: str | None) -> str | None:
            return name.casefold() if name is not None else None

        return replace(
            self,
            text_column=self.text_column.casefold() if self.text_column != "text" else "text",
            date_column=fold(self.date_column),
            title_column=fold(self.title_column),
            id_column=fold(self.id_column),
        )
