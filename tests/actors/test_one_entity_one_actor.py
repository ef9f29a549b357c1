"""One entity, one actor (unseen news, issue 17): a surname, a first name shared by two people,
a common noun of another time and a different person's surname do not make second actors.
All sentences written by us."""

from __future__ import annotations

import pytest


def _actors(nlp, text: str, date: str | None = None) -> list[tuple[str, str]]:
    doc = nlp.make_doc(text)
    doc._.doc_date = date
    doc = nlp(doc)
    return [(span.text, span._.actor.id) for span in doc.spans["actors"]]


@pytest.mark.parametrize(("date", "expected"), [("2021-03-04", False), ("1986-05-01", True), (None, True)])
def test_a_common_noun_of_another_time_is_not_that_actor(actor_nlp, date, expected):
    found = _actors(actor_nlp, "Rebel spokesmen said the mujahideen would fight on in the hills.", date)
    assert (any(actor == "AFG-MUJAHEDIN" for _, actor in found)) is expected, found


def test_a_proper_name_of_another_time_keeps_its_actor(actor_nlp):
    found = _actors(actor_nlp, "The Soviet Union invaded Afghanistan in 1979.", "2021-03-04")
    assert ("Soviet Union", "SUN") in found


def test_a_first_name_coordinated_with_a_full_name_shares_its_surname(resolve):
    found = resolve("Critics attacked Joe and Hunter Biden over the deal. Joe Biden spoke in Iowa.")
    assert ("Joe", "PER:joe_biden") in found and ("Hunter Biden", "PER:hunter_biden") in found
    assert all(actor != "PER:joe" for _, actor in found)


def test_a_different_first_name_is_not_the_known_person_of_that_surname(resolve):
    found = resolve("The office of Public Ombudsman Nadia Cruz criticised the police.")
    assert ("Nadia Cruz", "PER:nadia_cruz") in found and all(a != "PER:ted_cruz" for _, a in found)
    known = resolve("Senator Ted Cruz spoke. Later Cruz attacked the plan. Republican Cruz won.")
    assert [a for s, a in known if s == "Cruz"] == ["PER:ted_cruz", "PER:ted_cruz"]


def test_one_unknown_name_is_one_actor_in_a_document(resolve):
    """Guesses of the NER differ per sentence (person, organisation); the document reads the name one way."""
    found = resolve("The clip showed Ana Ruiz failing to answer a question about Dexit, when, in fact, she "
                    "answered. Ruiz and Hale attacked each other's policies on Dexit, health care and the economy.")
    named = {actor for surface, actor in found if surface == "Dexit"}
    assert len(named) == 1, found


def test_pronouns_do_not_keep_an_actor_named_out_of_its_time(actor_nlp):
    text = "Rebel spokesmen said the mujahideen would fight on. Their leaders said the group would win."
    assert all(actor != "AFG-MUJAHEDIN" for _, actor in _actors(actor_nlp, text, "2021-03-04"))


@pytest.mark.parametrize("text", [
    "“Governor @AnaHale has done a great job!” Ivan Petrov wrote. “Ana has my full support.” Ana Hale won.",
    "“Governor @AnaHale has done a great job!” Ivan Petrov wrote before the vote. “Vote for Ana!” Ana Hale won.",
])
def test_a_handle_is_the_person_it_names_not_a_first_name(resolve, text):
    found = resolve(text)
    ids = {actor for _, actor in found}
    assert "PER:ana" not in ids and "PER:ana_hale" in ids, found
    assert ("@AnaHale", "PER:ana_hale") in found, found


def test_a_first_name_after_two_readings_of_one_person_is_that_person(resolve):
    """Two mentions resolved to equal actors (not one object) still share one first name."""
    found = resolve("“Governor @TomHale has done a wonderful job for the people of Ruritania!” Petrov tweeted on "
                    "Monday. “Tom has my full support, and always has. Vote for your Governor, @TomHale!” Tom Hale won.")
    assert ("Tom", "PER:tom_hale") in found and all(actor != "PER:tom" for _, actor in found), found


