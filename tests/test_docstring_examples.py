"""The examples in every module's docstrings run and give what they show (one test for the whole package).

Every module outside the CLI and the private helpers (a leading underscore) has at least one example. The
training module needs the ``train`` extra and imports torch: its examples are a slow test of their own
(``tests/relations/test_transformer_pairs.py``).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import allegiance

SLOW_OR_EXTRA = {"allegiance.relations.model.transformer_train"}
MODULES = sorted(m.name for m in pkgutil.walk_packages(allegiance.__path__, "allegiance.")
                 if m.name not in SLOW_OR_EXTRA)


def needs_example(name: str) -> bool:
    """Whether module ``name`` must show at least one example (not the CLI, not a private helper)."""
    parts = name.split(".")
    return parts[1] != "cli" and not any(part.startswith("_") for part in parts)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that name a relative file (a store) write it here
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if needs_example(name):
        assert result.attempted > 0, f"{name} has no docstring example"


def test_the_walk_finds_every_stage():
    stages = {name.split(".")[1] for name in MODULES if name.count(".") >= 1}
    assert {"ingest", "actors", "relations", "store", "balance", "report", "web", "run", "nlp"} <= stages
    assert not needs_example("allegiance.cli.train") and not needs_example("allegiance.balance._milp")
    assert needs_example("allegiance.relations.model.candidates")
