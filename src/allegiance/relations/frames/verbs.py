"""Verb frames: "X backed Y", "X allied with Y", "Belarus is allied with Russia", "X and Y worked together".

The subject (or passive agent) holds the stance; the direct object (rows with ``object: true``)
and the row's prepositions give the partners. A symmetric verb without a partner pairs its
coordinated subjects.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate, frames_of
>>> doc = annotate(load_model(), "Russia backed Iran.", ["Russia", "Iran"])
>>> [(f.rule_name, [h.text for h in f.holders], [p.text for p, _ in f.partners]) for f in frames_of(doc, MATCHER)]
[('verb:back', ['Russia'], ['Iran'])]
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from allegiance.model import RelationType
from allegiance.relations.arguments import (PASSIVE_SUBJECT_DEPS, has_children, is_passive, objects,
                                            passive_agents, prep_partners, subjects)
from allegiance.relations.frame import Frame
from allegiance.relations.frames.base import FrameContext, TokenMatcher
from allegiance.relations.lexicon import TriggerRule
from allegiance.relations.referents import Resolver

__all__ = ["MATCHER", "is_verb", "reciprocal_object", "verb_frame"]


def is_verb(tok: Token) -> bool:
    """A verb, or a verb the tagger called a noun ("backs" tagged NOUN/VBZ)."""
    pos = tok.pos_
    return pos in ("VERB", "AUX") or (pos == "NOUN" and tok.tag_.startswith("VB"))


def reciprocal_object(tok: Token) -> bool:
    """Whether the verb's object, or the object of one of its prepositions, is "each other" or "one
    another" ("Israel and Hamas accused each other", "the two sides fought with one another")."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
    objects += [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    pairs = {("other", "each"), ("another", "one"), ("one", "another")}  # "one another" is parsed either way
    return any((o.lower_, c.lower_) in pairs for o in objects for c in o.children)


def verb_frame(res: Resolver, tok: Token, rule: TriggerRule) -> Frame | None:
    """The frame of one verb row on ``tok``, or None when the row's word conditions fail."""
    if rule.requires_any and not has_children(tok, rule.requires_any):
        return None
    if rule.excludes and has_children(tok, rule.excludes):
        return None
    holders, htoks, inherited, purpose = subjects(res, tok)
    partners: list[tuple[Span, RelationType]] = []
    adjectival = is_passive(tok) and not passive_agents(tok)
    if adjectival and rule.preps:
        # "Belarus is allied with Russia": a stative passive, the subject holds the stance
        holders, htoks = [], []
        for c in tok.children:
            if c.dep_ in PASSIVE_SUBJECT_DEPS:
                htoks.append(c)
                holders.extend(res.actors(c))
    elif rule.object:
        partners.extend((s, rule.type) for s in objects(res, tok))
    partners.extend((s, t) for s, t, _ in prep_partners(res, [tok], rule, search_objects=True))
    if rule.partner_kinds:
        partners = [(s, t) for s, t in partners if s._.actor is not None and s._.actor.kind.value in rule.partner_kinds]
        if not partners:
            return None
    together = has_children(tok, ("together", "jointly"))
    frame = Frame(tok, tok, rule, f"verb:{rule.lemma}", holders, partners, htoks,
                  directed=rule.directed, weight=rule.weight, inherited=inherited, purpose_of=purpose)
    if not partners and (together or not rule.directed or reciprocal_object(tok)):
        frame.group_members = True
        frame.directed = False
    # "spawned the Taliban and turned against the US": the spawned actor acts too
    if tok.dep_ == "conj" and tok.head.lemma_.lower() in res.lex.spawn_verbs:
        frame.holders = holders + objects(res, tok.head)
    return frame


def verb_frames(fc: FrameContext, tok: Token) -> Iterator[Frame]:
    """One frame per verb row of the token's lemma."""
    if not is_verb(tok):
        return
    for rule in fc.lex.verbs.get(fc.words.lemmas[tok.i], ()):
        frame = verb_frame(fc.res, tok, rule)
        if frame is not None:
            yield frame


MATCHER = TokenMatcher("verbs", 10, lemmas=lambda lex: lex.verbs, lowers=lambda lex: (), match=verb_frames)
