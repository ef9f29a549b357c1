"""Implied relations: what an alliance or a positive stance says about a third actor.

* a purpose clause of an alliance ("X allied with Y to counteract Z") puts every member of the
  alliance behind the purpose frame: :func:`inherit_purpose_members`;
* "against" on a positive trigger ("X and Y joined forces against Z") puts every member against
  the target: :func:`against_pairs`.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations import find_relations
>>> from allegiance.relations.testing import annotate
>>> doc = annotate(load_model(), "Britain allied with France to counteract Germany.",
...                ["Britain", "France", "Germany"])
>>> sorted((r.source.text, r.target.text, r.sign.value) for r in find_relations(doc))
[('Britain', 'France', 1), ('Britain', 'Germany', -1), ('France', 'Germany', -1)]
"""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Span

from allegiance.model import RelationType, Sign
from allegiance.relations.arguments import prep_partners
from allegiance.relations.frame import Frame, dedupe_spans
from allegiance.relations.lexicon import TriggerRule
from allegiance.relations.referents import Resolver

__all__ = ["against_pairs", "inherit_purpose_members", "purpose_index"]

_AGAINST = TriggerRule("against", "verb", RelationType.OPPOSE, preps={"against": RelationType.OPPOSE})

#: (source, target, type, directed) of one relation to assemble
Pair = tuple[Span, Span, RelationType, bool]


def purpose_index(frames: Sequence[Frame]) -> dict[int, list[Frame]]:
    """The frames of a sentence by the index of their clause verb and of their trigger."""
    by_clause: dict[int, list[Frame]] = {}
    for f in frames:
        by_clause.setdefault(f.clause.i, []).append(f)
        by_clause.setdefault(f.anchor.i, []).append(f)
    return by_clause


def inherit_purpose_members(frame: Frame, by_clause: dict[int, list[Frame]]) -> None:
    """A purpose clause's frame takes every member of the positive frames of its controlling verb."""
    if frame.purpose_of is None:
        return
    for g in by_clause.get(frame.purpose_of.i, ()):
        if g is frame or g.rule.type.sign is not Sign.POSITIVE:
            continue
        members = list(g.holders) + [s for s, _ in g.partners]
        frame.holders = dedupe_spans(list(frame.holders) + members)
        frame.inherited = True


def against_pairs(res: Resolver, frame: Frame, holders: list[Span]) -> list[Pair]:
    """"against" on a positive trigger: every member against the target."""
    if frame.rule.type.sign is not Sign.POSITIVE or "against" in frame.rule.preps:
        return []
    against = prep_partners(res, [frame.anchor, frame.clause], _AGAINST)
    members = dedupe_spans(holders + [p for p, _ in frame.partners])
    return [(mbr, target, RelationType.OPPOSE, True) for target, _, _ in against for mbr in members]
