"""``allegiance_relation_merge``: the rules as a high-precision layer, the trained model adding what they miss.

The component runs after the rule component (``allegiance_relations``, which fills
``doc._.relations``) and the model (``allegiance_relation_model``, which fills
``doc._.pair_predictions``). For every candidate pair the rules left without a relation in
its sentence (either sign), a model prediction of ``+`` or ``-`` whose calibrated confidence
is at least ``threshold`` becomes a :class:`~allegiance.model.Relation` with the same fields
as a rule relation. A rule relation is never overruled.

A model relation

* has the sentence of its pair as evidence, widened to every sentence that names one of its
  actors when an end is a reference ("they", "both sides", "the party") or a speaker quoted in
  another sentence (:func:`~allegiance.relations.evidence.anchor_evidence`, the rule relations'
  own step), so its evidence always contains both mentions;
* goes through the rules' modifier reading on its sentence (:class:`~allegiance.relations.
  modifiers.ModifierReader`, anchored on the trigger word of its sign nearest the pair, else on
  the pair's common head): a question, a conditional or a strong hedge asserts nothing and a
  negated clause gives no relation; modals, hedges and reported speech lower its confidence; the
  time (past, current, future) is read there;
* is directed (its source acts on its target) when the model's direction head decides which end acts
  (:class:`~allegiance.relations.model.transformer_pairs.DirectionHead`), else undirected with its ends in
  text order; typed by that trigger word when the lexicon gives it one type (else
  ``cooperate`` or ``oppose``); and carries ``rule="model"`` and ``extra={"method": "model",
  "model_confidence", "route"}`` (the JSON contract of ``extract`` is unchanged: those stay in
  the library object);
* has as ``confidence`` the model's confidence times the modifiers', put through the model's
  confidence scale (``calibration``, :class:`~allegiance.relations.calibration.PlattScale`, fitted
  by ``allegiance calibrate`` on a labelled split: the share of such relations that are right);
  the value before the scale stays in ``extra["uncalibrated_confidence"]``.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.model.candidates import PairCandidate
>>> from allegiance.relations.model.component import PairPrediction
>>> from allegiance.relations.testing import annotate
>>> text = "France and Britain were at odds over the fishing quota."
>>> doc = annotate(load_model(), text, {"France": "FRA", "Britain": "GBR"})
>>> doc._.relations = []
>>> pair = PairCandidate((0, 11), ("FRA", "GBR"), ((0, 1),), ((2, 3),))
>>> doc._.pair_predictions = [PairPrediction(pair, "-", 0.9, {"none": 0.05, "+": 0.05, "-": 0.9})]
>>> [(r.source.text, r.target.text, int(r.sign), r.rule) for r in merge_relations(doc, threshold=0.5)]
[('France', 'Britain', -1, 'model')]
>>> doc._.pair_predictions = [PairPrediction(pair, "-", 0.4, {"none": 0.3, "+": 0.3, "-": 0.4})]
>>> merge_relations(doc, threshold=0.5)
[]
"""

from __future__ import annotations

import bisect
from typing import Iterable, List, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from allegiance.actors.kb import KnowledgeBase, shared_knowledge_base
from allegiance.actors.resolver import RESOLVER_NAME
from allegiance.model import Actor, ActorKind, Mention, Relation, RelationType
from allegiance.nlp.extensions import ACTOR_SPANS_KEY, register_extensions
from allegiance.nlp.sentences import sentence_bounds
from allegiance.relations.assembly import own_side_pair
from allegiance.relations.calibration import PlattScale
from allegiance.relations.evidence import anchor_evidence, sentences_evidence
from allegiance.relations.frame import DocWords, Frame
from allegiance.relations.frames.roles import party_label_of_role
from allegiance.relations.lexicon import Lexicon, TriggerRule, load_lexicon, role_noun_lemmas
from allegiance.relations.model.candidates import PairCandidate
from allegiance.relations.model.component import PREDICTIONS_ATTR, PairPrediction
from allegiance.relations.model.lexical import trigger_sign, trigger_type
from allegiance.relations.modifiers import ModifierReader

