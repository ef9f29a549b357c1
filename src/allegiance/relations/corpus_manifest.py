"""Manifests: the committed record of corpus documents whose text is rebuilt, not committed.

Some sources of the labelled corpus (``data/relations/SOURCES.md``) are rebuilt from
pinned public snapshots by ``scripts/build_relations_corpus.py`` into git-ignored
``documents-<source>.jsonl`` files. Their labels are committed all the same; so that a
clean clone knows those documents (ids, provenance, frozen split) and can check the
labels, ``manifests/<source>.jsonl`` holds every field of each document except its
text, plus the text's SHA-256 and length.

* :func:`write_manifests` writes ``manifests/<source>.jsonl`` for every
  ``documents-<source>.jsonl`` of a corpus directory (``allegiance corpus manifest``);
* :func:`~allegiance.relations.corpus.load_corpus` adds each manifest document whose
  text is not built here as a text-less
  :class:`~allegiance.relations.corpus.CorpusDocument` (``text_built`` false), and
  reports a built text whose hash, or a built document whose split, differs from its
  manifest (rebuilt from another snapshot, or a split changed: both would silently
  change the corpus).

Examples
--------
>>> import json, pathlib, tempfile
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> doc = {"id": "s-1", "title": "T", "text": "The US backed France.", "date": "1917", "source": "s",
...        "licence": "public domain", "attribution": "-", "topic": "international", "split": "train",
...        "repo": "o/r", "path": "p", "commit": "c" * 40}
>>> _ = (d / "documents-s.jsonl").write_text(json.dumps(doc) + "\\n")
>>> write_manifests(d)
{'s': 1}
>>> sorted(json.loads((d / "manifests" / "s.jsonl").read_text()))[-4:]
['text_length', 'text_sha256', 'title', 'topic']
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Mapping

from allegiance.errors import UnreadableInputError

__all__ = ["MANIFEST_DIR", "manifest_record", "text_sha256", "write_manifests"]

#: Subdirectory of a corpus directory holding the manifests.
MANIFEST_DIR = "manifests"


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of a document text as UTF-8.

    Examples
    --------
    >>> text_sha256("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest_record(document: Mapping[str, Any]) -> dict[str, Any]:
    """A document record without its text, with the text's hash and length.

    Examples
    --------
    >>> manifest_record({"id": "a", "text": "xy"})
    {'id': 'a', 'text_sha256': '769a4e6d0003189c7e96c5d9b7e810a0d11c3a12832527ec94b0f86d277f51ca', 'text_length': 2}
    """
    text = document.get("text") or ""
    record = {k: v for k, v in document.items() if k != "text"}
    record.update(text_sha256=text_sha256(text), text_length=len(text))
    return record


def write_manifests(directory: str | Path) -> dict[str, int]:
    """Write ``manifests/<source>.jsonl`` for every ``documents-<source>.jsonl``; documents per manifest.

    Records keep the document file's order; the file is rewritten whole.
    """
    directory = Path(directory)
    counts: dict[str, int] = {}
    for path in sorted(directory.glob("documents-*.jsonl")):
        name = path.name[len("documents-"):-len(".jsonl")]
        try:
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except OSError as exc:
            raise UnreadableInputError(f"cannot read ({exc.strerror})", path=str(path)) from exc
        records = [manifest_record(json.loads(line)) for line in lines]
        out = directory / MANIFEST_DIR / f"{name}.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        counts[name] = len(records)
    return counts
