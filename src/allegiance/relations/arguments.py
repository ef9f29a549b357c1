"""Argument finding: which actors a noun phrase refers to, and who are the subjects, objects and
prepositional counterparts of a trigger.

:class:`Resolver` maps a token to the actor spans it stands for (coordination, appositions,
proxies such as "the government of X", relative pronouns, an unresolved pronoun, a generic
group such as "Western powers"); :func:`subjects`, :func:`objects` and :func:`prep_partners`
walk the dependency parse from a trigger to its arguments.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.frame import SentenceActors
>>> from allegiance.relations.lexicon import load_lexicon
>>> from allegiance.relations.testing import annotate
>>> doc = annotate(load_model(), "Russia and China backed Iran.", ["Russia", "China", "Iran"])
>>> res = Resolver(load_lexicon(), SentenceActors(next(doc.sents), doc.spans["actors"]))
>>> verb = doc[3]
>>> [s.text for s in subjects(res, verb)[0]], [s.text for s in objects(res, verb)]
(['Russia', 'China'], ['Iran'])
"""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from spacy.tokens import Span, Token

from allegiance.model import Actor, ActorKind, RelationType
from allegiance.relations.frame import SentenceActors, dedupe_spans
from allegiance.relations.lexicon import Lexicon, PhraseRule, TriggerRule, derived

__all__ = ["Resolver", "governing_verb", "has_children", "is_passive", "objects", "pobjs", "prep_partners",
           "subjects"]

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
_REL_PRONOUNS = {"who", "which", "that", "whom"}
_PLURAL_PRONOUNS = {"they", "them", "both", "we", "us"}
_SINGULAR_PRONOUNS = {"he", "she", "his", "her", "him", "its", "it", "their", "they", "them"}
_RAISING_HEADS = ("be", "seem", "appear", "likely", "set", "poised")


def _role_nouns(lex: Lexicon) -> frozenset[str]:
    return lex.role_nouns


def _flatten(items: Iterable) -> Iterator[Span]:
    for item in items:
        if isinstance(item, Span):
            yield item
        else:
            yield from _flatten(item)


def is_passive(verb: Token) -> bool:
    """Whether ``verb`` has a passive auxiliary or a passive subject."""
    return any(c.dep_ in ("auxpass",) or c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children)


def pobjs(prep: Token) -> list[Token]:
    """The objects of a preposition."""
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def has_children(tok: Token, words: Sequence[str]) -> bool:
    """Whether a child of ``tok`` has one of ``words`` as its lower-cased form or lemma."""
    return any(c.lower_ in words or c.lemma_.lower() in words for c in tok.children)


def governing_verb(tok: Token) -> Token | None:
    """The verb a noun trigger is the object of ("formed an alliance", "entered into talks")."""
    head = tok.head
    if tok.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "obj") and head.pos_ in ("VERB", "AUX"):
        return head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "into") \
            and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    if tok.dep_ == "conj" and head != tok:
        return governing_verb(head)
    return None


class Resolver:
    """The actor spans a token refers to, in one sentence."""

    def __init__(self, lex: Lexicon, ctx: SentenceActors, pronouns: bool = True, generic_groups: bool = True):
        self.lex = lex
        self.ctx = ctx
        self.pronouns = pronouns
        self.generic_groups = generic_groups

    def generic_group(self, token: Token) -> Span | None:
        """An ad hoc actor for a generic group with a clear political identity
        ("the liberal-democratic states", "anti-communist states", "Western powers")."""
        lex = self.lex
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
                if child.dep_ == "appos":
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
                if child.dep_ == "conj":
                    out.extend(self.actors(child, depth + 1))
        return dedupe_spans(out)

    def _through_children(self, token: Token, depth: int) -> list:
        """Actors reached through a token's modifiers: "Russia's government", "states such as X"."""
        ctx, lex = self.ctx, self.lex
        out: list = []
        low = token.lower_
        proxy = token.lemma_.lower() in lex.proxy_nouns or low in lex.proxy_nouns
        common = token.pos_ == "NOUN" and token.lemma_.lower() not in derived(lex, _role_nouns)
        for child in token.children:
            dep = child.dep_
            if dep in ("compound", "nmod", "amod") and ctx.span_of(child) is not None:
                out.append(ctx.span_of(child))
            elif dep == "poss" and (proxy or common):
                out.extend(self.actors(child, depth + 1))
            elif dep == "prep" and proxy and child.lower_ in ("of", "from", "by", "in", "for", "at"):
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


Subjects = tuple[list[Span], list[Token], bool, "Token | None"]