__all__ = ["DEFAULT_ADHOC_THRESHOLD", "DEFAULT_THRESHOLD", "EXTRA_MENTION_CONFIDENCE", "MODEL_RULE", "PairIndex",
           "actors_by_id", "RelationMerge", "merge_relations", "model_relations", "names_unknown_entity"]

#: the calibrated confidence a model relation needs, chosen on the corpus's dev split for the shipped
#: model (best micro-F1 of 0.5-0.8, benchmarks/results/relation_model_integration.json; never on test)
DEFAULT_THRESHOLD = 0.7
#: the (scaled) confidence a model relation needs when an end is a named entity the knowledge base lacks (a
#: person, organisation or place only the NER found: "Dien Bien Phu", "Quicken Loans Arena"); on corpus dev 6 of
#: the 46 such relations were right, 3 of the 38 below this; the best bar on dev and on the demo gold alike
#: (benchmarks/results/relation_adhoc_ends.json)
DEFAULT_ADHOC_THRESHOLD = 0.5
#: ``Relation.rule`` of a relation the model added
MODEL_RULE = "model"
_DEFAULT_TYPES = {"+": RelationType.COOPERATE, "-": RelationType.OPPOSE}


class RelationMerge:
    """Adds the model's confident relations on the pairs the rules left without one (see the module)."""

    def __init__(self, nlp: Language, name: str, *, threshold: float = DEFAULT_THRESHOLD,
                 routes: Sequence[str] | None = None, calibration: Sequence[float] | None = None,
                 adhoc_threshold: float | None = DEFAULT_ADHOC_THRESHOLD):
        register_extensions()
        self.name = name
        self.threshold = float(threshold)
        self.adhoc_threshold = None if adhoc_threshold is None else float(adhoc_threshold)
        resolver = nlp.get_pipe(RESOLVER_NAME) if RESOLVER_NAME in nlp.pipe_names else None
        self.kb = getattr(resolver, "kb", None) or shared_knowledge_base()
        self.routes = None if routes is None else tuple(routes)
        self.calibration = PlattScale.from_list(calibration)
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.relations = merge_relations(doc, threshold=self.threshold, lexicon=self.lexicon, routes=self.routes,
                                          calibration=self.calibration, adhoc_threshold=self.adhoc_threshold,
                                          kb=self.kb)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("allegiance_relation_merge",
                  default_config={"threshold": DEFAULT_THRESHOLD, "routes": None, "calibration": None,
                                  "adhoc_threshold": DEFAULT_ADHOC_THRESHOLD},
                  requires=["doc._.relations", "doc._.pair_predictions"], assigns=["doc._.relations"])
def make_relation_merge(nlp: Language, name: str, threshold: float, routes: Optional[List[str]],
                        calibration: Optional[List[float]],
                        adhoc_threshold: Optional[float] = DEFAULT_ADHOC_THRESHOLD) -> RelationMerge:
    """Factory of the ``allegiance_relation_merge`` component.

    ``threshold``: the calibrated confidence a model relation needs. ``routes``: the candidate routes
    (:attr:`~allegiance.relations.model.candidates.PairCandidate.route`: ``sentence``, ``reference``,
    ``quote``) whose predictions may become relations; None: every route. ``calibration``: the model
    relations' confidence scale, ``[slope, intercept, fitted_on]``
    (:meth:`~allegiance.relations.calibration.PlattScale.to_list`); None: none. ``adhoc_threshold``: the
    scaled confidence a model relation needs when an end is a named entity the pipeline's knowledge base
    lacks (:func:`names_unknown_entity`); None: the same as any other.
    """
    return RelationMerge(nlp, name, threshold=threshold, routes=routes, calibration=calibration,
                         adhoc_threshold=adhoc_threshold)


