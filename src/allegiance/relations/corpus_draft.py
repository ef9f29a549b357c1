"""Drafts for annotators: frozen sentences, pre-found mentions and the candidate pairs to label.

A draft is an annotation record (``data/relations/README.md``) whose pairs carry
no label yet. Its sentences come from one deterministic segmentation (spaCy
sentences, also cut at blank lines, the title line marked ``headline``), so
two annotators of one document get identical sentence spans and their pairs
compare one to one. Mentions are what today's actor stage finds; annotators
check each, add what it misses and delete what is wrong (``docs/annotation.md``).

Examples
--------
>>> sentence_spans("Title line\\n\\nFirst one. Second one.", [(0, 22), (23, 34)])
[(0, 10), (12, 22), (23, 34)]
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Iterable, Sequence

from allegiance.actors.kb import load_knowledge_base, slugify
from allegiance.errors import ConfigError
from allegiance.nlp.extensions import ACTOR_SPANS_KEY
from allegiance.relations.corpus import CorpusDocument
from allegiance.relations.pipeline import build_pipeline

__all__ = ["DRAFT_ROLES", "annotation_queue", "check_draft_role", "draft_annotation", "find_actor", "sentence_spans"]


def sentence_spans(text: str, model_sentences: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans: the model's sentences, cut again at blank lines, with edge whitespace trimmed.

    Examples
    --------
    >>> sentence_spans("  A b.\\n\\nC d.  ", [(0, 15)])
    [(2, 6), (8, 12)]
    """
    out = []
    for start, end in model_sentences:
        pieces = re.split(r"(\n\s*\n)", text[start:end])
        offset = start
        for piece in pieces:
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                out.append((offset + lead, offset + lead + len(stripped)))
            offset += len(piece)
    return out


def _form(span_text: str, actor_name: str) -> str:
    low = span_text.lower()
    if low in {"he", "she", "they", "it", "him", "her", "them", "his", "its", "their"}:
        return "pronoun"
    if low.startswith(("the party", "the union", "the country", "the government", "both")):
        return "group"
    return "name" if actor_name.lower() in low or low in actor_name.lower() else "metonym"


#: the roles a draft can be written for: a first annotation, or a blind second one
DRAFT_ROLES = ("primary", "second")


def check_draft_role(role: str) -> str:
    """``role`` when a draft can be written for it (:data:`DRAFT_ROLES`), else a :class:`ConfigError`.

    Examples
    --------
    >>> check_draft_role("second")
    'second'
    >>> check_draft_role("adjudicated")
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: a draft is written for role primary or second, not 'adjudicated'; adjudicate from the two annotations (allegiance corpus disagreements)
    """
    if role not in DRAFT_ROLES:
        raise ConfigError(f"a draft is written for role {' or '.join(DRAFT_ROLES)}, not {role!r}",
                          hint="adjudicate from the two annotations (allegiance corpus disagreements)")
    return role


def draft_annotation(document: CorpusDocument, *, annotator: str, role: str = "primary", nlp=None,
                     kb=None) -> dict[str, Any]:
    """A draft annotation record for one document (mentions pre-found, pairs unlabelled), written for ``role``
    (:data:`DRAFT_ROLES`).

    Actors the knowledge base lacks (ad hoc actors from the NER fallback) are
    declared as ``NEW:`` actors for the annotator to confirm or remove.

    Raises
    ------
    ConfigError
        ``role`` is not one of :data:`DRAFT_ROLES` (adjudicated and re-annotation records are not drafted).
    """
    check_draft_role(role)
    if kb is None:
        kb = load_knowledge_base()
    nlp = nlp or build_pipeline()
    doc = nlp(document.make_doc(nlp))  # as extraction reads it: actors of its time, its speaker's "I"
    spans = sentence_spans(document.text, [(s.start_char, s.end_char) for s in doc.sents])
    title_end = len(document.title) if document.headline else -1
    sentences = [{"start": a, "end": b, "headline": b <= title_end} for a, b in spans]
    mentions, new_actors = [], {}
    for span in doc.spans.get(ACTOR_SPANS_KEY, []):
        actor = span._.actor
        index = next((i for i, (a, b) in enumerate(spans) if a <= span.start_char and span.end_char <= b), None)
        if actor is None or index is None:
            continue
        actor_id = actor.id
        if actor_id not in kb:
            actor_id = "NEW:" + slugify(actor.name)
            new_actors[actor_id] = {"id": actor_id, "name": actor.name, "kind": actor.kind.value}
        mentions.append({"id": f"m{len(mentions) + 1}", "sentence": index, "start": span.start_char,
                         "end": span.end_char, "text": span.text, "actor": actor_id,
                         "form": _form(span.text, actor.name)})
    return {"doc_id": document.id, "annotator": annotator, "role": role, "sentences": sentences,
            "mentions": mentions, "new_actors": list(new_actors.values()), "pairs": _unlabelled_pairs(mentions)}


