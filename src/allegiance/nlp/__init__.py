"""The spaCy side of allegiance: model loading and the extension attributes
our components share.

Examples
--------
>>> from allegiance.nlp import register_extensions
>>> register_extensions()
"""

from allegiance.nlp.extensions import register_extensions
from allegiance.nlp.model import DEFAULT_MODEL, load_model

__all__ = ["DEFAULT_MODEL", "load_model", "register_extensions"]
