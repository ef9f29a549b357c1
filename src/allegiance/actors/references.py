"""References resolved to earlier actors: pronouns, "the country", "the president", "both countries".

:func:`resolve_references` reads a document's reference words and gives each the last
compatible actor(s) mentioned before it, with a lower confidence than a name: "they"/"their"
-> the last non-person actor (or the coordinated ones: "Unite and the GMB ... they"),
"he"/"his" and "she"/"her" -> the last man or woman named in this or the previous sentence,
"the president" -> the person named with that title (in a dated text, whoever held the office that day
when the text names no other holder: :func:`office_holder`), "the country"/"the party" -> the last
actor of that kind, "the leadership" -> the leader's office of the last party, "both
countries"/"the two communist powers" -> the last two actors of that kind, as a ``group`` actor
(:func:`group_actor`).

A mention here is the resolver's tuple ``(span, actor, confidence, members, rule)``; ``members``
is the tuple of member actors of a group reference, else None.

Examples
--------
>>> from allegiance.model import Actor, ActorKind
>>> group_actor([Actor("FRA", "France", ActorKind.COUNTRY), Actor("DEU", "Germany", ActorKind.COUNTRY)]).id
'GRP:DEU+FRA'
"""

from __future__ import annotations

import bisect
import functools
from importlib import resources
from typing import Collection, Sequence

import yaml
from spacy.tokens import Doc, Span, Token

from allegiance.actors.guards import lower_at, token_words
from allegiance.actors.kb import KnowledgeBase, normalise_alias
from allegiance.model import Actor, ActorKind

__all__ = ["resolve_references", "group_actor", "office_holder", "office_holder_named", "term_day",
           "administration_on"]

_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "lady", "dame", "queen", "baroness", "madam"})


@functools.lru_cache(maxsize=1)
def _female_first_names() -> frozenset[str]:
    """Female first names (``data/names.yaml``), case-folded."""
    text = (resources.files("allegiance.actors") / "data" / "names.yaml").read_text(encoding="utf-8")
    return frozenset(str(n).casefold() for n in yaml.safe_load(text)["female_first_names"])


@functools.lru_cache(maxsize=1)
def _office_terms() -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """Office title -> (its country's id, [(holder id, first day, end day exclusive)]), from ``data/offices.yaml``."""
    text = (resources.files("allegiance.actors") / "data" / "offices.yaml").read_text(encoding="utf-8")
    return {title: (entry["country"], [tuple(term) for term in entry["terms"]])
            for title, entry in yaml.safe_load(text).items()}


def term_day(date: str) -> str:
    """The day a term is looked up on: an ISO day as it is, a bare year its 1 July.

    Examples
    --------
    >>> term_day("2022-05-01"), term_day("1961")
    ('2022-05-01', '1961-07-01')
    """
    return date if len(date) >= 10 else f"{date[:4]}-07-01"


def office_holder(title: str, date: str | None) -> str | None:
    """Knowledge-base id of whoever held the office ``title`` on ``date`` (ISO day, or a year: its 1 July), or None
    (no date, an office not listed, a day outside every term).

    Examples
    --------
    >>> office_holder("president", "2022-05-01"), office_holder("president", "1961"), office_holder("king", "1961")
    ('PER:joe_biden', 'PER:john_f_kennedy', None)
    """
    if not date or title not in _office_terms():
        return None
    day = term_day(date)
    return next((holder for holder, start, end in _office_terms()[title][1] if start <= day < end), None)


def administration_on(date: str | None, kb) -> Actor | None:
    """The US administration in office on ``date``: the knowledge base's "<president> administration" whose
    term holds the day (the president from ``data/offices.yaml``), or None.

    Examples
    --------
    >>> from allegiance.actors.kb import load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> administration_on("2022-03-01", kb).id, administration_on("2005", kb).id
    ('USA-ADMIN-BIDEN', 'USA-ADMIN-BUSH')
    >>> administration_on("1990-06-01", kb) is None, administration_on(None, kb) is None   # not George W. Bush's
    (True, True)
    """
    president = kb.get(office_holder("president", date) or "")
    if president is None:
        return None
    day = term_day(date)
    for actor in kb.lookup(f"the {president.name.split()[-1]} administration"):
        if actor.kind is ActorKind.GOVERNMENT and (actor.valid_from or "") <= day < (actor.valid_to or "9999"):
            return actor
    return None


