"""The labelled relation corpus in ``data/relations/``: schema, loader (the validator is
:mod:`allegiance.relations.corpus_validate`).

The corpus is two kinds of JSONL file (the schema is documented in
``data/relations/README.md``, the labelling rules in ``docs/annotation.md``):

* ``documents.jsonl`` (and ``documents-*.jsonl``): one document per line, with
  its text, provenance, licence, ``topic`` (``international`` or ``party``) and
  frozen ``split`` (``train``, ``dev``, ``test``);
* ``annotations/<annotator>.jsonl``: one annotation of one document per line:
  sentences (character offsets into the stored text), mentions (spans resolved
  to a knowledge-base actor or a flagged new actor) and every candidate pair of
  actors of a sentence, labelled with relations or with a *none* kind.

A candidate pair is keyed by ``(doc_id, sentence start, sentence end, the two
actor ids sorted)``, so two annotations of the same document compare pair by
pair (:mod:`allegiance.relations.agreement`).

Examples
--------
>>> doc = {"id": "d1", "title": "A", "text": "A\\n\\nLabour backed Unite.", "date": "2020-01-01",
...        "source": "test", "licence": "CC0", "attribution": "none", "topic": "party", "split": "train",
...        "url": "https://example.org/d1"}
>>> ann = {"doc_id": "d1", "annotator": "a1", "sentences": [{"start": 3, "end": 23}],
...        "mentions": [{"id": "m1", "sentence": 0, "start": 3, "end": 9, "text": "Labour", "actor": "GBR-LAB"},
...                     {"id": "m2", "sentence": 0, "start": 17, "end": 22, "text": "Unite", "actor": "GBR-UNITE"}],
...        "pairs": [{"sentence": 0, "actors": ["GBR-LAB", "GBR-UNITE"], "relations": [
...            {"source": "GBR-LAB", "target": "GBR-UNITE", "sign": 1, "type": "support",
...             "time": "current", "directed": True}], "tags": []}]}
>>> corpus = corpus_from_records([doc], [ann])
>>> corpus.final("d1").pairs[0].key
('d1', 3, 23, 'GBR-LAB', 'GBR-UNITE')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from spacy.tokens import Doc

from allegiance.errors import EmptyInputError, UnreadableInputError
from allegiance.nlp.extensions import register_extensions
from allegiance.relations.corpus_manifest import MANIFEST_DIR, text_sha256

__all__ = [
    "ADJUDICATED",
    "NONE_KINDS",
    "PHENOMENA",
    "REANNOTATION_ROLES",
    "CandidatePair",
    "Corpus",
    "CorpusDocument",
    "DocumentAnnotation",
    "Mention",
    "NewActor",
    "Problem",
    "RelationLabel",
    "Sentence",
    "corpus_from_records",
    "is_adjudication",
    "load_corpus",
    "revise_pairs",
]

#: Phenomenon tags a candidate pair may carry (``docs/annotation.md`` defines each).
PHENOMENA = ("quote", "group_reference", "faction", "nominal", "implied", "past", "headline")
#: Why a candidate pair holds no relation.
NONE_KINDS = ("negation", "question", "conditional", "meeting", "post", "hedged", "name_only", "no_stance")
TOPICS = ("international", "party")
SPLITS = ("train", "dev", "test")
TIMES = ("current", "past", "future")
MENTION_FORMS = ("name", "metonym", "pronoun", "group", "nominal", "adjectival", "title", "speaker")
ROLES = ("primary", "second", "adjudicated", "pilot", "reannotation", "readjudication")
#: Roles of a re-annotation round: blind relabels of some pairs of a document (one phenomenon, named by
#: the record's ``scope``) under a sharpened guideline, and the adjudication of those relabels. They never
#: stand for a whole document: the pairs they hold replace the same pairs of the annotations they revise.
REANNOTATION_ROLES = ("reannotation", "readjudication")
#: The annotator name of adjudicated annotations (they win over every other).
ADJUDICATED = "adjudicated"
_DOC_FIELDS = ("id", "title", "text", "date", "source", "licence", "attribution", "topic", "split")


# ----------------------------------------------------------------------------- schema

@dataclass(frozen=True, slots=True)
class CorpusDocument:
    """One document of the corpus with its provenance and frozen split."""

    id: str
    title: str
    text: str
    date: str
    source: str
    licence: str
    attribution: str
    topic: str
    split: str
    url: str | None = None
    repo: str | None = None
    path: str | None = None
    commit: str | None = None
    parent: str | None = None
    headline: bool = True
    #: knowledge-base id of whoever speaks in the whole document (a speech's author), when known
    speaker: str | None = None
    where: str = ""
    #: False for a document known from its manifest only (text not rebuilt here)
    text_built: bool = True

    @property
    def year(self) -> str:
        """The year of ``date`` (``"?"`` when absent)."""
        return self.date[:4] if self.date else "?"

    def make_doc(self, nlp) -> Doc:
        """The stored text as an unparsed Doc of ``nlp`` carrying the document's id, date and speaker, as
        extraction reads a document (actors of its time, its speaker's "I"); run ``nlp`` on it to parse it.

        Examples
        --------
        >>> import spacy
        >>> document = CorpusDocument("d1", "T", "T\\n\\nWebster spoke.", "1842", "s", "CC0", "-", "party", "dev")
        >>> doc = document.make_doc(spacy.blank("en"))
        >>> doc._.doc_id, doc._.doc_date, doc._.doc_speaker
        ('d1', '1842', None)
        """
        register_extensions()
        doc = nlp.make_doc(self.text)
        doc._.doc_id, doc._.doc_date, doc._.doc_speaker = self.id, self.date or None, self.speaker
        return doc


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence by character offsets into the stored document text."""

    start: int
    end: int
    headline: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A span naming (or referring to) an actor, resolved to its canonical id."""

    id: str
    sentence: int
    start: int
    end: int
    text: str
    actor: str
    form: str = "name"


@dataclass(frozen=True, slots=True)
class NewActor:
    """An actor the knowledge base lacks, flagged for addition (id starts with ``NEW:``)."""

    id: str
    name: str
    kind: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class RelationLabel:
    """One labelled relation of a candidate pair (RELATIONS.md's unit)."""

    source: str
    target: str
    sign: int
    type: str
    time: str
    directed: bool

    def unit(self) -> tuple[str, str, int]:
        """(source, target, sign), with the ends sorted when undirected."""
        if self.directed:
            return (self.source, self.target, self.sign)
        a, b = sorted((self.source, self.target))
        return (a, b, self.sign)


@dataclass(frozen=True, slots=True)
class CandidatePair:
    """A pair of actors of one sentence, labelled with relations or with a none kind."""

    doc_id: str
    sentence: Sentence
    sentence_index: int
    actors: tuple[str, str]
    relations: tuple[RelationLabel, ...] = ()
    none_kind: str | None = None
    tags: frozenset[str] = frozenset()
    speaker: str | None = None
    note: str = ""
    adjudication: str = ""

    @property
    def key(self) -> tuple[str, int, int, str, str]:
        """The comparison key: document, sentence span, sorted actor ids."""
        return (self.doc_id, self.sentence.start, self.sentence.end, *self.actors)

    @property
    def sign_label(self) -> str:
        """``+``, ``-``, ``+-`` (both) or ``none``: the value kappa is computed on."""
        signs = {r.sign for r in self.relations}
        return {frozenset({1}): "+", frozenset({-1}): "-", frozenset({1, -1}): "+-"}.get(frozenset(signs), "none")


@dataclass(frozen=True, slots=True)
class DocumentAnnotation:
    """One annotator's labels for one document."""

    doc_id: str
    annotator: str
    role: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    new_actors: tuple[NewActor, ...]
    pairs: tuple[CandidatePair, ...]
    where: str = ""
    scope: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the corpus: where (``file:line``) and what to do."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Corpus:
    """Documents by id and every annotation, plus the problems met while reading."""

    documents: Mapping[str, CorpusDocument]
    annotations: tuple[DocumentAnnotation, ...]
    problems: tuple[Problem, ...] = ()
    directory: str = ""

    def annotations_of(self, doc_id: str) -> list[DocumentAnnotation]:
        """Every annotation of one document, in file order."""
        return [a for a in self.annotations if a.doc_id == doc_id]

    def final(self, doc_id: str) -> DocumentAnnotation | None:
        """The annotation that counts: the adjudicated one, else the first that is not a blind second
        annotation, else the first, in file order; with the pairs of every re-adjudication of the document
        put in place of the same pairs (a pair is known by its :attr:`CandidatePair.key`; a later
        re-adjudication wins).

        Files are read in name order, so a second annotator's file can come before the primary's; the
        primary still counts until the document is adjudicated."""
        found = self.annotations_of(doc_id)
        whole = [a for a in found if a.role not in REANNOTATION_ROLES]
        base = next((a for a in whole if is_adjudication(a)), None)
        if base is None:
            base = next((a for a in whole if a.role != "second"), whole[0] if whole else None)
        revisions = [a for a in found if a.role == "readjudication"]
        return revise_pairs(base, revisions) if base is not None and revisions else base

    def finals(self, split: str | None = None, *, text_only: bool = True,
               ) -> Iterator[tuple[CorpusDocument, DocumentAnnotation]]:
        """(document, final annotation) for every annotated document (of ``split``); with ``text_only``
        (the default, for scoring and training) only documents whose text is built here."""
        for doc_id, doc in sorted(self.documents.items()):
            if split is not None and doc.split != split or text_only and not doc.text_built:
                continue
            ann = self.final(doc_id)
            if ann is not None:
                yield doc, ann


def is_adjudication(annotation: DocumentAnnotation) -> bool:
    """Whether ``annotation`` is the adjudication of a whole document (not a re-annotation round's record,
    whose annotator may also be ``adjudicated``).

    Examples
    --------
    >>> whole = DocumentAnnotation("d", ADJUDICATED, "adjudicated", (), (), (), ())
    >>> is_adjudication(whole), is_adjudication(DocumentAnnotation("d", ADJUDICATED, "readjudication", (), (), (), ()))
    (True, False)
    """
    return annotation.role not in REANNOTATION_ROLES and (annotation.annotator == ADJUDICATED
                                                          or annotation.role == "adjudicated")


def revise_pairs(annotation: DocumentAnnotation, revisions: Iterable[DocumentAnnotation]) -> DocumentAnnotation:
    """``annotation`` with each pair that a revision (a re-annotation round's record) also labels replaced by
    the revision's reading, in order (the last revision of a pair wins); pairs only a revision holds are added.

    Examples
    --------
    >>> s = Sentence(0, 9)
    >>> old = CandidatePair("d", s, 0, ("A", "B"), none_kind="no_stance")
    >>> new = CandidatePair("d", s, 0, ("A", "B"), (RelationLabel("A", "B", -1, "oppose", "current", True),))
    >>> base = DocumentAnnotation("d", "adjudicated", "adjudicated", (s,), (), (), (old,))
    >>> fix = DocumentAnnotation("d", "adjudicated", "readjudication", (s,), (), (), (new,), scope="implied")
    >>> revise_pairs(base, [fix]).pairs[0].sign_label
    '-'
    """
    pairs = {p.key: p for p in annotation.pairs}
    for revision in revisions:
        pairs.update((p.key, p) for p in revision.pairs)
    return replace(annotation, pairs=tuple(pairs.values()))


# ----------------------------------------------------------------------------- parsing

class _Bad(Exception):
    """A record that cannot be parsed (turned into a Problem by the loader)."""


def _need(rec: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    value = rec.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise _Bad(f"{what} needs {key!r} of type {getattr(kind, '__name__', kind)}")
    return value


def _document(rec: Mapping[str, Any], where: str, text_built: bool = True) -> CorpusDocument:
    if not isinstance(rec, Mapping):
        raise _Bad("a document line must be a JSON object")
    missing = [k for k in _DOC_FIELDS if not isinstance(rec.get(k), str)]
    if missing:
        raise _Bad(f"document lacks {', '.join(missing)} (strings); see data/relations/README.md")
    extra = {k: rec.get(k) for k in ("url", "repo", "path", "commit", "parent", "speaker")}
    return CorpusDocument(**{k: rec[k] for k in _DOC_FIELDS}, **extra, headline=rec.get("headline", True) is not False,
                          where=where, text_built=text_built)


def _relation(rec: Any) -> RelationLabel:
    if not isinstance(rec, Mapping):
        raise _Bad("a relation must be an object")
    return RelationLabel(source=str(rec.get("source")), target=str(rec.get("target")),
                         sign=_need(rec, "sign", int, "a relation"), type=_need(rec, "type", str, "a relation"),
                         time=_need(rec, "time", str, "a relation"),
                         directed=_need(rec, "directed", bool, "a relation"))


def _pair(rec: Any, doc_id: str, sentences: Sequence[Sentence]) -> CandidatePair:
    if not isinstance(rec, Mapping):
        raise _Bad("a pair must be an object")
    index = _need(rec, "sentence", int, "a pair")
    if not 0 <= index < len(sentences):
        raise _Bad(f"pair names sentence {index}, which does not exist")
    actors = rec.get("actors")
    if not (isinstance(actors, list) and len(actors) == 2 and all(isinstance(a, str) for a in actors)):
        raise _Bad("a pair needs 'actors': a list of two actor ids")
    return CandidatePair(
        doc_id=doc_id, sentence=sentences[index], sentence_index=index, actors=tuple(sorted(actors)),
        relations=tuple(_relation(r) for r in rec.get("relations") or ()), none_kind=rec.get("none"),
        tags=frozenset(rec.get("tags") or ()), speaker=rec.get("speaker"), note=str(rec.get("note") or ""),
        adjudication=str(rec.get("adjudication") or ""))


def _annotation(rec: Any, where: str) -> DocumentAnnotation:
    if not isinstance(rec, Mapping):
        raise _Bad("an annotation line must be a JSON object")
    doc_id = _need(rec, "doc_id", str, "an annotation")
    sentences = tuple(Sentence(_need(s, "start", int, "a sentence"), _need(s, "end", int, "a sentence"),
                               bool(s.get("headline", False))) for s in _need(rec, "sentences", list, "an annotation"))
    mentions = tuple(
        Mention(id=str(_need(m, "id", str, "a mention")), sentence=_need(m, "sentence", int, "a mention"),
                start=_need(m, "start", int, "a mention"), end=_need(m, "end", int, "a mention"),
                text=_need(m, "text", str, "a mention"), actor=_need(m, "actor", str, "a mention"),
                form=str(m.get("form", "name")))
        for m in _need(rec, "mentions", list, "an annotation"))
    new_actors = tuple(NewActor(id=_need(n, "id", str, "a new actor"), name=_need(n, "name", str, "a new actor"),
                                kind=_need(n, "kind", str, "a new actor"), parent=n.get("parent"))
                       for n in rec.get("new_actors") or ())
    pairs = tuple(_pair(p, doc_id, sentences) for p in _need(rec, "pairs", list, "an annotation"))
    return DocumentAnnotation(doc_id=doc_id, annotator=_need(rec, "annotator", str, "an annotation"),
                              role=str(rec.get("role", "primary")), sentences=sentences, mentions=mentions,
                              new_actors=new_actors, pairs=pairs, where=where, scope=str(rec.get("scope") or ""))


def _read_jsonl(path: Path, parse, problems: list[Problem]) -> list:
    out = []
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise UnreadableInputError(f"cannot open ({exc.strerror})", path=str(path)) from exc
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                out.append(parse(json.loads(line), where))
            except json.JSONDecodeError as exc:
                problems.append(Problem(where, f"line is not JSON ({exc.msg}); one JSON object per line"))
            except (_Bad, AttributeError, TypeError) as exc:
                problems.append(Problem(where, f"{exc}; fix this record (the rest was read)"))
    return out


def corpus_from_records(documents: Iterable[Mapping[str, Any]], annotations: Iterable[Mapping[str, Any]] = (),
                        ) -> Corpus:
    """Build a :class:`Corpus` from plain records (as read from the JSONL files).

    Records that cannot be parsed become :class:`Problem` entries; nothing raises.

    Examples
    --------
    >>> c = corpus_from_records([{"id": "x"}])
    >>> len(c.documents), c.problems[0].message.split(";")[0]
    (0, 'document lacks title, text, date, source, licence, attribution, topic, split (strings)')
    """
    problems: list[Problem] = []
    docs: dict[str, CorpusDocument] = {}
    for n, rec in enumerate(documents, 1):
        try:
            doc = _document(rec, f"document {n}")
        except (_Bad, AttributeError, TypeError) as exc:
            problems.append(Problem(f"document {n}", str(exc)))
            continue
        _add_document(docs, doc, problems)
    anns = []
    for n, rec in enumerate(annotations, 1):
        try:
            anns.append(_annotation(rec, f"annotation {n}"))
        except (_Bad, AttributeError, TypeError) as exc:
            problems.append(Problem(f"annotation {n}", str(exc)))
    return Corpus(docs, tuple(anns), tuple(problems))


def _add_document(docs: dict[str, CorpusDocument], doc: CorpusDocument, problems: list[Problem]) -> None:
    if doc.id in docs:
        problems.append(Problem(doc.where, f"document id {doc.id!r} repeats {docs[doc.id].where}; ids are unique"))
    else:
        docs[doc.id] = doc


def load_corpus(directory: str | Path) -> Corpus:
    """Read ``documents*.jsonl`` and ``annotations/*.jsonl`` of a corpus directory.

    Malformed lines do not stop the reading: each becomes a :class:`Problem`
    (``corpus.problems``) and the rest is read.

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "documents.jsonl").write_text(json.dumps({"id": "d1", "title": "T", "text": "T", "date": "2001",
    ...     "source": "s", "licence": "CC0", "attribution": "-", "topic": "party", "split": "dev"}) + "\\nnot json\\n")
    >>> c = load_corpus(d)
    >>> list(c.documents), len(c.problems)
    (['d1'], 1)
    """
    directory = Path(directory)
    doc_files = sorted(directory.glob("documents*.jsonl"))
    if not doc_files:
        raise EmptyInputError("no documents.jsonl here", path=str(directory),
                              hint="give the corpus directory (data/relations)")
    problems: list[Problem] = []
    docs: dict[str, CorpusDocument] = {}
    for path in doc_files:
        for doc in _read_jsonl(path, _document, problems):
            _add_document(docs, doc, problems)
    anns: list[DocumentAnnotation] = []
    _merge_manifests(directory / MANIFEST_DIR, docs, problems)
    for path in sorted((directory / "annotations").glob("*.jsonl")):
        anns.extend(_read_jsonl(path, _annotation, problems))
    return Corpus(docs, tuple(anns), tuple(problems), str(directory))


def _merge_manifests(manifests: Path, docs: dict[str, CorpusDocument], problems: list[Problem]) -> None:
    """Add text-less documents from the manifests to ``docs``; check built ones against them."""
    for path in sorted(manifests.glob("*.jsonl")):
        for where, record in _read_jsonl(path, lambda rec, where: (where, rec), problems):
            if not isinstance(record, Mapping) or not isinstance(record.get("id"), str):
                problems.append(Problem(where, "a manifest line must be a document record with an 'id'"))
                continue
            built = docs.get(record["id"])
            if built is None:
                try:
                    docs[record["id"]] = _document({**record, "text": ""}, where, text_built=False)
                except (_Bad, AttributeError, TypeError) as exc:
                    problems.append(Problem(where, f"{exc}; fix this manifest record (the rest was read)"))
                continue
            if text_sha256(built.text) != record.get("text_sha256"):
                problems.append(Problem(built.where, f"{built.id}: text differs from its manifest ({where}); rebuild "
                                                     "it from the pinned commit in SOURCES.md"))
            if built.split != record.get("split"):
                problems.append(Problem(built.where, f"{built.id}: split {built.split!r} but the manifest freezes "
                                                     f"{record.get('split')!r}; splits never change"))
