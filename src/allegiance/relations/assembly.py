"""Relation assembly: from a frame's holders and partners to the relations of one document.

* :func:`frame_pairs` — the (source, target, type, directed) pairs a frame states;
* :func:`speaks_for` — a person is no counterpart of their own organisation or country
  ("Wang, a spokesman for China's foreign ministry, praised China" is no relation);
* :func:`dedupe_relations` and :func:`drop_coordinated_pairs` — the document-level clean-up:
  one relation per (sentence, ends, sign), and no relation between two conjuncts of one
  coordination that comes from a misattached argument.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.frames.verbs import MATCHER
>>> from allegiance.relations.testing import annotate, frames_of
>>> doc = annotate(load_model(), "Russia and China backed Iran.", ["Russia", "China", "Iran"])
>>> frame = frames_of(doc, MATCHER)[0]
>>> [(a.text, b.text, t.value, d) for a, b, t, d in frame_pairs(frame, frame.holders, None)]
[('Russia', 'Iran', 'support', True), ('China', 'Iran', 'support', True)]
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from allegiance.actors.pipes import shared_knowledge_base
from allegiance.model import Actor, ActorKind, Relation, RelationType
from allegiance.nlp.extensions import ACTOR_SPANS_KEY
from allegiance.relations.frame import Frame
from allegiance.relations.implied import Pair

__all__ = ["ACTS_AGAINST_A_PERSON", "actor_of", "dedupe_relations", "drop_coordinated_pairs", "frame_pairs",
           "mention_members", "own_side_pair", "speaks_for"]

_TYPE_PRIORITY = [
    "defeat", "abandon", "accuse", "blame", "sanction", "threaten", "attack", "criticise", "fight",
    "split", "rival", "oppose", "endorse", "praise", "join", "ally", "negotiate", "cooperate",
    "agree", "support",
]


def frame_pairs(frame: Frame, holders: list[Span], rtype_override: RelationType | None) -> list[Pair]:
    """Every holder with every partner (the other way round for ``reverse`` rows), or, for a
    group frame without partners, every two holders; ``rtype_override`` replaces the type (a
    negated stance that becomes another, e.g. "not support" -> oppose)."""
    pairs: list[Pair] = []
    if frame.partners:
        for h in holders:
            for p, rtype in frame.partners:
                rt = rtype_override or rtype
                directed = frame.directed if rtype is frame.rule.type else not rt.symmetric
                if frame.reverse:
                    pairs.append((p, h, rt, directed))
                else:
                    pairs.append((h, p, rt, directed))
    elif frame.group_members and len(holders) >= 2:
        rt = rtype_override or frame.rule.type
        for i, a in enumerate(holders):
            for b in holders[i + 1:]:
                pairs.append((a, b, rt, False))
    return pairs


#: nouns naming someone's post in an organisation ("a spokesman for", "an analyst at")
_ROLE_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson analyst fellow researcher director minister official officer
    member head chief chairman chairwoman chair leader president secretary ambassador envoy adviser
    advisor economist scholar professor employee representative deputy diplomat negotiator aide
    staffer executive founder commander""".split()
)
#: the parts of a title that name whom the post is held for ("Russia's", "for the ministry of Y")
_TITLE_DEPS = frozenset({"poss", "compound", "amod", "nmod", "prep"})
_OWN_SIDE_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.GOVERNMENT, ActorKind.IGO,
                             ActorKind.ORGANISATION, ActorKind.UNION})


def _titles(span: Span) -> list[Token]:
    """The title nouns attached to a person's mention ("X, Russia's foreign minister", "spokesman X")."""
    root = span.root
    roles = [t for t in root.children if t.dep_ in {"appos", "compound", "nmod"} and t.lower_ in _ROLE_NOUNS]
    if root.dep_ == "appos" and root.head.lower_ in _ROLE_NOUNS:
        roles.append(root.head)
    return roles


def _opposition_title(span: Span) -> bool:
    """"Venezuela's opposition leader Guaido": the title sets the person against the country's
    government (guideline 7f), so the country is no side the person speaks for."""
    return any(c.lower_ == "opposition" for t in _titles(span) for c in t.children)


def _own_sides(span: Span, person: Actor) -> set[str]:
    """The organisations and countries ``person`` (mentioned as ``span``) works for: the knowledge
    base's parents up to the first party (a party member against their party is a real conflict),
    and the actors named in a title attached to the mention ("X, a spokesman for the Foreign
    Ministry of Y", "Chinese Foreign Ministry spokesman X", "X, Russia's foreign minister")."""
    kb = shared_knowledge_base()
    own: set[str] = set()
    parent = kb.get(person.parent) if person.parent else None
    while parent is not None and parent.kind in _OWN_SIDE_KINDS and parent.id not in own:
        own.add(parent.id)
        parent = kb.get(parent.parent) if parent.parent else None
    root = span.root
    roles = _titles(span)
    doc = span.doc
    for role in roles:
        inside = {t.i for c in role.children if c.dep_ in _TITLE_DEPS for t in c.subtree}
        if role is root.head:  # "Pakistan's president, Musharraf, who broke with ...": not his clause
            inside -= {t.i for t in root.subtree}
        for other in doc.spans.get(ACTOR_SPANS_KEY, ()):
            if other.root.i in inside and other._.actor is not None:
                own.add(other._.actor.id)
        for i in inside:  # "Chinese Foreign Ministry spokesman": a nationality adjective
            own.update(e.actor_id for e in kb.lookup_entries(doc[i].text) if e.alias_type == "adjective"
                       and doc[i].text[:1].isupper() and kb.get(e.actor_id).kind is ActorKind.COUNTRY)
    return own


