"""Document-level evidence for actor resolution: what a whole article says about its names.

A name on its own can be ambiguous; the document around it often is not. This module holds
the small, separately tested functions the resolver uses for that:

- :func:`country_context`: the countries a document is about (most-mentioned countries,
  places and nationality adjectives), which picks the national "Republicans" or "Labour";
- :func:`defined_abbreviations`: "the Social Democratic Front (SDF)" defines "SDF" for the
  rest of that document;
- :func:`short_forms`: "the League of Nations" makes a later "the League" that league;
- :func:`listed_as_alliance_members`: "an alliance of Zelena Stranka and Nova Levica" names
  parties, not persons;
- :func:`one_reading_per_document`: one mention string resolves one way in a document;
- :func:`speaker_labels`: the labels that open a transcript's turns ("MR. SULLIVAN:") and the names in them.

Examples
--------
>>> from collections import Counter
>>> country_context(Counter({"FRA": 4, "USA": 1}))
('FRA',)
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from spacy.tokens import Doc, Span

from allegiance.actors.not_names import is_title_word
from allegiance.model import Actor, ActorKind

__all__ = [
    "country_context",
    "country_votes",
    "is_shared_party_name",
    "acts_on",
    "defined_abbreviations",
    "short_forms",
    "listed_as_alliance_members",
    "one_reading_per_document",
    "SPEAKER_LABEL",
    "OFFICIAL_LABEL",
    "speaker_labels",
]

#: nouns after which "of X and Y" lists member parties ("an alliance of X and Y")
_ALLIANCE_NOUNS = frozenset(
    "alliance coalition bloc front union list ticket platform pact federation grouping".split()
)
#: nouns right before a list of member parties ("its member parties X and Y", "partners X and Y")
_MEMBER_NOUNS = frozenset("parties members partners allies".split())
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z0-9&./-]{0,9}")
#: a speaker label opening a paragraph of a transcript: "MS. PSAKI:", "SECRETARY BLINKEN:", "Q:"
SPEAKER_LABEL = re.compile(r"(?:(?<=\n\n)|^)([A-Z][A-Z.'’\- ]{0,40}):[ \t]")
#: a speaker label naming an unnamed official of the administration: "SENIOR ADMINISTRATION OFFICIAL"
OFFICIAL_LABEL = re.compile(r"\b(?:ADMINISTRATION|WHITE HOUSE) OFFICIALS?\b")


def country_votes(doc: Doc, kb, places: Iterable[tuple[Span, Actor]] = ()) -> Counter:
    """How often each country is named in ``doc``: its resolved actors (countries, their
    metonyms, parties and bodies with a country), plus nationality adjectives and demonyms
    of the knowledge base ("French voters", "the Italians") that the resolver did not keep.

    Parameters
    ----------
    doc : Doc
        A parsed document.
    kb : KnowledgeBase
        Gives each actor's country and the adjectives of each country.
    places : iterable of (Span, Actor)
        The document's resolved mentions (ambiguous context-dependent names do not vote).

    Returns
    -------
    collections.Counter
        Country id -> number of mentions.

    Examples
    --------
    >>> import spacy
    >>> from allegiance.actors.kb import load_knowledge_base
    >>> doc = spacy.blank("en")("French voters and Italian voters; the French left.")
    >>> sorted(country_votes(doc, load_knowledge_base()).items())
    [('FRA', 2), ('ITA', 1)]
    """
    votes: Counter = Counter()
    covered = set()
    for span, actor in places:
        covered.update(range(span.start, span.end))
        if kb.in_country_context(span.text, "*") is not None or (
                is_shared_party_name(span.text) and kb.party_of(actor.id) is not None):
            continue  # "Republicans" itself must not decide which Republicans
        country = kb.country_of(actor.id) if actor.id in kb else None
        if country:
            votes[country] += 1
    for tok in doc:
        if tok.i in covered or not tok.text[:1].isupper():
            continue
        for entry in kb.lookup_entries(tok.text):
            if entry.alias_type in {"adjective", "demonym"}:
                actor = kb.get(entry.actor_id)
                if actor is not None and actor.kind is ActorKind.COUNTRY:
                    votes[actor.id] += 1
                    break
    return votes


#: first words of party names that parties of many countries share
_SHARED_PARTY_WORDS = frozenset(
    """republican republicans democrat democrats democratic labour labor green greens conservative
    conservatives liberal liberals socialist socialists social christian tory tories""".split()
)


def acts_on(span: Span, other: Span) -> bool:
    """Whether ``other`` is what ``span`` acts on in its clause: ``span`` the subject of a verb and ``other``
    that verb's object or the object of its preposition ("Labour criticised Israel", "Labour called on
    Israel"). Such a country is the other side of a stance, not the story's setting, so it does not make an
    ambiguous party name that country's party.

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> doc = load_model()("Labour criticised Israel. Labour won in Israel.")
    >>> acts_on(doc[0:1], doc[2:3]), acts_on(doc[4:5], doc[7:8])
    (True, False)
    """
    subject = span.root
    if subject.dep_ not in ("nsubj", "nsubjpass") or not span.doc.has_annotation("DEP"):
        return False
    verb, target = subject.head, other.root
    if target.head == verb and target.dep_ in ("dobj", "dative", "obj"):
        return True
    return target.dep_ == "pobj" and target.head.head == verb and target.head.lower_ not in _SETTING_PREPOSITIONS


#: prepositions whose object is where something happens, not whom it is aimed at
_SETTING_PREPOSITIONS = frozenset({"in", "at", "inside", "within", "across", "throughout", "from"})


def is_shared_party_name(text: str) -> bool:
    """Whether a party mention starts with a word many countries' parties share.

    Examples
    --------
    >>> is_shared_party_name("the Republicans"), is_shared_party_name("Republican forces")
    (True, True)
    >>> is_shared_party_name("the GOP")
    False
    """
    words = text.casefold().removeprefix("the ").split()
    return bool(words) and words[0] in _SHARED_PARTY_WORDS


def country_context(votes: Counter) -> tuple[str, ...]:
    """The countries a document is about: those named most often, ties kept, most first.

    A country named once in a document that names others more often is not context; a
    document naming no country has none.

    Examples
    --------
    >>> from collections import Counter
    >>> country_context(Counter({"ITA": 3, "FRA": 3, "USA": 1}))
    ('FRA', 'ITA')
    >>> country_context(Counter())
    ()
    """
    if not votes:
        return ()
    top = max(votes.values())
    return tuple(sorted(c for c, n in votes.items() if n == top))


def defined_abbreviations(doc: Doc, mentions: list) -> dict[str, Actor]:
    """Abbreviations the document defines: a mention directly followed by "(ABBR" (closed or
    not) makes ABBR stand for that mention's actor in the whole document.

    Parameters
    ----------
    doc : Doc
    mentions : list
        The resolver's tuples ``(span, actor, confidence, members, rule)``.

    Returns
    -------
    dict
        Abbreviation text -> actor.

    Examples
    --------
    >>> import spacy
    >>> from allegiance.model import Actor, ActorKind
    >>> doc = spacy.blank("en")("The Social Democratic Front (SDF) won.")
    >>> front = Actor("ORG:social_democratic_front", "Social Democratic Front", ActorKind.ORGANISATION)
    >>> defined_abbreviations(doc, [(doc[0:4], front, 0.6, None, "")])["SDF"].id
    'ORG:social_democratic_front'
    """
    out: dict[str, Actor] = {}
    for span, actor, _, members, _ in mentions:
        end = span.end
        if members is not None or actor.kind is ActorKind.PERSON or end + 1 >= len(doc):
            continue
        if doc[end].text != "(" or not _ABBREVIATION.fullmatch(doc[end + 1].text):
            continue
        abbreviation = doc[end + 1].text
        if sum(ch.isupper() for ch in abbreviation) < 2 or len(span) < 2:
            continue  # "Labour (UK)" is not an abbreviation: it needs two capitals and a long name
        if not _abbreviates(abbreviation, span.text):
            continue  # "Buenos Aires (AP)": an agency credit, not the city's abbreviation
        out.setdefault(abbreviation, actor)
    return out


#: kinds of actor whose name's head word a document may use alone for it ("the League", "the Pact")
_SHORT_FORM_KINDS = frozenset({ActorKind.IGO, ActorKind.PARTY, ActorKind.UNION, ActorKind.ARMED_GROUP,
                               ActorKind.MOVEMENT, ActorKind.ORGANISATION, ActorKind.GOVERNMENT})


def short_forms(doc: Doc, mentions: list) -> dict[str, tuple[int, Actor]]:
    """Head words the document may use alone for an organisation it has named in full: the word before
    "of" ("League of Nations" -> "League"), else the last word ("Warsaw Pact" -> "Pact"), capitalised.
    A head two named organisations share ("the Union" after the European Union and the African Union) is
    left out.

    Parameters
    ----------
    doc : Doc
    mentions : list
        The resolver's tuples ``(span, actor, confidence, members, rule)``, sorted by start.

    Returns
    -------
    dict
        Head word -> (token index where the full name ends, actor): a short form counts only after it.

    Examples
    --------
    >>> import spacy
    >>> from allegiance.model import Actor, ActorKind
    >>> doc = spacy.blank("en")("The League of Nations met. Germany left the League.")
    >>> league = Actor("LEAGUE-OF-NATIONS", "League of Nations", ActorKind.IGO)
    >>> short_forms(doc, [(doc[1:4], league, 1.0, None, "")])["League"][1].id
    'LEAGUE-OF-NATIONS'
    """
    out: dict[str, tuple[int, Actor]] = {}
    shared: set[str] = set()
    for span, actor, _, members, _ in mentions:
        if members is not None or actor.kind not in _SHORT_FORM_KINDS or len(span) < 2:
            continue
        words = [t.text for t in span if t.lower_ not in {"the", "'s", "’s"}]
        if len(words) < 2:
            continue
        head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
        if not (head.isalpha() and head[0].isupper() and not head.isupper()):
            continue  # "NATO", "the EU": an abbreviation is a name of its own
        if head in out and out[head][1].id != actor.id:
            shared.add(head)
        out.setdefault(head, (span.end, actor))
    return {head: found for head, found in out.items() if head not in shared}


def _abbreviates(abbreviation: str, name: str) -> bool:
    """Whether every capital of ``abbreviation`` is a capital of ``name``, in any order
    ("NFP" for "New Popular Front", "PTI" for "Pakistan Tehreek-e-Insaf").

    Examples
    --------
    >>> _abbreviates("NFP", "New Popular Front"), _abbreviates("AP", "Buenos Aires")
    (True, False)
    """
    capitals = {ch for ch in name if ch.isupper()}
    return all(ch in capitals for ch in abbreviation if ch.isupper())


def listed_as_alliance_members(span: Span) -> bool:
    """Whether ``span`` stands in a list of an alliance's members: "an alliance of X and Y",
    "its member parties X and Y", "the coalition partners X, Y and Z".

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("an electoral alliance of Zelena Stranka and Nova Levica won")
    >>> listed_as_alliance_members(doc[7:9]), listed_as_alliance_members(doc[4:6])
    (True, True)
    >>> doc = spacy.blank("en")("a speech by Nova Levica")
    >>> listed_as_alliance_members(doc[3:5])
    False
    """
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].text in {",", "and", "&"} or doc[i].text[:1].isupper()):
        i -= 1  # back over the other members of the list ("X, Y and")
    if i < 0:
        return False
    word = doc[i].lower_
    if word in _MEMBER_NOUNS:
        return True
    return word == "of" and i > 0 and doc[i - 1].lower_ in _ALLIANCE_NOUNS


def _one_guess_per_name(mentions: list, best: dict[str, tuple], is_weak) -> list:
    """A name only guessed (no reading is strong) gets its commonest guess everywhere, first on ties;
    a guess it loses everywhere is replaced in every mention, pronouns included ("Brexit" read as a
    place and a person, and "he" after the person, become one actor). A full name guessed as a
    person keeps that guess ("Tulsi Gabbard" is no organisation, "the Crow Tribe" no person: the
    NER's guesses do not say which)."""
    guesses: dict[str, dict[str, tuple]] = {}
    counts: dict[tuple[str, str], int] = {}
    for mention in mentions:
        span, actor, _, members, _ = mention
        key = span.text.casefold().removeprefix("the ")
        full_name_person = actor.kind is ActorKind.PERSON and len(key.split()) > 1  # a person or not: left open
        if members is None and key in best and is_weak(best[key]) and is_weak(mention) and not full_name_person:
            guesses.setdefault(key, {}).setdefault(actor.id, mention)
            counts[key, actor.id] = counts.get((key, actor.id), 0) + 1
    replaced: dict[str, tuple] = {}
    for key, by_id in guesses.items():
        if len(by_id) < 2:
            continue
        winner = max(by_id, key=lambda actor_id: counts[key, actor_id])  # first of the commonest
        for actor_id in by_id:
            if actor_id != winner:
                replaced[actor_id] = by_id[winner]
    if not replaced:
        return mentions
    out = []
    for span, actor, confidence, members, rule in mentions:
        if members is None and actor.id in replaced:
            strong = replaced[actor.id]
            actor, rule = strong[1], f"{rule}; read as {strong[1].name} like {strong[0].text!r} elsewhere"
        out.append((span, actor, confidence, members, rule))
    return out


def one_reading_per_document(mentions: list, is_weak) -> list:
    """Give every mention of one string the reading of its most confident occurrence.

    "Kyiv" read as its country (metonymy), as a person and as nothing in one article gets
    the one reading the document supports best. A mention keeps a reading of its own when
    ``is_weak(mention)`` is false, that is when its own context clearly says something else
    (a knowledge-base alias that passed its guard, a group reference).

    Parameters
    ----------
    mentions : list
        The resolver's tuples ``(span, actor, confidence, members, rule)``.
    is_weak : callable
        Whether a mention's reading came from a guess (ad hoc, fuzzy) and may follow the
        document's stronger reading of the same string.

    Examples
    --------
    >>> import spacy
    >>> from allegiance.model import Actor, ActorKind
    >>> doc = spacy.blank("en")("Kyiv said no. Kyiv smiled.")
    >>> ukr = Actor("UKR", "Ukraine", ActorKind.COUNTRY)
    >>> per = Actor("PER:kyiv", "Kyiv", ActorKind.PERSON)
    >>> ms = [(doc[0:1], ukr, 0.9, None, "kb"), (doc[4:5], per, 0.6, None, "ad hoc")]
    >>> [m[1].id for m in one_reading_per_document(ms, lambda m: m[2] < 0.7)]
    ['UKR', 'UKR']
    """
    best: dict[str, tuple] = {}
    for mention in mentions:
        span, actor, confidence, members, _ = mention
        if members is not None:
            continue
        key = span.text.casefold().removeprefix("the ")
        if key not in best or confidence > best[key][2]:
            best[key] = mention
    mentions = _one_guess_per_name(mentions, best, is_weak)
    out = []
    for mention in mentions:
        span, actor, confidence, members, rule = mention
        key = span.text.casefold().removeprefix("the ")
        strong = best.get(key)
        if (members is None and strong is not None and strong[1].id != actor.id
                and is_weak(mention) and not is_weak(strong)):
            mention = (span, strong[1], min(confidence, strong[2]), None,
                       f"{rule}; read as {strong[1].name} like {strong[0].text!r} elsewhere in the document")
        out.append(mention)
    return out


def speaker_labels(doc: Doc) -> list[tuple[Span, Span | None, bool]]:
    """The speaker labels of a transcript ``doc`` (:data:`SPEAKER_LABEL`, the words before the colon), each with
    the name in it without the titles before it ("MR. SULLIVAN" -> "SULLIVAN"; None for "Q" or a label of titles
    only) and whether a title stood before the name (:func:`allegiance.actors.not_names.is_title_word`, the label's
    words read in title case).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("MR. SULLIVAN: Thanks.\\n\\nQ: Jake?\\n\\nMODERATOR: Next.")
    >>> [(label.text, name and name.text, titled) for label, name, titled in speaker_labels(doc)]
    [('MR. SULLIVAN', 'SULLIVAN', True), ('Q', None, False), ('MODERATOR', 'MODERATOR', False)]
    """
    found = []
    for match in SPEAKER_LABEL.finditer(doc.text):
        label = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if label is None:
            continue
        start = label.start
        while start < label.end and (is_title_word(doc[start].text.title()) or doc[start].is_punct):
            start += 1
        name = doc[start:label.end] if start < label.end and len(doc[start:label.end].text) > 1 else None
        found.append((label, name, start > label.start))
    return found
