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
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import pycountry
import yaml

from allegiance.errors import ActorFileError
from allegiance.model import Actor, ActorKind

__all__ = [
    "AliasEntry",
    "GUARDS",
    "KnowledgeBase",
    "ALIAS_CONFIDENCE",
    "load_knowledge_base",
    "normalise_alias",
    "slugify",
    "adhoc_actor_id",
]

#: Confidence of a mention by the type of alias it matched.
ALIAS_CONFIDENCE: dict[str, float] = {
    "name": 1.0,
    "alias": 0.97,
    "demonym": 0.9,
    "metonym": 0.85,
    "adjective": 0.9,
    "scoped": 0.85,
    "surname": 0.85,
}

#: Context checks an alias can require (implemented in ``allegiance.actors.pipes``).
GUARDS = frozenset(
    {"not_verb", "not_common_noun", "not_food", "not_first_name", "proper_noun", "not_location"}
)

_BUILTIN_FILES = ("countries.yaml", "organisations.yaml", "parties.yaml", "parties_world.yaml", "people.yaml", "places.yaml")
_KINDS = {k.value for k in ActorKind}
_FIELDS = {
    "id", "name", "kind", "aliases", "parent", "valid_from", "valid_to", "demonyms", "adjectives",
    "metonyms", "scoped_aliases", "guard", "opposes", "supports", "country", "surname", "covers",
    "context_aliases",
}


