"""The reference input must come out right (needs ../shared)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def seed_doc(actor_nlp, seed_path):
    return actor_nlp(seed_path.read_text(encoding="utf-8"))


def _by_actor(doc):
    table: dict[str, set[str]] = {}
    for span in doc.spans["actors"]:
        table.setdefault(span._.actor.id, set()).add(span.text)
    return table


@pytest.mark.parametrize(
    ("actor_id", "kind", "surfaces"),
    [
        ("RUS", "country", {"Russia", "Russians", "Moscow"}),
        ("USA", "country", {"the US", "the United States", "Americans", "US forces"}),
        ("GBR", "country", {"Britain"}),
        ("FRA", "country", {"France"}),
        ("DEU", "country", {"Germans"}),
        ("SUN", "country", {"Soviet Union"}),
        ("NATO", "igo", {"Nato"}),
        ("TALIBAN", "armed_group", {"the Taliban"}),
        ("AFG-MUJAHEDIN", "armed_group", {"the Afghan mujahedin"}),
        ("ZAR", "country", {"Zaire"}),
        ("PER:mobutu_sese_seko", "person", {"Mobutu"}),
        ("GBR-LAB", "party", {"Labour"}),
        ("GBR-LAB-CORBYNITES", "faction", {"Corbynites"}),
        ("GBR-LAB-CORBYNSCEPTICS", "faction", {"Corbynsceptics", "Corbyn's opponents"}),
        ("GBR-LAB-LEFT", "faction", {"the Labour left"}),
        ("GBR-LAB-LOTO", "faction", {"the leader’s office"}),
        ("GBR-LAB-BAME", "faction", {"the party’s BAME leadership"}),
        ("GBR-LAB-NEC", "faction", {"NEC"}),
        ("GBR-UNITE", "union", {"Unite"}),
        ("GBR-GMB", "union", {"the GMB"}),
        ("GBR-UKIP", "party", {"Ukip"}),
        ("PER:jeremy_corbyn", "person", {"Jeremy Corbyn", "Corbyn"}),
        ("PER:afzhal_khan", "person", {"Afzhal Khan", "Khan"}),
        ("PER:mikhail_gorbachev", "person", {"Mikhail Gorbachev"}),
        ("PER:winston_churchill", "person", {"Winston Churchill"}),
        ("PER:joseph_stalin", "person", {"Stalin"}),
        ("PER:adolf_hitler", "person", {"Hitler"}),
        ("PER:jim_mcmahon", "person", {"Jim McMahon", "McMahon"}),
    ],
)
def test_seed_actor_resolved(seed_doc, actor_id, kind, surfaces):
    table = _by_actor(seed_doc)
    assert actor_id in table, f"{actor_id} not found"
    assert surfaces <= table[actor_id]
    kinds = {s._.actor.kind.value for s in seed_doc.spans["actors"] if s._.actor.id == actor_id}
    assert kinds == {kind}


def test_seed_no_wrong_merges(seed_doc):
    table = _by_actor(seed_doc)
    # each surface form resolves to exactly one actor
    owners: dict[str, set[str]] = {}
    for actor_id, surfaces in table.items():
        for text in surfaces:
            owners.setdefault(text, set()).add(actor_id)
    ambiguous = {t: ids for t, ids in owners.items() if len(ids) > 1 and t.lower() not in
                 {"they", "their", "them", "the party"}}
    assert ambiguous == {}
    assert "Khan" not in table.get("PER:rosena_allin_khan", set())


def test_seed_noise_is_not_an_actor(seed_doc):
    texts = {s.text for s in seed_doc.spans["actors"]}
    for noise in ("Getty", "Last Friday", "21 per cent", "the First World War", "Chinese", "Manchester Gorton"):
        assert noise not in texts


def test_seed_spans_are_ordered_and_disjoint(seed_doc):
    spans = list(seed_doc.spans["actors"])
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start


def test_seed_both_countries_is_russia_and_us(seed_doc):
    spans = [s for s in seed_doc.spans["actors"] if s.text == "both countries"]
    assert spans and {a.id for a in spans[0]._.actor_group} == {"RUS", "USA"}


def test_seed_they_after_unite_and_gmb_is_the_pair(seed_doc):
    groups = [s._.actor_group for s in seed_doc.spans["actors"] if s._.actor_group]
    assert any({a.id for a in g} == {"GBR-UNITE", "GBR-GMB"} for g in groups)
