"""The thinc network of the relation model: tok2vec -> pooled pair representation -> softmax.

``allegiance.RelationPairClassifier.v1`` takes ``(docs, candidates)`` (one list of
:class:`~allegiance.relations.model.candidates.PairCandidate` per Doc) and returns one row of
label probabilities per candidate. A candidate is represented by the mean token vectors of
the mentions of its first actor, of its second actor, of the tokens between the two
(the sentence when they touch) and of its sentence, plus its route (sentence, reference,
quote), whether each end is inside a quotation, the distance between the ends, and what the
rules know (:mod:`~allegiance.relations.model.lexical`): positive and negative trigger words
between the ends and in the sentence, a negation and a question mark in the sentence.

Examples
--------
>>> import spacy
>>> from allegiance.relations.model.candidates import PairCandidate
>>> model = build_pair_classifier(_tiny_tok2vec(), hidden_width=8, n_labels=3)
>>> doc = spacy.blank("en")("France backed Britain .")
>>> candidate = PairCandidate((0, 4), ("FRA", "GBR"), ((0, 1),), ((2, 3),))
>>> _ = model.initialize(X=([doc], [[candidate]]))
>>> model.predict(([doc], [[candidate]])).shape
(1, 3)
"""

from __future__ import annotations

from typing import Sequence

import numpy
from spacy.ml.models import build_hash_embed_cnn_tok2vec
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, Softmax, chain
from thinc.types import Floats2d

from allegiance.relations.model.candidates import ROUTES, PairCandidate
from allegiance.relations.model.lexical import NEGATIONS, trigger_sign
from allegiance.relations.quotes import quote_regions

__all__ = ["HEADS_KEY", "N_EXTRA_FEATURES", "build_pair_classifier", "dependency_heads", "dependency_path",
           "pair_groups"]

N_EXTRA_FEATURES = len(ROUTES) + 3 + 6
_POOLS = 4  # actor a, actor b, between, sentence (and the dependency path when asked)

PairInput = tuple[Sequence[Doc], Sequence[Sequence[PairCandidate]]]
#: ``doc.user_data`` key of a token head list given from a parse of the same tokens (training Docs are only
#: tokenized; :func:`dependency_heads` reads it before the Doc's own parse).
HEADS_KEY = "allegiance_dependency_heads"


def _tiny_tok2vec() -> Model:
    return build_hash_embed_cnn_tok2vec(width=8, depth=1, embed_size=50, window_size=1, maxout_pieces=2,
                                        subword_features=False, pretrained_vectors=None)


def _tokens(spans: Sequence[tuple[int, int]]) -> list[int]:
    return sorted({i for a, b in spans for i in range(a, b)})


def dependency_heads(doc: Doc) -> list[int] | None:
    """The head index of every token: from ``doc.user_data[HEADS_KEY]``, else the Doc's parse, else None."""
    heads = doc.user_data.get(HEADS_KEY)
    if heads is not None and len(heads) == len(doc):
        return list(heads)
    if doc.has_annotation("DEP"):
        return [t.head.i for t in doc]
    return None


def _root(heads: Sequence[int], group: Sequence[int]) -> int:
    inside = set(group)
    return next((i for i in group if heads[i] not in inside or heads[i] == i), group[0])


def _ancestors(heads: Sequence[int], i: int) -> list[int]:
    out = [i]
    while heads[out[-1]] != out[-1] and heads[out[-1]] not in out:
        out.append(heads[out[-1]])
    return out


def dependency_path(heads: Sequence[int], a: Sequence[int], b: Sequence[int]) -> list[int]:
    """Tokens on the dependency path between the roots of token groups ``a`` and ``b`` (neither group's own
    tokens), in path order; empty when they share no ancestor (different sentences) or touch.

    Examples
    --------
    >>> # "France , angered , backed Britain ." : France <- backed -> Britain
    >>> dependency_path([4, 0, 0, 0, 4, 4, 4], [0], [5])
    [4]
    """
    up_a, up_b = _ancestors(heads, _root(heads, a)), _ancestors(heads, _root(heads, b))
    common = set(up_a) & set(up_b)
    if not common:
        return []
    top = next(i for i in up_a if i in common)
    ends = set(a) | set(b)
    path = up_a[:up_a.index(top) + 1] + up_b[:up_b.index(top)][::-1]
    return [i for i in path if i not in ends]


