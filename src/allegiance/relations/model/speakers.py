"""Who speaks in a document: a known person, the body a speaker's "we" stands for, the turns of a transcript.

The candidate generator (:func:`~allegiance.relations.model.candidates.first_person_mentions`) resolves "I"
and "we" to whoever speaks. This module answers who that is: the author the caller names
(:func:`known_person`), the body a person speaks for (:func:`speaker_we`), the administration in office on a
day (:func:`administration_on`), and, for a transcript, whose turn each labelled paragraph is
(:func:`transcript_turns`).

Examples
--------
>>> import spacy
>>> from allegiance.actors.kb import load_knowledge_base
>>> kb = load_knowledge_base()
>>> doc = spacy.blank("en")("SENIOR ADMINISTRATION OFFICIAL: We back Kyiv.\\n\\nQ: Do we?")
>>> doc._.doc_date = "2022-03-01"
>>> [(start, who, we and we.id) for start, who, we in transcript_turns(doc, [], kb)]
[(0, None, None), (4, None, 'USA-ADMIN-BIDEN'), (11, None, None)]
"""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Doc, Span

from allegiance.actors.documents import OFFICIAL_LABEL, speaker_labels
from allegiance.actors.references import administration_on
from allegiance.model import Actor, ActorKind
from allegiance.nlp.extensions import register_extensions

__all__ = ["administration_on", "known_person", "speaker_we", "transcript_turns"]


def known_person(id_or_name: str, kb) -> Actor | None:
    """The knowledge-base actor with this id, else the one person the knowledge base knows by this name.

    Examples
    --------
    >>> from allegiance.actors.kb import load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> known_person("PER:jimmy_carter", kb).name, known_person("Jimmy Carter", kb).id, known_person("Smith", kb)
    ('Jimmy Carter', 'PER:jimmy_carter', None)
    """
    actor = kb.get(id_or_name)
    if actor is not None:
        return actor
    people = [a for a in kb.lookup(id_or_name) if a.kind is ActorKind.PERSON]
    return people[0] if len(people) == 1 else None


def speaker_we(speaker: Actor, kb) -> Actor | None:
    """Whom a speaker's "we" stands for: the body the knowledge base puts the speaker in (``parent``),
    or the country of a party ("we" of a president is the nation, not his party); None if unknown.

    Examples
    --------
    >>> from allegiance.actors.kb import load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> speaker_we(kb.get("PER:jen_psaki"), kb).id, speaker_we(kb.get("PER:jimmy_carter"), kb).id
    ('USA-ADMIN-BIDEN', 'USA')
    """
    parent = kb.get(speaker.parent) if speaker.parent else None
    if parent is None or parent.kind is not ActorKind.PARTY:
        return parent
    country = kb.country_of(parent.id)
    return kb.get(country) if country else None


def _we_of(speaker: Actor | None, kb) -> Actor | None:
    """:func:`speaker_we` of ``speaker``, None for no speaker."""
    return speaker_we(speaker, kb) if speaker is not None else None


def transcript_turns(doc: Doc, spans: Sequence[Span], kb, *,
                     speaker: Actor | None = None) -> list[tuple[int, Actor | None, Actor | None]]:
    """Where each speaker's stretch of ``doc`` starts: (first token, speaker, whom the speaker's "we" stands for).

    The first stretch, from token 0, is ``speaker``'s (else ``doc._.doc_speaker``'s, an id or a name the
    knowledge base knows, :func:`known_person`). Each speaker label opening a paragraph ("MS. PSAKI:")
    starts another: the label's person (among the actor ``spans``) and :func:`speaker_we` of them; an
    unnamed official of the administration ("SENIOR ADMINISTRATION OFFICIAL:") speaks for the administration
    of ``doc._.doc_date`` (:func:`administration_on`) as nobody known; any other label ("Q:", "MODERATOR:")
    for nobody.
    """
    register_extensions()
    if speaker is None and doc._.doc_speaker:
        speaker = known_person(doc._.doc_speaker, kb)
    turns: list[tuple[int, Actor | None, Actor | None]] = [(0, speaker, _we_of(speaker, kb))]
    for label, _, _ in speaker_labels(doc):
        people = [s._.actor for s in spans if label.start <= s.start and s.end <= label.end
                  and s._.actor.kind is ActorKind.PERSON]
        if people:
            turns.append((label.end + 1, people[-1], _we_of(people[-1], kb)))
        elif OFFICIAL_LABEL.search(label.text):
            turns.append((label.end + 1, None, administration_on(doc._.doc_date, kb)))
        else:
            turns.append((label.end + 1, None, None))
    return turns
