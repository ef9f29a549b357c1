"""Entities the NER finds that are no names: the rules that keep them from becoming ad-hoc actors.

The small statistical model marks titles ("Cmdr"), ordinary words written with a capital
("Televised debates", "Time is ...", "GET OUT and VOTE"), pieces of longer names ("the
Free" of "the Free Syrian Army", "the Government of") and portfolios ("Energy" of "Energy
Secretary Rick Perry") as entities. A knowledge-base alias is never checked here; these
rules only stop an *unknown* entity from becoming an ad-hoc actor, or trim what is not part
of the name ("Will" of "Will Warren continue ...?", the ranks of "Lt Col Ivan Petrov").

Each rule is a row of :data:`NOT_NAME_RULES`: its name, what it says, and a sentence where
it fires and one where it must not (both are tested).

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = nlp("They met Cmdr Tom Hale.")
>>> not_a_name(doc[2:3])
'rank_or_title_only'
>>> name_part(doc[2:5]).text
'Tom Hale'
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.attrs import ORTH
from spacy.tokens import Span

from allegiance.actors.guards import TITLES

__all__ = ["NOT_NAME_RULES", "NotNameRule", "coined_from", "gerund_before_name", "is_title_word", "name_part",
           "not_a_name"]


class NotNameRule(NamedTuple):
    """One rule: an entity of this shape is no name (or this part of it is none)."""

    name: str
    says: str
    fires: tuple[str, str]  # (sentence, entity text that must not become an actor)
    must_not: tuple[str, str]  # (sentence, entity text that stays an actor)


NOT_NAME_RULES: tuple[NotNameRule, ...] = (
    NotNameRule("rank_or_title_only", "titles and ranks alone name nobody; before a name they are trimmed",
                ("Gen. Ana Ruiz said Cmdr. Tom Hale agreed.", "Cmdr"),
                ("Lawmakers grilled Lt Col Ivan Petrov on Tuesday.", "Ivan Petrov")),
    NotNameRule("common_word_alone",
                "one word, ALL CAPS or first in its sentence, that the tagger reads as a common word",
                ("Televised debates are a new thing in Ruritania.", "Televised"),
                ("The Orangists won the vote in Ruritania.", "Orangists")),
    NotNameRule("common_word_alone", "an ALL-CAPS word the text also writes in lower case is shouted, no acronym",
                ("\"Get out and VOTE on Sunday!\" the senator wrote. Few people vote in May.", "VOTE"),
                ("They joined the Patriotic Front on Sunday.", "the Patriotic Front")),
    NotNameRule("common_word_alone", "a noun first in its sentence that the text also writes in lower case",
                ("Time is short, said Ana Ruiz; there is little time left.", "Time"),
                ("Rendell criticised the Patriotic Front on Sunday.", "Rendell")),
    NotNameRule("rank_or_title_only", "ranks the NER found apart from the name are no first name of it",
                ("Lawmakers grilled Lt Col, and Ivan Petrov, a specialist, spoke.", "Lt Col"),
                ("Lawmakers grilled Lt Col Ivan Petrov, a specialist, on Tuesday.", "Ivan Petrov")),
    NotNameRule("rank_or_title_only", "an acronym in capitals is no abbreviated rank ('ADM' is no 'Adm.')",
                ("Adm. Ana Ruiz said Lt Tom Hale agreed.", "Lt"),
                ("As a result, ADM partnered with Bunge on Monday.", "ADM")),
    NotNameRule("question_auxiliary", "an auxiliary opening a question is no first name",
                ("Will Hale continue to lead the race, or will Ana Ruiz catch up?", "Will Hale"),
                ("Will Hale, the mayor, backed the plan.", "Will Hale")),
    NotNameRule("fragment_of_longer_name",
                "'the' and one word right before another capitalised word, or a name ending in 'of'",
                ("Rebels known as the Free Syrian Army fought the Government of Syria.", "the Free"),
                ("They joined the Patriotic Front, and the Kasimir Group backed it.", "the Kasimir Group")),
    NotNameRule("portfolio_before_title", "a word right before a job title ('Energy Secretary') is a portfolio",
                ("He met Energy Secretary Rick Perry in Ruritania.", "Energy"),
                ("The Ruritanian Union leader Ana Ruiz spoke.", "The Ruritanian Union")),
    NotNameRule("portfolio_after_title", "the portfolio after a job title and 'of' ('Secretary of State') is no name",
                ("Ana Ruiz met Secretary of State Ivan Petrov in Ruritania.", "State"),
                ("Ana Ruiz met the Secretary of the Patriotic Front on Tuesday.", "the Patriotic Front")),
    NotNameRule("portfolio_before_title", "an adviser's portfolio ('National Security Adviser') is no organisation",
                ("Ana Ruiz was told by former National Security Adviser Ivan Petrov to leave.", "National Security"),
                ("Ana Ruiz was told by the Patriotic Front adviser Ivan Petrov to leave.", "Ivan Petrov")),
    NotNameRule("reference_number", "a case or file number ('No. FHC/ABJ/03/095/2018') is no name",
                ("The suit, with Number FHC/ABJ/03/095/2018, was filed by Ana Ruiz.", "Number FHC/ABJ/03/095/2018"),
                ("The suit filed by Ana Ruiz against the Patriotic Front in 2018 failed.", "the Patriotic Front")),
    NotNameRule("gerund_before_name", "a verb in -ing opening a heading before a person named earlier is no first name",
                ("Ivan Petrov spoke first. 4. Questioning Petrov's judgment", "Questioning Petrov"),
                ("Irving Petrov spoke first on Tuesday.", "Irving Petrov")),
    NotNameRule("demonym_before_group", "a demonym alone right before the group it qualifies is part of its name",
                ("It shows the large role African Americans will play in the vote.", "African"),
                ("The Orangists won the vote in Ruritania.", "Orangists")),
    NotNameRule("owned_capitalised_phrase",
                "capitalised words joined by 'and' after 'my'/'your' are a phrase in title case, no name",
                ("“Ana has my Complete and Total Endorsement, and always has,” Ivan Petrov wrote.",
                 "Complete and Total Endorsement"),
                ("Ana Ruiz said the Patriotic Front backed their Kasimir Group and the Ruritanian Union.",
                 "Kasimir Group")),
    NotNameRule("fragment_of_longer_name", "the words after 'Committee on' are the end of the committee's name",
                ("Ivan Petrov tweeted after the House Select Committee on Intelligence concluded its hearing.",
                 "Intelligence"),
                ("The Committee of the Patriotic Front called on Ivan Petrov to resign.", "Ivan Petrov")),
    NotNameRule("word_coined_from_name", "a quoted word made of a surname named earlier and more letters is no name",
                ("Former leader Nick Hale sparked a wave of “Halemania” that helped him win.", "Halemania"),
                ("Former leader Nick Hale sparked a wave of support for the Patriotic Front.", "the Patriotic Front")),
    NotNameRule("force_modifier", "'Riot' of 'Riot police' first in its sentence qualifies a force, it names nobody",
                ("Riot police fired tear gas at protesters in Caracas.", "Riot"),
                ("Riot police fired tear gas at supporters of Ivan Petrov in Caracas.", "Ivan Petrov")),
    NotNameRule("named_law", "an unknown name right before 'amendment', 'act', 'doctrine' ... names a law or a plan",
                ("The Senate voted to repeal the Jackson–Vanik amendment, a trade restriction on Ruritania.",
                 "the Jackson–Vanik"),
                ("Ivan Petrov's amendment was rejected by the Kasimir Group on Tuesday.", "the Kasimir Group")),
    NotNameRule("religion", "a religion's name is a belief, no actor (its churches and councils are actors)",
                ("Protesters rally against Islam and immigration in Ruritania.", "Islam"),
                ("Protesters rally against the Catholic Church and Islam in Ruritania.", "the Catholic Church")),
    NotNameRule("interviewer_label",
                "an interview's '((WN))' label is Wikinews's reporter asking, like a briefing's 'Q'",
                ("((WN)) How rare is it? ((Ana Ruiz)) It is rare, the Patriotic Front says.", "WN"),
                ("((WN)) How rare is it? ((Ana Ruiz)) It is rare, the Patriotic Front says.", "the Patriotic Front")),
    NotNameRule("clause_inside_name", "an entity running on past 'after', 'before', 'while' ... ends before it",
                ("The French Cabinet walks out of the National Assembly after Socialist Party MP Serge Letchimy "
                 "accuses the minister.", "the National Assembly after Socialist Party"),
                ("Ana Ruiz, the leader of the Alliance for Progress, spoke after Ivan Petrov.", "Ivan Petrov")),
)

#: military and civil ranks and titles (besides :data:`allegiance.actors.guards.TITLES`)
RANKS = frozenset(
    """cmdr cdr lt lieut lieutenant maj major capt captain sgt sergeant adm admiral brig brigadier
    cpl corporal gen general col colonel commander marshal""".split()
)
#: job titles after a portfolio ("Energy Secretary", "Advocacy Director")
_JOB_TITLES = frozenset("secretary minister director commissioner chief spokesman spokeswoman adviser advisor".split())
#: the words of a portfolio after "Secretary of" / "Minister of" ("State", "Foreign Affairs", "Home Affairs")
PORTFOLIOS = frozenset("""state defence defense finance health energy labour labor education commerce agriculture
    justice interior war navy treasury transport trade culture environment economy industry foreign home affairs
    and information""".split())
_COMMON_TAGS = re.compile(r"^(?:VB.?|MD|JJ[RS]?|RB[RS]?|IN|DT)$")
_NOUN_TAGS = frozenset({"NN", "NNS"})
_FUNCTION_END = frozenset({"of", "and", "for", "on", "the", "to", "in"})
#: bodies whose name goes on after "on" ("Committee on Intelligence")
_BODY_HEADS = frozenset("committee subcommittee commission council".split())
_NAME_LINKS = frozenset({"on"})


#: common words that qualify a police or military force ("Riot police", "Border guards"), capitalised first in a sentence
FORCE_MODIFIERS = frozenset("riot border security secret traffic federal elite coalition regime paramilitary".split())
#: the forces they qualify
_FORCES = frozenset("police policemen guards troops forces soldiers officers units squads".split())
#: lower-case words after a name that make it the name of a law, a plan or a doctrine ("the Jackson–Vanik amendment")
LAW_NOUNS = frozenset("amendment act acts bill law doctrine plan accord accords treaty pact protocol charter".split())
#: lower-case words that open a clause: an entity running past one ends before it ("the National Assembly after ...")
_CLAUSE_OPENERS = frozenset("after before while when whereas because since until unless although though".split())


#: names of religions (beliefs, not bodies: "the Catholic Church" and "the Islamic Council" are actors)
RELIGIONS = frozenset("""islam christianity judaism buddhism hinduism sikhism catholicism protestantism
    shinto shintoism zoroastrianism jainism taoism confucianism""".split())
#: the labels an interview transcript gives its interviewer, between double brackets ("((WN))" is Wikinews)
INTERVIEWER_LABELS = frozenset({"WN", "Wikinews"})


#: honorifics a transcript writes in capitals ("MR. KIRBY:", "MS. PSAKI:"), never an acronym of an actor
_CAPITAL_HONORIFICS = frozenset({"MR", "MR.", "MRS", "MRS.", "MS", "MS."})


def is_title_word(word: str) -> bool:
    """A title or rank ("Mr", "Lt", "Col.", "Secretary", a transcript's "MR."); any other ALL-CAPS acronym is none.

    Examples
    --------
    >>> is_title_word("Adm."), is_title_word("ADM"), is_title_word("MR")
    (True, False, True)
    """
    if word in _CAPITAL_HONORIFICS:
        return True
    if len(word) > 1 and word.isupper():
        return False  # "ADM" is a company's acronym, "Adm." an admiral
    word = word.lower().rstrip(".")
    return word in TITLES or word in RANKS


def _first_in_sentence(span: Span) -> bool:
    """Nothing but punctuation ("“", "4.") stands before ``span`` in its sentence."""
    doc = span.doc
    start = span.sent.start if doc.has_annotation("SENT_START") else 0
    return all(token.is_punct or token.is_space or token.like_num for token in doc[start:span.start])


def _is_question(span: Span) -> bool:
    sentence = span.sent
    return sentence.text.rstrip().rstrip("\"'”’)").endswith("?")


def name_part(span: Span) -> Span:
    """``span`` without the words that are not part of the name: leading military ranks, an
    auxiliary opening a question ("Will Warren continue ...?"), and a clause the entity runs
    into ("the National Assembly | after Socialist Party MP ...").

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Lt Col Ivan Petrov spoke.")
    >>> name_part(doc[0:4]).text
    'Ivan Petrov'
    """
    start, end = span.start, span.end
    cut = next((t.i for t in span[1:] if t.lower_ in _CLAUSE_OPENERS and t.is_lower), None)
    if cut is not None:  # "the National Assembly after Socialist Party": the clause is no part of the name
        span, end = span.doc[start:cut], cut
    first = span.doc[start]
    if span.end - start > 1 and first.tag_ == "MD" and _first_in_sentence(span) and _is_question(span):
        start += 1  # "Will Warren continue to face the heat?"
    if all(is_title_word(token.text) for token in span):
        return span  # "Lt Col" alone: no name to keep (see not_a_name)
    while start < span.end - 1 and span.doc[start].lower_.rstrip(".") in RANKS and is_title_word(span.doc[start].text):
        start += 1  # "Lt Col Ivan Petrov" (civil titles stay: "Ms Nauert" is how the text names her)
    return span if start == span.start else span.doc[start:end]


def not_a_name(span: Span) -> str | None:
    """The rule of :data:`NOT_NAME_RULES` that says ``span`` is no name, else ``None``.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("They met the Government of Ruritania.")
    >>> not_a_name(doc[2:5])
    'fragment_of_longer_name'
    >>> not_a_name(doc[5:6]) is None
    True
    """
    doc = span.doc
    words = [token.text for token in span]
    if all(is_title_word(word) for word in words):
        return "rank_or_title_only"
    if any("/" in word and any(ch.isdigit() for ch in word) for word in words):
        return "reference_number"
    if words[-1].lower() in _FUNCTION_END:
        return "fragment_of_longer_name"
    if len(span) == 2 and span[0].lower_ == "the" and span.end < len(doc) \
            and doc[span.end].text[:1].isupper() and doc[span.end].is_alpha:
        return "fragment_of_longer_name"  # "the Free | Syrian Army", "the National | Security Council"
    if span.start >= 2 and doc[span.start - 1].lower_ in _NAME_LINKS \
            and doc[span.start - 2].lower_ in _BODY_HEADS and doc[span.start - 2].is_title:
        return "fragment_of_longer_name"  # "House Select Committee on | Intelligence"
    if _is_demonym_before_group(span):
        return "demonym_before_group"
    if _is_owned_capitalised_phrase(span):
        return "owned_capitalised_phrase"
    if span.end + 1 < len(doc) and doc[span.end].lower_ in _JOB_TITLES and doc[span.end].text[:1].isupper():
        return "portfolio_before_title"
    if _is_portfolio_after_title(span):
        return "portfolio_after_title"
    if span.end < len(doc) and doc[span.end].lower_ in LAW_NOUNS and doc[span.end].is_lower:
        return "named_law"
    if (len(span) == 1 and span[0].lower_ in FORCE_MODIFIERS and _first_in_sentence(span) and span.end < len(doc)
            and doc[span.end].lower_ in _FORCES and doc[span.end].is_lower):
        return "force_modifier"
    if len(span) == 1 and span[0].lower_ in RELIGIONS:
        return "religion"
    if _is_interviewer_label(span):
        return "interviewer_label"
    if len(span) == 1 and span[0].is_alpha:
        word = span[0]
        if (word.text.isupper() and len(word) > 1 and _written_in_lower_case(word)) or (
                _first_in_sentence(span) and (_COMMON_TAGS.match(word.tag_ or "")
                                              or (word.tag_ in _NOUN_TAGS and _written_in_lower_case(word)))):
            return "common_word_alone"
    return None


def _is_interviewer_label(span: Span) -> bool:
    """ "((WN))": the interviewer's label between double brackets (the text around the span is "((" and "))")."""
    if span.text not in INTERVIEWER_LABELS:
        return False  # before reading the document's text: Doc.text joins every token anew
    text = span.doc.text
    return text[max(0, span.start_char - 2):span.start_char] == "((" and text[span.end_char:span.end_char + 2] == "))"


def _is_portfolio_after_title(span: Span) -> bool:
    """Portfolio words right after a capitalised job title and "of" ("Secretary of | State", "Minister of |
    Foreign Affairs"); a name there ("Secretary of the Patriotic Front") is no portfolio."""
    doc = span.doc
    return (span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in _JOB_TITLES
            and doc[span.start - 2].text[:1].isupper() and all(t.lower_ in PORTFOLIOS for t in span))


def _is_demonym_before_group(span: Span) -> bool:
    """One singular NORP word right before another NORP entity ("African | Americans")."""
    doc = span.doc
    return (len(span) == 1 and span[0].ent_type_ == "NORP" and not span[0].lower_.endswith("s")
            and span.end < len(doc) and doc[span.end].ent_type_ == "NORP" and doc[span.end].is_title)


def _is_owned_capitalised_phrase(span: Span) -> bool:
    """Capitalised words joined by "and" after a possessive ("my Complete and Total Endorsement")."""
    doc = span.doc
    start = span.start
    while start > 0 and (doc[start - 1].lower_ == "and" or (doc[start - 1].is_alpha and doc[start - 1].is_title)):
        start -= 1
    phrase = doc[start:span.end]
    return (start > 0 and doc[start - 1].tag_ == "PRP$" and len(phrase) > 2
            and any(token.lower_ == "and" for token in phrase[1:-1])
            and all(token.is_title or token.lower_ == "and" for token in phrase))


def gerund_before_name(span: Span) -> Span | None:
    """The rest of ``span`` when its first word is a verb in -ing opening the sentence
    ("Questioning Petrov's judgment"), else ``None``; the caller keeps the rest only when
    it names someone named earlier ("Irving Petrov" stays whole).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Questioning Petrov's judgment")
    >>> gerund_before_name(doc[0:2]).text
    'Petrov'
    """
    first = span[0]
    if len(span) > 1 and first.is_alpha and first.lower_.endswith("ing") and len(first) > 5 \
            and _first_in_sentence(span):
        return span[1:]
    return None


def coined_from(span: Span, surnames) -> bool:
    """A one-word quoted entity made of a known surname and more letters ("Halemania").

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("a wave of “Halemania” then")
    >>> coined_from(doc[4:5], {"hale"})
    True
    """
    doc = span.doc
    if len(span) != 1 or not span[0].is_alpha or span.start == 0 or not doc[span.start - 1].is_quote:
        return False
    word = span[0].lower_
    return any(" " not in surname and word.startswith(surname) and len(word) >= len(surname) + 3
               for surname in surnames)


def _written_in_lower_case(token) -> bool:
    """The document also writes this word in lower case ("VOTE" ... "vote"): an ordinary word."""
    counts = token.doc.count_by(ORTH)  # counted in C: iterating the tokens in Python costs seconds per corpus
    return counts.get(token.vocab.strings[token.lower_], 0) > (token.text == token.lower_)
