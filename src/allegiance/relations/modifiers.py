"""Modifiers of a frame: negation, modality, hedging, reported speech and time.

:class:`ModifierReader` reads them from the trigger's clause chain (the trigger, its clause verb
and the verbs that control it) and the trigger's ancestors, with the lexicon's word lists
(``modifiers:`` in ``lexicon.yaml``). A question, a conditional or a strong hedge ("rumours
that ...") asserts nothing: :meth:`ModifierReader.read` gives None for them.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.frames.verbs import MATCHER
>>> from allegiance.relations.lexicon import load_lexicon
>>> from allegiance.relations.testing import annotate, frames_of
>>> doc = annotate(load_model(), "Russia may not back Iran.", ["Russia", "Iran"])
>>> frame = frames_of(doc, MATCHER)[0]
>>> ModifierReader(doc, load_lexicon(), DocWords(doc)).read(frame, next(doc.sents))
{'negated': True, 'refused': False, 'confidence': 0.7, 'time': <TimeFrame.CURRENT: 'current'>, 'notes': ['modal']}
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from allegiance.model import TimeFrame
from allegiance.relations.arguments import pobjs, verb_listed
from allegiance.relations.frame import DocWords, Frame
from allegiance.relations.lexicon import Lexicon, Modifiers

__all__ = ["ModifierReader", "clause_chain", "refused_object"]

_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_NEGATIVE_DETERMINERS = ("no", "neither")
_NOBODY = ("nobody", "none", "neither", "nothing", "noone")
_TIME_MODIFIER_DEPS = ("amod", "advmod", "npadvmod", "compound")


def clause_chain(frame: Frame) -> list[Token]:
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


def _negated(frame: Frame, chain: list[Token], m: Modifiers, object_refused: bool) -> bool:
    """"not", "never", "hardly", "failed to", "no alliance", "neither X nor Y", a tie refused (``object_refused``)."""
    for t in chain:
        for c in t.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and low in m.negation):
                return True
            if c.dep_ == "advmod" and low in m.near_negation:
                return True
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in m.failure_verbs:
            return True
    if object_refused:
        return True
    if frame.purpose_of is not None and any(c.dep_ == "neg" for c in frame.purpose_of.children):
        return True  # "is not providing weapons to Ukraine to attack Russia": no act, so no purpose of it
    if frame.anchor.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "det" and c.lower_ in _NEGATIVE_DETERMINERS for c in frame.anchor.children):
            return True
    return any(any(c.dep_ in ("preconj", "det") and c.lower_ in _NEGATIVE_DETERMINERS for c in t.children)
               or t.lower_ in _NOBODY for t in frame.holder_tokens)


def _refused(chain: list[Token], m: Modifiers, object_refused: bool) -> bool:
    """Whether the trigger's clause is what a refusal verb refuses ("Germany refused to back Kyiv"), or the
    trigger is an act noun a refusing verb takes as its object (``object_refused``: "ruled out a coalition with
    the Tories"), the refusal itself not negated ("did not refuse to")."""
    return object_refused or any(t.dep_ == "xcomp" and t.head.lemma_.lower() in m.refusal_verbs
                                 and not any(c.dep_ == "neg" for c in t.head.children) for t in chain)


def refused_object(anchor: Token, m: Modifiers) -> bool:
    """Whether ``anchor`` is a noun (or its gerund's object) that "rule out", "reject" or "exclude" takes as its
    object, the refusal neither negated ("did not rule out talks") nor one side of a choice ("to accept or reject
    the treaty")."""
    if anchor.pos_ not in ("NOUN", "PROPN") or anchor.dep_ != "dobj":
        return False
    if any(c.dep_ == "poss" and c.pos_ != "PRON" for c in anchor.children):
        return False  # "rejected Russia's accusations": another's act, not one of the subject's own refused
    verb = anchor.head
    if verb.dep_ in ("xcomp", "pcomp") and verb.tag_ == "VBG":  # "ruled out forming a coalition with"
        verb = verb.head
    if not verb_listed(verb, m.refused_object_verbs) or any(c.dep_ == "neg" for c in verb.children):
        return False
    either = verb.head if verb.dep_ == "conj" else verb
    return not any(c.dep_ == "cc" and c.lower_ == "or" for c in either.children)


def _asserted(frame: Frame, chain: list[Token], ancestors: list[Token], sent: Span, m: Modifiers) -> bool:
    """False for a question, a conditional ("if X backs Y") or a strong hedge ("rumours that")."""
    if m.question_skip and sent.text.rstrip().rstrip('"\'”’)').endswith("?"):
        return False
    for t in chain:
        for c in t.children:
            if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in m.conditional_marks
                                         for g in c.children):
                return False
    if _imagined_act(frame.anchor, m):
        return False
    if _asked_to(frame, chain, m):
        return False
    t = frame.anchor
    for anc in ancestors:
        if anc.dep_ in ("advcl", "csubj") or anc == t:
            if any(c.dep_ == "mark" and c.lower_ in m.conditional_marks for c in anc.children):
                return False
        if anc.lemma_.lower() in m.strong_hedge_nouns:
            return False
    return True


