"""Referents: which actor spans a token stands for, in one sentence.

:class:`Resolver` maps a noun-phrase head to the actors it refers to: the actor mention itself,
its conjuncts and appositions, a proxy ("the government of X", "Russia's foreign ministry"),
"states such as X", a relative pronoun's antecedent, an unresolved pronoun (the nearest subject
actor before it), or a generic group with a clear political identity ("Western powers").

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.frame import SentenceActors
>>> from allegiance.relations.lexicon import load_lexicon
>>> from allegiance.relations.testing import annotate
>>> doc = annotate(load_model(), "The government of Russia and China met.", ["Russia", "China"])
>>> res = Resolver(load_lexicon(), SentenceActors(next(doc.sents), doc.spans["actors"]))
>>> [s.text for s in res.actors(doc[1])]
['Russia', 'China']
"""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.tokens import Span, Token

from allegiance.actors.guards import eponym_of
from allegiance.actors.kb import adhoc_actor_id
from allegiance.model import Actor, ActorKind
from allegiance.relations.frame import SentenceActors, dedupe_spans
from allegiance.relations.lexicon import Lexicon, role_noun_lemmas

__all__ = ["Resolver"]

_REL_PRONOUNS = {"who", "which", "that", "whom"}
_PLURAL_PRONOUNS = {"they", "them", "both", "we", "us"}
_SINGULAR_PRONOUNS = {"he", "she", "his", "her", "him", "its", "it", "their", "they", "them"}


def _flatten(items: Iterable) -> Iterator[Span]:
    for item in items:
        if isinstance(item, Span):
            yield item
        else:
            yield from _flatten(item)