def merge_relations(doc: Doc, *, threshold: float = DEFAULT_THRESHOLD, lexicon: Lexicon | None = None,
                    predictions: Sequence[PairPrediction] | None = None,
                    routes: Iterable[str] | None = None, calibration: PlattScale | None = None,
                    adhoc_threshold: float | None = None, kb: KnowledgeBase | None = None) -> list[Relation]:
    """The rule relations of ``doc`` (``doc._.relations``) and the model relations added to them.

    ``predictions`` default to ``doc._.pair_predictions``; only those of a candidate whose route is
    in ``routes`` count (None: every route). ``calibration`` scales the model relations' confidence
    (None: none). A model relation with an end :func:`names_unknown_entity` (``kb``: the built-in knowledge
    base when None) needs a scaled confidence of ``adhoc_threshold`` (None: no more than any other). The
    result is in sentence order, the rule relations in their own order.
    """
    rules = list(doc._.relations or [])
    predictions = list(doc._.get(PREDICTIONS_ATTR) or []) if predictions is None else list(predictions)
    allowed = None if routes is None else frozenset(routes)
    confident = [p for p in predictions if p.label != "none" and p.confidence >= threshold
                 and (allowed is None or p.candidate.route in allowed)]
    if not confident:
        return rules
    pairs = PairIndex(doc)
    covered = pairs.covered(rules)
    builder = _Builder(doc, lexicon or load_lexicon(), calibration or PlattScale())
    added = []
    if adhoc_threshold is not None and kb is None:
        kb = shared_knowledge_base()
    for prediction in confident:
        if pairs.of_prediction(prediction) in covered:
            continue
        relation = builder.relation(prediction)
        if relation is None or adhoc_threshold is not None and relation.confidence < adhoc_threshold and any(
                names_unknown_entity(end.actor, kb) for end in (relation.source, relation.target)):
            continue
        added.append(relation)
    rule_keys = {r.key for r in rules}
    added = [r for r in anchor_evidence(doc, added) if r.key not in rule_keys]
    return sorted(rules + added, key=lambda r: r.evidence.end)  # stable: rule relations keep their order


def names_unknown_entity(actor: Actor, kb: KnowledgeBase) -> bool:
    """Whether ``actor`` is a named entity ``kb`` lacks: a person, organisation or place only the NER found
    (an ad-hoc actor); a group noun ("protesters", "Muslims") is none, nor is an actor of ``kb``.

    Examples
    --------
    >>> kb = shared_knowledge_base()
    >>> names_unknown_entity(Actor("PER:dien_bien_phu", "Dien Bien Phu", ActorKind.PERSON), kb)
    True
    >>> names_unknown_entity(kb.get("FRA"), kb), names_unknown_entity(Actor("GRP:muslims", "Muslims",
    ...                                                                      ActorKind.GROUP), kb)
    (False, False)
    """
    return actor.id not in kb and actor.kind is not ActorKind.GROUP


def _member_ids(actor: Actor | None) -> tuple[str, ...]:
    """The ids a relation end stands for (:attr:`Actor.member_ids`; none without an actor)."""
    return () if actor is None else actor.member_ids


class PairIndex:
    """Keys ``(sentence start character, frozenset of two actor ids)`` of rule relations and model pairs
    of one Doc: a rule relation and a prediction on the same key are about the same pair."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = [doc[start].idx for start, _ in sentence_bounds(doc)] or [0]

    def sentence_start(self, char: int) -> int:
        """The start of the sentence holding character ``char``."""
        return self.starts[max(0, bisect.bisect_right(self.starts, char) - 1)]

    def of_relation(self, relation: Relation) -> set[tuple[int, frozenset]]:
        """Every pair ``relation`` covers in the sentence that asserts it (a group end covers each member)."""
        sentence = self.sentence_start(relation.evidence.end - 1)
        return {(sentence, frozenset((a, b))) for a in _member_ids(relation.source.actor)
                for b in _member_ids(relation.target.actor) if a != b}

    def covered(self, relations: Iterable[Relation]) -> set[tuple[int, frozenset]]:
        """Every pair some of ``relations`` cover (:meth:`of_relation`)."""
        return {key for r in relations for key in self.of_relation(r)}

    def of_candidate(self, candidate: PairCandidate) -> tuple[int, frozenset]:
        """The pair a candidate is."""
        return self.sentence_start(self.doc[candidate.sentence[0]].idx), frozenset(candidate.actors)

    def of_prediction(self, prediction: PairPrediction) -> tuple[int, frozenset]:
        """The pair a model prediction is about."""
        return self.of_candidate(prediction.candidate)


#: Mention confidence of an actor reached only through a candidate's extra mention (a speaker's "we", a group
#: noun): the model scored the pair, but no actor rule vouched for the mention.
EXTRA_MENTION_CONFIDENCE = 0.7


def actors_by_id(doc: Doc) -> dict[str, tuple[Actor, float]]:
    """Every actor of the Doc's actor spans (and of their groups) by id, with its mention confidence."""
    out: dict[str, tuple[Actor, float]] = {}
    for span in doc.spans.get(ACTOR_SPANS_KEY, []):
        actor = span._.actor
        if actor is None:
            continue
        confidence = float(span._.actor_confidence or 1.0)
        members = span._.get("actor_group") if span.has_extension("actor_group") else None
        for member in members or (actor,):
            out.setdefault(member.id, (member, confidence))
    return out