@pytest.mark.parametrize(("text", "date", "expected"), [
    ("Roosevelt sent the fleet to Panama.", "1904-05-01", ("Roosevelt", "PER:theodore_roosevelt")),
    ("Roosevelt sent the fleet to Panama.", "1940-05-01", ("Roosevelt", "PER:franklin_d_roosevelt")),
    ("Carter met Brezhnev in Vienna.", "1979-06-15", ("Carter", "PER:jimmy_carter")),
    ("George Bush met Gorbachev in Malta.", "1989-12-02", ("George Bush", "PER:george_h_w_bush")),
    ("President Polk asked Congress to declare war on Mexico.", "1846-05-11", ("Polk", "PER:james_k_polk")),
    ("The President asked Congress to declare war on Mexico.", "1846-05-11", ("The President", "PER:james_k_polk")),
    ("Harrison signed the treaty with Britain.", "1891-05-01", ("Harrison", "PER:benjamin_harrison")),
])
def test_a_surname_in_a_dated_text_is_whoever_of_that_name_held_office(actor_nlp, text, date, expected):
    assert expected in _actors(actor_nlp, text, date)


@pytest.mark.parametrize(("text", "date", "unexpected"), [
    ("Rosalynn Carter visited Peru. Carter praised its government.", "1979-06-15", "PER:jimmy_carter"),
    ("Roosevelt sent the fleet to Panama.", None, "PER:theodore_roosevelt"),  # no date, no reading by date
])
def test_a_surname_keeps_its_person_when_the_text_names_someone_else(actor_nlp, text, date, unexpected):
    assert all(actor != unexpected for _, actor in _actors(actor_nlp, text, date))


@pytest.mark.parametrize(("text", "date", "expected"), [
    ("Congress declared independence from Great Britain.", "1776-07-04", ("Congress", "USA-CONTINENTAL-CONGRESS")),
    ("Congress declared war on Germany.", "1917-04-06", ("Congress", "USA-CONGRESS")),
    ("Japan defeated China at sea.", "1895-03-01", ("China", "QING")),
    ("Russia and Japan went to war.", "1904-02-08", ("Russia", "RUE")),
    # an essay dated to a year: an actor that existed during that year (from 20 January 1977)
    ("The administration of President Jimmy Carter normalized relations with China.", "1977",
     ("administration of President Jimmy Carter", "USA-ADMIN-CARTER")),
    ("Webster signed the treaty with Britain.", "1842-08-09", ("Webster", "PER:daniel_webster_secretary_of_state")),
    # after their time the covering actors give way: the republic, the 2011 congressman
    ("Japan invaded China.", "1937-07-07", ("China", "CHN")),
    ("Russia annexed Crimea.", "2014-03-18", ("Russia", "RUS")),
    ("Daniel Webster voted against the bill.", "2015-05-01", ("Daniel Webster", "PER:daniel_webster")),
])
def test_a_name_in_a_dated_text_is_the_actor_of_its_time(actor_nlp, text, date, expected):
    assert expected in _actors(actor_nlp, text, date)


def test_the_mentions_resolved_to_a_surname_follow_it_to_the_office_holder(actor_nlp):
    found = _actors(actor_nlp, "Kennedy summoned his closest advisers. Kennedy chose a blockade.", "1962-10-20")
    assert {actor for text, actor in found if text in ("Kennedy", "his")} == {"PER:john_f_kennedy"}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("The United States protested the President's immigration reforms.", ("the President", "PER:donald_trump")),
    ("The United States protested the President of Mexico's reforms.", None),  # "the President of X": named there
])
def test_the_president_before_a_possessive_is_the_office_holder(actor_nlp, text, expected):
    found = _actors(actor_nlp, text, "2017-02-13")
    if expected is None:
        assert all(actor != "PER:donald_trump" for _, actor in found), found
    else:
        assert expected in found, found
