"""The actor ruler: knowledge-base aliases found in the text and pre-annotated as entities.

``allegiance_actor_ruler`` (before ``"ner"``) is a :class:`~spacy.matcher.PhraseMatcher` over
every alias of the knowledge base. Matches are checked for capitalisation (an alias written
"Unite" does not match "unite") and for context guards (:mod:`allegiance.actors.guards`),
extended over force and government nouns ("US forces", "Russian troops"), and over possessives
naming a party ("the party's BAME leadership"). The surviving matches are written to
``doc.ents`` with ``kb_id_`` set to the actor id, so the statistical NER respects them and works
around them; their confidence and rule wait in ``doc.user_data[RULER_CONFIDENCE_KEY]`` for the
resolver (:mod:`allegiance.actors.resolver`).
"""

from __future__ import annotations

from typing import Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from allegiance.actors.guards import (MEMBER_NOUNS, TITLES, body_in_country_start, case_ok, coordinated_adjective,
                                      envoy_to_capital, force_extension, guard_ok)
from allegiance.actors.kb import AliasEntry, shared_knowledge_base
from allegiance.model import Actor, ActorKind

__all__ = ["ActorRuler", "RULER_NAME", "RULER_CONFIDENCE_KEY", "longest_names", "make_actor_ruler"]

RULER_NAME = "allegiance_actor_ruler"
#: ``doc.user_data`` key of the ruler's (confidence, rule) per entity span, read by the resolver
RULER_CONFIDENCE_KEY = "allegiance_actor_conf"
_ADJ_CACHE_KEY = "allegiance_actor_adjectives"
_BLOCK_PREFIX = "BLOCK::"
_BLOCK_LABEL = "NOT_AN_ACTOR"

_LABEL_BY_KIND = {
    ActorKind.COUNTRY: "GPE",
    ActorKind.GOVERNMENT: "ORG",
    ActorKind.PERSON: "PERSON",
    ActorKind.GROUP: "NORP",
}


def _label_for(actor: Actor, alias_type: str) -> str:
    if actor.kind is ActorKind.COUNTRY and alias_type == "demonym":
        return "NORP"
    return _LABEL_BY_KIND.get(actor.kind, "ORG")