class Resolver:
    """The actor spans a token refers to, in one sentence."""

    def __init__(self, lex: Lexicon, ctx: SentenceActors, pronouns: bool = True, generic_groups: bool = True):
        self.lex = lex
        self.ctx = ctx
        self.pronouns = pronouns
        self.generic_groups = generic_groups
        self.role_nouns = role_noun_lemmas(lex)

    def generic_group(self, token: Token) -> Span | None:
        """An ad hoc actor for a generic group with a clear political identity
        ("the liberal-democratic states", "anti-communist states", "Western powers")."""
        lex = self.lex
        if token.pos_ == "NOUN" and token.lemma_.lower() in lex.counter_group_nouns:
            return self._counter_group(token)
        if token.pos_ != "NOUN" or token.tag_ != "NNS" or token.lemma_.lower() not in lex.group_nouns:
            return None
        mods = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i]
        if not mods:
            return None
        start = min(c.left_edge.i for c in mods)
        words = {t.lower_ for t in token.doc[start:token.i]}
        parts = {p for w in words for p in w.split("-")}
        identity = bool(parts & lex.group_identities) or any(
            w.startswith(("anti-", "pro-", "non-")) for w in words
        ) or any(t.ent_type_ == "NORP" for t in token.doc[start:token.i])
        if not identity:
            return None
        span = token.doc[start:token.i + 1]
        if span._.actor is None:
            name = span.text
            span._.actor = Actor("GRP:" + "_".join(name.lower().split()), name, ActorKind.GROUP)
            span._.actor_confidence = 0.5
        return span

    def _counter_group(self, token: Token) -> Span | None:
        """ "Venezuela's opposition", "the Syrian rebels": an ad hoc group named with the actor it stands
        against (not that actor, :data:`Lexicon.counter_group_nouns`)."""
        owners = [c for c in token.children if c.dep_ in ("poss", "amod", "compound") and c.i < token.i
                  and self.ctx.span_of(c) is not None]
        if not owners:
            return None
        span = token.doc[min(c.left_edge.i for c in owners):token.i + 1]
        if span._.actor is None:
            name = " ".join(span.text.split())
            span._.actor = Actor(adhoc_actor_id(name, "NORP"), name, ActorKind.GROUP)  # the model's id too
            span._.actor_confidence = 0.5
        return span

    def pronoun(self, token: Token) -> Span | None:
        """Fallback for a pronoun the actor stage left unresolved: the nearest earlier actor
        that is the subject of a verb in the same sentence ("Wolf says he's supporting Clinton")."""
        if token.lower_ not in _SINGULAR_PRONOUNS:
            return None
        best = None
        for i in range(token.i - 1, self.ctx.sent.start - 1, -1):
            span = self.ctx.actor_at.get(i)
            if span is None or span.root.i != i:
                continue
            if span.root.dep_ in ("nsubj", "nsubjpass"):
                return span
            if best is None and span.root.dep_ not in ("poss", "compound", "pobj"):
                best = span
        return best

    def actors(self, token: Token, depth: int = 0) -> list[Span]:
        """Actor spans a noun-phrase head refers to (with coordination, appositions, proxies)."""
        if depth > 4:
            return []
        out: list[Span] = []
        span = self.ctx.span_of(token)
        if span is not None:
            out.append(span)
            heads = {token, span.root}
        else:
            heads = {token}
            if token.lower_ in _REL_PRONOUNS and token.head.dep_ == "relcl":
                return self.actors(token.head.head, depth + 1)
            for child in token.children:
                # "the junta, Niger's rulers": the description's actor; not when a name no actor
                # is described ("The Sun, Britain's biggest newspaper, endorsed ...": not Britain)
                if child.dep_ == "appos" and (token.pos_ != "PROPN" or self.ctx.span_of(child) is not None):
                    out.extend(self.actors(child, depth + 1))
            if not out and token.pos_ == "PRON" and self.pronouns:
                found = self.pronoun(token)
                if found is not None:
                    out.append(found)
            if not out:
                out = list(_flatten(self._through_children(token, depth)))
            if not out and self.generic_groups:
                group = self.generic_group(token)
                if group is not None:
                    out.append(group)
        for head in heads:
            for child in head.children:
                if child.dep_ == "conj" or span is not None and self._listed_as_apposition(child):
                    out.extend(self.actors(child, depth + 1))
        return dedupe_spans(out)

    def _listed_as_apposition(self, child: Token) -> bool:
        """ "Mali, Burkina Faso and Niger" parsed as Mali + an apposition "Burkina Faso and Niger": an
        apposition that is an actor and heads a coordination continues the list."""
        return child.dep_ == "appos" and self.ctx.span_of(child) is not None \
            and any(c.dep_ == "conj" for c in child.children)

    def _through_children(self, token: Token, depth: int) -> list:
        """Actors reached through a token's modifiers: "Russia's government", "states such as X"."""
        ctx, lex = self.ctx, self.lex
        out: list = []
        low = token.lower_
        if low in lex.arena_nouns:
            return out  # "the Liberal Party nomination": the party is the arena, not the one acted on
        proxy = token.lemma_.lower() in lex.proxy_nouns or low in lex.proxy_nouns
        author = token.lemma_.lower() in lex.author_nouns  # reached through "from"/"by" only
        common = token.pos_ == "NOUN" and token.lemma_.lower() not in self.role_nouns \
            and token.lemma_.lower() not in lex.counter_group_nouns
        for child in token.children:
            dep = child.dep_
            if dep in ("compound", "nmod", "amod") and ctx.span_of(child) is not None:
                if not eponym_of(child):  # "the Rogers Plan": named after, not acted on
                    out.append(ctx.span_of(child))
            elif dep == "poss" and (proxy or common):
                out.extend(self.actors(child, depth + 1))
            elif dep == "prep" and (proxy and child.lower_ in ("of", "from", "by", "in", "for", "at")
                                    or author and child.lower_ in ("from", "by")):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(self.actors(pobj, depth + 1))
            elif dep == "prep" and child.lower_ in ("as", "like", "including"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(self.actors(pobj, depth + 1))
            elif dep == "amod" and child.lower_ == "such":
                for grand in child.children:
                    if grand.dep_ == "prep" and grand.lower_ == "as":
                        out.extend(self.actors(p, depth + 1) for p in grand.children if p.dep_ == "pobj")
            elif dep == "prep" and child.lower_ == "such":
                for grand in child.children:
                    if grand.dep_ == "prep" and grand.lower_ == "as":
                        for p in grand.children:
                            if p.dep_ == "pobj":
                                out.extend(self.actors(p, depth + 1))
        return out

    def is_plural_reference(self, token: Token) -> bool:
        """A plural pronoun or plural noun phrase with no actor in it ("they", "the former rivals")."""
        if self.ctx.span_of(token) is not None:
            return False
        if token.lower_ in _PLURAL_PRONOUNS:
            return True
        if token.tag_ == "NNS" and token.lemma_.lower() in self.lex.plural_references and not any(
            self.ctx.span_of(t) is not None for t in token.subtree
        ):
            return True
        return False
