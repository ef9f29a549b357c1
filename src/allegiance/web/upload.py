"""Turning the bytes of one form submission into documents, safely.

The form's size limit counts what will be read, not what was sent: a gzip upload is
decompressed under the same limit (:func:`allegiance.ingest.compressed.gunzip_capped`;
nesting refused). Every record is read on its own, so a bad one is reported with one
line and its siblings are still stored. Text is valid Unicode past this border: the
readers already turn lone surrogates (from JSON ``"\\ud800"`` escapes) into U+FFFD, which
keeps every character offset, and any that reach here some other way are replaced and
reported as a problem line.

Examples
--------
>>> import gzip
>>> upload = read_upload(gzip.compress(b'{"text": "a \\\\ud800 b"}\\n{"text": "fine"}\\n'),
...                      name="a.jsonl.gz", limit=1000)
>>> [d.text for d in upload.documents], upload.problems
(['a \ufffd b', 'fine'], [])
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, fields, replace
from typing import Iterable

from allegiance.errors import InputError
from allegiance.ingest import read_documents
from allegiance.ingest.compressed import gunzip_capped, is_gzip
from allegiance.model import Document

__all__ = ["Upload", "read_upload", "without_lone_surrogates"]

#: File name endings that choose a reader (others are told apart by their content).
_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".json", ".csv", ".tsv")


def without_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate code point replaced by U+FFFD (one for one).

    Examples
    --------
    >>> without_lone_surrogates("a\\ud800b") == "a\\ufffdb", without_lone_surrogates("ok") == "ok"
    (True, True)
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


@dataclass
class Upload:
    """What one submission gave: the documents to store and one line per problem."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rejected: int = 0


def _valid_unicode(doc: Document) -> tuple[Document, bool]:
    """``doc`` without lone surrogates (True when there were any) and with NUL stored as U+FFFD.

    The store writes NUL as U+FFFD; doing it here too keeps ids equal to what is stored.
    """
    changes = {}
    surrogates = False
    for f in fields(doc):
        value = getattr(doc, f.name)
        if isinstance(value, str):
            clean = without_lone_surrogates(value)
            surrogates = surrogates or clean is not value
            clean = clean.replace("\x00", "\ufffd")
            if clean != value:
                changes[f.name] = clean
    return (replace(doc, **changes) if changes else doc), surrogates


def read_upload(raw: bytes, *, name: str, limit: int, origin: str = "web:form") -> Upload:
    """The documents of one pasted text or uploaded file, with a line for each problem.

    Parameters
    ----------
    raw : bytes
        What was pasted or uploaded (already within the request cap).
    name : str
        The file name (for messages).
    limit : int
        Largest size accepted after decompression.
    origin : str
        Recorded as each document's origin.

    Returns
    -------
    Upload
        ``rejected`` counts the records (or the whole file) that could not be read.

    Examples
    --------
    >>> read_upload(b"Britain backs France.", name="a.txt", limit=100).documents[0].text
    'Britain backs France.'
    >>> read_upload(b"x" * 200, name="a.txt", limit=100).problems
    ['the article is larger than 0 kB (100 bytes); split it or use `allegiance ingest`']
    """
    out = Upload()
    if is_gzip(raw):
        try:
            raw = gunzip_capped(raw, limit=limit, origin=name)
        except InputError as exc:
            out.problems.append(str(exc))
            out.rejected += 1
            return out
    if len(raw) > limit:
        out.problems.append(f"the article is larger than {limit // 1000} kB ({limit} bytes); "
                            "split it or use `allegiance ingest`")
        out.rejected += 1
        return out
    lower = name.lower().removesuffix(".gz")
    suffix = next((s for s in _SUFFIXES if lower.endswith(s)), "")
    with tempfile.TemporaryDirectory(prefix="allegiance-upload-") as folder:
        path = f"{folder}/upload{suffix}"  # our name, only the checked ending is the user's
        with open(path, "wb") as handle:
            handle.write(raw)
        _read_into(out, read_documents([path]), origin)
    return out


def _read_into(out: Upload, items: Iterable[Document | InputError], origin: str) -> None:
    """Add each document (made valid Unicode, with ``origin``) or problem line of ``items`` to ``out``."""
    for item in items:
        if isinstance(item, InputError):
            out.problems.append(without_lone_surrogates(item.message))
            out.rejected += 1
            continue
        doc, changed = _valid_unicode(replace(item, origin=origin, source=item.source or "web form"))
        if changed:
            out.problems.append(f"record {len(out.documents) + 1}: lone surrogates replaced with U+FFFD")
        out.documents.append(doc)
