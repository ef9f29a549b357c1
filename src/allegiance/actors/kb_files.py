"""Reading actor files: the built-in YAML knowledge base and user files, checked line by line.

Every actor entry of a file becomes an :class:`ActorRecord` (the actor, its typed aliases and
its relations to other actors); :func:`builtin_records` reads the files shipped in
``allegiance/actors/data`` (every current state from :mod:`pycountry` with our overrides),
:func:`user_file_records` reads one user file. A malformed entry raises
:class:`~allegiance.errors.ActorFileError` naming the file and line. The user file format is in
:mod:`allegiance.actors.kb`; lookups over the records are :class:`allegiance.actors.kb.KnowledgeBase`.

Examples
--------
>>> records, blocked = builtin_records()
>>> [r.actor.name for r in records if r.actor.id == "RUS"]
['Russia']
>>> "New Jersey" in blocked
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import pycountry
import yaml

from allegiance.errors import ActorFileError
from allegiance.model import Actor, ActorKind

__all__ = ["ALIAS_CONFIDENCE", "AliasEntry", "ActorRecord", "DatedForms", "GUARDS", "builtin_records", "spelling_variants", "user_file_records"]

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

#: Context checks an alias can require (implemented in ``allegiance.actors.guards``).
GUARDS = frozenset(
    {"not_verb", "not_common_noun", "not_food", "not_first_name", "proper_noun", "not_location", "not_name_head"}
)

_BUILTIN_FILES = ("countries.yaml", "organisations.yaml", "parties.yaml", "parties_world.yaml", "people.yaml", "places.yaml")
_KINDS = {k.value for k in ActorKind}
_FIELDS = {
    "id", "name", "kind", "aliases", "parent", "valid_from", "valid_to", "demonyms", "adjectives",
    "metonyms", "scoped_aliases", "guard", "opposes", "supports", "country", "surname", "covers",
    "context_aliases", "dated_forms",
}


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
class ActorRecord:
    """One actor entry of a file: the actor, its typed aliases and its ties to other actors."""

    actor: Actor
    aliases: list[AliasEntry]
    scoped: list[str]
    opposes: tuple[str, ...]
    supports: tuple[str, ...]
    country: str | None
    line: int | None = None
    covers: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = ()
    #: names of other actors that meant this one in a span of time ("Vietnam" 1955-75 is South Vietnam)
    dated_forms: DatedForms | None = None


@dataclass(frozen=True, slots=True)
class DatedForms:
    """Surface forms of other actors that name this one between two dates (either may be open).

    Examples
    --------
    >>> DatedForms(("Republic of China", "ROC"), valid_to="1949-10-01").forms[1]
    'ROC'
    """

    forms: tuple[str, ...]
    valid_from: str | None = None
    valid_to: str | None = None

# ---------------------------------------------------------------------------- loading
#: libyaml's parser when PyYAML was built with it (every PyPI wheel is): the built-in files hold
#: thousands of entries and the pure-Python parser made each process spend seconds reading them.
_SafeLoaderBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoaderBase):
    """Safe loader that records the line of every mapping as ``__line__``."""


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


def spelling_variants(text: str, *, person: bool = False) -> list[str]:
    """``text`` and the spellings of it a text may use instead: either apostrophe, and for a person a middle
    initial without its dot (the State of the Union titles write "Dwight D Eisenhower").

    Examples
    --------
    >>> spelling_variants("People's Party")
    ["People's Party", 'People’s Party']
    >>> spelling_variants("George H. W. Bush", person=True)
    ['George H. W. Bush', 'George H W Bush']
    >>> spelling_variants("St. Kitts"), spelling_variants("J.D. Vance", person=True)  # no middle initial
    (['St. Kitts'], ['J.D. Vance'])
    """
    if "'" in text:
        variants = [text, text.replace("'", "\u2019")]
    elif "\u2019" in text:
        variants = [text, text.replace("\u2019", "'")]
    else:
        variants = [text]
    if person:
        undotted = _MIDDLE_INITIAL.sub(r"\1", text)
        if undotted != text:
            variants.append(undotted)
    return variants


#: a middle initial and its dot: a capital alone between a name before and a word after ("Franklin D. Roosevelt")
_MIDDLE_INITIAL = re.compile(r"(?<=\S )([A-Z])\.(?= \w)")


def _record_from_entry(entry: Any, where: str) -> ActorRecord:
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
        for variant in spelling_variants(text.strip(), person=kind == "person"):
            if variant and variant not in seen:
                seen.add(variant)
                guard = guards.get(text)
                if guard is None and alias_type == "metonym" and " " not in text:
                    guard = "not_location"  # "Moscow announced" yes, "a summit in Moscow" no
                aliases.append(AliasEntry(variant, actor_id, alias_type, guard))
    plain = tuple(dict.fromkeys(a.text for a in aliases
                                if a.text != name and a.alias_type != "adjective"))
    _check_dates(entry, loc)
    actor = Actor(
        id=actor_id, name=name, kind=ActorKind(kind), aliases=plain,
        parent=str(entry["parent"]) if entry.get("parent") else None,
        valid_from=str(entry["valid_from"]) if entry.get("valid_from") else None,
        valid_to=str(entry["valid_to"]) if entry.get("valid_to") else None,
    )
    return ActorRecord(
        actor=actor,
        aliases=aliases,
        scoped=_as_list(entry.get("scoped_aliases"), "scoped_aliases", where, line),
        opposes=tuple(_as_list(entry.get("opposes"), "opposes", where, line)),
        supports=tuple(_as_list(entry.get("supports"), "supports", where, line)),
        country=str(entry["country"]) if entry.get("country") else None,
        line=line,
        covers=tuple(_as_list(entry.get("covers"), "covers", where, line)),
        context_aliases=tuple(_as_list(entry.get("context_aliases"), "context_aliases", where, line)),
        dated_forms=_dated_forms(entry, where, line),
    )


def _check_dates(entry: Mapping[str, Any], loc: str) -> None:
    for date_key in ("valid_from", "valid_to"):
        value = entry.get(date_key)
        if value is not None and not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", str(value)):
            raise ActorFileError(f"'{date_key}' must be an ISO date (YYYY[-MM[-DD]])", path=loc,
                                 hint="write it in quotes, e.g. \"1990-10-03\"")


def _dated_forms(entry: Mapping[str, Any], where: str, line: int) -> DatedForms | None:
    """``dated_forms: {forms: [...], valid_from: ..., valid_to: ...}``; the dates default to the actor's own."""
    value = entry.get("dated_forms")
    if value is None:
        return None
    loc = f"{where}:{line}"
    if not isinstance(value, dict) or set(value) - {"forms", "valid_from", "valid_to", "__line__"}:
        raise ActorFileError("'dated_forms' must map 'forms' (and optionally 'valid_from', 'valid_to')", path=loc,
                             hint='write dated_forms: {forms: [Vietnam], valid_to: "1975-04-30"}')
    _check_dates(value, loc)
    forms = tuple(_as_list(value.get("forms"), "dated_forms.forms", where, line))
    start, end = (value.get(k) or entry.get(k) for k in ("valid_from", "valid_to"))
    return DatedForms(forms, str(start) if start else None, str(end) if end else None)


