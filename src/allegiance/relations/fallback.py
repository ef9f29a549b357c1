"""The path fallback: two actors joined by a short dependency path through a trigger word.

Catches constructions the frame matchers miss (weight 0.35, directed from the subject side).
Pairs already related by a frame, and triggers a frame has used or ruled out, are left alone.

Examples
--------
>>> from allegiance.relations.lexicon import load_lexicon
>>> from spacy.lang.en import English
>>> doc = English()("backs")
>>> doc[0].pos_ = "VERB"
>>> doc[0].lemma_ = "back"
>>> trigger_rule(load_lexicon(), doc[0]).type.value
'support'
"""

from __future__ import annotations

from typing import Callable, Sequence

from spacy.tokens import Span, Token

from allegiance.actors.guards import TITLES, eponym_of
from allegiance.model import Relation, Sign
from allegiance.relations.arguments import governing_verb, has_children, possessed_by_another, withdrawn
from allegiance.relations.assembly import actor_of
from allegiance.relations.frame import Frame
from allegiance.relations.frames.roles import party_label_of_role
from allegiance.relations.lexicon import Lexicon, TriggerRule, role_noun_lemmas
from allegiance.relations.modifiers import ModifierReader

__all__ = ["labels_a_named_officer", "path_relations", "trigger_rule"]

_PATH_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "poss", "compound", "amod", "appos", "pobj", "prep", "agent",
              "nmod", "attr", "dative"}
_MAX_PATH = 5  # dependency edges from both actors up to their common ancestor

#: ``relation(sent, frame, src, tgt, rtype, directed, mods, weight, negated=...)`` of the extractor
Assemble = Callable[..., "Relation | None"]


