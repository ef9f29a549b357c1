"""Adjective frames: "Britain is hostile to Russia", "France remained loyal to the EU", "hostile states".

The subject of the copula (or the modified noun) holds the stance; the row's prepositions on the
adjective or its clause give the partners.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate, frames_of
>>> doc = annotate(load_model(), "Britain is hostile to Russia.", ["Britain", "Russia"])
>>> [(f.rule_name, [h.text for h in f.holders], [p.text for p, _ in f.partners]) for f in frames_of(doc, MATCHER)]
[('adj:hostile', ['Britain'], ['Russia'])]
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from allegiance.relations.arguments import prep_partners, subjects
from allegiance.relations.frame import Frame
from allegiance.relations.frames.base import FrameContext, TokenMatcher
from allegiance.relations.lexicon import TriggerRule
from allegiance.relations.referents import Resolver

__all__ = ["MATCHER", "adj_frame"]

_ADJ_DEPS = ("acomp", "amod", "oprd", "conj", "ROOT")


def adj_frame(res: Resolver, tok: Token, rule: TriggerRule) -> Frame | None:
    """The frame of one adjective row on ``tok``, or None without holders or partners."""
    holders: list[Span] = []
    htoks: list[Token] = []
    if tok.dep_ in ("acomp", "oprd", "ROOT") and tok.head.pos_ in ("AUX", "VERB"):
        holders, htoks, _, _ = subjects(res, tok.head)
        clause = tok.head
    elif tok.dep_ == "ROOT":
        holders, htoks, _, _ = subjects(res, tok)
        clause = tok
    elif tok.dep_ == "amod":
        holders = res.actors(tok.head)
        clause = tok.head
    else:
        clause = tok
    partners = [(s, t) for s, t, _ in prep_partners(res, [tok, clause], rule)]
    if not partners and not holders:
        return None
    group = not rule.directed and not partners
    return Frame(tok, clause, rule, f"adj:{rule.lemma}", holders, partners, htoks,
                 directed=rule.directed and not group, weight=rule.weight, group_members=group)


def adj_frames(fc: FrameContext, tok: Token) -> Iterator[Frame]:
    """One frame per adjective row of the token's lower-cased form."""
    if tok.pos_ not in ("ADJ", "VERB") or tok.dep_ not in _ADJ_DEPS:
        return
    for rule in fc.lex.adjectives.get(tok.lower_, ()):
        frame = adj_frame(fc.res, tok, rule)
        if frame is not None:
            yield frame


MATCHER = TokenMatcher("adjectives", 50, lemmas=lambda lex: (), lowers=lambda lex: lex.adjectives,
                       match=adj_frames)
