"""MinHash near-duplicate building blocks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.errors import ConfigError
from allegiance.store.dedupe import NearDuplicateConfig, shingles
from store_helpers import article, edited


def test_shingles_are_case_and_punctuation_blind():
    assert shingles("Unite, and the GMB!") == shingles("unite and THE gmb")
    assert shingles("") == set()
    assert shingles("two words", 3) == {"two words"}


def test_similar_texts_score_high_and_unrelated_low():
    cfg = NearDuplicateConfig()
    base = article(1)
    assert cfg.similarity(cfg.signature(base), cfg.signature(edited(base, 1))) >= 0.9
    assert cfg.similarity(cfg.signature(base), cfg.signature(article(2))) < 0.2


def test_signatures_are_stable_across_processes():
    cfg = NearDuplicateConfig()
    code = ("from allegiance.store.dedupe import NearDuplicateConfig as C; "
            "print(C().buckets(C().signature('Moscow announced a joint narcotics raid with US forces')))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    here = cfg.buckets(cfg.signature("Moscow announced a joint narcotics raid with US forces"))
    assert other.stdout.strip() == str(here)


def test_meta_round_trip_and_unknown_scheme():
    cfg = NearDuplicateConfig(threshold=0.7, num_perm=64, shingle_size=4, min_words=10)
    assert NearDuplicateConfig.from_meta(cfg.as_meta()) == cfg
    stale = {**cfg.as_meta(), "near.scheme": "datasketch:legacy:seed=1"}
    assert NearDuplicateConfig.from_meta(stale) is None
    assert NearDuplicateConfig.from_meta({}) is None


@pytest.mark.parametrize("options", [{"threshold": 0.0}, {"threshold": 1.5}, {"num_perm": 4},
                                     {"shingle_size": 0}, {"min_words": 0}])
def test_bad_settings_are_config_errors(options):
    with pytest.raises(ConfigError):
        NearDuplicateConfig(**options)


def test_indexable_counts_words():
    cfg = NearDuplicateConfig(min_words=3)
    assert cfg.indexable("one two three")
    assert not cfg.indexable("one, two!")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), min_size=0, max_size=40))
def test_identical_texts_share_every_bucket(words):
    cfg = NearDuplicateConfig()
    text = " ".join(words)
    a, b = cfg.signature(text), cfg.signature(text.upper())
    assert cfg.similarity(a, b) == 1.0
    assert cfg.buckets(a) == cfg.buckets(b)
    assert (NearDuplicateConfig.from_bytes(NearDuplicateConfig.to_bytes(a)) == a).all()
