"""Context checks on alias matches: is this alias here an actor, and how far does it reach?

Aliases that are also ordinary words carry a guard (``guard:`` in the knowledge base, one of
:data:`allegiance.actors.kb.GUARDS`): "Unite" as a verb, "Labour costs", "Turkey sandwiches",
"Chad Smith", "a summit in Moscow" are no actors. :func:`guard_ok` applies a guard,
:func:`case_ok` the capitalisation an alias is written with, :func:`force_extension` extends a
country over its force and government nouns ("US forces", "Russian troops"). The word lists
here are shared by the ruler and the resolver.

Examples
--------
>>> import spacy
>>> doc = spacy.blank("en")("the Labour costs rose")
>>> guard_ok("not_common_noun", doc, 1, 2)
False
>>> case_ok(("Unite",), spacy.blank("en")("unite")[0:1])
False
"""

from __future__ import annotations

from typing import Sequence

from spacy.attrs import LOWER, POS
from spacy.tokens import Doc, Span, Token

__all__ = ["guard_ok", "case_ok", "force_extension", "government_named_by", "coordinated_adjective", "token_words",
           "lower_at", "court_name", "pathogen_name", "no_actor_entity", "COURT_NOUNS", "FORCE_NOUNS",
           "ACTION_NOUNS", "MEMBER_NOUNS", "FORCE_BIGRAMS", "TITLES", "LOCATIVE", "body_in_country_start",
           "BODIES_IN_COUNTRY", "envoy_to_capital", "ENVOY_NOUNS", "EPONYM_NOUNS", "eponym_of", "eponym_name"]

FORCE_NOUNS = frozenset(
    """forces troops army military navy soldiers government officials authorities diplomats diplomat
    administration regime ministry embassy negotiators delegation envoy envoys spokesman spokeswoman
    spokesperson intelligence leadership leaders cabinet police marines militia warplanes jets ambassador
    people public state parliament establishment agents negotiators tanks warships aircraft planes
    submarines divisions advisers paratroopers commandos units fleet voters""".split()
)
ACTION_NOUNS = frozenset(
    """aggression pressure pledge bombing bombers support intervention invasion backing action
    expansion occupation strikes airstrikes blockade embargo sanctions aid ultimatum demands
    agents diplomacy veto goods imports exports products power empire""".split()
)  # "goods", "imports": what a tariff or ban on "Chinese imports" targets is China
MEMBER_NOUNS = frozenset(
    """lawmakers senators members leaders leadership congressmen congresswomen representatives mps
    meps councillors politicians officials activists candidates establishment lawmaker senator
    governors legislators caucus colleagues""".split()
)
FORCE_BIGRAMS = frozenset(
    {("air", "force"), ("foreign", "ministry"), ("defence", "ministry"), ("defense", "ministry"),
     ("armed", "forces"), ("security", "forces"), ("special", "forces"), ("foreign", "office"),
     ("state", "department"), ("security", "services"), ("intelligence", "services")}
)
_WORK_NOUNS = frozenset(
    """costs cost market markets shortage shortages force forces law laws day camp camps ward
    pains productivity supply exploitation unions union movement relations saving intensive
    shortfall exchange exchanges inspectorate""".split()
)
_WORK_PRE = frozenset("hard manual forced child cheap skilled unskilled physical slave migrant casual".split())
_FOOD_NEXT = frozenset(
    """sandwich sandwiches dinner dinners breast breasts meat leg legs slices slice burger burgers
    roast stuffing bacon mince sausage sausages curry feathers farm farms farmer farmers drumsticks
    gravy salad wrap wraps sandwich club baster""".split()
)
_FOOD_PRE = frozenset("roast roasted stuffed smoked christmas thanksgiving carve carved sliced leftover cooked wild eat ate eating".split())
TITLES = frozenset(
    """mr mrs ms miss dr sir dame lord lady president vice prime minister pm premier chancellor
    secretary general gen senator sen rep governor gov mayor king queen prince princess pope
    ayatollah sheikh emir ambassador judge justice speaker leader chairman colonel col commander
    comrade mr. mrs. ms. dr. sen. gov. rep. gen. col. st. saint""".split()
)
_PLACE_NOUNS_AFTER_CAPITAL = frozenset(
    """state post times university summit airport city county mayor police marathon street
    residents correspondent bureau""".split()
)
#: Heads of a court's name. Courts are not political actors (RELATIONS.md), nor is a name inside a
#: court's name ("Peru's electoral court", "the United Nations International Court of Justice").
COURT_NOUNS = frozenset("court courts tribunal tribunals judiciary".split())
_NAME_PARTS = frozenset("det poss compound amod nmod".split())
#: Diseases and their pathogens, which NER at times takes for a person or an organisation ("COVID-19",
#: "SARS-CoV-2"): no actor.
PATHOGENS = frozenset("""covid covid-19 covid19 coronavirus sars sars-cov-2 mers ebola hiv influenza flu zika mpox
    monkeypox measles cholera malaria polio omicron h1n1 h5n1 tuberculosis dengue anthrax smallpox""".split())
