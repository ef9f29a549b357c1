"""Relation model family (b): a fine-tuned transformer pair classifier, run through ONNX Runtime (issue 15).

The same candidates and labels as the spaCy CNN (:mod:`~allegiance.relations.model.candidates`,
:data:`~allegiance.relations.model.corpus_docs.LABELS`), read differently: the sentence of a
candidate is written out with its two actors' mentions marked (``@ France @`` for the first
actor, ``# Britain #`` for the second: typed entity markers made of punctuation the base
vocabulary already has), tokenized with the base checkpoint's WordPiece tokenizer, and the
encoder's vectors at the two first markers, at ``[CLS]``, and the rule features of the CNN
(:func:`~allegiance.relations.model.architecture.pair_groups`) go through one linear layer to
``none``/``+``/``-``. Confidence is calibrated by a temperature fitted on dev.

This module needs only ``onnxruntime`` and ``tokenizers`` (the ``onnx`` extra); training
(:mod:`~allegiance.relations.model.transformer_train`) needs ``torch`` and ``transformers``.
A model directory holds ``model.onnx`` and/or ``model.int8.onnx``, ``tokenizer.json`` and
``meta.json`` (labels, temperatures, maximum length, base weights and their licence). A model whose graph also
outputs ``pooled`` (the head's input) may carry a direction head, ``direction.json`` (:class:`DirectionHead`):
which actor of a related pair acts on the other.

Examples
--------
>>> import spacy
>>> from allegiance.relations.model.candidates import PairCandidate
>>> doc = spacy.blank("en")("France backed Britain.")
>>> marked_text(doc, PairCandidate((0, 4), ("FRA", "GBR"), ((0, 1),), ((2, 3),)))
('@ France @ backed # Britain #.', 0, 18)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy
import onnxruntime
from spacy.tokens import Doc
from tokenizers import Tokenizer

from allegiance.errors import ConfigError
from allegiance.relations.model.architecture import N_EXTRA_FEATURES, pair_groups
from allegiance.relations.model.candidates import PairCandidate
from allegiance.relations.model.component import calibrate
from allegiance.relations.quotes import quote_regions

__all__ = ["DIRECTIONS", "DIRECTION_FILE", "MARKERS", "DirectionHead", "EncodedPairs", "OnnxPairClassifier",
           "cpu_session", "encode_pairs", "marked_text", "pair_window", "run_encoded", "softmax"]

#: (opening, closing) marker of the first and of the second actor of a pair
MARKERS = (("@", "@"), ("#", "#"))
INPUT_NAMES = ("input_ids", "attention_mask", "marker_index", "features")
MODEL_FILES = {"fp32": "model.onnx", "int8": "model.int8.onnx"}
#: the output holding the head's input: both actors' vectors, [CLS]'s and the rule features
POOLED_OUTPUT = "pooled"
#: the direction head's labels, relative to the candidate's actor order (``actors[0]`` acts on ``actors[1]``,
#: the reverse, or a symmetric relation)
DIRECTIONS = ("forward", "backward", "undirected")
DIRECTION_FILE = "direction.json"
DIRECTION_HINT = "fit it again: allegiance fit-direction --corpus CORPUS --model MODEL"


def _inserts(doc: Doc, spans: Sequence[Sequence[tuple[int, int]]], lo: int, hi: int) -> list[tuple]:
    """(char position, order, marker text, actor) of every marker inside ``[lo, hi)`` tokens."""
    out = []
    for actor, actor_spans in enumerate(spans):
        opening, closing = MARKERS[actor]
        for start, end in actor_spans:
            if lo <= start and end <= hi:
                # at one position: closing markers first (b's before a's), then opening ones (a's before b's)
                out.append((doc[start].idx, 2 + actor, opening + " ", actor))
                out.append((doc[end - 1].idx + len(doc[end - 1].text), 1 - actor, " " + closing, None))
    return sorted(out, key=lambda t: (t[0], t[1]))


def marked_text(doc: Doc, candidate: PairCandidate) -> tuple[str, int, int]:
    """The candidate's sentence with both actors' mentions marked, and each actor's first marker position.

    A mention outside the sentence (the speaker of a quote pair) is put in front of it, marked,
    followed by `` : ``.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Labour said: Russia is the aggressor.")
    >>> marked_text(doc, PairCandidate((3, 8), ("GBR-LAB", "RUS"), ((0, 1),), ((3, 4),), "quote"))
    ('@ Labour @ : # Russia # is the aggressor.', 0, 13)
    >>> both = spacy.blank("en")("Russia criticised both countries.")
    >>> marked_text(both, PairCandidate((0, 5), ("FRA", "GBR"), ((2, 4),), ((2, 4),), "reference"))
    ('Russia criticised @ # both countries # @.', 18, 20)
    """
    s_start, s_end = candidate.sentence
    spans = (candidate.spans_a, candidate.spans_b)
    prefix, first = "", [-1, -1]
    for actor, actor_spans in enumerate(spans):
        if not any(s_start <= a and b <= s_end for a, b in actor_spans) and actor_spans:
            a, b = actor_spans[0]
            opening, closing = MARKERS[actor]
            first[actor] = len(prefix)
            prefix += f"{opening} {doc[a:b].text} {closing} : "
    # the sentence's own text (spaCy joins a Doc's or Span's tokens at each access: the sentence, not the Doc)
    base = doc[s_start].idx if s_start < len(doc) else len(doc.text)
    sentence = doc[s_start:s_end].text if s_end > s_start else ""
    end = base + len(sentence)
    pieces, cursor = [prefix], base
    length = len(prefix)
    for pos, _, marker, actor in _inserts(doc, spans, s_start, s_end):
        pieces.append(sentence[cursor - base:pos - base])
        length += pos - cursor
        cursor = pos
        if actor is not None and first[actor] < 0:
            first[actor] = length
        pieces.append(marker)
        length += len(marker)
    pieces.append(sentence[cursor - base:end - base])
    return "".join(pieces), max(first[0], 0), max(first[1], 0)


def pair_window(ids: Sequence[int], a: int, b: int, max_length: int, cls_id: int, sep_id: int,
                ) -> tuple[list[int], int, int]:
    """``[CLS] ids [SEP]`` cut to ``max_length`` tokens keeping both positions ``a`` and ``b`` (indices into ``ids``).

    When the two positions are too far apart for one window, the result is two half windows,
    one around each, joined by ``[SEP]``. Returns the token ids and the new positions.

    Examples
    --------
    >>> pair_window([10, 11, 12], 0, 2, 8, 1, 2)
    ([1, 10, 11, 12, 2], 1, 3)
    >>> pair_window(list(range(10, 30)), 2, 5, 6, 1, 2)
    ([1, 12, 13, 14, 15, 2], 1, 4)
    >>> pair_window(list(range(10, 30)), 1, 18, 7, 1, 2)
    ([1, 10, 11, 2, 27, 28, 2], 2, 5)
    """
    room = max_length - 2
    if len(ids) <= room:
        return [cls_id, *ids, sep_id], a + 1, b + 1
    lo, hi = min(a, b), max(a, b)
    if hi - lo < room:
        start = min(max(0, lo - (room - (hi - lo + 1)) // 2), len(ids) - room)
        return [cls_id, *ids[start:start + room], sep_id], a - start + 1, b - start + 1
    half = (room - 1) // 2
    lo_start = min(max(0, lo - half // 2), len(ids) - half)
    hi_start = min(max(0, hi - half // 2), len(ids) - half)
    out = [cls_id, *ids[lo_start:lo_start + half], sep_id, *ids[hi_start:hi_start + half], sep_id]
    lo_new, hi_new = lo - lo_start + 1, hi - hi_start + half + 2
    return out, (lo_new if a <= b else hi_new), (hi_new if a <= b else lo_new)


class EncodedPairs:
    """Token ids (unpadded), first-marker positions and rule features of a list of candidates."""

    def __init__(self, ids: list[list[int]], markers: list[tuple[int, int]], features: numpy.ndarray):
        self.ids, self.markers, self.features = ids, markers, features

    def __len__(self) -> int:
        return len(self.ids)

    def concatenate(self, other: "EncodedPairs") -> "EncodedPairs":
        """These pairs followed by ``other``'s."""
        return EncodedPairs(self.ids + other.ids, self.markers + other.markers,
                            numpy.concatenate([self.features, other.features]).reshape(-1, N_EXTRA_FEATURES))

    def batch(self, rows: Sequence[int], pad_id: int = 0) -> dict[str, numpy.ndarray]:
        """The model inputs of ``rows``, padded to their longest."""
        width = max(len(self.ids[r]) for r in rows)
        input_ids = numpy.full((len(rows), width), pad_id, dtype=numpy.int64)
        mask = numpy.zeros((len(rows), width), dtype=numpy.int64)
        for i, r in enumerate(rows):
            input_ids[i, :len(self.ids[r])] = self.ids[r]
            mask[i, :len(self.ids[r])] = 1
        return {"input_ids": input_ids, "attention_mask": mask,
                "marker_index": numpy.asarray([self.markers[r] for r in rows], dtype=numpy.int64),
                "features": self.features[list(rows)].astype(numpy.float32)}