def office_holder_named(surname: str, date: str | None, kb: KnowledgeBase, *, first_name: str = "") -> Actor | None:
    """The holder of a listed office (``data/offices.yaml``) on ``date`` whose surname is ``surname`` (and first
    name ``first_name``, when given), or None: "Roosevelt" in a 1904 text is Theodore Roosevelt, "Carter" in
    1977 Jimmy Carter, "George Bush" in 1990 George H. W. Bush.

    Examples
    --------
    >>> from allegiance.actors.kb import load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> office_holder_named("Roosevelt", "1904-05-01", kb).id, office_holder_named("Roosevelt", "1940", kb).id
    ('PER:theodore_roosevelt', 'PER:franklin_d_roosevelt')
    >>> office_holder_named("Roosevelt", "1925", kb) is None, office_holder_named("Carter", None, kb) is None
    (True, True)
    >>> office_holder_named("Bush", "1990", kb, first_name="George").id
    'PER:george_h_w_bush'
    """
    wanted = normalise_alias(surname)
    for title in _office_terms():
        holder = kb.get(office_holder(title, date) or "")
        if holder is None or normalise_alias(holder.name.split()[-1]) != wanted:
            continue
        if not first_name or normalise_alias(holder.name.split()[0]) == normalise_alias(first_name):
            return holder
    return None


_TITLE_WORDS = {
    "president": "president", "pres": "president", "senator": "senator", "sen": "senator",
    "governor": "governor", "gov": "governor", "speaker": "speaker", "chancellor": "chancellor",
    "minister": "minister", "mayor": "mayor", "secretary": "secretary", "congressman": "congressman",
    "congresswoman": "congresswoman", "ayatollah": "ayatollah", "king": "king", "queen": "queen",
    "pope": "pope", "general": "general", "gen": "general",
}
_OFFICE_TITLES = frozenset(_TITLE_WORDS.values()) | {"president"}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
_NOMINALS: dict[str, tuple[frozenset[ActorKind], float]] = {
    "country": (frozenset({ActorKind.COUNTRY}), 0.7),
    "nation": (frozenset({ActorKind.COUNTRY}), 0.65),
    "party": (frozenset({ActorKind.PARTY}), 0.7),
    "union": (frozenset({ActorKind.UNION}), 0.65),
    "group": (frozenset({ActorKind.ARMED_GROUP}), 0.55),
    "militants": (frozenset({ActorKind.ARMED_GROUP}), 0.6),
    "insurgents": (frozenset({ActorKind.ARMED_GROUP}), 0.6),
    "government": (frozenset({ActorKind.COUNTRY}), 0.6),
    "regime": (frozenset({ActorKind.COUNTRY}), 0.6),
    "army": (frozenset({ActorKind.COUNTRY}), 0.55),
    "military": (frozenset({ActorKind.COUNTRY}), 0.55),
    "junta": (frozenset({ActorKind.COUNTRY}), 0.55),
}
#: adjectives that leave "the <adjective> government" a reference to the country's government
_GOVERNMENT_ADJECTIVES = frozenset({"federal", "national", "central", "interim", "current", "new", "transitional"})
#: nominals that only refer as the head of their phrase ("the army", not "the army chief")
_HEAD_ONLY_NOMINALS = frozenset({"army", "military", "junta"})
_BOTH_NOUNS: dict[str, frozenset[ActorKind]] = {
    "countries": frozenset({ActorKind.COUNTRY}),
    "nations": frozenset({ActorKind.COUNTRY}),
    "states": frozenset({ActorKind.COUNTRY}),
    "governments": frozenset({ActorKind.COUNTRY}),
    "parties": frozenset({ActorKind.PARTY}),
    "unions": frozenset({ActorKind.UNION}),
    "sides": frozenset(set(ActorKind) - {ActorKind.PERSON}),
    "powers": frozenset({ActorKind.COUNTRY}),
    "superpowers": frozenset({ActorKind.COUNTRY}),
    "rivals": frozenset({ActorKind.COUNTRY, ActorKind.PARTY, ActorKind.UNION}),
    "allies": frozenset({ActorKind.COUNTRY, ActorKind.PARTY, ActorKind.UNION}),
    "neighbours": frozenset({ActorKind.COUNTRY}),
    "neighbors": frozenset({ActorKind.COUNTRY}),
}
#: every word a reference in :func:`resolve_references` can start from (the other tokens are skipped)
_REFERENCE_WORDS = frozenset(_PLURAL_PRONOUNS | _PERSON_PRONOUNS | _OFFICE_TITLES | set(_NOMINALS) | set(_BOTH_NOUNS)
                             | {"leadership"})


