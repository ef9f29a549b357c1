"""The examples in every ingest docstring run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["__init__", "boilerplate", "chunks", "dates", "datelines", "dump", "encoding", "feeds", "files", "htmltext",
           "options", "readers", "streaming", "formats", "formats.base", "formats.csvfile", "formats.detect",
           "formats.feed", "formats.gzipfile", "formats.htmlpage", "formats.jsonfile", "formats.jsonl",
           "formats.records", "formats.text"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module("allegiance.ingest" + ("" if name == "__init__" else f".{name}"))
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