def encode_pairs(tokenizer: Tokenizer, docs: Sequence[Doc], candidates: Sequence[Sequence[PairCandidate]], *,
                 max_length: int = 96) -> EncodedPairs:
    """Mark, tokenize and cut every candidate of ``docs`` (all Docs' candidates in order).

    ``tokenizer`` is a WordPiece :class:`tokenizers.Tokenizer` whose post-processor adds
    ``[CLS]``/``[SEP]``; its own truncation and padding are turned off here.
    """
    tokenizer.no_truncation()
    tokenizer.no_padding()
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    texts, firsts, features = [], [], []
    for doc, doc_candidates in zip(docs, candidates):
        regions = quote_regions(doc) if doc_candidates else []
        for candidate in doc_candidates:
            text, a, b = marked_text(doc, candidate)
            texts.append(text)
            firsts.append((a, b))
            features.append(pair_groups(doc, candidate, regions)[1])
    ids, markers = [], []
    for encoding, (a, b) in zip(tokenizer.encode_batch(texts, add_special_tokens=False) if texts else [], firsts):
        ta, tb = encoding.char_to_token(a), encoding.char_to_token(b)
        window, pa, pb = pair_window(encoding.ids, ta or 0, tb or 0, max_length, cls_id, sep_id)
        ids.append(window)
        markers.append((pa, pb))
    array = numpy.asarray(features, dtype=numpy.float32).reshape(len(texts), N_EXTRA_FEATURES)
    return EncodedPairs(ids, markers, array)


