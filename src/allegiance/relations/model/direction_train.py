"""Fit the direction head of a transformer pair classifier on the labelled corpus (issue 15).

The pair classifier says whether two actors stand with or against each other; the corpus also says which
of them acts on the other (``directed``, ``source``). The direction head
(:class:`~allegiance.relations.model.transformer_pairs.DirectionHead`) reads that from the classifier's
pooled vector (its head's input: both actors' vectors at their markers, ``[CLS]``'s and the rule features),
so it costs one small matrix product per candidate and no second encoder run.

It is a multinomial logistic regression with an L2 penalty over :data:`DIRECTIONS`, fitted by L-BFGS on
the train split's relations (deterministic: no sampling), on standardised vectors whose scaling is folded
into the weights. Its threshold is chosen on dev: the lowest probability at which at most
``max_reversed`` of the dev relations it directs, among those the gold directs, face the wrong way (a
direction that is wrong costs the relation in a directed score, where an undirected relation matches either
way round).

Fitting needs only numpy and scipy; exposing the pooled output of a model exported without it
(:func:`expose_pooled_output`) needs the ``onnx`` package (``pip install -e ".[train]"``).

Examples
--------
>>> x = numpy.array([[2.0], [1.5], [-2.0], [-1.5], [0.0], [0.1]])
>>> head = fit_direction_head(x, [0, 0, 1, 1, 2, 2], alpha=1e-3)
>>> head.decide(numpy.array([[3.0], [-3.0]]))
['forward', 'backward']
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy
from scipy.optimize import minimize

from allegiance.errors import ConfigError, EmptyInputError, ModelNotFoundError
from allegiance.relations.corpus import CandidatePair, load_corpus
from allegiance.relations.model import model_folder
from allegiance.relations.model.corpus_docs import gold_doc
from allegiance.relations.model.transformer_component import TRANSFORMER_RELATION_MODEL
from allegiance.relations.model.transformer_pairs import (DIRECTION_FILE, DIRECTIONS, MODEL_FILES, POOLED_OUTPUT,
                                                          DirectionHead, EncodedPairs, OnnxPairClassifier,
                                                          cpu_session, encode_pairs, run_encoded)

__all__ = ["add_direction_head", "choose_direction_threshold", "direction_pairs", "expose_pooled_output",
           "fit_direction_head", "pair_direction"]

#: L2 penalty of the fit (on the mean loss, standardised vectors): chosen on dev with the shipped weights
DIRECTION_ALPHA = 0.02
#: the share of directed dev relations a decided direction may get the wrong way round
MAX_REVERSED = 0.03


def pair_direction(pair: CandidatePair) -> str | None:
    """The direction label of a labelled pair (its first relation), relative to ``pair.actors``; None for a
    pair without relation.

    Examples
    --------
    >>> from allegiance.relations.corpus import RelationLabel, Sentence
    >>> r = RelationLabel("B", "A", -1, "criticise", "current", True)
    >>> pair_direction(CandidatePair("d", Sentence(0, 9), 0, ("A", "B"), (r,)))
    'backward'
    """
    if not pair.relations:
        return None
    relation = pair.relations[0]
    if not relation.directed:
        return "undirected"
    return "forward" if relation.source == pair.actors[0] else "backward"


def direction_pairs(finals, tokenizer, max_length: int) -> tuple[EncodedPairs, list[int]]:
    """The encoded gold candidates of ``finals`` that hold a relation, and their direction label indices."""
    docs, candidates, labels = [], [], []
    for document, ann in finals:
        doc, doc_candidates, _, sentences = gold_doc(document, ann)
        by_key = {(pair.sentence_index, pair.actors): pair for pair in ann.pairs}
        kept = []
        for candidate, sentence in zip(doc_candidates, sentences):
            direction = pair_direction(by_key[(sentence, candidate.actors)])
            if direction is not None:
                kept.append(candidate)
                labels.append(DIRECTIONS.index(direction))
        if kept:
            docs.append(doc)
            candidates.append(kept)
    return encode_pairs(tokenizer, docs, candidates, max_length=max_length), labels


def _loss(flat: numpy.ndarray, x: numpy.ndarray, onehot: numpy.ndarray, alpha: float):
    width = x.shape[1]
    weights, bias = flat[:width * 3].reshape(width, 3), flat[width * 3:]
    logits = x @ weights + bias
    logits -= logits.max(axis=1, keepdims=True)
    log_p = logits - numpy.log(numpy.exp(logits).sum(axis=1, keepdims=True))
    n = len(x)
    loss = -(onehot * log_p).sum() / n + 0.5 * alpha * float((weights ** 2).sum())
    grad_logits = (numpy.exp(log_p) - onehot) / n
    grad = numpy.concatenate([(x.T @ grad_logits + alpha * weights).ravel(), grad_logits.sum(axis=0)])
    return loss, grad


def fit_direction_head(x: numpy.ndarray, labels: Sequence[int], *, alpha: float = DIRECTION_ALPHA,
                       threshold: float = 0.9, max_iterations: int = 500) -> DirectionHead:
    """A :class:`DirectionHead` fitted on pooled vectors ``x`` and their :data:`DIRECTIONS` label indices."""
    x = numpy.asarray(x, dtype=numpy.float64)
    y = numpy.asarray(labels, dtype=int)
    if not len(x) or len(x) != len(y):
        raise EmptyInputError("no labelled relation to fit a direction head on",
                              hint="the corpus's train split needs relations with a direction")
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    onehot = numpy.eye(len(DIRECTIONS))[y]
    start = numpy.zeros(z.shape[1] * 3 + 3)
    fitted = minimize(_loss, start, args=(z, onehot, alpha), jac=True, method="L-BFGS-B",
                      options={"maxiter": max_iterations})
    weights, bias = fitted.x[:z.shape[1] * 3].reshape(z.shape[1], 3), fitted.x[z.shape[1] * 3:]
    folded = weights / scale[:, None]  # (x - mean) / scale @ W + b == x @ (W / scale) + (b - mean / scale @ W)
    return DirectionHead(folded, bias - (mean / scale) @ weights, threshold=threshold,
                         info={"alpha": alpha, "fitted_on_pairs": int(len(x))})


def choose_direction_threshold(probabilities: numpy.ndarray, labels: Sequence[int], *,
                               max_reversed: float = MAX_REVERSED) -> tuple[float, list[dict]]:
    """The lowest threshold (0.50-0.99) at which at most ``max_reversed`` of the decided directions of
    gold-directed pairs are the wrong way round (1.0, never deciding, when none is), and the sweep.

    Examples
    --------
    >>> p = numpy.array([[0.95, 0.05, 0.0], [0.6, 0.4, 0.0], [0.2, 0.8, 0.0]])
    >>> choose_direction_threshold(p, [0, 1, 1])[0]
    0.61
    """
    y = numpy.asarray(labels, dtype=int)
    best, confidence = probabilities.argmax(axis=1), probabilities.max(axis=1)
    sweep, chosen = [], 1.0
    for threshold in numpy.round(numpy.arange(0.5, 1.0, 0.01), 2):
        decided = (best < 2) & (confidence >= threshold)
        gold_directed = decided & (y < 2)
        right, reversed_ = int((best[gold_directed] == y[gold_directed]).sum()), int(
            (best[gold_directed] != y[gold_directed]).sum())
        share = reversed_ / max(1, right + reversed_)
        sweep.append({"threshold": float(threshold), "decided": int(decided.sum()), "right": right,
                      "reversed": reversed_, "gold_undirected": int((decided & (y == 2)).sum())})
        if chosen == 1.0 and share <= max_reversed and right + reversed_ > 0:
            chosen = float(threshold)
    return chosen, sweep


def _pooled_node_output(graph) -> str:
    """The tensor the classifier's head reads: the Concat that takes the ``features`` input."""
    for node in graph.node:
        if node.op_type == "Concat" and "features" in node.input:
            return node.output[0]
    raise ConfigError("no pooled vector in this model graph (no Concat of the rule features)")


