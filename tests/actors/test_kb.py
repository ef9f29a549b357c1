"""The knowledge base: built-in content, user files merged over it, clear errors."""

from __future__ import annotations

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.actors.kb import adhoc_actor_id, load_knowledge_base, normalise_alias, slugify
from allegiance.errors import ActorFileError
from allegiance.model import ActorKind


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def test_every_current_state_is_there_with_its_iso_code(kb):
    for country in pycountry.countries:
        actor = kb.get(country.alpha_3)
        assert actor is not None and actor.kind is ActorKind.COUNTRY


@pytest.mark.parametrize(
    ("actor_id", "name"),
    [("USA", "United States"), ("GBR", "United Kingdom"), ("RUS", "Russia"), ("SUN", "Soviet Union"),
     ("IRN", "Iran"), ("KOR", "South Korea"), ("PRK", "North Korea"), ("SYR", "Syria"),
     ("ZAR", "Zaire"), ("YUG", "Yugoslavia"), ("DDR", "East Germany"), ("FRG", "West Germany"),
     ("CSK", "Czechoslovakia"), ("OTT", "Ottoman Empire")],
)
def test_canonical_short_names(kb, actor_id, name):
    assert kb.get(actor_id).name == name


@pytest.mark.parametrize(
    ("alias", "actor_id"),
    [("Moscow", "RUS"), ("the Kremlin", "RUS"), ("Washington", "USA"), ("the White House", "USA"),
     ("Downing Street", "GBR"), ("Beijing", "CHN"), ("the Germans", "DEU"), ("Russians", "RUS"),
     ("USSR", "SUN"), ("NATO", "NATO"), ("the Security Council", "UNSC"), ("Ukip", "GBR-UKIP"),
     ("the GMB", "GBR-GMB"), ("Taleban", "TALIBAN")],
)
def test_alias_lookup(kb, alias, actor_id):
    assert actor_id in [a.id for a in kb.lookup(alias)]


def test_factions_link_to_their_party(kb):
    for faction in ("GBR-LAB-CORBYNITES", "GBR-LAB-CORBYNSCEPTICS", "GBR-LAB-BLAIRITES", "GBR-LAB-LEFT",
                    "GBR-LAB-MOMENTUM", "GBR-LAB-LOTO", "GBR-LAB-NEC", "GBR-LAB-PLP", "GBR-LAB-BAME"):
        assert kb.get(faction).kind is ActorKind.FACTION
        assert kb.party_of(faction) == "GBR-LAB"
    assert kb.party_of("GBR-CON-ERG") == "GBR-CON"
    assert kb.party_of("USA-REP-FREEDOM") == "USA-REP"


def test_people_link_to_party_or_state(kb):
    assert kb.get("PER:jeremy_corbyn").parent == "GBR-LAB"
    assert kb.get("PER:mikhail_gorbachev").parent == "SUN"
    assert kb.country_of("PER:jeremy_corbyn") == "GBR"


def test_every_parent_exists(kb):
    for actor in kb:
        assert actor.parent is None or actor.parent in kb, actor


def test_opponents_and_supporters(kb):
    assert kb.opponents_of("PER:jeremy_corbyn").id == "GBR-LAB-CORBYNSCEPTICS"
    assert kb.supporters_of("PER:jeremy_corbyn").id == "GBR-LAB-CORBYNITES"


def test_labour_and_labor_are_different(kb):
    assert [a.id for a in kb.lookup("Labour")] == ["GBR-LAB"]
    assert [a.id for a in kb.lookup("Labor")] == ["AUS-ALP"]


def test_user_file_merges_over_builtin(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "actors:\n"
        "  - id: XYZ-PARTY\n    name: Zorbian Freedom Party\n    kind: party\n    aliases: [ZFP]\n"
        "  - id: RUS\n    name: Russian Federation\n    kind: country\n    aliases: [Moscow]\n",
        encoding="utf-8",
    )
    kb = load_knowledge_base([path])
    assert kb.lookup("ZFP")[0].id == "XYZ-PARTY"
    assert kb.get("RUS").name == "Russian Federation"
    assert kb.lookup("the Kremlin") == []  # the user entry replaced the built-in one


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("actors:\n  - id: A\n    name: [unclosed\n", 4, "not valid YAML"),
        ("actors:\n  - id: A\n    name: A\n  - name: B\n    kind: party\n", 4, "missing 'id'"),
        ("actors:\n  - id: A\n    name: A\n    kind: planet\n", 2, "unknown kind"),
        ("actors:\n  - id: A\n    name: A\n    colour: red\n", 2, "unknown field"),
        ("actors:\n  - id: A\n    name: A\n    aliases: [1, 2]\n", 2, "list of strings"),
        ("actors:\n  - id: A\n    name: A\n    valid_from: yesterday\n", 2, "ISO date"),
        ("actors:\n  - id: A\n    name: A\n    dated_forms: [Korea]\n", 2, "'dated_forms' must map 'forms'"),
        ("actors:\n  - id: A\n    name: A\n    dated_forms: {forms: [Korea], valid_to: soon}\n", 2, "ISO date"),
        ("just a string\n", 1, "expected a list"),
    ],
)
def test_malformed_user_file_names_the_line(tmp_path, content, line, words):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ActorFileError) as info:
        load_knowledge_base([path])
    assert f"bad.yaml:{line}" in str(info.value)
    assert words in str(info.value)


def test_missing_user_file(tmp_path):
    with pytest.raises(ActorFileError, match="cannot read"):
        load_knowledge_base([tmp_path / "absent.yaml"])


@given(st.text(min_size=1, max_size=40))
@settings(max_examples=200)
def test_adhoc_ids_are_stable_ascii(name):
    ident = adhoc_actor_id(name, "PERSON")
    assert ident == adhoc_actor_id(name, "PERSON")
    assert ident.startswith("PER:") and ident.isascii()
    assert " " not in ident


@given(st.text(min_size=1, max_size=40))
@settings(max_examples=200)
def test_normalise_alias_is_canonical(text):
    out = normalise_alias(text)
    assert out == out.strip() and "  " not in out and "\u2019" not in out
    assert out == out.casefold()
    if text.isascii():
        assert normalise_alias(text.upper()) == normalise_alias(text.lower())


def test_slug_examples():
    assert slugify("Jim McMahon") == "jim_mcmahon"
    assert slugify("the Labour Party’s") == "labour_party"


def test_builtin_ids_are_unique_and_never_shadow_a_state():
    import yaml
    from importlib import resources

    data_dir = resources.files("allegiance.actors") / "data"
    iso = {c.alpha_3 for c in pycountry.countries}
    seen: dict[str, str] = {}
    for name in ("countries.yaml", "organisations.yaml", "parties.yaml", "people.yaml", "places.yaml"):
        data = yaml.safe_load((data_dir / name).read_text(encoding="utf-8")) or {}
        entries = data.get("actors", []) + data.get("historical", [])
        for entry in entries:
            assert entry["id"] not in seen, f"{entry['id']} in {name} and {seen.get(entry['id'])}"
            seen[entry["id"]] = name
            if entry.get("kind") != "country":
                assert entry["id"] not in iso, f"{entry['id']} ({name}) is an ISO country code"


def test_one_actor_id_defined_twice_in_the_built_in_files_is_refused(monkeypatch):
    from allegiance.actors import kb_files
    from allegiance.errors import ActorFileError

    monkeypatch.setattr(kb_files, "_BUILTIN_FILES", ("organisations.yaml", "organisations.yaml"))
    with pytest.raises(ActorFileError, match="defined twice"):
        kb_files.builtin_records()

