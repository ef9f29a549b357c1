"""split_long_text: bounded parts, nothing lost, linear time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest import split_long_text


def test_short_text_is_one_part():
    assert split_long_text("  A short text.  ", 100) == ["A short text."]
    assert split_long_text("   ", 100) == []


def test_prefers_paragraphs_then_sentences_then_spaces():
    assert split_long_text("Para one.\n\nPara two is here.", 20) == ["Para one.", "Para two is here."]
    assert split_long_text("One two. Three four five", 15) == ["One two.", "Three four five"]
    assert split_long_text("aaaa bbbb cccc", 10) == ["aaaa bbbb", "cccc"]


def test_no_whitespace_is_cut_hard():
    assert split_long_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_invalid_limit():
    with pytest.raises(ValueError):
        split_long_text("x", 0)


@pytest.mark.slow
def test_five_megabytes_on_one_line():
    text = ("Story number one said the allies agreed. " * 125_000)[:5_000_000]
    parts = split_long_text(text, 1_000_000)
    assert len(parts) in (5, 6)  # cuts fall at sentence ends, a little before each limit
    assert all(len(p) <= 1_000_000 for p in parts)
    assert sum(len(p) for p in parts) >= len(text) - 10


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n"), max_size=600), st.integers(1, 80))
def test_parts_bounded_and_nothing_but_whitespace_lost(text, limit):
    parts = split_long_text(text, limit)
    assert all(0 < len(p) <= limit for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