def expose_pooled_output(model_file: str | Path) -> bool:
    """Add the :data:`POOLED_OUTPUT` output to an ONNX pair classifier exported without it, in place; False
    when it already has one. Needs the ``onnx`` package (train extra)."""
    if POOLED_OUTPUT in {output.name for output in cpu_session(model_file).get_outputs()}:
        return False
    try:
        import onnx  # the train extra; at run time the graph is only read by ONNX Runtime
    except ImportError as exc:
        raise ModelNotFoundError(f"{model_file} has no {POOLED_OUTPUT!r} output and adding one needs onnx",
                                 hint='pip install -e ".[train]"') from exc
    model = onnx.load(str(model_file))
    source = _pooled_node_output(model.graph)
    model.graph.node.append(onnx.helper.make_node("Identity", [source], [POOLED_OUTPUT], name="pooled_output"))
    model.graph.output.append(onnx.helper.make_tensor_value_info(POOLED_OUTPUT, onnx.TensorProto.FLOAT,
                                                                 ["batch", "width"]))
    onnx.save(model, str(model_file))
    return True


def _weights_folder(model_dir: Path) -> Path:
    """The folder holding the transformer's weights: ``model_dir`` itself, or its transformer component's."""
    for folder in (model_dir, model_dir / TRANSFORMER_RELATION_MODEL):
        if any((folder / name).is_file() for name in MODEL_FILES.values()):
            return folder
    raise ConfigError(f"{model_dir} holds no transformer pair classifier",
                      hint="give a folder written by allegiance train --family transformer")