#: Named political events NER at times takes for a person or an organisation ("endorses Brexit").
EVENT_NAMES = frozenset("brexit grexit frexit watergate".split())
LOCATIVE = frozenset("in at from to near outside into across around via through towards toward within inside of".split())
_ABSTRACT_NEXT = frozenset("building gathering growing grows gathers gathered grew slowed stalled shifted swung".split())
_ABSTRACT_IMMEDIATE = frozenset("for towards toward behind of".split())
_VERB_PARTNERS = frozenset("behind against around together to for us them".split())


def lower_at(doc: Doc, i: int) -> str:
    """The lower-cased text of token ``i``, or "" outside the document."""
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def token_words(doc: Doc) -> tuple[list[str], list[int]]:
    """The lower-cased form and the coarse POS id of every token, read once from the token arrays.

    Lets the whole-document loops pick the few tokens they care about without creating a
    ``Token`` for every token of the document.
    """
    if not len(doc):
        return [], []
    array = doc.to_array([LOWER, POS])
    lower_ids, pos_ids = array[:, 0].tolist(), array[:, 1].tolist()
    strings = doc.vocab.strings
    text = {key: strings[key] for key in set(lower_ids)}
    return [text[key] for key in lower_ids], pos_ids


def guard_ok(guard: str | None, doc: Doc, start: int, end: int) -> bool:
    """Context checks for aliases that are also ordinary words."""
    if guard is None:
        return True
    tok = doc[start]
    nxt, prev = lower_at(doc, end), lower_at(doc, start - 1)
    if guard == "not_verb":
        if tok.pos_ == "VERB" or tok.tag_.startswith("VB"):
            return False
        return not (tok.is_sent_start and nxt in _VERB_PARTNERS)
    if guard == "not_common_noun":
        if nxt in _WORK_NOUNS or prev in _WORK_PRE:
            return False
        return not (nxt == "of" and lower_at(doc, end + 1) in {"love", "hercules"})
    if guard == "not_food":
        return nxt not in _FOOD_NEXT and prev not in _FOOD_PRE
    if guard == "not_first_name":
        if prev.rstrip(".") in TITLES:
            return False
        if start > 0 and not tok.is_sent_start and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].is_title:
            return False  # "Jim Jordan", "Marjorie Taylor Greene"
        if end < len(doc):
            after = doc[end]
            if after.is_title and after.pos_ == "PROPN" and after.ent_type_ not in {"GPE"}:
                return False
        return True
    if guard == "proper_noun":
        if tok.pos_ != "PROPN":
            return False
        if nxt in _ABSTRACT_IMMEDIATE:
            return False
        return not ({nxt, lower_at(doc, end + 1)} & _ABSTRACT_NEXT)
    if guard == "not_name_head":
        # "the Commission on Elections", "the Council for Peace": the head of a longer name, not the alias
        return not (nxt in ("on", "of", "for") and end + 1 < len(doc) and doc[end + 1].is_title)
    if guard == "not_location":
        if prev in LOCATIVE:
            return False
        # "Nato's Lisbon Summit", "the Washington Post", "Washington state": not the state
        if nxt in _PLACE_NOUNS_AFTER_CAPITAL:
            return False
        last = doc[end - 1]  # "San" is a compound inside "San Francisco"; the name's last word is not
        return not (last.dep_ == "compound" and nxt not in FORCE_NOUNS)
    return True


def court_name(span: Span) -> bool:
    """Whether ``span`` names a court or is part of a court's name (courts are not political actors).

    Examples
    --------
    >>> import spacy
    >>> doc = Doc(spacy.blank("en").vocab, words=["Peru", "'s", "court", "bans", "him"],
    ...           heads=[2, 0, 3, 3, 3], deps=["poss", "case", "nsubj", "ROOT", "dobj"])
    >>> court_name(doc[0:1]), court_name(doc[2:3]), court_name(doc[4:5])
    (True, True, False)
    """
    for token in span:
        if token.lower_ in COURT_NOUNS and (token.head is token or token.head.i not in range(span.start, span.end)):
            return True  # "Supreme Court", "the Canadian Federal Court of Appeal"
        head = token.head
        if head.i not in range(span.start, span.end) and token.dep_ in _NAME_PARTS and head.lower_ in COURT_NOUNS:
            return True  # "Peru" in "Peru's electoral court", "Egyptian" in "an Egyptian court"
    return False