class _Builder:
    """Builds the relation of one model prediction on one Doc."""

    def __init__(self, doc: Doc, lexicon: Lexicon, calibration: PlattScale):
        self.doc = doc
        self.calibration = calibration
        self.actors = actors_by_id(doc)
        self.parsed = doc.has_annotation("DEP")
        self.sentenced = doc.has_annotation("SENT_START")
        self.modifiers = ModifierReader(doc, lexicon, DocWords(doc))
        self.roles = role_noun_lemmas(lexicon)

    def relation(self, prediction: PairPrediction) -> Relation | None:
        """The relation of ``prediction``, or None (no actor, one's own side, nothing asserted, negated)."""
        doc, candidate = self.doc, prediction.candidate
        ends = [self.actors.get(actor_id) or (extra and (extra, EXTRA_MENTION_CONFIDENCE))
                for actor_id, extra in zip(candidate.actors, candidate.extra_actors)]
        if not all(ends):
            return None
        (a, conf_a), (b, conf_b) = ends
        sent = doc[candidate.sentence[0]:candidate.sentence[1]]
        span_a, span_b = _nearest(doc, candidate.spans_a, sent), _nearest(doc, candidate.spans_b, sent)
        if self.labels(span_a, span_b):
            return None
        anchor, rtype = self._anchor(sent, span_a, span_b, prediction.label)
        directed, rtype = _directed_type(prediction.direction, rtype)
        source, target = [(span_a, a), (span_b, b)][::-1 if prediction.direction == "backward" else 1]
        if own_side_pair(*source, *target, rtype, directed):
            return None
        clause = anchor if anchor.pos_ in ("VERB", "AUX") or not self.parsed else anchor.head
        rule = TriggerRule(anchor.lemma_ or anchor.lower_, "verb", rtype)
        frame = Frame(anchor, clause, rule, MODEL_RULE, [span_a], [(span_b, rtype)],
                      holder_tokens=[span_a.root, span_b.root], directed=False)
        mods = self.modifiers.read(frame, sent)
        if mods is None or mods["negated"]:
            return None
        # a direction head's decision orders the ends (source acts on target); else they stand in text order
        if directed and prediction.direction == "backward" or (not directed and span_b.start < span_a.start):
            (span_a, a, conf_a), (span_b, b, conf_b) = (span_b, b, conf_b), (span_a, a, conf_a)
        doc_id = str(getattr(doc._, "doc_id", None) or "")
        uncalibrated = round(max(0.0, min(1.0, prediction.confidence * mods["confidence"])), 4)
        # a quoted pair's speaker may stand in another sentence: the evidence runs over both
        evidence = sentences_evidence([sent] + ([span_a.sent, span_b.sent] if self.sentenced else []))
        return Relation(
            doc_id=doc_id,
            source=Mention(span_a.text, span_a.start_char, span_a.end_char, a, doc_id, conf_a),
            target=Mention(span_b.text, span_b.start_char, span_b.end_char, b, doc_id, conf_b),
            type=rtype, evidence=evidence, directed=directed, time=mods["time"],
            negated=False, confidence=self.calibration(uncalibrated),
            date=getattr(doc._, "doc_date", None), rule=MODEL_RULE,
            extra={"method": "model", "model_confidence": round(prediction.confidence, 4),
                   "uncalibrated_confidence": uncalibrated, "route": candidate.route, "trigger": anchor.text,
                   "notes": tuple(mods["notes"])},
        )

    def labels(self, span_a: Span, span_b: Span) -> bool:
        """Whether one mention is part of the other ("the Sun" in "the Sun's editor") or a party
        adjective on a role noun, the holder's own party ("Democratic" in "Democratic rival Joe Biden",
        the path fallback's own test). A country's adjective on its official ("Egyptian President
        el-Sisi") and a modifier of a group ("Trump supporters") stay: the corpus counts them."""
        if not self.parsed:
            return False
        if (span_a.start, span_a.end) == (span_b.start, span_b.end):
            return False  # "both countries": one reference to the pair's two members
        if span_a.start < span_b.end and span_b.start < span_a.end:
            return True
        return party_label_of_role(span_a, self.roles) or party_label_of_role(span_b, self.roles)

    def _anchor(self, sent: Span, span_a: Span, span_b: Span, label: str) -> tuple[Token, RelationType]:
        """The trigger word of the predicted sign nearest the pair (between the two first), with its type;
        else the pair's common head (the sentence root) with the sign's default type."""
        sign = 1 if label == "+" else -1
        lo, hi = sorted((span_a, span_b), key=lambda s: s.start)
        same = not self.sentenced or lo.sent == hi.sent
        between = range(lo.end, hi.start) if same else range(sent.start, sent.end)
        middle = (lo.end + hi.start) / 2
        for tokens in (between, range(sent.start, sent.end)):
            found = [self.doc[i] for i in tokens if trigger_sign(self.doc[i].lower_) == sign]
            if found:
                token = min(found, key=lambda t: abs(t.i - middle))
                return token, trigger_type(token.lower_) or _DEFAULT_TYPES[label]
        return _common_head(sent, span_a, span_b) if self.parsed else sent[0], _DEFAULT_TYPES[label]


