"""The actor knowledge base: canonical actors, their aliases, and fast lookups.

The built-in knowledge base is YAML written by us (facts only) and shipped in
``allegiance/actors/data``; every current state comes from :mod:`pycountry`
(ids are ISO 3166 alpha-3 codes) with our own short names, demonyms, capitals
and seats of government layered over it. A user file given with
``--actors FILE`` is merged over the built-in one (same id: the user entry
replaces it).

User file format::

    actors:
      - id: GBR-LAB                 # stable id (required)
        name: Labour Party          # canonical name (required)
        kind: party                 # one of allegiance.model.ActorKind
        aliases: [Labour, the Labour party]
        parent: GBR                 # optional id of the parent actor
        valid_from: "1900-02-27"    # optional ISO dates
        scoped_aliases: [left]      # only after "the party's" / "Labour's"
        guard: {Labour: not_common_noun}   # optional context checks per alias
    not_actors: [New Jersey]        # phrases that contain an alias but are no actor

Examples
--------
>>> kb = load_knowledge_base()
>>> kb.get("RUS").name
'Russia'
>>> [a.id for a in kb.lookup("the Kremlin")]
['RUS']
"""


from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from allegiance.actors.kb_files import (
    ALIAS_CONFIDENCE,
    GUARDS,
    ActorRecord,
    AliasEntry,
    builtin_records,
    user_file_records,
)
from allegiance.model import Actor, ActorKind

__all__ = [
    "AliasEntry",
    "GUARDS",
    "KnowledgeBase",
    "ALIAS_CONFIDENCE",
    "in_its_time",
    "load_knowledge_base",
    "shared_knowledge_base",
    "normalise_alias",
    "slugify",
    "adhoc_actor_id",
    "adjective_words",
]