def pair_groups(doc: Doc, candidate: PairCandidate, regions: Sequence[tuple[int, int]] | None = None,
                *, dependency: bool = False, heads: Sequence[int] | None = None,
                ) -> tuple[list[list[int]], list[float]]:
    """The four token-index groups pooled for ``candidate`` and its extra features.

    ``regions`` are the quotations of ``doc`` (:func:`quote_regions`, computed when not given). With
    ``dependency``, a fifth group: the tokens on the dependency path between the two ends
    (:func:`dependency_path`; the between tokens when the Doc has no parse or the path is empty); ``heads``
    are :func:`dependency_heads` of ``doc`` when the caller has them (one Doc, many candidates).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("France backed Britain .")
    >>> groups, extra = pair_groups(doc, PairCandidate((0, 4), ("FRA", "GBR"), ((0, 1),), ((2, 3),)))
    >>> groups, [round(x, 2) for x in extra]
    ([[0], [2], [1], [0, 1, 2, 3]], [1.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.33, 0.0, 0.33, 0.0, 0.0, 0.0])
    """
    a, b = _tokens(candidate.spans_a), _tokens(candidate.spans_b)
    sentence = list(range(*candidate.sentence)) or a + b
    lo, hi = sorted((min(a), min(b)))
    first_end = max(a) + 1 if min(a) == lo else max(b) + 1
    between = list(range(first_end, hi)) or sentence
    regions = quote_regions(doc) if regions is None else regions
    quoted = [float(any(r[0] <= min(t) and max(t) < r[1] for r in regions)) for t in (a, b)]
    route = [float(candidate.route == r) for r in ROUTES]
    distance = min(abs(hi - first_end), 50) / 10.0
    groups = [a, b, between, sentence]
    if dependency:
        heads = dependency_heads(doc) if heads is None else heads
        groups.append((dependency_path(heads, a, b) if heads is not None else []) or between)
    return groups, route + quoted + [distance] + _lexical(doc, between, sentence)


def _lexical(doc: Doc, between: list[int], sentence: list[int]) -> list[float]:
    out = []
    for group in (between, sentence):
        signs = [trigger_sign(doc[i].lower_) for i in group]
        out += [min(signs.count(1), 3) / 3.0, min(signs.count(-1), 3) / 3.0]
    words = {doc[i].lower_ for i in sentence}
    return out + [float(bool(words & NEGATIONS)), float("?" in words)]


def _pair_pool_forward(model: Model, inputs: PairInput, is_train: bool):
    docs, candidates = inputs
    tok2vec = model.layers[0]
    tokvecs, backprop_tok2vec = tok2vec(list(docs), is_train)
    ops = model.ops
    width = tok2vec.get_dim("nO")
    pools = model.attrs["pools"]
    offsets = numpy.cumsum([0] + [len(d) for d in docs])
    index, lengths, extras = [], [], []
    for d, (doc, doc_candidates) in enumerate(zip(docs, candidates)):
        regions = quote_regions(doc) if doc_candidates else []
        heads = dependency_heads(doc) if doc_candidates and pools > _POOLS else None
        for candidate in doc_candidates:
            groups, extra = pair_groups(doc, candidate, regions, dependency=pools > _POOLS, heads=heads)
            for group in groups:
                index.extend(int(offsets[d]) + i for i in group)
                lengths.append(len(group))
            extras.append(extra)
    n = len(extras)
    if n == 0:
        return ops.alloc2f(0, width * pools + N_EXTRA_FEATURES), lambda d_out: []
    flat = ops.flatten(tokvecs)
    idx = numpy.asarray(index, dtype="i")
    lens = ops.asarray1i(numpy.asarray(lengths, dtype="i"))
    pooled = ops.reduce_mean(flat[idx], lens).reshape((n, width * pools))
    output = ops.xp.hstack([pooled, ops.asarray2f(numpy.asarray(extras, dtype="f"))])

    def backprop(d_output: Floats2d):
        d_pooled = d_output[:, : width * pools].reshape((n * pools, width))
        d_gathered = ops.backprop_reduce_mean(ops.asarray2f(d_pooled), lens)
        d_flat = ops.alloc2f(*flat.shape)
        numpy.add.at(d_flat, idx, d_gathered)
        return backprop_tok2vec(ops.unflatten(d_flat, [len(d) for d in docs]))

    return output, backprop