def _unlabelled_pairs(mentions: Sequence[dict]) -> list[dict]:
    by_sentence: dict[int, set[str]] = {}
    for m in mentions:
        by_sentence.setdefault(m["sentence"], set()).add(m["actor"])
    pairs = []
    for index in sorted(by_sentence):
        ids = sorted(by_sentence[index])
        pairs.extend({"sentence": index, "actors": [a, b], "relations": [], "none": None, "tags": []}
                     for i, a in enumerate(ids) for b in ids[i + 1:])
    return pairs


def find_actor(query: str, *, kb=None, limit: int = 10) -> list[dict[str, str]]:
    """Knowledge-base actors whose id, name or an alias matches ``query`` (exact alias first).

    Examples
    --------
    >>> find_actor("the Kremlin")[0]["id"]
    'RUS'
    """
    if kb is None:
        kb = load_knowledge_base()
    exact = [a for a in kb.lookup(query)]
    needle = query.lower().strip()
    partial = [a for a in kb if a not in exact and (needle in a.name.lower() or needle in a.id.lower()
                                                     or any(needle in x.lower() for x in a.aliases))]
    return [{"id": a.id, "name": a.name, "kind": a.kind.value, "parent": a.parent or ""}
            for a in (exact + sorted(partial, key=lambda a: (len(a.name), a.name)))[:limit]]


def annotation_queue(corpus, *, annotator: str, second: bool = False, limit: int = 20) -> list[str]:
    """The next document ids for one annotator, balanced over (source, topic) strata.

    ``second=False``: documents nobody has annotated. ``second=True``: documents
    annotated exactly once, by someone else (blind double annotation). Order is
    round-robin over strata, each stratum in sha1 order of the id, so every call
    gives the same queue for the same corpus.

    Examples
    --------
    >>> from allegiance.relations.corpus import corpus_from_records
    >>> docs = [{"id": i, "title": "t", "text": "t", "date": "2001", "source": s, "licence": "CC0",
    ...          "attribution": "-", "topic": "party", "split": "train", "url": "u"}
    ...         for i, s in (("a", "S1"), ("b", "S1"), ("c", "S2"))]
    >>> annotation_queue(corpus_from_records(docs), annotator="x", limit=2)[1]  # one of S1, then S2's
    'c'
    """
    strata: dict[tuple[str, str], list[str]] = {}
    for doc_id, doc in corpus.documents.items():
        done = [a.annotator for a in corpus.annotations_of(doc_id)]
        wanted = (len(done) == 1 and annotator not in done) if second else not done
        if wanted:
            strata.setdefault((doc.source, doc.topic), []).append(doc_id)
    queues = [sorted(ids, key=lambda i: hashlib.sha1(i.encode()).hexdigest()) for _, ids in sorted(strata.items())]
    out: list[str] = []
    while len(out) < limit and any(queues):
        for queue in queues:
            if queue and len(out) < limit:
                out.append(queue.pop(0))
    return out
