"""Phrase frames: multi-word triggers matched on the lower-cased words ("at odds with", "took on").

The words are found with spaCy's ``PhraseMatcher`` (attribute ``LOWER``), once per Doc.

The subject of the phrase's clause holds the stance (else the nearest subject before the phrase);
the object of a final preposition, a particle verb's object or the row's prepositions give the
partners, with a fallback to the first actor right after the phrase when the parse attached the
preposition elsewhere.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate, frames_of
>>> doc = annotate(load_model(), "Unite is at odds with the GMB.", ["Unite", "the GMB"])
>>> [(f.rule_name, [h.text for h in f.holders], [p.text for p, _ in f.partners]) for f in frames_of(doc, MATCHER)]
[('phrase:at_odds', ['Unite'], ['the GMB'])]
"""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from allegiance.model import RelationType
from allegiance.relations.arguments import SUBJECT_DEPS, objects, pobjs, prep_partners, subjects
from allegiance.relations.frame import Frame, dedupe_spans
from allegiance.relations.frames.base import FrameContext, SentenceMatcher
from allegiance.relations.lexicon import Lexicon, PhraseRule, derived
from allegiance.relations.referents import Resolver

__all__ = ["MATCHER", "PhraseIndex", "phrase_frame"]

_PREPOSITIONS = {"with", "from", "to", "against", "on", "for", "of", "behind", "at", "by", "over", "into"}


class PhraseIndex:
    """A spaCy ``PhraseMatcher`` over the lower-cased words of a lexicon's phrase rules (for one vocab).

    Rules with the same words share one pattern; each keeps its place in the lexicon.

    Examples
    --------
    >>> from spacy.lang.en import English
    >>> from allegiance.relations.lexicon import lexicon_from_dict
    >>> nlp = English()
    >>> lex = lexicon_from_dict({"phrases": [{"words": ["at", "odds"], "type": "oppose"}]})
    >>> index = PhraseIndex(lex, nlp.vocab)
    >>> doc = nlp("Unite and the GMB are AT odds; at odds again.")
    >>> [(i, " ".join(rule.words)) for i, rule in index.sentence_matches(index.doc_matches(doc), 0, len(doc))]
    [(5, 'at odds'), (8, 'at odds')]
    """

    def __init__(self, lex: Lexicon, vocab: Vocab):
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.rules: dict[int, list[tuple[int, PhraseRule]]] = {}
        for order, rule in enumerate(lex.phrases):
            name = "allegiance.phrase:" + repr(rule.words)
            key = vocab.strings.add(name)
            if key not in self.rules:
                self.matcher.add(name, [Doc(vocab, words=list(rule.words))])
            self.rules.setdefault(key, []).append((order, rule))

    def doc_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(key, start, end)`` of every phrase in ``doc`` (overlapping ones too)."""
        return self.matcher(doc) if self.rules else []

    def sentence_matches(self, matches: list[tuple[int, int, int]], start: int, end: int
                         ) -> list[tuple[int, PhraseRule]]:
        """``(token index, rule)`` of the matches inside ``[start, end)``, rule by rule in lexicon
        order, then left to right."""
        found = [(order, s, rule) for key, s, e in matches if start <= s and e <= end
                 for order, rule in self.rules[key]]
        found.sort(key=lambda item: (item[0], item[1]))
        return [(i, rule) for _, i, rule in found]


def _phrase_holders(res: Resolver, sent: Span, start: Token) -> tuple[list[Span], list[Token], bool, Token | None,
                                                                        Token]:
    """(holders, holder tokens, inherited?, purpose controller, clause verb) of a phrase at ``start``."""
    # the clause verb: the first token's head if it is a verb, or the token itself
    clause = start if start.pos_ in ("VERB", "AUX") else start.head
    holders, htoks, inherited, purpose = ([], [], False, None)
    if clause.pos_ in ("VERB", "AUX"):
        holders, htoks, inherited, purpose = subjects(res, clause)
        if htoks and all(t.i > start.i for t in htoks):  # a subject after the phrase is not its own
            holders, htoks = [], []
    if not holders and not htoks:
        # parse fallback: the nearest subject before the phrase in the sentence
        for t in reversed(list(sent.doc[sent.start:start.i])):
            if t.dep_ in SUBJECT_DEPS:
                htoks = [t]
                holders = res.actors(t)
                clause = t.head
                break
    return holders, htoks, inherited, purpose, clause


def _next_actor(res: Resolver, sent: Span, rule: PhraseRule, last: Token, ends_in_prep: bool) -> list[Span]:
    """The parse attached the preposition elsewhere: the first actor right after it."""
    nxt = sent.doc[last.i + 1] if last.i + 1 < sent.end else None
    attached = ends_in_prep and any(c.dep_ in ("pobj", "pcomp") for c in last.children)
    if (ends_in_prep and not attached) or (nxt is not None and nxt.lower_ in rule.preps):
        begin = last.i + 1 if ends_in_prep else last.i + 2
        for t in sent.doc[begin: min(sent.end, begin + 5)]:
            span = res.ctx.span_of(t)
            if span is not None:
                return [span]
            if t.pos_ in ("VERB", "AUX", "CCONJ", "PUNCT"):
                break
    return []


def phrase_frame(res: Resolver, sent: Span, rule: PhraseRule, start: Token, last: Token) -> Frame | None:
    """The frame of a phrase rule matched from ``start`` to ``last``."""
    holders, htoks, inherited, purpose, clause = _phrase_holders(res, sent, start)
    partners: list[tuple[Span, RelationType]] = []
    ends_in_prep = last.lower_ in _PREPOSITIONS
    if last.dep_ == "prt":  # "takes on Trump": a particle verb, the object is the partner
        partners.extend((s, rule.type) for s in objects(res, last.head))
        ends_in_prep = False
        if not partners:
            return None
    elif ends_in_prep:
        for p in pobjs(last):
            partners.extend((s, rule.type) for s in res.actors(p))
    else:
        partners.extend((s, t) for s, t, _ in prep_partners(res, [start, last, clause], rule))
    if not partners:
        partners.extend((span, rule.type) for span in _next_actor(res, sent, rule, last, ends_in_prep))
    group = not rule.directed and not partners
    return Frame(start, clause, rule, "phrase:" + "_".join(rule.words), dedupe_spans(holders), partners, htoks,
                 directed=rule.directed and not group, weight=rule.weight, inherited=inherited,
                 purpose_of=purpose, group_members=group)


def phrase_frames(fc: FrameContext) -> list[Frame]:
    """The frames of every phrase rule in the sentence, rule by rule in lexicon order."""
    sent = fc.sent
    doc = sent.doc
    found = fc.per_doc.get("phrases")
    if found is None:  # once per Doc
        index = derived(fc.lex, PhraseIndex, doc.vocab)
        found = fc.per_doc["phrases"] = (index, index.doc_matches(doc))
    index, matches = found
    if not matches:
        return []
    frames: list[Frame] = []
    for i, rule in index.sentence_matches(matches, sent.start, sent.end):
        frame = phrase_frame(fc.res, sent, rule, doc[i], doc[i + len(rule.words) - 1])
        if frame is not None:
            frames.append(frame)
    return frames


MATCHER = SentenceMatcher("phrases", 10, match=phrase_frames)
