"""The labelled relation corpus in ``data/relations/``: schema, loader and validator.

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
>>> [p.message for p in validate_corpus(corpus, reserved_titles=frozenset())]
[]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from allegiance.actors.kb import load_knowledge_base
from allegiance.errors import EmptyInputError, MalformedRecordError, UnreadableInputError
from allegiance.model import ActorKind, RelationType
from allegiance.relations.reserved import normalised_title_hash
from allegiance.relations.spans import cut_words

__all__ = [
    "ADJUDICATED",
    "NONE_KINDS",
    "PHENOMENA",
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
    "load_corpus",
    "required_pairs",
    "validate_corpus",
]

#: Phenomenon tags a candidate pair may carry (``docs/annotation.md`` defines each).
PHENOMENA = ("quote", "group_reference", "faction", "nominal", "implied", "past", "headline")
#: Why a candidate pair holds no relation.
NONE_KINDS = ("negation", "question", "conditional", "meeting", "post", "hedged", "name_only", "no_stance")
TOPICS = ("international", "party")
SPLITS = ("train", "dev", "test")
TIMES = ("current", "past", "future")
MENTION_FORMS = ("name", "metonym", "pronoun", "group", "nominal", "adjectival", "title", "speaker")
ROLES = ("primary", "second", "adjudicated", "pilot")
#: The annotator name of adjudicated annotations (they win over every other).
ADJUDICATED = "adjudicated"
_DOC_FIELDS = ("id", "title", "text", "date", "source", "licence", "attribution", "topic", "split")
_TYPES = {t.value: int(t.sign) for t in RelationType}
_KINDS = {k.value for k in ActorKind}


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
    where: str = ""

    @property
    def year(self) -> str:
        """The year of ``date`` (``"?"`` when absent)."""
        return self.date[:4] if self.date else "?"


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
        """The annotation that counts: the adjudicated one, else the first by file order."""
        found = self.annotations_of(doc_id)
        for a in found:
            if a.annotator == ADJUDICATED or a.role == "adjudicated":
                return a
        return found[0] if found else None

    def finals(self, split: str | None = None) -> Iterator[tuple[CorpusDocument, DocumentAnnotation]]:
        """(document, final annotation) for every annotated document (of ``split``)."""
        for doc_id, doc in sorted(self.documents.items()):
            if split is not None and doc.split != split:
                continue
            ann = self.final(doc_id)
            if ann is not None:
                yield doc, ann


# ----------------------------------------------------------------------------- parsing

class _Bad(Exception):
    """A record that cannot be parsed (turned into a Problem by the loader)."""


def _need(rec: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    value = rec.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise _Bad(f"{what} needs {key!r} of type {getattr(kind, '__name__', kind)}")
    return value


def _document(rec: Mapping[str, Any], where: str) -> CorpusDocument:
    if not isinstance(rec, Mapping):
        raise _Bad("a document line must be a JSON object")
    missing = [k for k in _DOC_FIELDS if not isinstance(rec.get(k), str)]
    if missing:
        raise _Bad(f"document lacks {', '.join(missing)} (strings); see data/relations/README.md")
    extra = {k: rec.get(k) for k in ("url", "repo", "path", "commit", "parent")}
    return CorpusDocument(**{k: rec[k] for k in _DOC_FIELDS}, **extra, headline=rec.get("headline", True) is not False,
                          where=where)


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
                              new_actors=new_actors, pairs=pairs, where=where)


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
    for path in sorted((directory / "annotations").glob("*.jsonl")):
        anns.extend(_read_jsonl(path, _annotation, problems))
    return Corpus(docs, tuple(anns), tuple(problems), str(directory))


# ----------------------------------------------------------------------------- validation

def required_pairs(annotation: DocumentAnnotation) -> set[tuple[int, str, str]]:
    """(sentence index, actor, actor) of every pair of distinct actors mentioned in one sentence.

    Examples
    --------
    >>> ms = (Mention("m1", 0, 0, 1, "A", "A"), Mention("m2", 0, 2, 3, "B", "B"), Mention("m3", 0, 4, 5, "a", "A"))
    >>> sorted(required_pairs(DocumentAnnotation("d", "x", "primary", (Sentence(0, 5),), ms, (), ())))
    [(0, 'A', 'B')]
    """
    actors: dict[int, set[str]] = {}
    for m in annotation.mentions:
        actors.setdefault(m.sentence, set()).add(m.actor)
    out = set()
    for index, ids in actors.items():
        ordered = sorted(ids)
        out.update((index, a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    return out


def _check_document(doc: CorpusDocument, reserved: frozenset[str] | None) -> Iterator[Problem]:
    if doc.topic not in TOPICS:
        yield Problem(doc.where, f"{doc.id}: topic {doc.topic!r} is not one of {', '.join(TOPICS)}")
    if doc.split not in SPLITS:
        yield Problem(doc.where, f"{doc.id}: split {doc.split!r} is not one of {', '.join(SPLITS)}")
    if not doc.text.strip():
        yield Problem(doc.where, f"{doc.id}: empty text")
    if not (doc.url or (doc.repo and doc.path and doc.commit)):
        yield Problem(doc.where, f"{doc.id}: give url, or repo + path + commit, so the text can be traced")
    if reserved:
        for title in filter(None, (doc.title, doc.parent)):
            if normalised_title_hash(title) in reserved:
                yield Problem(doc.where, f"{doc.id}: title {title!r} is reserved for evaluation; remove the document")


def _check_splits(documents: Mapping[str, CorpusDocument]) -> Iterator[Problem]:
    """Sections of one article (same ``parent``) must stay in one split."""
    split_of: dict[str, tuple[str, str]] = {}
    for doc in documents.values():
        if not doc.parent:
            continue
        first = split_of.setdefault(doc.parent, (doc.split, doc.id))
        if first[0] != doc.split:
            yield Problem(doc.where, f"{doc.id} is in {doc.split} but {first[1]}, a section of the same "
                                     f"article {doc.parent!r}, is in {first[0]}; keep one article in one split")


def _check_mentions(ann: DocumentAnnotation, text: str, known) -> Iterator[Problem]:
    declared = {n.id for n in ann.new_actors}
    for n in ann.new_actors:
        if not n.id.startswith("NEW:") or n.kind not in _KINDS:
            yield Problem(ann.where, f"new actor {n.id!r}: id must start with 'NEW:' and kind be one of "
                                     f"{', '.join(sorted(_KINDS))}")
    seen = set()
    for m in ann.mentions:
        where = f"{ann.where} mention {m.id}"
        if m.id in seen:
            yield Problem(where, "mention ids repeat; give each mention its own id")
        seen.add(m.id)
        if not 0 <= m.sentence < len(ann.sentences):
            yield Problem(where, f"sentence {m.sentence} does not exist")
            continue
        s = ann.sentences[m.sentence]
        if not s.start <= m.start < m.end <= s.end:
            yield Problem(where, f"span {m.start}-{m.end} is not inside its sentence {s.start}-{s.end}")
        elif text[m.start:m.end] != m.text:
            yield Problem(where, f"text[{m.start}:{m.end}] is {text[m.start:m.end]!r}, not {m.text!r}; fix the offsets")
        elif cut := cut_words(text, m.start, m.end):
            yield Problem(where, f"span {m.start}-{m.end} ({m.text!r}) starts or ends inside a word "
                                 f"({', '.join(map(repr, cut))}); a mention covers whole words")
        if m.form not in MENTION_FORMS:
            yield Problem(where, f"form {m.form!r} is not one of {', '.join(MENTION_FORMS)}")
        if m.actor not in declared and not known(m.actor):
            yield Problem(where, f"actor {m.actor!r} is neither in the knowledge base nor declared in new_actors")


def _check_new_actors_unknown(ann: DocumentAnnotation, kb) -> Iterator[Problem]:
    """A ``NEW:`` actor whose name (a bracketed qualifier dropped) the knowledge base already has."""
    for n in ann.new_actors:
        if known := sorted({a.id for t in {n.name, n.name.split(" (")[0]} for a in kb.lookup(t)}):
            yield Problem(ann.where, f"new actor {n.id!r} ({n.name!r}) is already in the knowledge base as "
                                     f"{', '.join(known)}; use that id or name it unambiguously")


def _check_relation(pair: CandidatePair, r: RelationLabel, where: str) -> Iterator[Problem]:
    if {r.source, r.target} != set(pair.actors):
        yield Problem(where, f"relation {r.source}->{r.target} must join the pair's two actors")
    if r.type not in _TYPES:
        yield Problem(where, f"type {r.type!r} is not one of {', '.join(_TYPES)}")
    elif _TYPES[r.type] != r.sign:
        yield Problem(where, f"type {r.type} has sign {_TYPES[r.type]:+d}, not {r.sign:+d}")
    if r.time not in TIMES:
        yield Problem(where, f"time {r.time!r} is not one of {', '.join(TIMES)}")


def _check_pair(ann: DocumentAnnotation, pair: CandidatePair, in_sentence: set[tuple[int, str]],
                mentions: Mapping[str, Mention]) -> Iterator[Problem]:
    where = f"{ann.where} pair {pair.sentence_index}:{'|'.join(pair.actors)}"
    if pair.actors[0] == pair.actors[1]:
        yield Problem(where, "a pair needs two different actors")
    absent = [a for a in pair.actors if (pair.sentence_index, a) not in in_sentence]
    if absent:
        speaker = mentions.get(pair.speaker or "")
        if "quote" not in pair.tags or speaker is None or absent != [speaker.actor]:
            yield Problem(where, f"{', '.join(absent)} has no mention in the sentence; only a quote-spanning pair "
                                 "(tag 'quote', 'speaker' = the speaker's mention id) may name an absent actor")
    if pair.relations and pair.none_kind is not None:
        yield Problem(where, "a pair has relations or a none kind, not both")
    if not pair.relations and pair.none_kind not in NONE_KINDS:
        yield Problem(where, f"a pair without relations needs 'none': one of {', '.join(NONE_KINDS)}")
    bad_tags = sorted(pair.tags - set(PHENOMENA))
    if bad_tags:
        yield Problem(where, f"unknown tags {bad_tags}; use {', '.join(PHENOMENA)}")
    units = [r.unit() for r in pair.relations]
    if len(units) != len(set(units)):
        yield Problem(where, "one relation per (source, target, sign); keep the most specific type")
    for r in pair.relations:
        yield from _check_relation(pair, r, where)


def _check_annotation(ann: DocumentAnnotation, doc: CorpusDocument, known) -> Iterator[Problem]:
    text = doc.text
    previous_end = 0
    for i, s in enumerate(ann.sentences):
        if not 0 <= s.start < s.end <= len(text) or s.start < previous_end:
            yield Problem(ann.where, f"sentence {i} ({s.start}-{s.end}) is outside the text or overlaps the one "
                                     "before; sentences are ordered, disjoint spans of the text")
        if s.headline and (not doc.headline or s.end > len(doc.title)):
            yield Problem(ann.where, f"sentence {i} is marked headline but is not the title line of a document "
                                     "with a headline")
        previous_end = max(previous_end, s.end)
    yield from _check_mentions(ann, text, known)
    mentions = {m.id: m for m in ann.mentions}
    in_sentence = {(m.sentence, m.actor) for m in ann.mentions}
    keys: set[tuple[int, str, str]] = set()
    for pair in ann.pairs:
        key = (pair.sentence_index, *pair.actors)
        if key in keys:
            yield Problem(ann.where, f"pair {key} appears twice; label each pair once")
        keys.add(key)
        yield from _check_pair(ann, pair, in_sentence, mentions)
    for index, a, b in sorted(required_pairs(ann) - keys):
        yield Problem(ann.where, f"sentence {index}: candidate pair {a} | {b} is not labelled; label it "
                                 "(a relation or a none kind)")


def validate_corpus(corpus: Corpus, *, kb=None, reserved_titles: frozenset[str] | None = None) -> list[Problem]:
    """Every problem of the corpus, one :class:`Problem` each (empty when valid).

    Checks documents (fields, topic, split, provenance, no reserved title, one
    article in one split), annotations (sentences inside the text, mention spans
    inside their sentence with ``text[start:end]`` equal to the mention text
    and covering whole words,
    actors in the knowledge base or declared new under a name it lacks, relation fields, every
    candidate pair of actors of a sentence present, quote-spanning pairs with a
    speaker) and one annotation per document and annotator.

    Parameters
    ----------
    corpus : Corpus
        From :func:`load_corpus`.
    kb : KnowledgeBase, optional
        The actor knowledge base (the built-in one when omitted).
    reserved_titles : frozenset of str, optional
        Title hashes from :func:`load_reserved_titles`; ``None`` skips that check.

    Examples
    --------
    >>> c = corpus_from_records([{"id": "d", "title": "T", "text": "T", "date": "2001", "source": "s",
    ...     "licence": "CC0", "attribution": "-", "topic": "war", "split": "dev", "url": "u"}])
    >>> [p.message for p in validate_corpus(c)]
    ["d: topic 'war' is not one of international, party"]
    """
    if kb is None:
        kb = load_knowledge_base()
    problems = list(corpus.problems)
    for doc in corpus.documents.values():
        problems.extend(_check_document(doc, reserved_titles))
    problems.extend(_check_splits(corpus.documents))
    seen: dict[tuple[str, str], str] = {}
    for ann in corpus.annotations:
        doc = corpus.documents.get(ann.doc_id)
        if doc is None:
            problems.append(Problem(ann.where, f"document {ann.doc_id!r} is not in documents.jsonl"))
            continue
        if (ann.doc_id, ann.annotator) in seen:
            problems.append(Problem(ann.where, f"{ann.annotator} annotated {ann.doc_id} twice (also "
                                               f"{seen[ann.doc_id, ann.annotator]}); keep one"))
        seen[ann.doc_id, ann.annotator] = ann.where
        if ann.role not in ROLES:
            problems.append(Problem(ann.where, f"role {ann.role!r} is not one of {', '.join(ROLES)}"))
        problems += [*_check_annotation(ann, doc, lambda actor_id: actor_id in kb), *_check_new_actors_unknown(ann, kb)]
    return problems