def softmax(logits: numpy.ndarray) -> numpy.ndarray:
    """Row-wise softmax.

    Examples
    --------
    >>> softmax(numpy.array([[0.0, 0.0]])).tolist()
    [[0.5, 0.5]]
    """
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = numpy.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def cpu_session(model_file: str | Path, *, threads: int = 1) -> onnxruntime.InferenceSession:
    """An ONNX Runtime session of ``model_file`` on the CPU with ``threads`` intra-op threads and one inter-op."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])


def run_encoded(session: onnxruntime.InferenceSession, encoded: EncodedPairs, rows_per_run: int,
                n_labels: int, *, pooled: bool = False) -> numpy.ndarray | tuple[numpy.ndarray, numpy.ndarray]:
    """Raw logits of already encoded pairs, in their order: ``rows_per_run`` pairs of similar length per run
    (sorted by length, so padding stays small). With ``pooled``, also the :data:`POOLED_OUTPUT` rows of the
    same runs (the graph must have that output)."""
    out = numpy.zeros((len(encoded), n_labels), dtype=numpy.float32)
    names = ["logits", POOLED_OUTPUT] if pooled else ["logits"]
    vectors: numpy.ndarray | None = None
    order = sorted(range(len(encoded)), key=lambda r: len(encoded.ids[r]))
    for i in range(0, len(order), rows_per_run):
        rows = order[i:i + rows_per_run]
        results = session.run(names, encoded.batch(rows))
        out[rows] = results[0]
        if pooled:
            if vectors is None:
                vectors = numpy.zeros((len(encoded), results[1].shape[1]), dtype=numpy.float32)
            vectors[rows] = results[1]
    if not pooled:
        return out
    return out, (vectors if vectors is not None else numpy.zeros((0, 0), dtype=numpy.float32))


class DirectionHead:
    """Which actor of a related pair acts on the other: a linear softmax over the pair classifier's pooled
    vector (its head's input), fitted on the corpus's directed and undirected relations.

    ``weights`` is (pooled width, 3) and ``bias`` (3,), over :data:`DIRECTIONS`. A pair's direction is
    decided only when ``forward`` or ``backward`` is the most probable label with at least ``threshold``
    (chosen on dev so that few decided directions are the wrong way round); otherwise it stays undirected.

    Examples
    --------
    >>> head = DirectionHead(numpy.array([[4.0, -4.0, 0.0]]), numpy.zeros(3), threshold=0.9)
    >>> head.decide(numpy.array([[1.0], [-1.0], [0.1]]))
    ['forward', 'backward', None]
    >>> DirectionHead.from_dict(head.to_dict()).threshold
    0.9
    """

    def __init__(self, weights, bias, *, threshold: float = 0.9, info: dict | None = None):
        self.weights = numpy.asarray(weights, dtype=numpy.float32)
        self.bias = numpy.asarray(bias, dtype=numpy.float32).reshape(len(DIRECTIONS))
        if self.weights.ndim != 2 or self.weights.shape[1] != len(DIRECTIONS):
            raise ConfigError(f"a direction head needs weights of shape (width, {len(DIRECTIONS)}), "
                              f"not {self.weights.shape}")
        self.threshold = float(threshold)
        self.info = dict(info or {})

    def probabilities(self, pooled: numpy.ndarray) -> numpy.ndarray:
        """Rows of :data:`DIRECTIONS` probabilities, one per pooled vector."""
        if not len(pooled):
            return numpy.zeros((0, len(DIRECTIONS)), dtype=numpy.float32)
        if pooled.shape[1:] != self.weights.shape[:1]:
            raise ConfigError(f"the direction head reads vectors of width {self.weights.shape[0]}, "
                              f"the model gives {pooled.shape[1:]}")
        return softmax(pooled @ self.weights + self.bias)

    def decide(self, pooled: numpy.ndarray) -> list[str | None]:
        """``forward``/``backward`` where one wins with at least :attr:`threshold`, else None (undirected)."""
        out: list[str | None] = []
        for row in self.probabilities(pooled):
            best = int(row.argmax())
            out.append(DIRECTIONS[best] if best < 2 and row[best] >= self.threshold else None)
        return out

    def to_dict(self) -> dict:
        """JSON-ready: labels, weights, bias, threshold and what it was fitted on."""
        return {"labels": list(DIRECTIONS), "weights": self.weights.round(6).tolist(),
                "bias": self.bias.round(6).tolist(), "threshold": self.threshold, **self.info}

    @classmethod
    def from_dict(cls, data: dict) -> "DirectionHead":
        """The head :meth:`to_dict` wrote."""
        if list(data.get("labels", [])) != list(DIRECTIONS):
            raise ConfigError(f"a direction head's labels must be {list(DIRECTIONS)}")
        info = {k: v for k, v in data.items() if k not in ("labels", "weights", "bias", "threshold")}
        return cls(data["weights"], data["bias"], threshold=data.get("threshold", 0.9), info=info)

    @classmethod
    def read(cls, path: str | Path) -> "DirectionHead":
        """The head in the JSON file ``path``; one that cannot be read is a :class:`ConfigError`."""
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"cannot read the direction head {path} ({exc})",
                              hint=DIRECTION_HINT) from exc


class OnnxPairClassifier:
    """A trained pair classifier on ONNX Runtime: ``probabilities(docs, candidates)`` like the spaCy component.

    Parameters
    ----------
    path : path
        A model directory (``model.onnx``/``model.int8.onnx``, ``tokenizer.json``, ``meta.json``).
    variant : {"int8", "fp32"}
        Which weights to run.
    threads : int
        ONNX Runtime intra-op threads (1: one core, as one extraction worker).
    batch_size : int
        Candidates per run (sorted by length, so padding stays small) with fp32 weights. int8 weights
        run one candidate per run (:attr:`rows_per_run`).
    direction : bool
        Read the direction head beside the weights, if any (False: leave it unread, as when fitting a new one).
    """

    def __init__(self, path: str | Path, *, variant: str = "int8", threads: int = 1, batch_size: int = 32,
                 direction: bool = True):
        path = Path(path)
        if variant not in MODEL_FILES:
            raise ConfigError(f"unknown model variant {variant!r}", hint=f"use one of {sorted(MODEL_FILES)}")
        model_file = path / MODEL_FILES[variant]
        if not (path / "meta.json").is_file() or not model_file.is_file():
            raise ConfigError("not a transformer pair-classifier directory", path=str(path),
                              hint=f"it needs meta.json and {MODEL_FILES[variant]}; train one first")
        self.meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        self.variant, self.batch_size = variant, batch_size
        self.session = cpu_session(model_file, threads=threads)
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.size_bytes = model_file.stat().st_size + (path / "tokenizer.json").stat().st_size
        #: the direction head (``direction.json`` beside a graph with the pooled output), or None
        self.direction = DirectionHead.read(path / DIRECTION_FILE) \
            if direction and (path / DIRECTION_FILE).is_file() else None
        if self.direction is not None and POOLED_OUTPUT not in {o.name for o in self.session.get_outputs()}:
            raise ConfigError(f"{path / DIRECTION_FILE} needs a model graph with the {POOLED_OUTPUT!r} output; "
                              f"{model_file.name} has none", hint=DIRECTION_HINT)

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels, ``none`` first."""
        return tuple(self.meta["labels"])

    @property
    def temperature(self) -> float:
        """The calibration temperature of this variant (fitted on dev)."""
        return float(self.meta.get("temperature", {}).get(self.variant, 1.0))

    def logits(self, docs: Sequence[Doc], candidates: Sequence[Sequence[PairCandidate]]) -> numpy.ndarray:
        """Raw logits, one row per candidate (all Docs' candidates in order)."""
        encoded = encode_pairs(self.tokenizer, docs, candidates, max_length=int(self.meta["max_length"]))
        return self.run(encoded)

    @property
    def rows_per_run(self) -> int:
        """Candidates per encoder run: ``batch_size`` with fp32 weights, 1 with int8.

        Dynamic int8 quantization scales each run's activations by their range over
        the whole batch, so in a batch a pair's score would depend on the pairs beside
        it (measured on 250 candidates of 40 BBC articles: up to 0.18 apart, 7 on the
        other side of the merge threshold), and a document's relations on what it was
        batched with. fp32 gives the same scores whatever the batch; int8 one pair at
        a time costs about 6% more time on these short inputs.
        """
        return 1 if self.variant == "int8" else max(1, int(self.batch_size))

    def run(self, encoded: EncodedPairs) -> numpy.ndarray:
        """Raw logits of already encoded pairs (:attr:`rows_per_run` at a time)."""
        return run_encoded(self.session, encoded, self.rows_per_run, len(self.labels))

    def scores(self, docs: Sequence[Doc], candidates: Sequence[Sequence[PairCandidate]],
               ) -> tuple[numpy.ndarray, list[str | None] | None]:
        """Calibrated label probabilities, one row per candidate, and from the same encoder runs each
        candidate's direction (:meth:`DirectionHead.decide`; None for all when the model has no head)."""
        encoded = encode_pairs(self.tokenizer, docs, candidates, max_length=int(self.meta["max_length"]))
        if self.direction is None:
            return calibrate(softmax(self.run(encoded)), self.temperature), None
        logits, pooled = run_encoded(self.session, encoded, self.rows_per_run, len(self.labels), pooled=True)
        return calibrate(softmax(logits), self.temperature), self.direction.decide(pooled)

    def raw_probabilities(self, docs: Sequence[Doc], candidates: Sequence[Sequence[PairCandidate]]):
        """Uncalibrated label probabilities (softmax of :meth:`logits`)."""
        return softmax(self.logits(docs, candidates))

    def probabilities(self, docs: Sequence[Doc], candidates: Sequence[Sequence[PairCandidate]]):
        """Calibrated label probabilities (at this variant's temperature)."""
        return calibrate(self.raw_probabilities(docs, candidates), self.temperature)
