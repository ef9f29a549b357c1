"""The examples in the docstrings of the runner and of pipeline assembly run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["allegiance.run", "allegiance.run.options", "allegiance.run.worker", "allegiance.run.outcomes", "allegiance.run.executor",
           "allegiance.run.dask", "allegiance.run.ingest", "allegiance.pipeline", "allegiance.distributed",
           "allegiance.nlp.assemble"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