def _asked_to(frame: Frame, chain: list[Token], m: Modifiers) -> bool:
    """Whether the frame's holders are only asked to act ("the UK and Japan were invited to take part in talks",
    "NATO asked Sweden to join"): the act is not reported (guideline 2.1a, 3.1). The one who asks keeps the stance
    it wants ("Labour urged voters to back Starmer": Labour +support→ Starmer)."""
    for t in chain:
        if t.dep_ != "xcomp" or t.head.lemma_.lower() not in m.request_verbs:
            continue
        asked = [c for c in t.head.children if c.dep_ in ("dobj", "nsubjpass")]
        asked_ids = {a.i for c in asked for a in (c, *c.conjuncts)}
        if any(h.i in asked_ids for h in frame.holder_tokens):
            return True
    return False


def _imagined_act(anchor: Token, m: Modifiers) -> bool:
    """An act named with an indefinite article as the subject of a modal verb: "only a U.S. attack on
    Cuba would remove the missiles" (imagined), not "the invasion would last eight years" (narrative)."""
    if anchor.pos_ not in ("NOUN", "PROPN") or anchor.dep_ not in ("nsubj", "nsubjpass"):
        return False
    indefinite = any(c.dep_ == "det" and c.lower_ in m.hypothetical_determiners for c in anchor.children)
    return indefinite and any(c.dep_ == "aux" and c.lower_ in m.hypothetical_aux for c in anchor.head.children)


def _certainty(chain: list[Token], ancestors: list[Token], m: Modifiers) -> tuple[float, list[str]]:
    """(confidence factor, notes): modals, hedges, hedging verbs and reported speech."""
    confidence = 1.0
    notes: list[str] = []
    for t in chain:
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in m.modal_aux:
                confidence *= 0.7
                notes.append("modal")
            if c.dep_ == "advmod" and c.lower_ in m.hedges:
                confidence *= 0.7
                notes.append("hedge")
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in m.hedge_verbs:
            confidence *= 0.7
    for anc in ancestors:
        if anc.dep_ == "ccomp" and anc.head.lemma_.lower() in m.say_verbs:
            confidence *= 0.85
            notes.append("reported")
        if anc.dep_ == "ccomp" and anc.head.lemma_.lower() in m.hedge_verbs:
            confidence *= 0.6
            notes.append("hedge")
    return confidence, notes


def _future(chain: list[Token], m: Modifiers) -> bool:
    """"will", "is set to", "plans to"."""
    return any((c.dep_ == "aux" and c.lower_ in m.future_aux) for t in chain for c in t.children) or any(
        t.dep_ == "xcomp" and t.head.lemma_.lower() in m.future_verbs for t in chain)


class ModifierReader:
    """Reads the modifiers of the frames of one Doc (caches the document's reference year and the
    time markers of the current sentence)."""

    def __init__(self, doc: Doc, lex: Lexicon, words: DocWords):
        self.doc = doc
        self.lex = lex
        self.words = words
        self._reference_year: int | None = None
        self._sentence_markers: tuple[int, bool, bool] | None = None

    def read(self, frame: Frame, sent: Span) -> dict | None:
        """``{"negated", "refused", "confidence", "time", "notes"}`` of a frame; None when nothing is asserted."""
        m = self.lex.modifiers
        chain = clause_chain(frame)
        ancestors = [frame.anchor, *frame.anchor.ancestors]  # the trigger and every head above it
        if not _asserted(frame, chain, ancestors, sent, m):
            return None
        confidence, notes = _certainty(chain, ancestors, m)
        time = TimeFrame.FUTURE if _future(chain, m) else TimeFrame.CURRENT
        object_refused = refused_object(chain[0], m)
        return {"negated": _negated(frame, chain, m, object_refused), "refused": _refused(chain, m, object_refused),
                "confidence": confidence, "time": self._time(frame, chain, sent, time), "notes": notes}

    def _time(self, frame: Frame, chain: list[Token], sent: Span, time: TimeFrame) -> TimeFrame:
        """Past when the clause or the sentence says so ("former", "had allied", "during the war",
        "in 1990", "under Blair"), unless a current marker ("now") overrides it."""
        m = self.lex.modifiers
        markers = {c.lower_ for t in chain + [frame.anchor.head] for c in t.children
                   if c.dep_ in _TIME_MODIFIER_DEPS}
        for t in chain:
            aux = [c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")]
            if "had" in aux and t.tag_ == "VBN":
                markers.add("#pluperfect")
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in m.past_preps:
                    markers.add("#during")
                if c.dep_ == "prep" and c.lower_ == "in":
                    for p in pobjs(c):
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
        return time

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
