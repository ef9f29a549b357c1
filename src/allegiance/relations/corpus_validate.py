"""The validator of the labelled relation corpus (``allegiance corpus validate``).

Every rule a corpus file must keep (``data/relations/README.md``, ``docs/annotation.md``) is
checked here and reported as a :class:`~allegiance.relations.corpus.Problem` that says what to
fix; nothing raises on a bad record. Documents known from their manifest only (text not
rebuilt here, :mod:`allegiance.relations.corpus_manifest`) have their labels checked for
everything that does not need the text.

Examples
--------
>>> from allegiance.relations.corpus import corpus_from_records
>>> doc = {"id": "d1", "title": "A", "text": "A\\n\\nLabour backed Unite.", "date": "2020-01-01",
...        "source": "test", "licence": "CC0", "attribution": "none", "topic": "party", "split": "train",
...        "url": "https://example.org/d1"}
>>> ann = {"doc_id": "d1", "annotator": "a1", "sentences": [{"start": 3, "end": 23}],
...        "mentions": [{"id": "m1", "sentence": 0, "start": 3, "end": 9, "text": "Labour", "actor": "GBR-LAB"},
...                     {"id": "m2", "sentence": 0, "start": 17, "end": 22, "text": "Unite", "actor": "GBR-UNITE"}],
...        "pairs": [{"sentence": 0, "actors": ["GBR-LAB", "GBR-UNITE"], "relations": [
...            {"source": "GBR-LAB", "target": "GBR-UNITE", "sign": 1, "type": "support",
...             "time": "current", "directed": True}], "tags": []}]}
>>> [p.message for p in validate_corpus(corpus_from_records([doc], [ann]), reserved_titles=frozenset())]
[]
"""

from __future__ import annotations

from typing import Iterator, Mapping

from allegiance.actors.kb import load_knowledge_base
from allegiance.model import ActorKind, RelationType
from allegiance.relations.corpus import (
    MENTION_FORMS,
    NONE_KINDS,
    PHENOMENA,
    REANNOTATION_ROLES,
    ROLES,
    SPLITS,
    TIMES,
    TOPICS,
    CandidatePair,
    Corpus,
    CorpusDocument,
    DocumentAnnotation,
    Mention,
    Problem,
    RelationLabel,
)
from allegiance.relations.reserved import normalised_title_hash
from allegiance.relations.spans import cut_words

__all__ = ["required_pairs", "validate_corpus"]

_TYPES = {t.value: int(t.sign) for t in RelationType}
_KINDS = {k.value for k in ActorKind}


def required_pairs(annotation: DocumentAnnotation) -> set[tuple[int, str, str]]:
    """(sentence index, actor, actor) of every pair of distinct actors mentioned in one sentence.

    Examples
    --------
    >>> from allegiance.relations.corpus import Sentence
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
    if doc.text_built and not doc.text.strip():
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
        elif text is None:
            pass  # text not built here: the span is checked against the rebuilt text only
        elif text[m.start:m.end] != m.text:
            yield Problem(where, f"text[{m.start}:{m.end}] is {text[m.start:m.end]!r}, not {m.text!r}; fix the offsets")
        elif cut := cut_words(text, m.start, m.end):
            yield Problem(where, f"span {m.start}-{m.end} ({m.text!r}) starts or ends inside a word "
                                 f"({', '.join(map(repr, cut))}); a mention covers whole words")
        if m.form not in MENTION_FORMS:
            yield Problem(where, f"form {m.form!r} is not one of {', '.join(MENTION_FORMS)}")
        if m.actor not in declared and not known(m.actor):
            yield Problem(where, f"actor {m.actor!r} is neither in the knowledge base nor declared in new_actors")


def known_ids(kb, name: str) -> set[str]:
    """The knowledge-base ids a declared actor name resolves to, as is or with a bracketed qualifier dropped.

    Examples
    --------
    >>> from allegiance.actors.kb import shared_knowledge_base
    >>> sorted(known_ids(shared_knowledge_base(), "Namibia (the state)"))
    ['NAM']
    """
    return {a.id for text in {name, name.split(" (")[0]} for a in kb.lookup(text)}


def _check_new_actors_unknown(ann: DocumentAnnotation, kb) -> Iterator[Problem]:
    """A ``NEW:`` actor whose name (a bracketed qualifier dropped) the knowledge base already has."""
    for n in ann.new_actors:
        if known := sorted(known_ids(kb, n.name)):
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
        if not 0 <= s.start < s.end <= (len(text) if doc.text_built else s.end) or s.start < previous_end:
            yield Problem(ann.where, f"sentence {i} ({s.start}-{s.end}) is outside the text or overlaps the one "
                                     "before; sentences are ordered, disjoint spans of the text")
        if s.headline and (not doc.headline or s.end > len(doc.title)):
            yield Problem(ann.where, f"sentence {i} is marked headline but is not the title line of a document "
                                     "with a headline")
        previous_end = max(previous_end, s.end)
    yield from _check_mentions(ann, text if doc.text_built else None, known)
    mentions = {m.id: m for m in ann.mentions}
    in_sentence = {(m.sentence, m.actor) for m in ann.mentions}
    keys: set[tuple[int, str, str]] = set()
    for pair in ann.pairs:
        key = (pair.sentence_index, *pair.actors)
        if key in keys:
            yield Problem(ann.where, f"pair {key} appears twice; label each pair once")
        keys.add(key)
        yield from _check_pair(ann, pair, in_sentence, mentions)
    if ann.role in REANNOTATION_ROLES:  # a round relabels some pairs of the document, never all of them
        if ann.scope not in PHENOMENA:
            yield Problem(ann.where, f"a {ann.role} record needs a 'scope': the phenomenon its round "
                                     f"re-annotates, one of {', '.join(PHENOMENA)}")
        return
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
    >>> from allegiance.relations.corpus import corpus_from_records
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
    seen: dict[tuple[str, str, str], str] = {}
    for ann in corpus.annotations:
        doc = corpus.documents.get(ann.doc_id)
        if doc is None:
            problems.append(Problem(ann.where, f"document {ann.doc_id!r} is not in documents.jsonl"))
            continue
        once = (ann.doc_id, ann.annotator, ann.scope if ann.role in REANNOTATION_ROLES else "")
        if once in seen:
            problems.append(Problem(ann.where, f"{ann.annotator} annotated {ann.doc_id} twice (also "
                                               f"{seen[once]}); keep one"))
        seen[once] = ann.where
        if ann.role not in ROLES:
            problems.append(Problem(ann.where, f"role {ann.role!r} is not one of {', '.join(ROLES)}"))
        problems += [*_check_annotation(ann, doc, lambda actor_id: actor_id in kb), *_check_new_actors_unknown(ann, kb)]
    return problems
