"""The spaCy side of allegiance: model loading, the extension attributes
our components share, and the limits that bound a spaCy call's memory.

Examples
--------
>>> from allegiance.nlp import register_extensions
>>> register_extensions()
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["DEFAULT_MODEL", "build_pipeline", "load_model", "load_pipeline", "register_extensions"]

_LAZY = {
    "DEFAULT_MODEL": "allegiance.nlp.model",
    "build_pipeline": "allegiance.nlp.assemble",
    "load_pipeline": "allegiance.nlp.assemble",
    "load_model": "allegiance.nlp.model",
    "register_extensions": "allegiance.nlp.extensions",
}


def __getattr__(name: str) -> Any:
    # imported on first use: allegiance.nlp.limits (used by the parent process of a
    # worker pool) must not load spaCy
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'allegiance.nlp' has no attribute {name!r}")