def resolve_references(doc: Doc, mentions: list, taken: bytearray, kb: KnowledgeBase,
                       lowers: list[str] | None = None) -> list:
    """The references of ``doc`` as new mentions of earlier actors (``mentions`` sorted by start;
    ``taken`` marks the tokens already in a mention)."""
    out = []
    if not mentions:
        return out
    starts = [m[0].start for m in mentions]

    def before(i: int) -> list:
        return mentions[: bisect.bisect_left(starts, i)]

    if lowers is None:
        lowers = token_words(doc)[0]
    said_the: dict[str, set[str]] = {}  # title -> whom "the <title>" was resolved to so far
    for i in [i for i, low in enumerate(lowers) if low in _REFERENCE_WORDS]:
        if taken[i]:
            continue
        tok = doc[i]
        low = lowers[i]
        if low in _PLURAL_PRONOUNS and tok.pos_ == "PRON":
            hit = _pronoun(doc, tok, before(tok.i))
            if hit is not None:
                out.append(hit)
        elif low in _PERSON_PRONOUNS and tok.pos_ == "PRON":
            hit = _person_pronoun(doc, tok, before(tok.i), _is_female)
            if hit is not None:
                out.append(hit)
        elif low in _OFFICE_TITLES and tok.i > 0 and doc[tok.i - 1].lower_ == "the" \
                and not taken[tok.i - 1] and lower_at(doc, tok.i + 1) != "of":
            actor, rule = _titled_person(doc, low, before(tok.i), mentions, kb, said_the.setdefault(low, set()))
            if actor is not None:
                said_the[low].add(actor.id)
                out.append((doc[tok.i - 1:tok.i + 1], actor, 0.6, None, f"'the {low}' -> {rule}"))
        elif low in _NOMINALS and tok.pos_ == "NOUN" and (start := _nominal_start(doc, tok, taken)) is not None:
            kinds, confidence = _NOMINALS[low]
            nxt = lower_at(doc, tok.i + 1)
            if (low == "party" and nxt in {"political"}) or (low in _HEAD_ONLY_NOMINALS
                                                              and tok.dep_ in ("compound", "amod")):
                continue
            if nxt == "of":
                continue  # "the government of Mohammad Najibullah", "the party of Lincoln": named in the phrase
            actor, how = _salient_of(tok, before(tok.i), kinds, low == "party", kb), "last compatible actor"
            if actor is None and low == "government":
                actor, how, confidence = _country_nearby(tok, mentions, kb), "country of a nearby actor", 0.5
            if actor is not None and not _owns_next(doc, tok.i, actor, mentions, starts, kb):
                out.append((doc[start:tok.i + 1], actor, confidence, None,
                            f"'{doc[start:tok.i + 1].text.lower()}' -> {how}"))
        elif low == "leadership" and tok.i > 0 and doc[tok.i - 1].lower_ == "the" \
                and not taken[tok.i - 1]:
            party = _last_of(before(tok.i), frozenset({ActorKind.PARTY}), True, kb)
            office = kb.scoped_lookup(party.id, "leadership") if party else None
            if office is not None:
                out.append((doc[tok.i - 1:tok.i + 1], office, 0.6, None,
                            "'the leadership' -> leader's office of the last party"))
        elif low in _BOTH_NOUNS and tok.pos_ == "NOUN":
            first = _pair_determiner(doc, tok.i, taken)
            if first is None or lower_at(doc, tok.i + 1) == "of":  # "both sides of the house"
                continue
            earlier = before(first)
            members = _last_pair(earlier, _BOTH_NOUNS[low]) or \
                _last_distinct(earlier, _BOTH_NOUNS[low], 2)
            if len(members) == 2:
                out.append((doc[first:tok.i + 1], group_actor(members), 0.55, tuple(members),
                            f"'{doc[first:tok.i + 1].text}' -> last two actors of that kind"))
    return out


def _nominal_start(doc: Doc, tok: Token, taken: bytearray) -> int | None:
    """Where the reference "the <nominal>" at ``tok`` starts: at "the" right before it, or, for a government, at
    "the" before one of :data:`_GOVERNMENT_ADJECTIVES` ("the federal government", "the interim government");
    None when no free "the" starts it."""
    i = tok.i - 1
    if tok.lower_ == "government" and i > 0 and doc[i].lower_ in _GOVERNMENT_ADJECTIVES and not taken[i]:
        i -= 1
    return i if i >= 0 and doc[i].lower_ == "the" and not taken[i] else None