def _pair_pool_init(model: Model, X: PairInput | None = None, Y=None) -> None:
    tok2vec = model.layers[0]
    tok2vec.initialize(X=list(X[0]) if X is not None else None)
    model.set_dim("nO", tok2vec.get_dim("nO") * model.attrs["pools"] + N_EXTRA_FEATURES)


@registry.architectures("allegiance.RelationPairClassifier.v1")
def build_pair_classifier(tok2vec: Model, hidden_width: int = 64, dropout: float = 0.1,
                          n_labels: int | None = None, dependency_path: bool = False) -> Model[PairInput, Floats2d]:
    """tok2vec -> pooled pair features -> Maxout(hidden_width) -> Softmax(n_labels).

    ``n_labels`` may stay unset: the component sets it from its labels. ``dependency_path`` pools the
    tokens on the dependency path between the two ends as well (:func:`pair_groups`); the Docs must then be
    parsed (or carry ``HEADS_KEY``), else the between tokens stand in.
    """
    pool = Model("pair_pool", _pair_pool_forward, init=_pair_pool_init, layers=[tok2vec],
                 dims={"nO": None}, attrs={"pools": _POOLS + int(bool(dependency_path))})
    hidden = Maxout(nO=hidden_width, nP=2, dropout=dropout, normalize=True)
    return chain(pool, hidden, Softmax(nO=n_labels))


def _tensor_forward(model: Model, docs: Sequence[Doc], is_train: bool):
    tok2vec = model.layers[0]
    own, backprop_own = tok2vec(list(docs), is_train)
    width = model.attrs["tensor_width"]
    ops = model.ops
    tensors = []
    for doc in docs:
        t = doc.tensor
        ok = t is not None and getattr(t, "ndim", 0) == 2 and t.shape == (len(doc), width)
        tensors.append(ops.asarray2f(t) if ok else ops.alloc2f(len(doc), width))
    output = [ops.xp.hstack([a, b]) for a, b in zip(own, tensors)]
    n_own = tok2vec.get_dim("nO")

    def backprop(d_output):
        return backprop_own([d[:, :n_own] for d in d_output])

    return output, backprop


def _tensor_init(model: Model, X=None, Y=None) -> None:
    model.layers[0].initialize(X=X)
    model.set_dim("nO", model.layers[0].get_dim("nO") + model.attrs["tensor_width"])


@registry.architectures("allegiance.DocTensorTok2Vec.v1")
def build_doc_tensor_tok2vec(tok2vec: Model, tensor_width: int = 96) -> Model:
    """Our own ``tok2vec`` beside the frozen ``doc.tensor`` of the spaCy model that parsed the Doc.

    ``doc.tensor`` is the parsing model's token representation (``en_core_web_sm``: 96 wide), trained
    on tagging and parsing; it is used as it is (no gradient) and read as zeros when a Doc has none.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("France backed Britain")
    >>> doc.tensor = numpy.ones((3, 4), dtype="f")
    >>> layer = build_doc_tensor_tok2vec(_tiny_tok2vec(), tensor_width=4)
    >>> _ = layer.initialize(X=[doc])
    >>> out = layer.predict([doc, spacy.blank("en")("Spain")])
    >>> out[0].shape, float(out[0][0, -1]), float(out[1][0, -1])
    ((3, 12), 1.0, 0.0)
    """
    return Model("doc_tensor_tok2vec", _tensor_forward, init=_tensor_init, layers=[tok2vec],
                 dims={"nO": None}, attrs={"tensor_width": tensor_width})
