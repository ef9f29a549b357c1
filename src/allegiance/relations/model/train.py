"""Train the relation model on a labelled corpus (``data/relations`` format) and save it.

:func:`train_relation_model` builds gold Docs from the corpus's train split
(:func:`~allegiance.relations.model.corpus_docs.gold_doc`), trains
``allegiance_relation_model`` with a fixed seed, keeps the epoch with the best dev F1
(relation + sign over the dev split's labelled pairs), fits the confidence temperature on
dev and writes a spaCy pipeline directory (``spacy.load(DIR)`` after importing
:mod:`allegiance.relations.model`). The test split is never read.

Examples
--------
>>> score_units({("d", 0, "A", "B", "+")}, {("d", 0, "A", "B", "+"), ("d", 1, "A", "C", "-")})
{'precision': 50.0, 'recall': 100.0, 'f1': 66.67, 'true_positives': 1, 'predicted': 2, 'gold': 1}
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy
import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from allegiance.errors import EmptyInputError
from allegiance.relations.corpus import load_corpus
from allegiance.nlp.model import load_model
from allegiance.relations.model.architecture import HEADS_KEY
from allegiance.relations.model.component import RelationModel, fit_temperature, set_gold
from allegiance.relations.model.corpus_docs import gold_doc

__all__ = ["TrainingResult", "gold_pair_units", "score_units", "train_relation_model"]

PIPE_NAME = "allegiance_relation_model"
#: What training sets in the component's model config unless ``config`` says otherwise: the dependency-path
#: pool (three seeds on corpus dev, 2026-12-03: mean F1 43.06 against 41.55, last epoch 41.08 against 39.53;
#: ``benchmarks/results/relation_model_dev.json``).
TRAINING_MODEL_DEFAULTS = {"dependency_path": True}
#: Component settings training sets unless ``config`` says otherwise: candidates for first-person pronouns
#: resolved to whoever speaks (training reads the gold mentions, which resolve them too; on corpus dev the
#: pipeline F1 moved 22.84 -> 22.79 at confidence 0.7 and 24.53 -> 24.68 at 0.6, candidate recall 62.7% -> 66.4%)
TRAINING_COMPONENT_DEFAULTS = {"first_person_mentions": True}


@dataclass
class TrainingResult:
    """What a training run produced and measured."""

    out: Path
    seed: int
    epochs: int
    best_epoch: int
    train_pairs: int
    dev_pairs: int
    dev: dict
    temperature: float
    train_seconds: float
    model_bytes: int
    losses: list[float] = field(default_factory=list)
    dev_f1_by_epoch: list[float] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready dict."""
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}


def score_units(gold: set, predicted: set) -> dict:
    """Micro precision, recall and F1 (percent) of ``predicted`` against ``gold`` units."""
    tp = len(gold & predicted)
    p = 100.0 * tp / len(predicted) if predicted else 0.0
    r = 100.0 * tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 2), "recall": round(r, 2), "f1": round(f, 2), "true_positives": tp,
            "predicted": len(predicted), "gold": len(gold)}


def gold_pair_units(finals: Iterable) -> set[tuple]:
    """``(doc_id, sentence index, actor, actor, sign)`` for every labelled relation of ``finals``."""
    out = set()
    for document, ann in finals:
        for pair in ann.pairs:
            for r in pair.relations:
                out.add((document.id, pair.sentence_index, *pair.actors, "+" if r.sign > 0 else "-"))
    return out


def _examples(finals, parser=None) -> tuple[list[Example], list[tuple]]:
    """Training examples and, for scoring, ``(doc_id, candidate sentence index per candidate)``.

    With a ``parser`` (a spaCy pipeline), each Doc gets the head of every token from a parse of its text
    (``HEADS_KEY``), when the parse has the same tokens."""
    examples, keys = [], []
    for document, ann in finals:
        doc, candidates, labels, sentences = gold_doc(document, ann)
        if not candidates:
            continue
        if parser is not None:
            parsed = parser(document.text)
            if [t.idx for t in parsed] == [t.idx for t in doc]:
                doc.user_data[HEADS_KEY] = [t.head.i for t in parsed]
        set_gold(doc, candidates, labels)
        examples.append(Example(doc, doc))
        keys.append((document.id, [(i, c.actors) for i, c in zip(sentences, candidates)]))
    return examples, keys