def _owns_next(doc: Doc, i: int, owner: Actor, mentions: list, starts: list[int], kb: KnowledgeBase) -> bool:
    """ "the party's Corbynsceptics": the possessive only says whose faction it is."""
    if lower_at(doc, i + 1) not in {"'s", "’s"}:
        return False
    k = bisect.bisect_left(starts, i + 2)
    if k >= len(mentions) or starts[k] != i + 2:
        return False
    actor = mentions[k][1]
    return actor.id != owner.id and owner.id in {actor.parent, kb.party_of(actor.id)}


def _compatible(actor: Actor, kinds: frozenset[ActorKind], party_parent: bool, kb: KnowledgeBase) -> Actor | None:
    """``actor`` when it is of these kinds; for "the party", the party of an actor that has one; else None."""
    if actor.kind in kinds:
        return actor
    if party_parent:
        party = kb.party_of(actor.id) if actor.kind is not ActorKind.PERSON else None
        if party:
            return kb.get(party)
    return None


def _last_of(earlier: list, kinds: frozenset[ActorKind], party_parent: bool, kb: KnowledgeBase) -> Actor | None:
    """The last single actor of these kinds among the last 12 mentions (or, for \"the party\", the
    party of the last actor that has one)."""
    for span, actor, _, members, _ in reversed(earlier[-12:]):
        found = None if members else _compatible(actor, kinds, party_parent, kb)
        if found is not None:
            return found
    return None


def _salient_of(tok: Token, earlier: list, kinds: frozenset[ActorKind], party_parent: bool,
                kb: KnowledgeBase) -> Actor | None:
    """The actor "the <nominal>" at ``tok`` refers to: as :func:`_last_of`, but never the subject of the
    nominal's own verb ("Egypt backs the army": not Egypt); an actor earlier in its own sentence first, then
    the subject of the previous sentence before a later mention ("Israel struck Gaza. The army said":
    Israel). Without a parse, :func:`_last_of`."""
    doc = tok.doc
    if not doc.has_annotation("DEP"):
        return _last_of(earlier, kinds, party_parent, kb)
    own = set() if tok.dep_ in _SUBJECT_DEPS else {c.i for c in tok.head.children if c.dep_ in _SUBJECT_DEPS}
    sent_start = tok.sent.start
    since = doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
    recent = earlier[-12:]
    own_ids = {actor.id for span, actor, *_ in recent if span.root.i in own}
    found: list[tuple[Span, Actor]] = []
    for span, actor, _, members, _ in reversed(recent):
        one = None if members or actor.id in own_ids else _compatible(actor, kinds, party_parent, kb)
        if one is not None:
            found.append((span, one))
    here = next((a for span, a in found if span.start >= sent_start), None)
    subject = next((a for span, a in found if span.start >= since and span.root.dep_ in _SUBJECT_DEPS), None)
    return here or subject or (found[0][1] if found else None)


def _country_nearby(tok: Token, mentions: list, kb: KnowledgeBase) -> Actor | None:
    """The country of "the (federal) government" when no country is named before it: the country of the
    nearest actor of its sentence that belongs to one ("Tennessee is a sovereign state, if the federal
    government ...": the United States), else of the last such actor before it."""
    if not tok.doc.has_annotation("SENT_START"):
        return None
    sent = tok.sent
    homes = [(span, kb.get(kb.country_of(actor.id) or "")) for span, actor, _, members, _ in mentions
             if not members and actor.id in kb]
    here = [(abs(span.start - tok.i), i) for i, (span, home) in enumerate(homes)
            if home is not None and sent.start <= span.start < sent.end]
    if here:
        return homes[min(here)[1]][1]  # the nearest; on a tie the earlier one
    before = [home for span, home in homes if span.start < sent.start][-12:]
    return next((home for home in reversed(before) if home is not None), None)


def _last_distinct(earlier: list, kinds: frozenset[ActorKind], count: int) -> list[Actor]:
    """The last ``count`` different single actors of these kinds among the last 15 mentions."""
    found: list[Actor] = []
    for _, actor, _, members, _ in reversed(earlier[-15:]):
        if members or actor.kind not in kinds:
            continue
        if all(actor.id != a.id for a in found):
            found.append(actor)
        if len(found) == count:
            break
    return list(reversed(found))