class ActorRuler:
    """Match knowledge-base aliases and pre-annotate them as entities.

    Parameters
    ----------
    nlp : Language
        The pipeline (its tokenizer builds the phrase patterns).
    name : str
        Component name.
    actors_paths : list of str
        User actor files merged over the built-in knowledge base.
    overwrite_ents : bool
        Replace entities already in ``doc.ents`` where they overlap a match.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> ruler = nlp.add_pipe("allegiance_actor_ruler")
    >>> [(e.text, e.kb_id_) for e in nlp("the Kremlin and Nato").ents]
    [('the Kremlin', 'RUS'), ('Nato', 'NATO')]
    """

    def __init__(self, nlp: Language, name: str = RULER_NAME, *,
                 actors_paths: Sequence[str] = (), overwrite_ents: bool = True):
        self.name = name
        self.actors_paths = list(actors_paths)
        self.overwrite_ents = overwrite_ents
        self.kb = shared_knowledge_base(self.actors_paths)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._entries: dict[str, list[tuple[AliasEntry, tuple[str, ...]]]] = {}
        self._scoped_keys: set[str] = set()
        texts: dict[str, str] = {}
        for entry in self.kb.alias_entries():
            key = entry.text.casefold()
            texts.setdefault(key, entry.text)
            self._entries.setdefault(key, [])
        pattern_docs = dict(zip(texts, nlp.tokenizer.pipe(texts.values())))
        for entry in self.kb.alias_entries():
            key = entry.text.casefold()
            tokens = tuple(t.text for t in nlp.make_doc(entry.text))
            self._entries[key].append((entry, tokens))
        for key, pdoc in pattern_docs.items():
            self.matcher.add(key, [pdoc])
        blocked = sorted(self.kb.blocked)
        for text, pdoc in zip(blocked, nlp.tokenizer.pipe(blocked)):
            self.matcher.add(_BLOCK_PREFIX + text.casefold(), [pdoc])
        scoped = sorted(self.kb.scoped_aliases())
        for text, pdoc in zip(scoped, nlp.tokenizer.pipe(scoped)):
            key = "SCOPED::" + text
            self._scoped_keys.add(key)
            self.matcher.add(key, [pdoc])

    # -- matching ----------------------------------------------------------------------
    def find(self, doc: Doc) -> list[tuple[Span, float, str]]:
        """Actor spans (label, ``kb_id_``) with confidence and rule, overlapping allowed."""
        strings = doc.vocab.strings
        found: list[tuple[Span, float, str]] = []
        last_party: str | None = None
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
            key = strings[match_id]
            if key.startswith(_BLOCK_PREFIX):
                found.append((Span(doc, start, end, label=_BLOCK_LABEL), 0.0, "not an actor"))
                continue
            if key in self._scoped_keys:
                hit = self._scoped(doc, start, end, key[len("SCOPED::"):], last_party)
                if hit is not None:
                    found.append(hit)
                continue
            hit = self._alias_hit(doc, start, end, key)
            if hit is None:
                continue
            found.append(hit)
            party = self.kb.party_of(hit[0].kb_id_)
            if party:
                last_party = party
        return found

    def _inside_context_name(self, doc: Doc, start: int, end: int) -> bool:
        """The match ends a longer name whose reading depends on the story's country ("Security Council" of
        "the National Security Council"): the resolver reads the whole name, the match is no alias here."""
        for before in range(max(0, start - 2), start):
            words = doc[before:start]
            if all(t.is_title for t in words) and self.kb.in_country_context(doc[before:end].text, "*") is not None:
                return True
        return False

    def _alias_hit(self, doc: Doc, start: int, end: int, key: str) -> tuple[Span, float, str] | None:
        span = doc[start:end]
        if self._inside_context_name(doc, start, end) or _after_prefix(doc, start):
            return None
        body_start = body_in_country_start(doc, start)  # "the government in | Kabul": not a place after "in"
        state_not_place = body_start < start or envoy_to_capital(doc, start)  # "its ambassador from | Tallinn"
        for entry, tokens in self._entries.get(key, ()):
            actor = self.kb.get(entry.actor_id)
            if actor is None or not case_ok(tokens, span):
                continue
            of_country = actor.kind is ActorKind.COUNTRY and entry.alias_type != "adjective"
            if not guard_ok(entry.guard, doc, start, end) and not (of_country and state_not_place):
                continue
            new_start, new_end = start, end
            confidence = entry.confidence
            if entry.alias_type == "adjective" and actor.kind is not ActorKind.COUNTRY:
                # "Republican senators", "a Democratic measure"; not "Republican Guard"
                nxt = doc[end] if end < len(doc) else None
                if nxt is not None and nxt.is_title and nxt.lower_.rstrip(".") not in TITLES:
                    continue
                if nxt is not None and nxt.lower_ in MEMBER_NOUNS:
                    new_end, confidence = end + 1, 0.9
                else:
                    confidence = 0.75
            elif actor.kind is ActorKind.COUNTRY:
                new_start = body_start if of_country else start
                new_end = force_extension(doc, end)
                if new_end == end and entry.alias_type == "adjective":
                    if not coordinated_adjective(doc, end, self._extended_starts(doc)):
                        continue  # "Russian" alone is not an actor; "Russian troops" is
                    confidence = 0.85
                if new_end != end:
                    confidence = 0.9
            label = _label_for(actor, entry.alias_type)
            rule = f"kb {entry.alias_type} {entry.text!r}"
            if new_end != end:
                rule += f" + {doc[end:new_end].text!r}"
            if entry.guard:
                rule += f" (passed guard {entry.guard})"
            if new_start != start:
                rule = f"{doc[new_start:start].text!r} + " + rule
                confidence = min(confidence, 0.9)
            return Span(doc, new_start, new_end, label=label, kb_id=actor.id), confidence, rule
        return None

    def _extended_starts(self, doc: Doc) -> dict[int, int]:
        """Start -> end of the country matches that take a force noun, directly or through
        a coordination ("Soviet, Polish and Bulgarian forces"); cached per doc."""
        cache = doc.user_data.get(_ADJ_CACHE_KEY)
        if cache is not None:
            return cache
        strings = doc.vocab.strings
        country_matches = []
        for match_id, start, end in self.matcher(doc):
            for entry, _ in self._entries.get(strings[match_id], ()):
                actor = self.kb.get(entry.actor_id)
                if actor is not None and actor.kind is ActorKind.COUNTRY:
                    country_matches.append((start, end))
                    break
        cache = {}
        for start, end in sorted(country_matches, reverse=True):
            new_end = force_extension(doc, end)
            if new_end > end or coordinated_adjective(doc, end, cache):
                cache[start] = max(cache.get(start, 0), new_end)
        doc.user_data[_ADJ_CACHE_KEY] = cache
        return cache

    def _scoped(self, doc: Doc, start: int, end: int, text: str,
                last_party: str | None) -> tuple[Span, float, str] | None:
        """ "the party's BAME leadership", "Labour's left"."""
        if start < 2 or doc[start - 1].norm_ != "'s":
            return None
        owner = doc[start - 2]
        party: str | None = None
        begin = start - 2
        if owner.lower_ == "party" and start >= 3 and doc[start - 3].lower_ == "the":
            party, begin = last_party, start - 3
        else:
            for actor in self.kb.lookup(owner.text):
                if actor.kind is ActorKind.PARTY:
                    party = actor.id
                    break
        if party is None:
            return None
        faction = self.kb.scoped_lookup(party, text)
        if faction is None:
            return None
        return (Span(doc, begin, end, label="ORG", kb_id=faction.id), 0.85,
                f"possessive of party {party} + scoped alias {text!r}")

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        doc.user_data.pop(_ADJ_CACHE_KEY, None)
        spans = [s for s in longest_names([hit[0] for hit in found]) if s.label_ != _BLOCK_LABEL]
        info = {(span.start, span.end): (c, rule) for span, c, rule in found}
        doc.user_data[RULER_CONFIDENCE_KEY] = {(s.start, s.end): info[(s.start, s.end)] for s in spans}
        if self.overwrite_ents:
            keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        else:
            keep = list(doc.ents)
            spans = [s for s in spans if not any(e.start < s.end and s.start < e.end for e in keep)]
        doc.ents = sorted(keep + spans, key=lambda s: s.start)
        return doc