def _directed_type(direction: str | None, rtype: RelationType) -> tuple[bool, RelationType]:
    """Whether a model relation is directed, and its type: directed where a direction head decided; then the
    default ``cooperate`` of a ``+`` becomes ``support``, a one-way stance. (Keeping trigger words of a
    symmetric type undirected was tried: on corpus dev it dropped five directions a gold relation shares for
    two it does not.)

    Examples
    --------
    >>> _directed_type("backward", RelationType.COOPERATE)
    (True, <RelationType.SUPPORT: 'support'>)
    >>> _directed_type("forward", RelationType.RIVAL), _directed_type(None, RelationType.CRITICISE)[0]
    ((True, <RelationType.RIVAL: 'rival'>), False)
    """
    if direction not in ("forward", "backward"):
        return False, rtype
    return True, RelationType.SUPPORT if rtype is RelationType.COOPERATE else rtype


def _nearest(doc: Doc, spans: Sequence[tuple[int, int]], sent: Span) -> Span:
    """The first mention inside ``sent``, else the first one (a quoted pair's speaker)."""
    inside = [s for s in spans if sent.start <= s[0] and s[1] <= sent.end]
    start, end = (inside or list(spans))[0]
    return doc[start:end]


def _common_head(sent: Span, span_a: Span, span_b: Span) -> Token:
    """The lowest token of ``sent`` that heads both mentions (the sentence root when none does)."""
    if span_a.sent != sent or span_b.sent != sent:
        return sent.root
    above_a = [span_a.root, *span_a.root.ancestors]
    above_b = {t.i for t in (span_b.root, *span_b.root.ancestors)}
    return next((t for t in above_a if t.i in above_b and t not in span_a), sent.root)


def model_relations(relations: Iterable[Relation]) -> list[Relation]:
    """The relations the model added (``rule == "model"``).

    Examples
    --------
    >>> model_relations([])
    []
    """
    return [r for r in relations if r.rule == MODEL_RULE]

