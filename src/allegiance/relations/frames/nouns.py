"""Noun frames: "an alliance with France", "Russia's support for Assad", "a joint raid with US forces".

The possessor, an actor compound or a "by"/"from" phrase holds the stance, else the subject of
the governing verb ("Britain formed an alliance"); the row's prepositions give the partners, and
"between"/"among" make a group. Two governing-verb twists: a *receiving* verb turns the stance
around ("X won the backing of Y": Y backs X) and a *reversal* verb withdraws it ("revoked their
support for X": abandon). Role rows ("a supporter of X") go to :mod:`.roles`; joint modifiers
("a joint raid with Y") make their head noun a frame.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate, frames_of
>>> doc = annotate(load_model(), "Britain formed an alliance with France.", ["Britain", "France"])
>>> [(f.rule_name, [h.text for h in f.holders], [p.text for p, _ in f.partners]) for f in frames_of(doc, MATCHER)]
[('noun:alliance:alliance', ['Britain'], ['France'])]
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from allegiance.model import RelationType, Sign
from allegiance.relations.arguments import (governing_verb, has_children, pobjs, possessed_by_another, prep_partners,
                                            subjects, withdrawn)
from allegiance.relations.frame import Frame, dedupe_spans
from allegiance.relations.frames.base import FrameContext, TokenMatcher
from allegiance.relations.frames.roles import role_frame
from allegiance.relations.frames.ties import tie_word_said_of
from allegiance.relations.lexicon import TriggerRule
from allegiance.relations.modifiers import refused_object
from allegiance.relations.referents import Resolver

__all__ = ["JOINT_MATCHER", "MATCHER", "noun_frame"]

#: verb types whose object is an act objected to, not one done by the verb's subject
_OBJECTING = frozenset({RelationType.CRITICISE, RelationType.OPPOSE})


def _own_holders(res: Resolver, tok: Token, rule: TriggerRule) -> tuple[list[Span], list[Token]]:
    """Holders inside the noun phrase: "Russia's support", "US support", "support from Russia"."""
    holders: list[Span] = []
    htoks: list[Token] = []
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ in ("compound", "amod", "nmod") and res.ctx.span_of(c) is not None):
            found = res.actors(c)
            if found:
                holders.extend(found)
                htoks.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("by", "from") and c.lower_ not in rule.preps:
            for p in pobjs(c):
                holders.extend(res.actors(p))
                htoks.append(p)
    return holders, htoks


def _reporting_subjects(res: Resolver, tok: Token) -> tuple[list[Span], list[Token]] | None:
    """"a joint raid with US forces had destroyed ...": climb from a subject noun to the reporting verb."""
    v = tok.head
    climbs = 0
    while climbs < 3 and v.dep_ in ("ccomp", "conj", "advcl", "xcomp") and v.head != v:
        v = v.head
        climbs += 1
        found, ftoks, _, _ = subjects(res, v)
        if found:
            return found, ftoks
    return None


def _names_its_sides(tok: Token) -> bool:
    """"the deal between Iran and Saudi Arabia": the act names its sides, so whoever reports it is none."""
    return any(c.dep_ == "prep" and c.lower_ in ("between", "among", "amongst") for c in tok.children)


def _received_frame(res: Resolver, tok: Token, gov: Token, rule: TriggerRule) -> Frame | None:
    """"X won the backing of Y", "X faced criticism from Y": Y is the source, X the target."""
    givers: list[Span] = []
    for c in tok.children:
        if c.dep_ == "poss":
            givers.extend(res.actors(c))
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "by"):
            for p in pobjs(c):
                givers.extend(res.actors(p))
    for c in gov.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            for p in pobjs(c):
                givers.extend(res.actors(p))
    receivers, rtoks, inh, _ = subjects(res, gov)
    if not givers or not receivers:
        return None
    return Frame(tok, gov, rule, f"received:{rule.lemma}", dedupe_spans(givers),
                 [(r, rule.type) for r in receivers], rtoks, directed=True, weight=rule.weight * 0.9,
                 inherited=inh)


def _of_trigger_noun(res: Resolver, tok: Token) -> bool:
    """``tok`` hangs by "of" from a noun that is itself a trigger or a proxy ("a war of aggression",
    "a policy of confrontation"), not from any noun ("the victims of aggression")."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "of" or tok.head.head.pos_ != "NOUN":
        return False
    outer = tok.head.head.lemma_.lower()
    return outer in res.lex.nouns or outer in res.lex.proxy_nouns


def _objected_to(res: Resolver, tok: Token, gov: Token, rule: TriggerRule) -> bool:
    """``tok`` is what its verb criticises or opposes ("Germany condemned the invasion of Ukraine",
    "France opposed sanctions on Iran"): the verb's subject is no holder of the act it objects to. A tie
    "with" someone is the subject's own tie refused ("the SPD rejected an alliance with the AfD")."""
    if rule.type.sign is Sign.POSITIVE and refused_object(tok, res.lex.modifiers) \
            and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
        return False
    return tok.dep_ in ("dobj", "obj") and any(
        r.type in _OBJECTING for r in res.lex.verbs.get(gov.lemma_.lower(), ()))