#: named plans, doctrines and acts whose compound is the one they are named after ("the Rogers Plan")
EPONYM_NOUNS = frozenset("plan doctrine act amendment corollary formula principles".split())


def eponym_of(token: Token) -> bool:
    """Whether ``token`` only names a plan, doctrine or act after someone ("Rogers" in "the Rogers Plan",
    "Truman" in "the Truman Doctrine"): a compound of such a noun written as a name. Acting on the plan is no
    act on its eponym; "the Obama plan" (not a name) and "Rogers's plan" (a possessive) still reach the author.

    Examples
    --------
    >>> import spacy
    >>> doc = Doc(spacy.blank("en").vocab, words=["the", "Rogers", "Plan", "the", "Obama", "plan"],
    ...           heads=[2, 2, 2, 5, 5, 5], deps=["det", "compound", "ROOT", "det", "compound", "ROOT"])
    >>> eponym_of(doc[1]), eponym_of(doc[4])
    (True, False)
    """
    head = token.head
    return token.dep_ == "compound" and head.i > token.i and head.lower_ in EPONYM_NOUNS and head.text[:1].isupper()


def eponym_name(span: Span) -> bool:
    """Whether a name only names a plan, doctrine or act after its bearer (:func:`eponym_of`): "Rogers" in
    "the Rogers Plan", "Monroe" in "the Monroe Doctrine".

    Examples
    --------
    >>> import spacy
    >>> doc = Doc(spacy.blank("en").vocab, words=["the", "Monroe", "Doctrine", "Monroe", "spoke"],
    ...           heads=[2, 2, 2, 4, 4], deps=["det", "compound", "ROOT", "nsubj", "ROOT"])
    >>> eponym_name(doc[1:2]), eponym_name(doc[3:4])
    (True, False)
    """
    return eponym_of(span.root) and span.root.head.i >= span.end


def pathogen_name(span: Span) -> bool:
    """Whether ``span`` names a disease or a pathogen ("COVID-19", "SARS-CoV-2", "the Ebola virus").

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Biden and COVID-19 and SARS-CoV-2")
    >>> pathogen_name(doc[0:1]), pathogen_name(doc[2:3]), pathogen_name(doc[4:])
    (False, True, True)
    """
    words = [t.lower_ for t in span if t.lower_ not in ("the", "-")]
    joined = "".join(t.lower_ for t in span if t.lower_ != "the")
    return joined in PATHOGENS or joined.split("-")[0] in ("covid", "sars") or bool(words) and (
        words[-1] in PATHOGENS or (words[-1] in ("virus", "pandemic", "outbreak") and words[0] in PATHOGENS))


def no_actor_entity(span: Span) -> bool:
    """Whether a named entity names no political actor: a court (:func:`court_name`), a disease
    (:func:`pathogen_name`), an event ("Brexit") or the eponym of a plan or doctrine (:func:`eponym_of`).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("The Sun endorses Brexit")
    >>> no_actor_entity(doc[3:4]), no_actor_entity(doc[0:2])
    (True, False)
    """
    return court_name(span) or pathogen_name(span) or (len(span) == 1 and span[0].lower_ in EVENT_NAMES) or (
        eponym_name(span))


def case_ok(alias_doc_tokens: Sequence[str], span: Span) -> bool:
    """Capitalisation written in the alias is required of the text."""
    for pattern, tok in zip(alias_doc_tokens, span):
        text = tok.text
        if pattern[:1].isupper() and not text[:1].isupper():
            return False
        if len(pattern) > 1 and pattern.isupper() and pattern.isalpha() and not text.isupper():
            return False
    return True


#: force nouns for one person, who is the person when a name follows ("the French ambassador Gérard Araud")
_ONE_PERSON_NOUNS = frozenset({"ambassador", "envoy", "diplomat", "spokesman", "spokeswoman", "spokesperson"})


def force_extension(doc: Doc, end: int) -> int:
    """End of "US forces" / "Russian troops" / "Soviet border troops" / "American pressure"."""
    if end + 1 < len(doc) and (doc[end].lower_, doc[end + 1].lower_) in FORCE_BIGRAMS:
        return end + 2
    if end < len(doc) and doc[end].pos_ in {"NOUN", "PROPN"} and (
        doc[end].lower_ in FORCE_NOUNS or doc[end].lower_ in ACTION_NOUNS
    ):
        named = end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and doc[end + 1].is_title
        if doc[end].lower_ in _ONE_PERSON_NOUNS and named:
            return end  # "French diplomat Étienne de Choiseul": a title before the person's name
        return end + 1
    # one modifier in between: "Soviet border troops", "American drug agents"
    if end + 1 < len(doc) and doc[end].pos_ in {"NOUN", "ADJ"} and not doc[end].is_title \
            and doc[end + 1].lower_ in FORCE_NOUNS and doc[end + 1].pos_ == "NOUN":
        return end + 2
    return end


