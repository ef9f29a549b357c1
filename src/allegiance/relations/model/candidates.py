"""Candidate actor pairs for the trained relation model (issue 15).

A candidate is an unordered pair of different actors that a sentence may relate:

* every pair of distinct actors mentioned in one sentence (``route="sentence"``);
  the actor stage has already turned resolved pronouns, "the party" and the like
  into actor mentions, and a reference to several actors ("both sides", "the two
  countries", ``span._.actor_group``) counts as a mention of each member, so pairs
  made through a reference come out here too (``route="reference"`` when one end is
  only reached through such a mention);
* optionally, country adjectives and demonyms the actor stage leaves without an actor
  because they name no actor by themselves ("the Russian invasion of Ukraine", "the
  Turkish-Libyan accord"; :func:`adjectival_mentions`): each is a mention of its country
  for pairing, so the model can read the relation such a phrase states;
* a speaker and an actor named inside what the speaker is quoted as saying, when
  the quote runs into a sentence the speaker is not in (``route="quote"``): the pair
  is keyed on the quoted actor's sentence, as the corpus keys it.

Mentions are token spans ``(start, end)`` into the Doc; sentences are token spans too.

Examples
--------
>>> import spacy
>>> from allegiance.model import Actor, ActorKind
>>> doc = spacy.blank("en")("France backed Britain and Spain.")
>>> doc = with_actor_spans(doc, [(0, 1, Actor("FRA", "France", ActorKind.COUNTRY)),
...                              (2, 3, Actor("GBR", "United Kingdom", ActorKind.COUNTRY)),
...                              (4, 5, Actor("ESP", "Spain", ActorKind.COUNTRY))])
>>> [c.actors for c in pair_candidates(doc)]
[('ESP', 'FRA'), ('ESP', 'GBR'), ('FRA', 'GBR')]
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span

from allegiance.actors.guards import TITLES
from allegiance.actors.kb import adhoc_actor_id
from allegiance.model import Actor, ActorKind
from allegiance.nlp.extensions import ACTOR_SPANS_KEY, register_extensions
from allegiance.nlp.sentences import sentence_bounds
from allegiance.nlp.model_dir import CANDIDATE_ROUTES, MENTION_SETTINGS, mention_settings
from allegiance.relations.model.speakers import transcript_turns
from allegiance.relations.quotes import quote_regions

__all__ = ["GROUP_HEADS", "MENTION_SETTINGS", "REFERENCE_KINDS", "ROUTES", "PairCandidate", "actor_mentions",
           "adjectival_mentions", "extra_mentions", "first_person_mentions", "group_mentions", "mention_settings",
           "pair_candidates", "reference_like", "reference_mentions", "roman_numeral_i", "with_actor_spans"]


ROUTES = CANDIDATE_ROUTES  # sentence, reference, quote (named where the CLI can read them without spaCy)
_REFERENCE_STARTS = ("the ", "both ", "its ", "their ", "his ", "her ")
_PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "his", "its", "their", "we", "our",
                       "us", "i", "my", "me"})
_FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
_OFFICE_TITLES = TITLES - {"leader"}  # an unnamed "Russian leader" often stands for the country


@dataclass(frozen=True, slots=True)
class PairCandidate:
    """One unordered actor pair to classify.

    ``sentence`` is the token span the pair is keyed on; ``spans_a``/``spans_b``
    the token spans of the mentions of ``actors[0]``/``actors[1]`` used as their
    representation (inside the sentence, or the speaker's mention for a quote pair).
    ``extra_actors`` holds, for an end that is reached only through a mention outside the actor spans
    (``extra_mentions`` of :func:`pair_candidates`), its actor, which the Doc's actor spans do not carry.
    """

    sentence: tuple[int, int]
    actors: tuple[str, str]
    spans_a: tuple[tuple[int, int], ...]
    spans_b: tuple[tuple[int, int], ...]
    route: str = "sentence"
    extra_actors: tuple[Actor | None, Actor | None] = (None, None)


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    actor_id: str
    reference: bool


def reference_like(text: str, actor_id: str = "") -> bool:
    """True for a mention that reaches its actor through a reference (pronoun, "the party", group).

    Examples
    --------
    >>> reference_like("the party"), reference_like("Labour"), reference_like("x", "GRP:A+B")
    (True, False, True)
    """
    low = text.lower()
    return low in _PRONOUNS or low.startswith(_REFERENCE_STARTS) or actor_id.startswith("GRP:")


def with_actor_spans(doc: Doc, mentions: Iterable[tuple[int, int, Actor]]) -> Doc:
    """Put actor spans (token ``start``, ``end``, actor) on ``doc`` as the actor stage would."""
    register_extensions()
    spans = []
    for start, end, actor in mentions:
        span = Span(doc, start, end)
        span._.actor = actor
        spans.append(span)
    doc.spans[ACTOR_SPANS_KEY] = spans
    return doc


def _member_ids(span: Span) -> list[str]:
    actor = span._.actor
    members = span._.actor_group if Span.has_extension("actor_group") else None
    if members:
        return [m.id for m in members]
    if actor.id.startswith("GRP:"):
        return actor.id[4:].split("+")
    return [actor.id]


def actor_mentions(doc: Doc, actor_id=lambda actor: actor.id) -> list[_Mention]:
    """The actor mentions of ``doc`` (a group reference gives one per member), sorted by start.

    ``actor_id`` maps an :class:`~allegiance.model.Actor` to the id pairs are keyed on.
    """
    out = []
    for span in doc.spans.get(ACTOR_SPANS_KEY, []):
        if span._.actor is None:
            continue
        ids = _member_ids(span)
        is_ref = len(ids) > 1 or reference_like(span.text, span._.actor.id)
        for member in ids:
            mapped = actor_id(span._.actor) if len(ids) == 1 else member
            out.append(_Mention(span.start, span.end, mapped, is_ref))
    return sorted(out, key=lambda m: (m.start, m.end, m.actor_id))


def adjectival_mentions(doc: Doc, kb) -> list[tuple[int, int, Actor]]:
    """Country adjectives and demonyms of ``doc`` outside every actor span: (token start, end, country).

    The actor stage takes "Russian troops" as Russia but leaves "the Russian invasion" alone, since the
    adjective alone names no actor; a relation can still hang on it ("the Russian invasion of
    Ukraine"), so candidates may use it. A capitalised word is required ("russian" is not matched), and a
    form two countries share is skipped. An adjective on a title ("the Russian President") is skipped too:
    the holder of the office is the actor there (guideline 4), and in the training corpus none of 300 such
    adjectives took part in a relation.

    Examples
    --------
    >>> import spacy
    >>> from allegiance.actors.kb import load_knowledge_base
    >>> doc = spacy.blank("en")("The Turkish-Libyan accord angered Greek officials.")
    >>> [(doc[a:b].text, actor.id) for a, b, actor in adjectival_mentions(doc, load_knowledge_base())]
    [('Turkish', 'TUR'), ('Libyan', 'LBY'), ('Greek', 'GRC')]
    >>> doc = spacy.blank("en")("The French President condemned the Russian invasion.")
    >>> doc[1].head, doc[1].dep_ = doc[2], "compound"
    >>> [doc[a:b].text for a, b, _ in adjectival_mentions(doc, load_knowledge_base())]
    ['Russian']
    """
    table = kb.country_adjectives()
    longest = max((len(k) for k in table), default=0)
    taken = {i for span in doc.spans.get(ACTOR_SPANS_KEY, []) for i in range(span.start, span.end)}
    out = []
    i = 0
    while i < len(doc):
        for n in range(min(longest, len(doc) - i), 0, -1):
            actor = table.get(tuple(t.lower_ for t in doc[i:i + n]))
            if actor is not None and doc[i].is_title and not taken.intersection(range(i, i + n)):
                if not _on_a_title(doc[i + n - 1]):
                    out.append((i, i + n, actor))
                i += n - 1
                break
        i += 1
    return out


def _on_a_title(token) -> bool:
    """Whether ``token`` modifies a title noun ("French" in "the French President"), whose holder is the actor."""
    head = token.head
    return head is not token and token.dep_ in ("amod", "compound") and head.lower_ in _OFFICE_TITLES


_NON_PERSON = frozenset(ActorKind) - {ActorKind.PERSON, ActorKind.GROUP}
#: What a pronoun or a definite description ("the party") may refer back to: the kinds of actor it fits.
REFERENCE_KINDS: dict[str, frozenset[ActorKind]] = {
    **dict.fromkeys(("he", "him", "his", "she", "her", "hers", "the president", "the prime minister",
                     "the leader", "the minister", "the premier", "the chancellor", "the senator",
                     "the candidate"), frozenset({ActorKind.PERSON})),
    **dict.fromkeys(("it", "its"), _NON_PERSON),
    **dict.fromkeys(("they", "them", "their"), frozenset({ActorKind.PARTY, ActorKind.FACTION, ActorKind.UNION,
                                                          ActorKind.ARMED_GROUP, ActorKind.MOVEMENT,
                                                          ActorKind.GROUP})),
    "the party": frozenset({ActorKind.PARTY}),
    **dict.fromkeys(("the country", "the nation", "the state", "the kingdom", "the republic"),
                    frozenset({ActorKind.COUNTRY})),
    **dict.fromkeys(("the government", "the administration", "the regime"),
                    frozenset({ActorKind.GOVERNMENT, ActorKind.COUNTRY})),
    "the union": frozenset({ActorKind.UNION}),
    **dict.fromkeys(("the group", "the movement", "the militia", "the rebels", "the insurgents"),
                    frozenset({ActorKind.ARMED_GROUP, ActorKind.MOVEMENT, ActorKind.GROUP})),
    **dict.fromkeys(("the alliance", "the bloc", "the organisation", "the organization"),
                    frozenset({ActorKind.IGO, ActorKind.ORGANISATION})),
    **dict.fromkeys(("the faction", "the wing", "the caucus"), frozenset({ActorKind.FACTION})),
}
#: the words a reference may start with, and the most words one has (to look up only where one may start)
_REFERENCE_FIRST_WORDS = frozenset(k.split()[0] for k in REFERENCE_KINDS)
_REFERENCE_LONGEST = max(len(k.split()) for k in REFERENCE_KINDS)


def reference_mentions(doc: Doc, *, window: int = 2) -> list[tuple[int, int, Actor]]:
    """Pronouns and definite descriptions outside every actor span, each resolved to the latest earlier actor
    mention of a kind it fits (``REFERENCE_KINDS``) at most ``window`` sentences back: (token start, end, actor).

    The actor stage resolves references only where a frame needs them; candidates may use more, since the
    model reads the sentence and decides. Recency is the whole rule (no gender or number check beyond the
    kind), so this raises candidate recall at the cost of wrong antecedents; an expletive "it" is skipped,
    and so is a description followed by "of" ("the state of Texas").

    Examples
    --------
    >>> import spacy
    >>> from allegiance.model import Actor, ActorKind
    >>> doc = spacy.blank("en")("Labour met Macron . The party later attacked him .")
    >>> doc = with_actor_spans(doc, [(0, 1, Actor("P", "Labour", ActorKind.PARTY)),
    ...                              (2, 3, Actor("M", "Macron", ActorKind.PERSON))])
    >>> [(doc[a:b].text, actor.id) for a, b, actor in reference_mentions(doc)]
    [('The party', 'P'), ('him', 'M')]
    """
    spans, taken = _resolved_spans(doc)
    sent_of = _sentence_index(doc)
    lower = [t.lower_ for t in doc]
    out: list[tuple[int, int, Actor]] = []
    i = 0
    while i < len(doc):
        if lower[i] not in _REFERENCE_FIRST_WORDS:
            i += 1
            continue
        for n in range(min(_REFERENCE_LONGEST, len(doc) - i), 0, -1):
            kinds = REFERENCE_KINDS.get(" ".join(lower[i:i + n]))
            if kinds is None or taken.intersection(range(i, i + n)):
                continue
            if n == 1 and doc[i].dep_ == "expl" or n > 1 and i + n < len(doc) and lower[i + n] == "of":
                break
            earlier = [s for s in spans if s.end <= i and sent_of[s.start] >= sent_of[i] - window
                       and s._.actor.kind in kinds and not s._.actor.id.startswith("GRP:")]
            if earlier:
                out.append((i, i + n, earlier[-1]._.actor))
                i += n - 1
            break
        i += 1
    return out


def first_person_mentions(doc: Doc, kb, *, speaker: Actor | None = None) -> list[tuple[int, int, Actor]]:
    """First-person pronouns resolved to whoever speaks: (token start, end, actor).

    * A paragraph of a transcript opens with a speaker label ("MS. PSAKI: ..."): its words, and those of
      the unlabelled paragraphs after it, are the labelled person's ("Q:" or a label naming no known person
      stops the attribution). An unnamed official's label ("SENIOR ADMINISTRATION OFFICIAL:") makes the
      turn's "we" the administration in office on ``doc._.doc_date``; its "I" stays unresolved
      (:func:`~allegiance.relations.model.speakers.transcript_turns`).
    * Elsewhere the words are ``speaker``'s (the author of a speech or statement, given by the caller;
      ``doc._.doc_speaker``, a knowledge-base id or a person's name, when not given), if any.
    * Inside a quotation the words are the quoted person's: the one person named outside the quote in the
      sentences it touches (as for quote pairs); with none or several, the quote's pronouns are left alone.

    "I", "me", "my" are the speaker; "we", "us", "our" the speaker's body
    (:func:`~allegiance.relations.model.speakers.speaker_we`), outside quotations only (a quoted
    politician's "we" may be a party, a government or a crowd). Capitalised "US" is the country and stays
    for the actor stage.

    Examples
    --------
    >>> import spacy
    >>> from allegiance.actors.kb import load_knowledge_base
    >>> from allegiance.model import Actor, ActorKind
    >>> kb = load_knowledge_base()
    >>> doc = spacy.blank("en")("MS. PSAKI: We back Kyiv and I said so.\\n\\nQ: Do we?")
    >>> doc = with_actor_spans(doc, [(2, 3, kb.get("PER:jen_psaki")), (6, 7, Actor("UKR", "Ukraine", ActorKind.COUNTRY))])
    >>> [(doc[a:b].text, actor.id) for a, b, actor in first_person_mentions(doc, kb)]
    [('We', 'USA-ADMIN-BIDEN'), ('I', 'PER:jen_psaki')]
    >>> doc = spacy.blank("en")("SENIOR ADMINISTRATION OFFICIAL: I think we back Kyiv.")
    >>> doc._.doc_date = "2022-03-01"
    >>> [(doc[a:b].text, actor.id) for a, b, actor in first_person_mentions(doc, kb)]
    [('we', 'USA-ADMIN-BIDEN')]
    """
    register_extensions()
    spans, taken = _resolved_spans(doc)
    turns = transcript_turns(doc, spans, kb, speaker=speaker)
    regions = quote_regions(doc)
    sents = _sentences(doc, None)
    all_mentions = [_Mention(s.start, s.end, s._.actor.id, False) for s in spans]
    by_id = {s._.actor.id: s._.actor for s in spans}
    quoted_by = {}
    for region in regions:
        people = {m.actor_id for m in _speakers(region, sents, all_mentions, regions)
                  if by_id[m.actor_id].kind is ActorKind.PERSON}
        quoted_by[region] = by_id[people.pop()] if len(people) == 1 else None
    out: list[tuple[int, int, Actor]] = []
    turn = 0
    pronouns = _FIRST_SINGULAR | _FIRST_PLURAL
    for i, word in enumerate(t.lower_ for t in doc):
        if word not in pronouns or i in taken:
            continue
        token = doc[i]
        if token.text in ("US", "U.S.") or roman_numeral_i(token):
            continue
        while turn + 1 < len(turns) and turns[turn + 1][0] <= token.i:
            turn += 1
        region = next((r for r in regions if r[0] <= token.i < r[1]), None)
        if region is not None:
            who = quoted_by[region] if word in _FIRST_SINGULAR else None
        else:
            who = turns[turn][2] if word in _FIRST_PLURAL else turns[turn][1]
        if who is not None:
            out.append((token.i, token.i + 1, who))
    return out



def roman_numeral_i(token) -> bool:
    """A capital "I" that numbers the name before it ("SALT I", "World War I", "Elizabeth I"): the word before
    is capitalised and not the sentence's first, and no title ("As President I pledge" is the speaker).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("We signed SALT I and SALT II. As President I signed them.")
    >>> [roman_numeral_i(t) for t in doc if t.text == "I"]
    [True, False]
    """
    doc = token.doc
    if token.text != "I" or token.i == 0:
        return False
    before = doc[token.i - 1]
    first = before.is_sent_start if doc.has_annotation("SENT_START") else before.i == 0
    return (before.is_alpha and before.text[:1].isupper() and not first
            and before.lower_.rstrip(".") not in TITLES)

#: Heads of group nouns that name a set of people who can take sides ("anti-government protesters", "Golden Dawn
#: supporters", "rebel fighters"): each such noun phrase the actor stage leaves alone is a candidate mention.
GROUP_HEADS = frozenset("""
activists allies backers delegates demonstrators dissidents extremists factions farmers fighters firefighters
followers guerrillas hardliners insurgents islamists jihadists lawmakers legislators loyalists members
militants militias monitors nationalists negotiators officers officials opponents opposition paramilitaries
parties protesters protestors rebels revolutionaries separatists settlers soldiers strikers students
supporters supremacists terrorists troops unionists voters workers
""".split())
_GROUP_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "poss", "nummod"})
#: heads that also name an act: a group only with a determiner or possessor and without "to" after it ("the
#: opposition", "Venezuela's opposition"; not "voice opposition to the plan", "its opposition to the bill")
ACT_OR_GROUP_HEADS = frozenset({"opposition"})


def _names_the_act(token) -> bool:
    """ "opposition" as the act of opposing (:data:`ACT_OR_GROUP_HEADS`), not the group.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words = "They voice opposition to the plan".split()
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 2, 5, 3],
    ...           deps=["nsubj", "ROOT", "dobj", "prep", "det", "pobj"])
    >>> _names_the_act(doc[2])
    True
    """
    if token.lower_ not in ACT_OR_GROUP_HEADS:
        return False
    children = list(token.children)
    return (any(c.dep_ == "prep" and c.lower_ == "to" for c in children)
            or not any(c.dep_ in ("det", "poss") for c in children))


def _group_phrase(token, taken: set[int]) -> tuple[int, int, int]:
    """(name start, mention start, name end) of the group noun phrase headed by ``token``: its contiguous left
    modifiers and a following "of" + actor run into the name; the mention starts after the last actor token."""
    start = token.i
    for child in reversed(list(token.lefts)):
        if (child.right_edge.i != start - 1 or child.dep_ not in _GROUP_MODIFIER_DEPS
                or any(t.dep_ == "cc" for t in child.subtree)):
            break
        start = child.left_edge.i
    while start < token.i and token.doc[start].dep_ in ("punct", "case", "det"):
        start += 1
    mention_start = max((i + 1 for i in range(start, token.i) if i in taken), default=start)
    while mention_start < token.i and token.doc[mention_start].dep_ in ("case", "punct"):
        mention_start += 1  # "Venezuela's opposition": the mention is "opposition", not "'s opposition"
    end = token.i + 1
    if end + 1 < len(token.doc) and token.doc[end].lower_ == "of" and end + 1 in taken:
        end += 1
        while end in taken:
            end += 1
    return start, mention_start, end


def group_mentions(doc: Doc) -> list[tuple[int, int, Actor]]:
    """Group noun phrases outside every actor span, each an ad-hoc group actor: (token start, end, actor).

    A lower-case plural head of :data:`GROUP_HEADS` ("protesters", "officials", "the opposition") with its
    left modifiers is a mention; the actor is named after the phrase, running over an actor it is built on
    ("Trump supporters", "supporters of Trump") while the mention itself stops at that actor. A bare head
    ("the protesters") names nobody beyond its document, so its actor id carries the document id
    (``doc._.doc_id``): protesters in two articles are not one actor. Phrases in an actor span are the
    actor stage's.

    Examples
    --------
    A hand-parsed Doc (the modifiers come from the dependency parse):

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> from allegiance.model import Actor, ActorKind
    >>> words = "Police fired on the protesters and Trump supporters .".split()
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 4, 2, 4, 7, 4, 1],
    ...           deps=["nsubj", "ROOT", "prep", "det", "pobj", "cc", "compound", "conj", "punct"],
    ...           pos=["NOUN", "VERB", "ADP", "DET", "NOUN", "CCONJ", "PROPN", "NOUN", "PUNCT"])
    >>> doc = with_actor_spans(doc, [(6, 7, Actor("PER:donald_trump", "Donald Trump", ActorKind.PERSON))])
    >>> [(doc[a:b].text, actor.name, actor.id) for a, b, actor in group_mentions(doc)]
    [('protesters', 'protesters', 'GRP:protesters'), ('supporters', 'Trump supporters', 'GRP:trump_supporters')]
    """
    register_extensions()
    _, taken = _resolved_spans(doc)
    parsed = doc.has_annotation("DEP")
    doc_id = str(doc._.doc_id or "")
    out = []
    for token in doc:
        if token.i in taken or token.lower_ not in GROUP_HEADS or token.text != token.lower_ and not (
                token.is_sent_start and token.is_title):
            continue
        if parsed and (token.pos_ not in ("NOUN", "PROPN") or token.dep_ in _GROUP_MODIFIER_DEPS
                       or _names_the_act(token)):
            continue
        start, mention_start, end = _group_phrase(token, taken) if parsed else (token.i, token.i, token.i + 1)
        name = " ".join(doc[start:end].text.split()).lstrip("-–—'\"“‘ ")
        bare = name.lower() == token.lower_ and end == token.i + 1
        actor_id = adhoc_actor_id(f"{name} {doc_id}" if bare and doc_id else name, "NORP")
        out.append((mention_start, token.i + 1, Actor(actor_id, name, ActorKind.GROUP)))
    return out


def extra_mentions(doc: Doc, kb, *, adjectival: bool = False, references: bool = False,
                   first_person: bool = False, groups: bool = False) -> list[tuple[int, int, Actor]]:
    """The mentions outside the actor spans that candidates may pair, as switched on: country adjectives
    (:func:`adjectival_mentions`), resolved references (:func:`reference_mentions`), first-person pronouns
    (:func:`first_person_mentions`) and group nouns (:func:`group_mentions`); ``kb`` is needed for the
    first and the third.

    Examples
    --------
    >>> import spacy
    >>> extra_mentions(spacy.blank("en")("We met."), None)
    []
    """
    return ((adjectival_mentions(doc, kb) if adjectival else []) + (reference_mentions(doc) if references else [])
            + (first_person_mentions(doc, kb) if first_person else []) + (group_mentions(doc) if groups else []))


def _resolved_spans(doc: Doc) -> tuple[list[Span], set[int]]:
    """The actor spans that carry an actor, in token order, and the tokens the actor spans cover."""
    spans = sorted((s for s in doc.spans.get(ACTOR_SPANS_KEY, []) if s._.actor is not None), key=lambda s: s.start)
    return spans, {i for span in spans for i in range(span.start, span.end)}


def _sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token (0 throughout for a Doc without sentences)."""
    out = []
    for k, (start, end) in enumerate(sentence_bounds(doc)):
        out += [k] * (end - start)
    return out