def noun_frame(res: Resolver, tok: Token, rule: TriggerRule, joint: bool = False) -> Frame | None:
    """The frame of one noun row (or joint-modifier row, on the modified noun) on ``tok``."""
    if rule.requires_any and not has_children(tok, rule.requires_any):
        return None
    gov = governing_verb(tok)
    if rule.verbs and (gov is None or gov.lemma_.lower() not in rule.verbs):
        return None
    if rule.role:
        return role_frame(res, tok, rule)
    holders, htoks = _own_holders(res, tok, rule)
    inherited = False
    purpose = None
    weight = rule.weight
    clause = gov if gov is not None else tok
    if not holders and gov is not None and tok.dep_ != "nsubjpass" and not _objected_to(res, tok, gov, rule) \
            and not possessed_by_another(tok):
        holders, htoks, inherited, purpose = subjects(res, gov)
    if not holders and gov is None and _of_trigger_noun(res, tok):
        # "Russia is waging a war of aggression against Ukraine": the outer trigger noun's holders
        outer = tok.head.head
        holders, htoks = _own_holders(res, outer, rule)
        outer_gov = governing_verb(outer)
        if not holders and outer_gov is not None and outer.dep_ != "nsubjpass":
            holders, htoks, inherited, purpose = subjects(res, outer_gov)
            clause = outer_gov
    if not holders and gov is None and tok.dep_ in ("nsubj", "nsubjpass") and not _names_its_sides(tok):
        reporting = _reporting_subjects(res, tok)
        if reporting is not None:
            holders, htoks = reporting
            weight *= 0.8
    if gov is not None and gov.lemma_.lower() in res.lex.receive_verbs and rule.directed:
        return _received_frame(res, tok, gov, rule)
    reversed_by = withdrawn(res.lex, tok)
    if reversed_by and rule.type.sign is Sign.NEGATIVE:
        return None  # "the US lifted its sanctions on Cuba", "ended the blockade of Gaza": the act is over
    if reversed_by and rule.type.sign is Sign.POSITIVE:
        # "revoked their support for X", "suspended aid to X": the positive stance is withdrawn
        rule = TriggerRule(rule.lemma, rule.pos, RelationType.ABANDON,
                           preps={p: RelationType.ABANDON for p in rule.preps}, weight=rule.weight)
    partner_tokens = [tok] + ([gov] if gov is not None and tok.dep_ in ("dobj", "obj", "attr") else [])
    group = False
    partners: list[tuple[Span, RelationType]] = []
    for span, rtype, prep in prep_partners(res, partner_tokens, rule):
        if prep in ("between", "among") or (prep == "of" and not rule.directed):
            holders.append(span)
            group = True
        else:
            partners.append((span, rtype))
    if not rule.directed and not partners:
        group = True
    return Frame(tok, clause, rule, f"{'joint' if joint else 'noun'}:{rule.lemma}:{tok.lemma_.lower()}",
                 dedupe_spans(holders), partners, htoks, directed=rule.directed and not group,
                 weight=weight, inherited=inherited, purpose_of=purpose, group_members=group)


def noun_frames(fc: FrameContext, tok: Token) -> Iterator[Frame]:
    """One frame per noun row of the token's lemma (else of its lower-cased form)."""
    if tok.pos_ != "NOUN":
        return
    lex = fc.lex
    if tie_word_said_of(lex, tok):
        return  # "the deal between X and Y is falling apart": the tie frame (:mod:`.ties`) says how they stand
    for rule in lex.nouns.get(fc.words.lemmas[tok.i], ()) or lex.nouns.get(tok.lower_, ()):
        frame = noun_frame(fc.res, tok, rule)
        if frame is not None:
            yield frame


def joint_frames(fc: FrameContext, tok: Token) -> Iterator[Frame]:
    """"a joint raid with US forces": a joint modifier makes its head noun a cooperation."""
    if tok.dep_ != "amod":
        return
    for rule in fc.lex.joint.get(tok.lower_, ()):
        if rule.nouns and tok.head.lemma_.lower() not in rule.nouns:
            continue
        frame = noun_frame(fc.res, tok.head, rule, joint=True)
        if frame is not None:
            yield frame


MATCHER = TokenMatcher("nouns", 30, lemmas=lambda lex: lex.nouns, lowers=lambda lex: lex.nouns, match=noun_frames)
JOINT_MATCHER = TokenMatcher("joint modifiers", 60, lemmas=lambda lex: (), lowers=lambda lex: lex.joint,
                             match=joint_frames)
