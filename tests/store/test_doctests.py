"""The examples in every store docstring run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import allegiance.store

MODULES = ["allegiance.store"] + sorted(
    f"allegiance.store.{m.name}" for m in pkgutil.iter_modules(allegiance.store.__path__)
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that name a relative store file write it here
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
