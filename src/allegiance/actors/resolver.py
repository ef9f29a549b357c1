"""The actor resolver: every entity and reference of a document as a mention of an actor.

``allegiance_actor_resolver`` (after ``"ner"``) turns every entity into an actor mention in
``doc.spans["actors"]``: knowledge-base matches of the ruler, then single entities
(:class:`~allegiance.actors.entities.EntityResolver`), honorifics before names the small model
missed ("Mr Weld"), repeated surnames and first names of people named earlier, references
(:mod:`allegiance.actors.references`), and what the whole document says: abbreviations it
defines, one reading per name, "Labour" in a story about Australia as Labor
(``context_aliases``), and, when ``doc._.doc_date`` is set, the historical state of the time
("Moscow" in 1962 is the Soviet Union; ``covers`` in the knowledge base).

Each span carries ``span._.actor`` (:class:`allegiance.model.Actor`),
``span._.actor_confidence``, ``span._.actor_group`` (the member actors of a reference to
several actors, else None) and ``span._.actor_rule`` (a short reason for the resolution).
Docs carrying actors survive ``to_bytes`` and ``n_process > 1`` (a msgpack codec is
registered here).
"""

from __future__ import annotations

import re
from typing import Sequence

import srsly
from spacy.language import Language
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span

from allegiance.actors.documents import (
    OFFICIAL_LABEL,
    acts_on,
    country_context,
    country_votes,
    defined_abbreviations,
    is_shared_party_name,
    one_reading_per_document,
    short_forms,
    speaker_labels,
)
from allegiance.actors.entities import ACTOR_LABELS, EntityResolver, completed_person_name, group_noun_end
from allegiance.actors.guards import (COURT_NOUNS, court_name, eponym_name, eponym_of, government_named_by, lower_at,
                                      no_actor_entity, token_words)
from allegiance.actors.kb import adhoc_actor_id, normalise_alias, shared_knowledge_base
from allegiance.actors.references import administration_on, group_actor, office_holder_named, resolve_references
from allegiance.actors.ruler import RULER_CONFIDENCE_KEY
from allegiance.model import Actor, ActorKind
from allegiance.nlp.extensions import ACTOR_SPANS_KEY, register_extensions

__all__ = ["ActorResolver", "RESOLVER_NAME", "make_actor_resolver"]

RESOLVER_NAME = "allegiance_actor_resolver"
#: what a press briefing calls the administration in office ("the White House", "this administration"), normalised
_ADMINISTRATION_WORDS = frozenset({"white house", "administration", "this administration", "u.s. government",
                                   "us government", "united states government", "u.s. administration"})
#: the letters of a word, to write an ALL-CAPS label in title case ("O'SULLIVAN" -> "O'Sullivan")
_CAPITALISED = re.compile(r"[A-Za-z]+")
_HONORIFICS = frozenset(
    """mr mrs ms miss dr sen senator rep representative congressman congresswoman governor gov
    president speaker mayor sir dame lord lady""".split()
)

