"""Evidence that contains its mentions: actors from other sentences and the sentences that name them.

A relation's evidence is the sentence that asserts it. An actor of the relation may come from
another sentence: a plural reference the extractor resolves to the last coordinated actors
("... they said in a joint statement", "the two countries") or a pronoun or group phrase the actor
stage resolved ("he", "both sides", "the country"). Such a relation names that sentence in its
evidence: the evidence runs from the first sentence that names an actor of the relation to the
sentence that asserts it (``Evidence.sentence`` is the document text between the two offsets, as
for one sentence). A relation with a mention that still lies outside its evidence is not emitted.

The same module holds the check that a plural reference can stand for a group at all: "the two
powers" are states, so it cannot mean the two leaders named just before.

Examples
--------
>>> from allegiance.relations import build_pipeline
>>> doc = build_pipeline()("Russia and China signed a treaty. The two countries are allies.")
>>> [(r.source.actor.name, r.target.actor.name) for r in doc._.relations][-1]
('Russia', 'China')
>>> [(r.source.text, r.target.text, r.evidence.sentence) for r in doc._.relations][-1]
('The two countries', 'The two countries', 'Russia and China signed a treaty. The two countries are allies.')
>>> [mentions_outside_evidence(r) for r in doc._.relations]
[(), ()]
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import replace
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from allegiance.actors.kb import normalise_alias
from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation
from allegiance.nlp.extensions import ACTOR_SPANS_KEY
from allegiance.nlp.sentences import sentence_bounds

__all__ = ["BODY_START_KEY", "anchor_evidence", "evidence_violations", "group_fits_reference", "is_reference",
           "mentions_outside_evidence", "naming_index", "naming_spans", "sentences_evidence"]

log = logging.getLogger(__name__)

#: ``doc.user_data`` key: where the document's body starts in the parsed text (after a headline
#: parsed in front of it). Evidence never reaches back into the headline, which is not document text.
BODY_START_KEY = "allegiance.body_start"

_STATES = frozenset({ActorKind.COUNTRY, ActorKind.GOVERNMENT})
#: the actor kinds a plural reference noun can stand for (nouns not listed can stand for any kind)
_REFERENCE_KINDS: dict[str, frozenset[ActorKind]] = {
    **dict.fromkeys(("country", "nation", "state", "government", "power", "superpower", "neighbour",
                     "neighbor"), _STATES),
    "party": frozenset({ActorKind.PARTY}),
    "union": frozenset({ActorKind.UNION}),
    "leader": frozenset({ActorKind.PERSON}),
}
#: words that open a referring phrase ("the country", "both sides", "the two communist powers")
_REFERRING_DETERMINERS = frozenset({"the", "both", "these", "those", "this", "that"})


def sentences_evidence(sentences: Iterable[Span]) -> Evidence:
    """The evidence that runs from the first of ``sentences`` (spans of one Doc) to the end of the last.

    Read from the spans' own tokens: ``Doc.text`` joins every token of the document anew at each call.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Unite met the GMB. They agreed. Fine.")
    >>> sentences_evidence([doc[5:8], doc[0:5]])
    Evidence(sentence='Unite met the GMB. They agreed.', start=0, end=31)
    """
    sentences = list(sentences)
    widened = sentences[0].doc[min(s.start for s in sentences):max(s.end for s in sentences)]
    return Evidence(widened.text, widened.start_char, widened.end_char)


def mentions_outside_evidence(relation: Relation) -> tuple[str, ...]:
    """The ends of ``relation`` ("source", "target") whose mention lies outside its evidence.

    Examples
    --------
    >>> from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType
    >>> uk, fr = Actor("GBR", "United Kingdom", ActorKind.COUNTRY), Actor("FRA", "France", ActorKind.COUNTRY)
    >>> r = Relation("d", Mention("Britain", 0, 7, uk), Mention("France", 12, 18, fr), RelationType.RIVAL,
    ...              Evidence("Until now they had been enemies.", 20, 52))
    >>> mentions_outside_evidence(r)
    ('source', 'target')
    >>> mentions_outside_evidence(replace(r, evidence=Evidence("Britain and France ...", 0, 52)))
    ()
    """
    evidence = relation.evidence
    return tuple(end for end, mention in (("source", relation.source), ("target", relation.target))
                 if not evidence.start <= mention.start <= mention.end <= evidence.end)


def group_fits_reference(group: Sequence[Span], tokens: Iterable[Token]) -> bool:
    """Whether the coordinated actors ``group`` can be what the plural reference among ``tokens`` means.

    "The two nuclear powers" are states: they cannot stand for "Richard Nixon and Leonid Brezhnev".
    A pronoun ("they") or a noun that can mean any kind ("the former rivals") fits every group.

    Examples
    --------
    >>> from allegiance.relations import build_pipeline
    >>> doc = build_pipeline()("Nixon and Brezhnev met. The two powers agreed.")
    >>> group = [s for s in doc.spans["actors"] if s.sent.start == 0]
    >>> powers = [t for t in doc if t.lower_ == "powers"]
    >>> [s._.actor.kind.value for s in group], group_fits_reference(group, powers)
    (['person', 'person'], False)
    """
    kinds: frozenset[ActorKind] | None = None
    for token in tokens:
        allowed = _REFERENCE_KINDS.get(token.lemma_.lower()) if token.pos_ == "NOUN" else None
        if allowed is not None:
            kinds = allowed if kinds is None else kinds & allowed
    if kinds is None:
        return True
    return all(span._.actor is not None and span._.actor.kind in kinds for span in group)


def _names(text: str, actor: Actor) -> bool:
    """Whether ``text`` is a name or alias of ``actor`` ("the mujahedin" names its actor)."""
    key = normalise_alias(text)
    return key == normalise_alias(actor.name) or any(key == normalise_alias(a) for a in actor.aliases)


def _members(span: Span) -> tuple[Actor, ...]:
    return tuple(span._.get("actor_group") or ()) if span.has_extension("actor_group") else ()


def is_reference(span: Span) -> bool:
    """Whether an actor mention refers back instead of naming its actor.

    A pronoun, a group the actor stage formed from earlier mentions ("both sides", "they" =
    Unite and the GMB), or a common-noun phrase opened by a determiner that is not a name of its
    actor ("the country", "the president"). Proper names, and lower-case names of the knowledge
    base ("the mujahedin"), name their actor.

    Examples
    --------
    >>> from allegiance.relations import build_pipeline
    >>> doc = build_pipeline()("Britain backed France. The country thanked it.")
    >>> [(s.text, is_reference(s)) for s in doc.spans["actors"]]
    [('Britain', False), ('France', False), ('The country', True)]
    """
    actor = span._.actor
    if actor is None:
        return False
    if _members(span):
        return True
    if any(t.pos_ == "PROPN" for t in span):
        return False
    if span.root.pos_ == "PRON":
        return True
    return (span.root.pos_ == "NOUN" and span[0].lower_ in _REFERRING_DETERMINERS
            and not _names(span.text, actor))


def naming_index(doc: Doc) -> dict[str, list[Span]]:
    """Actor id -> the mentions of the actor that name it (not references), in document order."""
    index: dict[str, list[Span]] = {}
    for span in sorted(doc.spans.get(ACTOR_SPANS_KEY, ()), key=lambda s: s.start):
        if span._.actor is not None and not is_reference(span):
            index.setdefault(span._.actor.id, []).append(span)
    return index


def naming_spans(doc: Doc, span: Span, actor: Actor,
                 index: dict[str, list[Span]] | None = None) -> list[Span] | None:
    """The earlier mentions that name what the reference ``span`` stands for as ``actor``.

    ``actor`` is the end of the relation the span stands for: one member of a group reference
    ("both sides" = A and B, as A) or the span's own actor (every member of a group). The nearest
    earlier mention of each that names it; ``None`` when one of them is named nowhere before.
    ``index`` is :func:`naming_index` of ``doc`` (built when omitted).

    Examples
    --------
    >>> from allegiance.relations import build_pipeline
    >>> doc = build_pipeline()("Britain backed France. Paris thanked the country.")
    >>> country = doc.spans["actors"][3]
    >>> [s.text for s in naming_spans(doc, country, country._.actor)]
    ['Britain']
    """
    if index is None:
        index = naming_index(doc)
    wanted = _members(span) if actor == span._.actor and _members(span) else (actor,)
    found = []
    for member in wanted:
        named = index.get(member.id, [])
        k = bisect.bisect_left([s.start for s in named], span.start) - 1
        if k < 0:
            return None
        found.append(named[k])
    return found


class _DocIndex:
    """What the evidence checks need of a Doc: its actor spans and sentence starts, and the body start."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.body_start = int(doc.user_data.get(BODY_START_KEY, 0) or 0)
        self.by_offsets = {(s.start_char, s.end_char): s for s in doc.spans.get(ACTOR_SPANS_KEY, ())}
        self.naming = naming_index(doc)
        self.sentence_starts = [doc[start].idx for start, _ in sentence_bounds(doc)]

    def sentence_start(self, char: int) -> int:
        k = bisect.bisect_right(self.sentence_starts, char) - 1
        return self.sentence_starts[k] if k >= 0 else 0

    def first_needed(self, mention: Mention) -> tuple[int | None, bool]:
        """(earliest character the evidence must cover for this end, whether a reference's
        antecedent was found): the mention itself and, for a reference, the earlier mentions
        naming its actor. Mentions in a headline (before the body) are not document text (the
        pipeline maps them into the body), so they ask for nothing."""
        points = [mention.start]
        located = True
        span = self.by_offsets.get((mention.start, mention.end))
        if span is not None and mention.actor is not None and is_reference(span):
            named = naming_spans(self.doc, span, mention.actor, self.naming)
            if named is None:
                located = False
            else:
                points.extend(s.start_char for s in named)
        inside = [p for p in points if p >= self.body_start]
        return (min(inside) if inside else None), located

    def evidence_start(self, relation: Relation) -> tuple[int, int]:
        """(where the evidence of ``relation`` must start, references whose antecedent was not found)."""
        needed = relation.evidence.start
        lost = 0
        for mention in (relation.source, relation.target):
            first, located = self.first_needed(mention)
            lost += not located
            if first is not None:
                needed = min(needed, first)
        if needed < relation.evidence.start:
            return max(self.body_start, self.sentence_start(needed)), lost
        return relation.evidence.start, lost

    def outside(self, relation: Relation) -> tuple[str, ...]:
        """Ends whose (body) mention lies outside the evidence."""
        return tuple(end for end in mentions_outside_evidence(relation)
                     if getattr(relation, end).start >= self.body_start)