#: a country's own bodies, named by where they sit ("authorities in Cuba"); troops, forces or diplomats in a country
#: are as often another power's, so they are not listed
BODIES_IN_COUNTRY = frozenset({"authorities", "police", "prosecutors", "government", "regime", "officials"})


def body_in_country_start(doc: Doc, start: int) -> int:
    """Start of "authorities in | Cuba" or "the government in | Afghanistan" before the country at ``start``:
    the country's own body named by where it sits; ``start`` itself when none stands there.

    A name or a possessive before the body makes it someone else's ("US officials in Iraq").

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Authorities in Cuba detain Berta Soler.")
    >>> body_in_country_start(doc, 2)
    0
    >>> doc = spacy.blank("en")("They met the government in Kabul; troops in Mali.")
    >>> body_in_country_start(doc, 5), body_in_country_start(doc, 9)
    (2, 9)
    """
    body = start - 2
    if body < 0 or doc[start - 1].lower_ != "in" or doc[body].lower_ not in BODIES_IN_COUNTRY:
        return start
    if body == 0:
        return body
    before = doc[body - 1]
    if before.lower_ == "the":
        return body - 1
    capitalised_inside = before.text[:1].isupper() and before.i > 0 and not before.is_sent_start
    if before.pos_ == "PROPN" or before.ent_type_ or before.lower_ in {"'s", "’s"} or capitalised_inside:
        return start  # "US officials in Iraq", "Russia's envoy", "American officials in Baghdad"
    return body


#: envoys accredited to a state: the capital after "ambassador to" or "envoy from" is that state
ENVOY_NOUNS = frozenset({"ambassador", "ambassadors", "envoy", "envoys", "diplomat", "diplomats"})


def envoy_to_capital(doc: Doc, start: int) -> bool:
    """Whether the capital at ``start`` follows "ambassador to", "envoys from" ...: the state the envoy is accredited
    to or sent by, not a place ("recalled its ambassador from Tallinn"; not "flew from Tallinn").

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Russia recalled its ambassador from Tallinn and flew from Riga.")
    >>> envoy_to_capital(doc, 5), envoy_to_capital(doc, 9)
    (True, False)
    """
    return start >= 2 and doc[start - 1].lower_ in {"to", "from"} and doc[start - 2].lower_ in ENVOY_NOUNS


def coordinated_adjective(doc: Doc, end: int, accepted: dict[int, int]) -> bool:
    """ "American and British forces": the first adjective shares the last one's noun."""
    return end + 1 < len(doc) and doc[end].lower_ in {"and", ",", "or"} and end + 1 in accepted


#: nouns for a government a leader or ruling party names ("the Maduro government", "Assad's regime")
GOVERNMENT_NOUNS = frozenset({"government", "regime", "cabinet"})


def government_named_by(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The span of a government that the name at ``doc[start:end]`` (a leader or a party) names, or None:
    "the government of Nicolás Maduro", "the Maduro government", "the Maduro-led government", "Maduro's
    regime". The guideline reads such a government as its country (docs/annotation.md, 7p).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Protests grew against the government of Nicolás Maduro.")
    >>> government_named_by(doc, 6, 8)
    (3, 8)
    >>> doc = spacy.blank("en")("Maduro's government blamed Colombia, but Maduro did not.")
    >>> government_named_by(doc, 0, 1), government_named_by(doc, 7, 8)
    ((0, 3), None)
    """
    i = start - 1
    if i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in GOVERNMENT_NOUNS:
        first = i - 1
        return (first - 1 if first >= 1 and doc[first - 1].lower_ == "the" else first), end
    after = end
    possessive = lower_at(doc, after) in {"'s", "’s"}
    if possessive:
        after += 1
    elif lower_at(doc, after) == "-" and lower_at(doc, after + 1) == "led":
        after += 2
    elif lower_at(doc, after) == "-led":
        after += 1
    if lower_at(doc, after) not in GOVERNMENT_NOUNS:
        return None
    if after + 1 < len(doc) and doc[after + 1].pos_ in ("NOUN", "PROPN"):
        return None  # "Rutte's cabinet minister", "the Assad regime change": a compound, not the government
    first = start - 1 if not possessive and start >= 1 and doc[start - 1].lower_ == "the" else start
    return first, after + 1