def _pronoun(doc: Doc, tok: Token, earlier: list):
    """ "they"/"their" -> the last non-person actor (or coordinated actors) of this or the
    previous sentence; "them" never the subject of its own clause (:func:`clause_mate_subjects`)."""
    sent_start = tok.sent.start
    prev_sents_start = sent_start
    if sent_start > 0:
        prev_sents_start = doc[sent_start - 1].sent.start
    excluded = clause_mate_subjects(tok)
    candidates = [m for m in earlier if m[0].start >= prev_sents_start
                  and m[1].kind is not ActorKind.PERSON and m[0].root.i not in excluded]
    if not candidates:
        return None
    span, actor, _, members, _ = candidates[-1]
    rule = f"pronoun -> last non-person actor ({span.text!r})"
    if members:
        return doc[tok.i:tok.i + 1], actor, 0.45, members, rule
    coordinated = _coordinated(span, candidates)
    if len(coordinated) > 1:
        actors = [m[1] for m in coordinated]
        return (doc[tok.i:tok.i + 1], group_actor(actors), 0.45, tuple(actors),
                "pronoun -> last coordinated actors")
    return doc[tok.i:tok.i + 1], actor, 0.45, None, rule


def _is_female(actor: Actor, span: Span) -> bool:
    """Known to be a woman: a female first name, a female given name written after the family name
    ("Park Geun-hye": hyphenated ones only), or a female honorific ("Mrs", "Ms", "Dame")."""
    names = actor.name.casefold().split() if actor.name else []
    if names and (names[0] in _female_first_names()
                  or any("-" in name and name in _female_first_names() for name in names[1:])):
        return True
    words = span.text.split()
    before = lower_at(span.doc, span.start - 1).rstrip(".")
    honorific = words[0].casefold().rstrip(".") if words else ""
    return honorific in _FEMALE_HONORIFICS or before in _FEMALE_HONORIFICS


