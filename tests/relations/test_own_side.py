"""A person speaking for their own organisation or country is not its counterpart (issue 17)."""

from __future__ import annotations

import pytest

from allegiance.model import Document
from allegiance.relations import build_pipeline, extract_relations


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def pairs(nlp, text):
    [(_, rels)] = list(extract_relations([Document("c", text)], nlp=nlp))
    return {(r.source.actor.id, r.target.actor.id, int(r.sign)) for r in rels}


def test_spokesman_does_not_praise_his_own_country(nlp):
    found = pairs(nlp, "Wang Wenbin, a spokesman for the Foreign Ministry of China, "
                       "praised China for its restraint.")
    assert not {p for p in found if "CHN" in p[:2]}


def test_analyst_does_not_criticise_his_own_think_tank(nlp):
    found = pairs(nlp, "John Harlan, an analyst at the Hoover Institution, criticised the "
                       "Hoover Institution for its silence.")
    assert not found


def test_a_nationality_adjective_in_the_title_names_the_own_country(nlp):
    found = pairs(nlp, "Chinese Foreign Ministry spokesman Wang Wenbin praised China and criticised Japan.")
    assert ("PER:wang_wenbin", "JPN", -1) in found
    assert not {p for p in found if "CHN" in p[:2]}


def test_knowledge_base_parent_country_is_not_a_counterpart(nlp):
    found = pairs(nlp, "Sergei Lavrov praised Russia and criticised Ukraine.")
    assert found == {("PER:sergei_lavrov", "UKR", -1)}


def test_other_countries_and_parties_stay_counterparts(nlp):
    found = pairs(nlp, "Wang Wenbin, a spokesman for the Foreign Ministry of China, criticised Japan.")
    assert ("PER:wang_wenbin", "JPN", -1) in found
    # a party member against their own party is intra-party conflict, not speaking for it
    found = pairs(nlp, "Jeremy Corbyn criticised the Labour Party over the vote.")
    assert ("PER:jeremy_corbyn", "GBR-LAB", -1) in found


def test_the_persons_own_clause_is_not_their_title(nlp):
    found = pairs(nlp, "Pakistan's president, Pervez Musharraf, who broke with the Taliban after "
                       "11 September, has given the coalition the use of Pakistani airspace.")
    assert ("PER:pervez_musharraf", "TALIBAN", -1) in found


def test_a_country_acting_against_its_own_national_is_a_counterpart(nlp):
    # detained, jailed or charged: done to the person, never in their voice
    assert ("CUB", "PER:berta_soler", -1) in pairs(nlp, "Cuba detains Berta Soler.")
    assert ("RUS", "PER:alexei_navalny", -1) in pairs(nlp, "Russia arrests Alexei Navalny.")


def test_only_the_person_at_the_receiving_end_of_an_act_against_them_is_exempt(nlp):
    # praise stays their own side's; the person as the one who acts still speaks for their country
    assert not pairs(nlp, "Russia praised Sergei Lavrov.")
    assert not pairs(nlp, "Sergei Lavrov detained Russia.")


def test_a_member_takes_no_stance_toward_its_own_group(nlp):
    found = pairs(nlp, "Russia and China hailed their partnership.")
    assert ("RUS", "CHN", 1) in found or ("CHN", "RUS", 1) in found
    assert not {p for p in found if p[1].startswith("GRP:") or p[0].startswith("GRP:")}, found


def test_an_outsider_still_takes_a_stance_toward_a_group(nlp):
    found = pairs(nlp, "Russia and China hailed their partnership. The United States criticised the two countries.")
    assert ("USA", "GRP:CHN+RUS", -1) in found, found
    assert not {p for p in found if p[0] in {"RUS", "CHN"} and p[1].startswith("GRP:")}, found
