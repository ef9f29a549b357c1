"""Listing the actors of a set of documents (``allegiance actors``).

Examples
--------
>>> from allegiance.model import Document
>>> found = collect_actors([Document.from_text("Moscow and Russia's allies.", id="d1")])
>>> found[0].to_dict()["id"], len(found[0].mentions)
('RUS', 2)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from allegiance.actors.pipes import add_actor_pipes
from allegiance.ingest.datelines import parsed_body
from allegiance.model import Actor, Document, Mention
from allegiance.nlp import load_model
from allegiance.nlp.extensions import ACTOR_SPANS_KEY
from allegiance.nlp.sentences import with_paragraph_breaks

__all__ = [
    "MentionExplanation",
    "ResolvedActor",
    "actor_mentions",
    "build_actor_pipeline",
    "collect_actors",
    "docs_in_context",
    "explain_mention",
]

_REFERENCE_WORDS = frozenset({"they", "them", "their", "theirs", "he", "him", "his", "she", "her"})


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    """One actor with every mention of it in the documents read.

    Attributes
    ----------
    actor : Actor
        The canonical actor (from the knowledge base or ad hoc).
    aliases : tuple of str
        The distinct surface forms seen (pronouns left out), commonest first.
    mentions : tuple of Mention
        Every mention, in document order (pronouns and group references
        included, each with its confidence).

    Examples
    --------
    >>> from allegiance.model import ActorKind
    >>> a = ResolvedActor(Actor("RUS", "Russia", ActorKind.COUNTRY), ("Moscow",),
    ...                   (Mention("Moscow", 0, 6, doc_id="d1"),))
    >>> a.to_dict()["mentions"]
    [{'doc_id': 'd1', 'text': 'Moscow', 'start': 0, 'end': 6}]
    """

    actor: Actor
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, Any]:
        """The record printed by ``allegiance actors --format jsonl``."""
        return {
            "id": self.actor.id,
            "name": self.actor.name,
            "kind": self.actor.kind.value,
            "parent": self.actor.parent,
            "aliases": list(self.aliases),
            "mentions": [
                {"doc_id": m.doc_id, "text": m.text, "start": m.start, "end": m.end}
                for m in self.mentions
            ],
        }


def build_actor_pipeline(actors_path: str | Path | Sequence[str | Path] | None = None) -> Language:
    """The statistical model with the actor components (no relation extraction).

    Examples
    --------
    >>> "allegiance_actor_resolver" in build_actor_pipeline().pipe_names
    True
    """
    return add_actor_pipes(with_paragraph_breaks(load_model()), actors_path=actors_path)


def actor_mentions(doc: Doc, doc_id: str | None = None) -> list[Mention]:
    """The actor mentions of a processed ``Doc`` as :class:`Mention` objects.

    A mention that refers to several actors ("they" after "Unite and the GMB")
    gives one :class:`Mention` per member actor.

    Examples
    --------
    >>> nlp = build_actor_pipeline()
    >>> [(m.text, m.actor.id) for m in actor_mentions(nlp("Nato and the UN."), "d1")]
    [('Nato', 'NATO'), ('the UN', 'UN')]
    """
    doc_id = doc_id if doc_id is not None else (doc._.doc_id or "")
    out: list[Mention] = []
    for span in doc.spans.get(ACTOR_SPANS_KEY, ()):
        members = span._.actor_group or (span._.actor,)
        for actor in members:
            out.append(Mention(span.text, span.start_char, span.end_char, actor, doc_id,
                               float(span._.actor_confidence)))
    return out


def docs_in_context(nlp: Language, docs: Iterable[Document]) -> Iterator[tuple[Doc, str]]:
    """Unparsed docs carrying their id and date, with each document's id, for ``nlp.pipe(..., as_tuples=True)``
    (dates matter: "Moscow" in 1962 is the Soviet Union). The text is the one ``extract`` parses: datelines
    blanked, offsets kept.

    Examples
    --------
    >>> nlp = build_actor_pipeline()
    >>> docs = [Document.from_text("Moscow warned London.", id="suez", date="1956-11-08")]
    >>> [(m.text, m.actor.id) for doc, _ in nlp.pipe(docs_in_context(nlp, docs), as_tuples=True)
    ...  for m in actor_mentions(doc)]
    [('Moscow', 'SUN'), ('London', 'GBR')]
    """
    for document in docs:
        doc = nlp.make_doc(parsed_body(document))
        doc._.doc_id = document.id
        doc._.doc_date = document.date
        yield doc, document.id


def _is_reference(doc: Doc, mention: Mention) -> bool:
    return mention.text.casefold() in _REFERENCE_WORDS


def collect_actors(
    docs: Iterable[Document],
    *,
    nlp: Language | None = None,
    actors_path: str | Path | Sequence[str | Path] | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> list[ResolvedActor]:
    """Resolve every actor mention in ``docs`` and group the mentions by actor.

    Parameters
    ----------
    docs : iterable of Document
        The documents to read.
    nlp : Language, optional
        A pipeline with the actor components; built with
        :func:`build_actor_pipeline` when not given.
    actors_path : path or paths, optional
        User actor YAML merged over the built-in knowledge base (used only
        when ``nlp`` is not given).
    batch_size, n_process : int
        Passed to ``nlp.pipe``.
    on_progress : callable, optional
        Called with the number of documents read so far after each one.

    Returns
    -------
    list of ResolvedActor
        Most-mentioned first (ties by id), deterministic.

    Examples
    --------
    >>> docs = [Document.from_text("Unite and the GMB worked together.", id="a")]
    >>> [r.actor.id for r in collect_actors(docs)]
    ['GBR-GMB', 'GBR-UNITE']
    """
    if nlp is None:
        nlp = build_actor_pipeline(actors_path)
    actors: dict[str, Actor] = {}
    mentions: dict[str, list[Mention]] = {}
    surfaces: dict[str, dict[str, int]] = {}
    stream = docs_in_context(nlp, docs)
    for done, (doc, doc_id) in enumerate(
        nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process), start=1
    ):
        if on_progress is not None:
            on_progress(done)
        grouped = {(s.start_char, s.end_char) for s in doc.spans.get(ACTOR_SPANS_KEY, ())
                   if s._.actor_group}
        for mention in actor_mentions(doc, doc_id):
            actor = mention.actor
            if actor is None:
                continue
            actors.setdefault(actor.id, actor)
            mentions.setdefault(actor.id, []).append(mention)
            if not _is_reference(doc, mention) and (mention.start, mention.end) not in grouped:
                seen = surfaces.setdefault(actor.id, {})
                seen[mention.text] = seen.get(mention.text, 0) + 1
    result = []
    for actor_id, actor in actors.items():
        seen = surfaces.get(actor_id, {})
        aliases = tuple(sorted(seen, key=lambda t: (-seen[t], t)))
        result.append(ResolvedActor(actor, aliases, tuple(mentions[actor_id])))
    result.sort(key=lambda r: (-len(r.mentions), r.actor.id))
    return result


@dataclass(frozen=True, slots=True)
class MentionExplanation:
    """Why one occurrence of a mention resolved as it did.

    Attributes
    ----------
    doc_id, text, start, end
        Where the mention is.
    actor : Actor or None
        The actor it resolved to (``None``: not an actor mention).
    confidence : float
    rule : str
        The rule that fired, or why nothing did.
    members : tuple of Actor
        The actors of a group reference.
    """

    doc_id: str
    text: str
    start: int
    end: int
    actor: Actor | None
    confidence: float
    rule: str
    members: tuple[Actor, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "text": self.text, "start": self.start, "end": self.end,
            "id": self.actor.id if self.actor else None,
            "name": self.actor.name if self.actor else None,
            "kind": self.actor.kind.value if self.actor else None,
            "confidence": round(self.confidence, 3), "rule": self.rule,
            "members": [a.id for a in self.members],
        }


def _occurrences(doc: Doc, mention: str) -> Iterator[tuple[int, int]]:
    """Character spans of ``mention`` in ``doc``: case-insensitive, curly and straight
    apostrophes alike, at word or token boundaries ("n't" in "don’t" is the token "n’t")."""
    def plain(text: str) -> str:
        return text.replace("\u2019", "'").replace("\u2018", "'")

    starts = {tok.idx for tok in doc}
    ends = {tok.idx + len(tok.text) for tok in doc}
    text = plain(doc.text)
    for match in re.finditer(re.escape(plain(mention)), text, re.IGNORECASE):
        start, end = match.span()
        if (start == 0 or not text[start - 1].isalnum() or start in starts) and \
                (end == len(text) or not text[end].isalnum() or end in ends):
            yield start, end


def explain_mention(docs: Iterable[Document], mention: str, *, nlp: Language | None = None,
                    actors_path: str | Path | Sequence[str | Path] | None = None) -> list[MentionExplanation]:
    """Explain every occurrence of ``mention`` (case-insensitive) in ``docs``.

    Examples
    --------
    >>> docs = [Document.from_text("Moscow said so. A summit in Moscow.", id="d")]
    >>> [(e.actor.id if e.actor else None, e.rule[:9]) for e in explain_mention(docs, "moscow")]
    [('RUS', 'kb metony'), (None, 'not an ac')]
    """
    if nlp is None:
        nlp = build_actor_pipeline(actors_path)
    out: list[MentionExplanation] = []
    for doc, doc_id in nlp.pipe(docs_in_context(nlp, docs), as_tuples=True):
        spans = list(doc.spans.get(ACTOR_SPANS_KEY, ()))
        for start, end in _occurrences(doc, mention):
            hit = next((s for s in spans if s.start_char <= start and end <= s.end_char), None)
            if hit is not None:
                out.append(MentionExplanation(
                    doc_id, hit.text, hit.start_char, hit.end_char, hit._.actor,
                    float(hit._.actor_confidence), hit._.actor_rule or "",
                    tuple(hit._.actor_group or ()),
                ))
            else:
                ent = next((e for e in doc.ents if e.start_char <= start and end <= e.end_char), None)
                why = (f"not an actor mention: NER {ent.label_} {ent.text!r} was filtered out"
                       if ent is not None else
                       "not an actor mention: no knowledge-base alias matched in this context "
                       "(case, guard or place-name check) and NER found no political entity")
                out.append(MentionExplanation(doc_id, doc.text[start:end], start, end, None, 0.0, why))
    return out