def longest_names(spans: Sequence[Span]) -> list[Span]:
    """Non-overlapping spans, the longest first, as :func:`spacy.util.filter_spans`, except that a leading
    "the" does not count: "U.S. Senate" wins over "The U.S." in "The U.S. Senate", and "United States Senate"
    over "The United States".

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("The U.S. Senate voted")
    >>> [s.text for s in longest_names([doc[0:2], doc[1:3]])]
    ['U.S. Senate']
    >>> [s.text for s in longest_names([doc[0:2], doc[2:3]])]
    ['The U.S.', 'Senate']
    """
    def key(span: Span) -> tuple[int, int, int]:
        content = len(span) - (span[0].lower_ == "the" and len(span) > 1)
        return content, len(span), -span.start

    kept: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=key, reverse=True):
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


@Language.factory(
    RULER_NAME,
    default_config={"actors_paths": [], "overwrite_ents": True},
)
def make_actor_ruler(nlp: Language, name: str, actors_paths: list[str],
                     overwrite_ents: bool) -> ActorRuler:
    """Build the actor ruler (see :class:`ActorRuler`)."""
    return ActorRuler(nlp, name, actors_paths=actors_paths, overwrite_ents=overwrite_ents)


#: prefixes that, joined to a name by a hyphen, make a word for something else ("neo-Nazis" are not the Nazi Party)
NAME_PREFIXES = frozenset({"neo"})


def _after_prefix(doc: Doc, start: int) -> bool:
    """The match starts right after "neo-" written as one word with it ("neo-Nazis").

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("They condemned neo-Nazis and the Nazis.")
    >>> [t.text for t in doc if _after_prefix(doc, t.i)]
    ['Nazis']
    """
    return (start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
            and not doc[start - 2].whitespace_ and doc[start - 2].lower_ in NAME_PREFIXES)
