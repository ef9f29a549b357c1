"""One named entity -> one actor: the knowledge base, names seen earlier, near misses, or ad hoc.

:class:`EntityResolver` holds what the knowledge base says about names (exact aliases,
near-miss spellings with rapidfuzz, surnames only one known person has) and resolves a single
entity the NER found: dates, money, photo credits and places used as places are left out; an
unknown political entity becomes an ad-hoc actor with a stable id ("PER:jim_mcmahon"). The
resolver component (:class:`allegiance.actors.resolver.ActorResolver`) builds on it with the
passes over the whole document.

Examples
--------
>>> from allegiance.actors.kb import shared_knowledge_base
>>> entities = EntityResolver(shared_knowledge_base())
>>> entities.person_by_name("Jeremy Corbyn", {})[0].id
'PER:jeremy_corbyn'
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span, Token

from allegiance.actors.documents import listed_as_alliance_members
from allegiance.actors.guards import LOCATIVE, TITLES, guard_ok, lower_at
from allegiance.actors.kb import KnowledgeBase, adhoc_actor_id, normalise_alias, slugify
from allegiance.actors.not_names import coined_from, gerund_before_name, is_title_word, name_part, not_a_name
from allegiance.model import Actor, ActorKind

__all__ = ["EntityResolver", "ACTOR_LABELS", "GROUP_NOUNS", "completed_person_name", "group_noun_end",
           "is_name_like"]

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_STOP_NAMES = frozenset(
    {"getty", "getty images", "reuters", "ap", "afp", "pa", "epa", "associated press",
     "press association", "shutterstock", "alamy", "mep", "meps", "mp", "mps", "pm", "ap photo"}
)
_PLACE_NEXT = frozenset(
    "by by-election byelection selection constituency seat council borough ward district".split()
)
_NON_ACTOR_HEADS = frozenset(
    """summit conference olympics games war treaty accord accords agreement act bill day festival
    prize award cup convention protocol talks plan doctrine""".split()
)
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near"})
GROUP_NOUNS = {
    "opponents": "opposes", "critics": "opposes", "enemies": "opposes", "detractors": "opposes",
    "rivals": "opposes", "supporters": "supports", "allies": "supports", "loyalists": "supports",
    "backers": "supports",
}


class EntityResolver:
    """Resolve single entities to actors of a knowledge base (or to ad-hoc actors).

    Parameters
    ----------
    kb : KnowledgeBase
        The actors and their aliases.
    fuzzy_threshold : float
        Minimum rapidfuzz ratio (0-100) for a near-miss spelling to resolve to
        a knowledge-base actor.
    adhoc : bool
        Keep unknown political entities as ad-hoc actors.
    """

    def __init__(self, kb: KnowledgeBase, *, fuzzy_threshold: float = 90.0, adhoc: bool = True):
        self.kb = kb
        self.fuzzy_threshold = float(fuzzy_threshold)
        self.adhoc = adhoc
        self._fuzzy_keys: list[str] = []
        self._fuzzy_ids: list[str] = []
        self._fuzzy_hits: dict[str, list] = {}  # normalised text -> nearest aliases (names repeat)
        self._adjectives: set[str] = set()
        by_surname: dict[str, set[str]] = {}
        for actor in self.kb:
            if actor.kind is ActorKind.PERSON and len(actor.name.split()) > 1:
                by_surname.setdefault(normalise_alias(actor.name.split()[-1]), set()).add(actor.id)
        #: surname -> person, for surnames only one person of the knowledge base has
        first_names = {normalise_alias(a.name.split()[0]) for a in self.kb
                       if a.kind is ActorKind.PERSON and len(a.name.split()) > 1}
        self._unique_surnames = {k: next(iter(v)) for k, v in by_surname.items()
                                 if len(v) == 1 and k not in first_names and len(k) > 3}
        for entry in self.kb.alias_entries():
            key = normalise_alias(entry.text)
            if entry.alias_type == "adjective":
                self._adjectives.add(key)
            elif len(key) >= 5 and entry.guard is None:
                self._fuzzy_keys.append(key)
                self._fuzzy_ids.append(entry.actor_id)

    def _kb_exact(self, span: Span, label: str) -> Actor | bool:
        """The actor of an exact alias; ``False`` when none, ``True`` when a guard vetoes it."""
        doc = span.doc
        for entry in self.kb.lookup_entries(span.text):
            actor = self.kb.get(entry.actor_id)
            if actor is None or not _kind_fits(actor.kind, label):
                continue
            if entry.alias_type == "adjective":
                continue
            if not guard_ok(entry.guard, doc, span.start, span.end):
                return True  # "Turkey sandwiches", "a summit in Moscow"
            return actor
        return False

    def _without_middle_names(self, span: Span) -> Actor | None:
        """The one knowledge-base person whose alias is ``span``'s first and last words, when it has more
        ("William C. Bullitt" is "William Bullitt"); None when there is none, or more than one."""
        words = [t for t in span if not t.is_punct]
        if len(words) < 3 or words[0].lower_.rstrip(".") in TITLES:
            return None
        people = {entry.actor_id for entry in self.kb.lookup_entries(f"{words[0].text} {words[-1].text}")
                  if entry.alias_type != "adjective" and self.kb.get(entry.actor_id) is not None
                  and self.kb.get(entry.actor_id).kind is ActorKind.PERSON}
        return self.kb.get(people.pop()) if len(people) == 1 else None

    def _kb_fuzzy(self, text: str, label: str) -> tuple[Actor, float, str] | None:
        key = normalise_alias(text)
        if len(key) < 5 or not self._fuzzy_keys:
            return None
        hits = self._fuzzy_hits.get(key)
        if hits is None:
            if len(self._fuzzy_hits) >= 10_000:
                self._fuzzy_hits.clear()  # bounded: memory stays flat on any corpus
            hits = self._fuzzy_hits[key] = process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio,
                                                           score_cutoff=self.fuzzy_threshold, limit=3)
        for _, score, index in hits:
            candidate = self._fuzzy_keys[index]
            if candidate[0] != key[0] or len(candidate.split()) != len(key.split()):
                continue
            if candidate.split()[-1][:3] != key.split()[-1][:3]:
                continue
            actor = self.kb.get(self._fuzzy_ids[index])
            if actor is not None and _kind_fits(actor.kind, label):
                return actor, round(0.8 * score / 100.0, 3), candidate
        return None

    def person_by_name(self, name: str, surnames: dict[str, Actor]) -> tuple[Actor, float, str]:
        """A person named without help from the NER: knowledge base, earlier mention, or ad hoc."""
        for actor in self.kb.lookup(name):
            if actor.kind is ActorKind.PERSON:
                return actor, 0.9, "knowledge-base name"
        key = normalise_alias(name)
        if key in surnames:
            return surnames[key], 0.8, "surname of a person named earlier"
        if key in self._unique_surnames:
            person = self.kb.get(self._unique_surnames[key])
            if person is not None:
                return person, 0.7, "the only known person with this surname"
        clean = " ".join(name.split())
        return Actor(adhoc_actor_id(clean, "PERSON"), clean, ActorKind.PERSON), 0.55, "ad-hoc person"

    def group_of(self, person: Actor, noun: Token) -> Actor:
        """ "Corbyn's opponents" -> the faction defined against him, or an ad-hoc group."""
        relation = GROUP_NOUNS[noun.lower_]
        known = (self.kb.opponents_of if relation == "opposes" else self.kb.supporters_of)(person.id)
        if known is not None:
            return known
        word = "opponents" if relation == "opposes" else "supporters"
        slug = person.id.split(":", 1)[-1].lower()
        return Actor(f"GRP:{word}_of_{slugify(slug)}", f"{person.name}'s {word}", ActorKind.GROUP,
                     parent=person.id)

    def resolve_entity(self, doc: Doc, ent: Span, surnames: dict[str, Actor],
                       firstnames: dict[str, Actor | None]) -> tuple[Span, Actor, float, str] | None:
        """(span, actor, confidence, rule) for an entity of the NER, or None when it names no actor."""
        span = _trim(ent)
        if span is None:
            return None
        if not self.kb.lookup_entries(span.text):
            span = name_part(span)  # "Lt Col Ivan Petrov", "Will Warren continue ...?"
        rest = gerund_before_name(span)
        if rest is not None and normalise_alias(rest.text) in surnames:  # "Questioning Petrov's judgment"
            return rest, surnames[normalise_alias(rest.text)], 0.85, "NER entity after a verb in -ing: surname"
        text = span.text
        norm = normalise_alias(text)
        if coined_from(span, surnames):
            return None  # "Halemania": a word coined from a name
        if not any(ch.isalpha() for ch in norm) or norm in _STOP_NAMES or any(_is_clitic(t) for t in span):
            return None  # "n’t": the small model's stray entities
        label = ent.label_
        prev = lower_at(doc, span.start - 1)
        # a PERSON the small model found after "in"/"at" is a place ("in Manchester Gorton")
        if label == "PERSON" and (
            prev in _PLACE_PREPOSITIONS
            or (prev == "the" and lower_at(doc, span.start - 2) in _PLACE_PREPOSITIONS)
            or lower_at(doc, span.end) in _PLACE_NEXT
        ):
            label = "GPE"
            if prev == "the":
                prev = lower_at(doc, span.start - 2)
        if label == "NORP" and norm in self._adjectives:
            return None  # "Chinese proverb", "Polish communities": not an actor
        if label == "PERSON" and len(span) == 1:
            full = completed_person_name(span, self.kb)
            if full is not None:  # "Joe and Hunter Biden", "Ombudsman Nadia Cruz" (NER found "Cruz")
                actor, confidence, why = self.person_by_name(full[0], surnames)
                return full[1], actor, min(confidence, 0.8), f"NER PERSON completed to {full[0]!r}: {why}"
        actor = self._kb_exact(span, label)
        if actor is True:
            return None
        if actor is False and label == "PERSON":
            short = self._without_middle_names(span)
            if short is not None:  # "William C. Bullitt", "William Henry Seward"
                return span, short, 0.85, "NER PERSON: the one known person of its first and last names"
        if isinstance(actor, Actor):
            return span, actor, 0.95, f"NER {ent.label_} + exact knowledge-base alias"
        no_name_rule = not_a_name(span)  # the row of NOT_NAME_RULES that says span is no name, if any
        if label in {"PERSON", "ORG", "GPE", "NORP"} and no_name_rule != "named_law":  # not "Hague treaty"
            known = self._named_earlier(span, ent, label, norm, surnames, firstnames)
            if known is not None:
                return known
        if label == "NORP":
            if norm in self._adjectives or not (text.endswith("s") or span[-1].tag_ == "NNPS"):
                return None
        if label in {"GPE", "LOC", "FAC"} and (prev in LOCATIVE or lower_at(doc, span.end) in _PLACE_NEXT):
            return None  # a place named as a place ("in Copeland", "the Copeland selection")
        if norm.split()[-1] in _NON_ACTOR_HEADS:
            return None  # "Lisbon Summit", "Geneva Convention"
        if not is_name_like(span):
            return None  # only a knowledge-base alias may be lower-case ("the mujahedin")
        if no_name_rule is not None:
            return None  # "Cmdr", "Televised", "the Free", "Energy Secretary" (see NOT_NAME_RULES)
        fuzzy = self._kb_fuzzy(text, label)
        if fuzzy is not None:
            return span, fuzzy[0], fuzzy[1], f"NER {ent.label_} + fuzzy alias match {fuzzy[2]!r}"
        return self._adhoc_actor(span, ent, label, text)

    def _named_earlier(self, span: Span, ent: Span, label: str, norm: str, surnames: dict[str, Actor],
                       firstnames: dict[str, Actor | None]) -> tuple[Span, Actor, float, str] | None:
        """A surname, title + surname or first name of someone already named (or the only known bearer)."""
        words = norm.split()
        # surname or title + surname of someone already named
        while len(words) > 1 and words[0].rstrip(".") in TITLES:
            words = words[1:]
        if len(words) == 1 and words[0] in surnames:
            return span, surnames[words[0]], 0.85, f"NER {ent.label_}: surname of a person named earlier"
        if label == "PERSON" and len(words) == 1 and firstnames.get(words[0]) is not None:
            return span, firstnames[words[0]], 0.6, "NER PERSON: first name of a person named earlier"
        # a GPE only as the subject of a verb ("Acheson signed"; the small model reads some surnames as places)
        as_person = label in {"PERSON", "ORG"} or (label == "GPE" and span.root.dep_ in {"nsubj", "nsubjpass"})
        if as_person and len(words) == 1 and words[0] in self._unique_surnames:
            person = self.kb.get(self._unique_surnames[words[0]])
            if person is not None:
                return span, person, 0.7, f"NER {ent.label_}: the only known person with this surname"
        return None

    def _adhoc_actor(self, span: Span, ent: Span, label: str, text: str) -> tuple[Span, Actor, float, str] | None:
        """An ad-hoc actor for a name the knowledge base lacks (None when ad-hoc actors are off)."""
        if not self.adhoc:
            return None
        if label == "PERSON" and not span[0].text[:1].isupper():
            return None
        name = " ".join(text.split())
        if name.casefold().startswith("the "):
            name = name[4:]
        kind = {
            "PERSON": ActorKind.PERSON, "NORP": ActorKind.GROUP, "GPE": ActorKind.GOVERNMENT,
        }.get(label, ActorKind.ORGANISATION)
        if label in {"LOC", "FAC"}:
            return None
        if label in {"PERSON", "ORG"} and listed_as_alliance_members(span):
            return (span, Actor(adhoc_actor_id(name, "ORG"), name, ActorKind.PARTY), 0.6,
                    f"NER {ent.label_} listed among an alliance's members: ad-hoc party")
        return (span, Actor(adhoc_actor_id(name, label), name, kind), 0.6,
                f"NER {ent.label_} not in the knowledge base: ad-hoc actor")


def _is_name_word(token: Token, kb: KnowledgeBase) -> bool:
    """A capitalised proper noun that is no title and no alias of the knowledge base."""
    return (token.is_alpha and token.is_title and token.tag_ == "NNP" and not is_title_word(token.text)
            and not kb.lookup_entries(token.text))


def completed_person_name(span: Span, kb: KnowledgeBase) -> tuple[str, Span] | None:
    """(whole name, mention span) for a one-word PERSON entity the NER cut from its name, else None.

    "Joe and Hunter Biden": a first name coordinated with "First Surname" shares the surname
    (name "Joe Biden", mention "Joe"). "Ombudsman Nadia Cruz" with only "Cruz" found: the first
    name before it belongs to it (name and mention "Nadia Cruz"), so the surname is not read as
    the known person of that surname.
    """
    doc, i = span.doc, span.start
    if not span[0].is_title:
        return None
    if i + 3 < len(doc) and doc[i + 1].lower_ == "and" and _is_name_word(doc[i + 2], kb) \
            and doc[i + 3].is_title and doc[i + 3].tag_ == "NNP" \
            and not (i + 4 < len(doc) and doc[i + 4].is_title and doc[i + 4].tag_ == "NNP"):
        return f"{span.text} {doc[i + 3].text}", span
    if i > 0 and not doc[i].is_sent_start and _is_name_word(doc[i - 1], kb):
        whole = doc[i - 1:span.end]
        return whole.text, whole
    return None


def _trim(ent: Span) -> Span | None:
    """Drop possessive endings and surrounding punctuation from an entity."""
    start, end = ent.start, ent.end
    doc = ent.doc
    opened = [t.i for t in ent if t.text == "("]
    if opened and not any(t.text == ")" for t in doc[opened[-1]:end]):
        end = opened[-1]  # "Popular Unity Front (PUF": the name ends before the parenthesis
    while end > start and (doc[end - 1].norm_ in {"'s", "'"} or doc[end - 1].is_punct):
        end -= 1
    while start < end and doc[start].is_punct:
        start += 1
    if start >= end:
        return None
    return Span(doc, start, end, label=ent.label_)


def _is_clitic(token: Token) -> bool:
    """A contraction or possessive piece of a word ("n't", "n’t", "'s", "’ll"): never a name."""
    text = token.text.replace("\u2019", "'")
    return text.startswith("'") or text.casefold() == "n't"


def is_name_like(span: Span) -> bool:
    """Whether ``span`` can name an actor: no clitic or punctuation-only token, and at
    least one capital letter or digit (lower-case function words are not names).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("They don’t trust the Kremlin")
    >>> is_name_like(doc[2:3]), is_name_like(doc[0:1]), is_name_like(doc[4:6])
    (False, True, True)
    >>> is_name_like(doc[3:4])
    False
    """
    if any(_is_clitic(tok) for tok in span) or all(tok.is_punct for tok in span):
        return False
    return any(ch.isupper() or ch.isdigit() for ch in span.text)


def group_noun_end(doc: Doc, end: int) -> int | None:
    """End of "<person>'s opponents" or "<person> supporters" when it follows a person mention (the group
    noun is the last word).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Hale's critics and Ruiz supporters met Hale Supporters Inc.")
    >>> group_noun_end(doc, 1), group_noun_end(doc, 5), group_noun_end(doc, 8)
    (3, 6, None)
    """
    if end + 1 < len(doc) and doc[end].norm_ == "'s" and doc[end + 1].lower_ in GROUP_NOUNS:
        return end + 2
    if end < len(doc) and doc[end].lower_ in GROUP_NOUNS and doc[end].is_lower:
        return end + 1  # "Navalny supporters"
    return None


def _kind_fits(kind: ActorKind, label: str) -> bool:
    if label == "PERSON":
        return kind is ActorKind.PERSON
    if label in {"GPE", "LOC"}:
        return kind in {ActorKind.COUNTRY, ActorKind.GOVERNMENT, ActorKind.IGO}
    return kind is not ActorKind.PERSON