def speaks_for(span: Span, actor: Actor, other: Actor) -> bool:
    """Whether the person ``actor`` (mentioned as ``span``) speaks for ``other``: their own
    organisation or country is not a counterpart of theirs.

    Examples
    --------
    >>> from allegiance.relations import build_pipeline
    >>> doc = build_pipeline()("Lavrov, Russia's foreign minister, praised Ukraine.")
    >>> lavrov, russia = list(doc.spans["actors"])[:2]
    >>> speaks_for(lavrov, lavrov._.actor, russia._.actor)
    True
    """
    if actor.kind is not ActorKind.PERSON or other.kind is ActorKind.PERSON or _opposition_title(span):
        return False
    return other.id in _own_sides(span, actor)


#: acts done to a person, never in the person's voice: their own country or party may take them ("Cuba detains
#: Berta Soler", "Russia jails Navalny"), so :func:`own_side_pair` lets the person at the receiving end be a counterpart
ACTS_AGAINST_A_PERSON = frozenset({RelationType.SANCTION, RelationType.ATTACK, RelationType.ACCUSE,
                                   RelationType.THREATEN})


def own_side_pair(source: Span, source_actor: Actor, target: Span, target_actor: Actor,
                  rtype: RelationType, directed: bool) -> bool:
    """Whether a relation ``source`` -> ``target`` of ``rtype`` joins a person and their own side
    (:func:`speaks_for`), or an actor and another mention of a group it is a member of, and so is no relation; a
    person at the receiving end of a directed act against them (:data:`ACTS_AGAINST_A_PERSON`) is their own
    country's counterpart all the same.

    Examples
    --------
    >>> from allegiance.relations import build_pipeline
    >>> doc = build_pipeline()("Cuba detained Berta Soler.")
    >>> cuba, soler = list(doc.spans["actors"])
    >>> own_side_pair(cuba, cuba._.actor, soler, soler._.actor, RelationType.SANCTION, True)
    False
    >>> own_side_pair(cuba, cuba._.actor, soler, soler._.actor, RelationType.PRAISE, True)
    True
    """
    if speaks_for(source, source_actor, target_actor):
        return True
    if source != target and (any(m.id == source_actor.id for m in mention_members(target))
                             or any(m.id == target_actor.id for m in mention_members(source))):
        return True  # "Russia and China hailed their partnership": no stance of Russia toward a group it is in
    return speaks_for(target, target_actor, source_actor) and not (directed and rtype in ACTS_AGAINST_A_PERSON)


def mention_members(span: Span) -> tuple[Actor, ...]:
    """The member actors of a group mention ("they" = Unite and the GMB), if the actor stage set them."""
    if not Span.has_extension("actor_group"):
        return ()
    return tuple(span._.actor_group or ())


def actor_of(span: Span) -> Actor:
    """The actor of a mention (an ad hoc group named by its text when the actor stage set none)."""
    actor = span._.actor
    if actor is None:
        actor = Actor(id=span.text, name=span.text, kind=ActorKind.GROUP)
    return actor


def dedupe_relations(relations: list[Relation]) -> list[Relation]:
    """One relation per (sentence, source, target, sign): keep the most specific, then most confident."""
    best: dict[tuple, Relation] = {}
    order: list[tuple] = []
    for r in relations:
        ends = (r.source.actor.id if r.source.actor else r.source.text,
                r.target.actor.id if r.target.actor else r.target.text)
        if not r.directed:
            ends = tuple(sorted(ends))
        key = (r.evidence.start, ends, int(r.sign))
        if key not in best:
            best[key] = r
            order.append(key)
            continue
        old = best[key]
        if _rank(r) < _rank(old) or (_rank(r) == _rank(old) and r.confidence > old.confidence):
            best[key] = r
    return [best[k] for k in order]


def drop_coordinated_pairs(doc: Doc, relations: list[Relation]) -> list[Relation]:
    """Drop relations between two conjuncts of one coordination that come from a misattached argument.

    "Britain and France declared war on the Ottoman Empire" puts Britain and
    France on the same side. Two coordinated actors keep a relation only when it
    is symmetric ("Britain and France fought") and neither of them has, in the
    same sentence, a relation of the same sign with a third actor outside the
    coordination: "Germany, Italy and Japan signed a pact" keeps its three pairs,
    each of whose other relations is with a fellow conjunct. A one-way act
    between two coordinated subjects ("X and Y shut it out", with "it" resolved
    to X) is never kept.
    """
    def root(mention) -> Token | None:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def coordinated(r: Relation) -> bool:
        a, b = root(r.source), root(r.target)
        return a is not None and b is not None and a != b and b in a.conjuncts

    def actor_key(m) -> str:
        return m.actor.id if m.actor else m.text

    kept = []
    for r in relations:
        if coordinated(r):
            if r.directed:
                continue
            ends = {actor_key(r.source), actor_key(r.target)}
            third_party = any(
                o is not r and o.evidence.start == r.evidence.start and int(o.sign) == int(r.sign)
                and len(ends & {actor_key(o.source), actor_key(o.target)}) == 1 and not coordinated(o)
                for o in relations
            )
            if third_party:
                continue
        kept.append(r)
    return kept


def _rank(r: Relation) -> int:
    try:
        return _TYPE_PRIORITY.index(r.type.value)
    except ValueError:
        return len(_TYPE_PRIORITY)
