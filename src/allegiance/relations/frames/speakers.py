"""Speaker frames: what someone says of someone is a stance toward them.

* **reported evaluation** — "X said Y is unqualified" (criticise), "... Y is a great leader"
  (praise), "According to X, Y was wrong": evaluative words of the lexicon in the reported
  clause, said of an actor;
* **labels** — "Sanders branded him destructive", "X called Y a liar", "X described Y as a hero";
* **context** (weaker, ``speaker_context``) — one-sided evaluative wording in a reported clause
  about its subject actor;
* **quoted sentences** — a sentence wholly inside a quotation that is attributed in another
  sentence ('"Russia is the aggressor. It must pay," Zelensky said.', 'Zelensky said: "…"') is
  a clause its speaker reports; the relation's evidence runs from one sentence to the other.

These frames read their own negation ("X said Y is not qualified").

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate, frames_of
>>> doc = annotate(load_model(), "Sanders called Trump a liar.", ["Sanders", "Trump"])
>>> [(f.rule_name, [h.text for h in f.holders], [(p.text, t.value) for p, t in f.partners])
...  for f in frames_of(doc, MATCHER)]
[('label:call', ['Sanders'], [('Trump', 'criticise')])]
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from spacy.tokens import Doc, Span, Token

from allegiance.model import RelationType
from allegiance.nlp.extensions import ACTOR_SPANS_KEY
from allegiance.nlp.sentences import sentence_bounds
from allegiance.relations.arguments import SUBJECT_DEPS, pobjs, subjects
from allegiance.relations.frame import Frame, SentenceActors, dedupe_spans
from allegiance.relations.frames.base import FrameContext, SentenceMatcher
from allegiance.relations.lexicon import Lexicon, TriggerRule, derived
from allegiance.relations.quotes import quote_regions, quoted_sentences
from allegiance.relations.referents import Resolver

__all__ = ["LABEL_VERBS", "MATCHER", "label_frame", "relative_to_another", "speaker_frames"]

LABEL_VERBS = frozenset({"call", "brand", "label", "describe", "dub", "deem", "term", "characterize",
                         "characterise", "portray", "paint", "consider"})

#: a reported clause: (speakers, speaker tokens, the clause, token indices outside it)
Report = tuple[list[Span], list[Token], Token, set[int]]


def speaker_lemmas(lex: Lexicon) -> frozenset[str]:
    """The lemmas that can open a speaker frame: labelling and saying verbs."""
    return LABEL_VERBS | lex.modifiers.say_verbs


def _evaluation(lex: Lexicon, word: Token) -> RelationType | None:
    """PRAISE or CRITICISE for an evaluative word of the lexicon, else None."""
    low, lemma = word.lower_, word.lemma_.lower()
    if low in lex.evaluative_positive or lemma in lex.evaluative_positive:
        return RelationType.PRAISE
    if low in lex.evaluative_negative or lemma in lex.evaluative_negative:
        return RelationType.CRITICISE
    return None


def _evaluation_in_clause(lex: Lexicon, word: Token) -> RelationType | None:
    """:func:`_evaluation` of a word in a reported clause, where a positive word that a loss verb takes
    as its object is criticism ("X said Y had lost the trust of voters", "Y lacks credibility")."""
    rtype = _evaluation(lex, word)
    if rtype is RelationType.PRAISE and word.dep_ == "dobj" and word.head.lemma_.lower() in lex.evaluative_loss_verbs:
        return RelationType.CRITICISE
    return rtype


def relative_to_another(word: Token) -> bool:
    """Whether an evaluative word rates a role toward someone else ("a reliable partner of Russia", "a
    great friend to Israel"): good for that one, no stance of the speaker's."""
    return word.dep_ == "amod" and any(c.dep_ == "prep" and c.lower_ in ("of", "to", "for", "with")
                                       for c in word.head.children)


def evaluated(word: Token) -> Token | None:
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


def label_frame(res: Resolver, verb: Token) -> Frame | None:
    """"Sanders branded him destructive", "X called Y a liar", "X described Y as a hero"."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "oprd")]
    targets = dedupe_spans(t for o in objs for t in res.actors(o))
    if not targets:
        return None
    subject_side = {t.i for c in verb.children
                    if c.dep_ in SUBJECT_DEPS or c.dep_ in ("xcomp", "advcl", "ccomp", "npadvmod", "conj")
                    or (c.dep_ == "prep" and c.lower_ != "as") for t in c.subtree}
    signs = set()
    for t in verb.subtree:
        if t.i not in subject_side:
            rtype = _evaluation(res.lex, t)
            if rtype is not None:
                signs.add(rtype)
    if len(signs) != 1:
        return None
    rtype = next(iter(signs))
    holders, htoks, inherited, purpose = subjects(res, verb)
    rule = TriggerRule(verb.lemma_.lower(), "verb", rtype, weight=0.6)
    return Frame(verb, verb, rule, f"label:{verb.lemma_.lower()}", holders, [(t, rtype) for t in targets],
                 htoks, directed=True, weight=0.6, inherited=inherited, purpose_of=purpose)


def _reports(res: Resolver, verb: Token) -> list[Report]:
    """The clauses ``verb`` reports: "according to X, <head>" or "X said <ccomp>"."""
    if verb.lower_ == "according" and verb.dep_ == "prep":
        # "According to Gowdy, Clinton was wrong": the speaker is the pobj of "to"
        speakers = [sp for c in verb.children if c.lower_ == "to" for p in pobjs(c) for sp in res.actors(p)]
        if speakers and verb.head != verb:
            return [(speakers, [], verb.head, {t.i for t in verb.subtree})]
    elif verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in res.lex.modifiers.say_verbs:
        speakers, stoks, _, _ = subjects(res, verb)
        if speakers:
            return [(speakers, stoks, c, set()) for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
    return []


def _evaluative_frames(res: Resolver, report: Report) -> tuple[list[Frame], set[RelationType]]:
    """A frame per evaluative word of the reported clause said of an actor, and the signs seen."""
    speakers, stoks, clause, skip = report
    frames: list[Frame] = []
    signs: set[RelationType] = set()
    for word in clause.subtree:
        if word.i in skip:
            continue
        rtype = _evaluation_in_clause(res.lex, word)
        if rtype is None or relative_to_another(word):
            continue
        signs.add(rtype)
        target_tok = evaluated(word)
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
        lemma = word.lemma_.lower()
        rule = TriggerRule(lemma, "adj", rtype, weight=0.55)
        frames.append(Frame(word, pred, rule, f"speaker:{lemma}", list(speakers),
                            [(t, rtype) for t in targets], stoks, directed=True, weight=0.55,
                            own_negation=True))
    return frames, signs


def predicated_by_clause(word: Token, clause: Token) -> bool:
    """Whether an evaluative word is what ``clause`` says of its subject ("Y is inexcusable", "Y made
    mistakes", "Y will make an excellent leader", "… and he should not hold the future hostage", "… but he is
    doing a good job": a verb conjoined with or complementing the clause's own), not a word inside one of its
    phrases ("investigating Y for alleged corruption", "Great Britain", "to succeed Key").

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Rutte", "will", "make", "an", "excellent", "leader"],
    ...           heads=[2, 2, 2, 5, 5, 2], deps=["nsubj", "aux", "ROOT", "det", "amod", "dobj"])
    >>> predicated_by_clause(doc[4], doc[2])
    True
    >>> doc = Doc(doc.vocab, words=["it", "investigates", "Ponta", "for", "corruption"], heads=[1, 1, 1, 1, 3],
    ...           deps=["nsubj", "ROOT", "dobj", "prep", "pobj"])
    >>> predicated_by_clause(doc[4], doc[1])
    False
    """
    node = word.head if word.dep_ == "amod" else word
    if node.dep_ not in ("acomp", "attr", "dobj", "oprd"):
        return False
    verb = node.head
    for _ in range(3):  # up the clause's own spine: "… but he is doing a good job", "said he had to quit"
        if verb == clause:
            return True
        if verb.dep_ not in ("conj", "xcomp", "ccomp"):
            return False
        verb = verb.head
    return verb == clause


def _context_frame(res: Resolver, report: Report, rtype: RelationType) -> Frame | None:
    """Weaker: one-sided evaluative wording that the reported clause predicates, about its subject actor."""
    speakers, stoks, clause, skip = report
    if not any(predicated_by_clause(w, clause) and _evaluation_in_clause(res.lex, w) is rtype
               for w in clause.subtree if w.i not in skip):
        return None
    subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in skip]
    targets = [t for c in subj for t in res.actors(c) if t not in speakers]
    weight = 0.4
    dummy = all(c.lower_ in ("it", "this", "that", "there", "what") for c in subj)
    if not targets and dummy:
        # "it is inexcusable to hold Lynch hostage": the actor the clause is about
        objs = [d for d in clause.subtree if d.dep_ == "dobj" and d.head.pos_ == "VERB"]
        targets = [t for d in objs[:1] for t in res.actors(d) if t not in speakers]
        weight = 0.35
    if not targets or any(c.dep_ == "neg" for c in clause.children):
        return None
    rule = TriggerRule("context", "adj", rtype, weight=weight)
    return Frame(clause, clause, rule, "speaker:context", list(speakers), [(t, rtype) for t in targets], stoks,
                 directed=True, weight=weight, own_negation=True)


def _attribution(res_of: Callable[[tuple[int, int]], Resolver], lex: Lexicon, sent: tuple[int, int],
                 region: tuple[int, int], doc: Doc) -> Report | None:
    """The speakers of quotation ``region`` named in sentence ``sent`` outside it: the actor subject of a
    saying verb there ("…," Zelensky said / Zelensky said: "…"), or None."""
    res = res_of(sent)
    for i in range(*sent):
        verb = doc[i]
        if region[0] <= i < region[1] or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.lemma_.lower() in lex.modifiers.say_verbs:
            speakers, stoks, _, _ = subjects(res, verb)
            if speakers:
                return speakers, stoks, verb, set()
    return None


def quote_attributions(fc: FrameContext) -> dict[int, Report]:
    """Per start token of a sentence wholly inside a quotation: the report its speaker makes of it,
    when the quotation is attributed in the sentence holding its closing mark or, failing that, its
    opening mark (computed once per Doc). The report's clause is the quoted sentence's root."""
    key = "speakers:quote_attributions"
    if key in fc.per_doc:
        return fc.per_doc[key]
    doc = fc.sent.doc
    spans = list(doc.spans[ACTOR_SPANS_KEY]) if ACTOR_SPANS_KEY in doc.spans else []
    bounds = sentence_bounds(doc)

    def res_of(sent: tuple[int, int]) -> Resolver:
        here = [s for s in spans if sent[0] <= s.start and s.end <= sent[1]]
        return Resolver(fc.lex, SentenceActors(doc[sent[0]:sent[1]], here))

    out: dict[int, Report] = {}
    for region in quote_regions(doc):
        inside = quoted_sentences(doc, region, bounds)
        if not inside:
            continue
        ends = [b for b in bounds if b[0] < region[1] <= b[1]] + [b for b in bounds if b[0] <= region[0] < b[1]]
        found = next((r for r in (_attribution(res_of, fc.lex, b, region, doc) for b in ends if b not in inside)
                      if r is not None), None)
        if found is not None:
            for a, b in inside:
                out[a] = (found[0], found[1], doc[a:b].root, set())
    fc.per_doc[key] = out
    return out


def speaker_frames(fc: FrameContext) -> list[Frame]:
    """Speaker stance: "X said Y is unqualified" -> X criticises Y; "... is a great leader" -> praise."""
    lex, res, sent = fc.lex, fc.res, fc.sent
    if not (lex.evaluative_positive or lex.evaluative_negative):
        return []
    frames: list[Frame] = []
    lowers, lemmas, wanted = fc.words.lowers, fc.words.lemmas, derived(lex, speaker_lemmas)
    doc = sent.doc
    reports: list[Report] = []
    for i in range(sent.start, sent.end):
        if lemmas[i] not in wanted and lowers[i] != "according":
            continue  # neither a labelling or saying verb nor "according to"
        verb = doc[i]
        if verb.pos_ == "VERB" and verb.lemma_.lower() in LABEL_VERBS:
            frame = label_frame(res, verb)
            if frame is not None:
                frames.append(frame)
        reports += _reports(res, verb)
    quoted = None if reports else quote_attributions(fc).get(sent.start)
    for report in reports or ([quoted] if quoted is not None else []):
        found, signs = _evaluative_frames(res, report)
        if fc.speaker_context and not found and len(signs) == 1:
            found = [f for f in [_context_frame(res, report, next(iter(signs)))] if f is not None]
        if quoted is not None:
            found = [replace(f, holders_elsewhere=True) for f in found]
        frames.extend(found)
    return frames


MATCHER = SentenceMatcher("speakers", 20, match=speaker_frames)
