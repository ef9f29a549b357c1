"""Rule-based signed relation extraction over a parsed, actor-annotated Doc.

The rules are data (:mod:`allegiance.relations.lexicon`); this module holds the
small matchers that read them against the dependency parse:

* **frames** — a trigger (verb, noun, adjective, joint modifier, phrase) with its
  *holders* (who acts or stands) and *partners* (toward whom), found through the
  subject, passive agent, direct object, prepositions, possessives, appositions,
  relative clauses, control and coordination;
* **implied relations** — a purpose clause of an alliance ("X allied with Y to
  counteract Z") puts every member against the target; "against" on a positive
  trigger does the same;
* **modifiers** — negation and near-negation, questions, conditionals, modality,
  hedges and reported speech (confidence), time (past / current / future).

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate
>>> nlp = load_model()
>>> doc = annotate(nlp, "Britain formed an alliance with France.", ["Britain", "France"])
>>> [(r.source.text, r.target.text, r.type.value) for r in find_relations(doc)]
[('Britain', 'France', 'ally')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from allegiance.actors.pipes import shared_knowledge_base
from allegiance.errors import ConfigError
from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType, Sign, TimeFrame
from allegiance.nlp.extensions import ACTOR_SPANS_KEY
from allegiance.relations.evidence import anchor_evidence, group_fits_reference
from allegiance.relations.lexicon import Lexicon, PhraseRule, TriggerRule, load_lexicon

__all__ = ["ExtractorConfig", "find_relations", "NOTES_KEY"]

NOTES_KEY = "allegiance.relations.notes"

_SUBJ = {"nsubj", "csubj", "expl"}
_PASSIVE_SUBJ = {"nsubjpass", "csubjpass"}
_REL_PRONOUNS = {"who", "which", "that", "whom"}
_PLURAL_PRONOUNS = {"they", "them", "both", "we", "us"}
_SINGULAR_PRONOUNS = {"he", "she", "his", "her", "him", "its", "it", "their", "they", "them"}
_LABEL_VERBS = {"call", "brand", "label", "describe", "dub", "deem", "term", "characterize", "characterise",
                "portray", "paint", "consider"}
_PATH_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "poss", "compound", "amod", "appos", "pobj", "prep", "agent",
              "nmod", "attr", "dative"}
_PREPOSITIONS = {"with", "from", "to", "against", "on", "for", "of", "behind", "at", "by", "over", "into"}
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_TYPE_PRIORITY = [
    "defeat", "abandon", "accuse", "blame", "sanction", "threaten", "attack", "criticise", "fight",
    "split", "rival", "oppose", "endorse", "praise", "join", "ally", "negotiate", "cooperate",
    "agree", "support",
]


@dataclass(frozen=True, slots=True)
class ExtractorConfig:
    """Options of the relation extractor (the component's config).

    Examples
    --------
    >>> ExtractorConfig().max_sentence_tokens
    150
    """

    max_sentence_tokens: int = 150
    min_confidence: float = 0.2
    keep_negated: bool = False
    anaphora: bool = True
    implied: bool = True
    speaker_context: bool = True
    path_fallback: bool = True


@dataclass(slots=True)
class _Frame:
    """A trigger with its arguments, before modifiers are applied."""

    anchor: Token  # the trigger token
    clause: Token  # the verb (or trigger) whose clause carries the modifiers
    rule: TriggerRule | PhraseRule
    rule_name: str
    holders: list[Span]
    partners: list[tuple[Span, RelationType]]
    holder_tokens: list[Token] = field(default_factory=list)
    directed: bool = True
    weight: float = 0.75
    inherited: bool = False  # holders came from a controlling clause
    purpose_of: Token | None = None  # controlling verb of a purpose clause
    reverse: bool = False
    group_members: bool = False  # pair the holders among themselves (symmetric, no partner)
    own_negation: bool = False  # the frame already read its negation (speaker stance)


class _Sentence:
    """Per-sentence index: token -> actor span."""

    def __init__(self, sent: Span, spans: Sequence[Span]):
        self.sent = sent
        self.actor_at: dict[int, Span] = {}
        for span in sorted(spans, key=lambda s: len(s), reverse=True):  # shortest wins
            for i in range(span.start, span.end):
                self.actor_at[i] = span

    def span_of(self, token: Token) -> Span | None:
        return self.actor_at.get(token.i)


class _LexIndex:
    """Word sets of one lexicon that say which tokens can fire a rule (built once per lexicon).

    The per-token loops only look at tokens whose lower-cased form or lemma is one of
    these words; every other token fires nothing, so skipping it changes nothing.
    """

    def __init__(self, lex: Lexicon):
        self.lex = lex  # held: the cache key is id(lex)
        # frames(): verb, departure, noun, adjective and joint-modifier triggers
        self.frame_lemmas = frozenset(lex.verbs) | lex.departure_callers | frozenset(lex.nouns) \
            | lex.departure_nouns
        self.frame_lowers = frozenset(lex.nouns) | frozenset(lex.adjectives) | frozenset(lex.joint)
        # speaker_frames(): labelling and saying verbs, "according to"
        self.speaker_lemmas = frozenset(_LABEL_VERBS) | lex.modifiers.say_verbs
        # phrase_frames(): rules by first word, with their order in the lexicon
        self.phrases_by_first: dict[str, list[tuple[int, PhraseRule]]] = {}
        for order, rule in enumerate(lex.phrases):
            self.phrases_by_first.setdefault(rule.words[0], []).append((order, rule))
        self.role_nouns = lex.role_nouns


_LEX_INDEXES: dict[int, _LexIndex] = {}


def _phrase_matches(lowers: Sequence[str], start: int, end: int,
                    by_first: dict[str, list[tuple[int, PhraseRule]]]) -> list[tuple[int, PhraseRule]]:
    """``(token index, rule)`` of every phrase rule whose words are ``lowers[i:i + n]`` inside
    ``[start, end)``, rule by rule in lexicon order, then left to right."""
    found: list[tuple[int, int, PhraseRule]] = []
    for i in range(start, end):
        for order, rule in by_first.get(lowers[i], ()):
            n = len(rule.words)
            if i + n <= end and list(lowers[i:i + n]) == list(rule.words):
                found.append((order, i, rule))
    found.sort(key=lambda item: (item[0], item[1]))
    return [(i, rule) for _, i, rule in found]


def _lex_index(lex: Lexicon) -> _LexIndex:
    index = _LEX_INDEXES.get(id(lex))
    if index is None or index.lex is not lex:
        if len(_LEX_INDEXES) >= 16:
            _LEX_INDEXES.clear()
        index = _LEX_INDEXES[id(lex)] = _LexIndex(lex)
    return index


class _DocWords:
    """The lower-cased form and lower-cased lemma of every token of a Doc, as plain strings.

    Read once per document from the token arrays, so that the per-sentence loops can
    test words without creating a ``Token`` for every token they pass over.
    """

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        if len(doc):
            array = doc.to_array([LOWER, LEMMA])
            lower_ids, lemma_ids = array[:, 0].tolist(), array[:, 1].tolist()
        else:
            lower_ids, lemma_ids = [], []
        text = {key: strings[key] for key in set(lower_ids)}
        lemma = {key: strings[key].lower() for key in set(lemma_ids)}
        self.lowers: list[str] = [text[key] for key in lower_ids]
        self.lemmas: list[str] = [lemma[key] for key in lemma_ids]


# ----------------------------------------------------------------------------- argument resolution


def _dedupe(spans: Iterable[Span]) -> list[Span]:
    seen: set[tuple[int, int]] = set()
    out = []
    for s in spans:
        key = (s.start, s.end)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


class _Resolver:
    def __init__(self, lex: Lexicon, ctx: _Sentence, pronouns: bool = True, generic_groups: bool = True):
        self.lex = lex
        self.ctx = ctx
        self.pronouns = pronouns
        self.generic_groups = generic_groups

    def generic_group(self, token: Token) -> Span | None:
        """An ad hoc actor for a generic group with a clear political identity
        ("the liberal-democratic states", "anti-communist states", "Western powers")."""
        lex = self.lex
        if token.pos_ != "NOUN" or token.tag_ != "NNS" or token.lemma_.lower() not in lex.group_nouns:
            return None
        mods = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i]
        if not mods:
            return None
        start = min(c.left_edge.i for c in mods)
        words = {t.lower_ for t in token.doc[start:token.i]}
        parts = {p for w in words for p in w.split("-")}
        identity = bool(parts & lex.group_identities) or any(
            w.startswith(("anti-", "pro-", "non-")) for w in words
        ) or any(t.ent_type_ == "NORP" for t in token.doc[start:token.i])
        if not identity:
            return None
        span = token.doc[start:token.i + 1]
        if span._.actor is None:
            name = span.text
            span._.actor = Actor("GRP:" + "_".join(name.lower().split()), name, ActorKind.GROUP)
            span._.actor_confidence = 0.5
        return span

    def pronoun(self, token: Token) -> Span | None:
        """Fallback for a pronoun the actor stage left unresolved: the nearest earlier actor
        that is the subject of a verb in the same sentence ("Wolf says he's supporting Clinton")."""
        if token.lower_ not in _SINGULAR_PRONOUNS:
            return None
        best = None
        for i in range(token.i - 1, self.ctx.sent.start - 1, -1):
            span = self.ctx.actor_at.get(i)
            if span is None or span.root.i != i:
                continue
            if span.root.dep_ in ("nsubj", "nsubjpass"):
                return span
            if best is None and span.root.dep_ not in ("poss", "compound", "pobj"):
                best = span
        return best

    def actors(self, token: Token, depth: int = 0) -> list[Span]:
        """Actor spans a noun-phrase head refers to (with coordination, appositions, proxies)."""
        if depth > 4:
            return []
        ctx, lex = self.ctx, self.lex
        out: list[Span] = []
        span = ctx.span_of(token)
        if span is not None:
            out.append(span)
            heads = {token, span.root}
        else:
            heads = {token}
            low = token.lower_
            if low in _REL_PRONOUNS and token.head.dep_ == "relcl":
                return self.actors(token.head.head, depth + 1)
            for child in token.children:
                if child.dep_ == "appos":
                    out.extend(self.actors(child, depth + 1))
            if not out and token.pos_ == "PRON" and self.pronouns:
                found = self.pronoun(token)
                if found is not None:
                    out.append(found)
            if not out:
                proxy = token.lemma_.lower() in lex.proxy_nouns or low in lex.proxy_nouns
                common = token.pos_ == "NOUN" and token.lemma_.lower() not in _lex_index(lex).role_nouns
                for child in token.children:
                    dep = child.dep_
                    if dep in ("compound", "nmod", "amod") and ctx.span_of(child) is not None:
                        out.append(ctx.span_of(child))
                    elif dep == "poss" and (proxy or common):
                        out.extend(self.actors(child, depth + 1))
                    elif dep == "prep" and proxy and child.lower_ in ("of", "from", "by", "in", "for", "at"):
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                out.extend(self.actors(pobj, depth + 1))
                    elif dep == "prep" and child.lower_ in ("as", "like", "including"):
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                out.extend(self.actors(pobj, depth + 1))
                    elif dep == "amod" and child.lower_ == "such":
                        for grand in child.children:
                            if grand.dep_ == "prep" and grand.lower_ == "as":
                                out.extend(self.actors(p, depth + 1) for p in grand.children if p.dep_ == "pobj")
                    elif dep == "prep" and child.lower_ == "such":
                        for grand in child.children:
                            if grand.dep_ == "prep" and grand.lower_ == "as":
                                for p in grand.children:
                                    if p.dep_ == "pobj":
                                        out.extend(self.actors(p, depth + 1))
                out = [s for s in _flatten(out)]
            if not out and self.generic_groups:
                group = self.generic_group(token)
                if group is not None:
                    out.append(group)
        for head in heads:
            for child in head.children:
                if child.dep_ == "conj":
                    out.extend(self.actors(child, depth + 1))
        return _dedupe(out)

    def is_plural_reference(self, token: Token) -> bool:
        """A plural pronoun or plural noun phrase with no actor in it ("they", "the former rivals")."""
        if self.ctx.span_of(token) is not None:
            return False
        if token.lower_ in _PLURAL_PRONOUNS:
            return True
        if token.tag_ == "NNS" and token.lemma_.lower() in self.lex.plural_references and not any(
            self.ctx.span_of(t) is not None for t in token.subtree
        ):
            return True
        return False


def _flatten(items: Iterable) -> Iterator[Span]:
    for item in items:
        if isinstance(item, Span):
            yield item
        else:
            yield from _flatten(item)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass",) or c.dep_ in _PASSIVE_SUBJ for c in verb.children)


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


# ----------------------------------------------------------------------------- the extractor


class _Extractor:
    def __init__(self, doc: Doc, lex: Lexicon, config: ExtractorConfig):
        self.doc = doc
        self.lex = lex
        self.config = config
        self.last_group: list[Span] = []
        self.group_age = 0
        self._reference_year: int | None = None
        self.notes: list[str] = []
        self.index = _lex_index(lex)
        self.words = _DocWords(doc)
        self._sentence_markers: tuple[int, bool, bool] | None = None

    # ---- subjects and objects -------------------------------------------------
    def subjects(self, res: _Resolver, verb: Token, depth: int = 0) -> tuple[list[Span], list[Token], bool, Token | None]:
        """(actor spans, subject tokens, inherited?, purpose controller) of a verb."""
        if depth > 4:
            return [], [], False, None
        if _is_passive(verb):
            spans, toks = [], []
            for c in verb.children:
                if c.dep_ == "agent":
                    for p in _pobjs(c):
                        toks.append(p)
                        spans.extend(res.actors(p))
            return spans, toks, False, None
        subj = [c for c in verb.children if c.dep_ in _SUBJ]
        if subj:
            spans, toks = [], []
            for s in subj:
                toks.append(s)
                found = res.actors(s)
                if not found:  # "some of the mujahedin"
                    for c in s.children:
                        if c.dep_ == "prep" and c.lower_ == "of":
                            for p in _pobjs(c):
                                found.extend(res.actors(p))
                spans.extend(found)
            return _dedupe(spans), toks, False, None
        dep = verb.dep_
        head = verb.head
        if dep == "conj" and head != verb:
            spans, toks, inh, purpose = self.subjects(res, head, depth + 1)
            return spans, toks, True, purpose
        if dep in ("xcomp", "acomp") and head != verb:
            if _is_passive(head) or head.lemma_.lower() in ("be", "seem", "appear", "likely", "set", "poised"):
                # raising: "X is expected to defeat Y", "X is likely to back Y"
                toks = [c for c in head.children if c.dep_ in _PASSIVE_SUBJ or c.dep_ in _SUBJ]
                if not toks and head.dep_ in ("acomp", "xcomp") and head.head != head:
                    toks = [c for c in head.head.children if c.dep_ in _PASSIVE_SUBJ or c.dep_ in _SUBJ]
                if toks:
                    return _dedupe(sp for t in toks for sp in res.actors(t)), toks, True, None
            spans, toks, _, _ = self.subjects(res, head, depth + 1)
            return spans, toks, True, None
        has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if dep == "advcl" and has_to:
            spans, toks, _, _ = self.subjects(res, head, depth + 1)
            return spans, toks, True, head
        if dep == "advcl" and verb.tag_ in ("VBG", "VBN") and head != verb:
            if not any(c.dep_ == "mark" for c in verb.children):
                spans, toks, _, _ = self.subjects(res, head, depth + 1)
                return spans, toks, True, None
        if dep == "acl" and head != verb and res.ctx.span_of(head) is None and \
                head.dep_ in ("dobj", "obj") and not res.actors(head):
            # "made her speech attacking Trump": the speaker acts
            spans, toks, _, _ = self.subjects(res, head.head, depth + 1)
            return spans, toks, True, None
        if dep == "acl" and head.lower_ == "order" and head.head.dep_ == "prep":
            controller = head.head.head
            spans, toks, _, _ = self.subjects(res, controller, depth + 1)
            return spans, toks, True, controller
        if dep in ("relcl", "acl") and head != verb:
            return res.actors(head), [head], True, None
        return [], [], False, None

    def objects(self, res: _Resolver, verb: Token) -> list[Span]:
        if _is_passive(verb):
            out = []
            for c in verb.children:
                if c.dep_ in _PASSIVE_SUBJ:
                    out.extend(res.actors(c))
            if not out and verb.dep_ in ("relcl", "acl"):
                out.extend(res.actors(verb.head))
            if not out and verb.dep_ in ("xcomp", "acomp"):
                # "X's decision is likely to be welcomed by Y"
                up = verb.head
                if up.dep_ in ("acomp", "xcomp") and up.head != up:
                    up = up.head
                for c in up.children:
                    if c.dep_ in _SUBJ or c.dep_ in _PASSIVE_SUBJ:
                        out.extend(res.actors(c))
            return out
        out = []
        for c in verb.children:
            if c.dep_ in ("dobj", "obj"):
                out.extend(res.actors(c))
        return out

    def prep_partners(self, res: _Resolver, tokens: Sequence[Token], rule: TriggerRule | PhraseRule,
                      search_objects: bool = False) -> list[tuple[Span, RelationType, str]]:
        """Counterparts reached through the rule's prepositions (children of the given tokens)."""
        out: list[tuple[Span, RelationType, str]] = []
        seen_preps: set[int] = set()
        frontier = list(tokens)
        if search_objects:
            for t in tokens:
                for c in t.children:
                    if c.dep_ in ("dobj", "obj"):
                        frontier.append(c)
                        for g in c.children:
                            if g.dep_ == "prep":
                                frontier.extend(_pobjs(g))
        for t in frontier:
            for c in t.children:
                if c.dep_ not in ("prep", "agent", "dative") or c.i in seen_preps:
                    continue
                low = c.lower_
                if low not in rule.preps:
                    continue
                seen_preps.add(c.i)
                rtype = rule.preps[low]
                for p in _pobjs(c):
                    for s in res.actors(p):
                        out.append((s, rtype, low))
        return out

    # ---- frames ---------------------------------------------------------------
    def frames(self, res: _Resolver, sent: Span) -> list[_Frame]:
        lex = self.lex
        frames: list[_Frame] = []
        lowers, lemmas = self.words.lowers, self.words.lemmas
        by_lemma, by_lower = self.index.frame_lemmas, self.index.frame_lowers
        doc = sent.doc
        for i in range(sent.start, sent.end):
            lemma = lemmas[i]
            if lemma not in by_lemma and lowers[i] not in by_lower:
                continue  # no rule fires on this word
            tok = doc[i]
            pos = tok.pos_
            if pos in ("VERB", "AUX") or (pos == "NOUN" and tok.tag_.startswith("VB")):
                for rule in lex.verbs.get(lemma, ()):
                    frame = self.verb_frame(res, tok, rule)
                    if frame is not None:
                        frames.append(frame)
                if lemma in lex.departure_callers:
                    frame = self.departure_frame(res, tok)
                    if frame is not None:
                        frames.append(frame)
            if pos == "NOUN":
                rules = lex.nouns.get(lemma, ()) or lex.nouns.get(tok.lower_, ())
                for rule in rules:
                    frame = self.noun_frame(res, tok, rule)
                    if frame is not None:
                        frames.append(frame)
                if lemma in lex.departure_nouns:
                    frame = self.departure_noun_frame(res, tok)
                    if frame is not None:
                        frames.append(frame)
            if pos in ("ADJ", "VERB") and tok.dep_ in ("acomp", "amod", "oprd", "conj", "ROOT"):
                for rule in lex.adjectives.get(tok.lower_, ()):
                    frame = self.adj_frame(res, tok, rule)
                    if frame is not None:
                        frames.append(frame)
            if tok.dep_ == "amod" and tok.lower_ in lex.joint:
                for rule in lex.joint[tok.lower_]:
                    if rule.nouns and tok.head.lemma_.lower() not in rule.nouns:
                        continue
                    frame = self.noun_frame(res, tok.head, rule, joint=True)
                    if frame is not None:
                        frames.append(frame)
        frames.extend(self.phrase_frames(res, sent))
        frames.extend(self.speaker_frames(res, sent))
        return frames

    def speaker_frames(self, res: _Resolver, sent: Span) -> list[_Frame]:
        """Speaker stance: "X said Y is unqualified" -> X criticises Y; "... is a great leader" -> praise."""
        lex = self.lex
        if not (lex.evaluative_positive or lex.evaluative_negative):
            return []
        frames: list[_Frame] = []
        lowers, lemmas, wanted = self.words.lowers, self.words.lemmas, self.index.speaker_lemmas
        doc = sent.doc
        for i in range(sent.start, sent.end):
            if lemmas[i] not in wanted and lowers[i] != "according":
                continue  # neither a labelling or saying verb nor "according to"
            verb = doc[i]
            if verb.pos_ == "VERB" and verb.lemma_.lower() in _LABEL_VERBS:
                frame = self.label_frame(res, verb)
                if frame is not None:
                    frames.append(frame)
            reports: list[tuple[list[Span], list[Token], Token, set[int]]] = []
            if verb.lower_ == "according" and verb.dep_ == "prep":
                # "According to Gowdy, Clinton was wrong": the speaker is the pobj of "to"
                speakers = [sp for c in verb.children if c.lower_ == "to" for p in _pobjs(c) for sp in res.actors(p)]
                if speakers and verb.head != verb:
                    reports.append((speakers, [], verb.head, {t.i for t in verb.subtree}))
            elif verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lex.modifiers.say_verbs:
                speakers, stoks, _, _ = self.subjects(res, verb)
                if speakers:
                    reports.extend((speakers, stoks, c, set()) for c in verb.children
                                   if c.dep_ in ("ccomp", "parataxis"))
            for speakers, stoks, clause, skip in reports:
                found_here = len(frames)
                signs: set[RelationType] = set()
                for word in clause.subtree:
                    if word.i in skip:
                        continue
                    low = word.lower_
                    lemma = word.lemma_.lower()
                    if low in lex.evaluative_positive or lemma in lex.evaluative_positive:
                        rtype = RelationType.PRAISE
                    elif low in lex.evaluative_negative or lemma in lex.evaluative_negative:
                        rtype = RelationType.CRITICISE
                    else:
                        continue
                    signs.add(rtype)
                    target_tok = self._evaluated(word)
                    if target_tok is None:
                        continue
                    targets = [t for t in res.actors(target_tok) if t not in speakers]
                    if not targets:
                        continue
                    pred = word.head if word.dep_ in ("acomp", "attr") else word
                    if word.dep_ == "amod" and word.head.dep_ == "attr":
                        pred = word.head.head
                    if any(c.dep_ == "neg" for c in (*pred.children, *word.children)):
                        rtype = RelationType.CRITICISE if rtype is RelationType.PRAISE else RelationType.PRAISE
                    rule = TriggerRule(lemma, "adj", rtype, weight=0.55)
                    frames.append(_Frame(word, pred, rule, f"speaker:{lemma}", list(speakers),
                                         [(t, rtype) for t in targets], stoks, directed=True, weight=0.55,
                                         own_negation=True))
                if self.config.speaker_context and len(frames) == found_here and len(signs) == 1:
                    # weaker: one-sided evaluative wording in the reported clause, about its subject actor
                    rtype = next(iter(signs))
                    subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in skip]
                    targets = [t for c in subj for t in res.actors(c) if t not in speakers]
                    weight = 0.4
                    dummy = all(c.lower_ in ("it", "this", "that", "there", "what") for c in subj)
                    if not targets and dummy:
                        # "it is inexcusable to hold Lynch hostage": the actor the clause is about
                        objs = [d for d in clause.subtree if d.dep_ == "dobj" and d.head.pos_ == "VERB"]
                        targets = [t for d in objs[:1] for t in res.actors(d) if t not in speakers]
                        weight = 0.35
                    if targets and not any(c.dep_ == "neg" for c in clause.children):
                        rule = TriggerRule("context", "adj", rtype, weight=weight)
                        frames.append(_Frame(clause, clause, rule, "speaker:context", list(speakers),
                                             [(t, rtype) for t in targets], stoks, directed=True, weight=weight,
                                             own_negation=True))
        return frames

    def label_frame(self, res: _Resolver, verb: Token) -> _Frame | None:
        """"Sanders branded him destructive", "X called Y a liar", "X described Y as a hero"."""
        lex = self.lex
        objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "oprd")]
        targets = _dedupe(t for o in objs for t in res.actors(o))
        if not targets:
            return None
        subject_side = {t.i for c in verb.children
                        if c.dep_ in _SUBJ or c.dep_ in ("xcomp", "advcl", "ccomp", "npadvmod", "conj")
                        or (c.dep_ == "prep" and c.lower_ != "as") for t in c.subtree}
        signs = set()
        for t in verb.subtree:
            if t.i in subject_side:
                continue
            low, lemma = t.lower_, t.lemma_.lower()
            if low in lex.evaluative_positive or lemma in lex.evaluative_positive:
                signs.add(RelationType.PRAISE)
            elif low in lex.evaluative_negative or lemma in lex.evaluative_negative:
                signs.add(RelationType.CRITICISE)
        if len(signs) != 1:
            return None
        rtype = next(iter(signs))
        holders, htoks, inherited, purpose = self.subjects(res, verb)
        rule = TriggerRule(verb.lemma_.lower(), "verb", rtype, weight=0.6)
        return _Frame(verb, verb, rule, f"label:{verb.lemma_.lower()}", holders, [(t, rtype) for t in targets],
                      htoks, directed=True, weight=0.6, inherited=inherited, purpose_of=purpose)

    @staticmethod
    def _evaluated(word: Token) -> Token | None:
        """What an evaluative word is said of: the subject of its copula, or the noun it modifies."""
        node = word
        if node.dep_ == "pobj" and node.head.dep_ == "prep":  # "beyond reproach"
            node = node.head.head if node.head.head.pos_ in ("ADJ", "AUX", "VERB") else node.head
            if node.dep_ == "prep":
                node = node.head
        if node.dep_ in ("acomp", "attr", "advmod") or node.pos_ in ("AUX", "VERB"):
            verb = node.head if node.dep_ in ("acomp", "attr") else node
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    return c
            return None
        if node.dep_ == "amod" and node.head.dep_ == "attr":  # "she is a great prosecutor"
            for c in node.head.head.children:
                if c.dep_ == "nsubj":
                    return c
        if node.dep_ == "amod":
            return node.head
        return None

    def _has_children(self, tok: Token, words: Sequence[str]) -> bool:
        return any(c.lower_ in words or c.lemma_.lower() in words for c in tok.children)

    def verb_frame(self, res: _Resolver, tok: Token, rule: TriggerRule) -> _Frame | None:
        if rule.requires_any and not self._has_children(tok, rule.requires_any):
            return None
        if rule.excludes and self._has_children(tok, rule.excludes):
            return None
        holders, htoks, inherited, purpose = self.subjects(res, tok)
        partners: list[tuple[Span, RelationType]] = []
        adjectival = _is_passive(tok) and not any(c.dep_ == "agent" for c in tok.children)
        if adjectival and rule.preps:
            # "Belarus is allied with Russia": a stative passive, the subject holds the stance
            holders, htoks = [], []
            for c in tok.children:
                if c.dep_ in _PASSIVE_SUBJ:
                    htoks.append(c)
                    holders.extend(res.actors(c))
        elif rule.object:
            partners.extend((s, rule.type) for s in self.objects(res, tok))
        partners.extend((s, t) for s, t, _ in self.prep_partners(res, [tok], rule, search_objects=True))
        together = self._has_children(tok, ("together", "jointly"))
        frame = _Frame(tok, tok, rule, f"verb:{rule.lemma}", holders, partners, htoks,
                       directed=rule.directed, weight=rule.weight, inherited=inherited, purpose_of=purpose)
        if not partners and (together or not rule.directed):
            frame.group_members = True
            frame.directed = False
        # "spawned the Taliban and turned against the US": the spawned actor acts too
        if tok.dep_ == "conj" and tok.head.lemma_.lower() in self.lex.spawn_verbs:
            frame.holders = holders + self.objects(res, tok.head)
        return frame

    def _governing_verb(self, tok: Token) -> Token | None:
        head = tok.head
        if tok.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "obj") and head.pos_ in ("VERB", "AUX"):
            return head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "into") \
                and head.head.pos_ in ("VERB", "AUX"):
            return head.head
        if tok.dep_ == "conj" and head != tok:
            return self._governing_verb(head)
        return None

    def noun_frame(self, res: _Resolver, tok: Token, rule: TriggerRule, joint: bool = False) -> _Frame | None:
        if rule.requires_any and not self._has_children(tok, rule.requires_any):
            return None
        gov = self._governing_verb(tok)
        if rule.verbs and (gov is None or gov.lemma_.lower() not in rule.verbs):
            return None
        if rule.role:
            return self.role_frame(res, tok, rule)
        holders: list[Span] = []
        htoks: list[Token] = []
        inherited = False
        purpose = None
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ in ("compound", "amod", "nmod") and res.ctx.span_of(c) is not None):
                found = res.actors(c)
                if found:
                    holders.extend(found)
                    htoks.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("by", "from") and c.lower_ not in rule.preps:
                for p in _pobjs(c):
                    holders.extend(res.actors(p))
                    htoks.append(p)
        weight = rule.weight
        clause = gov if gov is not None else tok
        if not holders and gov is not None and tok.dep_ != "nsubjpass":
            holders, htoks, inherited, purpose = self.subjects(res, gov)
        if not holders and gov is None and tok.dep_ in ("nsubj", "nsubjpass"):
            # "a joint raid with US forces had destroyed ..." : climb to the reporting verb
            v = tok.head
            climbs = 0
            while climbs < 3 and v.dep_ in ("ccomp", "conj", "advcl", "xcomp") and v.head != v:
                v = v.head
                climbs += 1
                found, ftoks, _, _ = self.subjects(res, v)
                if found:
                    holders, htoks = found, ftoks
                    weight *= 0.8
                    break
        if gov is not None and gov.lemma_.lower() in self.lex.receive_verbs and rule.directed:
            # "X won the backing of Y", "X faced criticism from Y": Y is the source, X the target
            givers: list[Span] = []
            for c in tok.children:
                if c.dep_ == "poss":
                    givers.extend(res.actors(c))
                if c.dep_ == "prep" and c.lower_ in ("of", "from", "by"):
                    for p in _pobjs(c):
                        givers.extend(res.actors(p))
            for c in gov.children:
                if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                    for p in _pobjs(c):
                        givers.extend(res.actors(p))
            receivers, rtoks, inh, _ = self.subjects(res, gov)
            if not givers or not receivers:
                return None
            return _Frame(tok, gov, rule, f"received:{rule.lemma}", _dedupe(givers),
                          [(r, rule.type) for r in receivers], rtoks, directed=True, weight=rule.weight * 0.9,
                          inherited=inh)
        if gov is not None and gov.lemma_.lower() in self.lex.reversal_verbs and rule.type.sign is Sign.POSITIVE:
            # "revoked their support for X", "suspended aid to X": the positive stance is withdrawn
            rule = TriggerRule(rule.lemma, rule.pos, RelationType.ABANDON,
                               preps={p: RelationType.ABANDON for p in rule.preps}, weight=rule.weight)
        partner_tokens = [tok] + ([gov] if gov is not None and tok.dep_ in ("dobj", "obj", "attr") else [])
        triples = self.prep_partners(res, partner_tokens, rule)
        group = False
        partners: list[tuple[Span, RelationType]] = []
        for span, rtype, prep in triples:
            if prep in ("between", "among") or (prep == "of" and not rule.directed):
                holders.append(span)
                group = True
            else:
                partners.append((span, rtype))
        if not rule.directed and not partners and len(holders) >= 2:
            group = True
        if not rule.directed and not partners:
            group = True
        frame = _Frame(tok, clause, rule, f"{'joint' if joint else 'noun'}:{rule.lemma}:{tok.lemma_.lower()}",
                       _dedupe(holders), partners, htoks, directed=rule.directed and not group,
                       weight=weight, inherited=inherited, purpose_of=purpose, group_members=group)
        return frame

    def role_frame(self, res: _Resolver, tok: Token, rule: TriggerRule) -> _Frame | None:
        """Role nouns: "Meacher, a supporter of Corbyn"; "its enemy, France"; "X is a critic of Y"."""
        holders: list[Span] = []
        htoks: list[Token] = []
        own = res.ctx.span_of(tok)
        partners: list[tuple[Span, RelationType]] = []
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and res.ctx.span_of(c) is not None):
                partners.extend((s, rule.type) for s in res.actors(c) if s is not own)
        partners.extend((s, t) for s, t, _ in self.prep_partners(res, [tok], rule))
        if own is not None and own.root == tok:
            holders.append(own)
        else:
            for c in tok.children:
                if c.dep_ == "appos":
                    holders.extend(res.actors(c))
            if not holders and tok.dep_ == "appos":
                holders.extend(res.actors(tok.head))
            if not holders and tok.dep_ == "attr":
                holders, htoks, _, _ = self.subjects(res, tok.head)
            if not holders and tok.dep_ == "dobj" and _is_passive(tok.head):
                holders = self.objects(res, tok.head)  # "X and Y had been sworn enemies", parsed as passive
            if not holders and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and res.is_plural_reference(tok):
                htoks = [tok]
        clause = tok.head if tok.dep_ in ("attr", "nsubj", "dobj") else tok
        group = not rule.directed and not partners
        frame = _Frame(tok, clause, rule, f"role:{rule.lemma}", _dedupe(holders), partners, htoks or [tok],
                       directed=rule.directed and not group, weight=rule.weight, reverse=rule.reverse,
                       group_members=group)
        return frame

    def adj_frame(self, res: _Resolver, tok: Token, rule: TriggerRule) -> _Frame | None:
        holders: list[Span] = []
        htoks: list[Token] = []
        if tok.dep_ in ("acomp", "oprd", "ROOT") and tok.head.pos_ in ("AUX", "VERB"):
            holders, htoks, _, _ = self.subjects(res, tok.head)
            clause = tok.head
        elif tok.dep_ == "ROOT":
            holders, htoks, _, _ = self.subjects(res, tok)
            clause = tok
        elif tok.dep_ == "amod":
            holders = res.actors(tok.head)
            clause = tok.head
        else:
            clause = tok
        partners = [(s, t) for s, t, _ in self.prep_partners(res, [tok, clause], rule)]
        if not partners and not holders:
            return None
        group = not rule.directed and not partners
        return _Frame(tok, clause, rule, f"adj:{rule.lemma}", holders, partners, htoks,
                      directed=rule.directed and not group, weight=rule.weight, group_members=group)

    def departure_frame(self, res: _Resolver, tok: Token) -> _Frame | None:
        """"called for Corbyn to go", "urged X to resign", "called on X to step down"."""
        lex = self.lex
        targets: list[Span] = []
        for d in tok.subtree:
            if d == tok or d.i - tok.i > 12 or d.i < tok.i:
                continue
            linked = d.head == tok or (d.head.head == tok and d.head.lower_ in ("for", "on")) or (
                d.head.head == tok and d.head.dep_ in ("dobj", "obj"))
            if not linked:
                continue
            lemma = d.lemma_.lower()
            if d.pos_ in ("VERB", "AUX") and (lemma in lex.departure_verbs or d.lower_ in lex.departure_complements):
                if lemma == "be" and not any(c.lower_ in lex.departure_complements for c in d.children):
                    continue
                if lemma in ("step", "stand") and not self._has_children(d, ("down", "aside")):
                    continue
                subj = [c for c in d.children if c.dep_ in _SUBJ or c.dep_ in _PASSIVE_SUBJ]
                for s in subj:
                    targets.extend(res.actors(s))
                if not subj:
                    # "urged Corbyn to resign": object of the caller controls the clause
                    for c in tok.children:
                        if c.dep_ in ("dobj", "obj"):
                            targets.extend(res.actors(c))
                        if c.dep_ == "prep" and c.lower_ == "on":
                            for p in _pobjs(c):
                                targets.extend(res.actors(p))
                break
        if not targets:
            return None
        holders, htoks, inherited, purpose = self.subjects(res, tok)
        rule = TriggerRule(tok.lemma_.lower(), "verb", RelationType.OPPOSE, weight=0.75)
        return _Frame(tok, tok, rule, f"departure:{tok.lemma_.lower()}", holders,
                      [(s, RelationType.OPPOSE) for s in _dedupe(targets)], htoks, directed=True,
                      weight=0.75, inherited=inherited, purpose_of=purpose)

    def departure_noun_frame(self, res: _Resolver, tok: Token) -> _Frame | None:
        """"demanded Corbyn's resignation"."""
        gov = self._governing_verb(tok)
        if gov is None or gov.lemma_.lower() not in self.lex.departure_callers | {"seek", "want", "back", "support"}:
            return None
        targets: list[Span] = []
        for c in tok.children:
            if c.dep_ == "poss":
                targets.extend(res.actors(c))
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in _pobjs(c):
                    targets.extend(res.actors(p))
        if not targets:
            return None
        holders, htoks, inherited, purpose = self.subjects(res, gov)
        rule = TriggerRule(tok.lemma_.lower(), "noun", RelationType.OPPOSE, weight=0.7)
        return _Frame(tok, gov, rule, f"departure:{tok.lemma_.lower()}", holders,
                      [(s, RelationType.OPPOSE) for s in targets], htoks, directed=True, weight=0.7,
                      inherited=inherited, purpose_of=purpose)

    def phrase_frames(self, res: _Resolver, sent: Span) -> list[_Frame]:
        frames: list[_Frame] = []
        doc = sent.doc
        for i, rule in _phrase_matches(self.words.lowers, sent.start, sent.end, self.index.phrases_by_first):
            frame = self.phrase_frame(res, sent, rule, doc[i], doc[i + len(rule.words) - 1])
            if frame is not None:
                frames.append(frame)
        return frames

    def phrase_frame(self, res: _Resolver, sent: Span, rule: PhraseRule, start: Token, last: Token) -> _Frame | None:
        # the clause verb: the first token's head if it is a verb, or the token itself
        clause = start if start.pos_ in ("VERB", "AUX") else start.head
        holders, htoks, inherited, purpose = ([], [], False, None)
        if clause.pos_ in ("VERB", "AUX"):
            holders, htoks, inherited, purpose = self.subjects(res, clause)
            if htoks and all(t.i > start.i for t in htoks):  # a subject after the phrase is not its own
                holders, htoks = [], []
        if not holders and not htoks:
            # parse fallback: the nearest subject before the phrase in the sentence
            for t in reversed(list(sent.doc[sent.start:start.i])):
                if t.dep_ in _SUBJ:
                    htoks = [t]
                    holders = res.actors(t)
                    clause = t.head
                    break
        partners: list[tuple[Span, RelationType]] = []
        ends_in_prep = last.lower_ in _PREPOSITIONS
        if last.dep_ == "prt":  # "takes on Trump": a particle verb, the object is the partner
            partners.extend((s, rule.type) for s in self.objects(res, last.head))
            ends_in_prep = False
            if not partners:
                return None
        elif ends_in_prep:
            for p in _pobjs(last):
                partners.extend((s, rule.type) for s in res.actors(p))
        else:
            partners.extend((s, t) for s, t, _ in self.prep_partners(res, [start, last, clause], rule))
        if not partners:
            # the parse attached the preposition elsewhere: the first actor right after it
            nxt = sent.doc[last.i + 1] if last.i + 1 < sent.end else None
            attached = ends_in_prep and any(c.dep_ in ("pobj", "pcomp") for c in last.children)
            if (ends_in_prep and not attached) or (nxt is not None and nxt.lower_ in rule.preps):
                begin = last.i + 1 if ends_in_prep else last.i + 2
                for t in sent.doc[begin: min(sent.end, begin + 5)]:
                    span = res.ctx.span_of(t)
                    if span is not None:
                        partners.append((span, rule.type))
                        break
                    if t.pos_ in ("VERB", "AUX", "CCONJ", "PUNCT"):
                        break
        group = not rule.directed and not partners
        return _Frame(start, clause, rule, "phrase:" + "_".join(rule.words), _dedupe(holders), partners, htoks,
                      directed=rule.directed and not group, weight=rule.weight, inherited=inherited,
                      purpose_of=purpose, group_members=group)

    # ---- modifiers ------------------------------------------------------------
    def clause_chain(self, frame: _Frame) -> list[Token]:
        """The trigger, its clause verb and the verbs it is controlled by (xcomp/acomp chains)."""
        chain = [frame.anchor]
        if frame.clause != frame.anchor:
            chain.append(frame.clause)
        t = frame.clause
        for _ in range(4):
            if t.dep_ in ("xcomp", "acomp") and t.head != t:
                t = t.head
                chain.append(t)
            else:
                break
        return chain

    def modifiers(self, frame: _Frame, sent: Span) -> dict | None:
        """Negation, modality, hedges, reported speech and time; None when nothing is asserted."""
        m = self.lex.modifiers
        chain = self.clause_chain(frame)
        negated = False
        confidence = 1.0
        time = TimeFrame.CURRENT
        notes: list[str] = []
        for t in chain:
            for c in t.children:
                low = c.lower_
                if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and low in m.negation):
                    negated = True
                if c.dep_ == "advmod" and low in m.near_negation:
                    negated = True
                if c.dep_ == "aux" and low in m.future_aux:
                    time = TimeFrame.FUTURE
                if c.dep_ == "aux" and low in m.modal_aux:
                    confidence *= 0.7
                    notes.append("modal")
                if c.dep_ == "advmod" and low in m.hedges:
                    confidence *= 0.7
                    notes.append("hedge")
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in m.failure_verbs:
                negated = True
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in m.future_verbs:
                time = TimeFrame.FUTURE
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in m.hedge_verbs:
                confidence *= 0.7
        if frame.anchor.pos_ in ("NOUN", "PROPN"):
            for c in frame.anchor.children:
                if c.dep_ == "det" and c.lower_ in ("no", "neither"):
                    negated = True
        for t in frame.holder_tokens:
            if any(c.dep_ in ("preconj", "det") and c.lower_ in ("neither", "no") for c in t.children) \
                    or t.lower_ in ("nobody", "none", "neither", "nothing", "noone"):
                negated = True
        # questions and conditionals assert nothing
        if m.question_skip and sent.text.rstrip().rstrip('"\'”’)').endswith("?"):
            return None
        for t in chain:
            for c in t.children:
                if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in m.conditional_marks
                                             for g in c.children):
                    return None
        t = frame.anchor
        for anc in [t, *t.ancestors]:
            if anc.dep_ in ("advcl", "csubj") or anc == t:
                if any(c.dep_ == "mark" and c.lower_ in m.conditional_marks for c in anc.children):
                    return None
            if anc.lemma_.lower() in m.strong_hedge_nouns:
                return None
            if anc.dep_ == "ccomp" and anc.head.lemma_.lower() in m.say_verbs:
                confidence *= 0.85
                notes.append("reported")
            if anc.dep_ == "ccomp" and anc.head.lemma_.lower() in m.hedge_verbs:
                confidence *= 0.6
                notes.append("hedge")
        # time
        markers = set()
        for t in chain + [frame.anchor.head]:
            for c in t.children:
                if c.dep_ in ("amod", "advmod", "npadvmod", "compound"):
                    markers.add(c.lower_)
        for t in chain:
            aux = [c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")]
            if "had" in aux and t.tag_ == "VBN":
                markers.add("#pluperfect")
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in m.past_preps:
                    markers.add("#during")
                if c.dep_ == "prep" and c.lower_ == "in":
                    for p in _pobjs(c):
                        year = _YEAR.search(" ".join(x.text for x in p.subtree))
                        if year and self._year_is_past(int(year.group(1))):
                            markers.add("#year")
        during, under_person = self._sentence_time(sent)
        if during:
            markers.add("#during")
        if markers & m.past_markers or markers & {"#pluperfect", "#during", "#year"}:
            time = TimeFrame.PAST
        elif m.past_under and under_person and not (markers & m.current_markers):
            time = TimeFrame.PAST
        if markers & m.current_markers and time is TimeFrame.PAST and not (
            {c.lower_ for c in frame.anchor.children} & m.past_markers
        ):
            time = TimeFrame.CURRENT
        return {"negated": negated, "confidence": confidence, "time": time, "notes": notes}

    def _sentence_time(self, sent: Span) -> tuple[bool, bool]:
        """Time markers of the whole sentence, the same for every frame in it: a past-time
        preposition over an event, date or past period ("during the war"), and "under" a person."""
        cached = self._sentence_markers
        if cached is not None and cached[0] == sent.start:
            return cached[1], cached[2]
        m = self.lex.modifiers
        lowers, doc = self.words.lowers, sent.doc
        during = under_person = False
        for i in range(sent.start, sent.end):
            low = lowers[i]
            if low in m.past_preps and not during:
                t = doc[i]
                during = t.dep_ == "prep" and any(
                    p.ent_type_ in ("EVENT", "DATE") or p.lemma_.lower() in self.lex.past_periods
                    for p in t.subtree
                )
            if low == "under" and not under_person:
                t = doc[i]
                under_person = t.dep_ == "prep" and any(p.ent_type_ == "PERSON" for p in t.subtree)
        self._sentence_markers = (sent.start, during, under_person)
        return during, under_person

    def _year_is_past(self, year: int) -> bool:
        """A year before publication: the document date's year, or (undated) the latest year it mentions."""
        if self._reference_year is None:
            date = getattr(self.doc._, "doc_date", None)
            ref = 0
            if date:
                try:
                    ref = int(str(date)[:4])
                except ValueError:
                    ref = 0
            if not ref:
                years = [int(y) for y in _YEAR.findall(self.doc.text)]
                ref = max(years) if years else 0
            self._reference_year = ref
        return bool(self._reference_year) and year < self._reference_year

    # ---- relations --------------------------------------------------------------
    def sentence_relations(self, sent: Span, spans: Sequence[Span]) -> list[Relation]:
        ctx = _Sentence(sent, spans)
        res = _Resolver(self.lex, ctx)
        frames = self.frames(res, sent)
        # implied relations: purpose clauses of alliances
        by_clause: dict[int, list[_Frame]] = {}
        for f in frames:
            by_clause.setdefault(f.clause.i, []).append(f)
            by_clause.setdefault(f.anchor.i, []).append(f)
        out: list[Relation] = []
        consumed: set[int] = set()  # trigger tokens a rule has used (or ruled out)
        groups_here = self.groups(res, sent)
        for f in frames:
            if self.config.implied and f.purpose_of is not None:
                for g in by_clause.get(f.purpose_of.i, ()):
                    if g is f or g.rule.type.sign is not Sign.POSITIVE:
                        continue
                    members = list(g.holders) + [s for s, _ in g.partners]
                    f.holders = _dedupe(list(f.holders) + members)
                    f.inherited = True
            mods = self.modifiers(f, sent)
            if mods is None:
                consumed.add(f.anchor.i)
                continue
            rtype_override = None
            if f.own_negation:
                mods["negated"] = False
            if mods["negated"]:
                becomes = self.lex.modifiers.negated_becomes.get(f.rule.type)
                if becomes is not None:
                    rtype_override = becomes
                elif not self.config.keep_negated:
                    consumed.add(f.anchor.i)
                    continue
            holders = list(f.holders)
            anaphoric = False
            if not holders and self.config.anaphora and f.holder_tokens and any(
                res.is_plural_reference(t) for t in f.holder_tokens
            ):
                group = self.last_group if group_fits_reference(self.last_group, f.holder_tokens) else []
                if group and (f.group_members or not f.partners):
                    holders = list(group)
                    anaphoric = True
            if not holders and self.config.anaphora and f.group_members and not f.partners and \
                    f.anchor.dep_ != "ROOT" and any(t.lower_ in ("them",) for t in f.anchor.subtree):
                holders = list(self.last_group)
                anaphoric = True
            weight = f.weight * (0.85 if f.inherited else 1.0) * (0.7 if anaphoric else 1.0)
            if f.group_members and not f.partners and len(holders) == 1:
                # one mention that stands for a group ("they" = Unite and the GMB)
                members = _members(holders[0])
                if len(members) >= 2:
                    rt = rtype_override or f.rule.type
                    for i, a in enumerate(members):
                        for b in members[i + 1:]:
                            rel = self.relation(sent, f, holders[0], holders[0], rt, False, mods, weight,
                                                negated=mods["negated"] and rtype_override is None,
                                                actors=(a, b))
                            if rel is not None:
                                out.append(rel)
                    continue
            pairs: list[tuple[Span, Span, RelationType, bool]] = []
            if f.partners:
                for h in holders:
                    for p, rtype in f.partners:
                        rt = rtype_override or rtype
                        directed = f.directed if rtype is f.rule.type else not rt.symmetric
                        if f.reverse:
                            pairs.append((p, h, rt, directed))
                        else:
                            pairs.append((h, p, rt, directed))
            elif f.group_members and len(holders) >= 2:
                rt = rtype_override or f.rule.type
                for i, a in enumerate(holders):
                    for b in holders[i + 1:]:
                        pairs.append((a, b, rt, False))
            # "against" on a positive trigger: every member against the target
            if f.rule.type.sign is Sign.POSITIVE and "against" not in f.rule.preps:
                against = self.prep_partners(res, [f.anchor, f.clause], _AGAINST)
                members = _dedupe(holders + [p for p, _ in f.partners])
                for target, _, _ in against:
                    for mbr in members:
                        pairs.append((mbr, target, RelationType.OPPOSE, True))
            if pairs:
                consumed.add(f.anchor.i)
            for src, tgt, rt, directed in pairs:
                rel = self.relation(sent, f, src, tgt, rt, directed, mods, weight, negated=mods["negated"] and rtype_override is None)
                if rel is not None:
                    out.append(rel)
        if self.config.path_fallback:
            out.extend(self.path_relations(res, sent, spans, out, consumed))
        if groups_here:
            self.last_group = groups_here[-1]
            self.group_age = 0
        else:
            self.group_age += 1
            if self.group_age > 2:
                self.last_group = []
        return out

    def _trigger_rule(self, tok: Token) -> TriggerRule | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            rules = self.lex.verbs.get(lemma, ())
        elif tok.pos_ == "NOUN":
            rules = tuple(r for r in self.lex.nouns.get(lemma, ()) if not r.verbs and not r.requires_any)
        elif tok.pos_ == "ADJ":
            rules = self.lex.adjectives.get(tok.lower_, ())
        else:
            return None
        rules = tuple(r for r in rules if not r.requires_any)
        return rules[0] if rules else None

    def path_relations(self, res: _Resolver, sent: Span, spans: Sequence[Span],
                       found: Sequence[Relation], anchors: set[int] = frozenset()) -> list[Relation]:
        """Fallback: two actors joined by a short dependency path through a trigger word.

        Catches constructions the argument matchers miss (weight 0.35, directed from the
        subject side). Pairs already related by a rule are left alone.
        """
        related = {frozenset((r.source.start, r.target.start)) for r in found}
        heads = [s for s in spans if s._.actor is not None]
        ids = [_actor(s).id for s in heads]
        lineage: dict[int, tuple[list[Token], list[int]]] = {}  # root and its ancestors, per head

        def line(k: int) -> tuple[list[Token], list[int]]:
            if k not in lineage:
                root = heads[k].root
                tokens = [root, *root.ancestors]
                lineage[k] = (tokens, [t.i for t in tokens])
            return lineage[k]

        out: list[Relation] = []
        for i, a in enumerate(heads):
            for j in range(i + 1, len(heads)):
                b = heads[j]
                if frozenset((a.start_char, b.start_char)) in related or ids[i] == ids[j]:
                    continue
                if a.start < b.end and b.start < a.end:
                    continue
                pa, ia = line(i)
                pb, ib = line(j)
                in_b = set(ib)
                k_a = next((k for k, t in enumerate(ia) if t in in_b), None)
                if k_a is None:
                    continue
                common = pa[k_a]
                up_a, up_b = pa[:k_a], pb[:ib.index(ia[k_a])]
                if len(up_a) + len(up_b) > 5:
                    continue
                path = up_a[1:] + [common] + up_b[1:]
                if any(t.dep_ not in _PATH_DEPS for t in up_a + up_b):
                    continue
                if any(t.lemma_.lower() in self.lex.modifiers.say_verbs for t in path):
                    continue
                trig = next(((t, r) for t in path if (r := self._trigger_rule(t)) is not None), None)
                if trig is None:
                    continue
                tok, rule = trig
                if tok.i in anchors:
                    continue
                allowed = set(rule.preps) | {"by", "of"}
                if any(t.dep_ == "prep" and t.lower_ not in allowed for t in up_a + up_b + [common]
                       if t in up_a or t in up_b):
                    continue
                frame = _Frame(tok, tok if tok.pos_ == "VERB" else (self._governing_verb(tok) or tok), rule,
                               f"path:{rule.lemma}", [], [], up_a + up_b, directed=rule.directed, weight=0.35)
                mods = self.modifiers(frame, sent)
                if mods is None or mods["negated"]:
                    continue
                subj_side = lambda up: any(t.dep_ in ("nsubj", "poss", "agent") or  # noqa: E731
                                           (t.dep_ == "pobj" and t.head.lower_ == "by") for t in up)
                src, tgt = (a, b)
                if subj_side(up_b) and not subj_side(up_a):
                    src, tgt = b, a
                rel = self.relation(sent, frame, src, tgt, rule.type, rule.directed, mods, 0.35, negated=False)
                if rel is not None:
                    out.append(rel)
                    related.add(frozenset((a.start_char, b.start_char)))
        return out

    def groups(self, res: _Resolver, sent: Span) -> list[list[Span]]:
        """Coordinated actor groups in the sentence ("Russia and the US"), for plural anaphora."""
        groups = []
        seen: set[int] = set()
        actor_at, doc = res.ctx.actor_at, sent.doc
        for i in sorted(i for i in actor_at if sent.start <= i < sent.end):
            span = actor_at[i]
            if span.root.i != i or i in seen:
                continue
            tok = doc[i]
            if any(c.dep_ == "conj" for c in tok.children) and tok.dep_ != "conj":
                members = res.actors(tok)
                for m_ in members:
                    seen.add(m_.root.i)
                if len(members) >= 2:
                    groups.append(members)
        return groups

    def relation(self, sent: Span, frame: _Frame, src: Span, tgt: Span, rtype: RelationType, directed: bool,
                 mods: dict, weight: float, negated: bool,
                 actors: tuple[Actor, Actor] | None = None) -> Relation | None:
        if actors is None and src.start < tgt.end and tgt.start < src.end:
            return None
        a_src, a_tgt = actors if actors is not None else (_actor(src), _actor(tgt))
        if a_src.id == a_tgt.id:
            return None
        if speaks_for(src, a_src, a_tgt) or speaks_for(tgt, a_tgt, a_src):
            return None  # "Wang, a spokesman for China's foreign ministry, praised China"
        if not directed and tgt.start < src.start:
            src, tgt = tgt, src
            a_src, a_tgt = a_tgt, a_src
        actor_conf = min(float(src._.actor_confidence or 1.0), float(tgt._.actor_confidence or 1.0))
        confidence = max(0.0, min(1.0, weight * mods["confidence"] * (0.5 + 0.5 * actor_conf)))
        if negated:
            confidence *= 0.5
        if confidence < self.config.min_confidence:
            return None
        doc = self.doc
        doc_id = str(getattr(doc._, "doc_id", None) or "")
        extra = {"trigger": frame.anchor.text, "notes": tuple(mods["notes"])}
        return Relation(
            doc_id=doc_id,
            source=Mention(src.text, src.start_char, src.end_char, a_src, doc_id, float(src._.actor_confidence or 1.0)),
            target=Mention(tgt.text, tgt.start_char, tgt.end_char, a_tgt, doc_id, float(tgt._.actor_confidence or 1.0)),
            type=rtype,
            evidence=Evidence(sent.text, sent.start_char, sent.end_char),
            directed=directed,
            time=mods["time"],
            negated=negated,
            confidence=round(confidence, 4),
            date=getattr(doc._, "doc_date", None),
            rule=frame.rule_name,
            extra=extra,
        )


_AGAINST = TriggerRule("against", "verb", RelationType.OPPOSE, preps={"against": RelationType.OPPOSE})


#: nouns naming someone's post in an organisation ("a spokesman for", "an analyst at")
_ROLE_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson analyst fellow researcher director minister official officer
    member head chief chairman chairwoman chair leader president secretary ambassador envoy adviser
    advisor economist scholar professor employee representative deputy diplomat negotiator aide
    staffer executive founder commander""".split()
)
#: the parts of a title that name whom the post is held for ("Russia's", "for the ministry of Y")
_TITLE_DEPS = frozenset({"poss", "compound", "amod", "nmod", "prep"})
_OWN_SIDE_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.GOVERNMENT, ActorKind.IGO,
                             ActorKind.ORGANISATION, ActorKind.UNION})


def _own_sides(span: Span, person: Actor) -> set[str]:
    """The organisations and countries ``person`` (mentioned as ``span``) works for: the knowledge
    base's parents up to the first party (a party member against their party is a real conflict),
    and the actors named in a title attached to the mention ("X, a spokesman for the Foreign
    Ministry of Y", "Chinese Foreign Ministry spokesman X", "X, Russia's foreign minister")."""
    kb = shared_knowledge_base()
    own: set[str] = set()
    parent = kb.get(person.parent) if person.parent else None
    while parent is not None and parent.kind in _OWN_SIDE_KINDS and parent.id not in own:
        own.add(parent.id)
        parent = kb.get(parent.parent) if parent.parent else None
    root = span.root
    roles = [t for t in root.children if t.dep_ in {"appos", "compound", "nmod"} and t.lower_ in _ROLE_NOUNS]
    if root.dep_ == "appos" and root.head.lower_ in _ROLE_NOUNS:
        roles.append(root.head)
    doc = span.doc
    for role in roles:
        inside = {t.i for c in role.children if c.dep_ in _TITLE_DEPS for t in c.subtree}
        if role is root.head:  # "Pakistan's president, Musharraf, who broke with ...": not his clause
            inside -= {t.i for t in root.subtree}
        for other in doc.spans.get(ACTOR_SPANS_KEY, ()):
            if other.root.i in inside and other._.actor is not None:
                own.add(other._.actor.id)
        for i in inside:  # "Chinese Foreign Ministry spokesman": a nationality adjective
            own.update(e.actor_id for e in kb.lookup_entries(doc[i].text) if e.alias_type == "adjective"
                       and doc[i].text[:1].isupper() and kb.get(e.actor_id).kind is ActorKind.COUNTRY)
    return own


def speaks_for(span: Span, actor: Actor, other: Actor) -> bool:
    """Whether the person ``actor`` (mentioned as ``span``) speaks for ``other``: their own
    organisation or country is not a counterpart of theirs.

    Examples
    --------
    >>> from allegiance.relations import build_pipeline
    >>> doc = build_pipeline()("Lavrov, Russia's foreign minister, praised Ukraine.")
    >>> lavrov, russia = list(doc.spans["actors"])[:2]
    >>> speaks_for(lavrov, lavrov._.actor, russia._.actor)
    True
    """
    if actor.kind is not ActorKind.PERSON or other.kind is ActorKind.PERSON:
        return False
    return other.id in _own_sides(span, actor)


def _members(span: Span) -> tuple[Actor, ...]:
    """The member actors of a group mention ("they" = Unite and the GMB), if the actor stage set them."""
    if not Span.has_extension("actor_group"):
        return ()
    return tuple(span._.actor_group or ())


def _actor(span: Span) -> Actor:
    actor = span._.actor
    if actor is None:
        actor = Actor(id=span.text, name=span.text, kind=ActorKind.GROUP)
    return actor


def _dedupe_relations(relations: list[Relation]) -> list[Relation]:
    """One relation per (sentence, source, target, sign): keep the most specific, then most confident."""
    best: dict[tuple, Relation] = {}
    order: list[tuple] = []
    for r in relations:
        ends = (r.source.actor.id if r.source.actor else r.source.text,
                r.target.actor.id if r.target.actor else r.target.text)
        if not r.directed:
            ends = tuple(sorted(ends))
        key = (r.evidence.start, ends, int(r.sign))
        if key not in best:
            best[key] = r
            order.append(key)
            continue
        old = best[key]
        if _rank(r) < _rank(old) or (_rank(r) == _rank(old) and r.confidence > old.confidence):
            best[key] = r
    return [best[k] for k in order]


def _drop_coordinated_pairs(doc: Doc, relations: list[Relation]) -> list[Relation]:
    """Drop relations between two conjuncts of one coordination that come from a misattached argument.

    "Britain and France declared war on the Ottoman Empire" puts Britain and
    France on the same side. Two coordinated actors keep a relation only when it
    is symmetric ("Britain and France fought") and neither of them has, in the
    same sentence, a relation of the same sign with a third actor. A one-way act
    between two coordinated subjects ("X and Y shut it out", with "it" resolved
    to X) is never kept.
    """
    def root(mention) -> Token | None:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def coordinated(r: Relation) -> bool:
        a, b = root(r.source), root(r.target)
        return a is not None and b is not None and a != b and b in a.conjuncts

    def actor_key(m) -> str:
        return m.actor.id if m.actor else m.text

    kept = []
    for r in relations:
        if coordinated(r):
            if r.directed:
                continue
            ends = {actor_key(r.source), actor_key(r.target)}
            third_party = any(
                o is not r and o.evidence.start == r.evidence.start and int(o.sign) == int(r.sign)
                and len(ends & {actor_key(o.source), actor_key(o.target)}) == 1
                for o in relations
            )
            if third_party:
                continue
        kept.append(r)
    return kept


def _rank(r: Relation) -> int:
    try:
        return _TYPE_PRIORITY.index(r.type.value)
    except ValueError:
        return len(_TYPE_PRIORITY)


def find_relations(doc: Doc, lexicon: Lexicon | None = None, config: ExtractorConfig | None = None) -> list[Relation]:
    """All relations the rules find in a parsed Doc whose actor spans are set.

    Parameters
    ----------
    doc : Doc
        Parsed by a pipeline with a dependency parser; ``doc.spans["actors"]``
        holds the actor mentions (spans with ``span._.actor``).
    lexicon : Lexicon, optional
        Trigger rules (the shipped lexicon by default).
    config : ExtractorConfig, optional
        Limits and switches.

    Returns
    -------
    list of Relation
        In sentence order, one per (sentence, source, target, sign).

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> from allegiance.relations.testing import annotate
    >>> doc = annotate(load_model(), "Khan was defeated by Dar.", ["Khan", "Dar"])
    >>> [(r.source.text, r.target.text, r.type.value) for r in find_relations(doc)]
    [('Dar', 'Khan', 'defeat')]
    """
    lex = lexicon or load_lexicon()
    cfg = config or ExtractorConfig()
    if len(doc) and not doc.has_annotation("DEP"):
        raise ConfigError("relation extraction needs a dependency parse",
                          hint="run a pipeline with a parser (build_pipeline() does)")
    spans = list(doc.spans[ACTOR_SPANS_KEY]) if ACTOR_SPANS_KEY in doc.spans else []
    ex = _Extractor(doc, lex, cfg)
    by_sent: dict[int, list[Span]] = {}
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    for span in spans:
        idx = bisect.bisect_right(starts, span.start) - 1
        if idx >= 0 and span.end <= sents[idx].end:
            by_sent.setdefault(idx, []).append(span)
    out: list[Relation] = []
    for idx, sent in enumerate(sents):
        here = by_sent.get(idx, [])
        if len(sent) > cfg.max_sentence_tokens:
            ex.notes.append(f"skipped a sentence of {len(sent)} tokens at character {sent.start_char} "
                            f"(max_sentence_tokens={cfg.max_sentence_tokens})")
            continue
        if not here and not ex.last_group:
            continue
        out.extend(ex.sentence_relations(sent, here))
    if ex.notes:
        doc.user_data.setdefault(NOTES_KEY, []).extend(ex.notes)
    return anchor_evidence(doc, _dedupe_relations(_drop_coordinated_pairs(doc, out)))