def _entries(data: Any, where: str) -> list[Any]:
    if data is None:
        return []
    if isinstance(data, dict) and ("actors" in data or "not_actors" in data):
        data = data.get("actors") or []
    if not isinstance(data, list):
        raise ActorFileError("expected a list of actors under 'actors:'", path=f"{where}:1",
                             hint="start the file with 'actors:' and list one mapping per actor")
    return data


def _country_records(data: Mapping[str, Any]) -> list[ActorRecord]:
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


def _blocked_and_records(data: Any, where: str) -> tuple[list[ActorRecord], set[str]]:
    """The actor records and ``not_actors`` phrases of one parsed file."""
    blocked: set[str] = set()
    if isinstance(data, dict):
        blocked.update(str(x) for x in _as_list(data.get("not_actors"), "not_actors", where, 1))
    return [_record_from_entry(entry, where) for entry in _entries(data, where)], blocked


def builtin_records() -> tuple[list[ActorRecord], set[str]]:
    """The records of the built-in files, in file order, and their ``not_actors`` phrases.

    Examples
    --------
    >>> records, _ = builtin_records()
    >>> len(records) > 500
    True
    """
    records: list[ActorRecord] = []
    blocked: set[str] = set()
    data_dir = resources.files("allegiance.actors") / "data"
    for filename in _BUILTIN_FILES:
        text = (data_dir / filename).read_text(encoding="utf-8")
        data = _read_yaml(text, filename)
        if filename == "countries.yaml":
            records.extend(_country_records(data))
            continue
        file_records, file_blocked = _blocked_and_records(data, filename)
        records.extend(file_records)
        blocked.update(file_blocked)
    seen: dict[str, str] = {}
    for record in records:
        if record.actor.id in seen:
            raise ActorFileError(f"actor id {record.actor.id!r} is defined twice in the built-in files "
                                 f"({seen[record.actor.id]!r} and {record.actor.name!r})",
                                 hint="give one of them another id (ISO 3166 codes belong to states)")
        seen[record.actor.id] = record.actor.name
    return records, blocked


def user_file_records(path: str | Path) -> tuple[list[ActorRecord], set[str]]:
    """The records of one user actor file and its ``not_actors`` phrases.

    Raises
    ------
    ActorFileError
        The file is missing, not UTF-8, not YAML, or an entry is malformed.

    Examples
    --------
    >>> user_file_records("no/such/actors.yaml")
    Traceback (most recent call last):
    ...
    allegiance.errors.ActorFileError: no/such/actors.yaml: cannot read actor file (FileNotFoundError); give a readable UTF-8 YAML file
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActorFileError(f"cannot read actor file ({exc.__class__.__name__})", path=str(path),
                             hint="give a readable UTF-8 YAML file") from None
    return _blocked_and_records(_read_yaml(text, str(path)), str(path))
