"""Rule-based signed relation extraction over a parsed, actor-annotated Doc.

The rules are data (:mod:`allegiance.relations.lexicon`); this module runs the small
matchers that read them against the dependency parse, sentence by sentence:

* **frames** (:mod:`allegiance.relations.frames`, one module per family) — a trigger (verb,
  noun, role noun, adjective, joint modifier, phrase, reported speech) with its *holders* (who
  acts or stands) and *partners* (toward whom), found through the subject, passive agent, direct
  object, prepositions, possessives, appositions, relative clauses, control and coordination
  (:mod:`allegiance.relations.arguments`);
* **implied relations** (:mod:`allegiance.relations.implied`) — a purpose clause of an alliance
  ("X allied with Y to counteract Z") puts every member against the target; "against" on a
  positive trigger does the same;
* **modifiers** (:mod:`allegiance.relations.modifiers`) — negation and near-negation, questions,
  conditionals, modality, hedges and reported speech (confidence), time (past / current / future);
* **anaphora** (:mod:`allegiance.relations.anaphora`) — "they" after "Russia and the US";
* **assembly** (:meth:`_Extractor.relation`, :mod:`allegiance.relations.assembly`) — relations
  with evidence, one per (sentence, ends, sign); :mod:`allegiance.relations.fallback` adds pairs
  joined by a short path through a trigger that no frame caught.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate
>>> nlp = load_model()
>>> doc = annotate(nlp, "Britain formed an alliance with France.", ["Britain", "France"])
>>> [(r.source.text, r.target.text, r.type.value) for r in find_relations(doc)]
[('Britain', 'France', 'ally')]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Doc, Span

from allegiance.errors import ConfigError
from allegiance.model import Actor, Evidence, Mention, Relation, RelationType, Sign
from allegiance.nlp.extensions import ACTOR_SPANS_KEY
from allegiance.nlp.sentences import sentence_bounds
from allegiance.relations.anaphora import ActMemory, GroupMemory, act_object, coordinated_groups
from allegiance.relations.assembly import (actor_of, dedupe_relations, drop_coordinated_pairs, frame_pairs,
                                           mention_members, own_side_pair)
from allegiance.relations.evidence import anchor_evidence, sentences_evidence
from allegiance.relations.fallback import path_relations
from allegiance.relations.frame import DocWords, Frame, SentenceActors
from allegiance.relations.frames import FrameContext, find_frames
from allegiance.relations.implied import against_pairs, inherit_purpose_members, purpose_index
from allegiance.relations.lexicon import Lexicon, load_lexicon
from allegiance.relations.modifiers import ModifierReader
from allegiance.relations.referents import Resolver

__all__ = ["ExtractorConfig", "find_relations", "NOTES_KEY"]

NOTES_KEY = "allegiance.relations.notes"
#: weight of a relation whose end is reached through anaphora ("they agreed", "condemned the invasion")
ANAPHORIC_WEIGHT = 0.7


@dataclass(frozen=True, slots=True)
class ExtractorConfig:
    """Options of the relation extractor (the component's config).

    Examples
    --------
    >>> ExtractorConfig().max_sentence_tokens
    150
    """

    max_sentence_tokens: int = 150
    min_confidence: float = 0.2
    keep_negated: bool = False
    anaphora: bool = True
    implied: bool = True
    speaker_context: bool = True
    path_fallback: bool = True


class _Extractor:
    """The relations of one Doc, sentence by sentence (holds the document's anaphora state)."""

    def __init__(self, doc: Doc, lex: Lexicon, config: ExtractorConfig):
        self.doc = doc
        self.lex = lex
        self.config = config
        self.notes: list[str] = []
        self.words = DocWords(doc)
        self.memory = GroupMemory()
        self.acts = ActMemory(lex)
        self.modifiers = ModifierReader(doc, lex, self.words)
        self.per_doc: dict = {}  # what frame matchers compute once per Doc

    def sentence_relations(self, sent: Span, spans: Sequence[Span]) -> list[Relation]:
        """The relations of one sentence whose actor mentions are ``spans``."""
        res = Resolver(self.lex, SentenceActors(sent, spans))
        frames = find_frames(FrameContext(self.lex, sent, res, self.words, self.config.speaker_context,
                                           self.per_doc))
        by_clause = purpose_index(frames)
        out: list[Relation] = []
        consumed: set[int] = set()  # trigger tokens a rule has used (or ruled out)
        groups_here = coordinated_groups(res, sent)
        for frame in frames:
            if self.config.implied:
                inherit_purpose_members(frame, by_clause)
            out.extend(self.frame_relations(frame, sent, res, consumed))
        if self.config.path_fallback:
            out.extend(path_relations(self.lex, self.modifiers, self.relation, sent, spans, out, consumed))
        self.memory.advance(groups_here)
        self.acts.advance()
        return out

    def frame_relations(self, f: Frame, sent: Span, res: Resolver, consumed: set[int]) -> list[Relation]:
        """The relations one frame states, after its modifiers; marks its trigger in ``consumed``
        when it stated a pair or was ruled out."""
        mods = self.modifiers.read(f, sent)
        if mods is None:
            consumed.add(f.anchor.i)
            return []
        rtype_override = None
        if f.own_negation:
            mods["negated"] = False
        if mods["negated"]:
            becomes = getattr(f.rule, "negated", None) or self.lex.modifiers.negated_becomes.get(f.rule.type)
            if becomes is None and mods["refused"] and f.rule.type.sign is Sign.POSITIVE:
                becomes = RelationType.OPPOSE  # "Paris refused to deal with the junta": a stated stance
            if becomes is not None:
                rtype_override = becomes
            elif not self.config.keep_negated:
                consumed.add(f.anchor.i)
                return []
        holders, anaphoric = self.memory.holders(f, res) if self.config.anaphora else (list(f.holders), False)
        weight = f.weight * (0.85 if f.inherited else 1.0) * (ANAPHORIC_WEIGHT if anaphoric else 1.0)
        negated = mods["negated"] and rtype_override is None
        if f.group_members and not f.partners and len(holders) == 1:
            # one mention that stands for a group ("they" = Unite and the GMB)
            members = mention_members(holders[0])
            if len(members) >= 2:
                rt = rtype_override or f.rule.type
                found = (self.relation(sent, f, holders[0], holders[0], rt, False, mods, weight, negated=negated,
                                       actors=(a, b)) for i, a in enumerate(members) for b in members[i + 1:])
                return [rel for rel in found if rel is not None]
        pairs = frame_pairs(f, holders, rtype_override) + against_pairs(res, f, holders)
        if self.config.anaphora and not f.reverse:
            lemma = getattr(f.rule, "lemma", None)  # a trigger row's; a phrase row names no single act
            if lemma is not None and not negated:
                self.acts.remember(lemma, holders)
            if not pairs and not f.partners and not f.group_members and f.rule.directed:
                pairs = self._act_pairs(f, holders, res, rtype_override)
                if pairs:
                    weight *= ANAPHORIC_WEIGHT
        if pairs:
            consumed.add(f.anchor.i)
        found = (self.relation(sent, f, src, tgt, rt, directed, mods, weight, negated=negated)
                 for src, tgt, rt, directed in pairs)
        return [rel for rel in found if rel is not None]

    def _act_pairs(self, f: Frame, holders: list[Span], res: Resolver,
                   rtype_override: RelationType | None) -> list[tuple[Span, Span, RelationType, bool]]:
        """"Carter condemned the invasion": the holders against the doers of the act the definite noun names,
        from the sentences before (:class:`~allegiance.relations.anaphora.ActMemory`)."""
        act = act_object(self.lex, res, f.anchor)
        doers = self.acts.doers(act.lemma_.lower()) if act is not None else []
        rtype = rtype_override or f.rule.type
        return [(h, d, rtype, True) for h in holders for d in doers]

    def relation(self, sent: Span, frame: Frame, src: Span, tgt: Span, rtype: RelationType, directed: bool,
                 mods: dict, weight: float, negated: bool,
                 actors: tuple[Actor, Actor] | None = None) -> Relation | None:
        """The relation ``src`` -> ``tgt`` stated by ``frame`` in ``sent``, or None (the same actor at
        both ends, a person and their own side, or a confidence below ``min_confidence``)."""
        if actors is None and src.start < tgt.end and tgt.start < src.end:
            return None
        a_src, a_tgt = actors if actors is not None else (actor_of(src), actor_of(tgt))
        if a_src.id == a_tgt.id:
            return None
        if own_side_pair(src, a_src, tgt, a_tgt, rtype, directed):
            return None  # "Wang, a spokesman for China's foreign ministry, praised China"
        if not directed and tgt.start < src.start:
            src, tgt = tgt, src
            a_src, a_tgt = a_tgt, a_src
        actor_conf = min(float(src._.actor_confidence or 1.0), float(tgt._.actor_confidence or 1.0))
        confidence = max(0.0, min(1.0, weight * mods["confidence"] * (0.5 + 0.5 * actor_conf)))
        if negated:
            confidence *= 0.5
        if confidence < self.config.min_confidence:
            return None
        doc = self.doc
        doc_id = str(getattr(doc._, "doc_id", None) or "")
        extra = {"trigger": frame.anchor.text, "notes": tuple(mods["notes"])}
        return Relation(
            doc_id=doc_id,
            source=Mention(src.text, src.start_char, src.end_char, a_src, doc_id, float(src._.actor_confidence or 1.0)),
            target=Mention(tgt.text, tgt.start_char, tgt.end_char, a_tgt, doc_id, float(tgt._.actor_confidence or 1.0)),
            type=rtype,
            evidence=_evidence(sent, *((src, tgt) if frame.holders_elsewhere else ())),
            directed=directed,
            time=mods["time"],
            negated=negated,
            confidence=round(confidence, 4),
            date=getattr(doc._, "doc_date", None),
            rule=frame.rule_name,
            extra=extra,
        )



def _evidence(sent: Span, *ends: Span) -> Evidence:
    """The sentence ``sent``, widened to the sentences of ``ends`` that lie outside it (a quoted
    sentence and the one naming its speaker, :attr:`Frame.holders_elsewhere`)."""
    return sentences_evidence([sent] + [span.sent for span in ends
                                        if not (sent.start <= span.start and span.end <= sent.end)])


def _spans_by_sentence(sents: list[Span], spans: list[Span]) -> dict[int, list[Span]]:
    """The actor spans of each sentence (by sentence index); a span across a boundary is left out."""
    by_sent: dict[int, list[Span]] = {}
    starts = [s.start for s in sents]
    for span in spans:
        idx = bisect.bisect_right(starts, span.start) - 1
        if idx >= 0 and span.end <= sents[idx].end:
            by_sent.setdefault(idx, []).append(span)
    return by_sent


def find_relations(doc: Doc, lexicon: Lexicon | None = None, config: ExtractorConfig | None = None) -> list[Relation]:
    """All relations the rules find in a parsed Doc whose actor spans are set.

    Parameters
    ----------
    doc : Doc
        Parsed by a pipeline with a dependency parser; ``doc.spans["actors"]``
        holds the actor mentions (spans with ``span._.actor``).
    lexicon : Lexicon, optional
        Trigger rules (the shipped lexicon by default).
    config : ExtractorConfig, optional
        Limits and switches.

    Returns
    -------
    list of Relation
        In sentence order, one per (sentence, source, target, sign).

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> from allegiance.relations.testing import annotate
    >>> doc = annotate(load_model(), "Khan was defeated by Dar.", ["Khan", "Dar"])
    >>> [(r.source.text, r.target.text, r.type.value) for r in find_relations(doc)]
    [('Dar', 'Khan', 'defeat')]
    """
    lex = lexicon or load_lexicon()
    cfg = config or ExtractorConfig()
    if len(doc) and not doc.has_annotation("DEP"):
        raise ConfigError("relation extraction needs a dependency parse",
                          hint="run a pipeline with a parser (build_pipeline() does)")
    spans = list(doc.spans[ACTOR_SPANS_KEY]) if ACTOR_SPANS_KEY in doc.spans else []
    ex = _Extractor(doc, lex, cfg)
    sents = [doc[start:end] for start, end in sentence_bounds(doc)]
    by_sent = _spans_by_sentence(sents, spans)
    out: list[Relation] = []
    for idx, sent in enumerate(sents):
        here = by_sent.get(idx, [])
        if len(sent) > cfg.max_sentence_tokens:
            ex.notes.append(f"skipped a sentence of {len(sent)} tokens at character {sent.start_char} "
                            f"(max_sentence_tokens={cfg.max_sentence_tokens})")
            continue
        if not here and not ex.memory.last_group:
            continue
        out.extend(ex.sentence_relations(sent, here))
    if ex.notes:
        doc.user_data.setdefault(NOTES_KEY, []).extend(ex.notes)
    return anchor_evidence(doc, dedupe_relations(drop_coordinated_pairs(doc, out)))