def evidence_violations(doc: Doc, relations: Iterable[Relation]) -> list[tuple[Relation, tuple[str, ...]]]:
    """The relations of ``doc`` whose evidence lacks a sentence naming an actor, with those ends.

    An end violates the rule when its mention lies outside the evidence, or when it is a
    reference ("they", "the two countries") whose naming mention lies before the evidence.

    Examples
    --------
    >>> from allegiance.relations import build_pipeline
    >>> doc = build_pipeline()("Unite and the GMB met on Monday. They agreed to work together.")
    >>> evidence_violations(doc, doc._.relations)
    []
    """
    index = _DocIndex(doc)
    out = []
    for relation in relations:
        ends = set(index.outside(relation))
        for end in ("source", "target"):
            first, _ = index.first_needed(getattr(relation, end))
            if first is not None and first < relation.evidence.start:
                ends.add(end)
        if ends:
            out.append((relation, tuple(sorted(ends, reverse=True))))
    return out


def anchor_evidence(doc: Doc, relations: Sequence[Relation]) -> list[Relation]:
    """``relations`` with evidence that contains their mentions (the last step of extraction).

    Each relation whose actor comes from an earlier sentence gets evidence from the first
    sentence naming one of its actors to its own sentence's end. A relation that then still has a
    mention outside its evidence is dropped, and so is one whose widened evidence makes it the
    same relation as one before it (same :attr:`Relation.key`); both are counted in a debug log.

    Examples
    --------
    >>> from allegiance.relations import build_pipeline
    >>> doc = build_pipeline()("Unite and the GMB met on Monday. They agreed to work together.")
    >>> [(r.source.actor.name, r.target.actor.name) for r in doc._.relations]
    [('Unite', 'GMB')]
    >>> [(r.source.text, r.target.text, r.evidence.start, r.evidence.end) for r in doc._.relations]
    [('They', 'They', 0, 62)]
    """
    if not relations:
        return list(relations)
    index = _DocIndex(doc)
    kept: list[Relation] = []
    keys: set[tuple] = set()
    counts = {"widened": 0, "outside": 0, "same_key": 0, "antecedent_not_found": 0}
    for relation in relations:
        start, lost = index.evidence_start(relation)
        counts["antecedent_not_found"] += lost
        if start < relation.evidence.start:
            end = relation.evidence.end
            relation = replace(relation, evidence=Evidence(doc.text[start:end], start, end))
            counts["widened"] += 1
        if index.outside(relation):
            counts["outside"] += 1
            continue
        if relation.key in keys:
            counts["same_key"] += 1
            continue
        keys.add(relation.key)
        kept.append(relation)
    if any(counts.values()):
        log.debug("%s: evidence widened to the naming sentence for %d relations; dropped %d with a mention "
                  "outside their evidence and %d repeating a relation; %d references without a naming mention",
                  getattr(doc._, "doc_id", None) or "document", counts["widened"], counts["outside"],
                  counts["same_key"], counts["antecedent_not_found"])
    return kept
