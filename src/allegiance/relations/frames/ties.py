"""Tie frames: the state of relations between actors ("Relations between Ankara and Athens have
plummeted", "Britain's ties with France soured", "strained relations between Iran and Iraq").

A word of the lexicon's ``ties`` rows fires when what it says is said of a relations noun
(``ties.nouns``): the noun is the subject of the verb ("ties soured"), or of the copula before
the adjective ("relations are tense"), or the adjective modifies it ("frosty ties"). The sides
come from the noun: "between X and Y" (the two are paired, no direction), "X's ties with Y",
"US relations with China" (holder and partner), "US-China ties" (the actor modifiers paired), or
the subject of the clause that has the relations ("X and Y have close ties").

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate, frames_of
>>> doc = annotate(load_model(), "Relations between Ankara and Athens have plummeted.", ["Ankara", "Athens"])
>>> [(f.rule_name, [h.text for h in f.holders], f.group_members) for f in frames_of(doc, MATCHER)]
[('ties:plummet', ['Ankara', 'Athens'], True)]
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from allegiance.relations.arguments import has_children, pobjs, subjects
from allegiance.relations.frame import Frame, dedupe_spans
from allegiance.relations.frames.base import FrameContext, TokenMatcher
from allegiance.relations.lexicon import Lexicon, TriggerRule
from allegiance.relations.referents import Resolver

__all__ = ["MATCHER", "tie_nouns_of", "tie_sides", "tie_word_said_of"]

_SUBJECTS = ("nsubj", "nsubjpass")


def _is_tie_noun(lex: Lexicon, tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and (tok.lower_ in lex.tie_nouns or tok.lemma_.lower() in lex.tie_nouns)


def tie_nouns_of(lex: Lexicon, tok: Token) -> tuple[list[Token], Token]:
    """The relations nouns a tie word ``tok`` is said of, and the token whose clause carries the
    modifiers (negation, tense, hedges)."""
    if tok.dep_ == "amod" and _is_tie_noun(lex, tok.head):  # "strained relations"
        return [tok.head], tok.head.head if tok.head.dep_ in ("dobj", "obj", *_SUBJECTS) else tok.head
    clause = tok.head if tok.dep_ in ("acomp", "oprd") else tok
    found = [c for c in clause.children if c.dep_ in _SUBJECTS and _is_tie_noun(lex, c)]
    return found, clause


def tie_sides(res: Resolver, noun: Token) -> tuple[list[Span], list[Span]]:
    """(holders, partners) of a relations noun; no partners: the holders are paired among themselves."""
    holders: list[Span] = []
    partners: list[Span] = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("between", "among", "amongst"):
            for p in pobjs(child):
                holders.extend(res.actors(p))
        elif child.dep_ == "prep" and child.lower_ == "with":
            for p in pobjs(child):
                partners.extend(res.actors(p))
        elif child.dep_ == "poss":
            holders.extend(res.actors(child))
        elif child.dep_ in ("compound", "amod", "nmod"):  # "US-China relations": every actor in the modifier
            holders.extend(span for t in child.subtree if (span := res.ctx.span_of(t)) is not None)
    if not holders and noun.dep_ in ("dobj", "obj") and noun.head.lemma_.lower() in ("have", "enjoy", "maintain"):
        holders = subjects(res, noun.head)[0]  # "X and Y have close ties", "X has tense relations with Y"
    return dedupe_spans(holders), dedupe_spans(partners)


def _tie_rules(lex: Lexicon, tok: Token, lemma: str, lower: str) -> tuple[TriggerRule, ...]:
    """The ``ties`` rows of a word that hold on ``tok`` (a row's ``requires_any``: "fall apart")."""
    words = lex.tie_words
    rules = words.get(lemma) or words.get(lower, ())
    return tuple(r for r in rules if not r.requires_any or has_children(tok, r.requires_any))


def tie_word_said_of(lex: Lexicon, noun: Token) -> bool:
    """Whether a ``ties`` word is said of the relations noun ``noun`` ("the deal ... is falling apart",
    "frosty ties"): then that word, not the noun, says how its sides stand."""
    if not _is_tie_noun(lex, noun):
        return False
    words = [c for c in noun.children if c.dep_ == "amod"]
    if noun.dep_ in _SUBJECTS:
        words.append(noun.head)
        words.extend(c for c in noun.head.children if c.dep_ in ("acomp", "oprd"))
    return any(_tie_rules(lex, w, w.lemma_.lower(), w.lower_) and noun in tie_nouns_of(lex, w)[0] for w in words)


def tie_frames(fc: FrameContext, tok: Token) -> Iterator[Frame]:
    """One frame per ``ties`` row of the word, for each relations noun it is said of."""
    rules = _tie_rules(fc.lex, tok, fc.words.lemmas[tok.i], fc.words.lowers[tok.i])
    if not rules:
        return
    nouns, clause = tie_nouns_of(fc.lex, tok)
    for noun in nouns:
        holders, partners = tie_sides(fc.res, noun)
        if not (partners and holders) and len(holders) < 2:
            continue
        for rule in rules:
            yield Frame(tok, clause, rule, f"ties:{rule.lemma}", holders, [(p, rule.type) for p in partners],
                        directed=False, weight=rule.weight, group_members=not partners)


MATCHER = TokenMatcher("ties", 55, lemmas=lambda lex: lex.tie_words, lowers=lambda lex: lex.tie_words,
                       match=tie_frames)