def _dev_probabilities(pipe: RelationModel, examples: list[Example]):
    docs = [eg.predicted for eg in examples]
    candidates = [eg.reference.user_data["allegiance_pair_gold"][0] for eg in examples]
    return pipe.raw_probabilities(docs, candidates) if docs else numpy.zeros((0, len(pipe.labels)))


def predicted_units(probs, keys, labels: tuple[str, ...]) -> set[tuple]:
    """Units ``(doc_id, sentence, actor, actor, sign)`` of the rows whose best label is not ``none``."""
    out, row = set(), 0
    for doc_id, cands in keys:
        for sentence, actors in cands:
            label = labels[int(probs[row].argmax())]
            row += 1
            if label != "none":
                out.add((doc_id, sentence, *actors, label))
    return out


def train_relation_model(corpus_dir: str | Path, out: str | Path, *, seed: int = 0, epochs: int = 20,
                         batch_size: int = 4, config: dict | None = None,
                         progress: Callable[[int, int, float], None] | None = None) -> TrainingResult:
    """Train on the train split, select the epoch and the temperature on dev, save to ``out``.

    Corpus records that cannot be read are left out and listed in ``TrainingResult.rejected``.

    Parameters
    ----------
    corpus_dir : path
        A corpus directory (``data/relations`` format).
    out : path
        Where the spaCy pipeline directory is written (created).
    seed : int
        Random seed: the same seed and corpus give the same model.
    epochs : int
        Passes over the training documents.
    batch_size : int
        Documents per update.
    config : dict, optional
        Overrides of the component config (e.g. ``{"model": {...}}``); the model part is merged over
        ``TRAINING_MODEL_DEFAULTS`` (``{"model": {"dependency_path": False}}`` trains without the parse).
    progress : callable, optional
        Called ``progress(epoch, epochs, dev_f1)`` after each epoch.
    """
    fix_random_seed(seed)
    corpus = load_corpus(corpus_dir)
    train_finals, dev_finals = list(corpus.finals("train")), list(corpus.finals("dev"))
    config = {**TRAINING_COMPONENT_DEFAULTS, **(config or {}),
              "model": {**TRAINING_MODEL_DEFAULTS, **(config or {}).get("model", {})}}
    parser = load_model(disable=["ner", "lemmatizer"]) if config["model"].get("dependency_path") else None
    train_examples, train_keys = _examples(train_finals, parser)
    dev_examples, dev_keys = _examples(dev_finals, parser)
    if not train_examples:
        raise EmptyInputError(f"{corpus_dir}: no annotated training document with candidate pairs; "
                              "label some documents of the train split first")
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe(PIPE_NAME, config=config)
    started = time.perf_counter()
    optimizer = nlp.initialize(lambda: train_examples)
    gold = gold_pair_units(dev_finals)
    best = (-1.0, 0, pipe.model.to_bytes())
    rng, losses, curve = random.Random(seed), [], []
    for epoch in range(1, epochs + 1):
        order = list(train_examples)
        rng.shuffle(order)
        epoch_loss: dict[str, float] = {}
        for batch in minibatch(order, size=batch_size):
            pipe.update(list(batch), sgd=optimizer, losses=epoch_loss)
        losses.append(round(epoch_loss.get(PIPE_NAME, 0.0), 4))
        f1 = score_units(gold, predicted_units(_dev_probabilities(pipe, dev_examples), dev_keys, pipe.labels))["f1"] \
            if dev_examples else 0.0
        curve.append(f1)
        if f1 > best[0] or not dev_examples:
            best = (f1, epoch, pipe.model.to_bytes())
        if progress is not None:
            progress(epoch, epochs, f1)
    pipe.model.from_bytes(best[2])
    probs = _dev_probabilities(pipe, dev_examples)
    if len(probs):
        dev_labels = [pipe.labels.index(label) for eg in dev_examples
                      for label in eg.reference.user_data["allegiance_pair_gold"][1]]
        pipe.cfg["temperature"] = fit_temperature(probs, dev_labels)
    train_seconds = time.perf_counter() - started
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    dev = score_units(gold, predicted_units(probs, dev_keys, pipe.labels)) if len(probs) else {}
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    result = TrainingResult(out, seed, epochs, best[1], sum(len(k[1]) for k in train_keys),
                            sum(len(k[1]) for k in dev_keys), dev, pipe.temperature, round(train_seconds, 2),
                            size, losses, curve, [str(p) for p in corpus.problems])
    (out / "training.json").write_text(json.dumps(result.to_dict(), indent=1) + "\n", encoding="utf-8")
    return result