def _pooled(classifier: OnnxPairClassifier, encoded: EncodedPairs) -> numpy.ndarray:
    return run_encoded(classifier.session, encoded, classifier.rows_per_run, len(classifier.labels),
                       pooled=True)[1]


def add_direction_head(model_dir: str | Path, corpus_dir: str | Path, *, alpha: float = DIRECTION_ALPHA,
                       max_reversed: float = MAX_REVERSED) -> DirectionHead:
    """Fit a direction head for the transformer pair classifier in ``model_dir`` (a raw training folder, a
    relation-model pipeline, or ``"shipped"``) on ``corpus_dir``'s train split, choose its threshold on dev,
    and write it as ``direction.json`` beside the weights (exposing the graphs' pooled output when needed).

    The vectors are the int8 graph's when there is one (what runs by default), else the fp32 graph's.
    """
    folder = _weights_folder(model_folder(model_dir))
    present = [variant for variant in ("int8", "fp32") if (folder / MODEL_FILES[variant]).is_file()]
    for variant in present:
        expose_pooled_output(folder / MODEL_FILES[variant])
    # an old head is left unread (it may be the broken one being replaced) and kept until the new one is written
    classifier = OnnxPairClassifier(folder, variant=present[0], direction=False)
    corpus = load_corpus(corpus_dir)
    max_length = int(classifier.meta["max_length"])
    train, train_labels = direction_pairs(list(corpus.finals("train")), classifier.tokenizer, max_length)
    dev, dev_labels = direction_pairs(list(corpus.finals("dev")), classifier.tokenizer, max_length)
    head = fit_direction_head(_pooled(classifier, train), train_labels, alpha=alpha)
    threshold, sweep = (choose_direction_threshold(head.probabilities(_pooled(classifier, dev)), dev_labels,
                                                   max_reversed=max_reversed) if len(dev) else (1.0, []))
    head.threshold = threshold
    chosen = next((row for row in sweep if row["threshold"] == threshold), {})
    head.info.update({"fitted_variant": present[0], "split": "train", "threshold_split": "dev",
                      "max_reversed": max_reversed, "dev_pairs": len(dev), "dev_at_threshold": chosen})
    (folder / DIRECTION_FILE).write_text(json.dumps(head.to_dict()) + "\n", encoding="utf-8")
    return head
