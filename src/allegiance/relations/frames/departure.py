"""Departure frames: calling for someone to go is opposing them.

"called for Corbyn to go", "urged X to resign", "called on X to step down" (a caller verb with a
departure verb below it) and "demanded Corbyn's resignation" (a departure noun under a caller).

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate, frames_of
>>> doc = annotate(load_model(), "Smith urged Corbyn to resign.", ["Smith", "Corbyn"])
>>> [(f.rule_name, [h.text for h in f.holders], [p.text for p, _ in f.partners])
...  for f in frames_of(doc, VERB_MATCHER)]
[('departure:urge', ['Smith'], ['Corbyn'])]
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from allegiance.model import RelationType
from allegiance.relations.arguments import (PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, governing_verb, has_children, pobjs,
                                            subjects)
from allegiance.relations.frame import Frame, dedupe_spans
from allegiance.relations.frames.base import FrameContext, TokenMatcher
from allegiance.relations.frames.verbs import is_verb
from allegiance.relations.lexicon import TriggerRule
from allegiance.relations.referents import Resolver

__all__ = ["NOUN_MATCHER", "VERB_MATCHER", "departure_frame", "departure_noun_frame"]

_NOUN_CALLERS = frozenset({"seek", "want", "back", "support"})


def _is_departure(d: Token, res: Resolver) -> bool:
    """A departure verb ("resign", "go", "step down", "be removed")."""
    lex = res.lex
    lemma = d.lemma_.lower()
    if d.pos_ not in ("VERB", "AUX") or not (lemma in lex.departure_verbs or d.lower_ in lex.departure_complements):
        return False
    if lemma == "be" and not any(c.lower_ in lex.departure_complements for c in d.children):
        return False
    if lemma in ("step", "stand") and not has_children(d, ("down", "aside")):
        return False
    return True


def _departing(res: Resolver, tok: Token) -> list[Span]:
    """Who is called on to go, by the caller verb ``tok``."""
    targets: list[Span] = []
    for d in tok.subtree:
        if d == tok or d.i - tok.i > 12 or d.i < tok.i:
            continue
        linked = d.head == tok or (d.head.head == tok and d.head.lower_ in ("for", "on")) or (
            d.head.head == tok and d.head.dep_ in ("dobj", "obj"))
        if not linked or not _is_departure(d, res):
            continue
        subj = [c for c in d.children if c.dep_ in SUBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS]
        for s in subj:
            targets.extend(res.actors(s))
        if not subj:
            # "urged Corbyn to resign": object of the caller controls the clause
            for c in tok.children:
                if c.dep_ in ("dobj", "obj"):
                    targets.extend(res.actors(c))
                if c.dep_ == "prep" and c.lower_ == "on":
                    for p in pobjs(c):
                        targets.extend(res.actors(p))
        break
    return targets


def departure_frame(res: Resolver, tok: Token) -> Frame | None:
    """"called for Corbyn to go", "urged X to resign", "called on X to step down"."""
    targets = _departing(res, tok)
    if not targets:
        return None
    holders, htoks, inherited, purpose = subjects(res, tok)
    rule = TriggerRule(tok.lemma_.lower(), "verb", RelationType.OPPOSE, weight=0.75)
    return Frame(tok, tok, rule, f"departure:{tok.lemma_.lower()}", holders,
                 [(s, RelationType.OPPOSE) for s in dedupe_spans(targets)], htoks, directed=True,
                 weight=0.75, inherited=inherited, purpose_of=purpose)


def departure_noun_frame(res: Resolver, tok: Token) -> Frame | None:
    """"demanded Corbyn's resignation"."""
    gov = governing_verb(tok)
    if gov is None or gov.lemma_.lower() not in res.lex.departure_callers | _NOUN_CALLERS:
        return None
    targets: list[Span] = []
    for c in tok.children:
        if c.dep_ == "poss":
            targets.extend(res.actors(c))
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in pobjs(c):
                targets.extend(res.actors(p))
    if not targets:
        return None
    holders, htoks, inherited, purpose = subjects(res, gov)
    rule = TriggerRule(tok.lemma_.lower(), "noun", RelationType.OPPOSE, weight=0.7)
    return Frame(tok, gov, rule, f"departure:{tok.lemma_.lower()}", holders,
                 [(s, RelationType.OPPOSE) for s in targets], htoks, directed=True, weight=0.7,
                 inherited=inherited, purpose_of=purpose)


def _verb_frames(fc: FrameContext, tok: Token) -> Iterator[Frame]:
    if is_verb(tok) and fc.words.lemmas[tok.i] in fc.lex.departure_callers:
        frame = departure_frame(fc.res, tok)
        if frame is not None:
            yield frame


def _noun_frames(fc: FrameContext, tok: Token) -> Iterator[Frame]:
    if tok.pos_ == "NOUN" and fc.words.lemmas[tok.i] in fc.lex.departure_nouns:
        frame = departure_noun_frame(fc.res, tok)
        if frame is not None:
            yield frame


VERB_MATCHER = TokenMatcher("departure verbs", 20, lemmas=lambda lex: lex.departure_callers,
                            lowers=lambda lex: (), match=_verb_frames)
NOUN_MATCHER = TokenMatcher("departure nouns", 40, lemmas=lambda lex: lex.departure_nouns,
                            lowers=lambda lex: (), match=_noun_frames)