def clause_mate_subjects(tok: Token) -> set[int]:
    """Token indices of the subjects an object pronoun cannot stand for: the subject of the verb it is the
    object of ("Renzi criticised him"), or of the verb whose infinitive it is the subject of ("Renzi called
    for him to resign", "Renzi urged him to resign"). A possessive ("Renzi praised his party") or a subject
    pronoun ("Renzi said he would resign") may be the subject's own.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words = ["Renzi", "called", "for", "him", "to", "resign"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 5, 5, 5, 1],
    ...           deps=["nsubj", "ROOT", "mark", "nsubj", "aux", "advcl"])
    >>> clause_mate_subjects(doc[3])
    {0}
    >>> doc = Doc(doc.vocab, words=["Renzi", "praised", "his", "party"], heads=[1, 1, 3, 1],
    ...           deps=["nsubj", "ROOT", "poss", "dobj"])
    >>> clause_mate_subjects(doc[2])
    set()
    """
    if tok.lower_ not in ("him", "her", "them") or tok.dep_ == "poss":
        return set()
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif tok.dep_ == "nsubj" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        head = head.head  # "for him to resign": the verb the infinitive belongs to
    elif tok.dep_ not in ("dobj", "dative", "obj", "iobj"):
        return set()
    return {c.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass")}


def _person_pronoun(doc: Doc, tok: Token, earlier: list, is_female):
    """ "he"/"his" -> the last man (or person not known to be a woman) named in this or the
    previous sentence; "she"/"her" -> the last woman named there; an object pronoun never the subject of
    its own clause (:func:`clause_mate_subjects`)."""
    sent_start = tok.sent.start
    window = doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
    feminine = tok.lower_ in {"she", "her", "hers"}
    excluded = clause_mate_subjects(tok)
    candidates = []
    for span, actor, _, members, _ in reversed(earlier[-8:]):
        if span.start < window:
            break
        if members is not None or actor.kind is not ActorKind.PERSON \
                or span.text.casefold() in _PERSON_PRONOUNS or span.root.i in excluded:
            continue
        if is_female(actor, span) == feminine:
            candidates.append((span, actor))
    if not candidates:
        return None
    # prefer the last person who is a grammatical subject ("Khan, an MEP, was ... he backed"), a name in
    # apposition to a subject title included ("Prime Minister Enrico Letta holds ...")
    for span, actor in candidates:
        node = span.root.head if span.root.dep_ == "appos" else span.root
        if node.dep_ in {"nsubj", "nsubjpass"} and node.head.tag_ in _FINITE_TAGS:
            return doc[tok.i:tok.i + 1], actor, 0.4, None, f"pronoun -> last subject person ({span.text!r})"
    span, actor = candidates[0]
    return doc[tok.i:tok.i + 1], actor, 0.35, None, f"pronoun -> last person ({span.text!r})"


def _titled_person(doc: Doc, title: str, earlier: list, mentions: list, kb: KnowledgeBase,
                   said_the: Collection[str] = ()) -> tuple[Actor | None, str]:
    """ "the president" -> the person named with that title ("President Obama") most often so far (the latest
    one on a tie), and the rule that chose it.

    In a dated text whose office of that title :func:`office_holder` knows, a former or later holder named
    with the title ("President Trump" in a 2022 briefing) is not meant: whoever held it on the day is, when
    the text names them with the title or already meant them by "the <title>" (``said_the``: the ids earlier
    "the <title>" resolved to), or names nobody with the title but mentions the office's country (or an
    actor of it).
    """
    titled: set[str] = set()
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    actors: dict[str, Actor] = {}
    for index, (span, actor, _, members, _) in enumerate(earlier):
        if members is not None or actor.kind is not ActorKind.PERSON:
            continue
        counts[actor.id] = counts.get(actor.id, 0) + 1
        last[actor.id] = index
        actors[actor.id] = actor
        first = span[0].lower_.rstrip(".")
        before = lower_at(doc, span.start - 1).rstrip(".")
        if _TITLE_WORDS.get(first) == title or _TITLE_WORDS.get(before) == title:
            titled.add(actor.id)
    holder_id = office_holder(title, doc._.doc_date if Doc.has_extension("doc_date") else None)
    holder = kb.get(holder_id) if holder_id else None
    if holder is not None:
        country, terms = _office_terms()[title]
        titled -= {other for other, _, _ in terms if other != holder.id}  # former and later holders
        in_country = any(actor.id == country or kb.country_of(actor.id) == country
                         for _, actor, _, members, _ in mentions if members is None)
        if holder.id in titled or holder.id in said_the or (not titled and in_country):
            return holder, "who held the office on the document's date"
    if not titled:
        return None, ""
    best = max(titled, key=lambda i: (counts[i], last[i]))
    return actors[best], "last person named with that title"


def _pair_determiner(doc: Doc, i: int, taken: bytearray) -> int | None:
    """Start of "both countries" / "the two communist powers" ending at token ``i``."""
    j = i - 1
    while j >= 0 and i - j <= 4 and doc[j].pos_ in {"ADJ", "NOUN", "PROPN", "ADV"} \
            and doc[j].lower_ not in {"both", "two"} and not taken[j]:
        j -= 1
    if j < 0 or taken[j] or doc[j].lower_ not in {"both", "two"}:
        return None
    if doc[j].lower_ == "two":
        if j > 0 and doc[j - 1].lower_ in {"the", "these", "those"} and not taken[j - 1]:
            return j - 1
        return None
    return j


def _last_pair(earlier: list, kinds: frozenset[ActorKind]) -> list[Actor]:
    """The last two actors of these kinds joined by "and" ("Russia and the United States")."""
    for left, right in zip(reversed(earlier[:-1]), reversed(earlier)):
        if left[3] or right[3] or left[1].kind not in kinds or right[1].kind not in kinds:
            continue
        if left[1].id == right[1].id:
            continue
        between = left[0].doc[left[0].end:right[0].start].text.strip().lower()
        if between in {"and", "&"}:
            return [left[1], right[1]]
    return []


def _coordinated(span: Span, candidates: list) -> list:
    """Mentions joined by "and" with ``span`` ("Unite and the GMB")."""
    chain = [m for m in candidates if m[0].start <= span.start]
    result = [chain[-1]]
    for m in reversed(chain[:-1]):
        first = result[0][0]
        between = first.doc[m[0].end:first.start]
        if between.text.strip().lower() in {"and", ",", ", and"}:
            result.insert(0, m)
        else:
            break
    return result


def group_actor(members: Sequence[Actor]) -> Actor:
    """The ``group`` actor standing for several actors ("France and Germany")."""
    ids = "+".join(sorted(a.id for a in members))
    names = " and ".join(a.name for a in members)
    return Actor(f"GRP:{ids}", names, ActorKind.GROUP)
