"""Role-noun frames: "Meacher, a supporter of Corbyn"; "its enemy, France"; "X is a critic of Y"; "X sees Y as an ally".

A noun row with ``role: true`` names a role someone holds toward someone: the possessor or the
row's preposition gives the counterpart, the apposition, the copula's subject or the actor the
noun itself is gives the holder. The noun matcher (:mod:`.nouns`) hands role rows here, so that a
word's rows keep their lexicon order.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate, frames_of
>>> from allegiance.relations.frames.nouns import MATCHER
>>> doc = annotate(load_model(), "Meacher, a supporter of Corbyn, spoke.", ["Meacher", "Corbyn"])
>>> [(f.rule_name, [h.text for h in f.holders], [p.text for p, _ in f.partners]) for f in frames_of(doc, MATCHER)]
[('role:supporter', ['Meacher'], ['Corbyn'])]
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from allegiance.model import ActorKind, RelationType
from allegiance.relations.arguments import is_passive, objects, prep_partners, subjects
from allegiance.relations.frame import Frame, dedupe_spans
from allegiance.relations.lexicon import TriggerRule
from allegiance.relations.referents import Resolver

__all__ = ["party_label_of_role", "role_frame"]


def party_label_of_role(span: Span, role_nouns: frozenset[str]) -> bool:
    """Whether ``span`` is a party adjective on a role noun: the holder's own party ("Democratic rival
    Joe Biden", "Republican critic John McCain"), not the counterpart of the role.

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> from allegiance.relations.testing import annotate
    >>> from allegiance.model import Actor
    >>> doc = annotate(load_model(), "Trump debated Democratic rival Joe Biden.", ["Trump", "Democratic", "Joe Biden"])
    >>> doc.spans["actors"][1]._.actor = Actor("USA-DEM", "Democratic Party", ActorKind.PARTY)
    >>> [party_label_of_role(s, frozenset({"rival"})) for s in doc.spans["actors"]]
    [False, True, False]
    """
    actor = span._.actor
    root = span.root
    return (actor is not None and actor.kind is ActorKind.PARTY and root.dep_ == "amod"
            and root.head.lemma_.lower() in role_nouns)


def _role_holders(res: Resolver, tok: Token, own: Span | None) -> tuple[list[Span], list[Token]]:
    """Who holds the role: the actor the noun is, its apposition, or the subject of its copula."""
    holders: list[Span] = []
    htoks: list[Token] = []
    if own is not None and own.root == tok:
        holders.append(own)
        return holders, htoks
    for c in tok.children:
        if c.dep_ == "appos":
            holders.extend(res.actors(c))
    if not holders and (tok.dep_ == "appos" or (tok.dep_ == "compound" and tok.head.pos_ == "PROPN")):
        holders.extend(res.actors(tok.head))  # "Guaido, the opposition leader", "opposition leader Guaido"
    if not holders and tok.dep_ == "attr":
        holders, htoks, _, _ = subjects(res, tok.head)
    if not holders and tok.dep_ == "dobj" and is_passive(tok.head):
        holders = objects(res, tok.head)  # "X and Y had been sworn enemies", parsed as passive
    if not holders and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and res.is_plural_reference(tok):
        htoks = [tok]
    return holders, htoks


#: verbs whose object is given a role in the subject's view: "Washington sees Beijing as a rival"
REGARD_VERBS = frozenset({"regard", "see", "view", "consider", "count", "treat", "describe", "brand", "label"})


def _regarded(res: Resolver, tok: Token) -> tuple[list[Span], list[Span], Token] | None:
    """(holders, viewers, verb) of a role noun that a verb of regarding gives its object ("Washington sees Beijing
    as a rival", "counted Mobutu as an ally", "Russia considers NATO an enemy"): the object holds the role toward
    the verb's subject, as the subject sees it. None when ``tok`` is no such complement.

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> from allegiance.relations.testing import annotate, frames_of
    >>> from allegiance.relations.frames.nouns import MATCHER
    >>> doc = annotate(load_model(), "Washington sees Beijing as a rival.", ["Washington", "Beijing"])
    >>> [([h.text for h in f.holders], [p.text for p, _ in f.partners]) for f in frames_of(doc, MATCHER)]
    [(['Beijing'], ['Washington'])]
    """
    if tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.dep_ == "prep":
        verb = tok.head.head
        holders = objects(res, verb) if verb.pos_ in ("VERB", "AUX") else []
    elif tok.dep_ in ("ccomp", "xcomp", "oprd"):  # "considers NATO an enemy": NATO is the small clause's subject
        verb = tok.head
        holders = [s for c in tok.children if c.dep_ == "nsubj" for s in res.actors(c)] or objects(res, verb)
    else:
        return None
    if verb.lemma_.lower() not in REGARD_VERBS or not holders:
        return None
    return holders, subjects(res, verb)[0], verb


def role_frame(res: Resolver, tok: Token, rule: TriggerRule) -> Frame | None:
    """The frame of a role-noun row on ``tok``."""
    own = res.ctx.span_of(tok)
    partners: list[tuple[Span, RelationType]] = []
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and res.ctx.span_of(c) is not None):
            partners.extend((s, rule.type) for s in res.actors(c)
                            if s is not own and not party_label_of_role(s, frozenset({tok.lemma_.lower()})))
    partners.extend((s, t) for s, t, _ in prep_partners(res, [tok], rule))
    holders, htoks = _role_holders(res, tok, own)
    clause = tok.head if tok.dep_ in ("attr", "nsubj", "dobj") else tok
    regarded = None if holders or htoks else _regarded(res, tok)
    if regarded is not None:
        holders, viewers, clause = regarded
        partners.extend((s, rule.type) for s in viewers if all(s is not h for h in holders))
    group = not rule.directed and not partners
    return Frame(tok, clause, rule, f"role:{rule.lemma}", dedupe_spans(holders), partners, htoks or [tok],
                 directed=rule.directed and not group, weight=rule.weight, reverse=rule.reverse,
                 group_members=group)
