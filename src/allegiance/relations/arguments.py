"""Argument finding: the subjects, objects and prepositional counterparts of a trigger.

:func:`subjects`, :func:`objects` and :func:`prep_partners` walk the dependency parse from a
trigger to its arguments (passives, control, raising, relative clauses, coordination) and turn
each argument into actor spans with a :class:`~allegiance.relations.referents.Resolver`.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.frame import SentenceActors
>>> from allegiance.relations.lexicon import load_lexicon
>>> from allegiance.relations.referents import Resolver
>>> from allegiance.relations.testing import annotate
>>> doc = annotate(load_model(), "Russia and China backed Iran.", ["Russia", "China", "Iran"])
>>> res = Resolver(load_lexicon(), SentenceActors(next(doc.sents), doc.spans["actors"]))
>>> verb = doc[3]
>>> [s.text for s in subjects(res, verb)[0]], [s.text for s in objects(res, verb)]
(['Russia', 'China'], ['Iran'])
"""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Span, Token

from allegiance.model import RelationType
from allegiance.relations.frame import dedupe_spans
from allegiance.relations.lexicon import Lexicon, PhraseRule, TriggerRule
from allegiance.relations.referents import Resolver

__all__ = ["governing_verb", "has_children", "is_passive", "objects", "participle_conjuncts", "passive_agents", "pobjs",
           "prep_partners", "subjects", "verb_listed"]

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
#: the only dependents a participle may have to share the ``by`` phrase of its conjunct
_BARE_PARTICIPLE_DEPS = frozenset({"cc", "conj", "punct", "advmod", "neg", "auxpass", "aux"})
_RAISING_HEADS = ("be", "seem", "appear", "likely", "set", "poised")


def participle_conjuncts(verb: Token) -> list[Token]:
    """``verb`` and the past participles co-ordinated with it, the first of the chain first ("trained and
    armed by the CIA": both); a verb that is no past participle stands alone.

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> doc = load_model()("The exiles, trained and armed by the CIA, landed in Cuba.")
    >>> [t.text for t in participle_conjuncts(doc[5])]
    ['trained', 'armed']
    """
    if verb.tag_ != "VBN":
        return [verb]
    top = verb
    while top.dep_ == "conj" and top.head != top and top.head.tag_ == "VBN":
        top = top.head
    chain, stack = [top], [top]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "conj" and c.tag_ == "VBN":
                chain.append(c)
                stack.append(c)
    return sorted(chain, key=lambda t: t.i)


def passive_agents(verb: Token) -> list[Token]:
    """The ``by`` phrases (``agent``) of a passive verb: its own, else, for a bare participle, those of the
    participles co-ordinated with it, which share one ("trained and armed by the CIA": the CIA trained them
    too; not "founded in 2014 and backed by Iran", whose first participle has its own complement)."""
    own = [c for c in verb.children if c.dep_ == "agent"]
    if own or verb.tag_ != "VBN" or any(c.dep_ not in _BARE_PARTICIPLE_DEPS for c in verb.children):
        return own
    return [c for v in participle_conjuncts(verb) if v != verb for c in v.children if c.dep_ == "agent"]


def is_passive(verb: Token) -> bool:
    """Whether ``verb`` has a passive auxiliary or a passive subject, or is a participle with a named agent
    modifying a noun ("Azerbaijan, backed by Turkey, ..."; not "the powers, allied by treaty, ..."); a past
    participle co-ordinated with one of these is passive too ("were trained and armed by", "exiles, trained
    and armed by the CIA")."""
    chain = participle_conjuncts(verb)
    if chain[0].dep_ == "acl" and verb.tag_ == "VBN" and any(
            p.pos_ == "PROPN" or p.ent_type_ for c in passive_agents(verb) for p in pobjs(c)):
        return True
    if verb.dep_ == "conj" and len(chain) > 1 and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return _passive_clause(chain[0])
    return _passive_clause(verb)


def _passive_clause(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass",) or c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children)


def pobjs(prep: Token) -> list[Token]:
    """The objects of a preposition."""
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def has_children(tok: Token, words: Sequence[str]) -> bool:
    """Whether a child of ``tok`` has one of ``words`` as its lower-cased form or lemma."""
    return any(c.lower_ in words or c.lemma_.lower() in words for c in tok.children)


def possessed_by_another(tok: Token, ends: Sequence[Token] = ()) -> bool:
    """Whether the noun ``tok`` has a possessor other than the ``ends`` of a path that could be no one but
    its own holder: a first- or second-person "our", "my", "your", or a possessor that is no pronoun. "The
    Manila Pact supplements our treaties with Australia": the verb's subject holds none of "our" treaties. A
    third-person "its" or "their" most often is the subject ("Britain renewed its support for X").

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["our", "treaties", "its", "treaty"], heads=[1, 1, 3, 3],
    ...           deps=["poss", "ROOT", "poss", "ROOT"], pos=["PRON", "NOUN", "PRON", "NOUN"])
    >>> possessed_by_another(doc[1]), possessed_by_another(doc[3]), possessed_by_another(doc[1], [doc[0]])
    (True, False, False)
    """
    return any(c.dep_ == "poss" and c not in ends and (c.lower_ in ("our", "my", "your") or c.pos_ != "PRON")
               for c in tok.children)


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


def verb_listed(verb: Token, words: frozenset[str]) -> bool:
    """Whether ``verb``'s lemma is in ``words``, or its lemma and one of its particles are ("call off", "rule out":
    a word list may name a particle verb, which its bare lemma does not match).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("They called off talks.")
    >>> doc[1].lemma_, doc[2].dep_ = "call", "prt"
    >>> doc[2].head = doc[1]
    >>> verb_listed(doc[1], frozenset({"call off"})), verb_listed(doc[1], frozenset({"call up"}))
    (True, False)
    """
    lemma = verb.lemma_.lower()
    return lemma in words or any(c.dep_ == "prt" and f"{lemma} {c.lower_}" in words for c in verb.children)


def withdrawn(lex: Lexicon, tok: Token) -> bool:
    """Whether a reversal verb governs the noun ``tok``: its stance is withdrawn or over ("suspended aid
    to X", "lifted its sanctions on Cuba", "called off talks with X": a row may name a particle verb)."""
    gov = governing_verb(tok)
    return gov is not None and verb_listed(gov, lex.reversal_verbs)


Subjects = tuple[list[Span], list[Token], bool, "Token | None"]


def subjects(res: Resolver, verb: Token, depth: int = 0) -> Subjects:
    """(actor spans, subject tokens, inherited?, purpose controller) of a verb."""
    if depth > 4:
        return [], [], False, None
    if is_passive(verb):
        spans, toks = [], []
        for c in passive_agents(verb):
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
        first = participle_conjuncts(verb)[0]  # co-ordinated participles share their patient
        out = []
        for c in (*verb.children, *(first.children if first != verb else ())):
            if c.dep_ in PASSIVE_SUBJECT_DEPS:
                out.extend(res.actors(c))
        if not out and first.dep_ in ("relcl", "acl"):
            out.extend(res.actors(first.head))
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
