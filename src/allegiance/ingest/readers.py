"""Read any political text input into :class:`~allegiance.model.Document` objects.

:func:`read_documents` walks files, directories and stdin, recognises each
input's format by sniffing its content (gzip, binary, HTML, JSONL, JSON, CSV,
plain text) and yields documents. Bad input never stops the batch: each
rejected file or record is *yielded* as an :class:`~allegiance.errors.InputError`
whose ``path`` is the file (or ``file:line``) and whose message says what to do.

Examples
--------
>>> import io
>>> data = b'{"id": "a1", "text": "Russia and the US agreed.", "date": "18 Nov 2010"}\\n{broken\\n'
>>> for item in read_documents(["-"], stdin=io.BytesIO(data)):
...     print(type(item).__name__, item.origin if hasattr(item, "origin") else item.path)
Document -:1
MalformedRecordError -:2
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from allegiance.errors import InputError, UnreadableInputError
from allegiance.ingest import streaming
from allegiance.ingest.datelines import given_date
from allegiance.ingest.encoding import replace_surrogates
from allegiance.ingest.files import open_regular, refuse_directory_loop, refuse_non_regular
from allegiance.ingest.formats import FORMATS, read_stream
from allegiance.ingest.formats.detect import detect_format
from allegiance.ingest.options import ReadOptions
from allegiance.model import Document

__all__ = ["FORMATS", "ReadOptions", "detect_format", "read_documents"]


def read_documents(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    text_column: str = "text",
    date_column: str | None = None,
    title_column: str | None = None,
    id_column: str | None = None,
    split_dumps: bool = True,
    max_chars: int = 1_000_000,
    date: str | None = None,
    date_from_filename: bool = False,
    stdin: IO[bytes] | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Document | InputError]:
    """Read documents from files, directories and stdin; yield errors, never raise them.

    Parameters
    ----------
    sources : path or iterable of paths
        Files, directories (read recursively in sorted order; hidden entries
        skipped) or ``"-"`` for standard input.
    text_column : str, default "text"
        Field (JSONL) or column (CSV) holding the text. With the default, common
        alternatives ("body", "content", "sentence" ...) are used when there is
        no "text".
    date_column, title_column, id_column : str, optional
        Fields holding the date, title and id; by default common names are
        tried ("published"/"date", "headline"/"title", "id" ...).
    split_dumps : bool, default True
        Split plain-text files holding several pasted articles into one
        document per article (see :func:`allegiance.ingest.split_dump`).
    max_chars : int, default 1_000_000
        Longer texts are cut into parts at sentence/whitespace boundaries, each
        its own document with origin ``...#partN``.
    date : str, optional
        ``YYYY-MM-DD`` for documents that carry no date of their own (no date
        field, date line or dateline); raises :class:`~allegiance.errors.ConfigError`
        when it is not a valid date.
    date_from_filename : bool, default False
        Date documents without a date of their own by their file's name
        (``2015-05-12-sochi.txt``, ``20150512_x.txt``; see
        :func:`~allegiance.ingest.datelines.date_from_filename`); before ``date``.
    stdin : binary stream, optional
        What ``"-"`` reads (default: ``sys.stdin.buffer``).
    exclude : iterable of paths, optional
        Files never read while walking a directory (e.g. the store's own
        database files when ingesting the folder that holds them).

    Yields
    ------
    Document or InputError
        Documents with ``origin`` set to ``path``, ``path:line`` (a JSONL/CSV
        record, or an article of a pasted dump) and ``#partN`` for parts of
        very long texts; and one error per rejected file or record.

    Examples
    --------
    >>> import io
    >>> docs = list(read_documents("-", stdin=io.BytesIO(b"A headline\\n\\nSome text here.")))
    >>> docs[0].title, docs[0].text, docs[0].origin
    ('A headline', 'Some text here.', '-')
    """
    options = ReadOptions(
        text_column=text_column,
        date_column=date_column,
        title_column=title_column,
        id_column=id_column,
        split_dumps=split_dumps,
        max_chars=max(1, int(max_chars)),
        date=given_date(date),
        date_from_filename=date_from_filename,
    )
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    excluded = {os.path.realpath(p) for p in exclude}
    for item in _read_sources(sources, options, stdin, excluded):
        if isinstance(item, InputError):  # keys, headers and file names quoted in a message
            item.message, item.path, item.hint = (
                replace_surrogates(text) if text else text for text in (item.message, item.path, item.hint))
        yield item


def _read_sources(sources: Iterable[str | os.PathLike[str]], options: ReadOptions, stdin: IO[bytes] | None,
                  excluded: set[str]) -> Iterator[Document | InputError]:
    """What :func:`read_documents` yields, before lone surrogates are taken out of messages."""
    for source in sources:
        if str(source) == "-":
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
            if stream is None:
                yield UnreadableInputError("standard input is not available", path="-",
                                           hint="pipe text in, or give a file path")
                continue
            yield from read_stream(_binary(stream), "-", "", options)
            continue
        path = Path(source)
        if path.is_dir():
            for file in _walk(path):
                if isinstance(file, InputError):
                    yield file
                elif os.path.realpath(file) not in excluded:
                    yield from _read_path(file, options)
        else:
            yield from _read_path(path, options)


def _binary(stream: Any) -> IO[bytes]:
    """A binary view of ``stream`` (text streams such as ``sys.stdin`` are accepted too)."""
    if isinstance(stream, io.TextIOBase):
        buffer = getattr(stream, "buffer", None)
        return buffer if buffer is not None else io.BytesIO(stream.read().encode("utf-8", "replace"))
    return stream


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Files under ``root``, recursively, sorted by relative path; hidden entries skipped.

    Entries that are not regular files (FIFOs, sockets, devices, broken links and
    link loops) come as the error that refuses them, in their place in the order.
    Symbolic links to directories are not followed; one that points back up the
    tree (a loop) is reported.
    """
    found: list[tuple[str, Path | InputError]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in dirnames:
            loop = refuse_directory_loop(Path(dirpath) / name)
            if loop is not None:
                found.append(((Path(dirpath) / name).relative_to(root).as_posix(), loop))
        for name in filenames:
            path = Path(dirpath) / name
            if not name.startswith("."):
                refusal = refuse_non_regular(path)
                found.append((path.relative_to(root).as_posix(), refusal or path))
    found.sort(key=lambda item: item[0])
    for _, item in found:
        yield item


def _read_path(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    stream = open_regular(path, max_bytes=streaming.MAX_INPUT_BYTES)
    if isinstance(stream, InputError):
        yield stream
        return
    with stream:
        yield from read_stream(stream, str(path), path.name, options)