def _sentences(doc: Doc, sentences: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]]:
    if sentences is not None:
        return list(sentences)
    return sentence_bounds(doc) or [(0, 0)]


def _inside(m: _Mention, region: tuple[int, int]) -> bool:
    return region[0] <= m.start and m.end <= region[1]


def pair_candidates(doc: Doc, *, sentences: Sequence[tuple[int, int]] | None = None,
                    actor_id=lambda actor: actor.id,
                    extra_mentions: Iterable[tuple[int, int, Actor]] = ()) -> list[PairCandidate]:
    """Every candidate pair of ``doc`` (see the module docstring), in sentence then actor order.

    Parameters
    ----------
    doc : Doc
        A Doc with actor spans in ``doc.spans["actors"]``.
    sentences : list of (start, end) token spans, optional
        The sentences; default ``doc.sents`` (the whole Doc when it has none).
    actor_id : callable
        Maps an actor to the id the pair is keyed on (default ``actor.id``).
    extra_mentions : iterable of (start, end, Actor), optional
        More mentions to pair, outside the actor spans (:func:`extra_mentions`); none by default. Their
        actors, where the actor spans lack them, travel on the candidates (``extra_actors``).
    """
    extra = list(extra_mentions)
    spanned = actor_mentions(doc, actor_id)
    mentions = sorted(spanned + [_Mention(a, b, actor_id(actor), reference_like(doc[a:b].text))
                                 for a, b, actor in extra],
                      key=lambda m: (m.start, m.end, m.actor_id))
    in_spans = {m.actor_id for m in spanned}
    extra_actor = {actor_id(actor): actor for _, _, actor in extra if actor_id(actor) not in in_spans}
    sents = _sentences(doc, sentences)
    regions = quote_regions(doc)
    out: list[PairCandidate] = []
    for index, (s_start, s_end) in enumerate(sents):
        inside = [m for m in mentions if s_start <= m.start and m.end <= s_end]
        by_actor: dict[str, list[_Mention]] = {}
        for m in inside:
            by_actor.setdefault(m.actor_id, []).append(m)
        ids = sorted(by_actor)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                ref = all(m.reference for m in by_actor[a]) or all(m.reference for m in by_actor[b])
                out.append(PairCandidate((s_start, s_end), (a, b), _spans(by_actor[a]), _spans(by_actor[b]),
                                         "reference" if ref else "sentence"))
        out.extend(_quote_pairs(index, sents, mentions, regions, by_actor))
    if extra_actor:
        out = [replace(c, extra_actors=(extra_actor.get(c.actors[0]), extra_actor.get(c.actors[1])))
               if c.actors[0] in extra_actor or c.actors[1] in extra_actor else c for c in out]
    return out