def trigger_rule(lex: Lexicon, tok: Token) -> TriggerRule | None:
    """The first unconditional verb, noun or adjective row of a token, or None (a row's ``excludes`` hold here too)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        rules = lex.verbs.get(lemma, ())
    elif tok.pos_ == "NOUN":
        rules = tuple(r for r in lex.nouns.get(lemma, ()) if not r.verbs and not r.requires_any
                      and not (r.type.sign is Sign.NEGATIVE and withdrawn(lex, tok)))
    elif tok.pos_ == "ADJ":
        rules = lex.adjectives.get(tok.lower_, ())
    else:
        return None
    rules = tuple(r for r in rules if not r.requires_any and not r.partner_kinds
                  and not (r.excludes and has_children(tok, r.excludes)))
    return rules[0] if rules else None


def _meeting(line_a: tuple[list[Token], list[int]], line_b: tuple[list[Token], list[int]]
             ) -> tuple[list[Token], Token, list[Token]] | None:
    """(a's way up, common ancestor, b's way up) of two actor roots, when short enough."""
    pa, ia = line_a
    pb, ib = line_b
    in_b = set(ib)
    k_a = next((k for k, t in enumerate(ia) if t in in_b), None)
    if k_a is None:
        return None
    up_a, up_b = pa[:k_a], pb[:ib.index(ia[k_a])]
    if len(up_a) + len(up_b) > _MAX_PATH:
        return None
    return up_a, pa[k_a], up_b


def _path_trigger(lex: Lexicon, up_a: list[Token], common: Token, up_b: list[Token],
                  anchors: set[int]) -> tuple[Token, TriggerRule] | None:
    """The trigger on the path, when the path is made of argument links and carries no saying verb."""
    path = up_a[1:] + [common] + up_b[1:]
    if any(t.dep_ not in _PATH_DEPS for t in up_a + up_b):
        return None
    if any(t.lemma_.lower() in lex.modifiers.say_verbs for t in path):
        return None
    trig = next(((t, r) for t in path if (r := trigger_rule(lex, t)) is not None), None)
    if trig is None or trig[0].i in anchors:
        return None
    roles = role_noun_lemmas(lex)
    if any(t is not trig[0] and t.pos_ == "NOUN" and t.lemma_.lower() in roles for t in up_a + up_b):
        return None  # "condemned Ukraine's allies": the path reaches an actor's counterpart, not the actor
    allowed = set(trig[1].preps) | {"by", "of"}
    if any(t.dep_ == "prep" and t.lower_ not in allowed for t in up_a + up_b + [common]
           if t in up_a or t in up_b):
        return None
    return trig


def labels_a_named_officer(span: Span) -> bool:
    """Whether ``span`` labels a named office-holder ("Kentucky" in "Kentucky Senator Rand Paul").

    Such a label says where the person holds office; it is not a party to what the person does.

    Examples
    --------
    >>> from spacy.tokens import Doc
    >>> import spacy
    >>> doc = Doc(spacy.blank("en").vocab, words=["Kentucky", "Senator", "Paul", "quits"],
    ...           heads=[1, 2, 3, 3], deps=["compound", "compound", "nsubj", "ROOT"], pos=["PROPN"] * 3 + ["VERB"])
    >>> labels_a_named_officer(doc[0:1]), labels_a_named_officer(doc[2:3])
    (True, False)
    >>> doc = Doc(doc.vocab, words=["Kentucky", "Senator", "Paul", "quits"], heads=[2, 2, 3, 3],
    ...           deps=["compound", "compound", "nsubj", "ROOT"], pos=["PROPN"] * 3 + ["VERB"])
    >>> labels_a_named_officer(doc[0:1])
    True
    """
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod"):
        return False
    head = root.head  # the title ("Kentucky Senator Rand Paul") or, as parsed at times, the name itself
    name = head.head if head.lower_ in TITLES and head.dep_ == "compound" else head
    return name.pos_ == "PROPN" and (name is not head or any(
        c.dep_ == "compound" and c.lower_ in TITLES for c in name.children))


def _blocks_path(lex: Lexicon, tok: Token) -> bool:
    """A token no stance passes through: a contest ("his campaign for the Liberal Party nomination": the
    party is the arena), the description of a name that is no actor ("The Herald, Britain's newspaper"), or
    the eponym of a plan or doctrine ("rejected the Rogers Plan")."""
    return tok.lower_ in lex.arena_nouns or (tok.dep_ == "appos" and tok.head.pos_ == "PROPN") or eponym_of(tok)


def _reaches_the_harmed(lex: Lexicon, up: list[Token], trigger: Token) -> bool:
    """The way up from an actor passes a harm that names it as the one harmed ("denounced the genocide
    of Armenians", "condemned sanctions against Russia"): a stance on the harm is none toward them."""
    return any(t.dep_ == "prep" and t.lower_ in ("of", "against", "on") and nxt is not trigger
               and nxt.lemma_.lower() in lex.harm_nouns for t, nxt in zip(up, up[1:]))


def _subject_side(up: list[Token]) -> bool:
    return any(t.dep_ in ("nsubj", "poss", "agent") or (t.dep_ == "pobj" and t.head.lower_ == "by") for t in up)


def path_relations(lex: Lexicon, modifiers: ModifierReader, relation: Assemble, sent: Span,
                   spans: Sequence[Span], found: Sequence[Relation], anchors: set[int] = frozenset()
                   ) -> list[Relation]:
    """Relations between actor pairs of the sentence joined through a trigger (see the module)."""
    related = {frozenset((r.source.start, r.target.start)) for r in found}
    roles = role_noun_lemmas(lex)
    heads = [s for s in spans if s._.actor is not None and not labels_a_named_officer(s)
             and not party_label_of_role(s, roles)]
    ids = [actor_of(s).id for s in heads]
    lineage: dict[int, tuple[list[Token], list[int]]] = {}  # root and its ancestors, per head

    def line(k: int) -> tuple[list[Token], list[int]]:
        if k not in lineage:
            root = heads[k].root
            tokens = [root, *root.ancestors]
            lineage[k] = (tokens, [t.i for t in tokens])
        return lineage[k]

    out: list[Relation] = []
    for i, a in enumerate(heads):
        for j in range(i + 1, len(heads)):
            b = heads[j]
            if frozenset((a.start_char, b.start_char)) in related or ids[i] == ids[j]:
                continue
            if a.start < b.end and b.start < a.end:
                continue
            meeting = _meeting(line(i), line(j))
            trig = meeting and _path_trigger(lex, *meeting, anchors)
            if not trig:
                continue
            tok, rule = trig
            up_a, _, up_b = meeting
            if any(_blocks_path(lex, t) for t in up_a + up_b) or any(
                    _reaches_the_harmed(lex, up, tok) for up in (up_a, up_b)) or possessed_by_another(tok, up_a + up_b):
                continue
            frame = Frame(tok, tok if tok.pos_ == "VERB" else (governing_verb(tok) or tok), rule,
                          f"path:{rule.lemma}", [], [], up_a + up_b, directed=rule.directed, weight=0.35)
            mods = modifiers.read(frame, sent)
            if mods is None or mods["negated"]:
                continue
            src, tgt = (b, a) if _subject_side(up_b) and not _subject_side(up_a) else (a, b)
            rel = relation(sent, frame, src, tgt, rule.type, rule.directed, mods, 0.35, negated=False)
            if rel is not None:
                out.append(rel)
                related.add(frozenset((a.start_char, b.start_char)))
    return out