def subjects(res: Resolver, verb: Token, depth: int = 0) -> Subjects:
    """(actor spans, subject tokens, inherited?, purpose controller) of a verb."""
    if depth > 4:
        return [], [], False, None
    if is_passive(verb):
        spans, toks = [], []
        for c in verb.children:
            if c.dep_ == "agent":
                for p in pobjs(c):
                    toks.append(p)
                    spans.extend(res.actors(p))
        return spans, toks, False, None
    subj = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subj:
        spans, toks = [], []
        for s in subj:
            toks.append(s)
            found = res.actors(s)
            if not found:  # "some of the mujahedin"
                for c in s.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        for p in pobjs(c):
                            found.extend(res.actors(p))
            spans.extend(found)
        return dedupe_spans(spans), toks, False, None
    return _controlled_subjects(res, verb, depth)


def _controlled_subjects(res: Resolver, verb: Token, depth: int) -> Subjects:
    """The subjects of a verb without its own: from the clause that controls it."""
    dep = verb.dep_
    head = verb.head
    if dep == "conj" and head != verb:
        spans, toks, inh, purpose = subjects(res, head, depth + 1)
        return spans, toks, True, purpose
    if dep in ("xcomp", "acomp") and head != verb:
        if is_passive(head) or head.lemma_.lower() in _RAISING_HEADS:
            # raising: "X is expected to defeat Y", "X is likely to back Y"
            toks = [c for c in head.children if c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ in SUBJECT_DEPS]
            if not toks and head.dep_ in ("acomp", "xcomp") and head.head != head:
                toks = [c for c in head.head.children if c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ in SUBJECT_DEPS]
            if toks:
                return dedupe_spans(sp for t in toks for sp in res.actors(t)), toks, True, None
        spans, toks, _, _ = subjects(res, head, depth + 1)
        return spans, toks, True, None
    has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if dep == "advcl" and has_to:
        spans, toks, _, _ = subjects(res, head, depth + 1)
        return spans, toks, True, head
    if dep == "advcl" and verb.tag_ in ("VBG", "VBN") and head != verb:
        if not any(c.dep_ == "mark" for c in verb.children):
            spans, toks, _, _ = subjects(res, head, depth + 1)
            return spans, toks, True, None
    if dep == "acl" and head != verb and res.ctx.span_of(head) is None and \
            head.dep_ in ("dobj", "obj") and not res.actors(head):
        # "made her speech attacking Trump": the speaker acts
        spans, toks, _, _ = subjects(res, head.head, depth + 1)
        return spans, toks, True, None
    if dep == "acl" and head.lower_ == "order" and head.head.dep_ == "prep":
        controller = head.head.head
        spans, toks, _, _ = subjects(res, controller, depth + 1)
        return spans, toks, True, controller
    if dep in ("relcl", "acl") and head != verb:
        return res.actors(head), [head], True, None
    return [], [], False, None


def objects(res: Resolver, verb: Token) -> list[Span]:
    """The actors a verb acts on: its direct objects, or for a passive its subject."""
    if is_passive(verb):
        out = []
        for c in verb.children:
            if c.dep_ in PASSIVE_SUBJECT_DEPS:
                out.extend(res.actors(c))
        if not out and verb.dep_ in ("relcl", "acl"):
            out.extend(res.actors(verb.head))
        if not out and verb.dep_ in ("xcomp", "acomp"):
            # "X's decision is likely to be welcomed by Y"
            up = verb.head
            if up.dep_ in ("acomp", "xcomp") and up.head != up:
                up = up.head
            for c in up.children:
                if c.dep_ in SUBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS:
                    out.extend(res.actors(c))
        return out
    out = []
    for c in verb.children:
        if c.dep_ in ("dobj", "obj"):
            out.extend(res.actors(c))
    return out


def prep_partners(res: Resolver, tokens: Sequence[Token], rule: TriggerRule | PhraseRule,
                  search_objects: bool = False) -> list[tuple[Span, RelationType, str]]:
    """Counterparts reached through the rule's prepositions (children of the given tokens)."""
    out: list[tuple[Span, RelationType, str]] = []
    seen_preps: set[int] = set()
    frontier = list(tokens)
    if search_objects:
        for t in tokens:
            for c in t.children:
                if c.dep_ in ("dobj", "obj"):
                    frontier.append(c)
                    for g in c.children:
                        if g.dep_ == "prep":
                            frontier.extend(pobjs(g))
    for t in frontier:
        for c in t.children:
            if c.dep_ not in ("prep", "agent", "dative") or c.i in seen_preps:
                continue
            low = c.lower_
            if low not in rule.preps:
                continue
            seen_preps.add(c.i)
            rtype = rule.preps[low]
            for p in pobjs(c):
                for s in res.actors(p):
                    out.append((s, rtype, low))
    return out
