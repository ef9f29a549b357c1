"""Park et al. style pair classification: each given (p, q) pair of a sentence in five classes.

The gold names both entities of a pair and labels it neutral, p→q positive, q→p positive,
p→q negative or q→p negative (``raw_label`` 0-4). :func:`classify_pairs` marks the two given
mentions as the only actors of the sentence, runs the relation extractor on it and takes its
most confident relation between them (no relation meaning neutral); when ``nlp`` carries a
trained relation model (``build_pipeline(relation_model=...)``), its model and merge components
run after the rules on the same Doc. The pair is given, so a cascade's screen (which spares the costly
model candidates in extraction) is lifted: the model scores every given pair
(:func:`every_pair_scored`). The five-way scores are a
:class:`~allegiance.relations.evaluate_scoring.PairClassification`. :func:`choose_task` says
whether a gold file is made for this task or for extraction.

Examples
--------
>>> five_way(["neutral", "p->q pos"], ["neutral", "p->q neg"]).micro_f1
0.5
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterator, Mapping, Sequence

from allegiance.model import Actor, ActorKind
from allegiance.nlp import load_model
from allegiance.nlp.assemble import RELATION_MERGE, RELATION_MODEL_FACTORIES
from allegiance.relations.component import RelationExtractor
from allegiance.relations.evaluate_scoring import PRF, PairClassification, record_names
from allegiance.relations.testing import find_mentions, set_actor_spans

__all__ = ["PAIR_LABELS", "choose_task", "classify_pairs", "every_pair_scored", "five_way"]

PAIR_LABELS = ("neutral", "p->q pos", "q->p pos", "p->q neg", "q->p neg")
_SCREEN = "screen_none_below"


@contextmanager
def every_pair_scored(pipes: Sequence[Any]) -> Iterator[None]:
    """Within the block, the pipes that screen candidates (a ``screen_none_below`` setting in their ``cfg``)
    score every candidate; their settings are restored after it.

    Examples
    --------
    >>> class Pipe:
    ...     cfg = {"screen_none_below": 0.45}
    >>> pipe = Pipe()
    >>> with every_pair_scored([pipe]):
    ...     pipe.cfg["screen_none_below"]
    1.0
    >>> pipe.cfg["screen_none_below"]
    0.45
    """
    screened = [(pipe.cfg, pipe.cfg[_SCREEN]) for pipe in pipes
                if isinstance(getattr(pipe, "cfg", None), dict) and _SCREEN in pipe.cfg]
    for cfg, _ in screened:
        cfg[_SCREEN] = 1.0
    try:
        yield
    finally:
        for cfg, value in screened:
            cfg[_SCREEN] = value


def classify_pairs(gold: Sequence[Mapping[str, Any]], *, nlp=None) -> tuple[list[str], list[str], list[dict]]:
    """Park et al. style: classify each given (p, q) pair of a sentence into 5 classes.

    Returns the gold labels, the predicted labels and prediction records.
    """
    nlp = nlp or load_model()
    extractor = RelationExtractor(nlp, "allegiance_relations")
    after_rules = [pipe for name, pipe in nlp.pipeline
                   if name == RELATION_MERGE or nlp.get_pipe_meta(name).factory in RELATION_MODEL_FACTORIES]
    sentences = sorted({g["sentence"] for g in gold})
    ours = [name for name in nlp.pipe_names if name.startswith("allegiance_")]
    with nlp.select_pipes(disable=ours):  # the parse alone: the actors are the given pair
        parsed = dict(zip(sentences, nlp.pipe(sentences, batch_size=64)))
    with every_pair_scored(after_rules):
        return _classify(gold, parsed, extractor, after_rules)


def _classify(gold, parsed, extractor, after_rules) -> tuple[list[str], list[str], list[dict]]:
    gold_labels, pred_labels, records = [], [], []
    for g in gold:
        base = parsed[g["sentence"]]
        doc = base.copy()
        # the normalised gold puts the stance holder first; labels 2 and 4 (q -> p) swapped the
        # original pair (p, q), which the 5-way labels refer to
        p_key, q_key = ("target", "source") if str(g.get("raw_label", "")) in ("2", "4") else ("source", "target")
        p_actor = Actor("P", str(g[p_key]), ActorKind.GROUP)
        q_actor = Actor("Q", str(g[q_key]), ActorKind.GROUP)
        spans, actors, taken = [], [], set()
        for names, actor in ((record_names(g, p_key), p_actor), (record_names(g, q_key), q_actor)):
            for name in names:
                found = [s for s in find_mentions(doc, name) if not any(i in taken for i in range(s.start, s.end))]
                if found:
                    for s in found:
                        taken.update(range(s.start, s.end))
                        spans.append(s)
                        actors.append(actor)
                    break
        order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        set_actor_spans(doc, [spans[i] for i in order], [actors[i] for i in order])
        doc._.doc_id = str(g["doc_id"])
        doc = extractor(doc)
        for pipe in after_rules:
            doc = pipe(doc)
        relations = doc._.relations or []
        best = None
        for r in relations:
            ends = {r.source.actor.id, r.target.actor.id}
            if ends == {"P", "Q"} and (best is None or r.confidence > best.confidence):
                best = r
        if best is None:
            label = "neutral"
        else:
            forward = best.source.actor.id == "P" or not best.directed
            label = ("p->q " if forward else "q->p ") + ("pos" if int(best.sign) > 0 else "neg")
        glabel = _gold_pair_label(g)
        gold_labels.append(glabel)
        pred_labels.append(label)
        if best is not None:
            records.append({"doc_id": g["doc_id"], "sent_id": g.get("sent_id", 0), "sentence": g["sentence"],
                            "source": best.source.actor.name, "target": best.target.actor.name,
                            "polarity": "pos" if int(best.sign) > 0 else "neg", "confidence": best.confidence,
                            "rule": best.rule, "directed": best.directed})
    return gold_labels, pred_labels, records


def _gold_pair_label(g: Mapping[str, Any]) -> str:
    """The five-way label of a gold pair (its ``raw_label``, else from its polarity)."""
    raw = str(g.get("raw_label", ""))
    if raw in ("0", "1", "2", "3", "4"):
        return PAIR_LABELS[int(raw)]
    if g["polarity"] == "neu":
        return "neutral"
    return "p->q " + g["polarity"]


def five_way(gold_labels: Sequence[str], pred_labels: Sequence[str]) -> PairClassification:
    """Per-class and micro/macro F1 of five-way pair labels, with the always-neutral baseline."""
    confusion = {g: Counter() for g in PAIR_LABELS}
    for g, p in zip(gold_labels, pred_labels):
        confusion[g][p] += 1
    per = {}
    for lab in PAIR_LABELS:
        tp = confusion[lab][lab]
        fp = sum(confusion[g][lab] for g in PAIR_LABELS if g != lab)
        fn = sum(confusion[lab][p] for p in PAIR_LABELS if p != lab)
        per[lab] = PRF.of(tp, fp, fn)
    n = len(gold_labels) or 1
    micro = sum(confusion[lab][lab] for lab in PAIR_LABELS) / n
    macro = sum(per[lab].f1 for lab in PAIR_LABELS) / len(PAIR_LABELS)
    always = sum(1 for g in gold_labels if g == "neutral") / n
    return PairClassification(PAIR_LABELS, round(micro, 4), round(macro, 4), per,
                              {k: dict(v) for k, v in confusion.items()}, round(always, 4))


_FIVE_WAY_LABELS = frozenset("01234")


def choose_task(gold: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """The task a gold file is made for, and why: ``("pairs" | "extract", reason)``.

    Park et al. style gold labels each given entity pair with its five-way class
    (``raw_label`` 0-4, or ``dataset`` ``park2021``): classify those pairs. Any other
    gold is scored by extraction, including gold that lists pairs with no relation
    (``neu``) as hard negatives, as the demo gold does: a ``neu`` pair alone does not
    make a pair-classification gold.

    Examples
    --------
    >>> choose_task([{"polarity": "neu"}, {"polarity": "pos"}])[0]
    'extract'
    >>> choose_task([{"polarity": "neu", "raw_label": "0"}])
    ('pairs', 'chosen from the gold: pairs carry five-way labels (Park et al. style)')
    """
    if any(g.get("dataset") == "park2021" or str(g.get("raw_label", "")) in _FIVE_WAY_LABELS for g in gold):
        return "pairs", "chosen from the gold: pairs carry five-way labels (Park et al. style)"
    return "extract", "chosen from the gold: no five-way pair labels, so the pipeline's extraction is scored"