@functools.lru_cache(maxsize=16384)  # a pure function of the text, called for every mention
def normalise_alias(text: str) -> str:
    """Normalise a surface string for alias lookup.

    Case-folded, curly apostrophes straightened, whitespace collapsed, a leading
    "the" and a trailing possessive removed, dots of acronyms dropped.

    Examples
    --------
    >>> normalise_alias("The  U.S.’s")
    'us'
    >>> normalise_alias("the leader’s office")
    "leader's office"
    """
    s = unicodedata.normalize("NFKC", text).casefold()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = re.sub(r"\b((?:[a-z]\.){2,})", lambda m: m.group(1).replace(".", ""), s)
    s = " ".join(s.split())
    s = re.sub(r"(?:'s|')$", "", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


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


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One surface form of an actor, as matched in text.

    ``text`` is the alias as written (its capitalisation is required of the
    text: an alias written "Unite" does not match "unite"); ``alias_type`` is
    one of :data:`ALIAS_CONFIDENCE`'s keys; ``guard`` names a context check.

    Examples
    --------
    >>> AliasEntry("Moscow", "RUS", "metonym").confidence
    0.85
    """

    text: str
    actor_id: str
    alias_type: str = "alias"
    guard: str | None = None

    @property
    def confidence(self) -> float:
        """Confidence of a mention that matched this alias."""
        return ALIAS_CONFIDENCE.get(self.alias_type, 0.9)


@dataclass(slots=True)
class _Record:
    actor: Actor
    aliases: list[AliasEntry]
    scoped: list[str]
    opposes: tuple[str, ...]
    supports: tuple[str, ...]
    country: str | None
    line: int | None = None
    covers: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = ()


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

    _records: dict[str, _Record] = field(default_factory=dict)
    _by_alias: dict[str, list[str]] = field(default_factory=dict)
    _scoped: dict[str, dict[str, str]] = field(default_factory=dict)
    _covered_by: dict[str, list[str]] = field(default_factory=dict)
    _in_context: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)

    # -- building ---------------------------------------------------------------
    def _add(self, record: _Record) -> None:
        old = self._records.get(record.actor.id)
        if old is not None:
            self._remove(old)
        self._records[record.actor.id] = record

    def _remove(self, record: _Record) -> None:
        del self._records[record.actor.id]

    def _reindex(self) -> None:
        self._by_alias = {}
        self._scoped = {}
        self._covered_by = {}
        self._in_context = {}
        for rec in self._records.values():
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

    def dated(self, actor_id: str, date: str | None) -> Actor | None:
        """The historical state that stood for ``actor_id`` on ``date``, if any.

        "Moscow" in a 1955 text is the Soviet Union; in 2010 it is Russia.

        Examples
        --------
        >>> kb = load_knowledge_base()
        >>> kb.dated("RUS", "1962-10-23").id
        'SUN'
        >>> kb.dated("RUS", "2010-11-18") is None
        True
        """
        if not date:
            return None
        day = str(date)[:10]
        for other in self._covered_by.get(actor_id, ()):
            actor = self._records[other].actor
            start = _pad(actor.valid_from, "0000-01-01")
            end = _pad(actor.valid_to, "9999-12-31")
            if start <= day <= end:
                return actor
        return None

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


def _pad(date: str | None, default: str) -> str:
    """ "1918" -> "1918-12-31" (an end) or "1918-01-01" (a start), by the default's shape."""
    if not date:
        return default
    return date + default[len(date):] if len(date) < 10 else date[:10]


# ---------------------------------------------------------------------------- loading
class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(text: str, where: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ActorFileError(
            f"not valid YAML ({problem})", path=f"{where}{line}",
            hint="fix the YAML syntax at that line",
        ) from None


def _as_list(value: Any, key: str, where: str, line: int) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, str):
                raise ActorFileError(
                    f"'{key}' must be a list of strings", path=f"{where}:{line}",
                    hint=f"write {key}: [\"...\", \"...\"]",
                )
        return value
    raise ActorFileError(f"'{key}' must be a list of strings", path=f"{where}:{line}",
                         hint=f"write {key}: [\"...\", \"...\"]")


def _apostrophe_variants(text: str) -> list[str]:
    if "'" in text:
        return [text, text.replace("'", "\u2019")]
    if "\u2019" in text:
        return [text, text.replace("\u2019", "'")]
    return [text]


def _record_from_entry(entry: Any, where: str) -> _Record:
    if not isinstance(entry, dict):
        raise ActorFileError("each actor must be a mapping with id, name and kind", path=where,
                             hint="see `allegiance actors --help` for the format")
    line = int(entry.get("__line__", 0))
    loc = f"{where}:{line}"
    unknown = set(entry) - _FIELDS - {"__line__"}
    if unknown:
        raise ActorFileError(f"unknown field(s) {sorted(unknown)}", path=loc,
                             hint=f"allowed fields: {', '.join(sorted(_FIELDS))}")
    for key in ("id", "name"):
        if not isinstance(entry.get(key), (str, int)) or not str(entry.get(key)).strip():
            raise ActorFileError(f"actor is missing '{key}'", path=loc,
                                 hint=f"give every actor an '{key}'")
    kind = str(entry.get("kind", "organisation"))
    if kind not in _KINDS:
        raise ActorFileError(f"unknown kind {kind!r}", path=loc,
                             hint=f"use one of: {', '.join(sorted(_KINDS))}")
    actor_id = str(entry["id"]).strip()
    name = str(entry["name"]).strip()
    guards = entry.get("guard") or {}
    if isinstance(guards, dict):
        guards = {k: v for k, v in guards.items() if k != "__line__"}
    else:
        raise ActorFileError("'guard' must map an alias to a check", path=loc,
                             hint=f"checks: {', '.join(sorted(GUARDS))}")
    for check in guards.values():
        if check not in GUARDS:
            raise ActorFileError(f"unknown guard {check!r}", path=loc,
                                 hint=f"use one of: {', '.join(sorted(GUARDS))}")
    typed: list[tuple[str, str]] = [(name, "name")]
    typed += [(a, "alias") for a in _as_list(entry.get("aliases"), "aliases", where, line)]
    typed += [(a, "demonym") for a in _as_list(entry.get("demonyms"), "demonyms", where, line)]
    typed += [(a, "adjective") for a in _as_list(entry.get("adjectives"), "adjectives", where, line)]
    typed += [(a, "metonym") for a in _as_list(entry.get("metonyms"), "metonyms", where, line)]
    surname = entry.get("surname")
    if surname:
        typed.append((str(surname), "surname"))
    aliases: list[AliasEntry] = []
    seen: set[str] = set()
    for text, alias_type in typed:
        for variant in _apostrophe_variants(text.strip()):
            if variant and variant not in seen:
                seen.add(variant)
                guard = guards.get(text)
                if guard is None and alias_type == "metonym" and " " not in text:
                    guard = "not_location"  # "Moscow announced" yes, "a summit in Moscow" no
                aliases.append(AliasEntry(variant, actor_id, alias_type, guard))
    plain = tuple(dict.fromkeys(a.text for a in aliases
                                if a.text != name and a.alias_type != "adjective"))
    for date_key in ("valid_from", "valid_to"):
        value = entry.get(date_key)
        if value is not None and not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", str(value)):
            raise ActorFileError(f"'{date_key}' must be an ISO date (YYYY[-MM[-DD]])", path=loc,
                                 hint="write it in quotes, e.g. \"1990-10-03\"")
    actor = Actor(
        id=actor_id, name=name, kind=ActorKind(kind), aliases=plain,
        parent=str(entry["parent"]) if entry.get("parent") else None,
        valid_from=str(entry["valid_from"]) if entry.get("valid_from") else None,
        valid_to=str(entry["valid_to"]) if entry.get("valid_to") else None,
    )
    return _Record(
        actor=actor,
        aliases=aliases,
        scoped=_as_list(entry.get("scoped_aliases"), "scoped_aliases", where, line),
        opposes=tuple(_as_list(entry.get("opposes"), "opposes", where, line)),
        supports=tuple(_as_list(entry.get("supports"), "supports", where, line)),
        country=str(entry["country"]) if entry.get("country") else None,
        line=line,
        covers=tuple(_as_list(entry.get("covers"), "covers", where, line)),
        context_aliases=tuple(_as_list(entry.get("context_aliases"), "context_aliases", where, line)),
    )


def _entries(data: Any, where: str) -> list[Any]:
    if data is None:
        return []
    if isinstance(data, dict) and ("actors" in data or "not_actors" in data):
        data = data.get("actors") or []
    if not isinstance(data, list):
        raise ActorFileError("expected a list of actors under 'actors:'", path=f"{where}:1",
                             hint="start the file with 'actors:' and list one mapping per actor")
    return data


def _country_records(data: Mapping[str, Any]) -> list[_Record]:
    """Every pycountry state plus our overrides (short names, demonyms, capitals)."""
    overrides = {k: v for k, v in (data.get("countries") or {}).items()}
    records = []
    seen_ids = set()
    for country in pycountry.countries:
        code = country.alpha_3
        extra = dict(overrides.get(code) or {})
        name = extra.pop("name", None) or getattr(country, "common_name", None) or country.name
        aliases = list(extra.pop("aliases", []) or [])
        for candidate in (country.name, getattr(country, "official_name", None),
                          getattr(country, "common_name", None)):
            if candidate and candidate != name and "," not in candidate and candidate not in aliases:
                aliases.append(candidate)
        entry = {"id": code, "name": name, "kind": "country", "aliases": aliases,
                 "__line__": 0, **extra}
        records.append(_record_from_entry(entry, "countries.yaml"))
        seen_ids.add(code)
    for entry in data.get("historical") or []:
        rec = _record_from_entry(entry, "countries.yaml")
        records.append(rec)
    return records


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
    data_dir = resources.files("allegiance.actors") / "data"
    for filename in _BUILTIN_FILES:
        text = (data_dir / filename).read_text(encoding="utf-8")
        data = _read_yaml(text, filename)
        if filename == "countries.yaml":
            for rec in _country_records(data):
                kb._add(rec)
            continue
        if isinstance(data, dict):
            kb.blocked.update(str(x) for x in _as_list(data.get("not_actors"), "not_actors", filename, 1))
        for entry in _entries(data, filename):
            kb._add(_record_from_entry(entry, filename))
    for path in paths:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ActorFileError(f"cannot read actor file ({exc.__class__.__name__})", path=str(path),
                                 hint="give a readable UTF-8 YAML file") from None
        data = _read_yaml(text, str(path))
        if isinstance(data, dict):
            kb.blocked.update(str(x) for x in _as_list(data.get("not_actors"), "not_actors", str(path), 1))
        for entry in _entries(data, str(path)):
            kb._add(_record_from_entry(entry, str(path)))
    kb._reindex()
    return kb
