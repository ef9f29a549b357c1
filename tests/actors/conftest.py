"""Fixtures for the actor tests: one pipeline with the actor components."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def actor_nlp(nlp_model):
    """The statistical model with the actor ruler and resolver added (a copy per session)."""
    from allegiance.actors import add_actor_pipes
    from allegiance.nlp import load_model

    return add_actor_pipes(load_model())


@pytest.fixture(scope="session")
def resolve(actor_nlp):
    """Text -> list of (mention text, actor id) in order."""

    def run(text: str) -> list[tuple[str, str]]:
        doc = actor_nlp(text)
        return [(s.text, s._.actor.id) for s in doc.spans["actors"]]

    return run