@functools.lru_cache(maxsize=16384)  # a pure function of the text, called for every mention
def normalise_alias(text: str) -> str:
    """Normalise a surface string for alias lookup.

    Case-folded, accents dropped ("Erdoğan" is "erdogan"), curly apostrophes straightened, whitespace
    collapsed, a leading "the" and a trailing possessive removed, dots of acronyms dropped.

    Examples
    --------
    >>> normalise_alias("The  U.S.’s")
    'us'
    >>> normalise_alias("the leader’s office")
    "leader's office"
    >>> normalise_alias("Tayyip Erdoğan") == normalise_alias("Tayyip Erdogan")
    True
    """
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    s = unicodedata.normalize("NFC", "".join(ch for ch in s if not unicodedata.combining(ch)))
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = re.sub(r"\b((?:[a-z]\.){2,})", lambda m: m.group(1).replace(".", ""), s)
    s = " ".join(s.split())
    s = re.sub(r"(?:'s|')$", "", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def adjective_words(text: str) -> tuple[str, ...]:
    """The lower-cased words of a country adjective, a hyphen a word of its own (as spaCy splits it).

    Examples
    --------
    >>> adjective_words("Turkish-Libyan")
    ('turkish', '-', 'libyan')
    """
    return tuple(text.lower().replace("-", " - ").split())


def slugify(text: str) -> str:
    """A lowercase ASCII slug of a name, used in ad-hoc ids.

    Examples
    --------
    >>> slugify("Jim McMahon")
    'jim_mcmahon'
    >>> slugify("Rosena Allin-Khan")
    'rosena_allin_khan'
    """
    s = unicodedata.normalize("NFKD", normalise_alias(text))
    s = s.encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    return s or "unnamed"


_ADHOC_PREFIX = {"PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "NORP": "GRP", "FAC": "ORG", "LOC": "GPE"}


def adhoc_actor_id(name: str, label: str) -> str:
    """The deterministic id of an actor the knowledge base lacks.

    Examples
    --------
    >>> adhoc_actor_id("Jim McMahon", "PERSON")
    'PER:jim_mcmahon'
    >>> adhoc_actor_id("the Sunnis", "NORP")
    'GRP:sunnis'
    """
    return f"{_ADHOC_PREFIX.get(label, 'ORG')}:{slugify(name)}"


@dataclass
class KnowledgeBase:
    """Canonical actors and their aliases.

    Build it with :func:`load_knowledge_base`. Lookups are by id
    (:meth:`get`) and by alias (:meth:`lookup`, case-insensitive).

    Examples
    --------
    >>> kb = load_knowledge_base()
    >>> kb.get("GBR-LAB-CORBYNSCEPTICS").parent
    'GBR-LAB'
    >>> kb.lookup("Labour")[0].id
    'GBR-LAB'
    """

    _records: dict[str, ActorRecord] = field(default_factory=dict)
    _by_alias: dict[str, list[str]] = field(default_factory=dict)
    _scoped: dict[str, dict[str, str]] = field(default_factory=dict)
    _covered_by: dict[str, list[str]] = field(default_factory=dict)
    _dated_forms: dict[str, list[str]] = field(default_factory=dict)
    _in_context: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    _country_adjectives: dict[tuple[str, ...], Actor] | None = field(default=None, repr=False)

    # -- building ---------------------------------------------------------------
    def _add(self, record: ActorRecord) -> None:
        old = self._records.get(record.actor.id)
        if old is not None:
            self._remove(old)
        self._records[record.actor.id] = record

    def _remove(self, record: ActorRecord) -> None:
        del self._records[record.actor.id]

    def _reindex(self) -> None:
        self._country_adjectives = None
        self._by_alias = {}
        self._scoped = {}
        self._covered_by = {}
        self._dated_forms = {}
        self._in_context = {}
        for rec in self._records.values():
            for form in rec.dated_forms.forms if rec.dated_forms else ():
                self._dated_forms.setdefault(normalise_alias(form), []).append(rec.actor.id)
            for alias in rec.context_aliases:
                if rec.country:
                    self._in_context.setdefault(normalise_alias(alias), []).append(
                        (rec.country, rec.actor.id))
            for covered in rec.covers:
                self._covered_by.setdefault(covered, []).append(rec.actor.id)
            for entry in rec.aliases:
                key = normalise_alias(entry.text)
                ids = self._by_alias.setdefault(key, [])
                if rec.actor.id not in ids:
                    ids.append(rec.actor.id)
            if rec.actor.parent:
                for scoped in rec.scoped:
                    self._scoped.setdefault(rec.actor.parent, {})[normalise_alias(scoped)] = rec.actor.id
        for rec in self._records.values():
            country = self.country_of(rec.actor.id)
            home = self._records.get(country) if country and country != rec.actor.id else None
            if home is None:
                continue
            for form in _unqualified_forms([rec.actor.name, *(a.text for a in rec.aliases)],
                                           [home.actor.name, *(a.text for a in home.aliases
                                                               if a.alias_type != "metonym")]):
                readings = self._in_context.setdefault(normalise_alias(form), [])
                if (country, rec.actor.id) not in readings:
                    readings.append((country, rec.actor.id))

    # -- queries ----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._records

    def __iter__(self) -> Iterator[Actor]:
        return (rec.actor for rec in self._records.values())

    def get(self, actor_id: str) -> Actor | None:
        """The actor with this id, or ``None``.

        Examples
        --------
        >>> load_knowledge_base().get("NATO").kind.value
        'igo'
        """
        rec = self._records.get(actor_id)
        return rec.actor if rec else None

    def lookup(self, text: str) -> list[Actor]:
        """Actors having ``text`` as a name or alias (case-insensitive).

        Examples
        --------
        >>> [a.id for a in load_knowledge_base().lookup("the Americans")]
        ['USA']
        """
        return [self._records[i].actor for i in self._by_alias.get(normalise_alias(text), ())]

    def lookup_entries(self, text: str) -> list[AliasEntry]:
        """The alias entries whose text normalises like ``text``.

        Examples
        --------
        >>> [(e.actor_id, e.alias_type) for e in load_knowledge_base().lookup_entries("Moscow")]
        [('RUS', 'metonym')]
        """
        key = normalise_alias(text)
        out = []
        for actor_id in self._by_alias.get(key, ()):
            out.extend(e for e in self._records[actor_id].aliases if normalise_alias(e.text) == key)
        return out

    def country_adjectives(self) -> dict[tuple[str, ...], Actor]:
        """Each country adjective or demonym that names one country, as its words
        (:func:`adjective_words`) -> that country; a form two countries share is left out.

        Examples
        --------
        >>> load_knowledge_base().country_adjectives()[("turkish",)].id
        'TUR'
        """
        if self._country_adjectives is None:
            found: dict[tuple[str, ...], set[str]] = {}
            for entry in self.alias_entries():
                actor = self.get(entry.actor_id)
                if entry.alias_type in ("adjective", "demonym") and actor is not None \
                        and actor.kind is ActorKind.COUNTRY:
                    found.setdefault(adjective_words(entry.text), set()).add(actor.id)
            self._country_adjectives = {key: self._records[next(iter(ids))].actor
                                        for key, ids in found.items() if len(ids) == 1}
        return self._country_adjectives

    def country_of_adjective(self, text: str) -> Actor | None:
        """The one country whose adjective or demonym ``text`` is, or None.

        Examples
        --------
        >>> kb = load_knowledge_base()
        >>> [getattr(kb.country_of_adjective(t), "id", None) for t in ("Japanese", "Japan", "Nazi")]
        ['JPN', None, None]
        """
        return self.country_adjectives().get(adjective_words(text))

    def alias_entries(self) -> Iterator[AliasEntry]:
        """Every alias of every actor (for building matchers).

        Examples
        --------
        >>> any(e.text == "the Kremlin" for e in load_knowledge_base().alias_entries())
        True
        """
        for rec in self._records.values():
            yield from rec.aliases

    def scoped_lookup(self, parent_id: str, text: str) -> Actor | None:
        """A faction of ``parent_id`` named by a scoped alias ("the party's *left*").

        Examples
        --------
        >>> load_knowledge_base().scoped_lookup("GBR-LAB", "BAME leadership").id
        'GBR-LAB-BAME'
        """
        actor_id = self._scoped.get(parent_id, {}).get(normalise_alias(text))
        return self.get(actor_id) if actor_id else None

    def scoped_aliases(self) -> set[str]:
        """Every scoped alias text (normalised), for the matcher.

        Examples
        --------
        >>> "bame leadership" in load_knowledge_base().scoped_aliases()
        True
        """
        return {alias for table in self._scoped.values() for alias in table}

    def opponents_of(self, actor_id: str) -> Actor | None:
        """The faction recorded as opposing ``actor_id`` ("Corbyn's opponents").

        Examples
        --------
        >>> load_knowledge_base().opponents_of("PER:jeremy_corbyn").name
        'Corbynsceptics'
        """
        return self._relative(actor_id, "opposes")

    def supporters_of(self, actor_id: str) -> Actor | None:
        """The faction recorded as supporting ``actor_id`` ("Corbyn's supporters").

        Examples
        --------
        >>> load_knowledge_base().supporters_of("PER:jeremy_corbyn").name
        'Corbynites'
        """
        return self._relative(actor_id, "supports")

    def _relative(self, actor_id: str, attr: str) -> Actor | None:
        for rec in self._records.values():
            if actor_id in getattr(rec, attr):
                return rec.actor
        return None

    def dated(self, actor_id: str, date: str | None, text: str | None = None) -> Actor | None:
        """The actor that ``actor_id``, named by ``text``, stood for on ``date``, if another.

        "Moscow" in a 1955 text is the Soviet Union, in 2010 Russia (``covers``); "the Republic of
        China" in 1945 is China and in 1969 Taiwan (``dated_forms``: a form read by date wins).

        Examples
        --------
        >>> kb = load_knowledge_base()
        >>> kb.dated("RUS", "1962-10-23").id
        'SUN'
        >>> kb.dated("RUS", "2010-11-18") is None
        True
        >>> kb.dated("TWN", "1945", "the Republic of China").id, kb.dated("TWN", "1969", "the ROC")
        ('CHN', None)
        """
        if not date:
            return None
        for other in self._dated_forms.get(normalise_alias(text), ()) if text else ():
            forms = self._records[other].dated_forms
            if other != actor_id and _in_window(forms.valid_from, forms.valid_to, str(date)):
                return self._records[other].actor
        for other in self._covered_by.get(actor_id, ()):
            actor = self._records[other].actor
            if in_its_time(actor, str(date)):
                return actor
        return None

    def named_out_of_its_time(self, actor_id: str, text: str, date: str | None) -> bool:
        """Whether ``text``, an alias of ``actor_id`` in a document of ``date``, names someone else:
        the actor did not exist on that date and the alias is a common noun ("mujahideen" in
        2019 is not the 1979-92 Afghan mujahedin). A proper name ("the Soviet Union") written
        after its time is a reference to history and keeps its actor.

        Examples
        --------
        >>> kb = load_knowledge_base()
        >>> kb.named_out_of_its_time("AFG-MUJAHEDIN", "mujahideen", "2019-11-20")
        True
        >>> kb.named_out_of_its_time("AFG-MUJAHEDIN", "the mujahideen", "1986-05-01")
        False
        >>> kb.named_out_of_its_time("SUN", "the Soviet Union", "2019-11-20")
        False
        """
        record = self._records.get(actor_id)
        if not date or record is None or not (record.actor.valid_from or record.actor.valid_to):
            return False
        if in_its_time(record.actor, str(date)):
            return False
        entries = [entry for entry in self.lookup_entries(text) if entry.actor_id == actor_id]
        return bool(entries) and all(_is_common_noun(entry.text) for entry in entries)

    def in_country_context(self, text: str, country: str) -> Actor | None:
        """The actor ``text`` names in a story about ``country`` ("Labour" in Australia);
        ``country="*"`` asks whether ``text`` depends on context at all.

        Examples
        --------
        >>> load_knowledge_base().in_country_context("Labour", "AUS").id
        'AUS-ALP'
        >>> load_knowledge_base().in_country_context("Labour", "FRA") is None
        True
        """
        for where, actor_id in self._in_context.get(normalise_alias(text), ()):
            if where == country or country == "*":
                return self.get(actor_id)
        return None

    def country_of(self, actor_id: str) -> str | None:
        """The country id an actor belongs to (itself for a country), if known.

        Examples
        --------
        >>> load_knowledge_base().country_of("GBR-LAB-NEC")
        'GBR'
        """
        for rec in self._lineage(actor_id):
            if rec.actor.kind is ActorKind.COUNTRY:
                return rec.actor.id
            if rec.country:
                return rec.country
        return None

    def is_subnational(self, actor_id: str) -> bool:
        """Whether an actor is a government below its country's (a state, province or city, and their
        bodies): a government whose record names its ``country`` (a party's record names one too).

        Examples
        --------
        >>> kb = load_knowledge_base()
        >>> [kb.is_subnational(i) for i in ("US-CA", "IN-GA", "USA-CONGRESS", "USA", "GBR-LAB")]
        [True, True, False, False, False]
        """
        rec = self._records.get(actor_id)
        return rec is not None and bool(rec.country) and rec.actor.kind is ActorKind.GOVERNMENT

    def party_of(self, actor_id: str) -> str | None:
        """The party an actor is (or belongs to, through parents), if any.

        Examples
        --------
        >>> load_knowledge_base().party_of("GBR-LAB-CORBYNITES")
        'GBR-LAB'
        """
        for rec in self._lineage(actor_id):
            if rec.actor.kind is ActorKind.PARTY:
                return rec.actor.id
        return None

    def _lineage(self, actor_id: str):
        """The records of an actor and its parents, nearest first (stops at unknown ids and cycles)."""
        seen = set()
        while actor_id and actor_id not in seen:
            seen.add(actor_id)
            rec = self._records.get(actor_id)
            if rec is None:
                return
            yield rec
            actor_id = rec.actor.parent or ""


def _unqualified_forms(names: Iterable[str], country_names: Iterable[str]) -> list[str]:
    """The names an actor goes by inside a story about its country: its names without the country that
    qualifies them, after it ("Venstre (Denmark)", "Central Election Commission of Russia", "House of
    Commons of Canada") or before it ("New Zealand National Party", "Canadian House of Commons"). A
    single word is kept only when it names a chamber (:data:`_CHAMBER_WORDS`): "Parliament of Singapore"
    is "Parliament" in Singapore, "Bank of Russia" is no "Bank".

    Examples
    --------
    >>> _unqualified_forms(["Venstre (Denmark)", "PSD (Romania)", "Korea (Joseon)"], ["Denmark", "Romania"])
    ['Venstre', 'PSD']
    >>> _unqualified_forms(["Central Election Commission of Russia", "the Bank of Russia"], ["Russia"])
    ['Central Election Commission']
    >>> _unqualified_forms(["House of Commons of Canada", "Canadian House of Commons", "Parliament of Canada"],
    ...                    ["Canada", "Canadian"])
    ['House of Commons', 'Parliament']
    >>> _unqualified_forms(["New Zealand National Party", "Singapore Parliament"], ["New Zealand", "Singapore"])
    ['National Party', 'Parliament']
    """
    countries = {normalise_alias(c) for c in country_names}
    out = []
    for name in names:
        for form, bracketed in _country_qualifications(name.strip(), countries):
            words = [w for w in form.split() if w.casefold() != "the"]
            if words and (len(words) >= (1 if bracketed else 2) or words[0] in _CHAMBER_WORDS):
                out.append(form)
    return list(dict.fromkeys(out))


def _country_qualifications(name: str, countries: set[str]) -> Iterator[tuple[str, bool]]:
    """(form, bracketed) for every way ``name`` splits into a form and one of ``countries`` (normalised):
    "Form (Country)", "Form of [the] Country", "Country Form" (a capitalised form)."""
    bracket = _BRACKETED.fullmatch(name)
    if bracket is not None:
        if normalise_alias(bracket.group(2)) in countries:
            yield bracket.group(1), True
        return
    words = name.split(" ")
    for i in range(1, len(words) - 1):
        if words[i] == "of" and normalise_alias(" ".join(words[i + 1:])) in countries:
            yield " ".join(words[:i]), False
    for i in range(1, len(words)):
        if normalise_alias(" ".join(words[:i])) in countries and words[i][:1].isupper():
            yield " ".join(words[i:]), False


#: "Name (Country)"
_BRACKETED = re.compile(r"(.+?) \(([^()]+)\)")
#: one-word names of a chamber that a story about its country uses alone ("Parliament was dissolved")
_CHAMBER_WORDS = frozenset({"Parliament", "Senate", "Congress", "Assembly", "Legislature", "Chamber", "Diet",
                            "Cabinet"})


def _is_common_noun(alias: str) -> bool:
    """An alias written in lower case after its article ("the mujahedin"), not a proper name."""
    words = alias.split()
    if words and words[0].casefold() in {"the", "a", "an"}:
        words = words[1:]
    return bool(words) and words[0][:1].islower()


def in_its_time(actor: Actor, date: str) -> bool:
    """Whether ``actor`` existed on ``date`` (an ISO day, or a bare year: on any day of it), its
    ``valid_from`` and ``valid_to`` both counted in.

    Examples
    --------
    >>> carter = Actor("USA-ADMIN-CARTER", "Carter administration", ActorKind.GOVERNMENT,
    ...                valid_from="1977-01-20", valid_to="1981-01-20")
    >>> in_its_time(carter, "1977"), in_its_time(carter, "1977-01-19"), in_its_time(carter, "1981-01-20")
    (True, False, True)
    """
    return _in_window(actor.valid_from, actor.valid_to, date)


def _in_window(valid_from: str | None, valid_to: str | None, date: str) -> bool:
    start, end = _pad(valid_from, "0000-01-01"), _pad(valid_to, "9999-12-31")
    if len(date) < 10:  # an essay dated to a year: the actor need only have existed during it
        return start <= f"{date[:4]}-12-31" and f"{date[:4]}-01-01" <= end
    return start <= date[:10] <= end


def _pad(date: str | None, default: str) -> str:
    """ "1918" -> "1918-12-31" (an end) or "1918-01-01" (a start), by the default's shape."""
    if not date:
        return default
    return date + default[len(date):] if len(date) < 10 else date[:10]


def load_knowledge_base(paths: Iterable[str | Path] = ()) -> KnowledgeBase:
    """Load the built-in knowledge base and merge user YAML files over it.

    Parameters
    ----------
    paths : iterable of str or Path
        User actor files (see the module docstring for the format). An actor
        with an id already known replaces the built-in entry.

    Returns
    -------
    KnowledgeBase

    Raises
    ------
    ActorFileError
        A user file is missing, not YAML, or an entry is malformed (the
        message names the file and line).

    Examples
    --------
    >>> kb = load_knowledge_base()
    >>> kb.get("USA").name, kb.get("SUN").name
    ('United States', 'Soviet Union')
    """
    kb = KnowledgeBase()
    for records, blocked in (builtin_records(), *(user_file_records(path) for path in paths)):
        kb.blocked.update(blocked)
        for record in records:
            kb._add(record)
    kb._reindex()
    return kb


@functools.lru_cache(maxsize=8)
def _cached_kb(paths: tuple[str, ...]) -> KnowledgeBase:
    return load_knowledge_base(paths)


def shared_knowledge_base(paths: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The knowledge base for these user files, loaded once per process.

    Examples
    --------
    >>> shared_knowledge_base() is shared_knowledge_base()
    True
    """
    return _cached_kb(tuple(str(Path(p)) for p in paths))