def _spans(mentions: Iterable[_Mention]) -> tuple[tuple[int, int], ...]:
    return tuple(dict.fromkeys((m.start, m.end) for m in mentions))


def _speakers(region: tuple[int, int], sents: Sequence[tuple[int, int]], mentions: Sequence[_Mention],
              regions: Sequence[tuple[int, int]]) -> list[_Mention]:
    """Actors outside every quote in the sentences the quote touches; else in the sentence before or after it."""
    touching = [i for i, (a, b) in enumerate(sents) if a < region[1] and region[0] < b]
    if not touching:
        return []

    def outside(i: int) -> list[_Mention]:
        a, b = sents[i]
        return [m for m in mentions if a <= m.start and m.end <= b and not any(_inside(m, r) for r in regions)]

    found = [m for i in touching for m in outside(i)]
    for i in (touching[0] - 1, touching[-1] + 1):
        if not found and 0 <= i < len(sents):
            found = outside(i)
    return found


def _quote_pairs(index: int, sents: Sequence[tuple[int, int]], mentions: Sequence[_Mention],
                 regions: Sequence[tuple[int, int]], by_actor: dict[str, list[_Mention]]) -> list[PairCandidate]:
    """Speaker <-> quoted-actor pairs keyed on sentence ``index``, for speakers not in that sentence."""
    s_start, s_end = sents[index]
    out: dict[tuple[str, str], PairCandidate] = {}
    for region in regions:
        quoted = [m for ms in by_actor.values() for m in ms if _inside(m, region)]
        if not quoted:
            continue
        for speaker in _speakers(region, sents, mentions, regions):
            if s_start <= speaker.start and speaker.end <= s_end:
                continue  # same sentence: already a sentence pair
            for m in quoted:
                if m.actor_id == speaker.actor_id or m.actor_id in by_actor and speaker.actor_id in by_actor:
                    continue
                a, b = sorted((m.actor_id, speaker.actor_id))
                if (a, b) in out:
                    continue
                spans_m = _spans(by_actor[m.actor_id])
                spans_s = ((speaker.start, speaker.end),)
                out[(a, b)] = PairCandidate((s_start, s_end), (a, b),
                                            spans_m if a == m.actor_id else spans_s,
                                            spans_s if a == m.actor_id else spans_m, "quote")
    return list(out.values())
