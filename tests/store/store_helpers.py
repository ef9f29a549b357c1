"""Small builders shared by the store tests (our own made-up texts)."""

from __future__ import annotations

import random

from allegiance.model import Actor, ActorKind, Document, Evidence, Mention, Relation, RelationType, TimeFrame

RUSSIA = Actor("RUS", "Russia", ActorKind.COUNTRY, aliases=("Moscow", "the Kremlin"))
USA = Actor("USA", "United States", ActorKind.COUNTRY, aliases=("Washington",))
TALIBAN = Actor("TALIBAN", "Taliban", ActorKind.ARMED_GROUP)
UNITE = Actor("UNITE", "Unite", ActorKind.UNION, parent=None)
GMB = Actor("GMB", "GMB", ActorKind.UNION)

_VOCAB = [
    "alliance", "minister", "treaty", "border", "coalition", "talks", "party", "union", "vote",
    "rival", "summit", "sanctions", "troops", "embassy", "leader", "faction", "election",
    "agreement", "ceasefire", "parliament", "council", "delegation", "envoy", "reform",
    "opposition", "government", "capital", "region", "policy", "budget", "strike", "members",
    "conference", "pact", "army", "navy", "trade", "tariff", "campaign", "candidate",
]


def article(seed: int, words: int = 120) -> str:
    """A deterministic pseudo-article of ``words`` words (distinct seeds: unrelated texts)."""
    rng = random.Random(seed)
    body = [rng.choice(_VOCAB) + str(rng.randrange(60)) for _ in range(words)]
    return " ".join(body) + "."


def edited(text: str, changes: int, seed: int = 0) -> str:
    """``text`` with its last ``changes`` words replaced (a near-duplicate edit)."""
    words = text.split()
    for i in range(1, changes + 1):
        words[-i] = f"edited{seed}x{i}"
    return " ".join(words)


def doc(text: str, doc_id: str | None = None, **fields) -> Document:
    """A Document (id = content hash unless given)."""
    if doc_id is not None:
        fields["id"] = doc_id
    return Document.from_text(text, **fields)


def relation(
    doc_id: str,
    source: Actor | None = RUSSIA,
    target: Actor | None = USA,
    rtype: RelationType = RelationType.COOPERATE,
    *,
    offset: int = 0,
    date: str | None = "2010-11-18",
    **fields,
) -> Relation:
    """A relation in ``doc_id`` between two actors, at a given evidence offset."""
    sentence = "Moscow announced a joint narcotics raid with US forces."
    return Relation(
        doc_id=doc_id,
        source=Mention("Moscow", offset + 0, offset + 6, source, doc_id, 0.9),
        target=Mention("US forces", offset + 45, offset + 54, target, doc_id, 0.75),
        type=rtype,
        evidence=Evidence(sentence, offset, offset + len(sentence)),
        date=date,
        time=fields.pop("time", TimeFrame.CURRENT),
        **fields,
    )