register_extensions()
for _name in ("actor_group", "actor_rule"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

_ACTOR_MARK = "__allegiance_actor__"
#: a social-media handle made of two or three capitalised words ("@AnaHale")
_NAME_HANDLE = re.compile(r"@((?:[A-Z][a-z]+){2,3})")


def _encode_actor(obj, chain=None):
    """msgpack encoder so Docs carrying actors survive ``to_bytes`` and ``n_process > 1``."""
    if isinstance(obj, Actor):
        return {_ACTOR_MARK: True, "id": obj.id, "name": obj.name, "kind": obj.kind.value,
                "aliases": list(obj.aliases), "parent": obj.parent,
                "valid_from": obj.valid_from, "valid_to": obj.valid_to}
    return obj if chain is None else chain(obj)


def _decode_actor(obj, chain=None):
    if isinstance(obj, dict) and obj.get(_ACTOR_MARK):
        return Actor(obj["id"], obj["name"], ActorKind(obj["kind"]), tuple(obj.get("aliases") or ()),
                     obj.get("parent"), obj.get("valid_from"), obj.get("valid_to"))
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("allegiance_actor", func=_encode_actor)
srsly.msgpack_decoders.register("allegiance_actor", func=_decode_actor)


class _Mentions:
    """The mentions found so far in one document and the people's names they make known."""

    def __init__(self, n_tokens: int):
        self.items: list[tuple[Span, Actor, float, tuple[Actor, ...] | None, str]] = []
        self.surnames: dict[str, Actor] = {}
        self.firstnames: dict[str, Actor | None] = {}
        self.taken = bytearray(n_tokens)  # 1 for every token already in a mention

    def add(self, span: Span, actor: Actor, confidence: float, rule: str,
            group: tuple[Actor, ...] | None = None) -> None:
        self.items.append((span, actor, confidence, group, rule))
        for i in range(span.start, span.end):
            self.taken[i] = 1
        if actor.kind is ActorKind.PERSON:
            words = actor.name.split()
            if len(words) > 1:
                self.surnames.setdefault(words[-1].casefold(), actor)
                self.surnames.setdefault(_surname(span.text), actor)
                first = words[0].casefold()
                if getattr(self.firstnames.get(first, actor), "id", None) != actor.id:
                    self.firstnames[first] = None  # two people share it: never guess
                else:
                    self.firstnames[first] = actor


def _surname(text: str) -> str:
    words = normalise_alias(text).split()
    return words[-1] if words else ""


class ActorResolver(EntityResolver):
    """Resolve entities and references to actors in ``doc.spans["actors"]``.

    Parameters
    ----------
    nlp : Language
        The pipeline.
    name : str
        Component name.
    actors_paths : list of str
        User actor files (the same as the ruler's).
    fuzzy_threshold : float
        Minimum rapidfuzz ratio (0-100) for a near-miss spelling to resolve to
        a knowledge-base actor.
    resolve_pronouns : bool
        Resolve "they"/"their" and "the country"-style references.
    adhoc : bool
        Keep unknown political entities as ad-hoc actors.

    Examples
    --------
    >>> from allegiance.actors.pipes import add_actor_pipes
    >>> from allegiance.nlp import load_model
    >>> nlp = add_actor_pipes(load_model())
    >>> doc = nlp("Afzhal Khan won. Khan thanked members.")
    >>> [s._.actor.id for s in doc.spans["actors"]]
    ['PER:afzhal_khan', 'PER:afzhal_khan']
    """

    def __init__(self, nlp: Language, name: str = RESOLVER_NAME, *,
                 actors_paths: Sequence[str] = (), fuzzy_threshold: float = 90.0,
                 resolve_pronouns: bool = True, adhoc: bool = True):
        super().__init__(shared_knowledge_base(actors_paths), fuzzy_threshold=fuzzy_threshold, adhoc=adhoc)
        self.name = name
        self.resolve_pronouns = resolve_pronouns

    def __call__(self, doc: Doc) -> Doc:
        found = _Mentions(len(doc))
        self._add_handles(doc, found)
        labels = speaker_labels(doc)
        self._add_speaker_labels(doc, found, labels)  # before the entities: a label's name is known to the rest
        self._add_entities(doc, found, doc.user_data.pop(RULER_CONFIDENCE_KEY, {}) or {})
        lowers, pos_ids = token_words(doc)
        self._add_honorific_names(doc, found, lowers)
        self._add_repeated_names(doc, found, pos_ids)
        below = {self.kb.country_of(m[1].id) for m in found.items
                 if m[1].id in self.kb and self.kb.is_subnational(m[1].id)}
        mentions = [self._government_named_by(doc, m, found.taken, below) for m in found.items]
        if self.resolve_pronouns:
            mentions.sort(key=lambda m: m[0].start)
            for item in resolve_references(doc, mentions, found.taken, self.kb, lowers):
                mentions.append(item)

        mentions.sort(key=lambda m: m[0].start)
        mentions = self._document_readings(doc, mentions, found.taken)
        date = doc._.doc_date
        if date:
            mentions = self._of_their_time(mentions, str(date))
            holders = self._office_holders_by_surname(mentions, str(date))
            mentions = [self._dated(m, str(date), holders) for m in mentions]
            if labels:
                mentions = self._in_briefing(doc, mentions, labels, found.taken, str(date))
        group = []
        for span, actor, confidence, members, rule in mentions:
            span._.actor = actor
            span._.actor_confidence = float(confidence)
            span._.actor_group = members
            span._.actor_rule = rule
            group.append(span)
        doc.spans[ACTOR_SPANS_KEY] = group
        return doc

    def _government_named_by(self, doc: Doc, mention: tuple, taken: bytearray, below: set) -> tuple:
        """ "the government of Nicolás Maduro", "the Labour government": the government a leader or a party
        names is its country (:func:`government_named_by`); the leader or party is no end of the sentence's
        relations then (docs/annotation.md, 7p). Not in a document that names a state or province of that
        country (``below``): "Manohar's government" beside Goa may be the state's."""
        span, actor, confidence, members, rule = mention
        if members is not None or actor.kind not in (ActorKind.PERSON, ActorKind.PARTY) or actor.id not in self.kb:
            return mention
        found = government_named_by(doc, span.start, span.end)
        home = self.kb.get(self.kb.country_of(actor.id) or "") if found else None
        if home is None or home.id in below:
            return mention
        for i in range(*found):
            taken[i] = 1
        return (doc[found[0]:found[1]], home, min(confidence, 0.8), None,
                f"{rule}; the government {actor.name} names -> {home.name}")

    def _add_entities(self, doc: Doc, found: _Mentions, conf_by_span: dict) -> None:
        """The entities of ``doc.ents``: the ruler's knowledge-base matches, then the NER's."""
        for ent in doc.ents:
            if all(found.taken[i] for i in range(ent.start, ent.end)):
                continue  # a handle read by _add_handles
            if ent.kb_id_ and ent.kb_id_ in self.kb:
                actor = self.kb.get(ent.kb_id_)
                assert actor is not None
                if court_name(ent) and not (actor.kind is ActorKind.COUNTRY and ent.root.lower_ in COURT_NOUNS):
                    continue  # courts are not political actors; "the Qing court" is the dynasty
                if eponym_name(ent):
                    continue  # "the Rogers Plan", "the Monroe Doctrine": a named thing, not its bearer
                if actor.kind is ActorKind.PERSON and len(ent) == 1 and completed_person_name(ent, self.kb):
                    ent = Span(doc, ent.start, ent.end, label="PERSON")  # "Nadia Cruz": not Ted Cruz
                    self._add_resolved(doc, found, self.resolve_entity(doc, ent, found.surnames, found.firstnames))
                    continue
                span = ent
                group_end = group_noun_end(doc, ent.end) if actor.kind is ActorKind.PERSON else None
                if group_end is not None:
                    grouped = self.group_of(actor, doc[group_end - 1])
                    found.add(doc[ent.start:group_end], grouped, 0.75,
                              f"person + {doc[group_end - 1].text!r} -> group")
                    continue
                conf, rule = conf_by_span.get((ent.start, ent.end), (1.0, "kb id on entity"))
                found.add(span, actor, float(conf), rule)
                continue
            if ent.label_ not in ACTOR_LABELS or no_actor_entity(ent):
                continue  # courts, diseases and named events are no actors
            self._add_resolved(doc, found, self.resolve_entity(doc, ent, found.surnames, found.firstnames))

    def _add_resolved(self, doc: Doc, found: _Mentions, resolved: tuple | None) -> None:
        """Add an entity resolved by :meth:`resolve_entity` (a person's "'s opponents" become a group)."""
        if resolved is not None:
            span, actor, confidence, rule = resolved
            group_end = group_noun_end(doc, span.end) if actor.kind is ActorKind.PERSON else None
            if group_end is not None:
                found.add(doc[span.start:group_end], self.group_of(actor, doc[group_end - 1]), 0.7,
                          f"{rule}; + {doc[group_end - 1].text!r} -> group")
            else:
                found.add(span, actor, confidence, rule)

    def _add_handles(self, doc: Doc, found: _Mentions) -> None:
        """ "@AnaHale" is the person the document also writes out as "Ana Hale" (never "Ana" alone)."""
        for tok in doc:
            match = _NAME_HANDLE.fullmatch(tok.text)
            if match is None:
                continue
            name = " ".join(re.findall(r"[A-Z][a-z]+", match.group(1)))
            if name not in doc.text:
                continue  # "@FoxNews" with no "Fox News" in the text: no person to read
            actor, confidence, rule = self.person_by_name(name, found.surnames)
            found.add(doc[tok.i:tok.i + 1], actor, min(confidence, 0.8), f"handle of {name!r}: {rule}")

    def _add_honorific_names(self, doc: Doc, found: _Mentions, lowers: list[str]) -> None:
        """ "Mr Weld", "Sen. Cummings": an honorific before proper nouns the NER missed."""
        for i in [i for i, low in enumerate(lowers) if low.rstrip(".") in _HONORIFICS]:
            if found.taken[i] or i + 1 >= len(doc):
                continue
            tok = doc[i]
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 3 and not found.taken[end] and doc[end].pos_ == "PROPN" \
                    and doc[end].is_title and doc[end].ent_type_ in {"", "PERSON", "ORG"}:
                end += 1
            if end == tok.i + 1:
                continue
            name = doc[tok.i + 1:end]
            actor, confidence, rule = self.person_by_name(name.text, found.surnames)
            found.add(doc[tok.i:end], actor, confidence, f"honorific {tok.text!r} + proper noun: {rule}")

    def _add_speaker_labels(self, doc: Doc, found: _Mentions, labels: list) -> None:
        """ "MR. SULLIVAN:", "MS. JEAN-PIERRE:": the name in a transcript's speaker label, read in title case
        (docs/annotation.md, 7i: a label is a mention of its speaker). A label with no title before the name
        counts only when the knowledge base knows the person ("MODERATOR:" is nobody)."""
        for label, name, titled in labels:
            if name is None or any(found.taken[i] for i in range(name.start, name.end)):
                continue
            text = _CAPITALISED.sub(lambda m: m.group(0).capitalize(), name.text)
            actor, confidence, rule = self.person_by_name(text, found.surnames)
            if actor.id in self.kb or titled:
                found.add(name, actor, min(confidence, 0.8), f"speaker label {label.text!r}: {rule}")

    def _in_briefing(self, doc: Doc, mentions: list, labels: list, taken: bytearray, date: str) -> list:
        """A press briefing's "the White House", "the administration" and "the U.S. government" are the
        administration in office (docs/annotation.md, 7i and 7p), not the country; so is an unnamed official's
        label ("SENIOR ADMINISTRATION OFFICIAL:"). A briefing is a transcript (``labels``, :func:`speaker_labels`)
        with a labelled member of the administration of ``date`` or an unnamed official of it."""
        administration = administration_on(date, self.kb)
        if administration is None:
            return mentions
        officials = [label for label, _, _ in labels if OFFICIAL_LABEL.search(label.text)
                     and not any(taken[i] for i in range(label.start, label.end))]
        members = any(actor.parent == administration.id and any(
            label.start <= span.start and span.end <= label.end for label, _, _ in labels)
            for span, actor, *_ in mentions)
        if not (members or officials):
            return mentions
        mentions = [(span, administration, confidence, members_, f"{rule}; in a briefing -> {administration.name}")
                    if actor.id == administration.parent and members_ is None
                    and normalise_alias(span.text).removeprefix("the ") in _ADMINISTRATION_WORDS
                    else (span, actor, confidence, members_, rule)
                    for span, actor, confidence, members_, rule in mentions]
        mentions += [(label, administration, 0.8, None, "unnamed official's speaker label") for label in officials]
        return sorted(mentions, key=lambda m: m[0].start)

    def _add_repeated_names(self, doc: Doc, found: _Mentions, pos_ids: list[int]) -> None:
        """Proper nouns the NER missed that repeat a surname ("Khan") or first name seen earlier."""
        if found.surnames:
            for i in [i for i, pos in enumerate(pos_ids) if pos == PROPN]:
                if found.taken[i] or eponym_of(doc[i]):
                    continue  # taken, or the name of a plan after its bearer ("the Rogers Plan")
                tok = doc[i]
                folded = tok.text.casefold()
                if folded in found.surnames:
                    found.add(doc[tok.i:tok.i + 1], found.surnames[folded], 0.8,
                              "proper noun repeating the surname of a person named earlier")
                elif found.firstnames.get(folded) is not None and lower_at(doc, tok.i + 1) != "'s" \
                        and not (tok.i + 1 < len(doc) and doc[tok.i + 1].is_title):
                    found.add(doc[tok.i:tok.i + 1], found.firstnames[folded], 0.6,
                              "first name of a person named earlier")

    def _document_readings(self, doc: Doc, mentions: list, taken: bytearray) -> list:
        """What the whole document says about its names: abbreviations it defines, one reading
        per mention string, and the country context of shared party names."""
        mentions = self._with_defined_abbreviations(doc, mentions, taken)
        mentions = self._with_short_forms(doc, mentions, taken)
        mentions = one_reading_per_document(mentions, self._is_guess)
        return self._in_context(doc, mentions)

    def _is_guess(self, mention: tuple) -> bool:
        """A reading the resolver guessed (an ad-hoc actor), not one the knowledge base gave."""
        actor, rule = mention[1], mention[4] or ""
        return actor.id not in self.kb and "ad-hoc" in rule

    def _with_defined_abbreviations(self, doc: Doc, mentions: list, taken: bytearray) -> list:
        """ "the Social Democratic Front (SDF)": every "SDF" of the document is that front."""
        defined = defined_abbreviations(doc, mentions)
        if not defined:
            return mentions
        out = []
        for span, actor, confidence, members, rule in mentions:
            key = span.text.removeprefix("the ").removeprefix("The ")
            if members is None and key in defined and defined[key].id != actor.id:
                actor, rule = defined[key], f"abbreviation defined in the document for {defined[key].name}"
            out.append((span, actor, confidence, members, rule))
        for tok in doc:
            if not taken[tok.i] and tok.text in defined:
                out.append((doc[tok.i:tok.i + 1], defined[tok.text], 0.8, None,
                            f"abbreviation defined in the document for {defined[tok.text].name}"))
                taken[tok.i] = 1
        out.sort(key=lambda m: m[0].start)
        return out

    def _with_short_forms(self, doc: Doc, mentions: list, taken: bytearray) -> list:
        """ "the League" after "the League of Nations" is that league (:func:`short_forms`): a guessed or
        fuzzy reading of the head word becomes the organisation, and "the" + the head word the NER left
        alone becomes a mention of it."""
        forms = short_forms(doc, mentions)
        if not forms:
            return mentions
        out = []
        for mention in mentions:
            span, actor, confidence, members, rule = mention
            found = forms.get(span.text.removeprefix("the ").removeprefix("The "))
            if found is not None and members is None and span.start >= found[0] \
                    and (self._is_guess(mention) or "fuzzy" in (rule or "")):  # "Union": not UNISON
                actor, confidence = found[1], min(confidence, 0.7)
                rule = f"short form of {found[1].name}, named earlier in the document"
            out.append((span, actor, confidence, members, rule))
        for tok in doc[1:]:
            found = forms.get(tok.text)
            if found is None or tok.i < found[0] or taken[tok.i] or taken[tok.i - 1] \
                    or doc[tok.i - 1].lower_ != "the" or lower_at(doc, tok.i + 1) == "of" \
                    or (tok.i + 1 < len(doc) and doc[tok.i + 1].is_title):
                continue  # "the League of Women Voters", "the Union Army": a longer name
            out.append((doc[tok.i - 1:tok.i + 1], found[1], 0.7, None,
                        f"short form of {found[1].name}, named earlier in the document"))
            taken[tok.i - 1] = taken[tok.i] = 1
        out.sort(key=lambda m: m[0].start)
        return out

    def _in_context(self, doc: Doc, mentions: list) -> list:
        """ "Labour" in a story about Australia is Labor, not the UK party (``context_aliases``);
        "Republican forces" in a story about Bolivia is not the US party. The sentence decides first
        (:meth:`_in_sentence_context`), as in a digest of many stories; the story decides for a mention
        whose sentence names no country of its own."""
        mentions, settled = self._in_sentence_context(doc, mentions)
        votes = country_votes(doc, self.kb, [(m[0], m[1]) for m in mentions if m[3] is None])
        context = country_context(votes)
        if not context:
            return mentions
        out = []
        for i, (span, actor, confidence, members, rule) in enumerate(mentions):
            home = self.kb.country_of(actor.id) if actor.id in self.kb else None
            if members is None and home not in context and i not in settled \
                    and context[0] not in self._acted_on(span, mentions):
                remapped = self._national_reading(span, actor, home, context, votes)
                if remapped is not None:
                    actor, confidence = remapped, min(confidence, 0.8)
                    rule = f"{rule}; in a story about {'/'.join(context)} -> {remapped.name}"
            out.append((span, actor, confidence, members, rule))
        return out

    def _acted_on(self, span: Span, mentions: list) -> set[str]:
        """The countries of the mentions of ``span``'s sentence that ``span`` acts on (:func:`acts_on`)."""
        if not span.doc.has_annotation("DEP") or span.root.dep_ not in ("nsubj", "nsubjpass"):
            return set()  # no parse, or not a subject: it acts on nothing (acts_on would say no to every mention)
        sent = span.sent
        return {home for other, actor, _, members, _ in mentions
                if members is None and sent.start <= other.start < sent.end and other.start != span.start
                and actor.id in self.kb and (home := self.kb.country_of(actor.id)) and acts_on(span, other)}

    def _in_sentence_context(self, doc: Doc, mentions: list) -> tuple[list, set[int]]:
        """Names that depend on the country, read in the sentence's: an ad hoc actor (one the knowledge
        base lacks, as "Venstre" is without "(Denmark)") or a name with national readings ("Congress")
        becomes the actor the name stands for in a country that another mention of the sentence belongs to,
        unless the sentence names the mention's own country too. The document's other ad hoc mentions of
        the name are read the same way. Returns the mentions and the indices of those whose sentence
        named their country (the story's country does not overrule it)."""
        if not doc.has_annotation("SENT_START"):
            return mentions, set()
        homes = [self.kb.country_of(m[1].id) if m[3] is None and m[1].id in self.kb else None for m in mentions]
        named: dict[int, list[str]] = {}
        for (span, *_), home in zip(mentions, homes):
            if home is not None:
                named.setdefault(span.sent.start, []).append(home)
        read: dict[str, tuple[Actor, str]] = {}
        out, settled = [], set()
        for i, ((span, actor, confidence, members, rule), home) in enumerate(zip(mentions, homes)):
            others = list(named.get(span.sent.start, ()))
            if home is not None:
                others.remove(home)
            for target in self._acted_on(span, mentions) if others else ():
                if target in others and target != home:
                    others.remove(target)  # "Labor criticised Israel": Israel is the other side, not the setting
            if members is None and others and home not in others and (
                    home is None or self.kb.in_country_context(span.text, "*") is not None):
                for country in dict.fromkeys(others):
                    known = self.kb.in_country_context(span.text, country)
                    if known is not None and known.id != actor.id:
                        if home is None:
                            read.setdefault(span.text, (known, country))
                        actor, confidence = known, min(confidence, 0.8)
                        rule = f"{rule}; in a sentence about {country} -> {known.name}"
                        home = country
                        break
            if home is not None and home in others:
                settled.add(i)
            out.append((span, actor, confidence, members, rule))
        for i, (span, actor, confidence, members, rule) in enumerate(out):
            if members is None and actor.id not in self.kb and span.text in read:
                actor, country = read[span.text]
                out[i] = (span, actor, min(confidence, 0.8), members, f"{rule}; in a story about {country} -> "
                                                                       f"{actor.name}")
        return out, settled

    def _national_reading(self, span: Span, actor: Actor, home: str | None, context: tuple[str, ...],
                          votes) -> Actor | None:
        """The actor an ambiguous party name stands for in a story about ``context``: that
        country's party of the knowledge base, else (when the story never names the default
        party's country) a party of its own; ``None`` keeps the default reading."""
        if votes.get(home, 0) * 2 > votes[context[0]]:
            return None  # the default's own country is named about as often: keep it
        for country in context:
            other = self.kb.in_country_context(span.text, country)
            if other is not None:
                return other
        if home is None or votes.get(home, 0) or self.kb.party_of(actor.id) is None \
                or not is_shared_party_name(span.text):
            return None
        name = " ".join(span.text.split())
        name = name[4:] if name.casefold().startswith("the ") else name
        return Actor(adhoc_actor_id(f"{name} {context[0]}", "ORG"), f"{name} ({context[0]})", ActorKind.PARTY)

    def _of_their_time(self, mentions: list, date: str) -> list:
        """Mentions without those of actors named out of their time ("mujahideen" in 2019), and
        without the pronouns that referred to such an actor when no name of it is left."""
        gone = {m[1].id for m in mentions if self.kb.named_out_of_its_time(m[1].id, m[0].text, date)}
        if not gone:
            return mentions
        kept = [m for m in mentions if not self.kb.named_out_of_its_time(m[1].id, m[0].text, date)]
        named = {m[1].id for m in kept if any(e.actor_id == m[1].id for e in self.kb.lookup_entries(m[0].text))}
        return [m for m in kept if m[1].id not in gone or m[1].id in named]

    def _dated(self, mention: tuple, date: str, holders: dict[str, Actor]) -> tuple:
        """ "Moscow" in a 1962 text is the Soviet Union (the knowledge base's ``covers``); a person named by
        surname alone is whoever of that name held a listed office that day ("Roosevelt" in 1904), and so are
        the other mentions resolved to the same person ("Kennedy ... his": ``holders``)."""
        span, actor, confidence, members, rule = mention
        holder = holders.get(actor.id)
        if holder is not None and not members:
            return span, holder, min(confidence, 0.85), members, f"{rule}; on {date} {holder.name} held office"
        then = self.kb.dated(actor.id, date, span.text)
        if then is not None:
            return span, then, confidence, members, f"{rule}; on {date} {actor.name} was {then.name}"
        if members:
            dated = tuple(self.kb.dated(a.id, date) or a for a in members)
            if dated != members:
                return span, group_actor(dated), confidence, dated, rule
        return mention

    def _office_holders_by_surname(self, mentions: list, date: str) -> dict[str, Actor]:
        """Actor id -> the office holder of ``date`` a surname-only mention of that actor names
        (:meth:`_office_holder_by_surname`)."""
        out: dict[str, Actor] = {}
        for span, actor, _, members, _ in mentions:
            holder = None if members else self._office_holder_by_surname(span, actor, date)
            if holder is not None:
                out.setdefault(actor.id, holder)
        return out

    def _office_holder_by_surname(self, span: Span, actor: Actor, date: str) -> Actor | None:
        """The office holder of ``date`` that a surname-only person mention names, when it is not ``actor``:
        "Carter" in 1977, "President Roosevelt" in 1904. Left alone: a person the document names in full
        ("Rosalynn Carter ... Carter"), a vice president, a known person named with a first name. A first name
        and surname the knowledge base does not know are read the same way ("George Bush" in 1990)."""
        if actor.kind is not ActorKind.PERSON or any(t.lower_ == "vice" for t in span):
            return None
        words = [t for t in span if t.lower_.rstrip(".") not in _HONORIFICS]
        if not words or not all(t.is_title for t in words):
            return None
        if len(words) == 1 and not (len(actor.name.split()) > 1 and actor.name in span.doc.text):
            holder = office_holder_named(words[0].text, date, self.kb)
        elif len(words) == 2 and actor.id not in self.kb:
            holder = office_holder_named(words[1].text, date, self.kb, first_name=words[0].text)
        else:
            return None
        return holder if holder is not None and holder.id != actor.id else None


@Language.factory(
    RESOLVER_NAME,
    default_config={"actors_paths": [], "fuzzy_threshold": 90.0, "resolve_pronouns": True,
                    "adhoc": True},
)
def make_actor_resolver(nlp: Language, name: str, actors_paths: list[str], fuzzy_threshold: float,
                        resolve_pronouns: bool, adhoc: bool) -> ActorResolver:
    """Build the actor resolver (see :class:`ActorResolver`)."""
    return ActorResolver(nlp, name, actors_paths=actors_paths, fuzzy_threshold=fuzzy_threshold,
                         resolve_pronouns=resolve_pronouns, adhoc=adhoc)

