"""Anaphora across sentences: "Russia and the US ... They agreed" pairs Russia with the US; "Soviet troops
invaded Afghanistan ... Carter condemned the invasion" sets Carter against the Soviet troops.

:class:`GroupMemory` remembers the last coordinated group of actors for two more sentences and
gives it as the holders of a frame whose subject is a plural reference with no actor in it
("they", "the former rivals", "both"). :class:`ActMemory` remembers who did which act (the holders of
each frame, with a partner or not: "jets struck camps") for two more sentences and gives the doers as the partners of a
stance whose object is a definite noun naming such an act with no actor in it ("the invasion",
"these strikes"; the lexicon's ``act_nouns``).

Examples
--------
>>> memory = GroupMemory()
>>> memory.advance([["Russia", "the US"]])
>>> memory.last_group
['Russia', 'the US']
>>> for _ in range(3):
...     memory.advance([])
>>> memory.last_group
[]
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from allegiance.relations.evidence import group_fits_reference
from allegiance.relations.frame import Frame
from allegiance.relations.lexicon import Lexicon
from allegiance.relations.referents import Resolver

__all__ = ["ActMemory", "GroupMemory", "act_object", "coordinated_groups"]

_FORGET_AFTER = 2  # sentences without a new group before the last one is forgotten


def coordinated_groups(res: Resolver, sent: Span) -> list[list[Span]]:
    """Coordinated actor groups in the sentence ("Russia and the US"), for plural anaphora."""
    groups = []
    seen: set[int] = set()
    actor_at, doc = res.ctx.actor_at, sent.doc
    for i in sorted(i for i in actor_at if sent.start <= i < sent.end):
        span = actor_at[i]
        if span.root.i != i or i in seen:
            continue
        tok = doc[i]
        if any(c.dep_ == "conj" for c in tok.children) and tok.dep_ != "conj":
            members = res.actors(tok)
            for m_ in members:
                seen.add(m_.root.i)
            if len(members) >= 2:
                groups.append(members)
    return groups


class GroupMemory:
    """The last coordinated actor group of a document, while it is recent enough to refer to."""

    def __init__(self) -> None:
        self.last_group: list[Span] = []
        self.group_age = 0

    def holders(self, frame: Frame, res: Resolver) -> tuple[list[Span], bool]:
        """(holders, anaphoric?): the frame's own holders, else the remembered group when the
        frame's subject is a plural reference ("they agreed", "the two sides signed")."""
        holders = list(frame.holders)
        anaphoric = False
        if not holders and frame.holder_tokens and any(res.is_plural_reference(t) for t in frame.holder_tokens):
            group = self.last_group if group_fits_reference(self.last_group, frame.holder_tokens) else []
            if group and (frame.group_members or not frame.partners):
                holders = list(group)
                anaphoric = True
        if not holders and frame.group_members and not frame.partners and \
                frame.anchor.dep_ != "ROOT" and any(t.lower_ in ("them",) for t in frame.anchor.subtree):
            holders = list(self.last_group)
            anaphoric = True
        return holders, anaphoric

    def advance(self, groups_here: list[list[Span]]) -> None:
        """Remember the sentence's last group, or age the remembered one."""
        if groups_here:
            self.last_group = groups_here[-1]
            self.group_age = 0
        else:
            self.group_age += 1
            if self.group_age > _FORGET_AFTER:
                self.last_group = []


#: determiners that make an act noun refer back ("the invasion", "these strikes"); "an invasion" is a new one
_DEFINITE = frozenset({"the", "this", "these", "that", "those"})


def act_object(lex: Lexicon, res: Resolver, verb: Token) -> Token | None:
    """The object of ``verb`` when it is a definite act noun of the lexicon (``act_nouns``) with no actor in it:
    "condemned the invasion", not "condemned the Soviet invasion" (its own doer) or "an invasion"."""
    for child in verb.children:
        if child.dep_ not in ("dobj", "obj") or child.lemma_.lower() not in lex.act_nouns:
            continue
        if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in child.children):
            continue
        if any(res.ctx.span_of(t) is not None for t in child.subtree):
            continue
        return child
    return None


class ActMemory:
    """Who did which act in the last sentences of a document: the doers a later "the <act>" refers to.

    Examples
    --------
    >>> from allegiance.relations.lexicon import load_lexicon
    >>> memory = ActMemory(load_lexicon())
    >>> memory.remember("invade", ["Soviet troops"])
    >>> memory.advance()
    >>> memory.doers("invasion"), memory.doers("strike")
    (['Soviet troops'], [])
    >>> for _ in range(2):
    ...     memory.advance()
    >>> memory.doers("invasion")
    []
    """

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.recent: list[list[tuple[str, list[Span]]]] = []  # per sentence, newest last
        self.current: list[tuple[str, list[Span]]] = []

    def remember(self, lemma: str, doers: list[Span]) -> None:
        """A frame of trigger ``lemma`` in the current sentence has ``doers`` as its holders (a partner or not)."""
        if doers:
            self.current.append((lemma, list(doers)))

    def doers(self, noun: str) -> list[Span]:
        """The doers of the latest remembered act that ``noun`` (an ``act_nouns`` lemma) names, from the two
        sentences before this one."""
        lemmas = self.lex.act_nouns.get(noun, frozenset())
        for sentence in reversed(self.recent):
            for lemma, doers in reversed(sentence):
                if lemma in lemmas:
                    return doers
        return []

    def advance(self) -> None:
        """Close the current sentence: its acts become referable, the oldest beyond two sentences are forgotten."""
        self.recent = (self.recent + [self.current])[-_FORGET_AFTER:]
        self.current = []
