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
