"""allegiance.relations: signed relations between actors, with evidence.

Trigger lexicon (``lexicon.yaml``) + small frame matchers, one module per family
(:mod:`allegiance.relations.frames`), run sentence by sentence by
:func:`~allegiance.relations.extract.find_relations` (modifiers, anaphora, implied
relations and assembly in their own modules) and wrapped as spaCy components
(:mod:`allegiance.relations.component`), a pipeline builder and a streaming
extractor (:mod:`allegiance.relations.pipeline`), and evaluation against gold
(:mod:`allegiance.relations.evaluate`).

Examples
--------
>>> from allegiance.model import Document
>>> docs = [Document.from_text("Moscow announced a joint raid with US forces.", id="a")]
>>> [r.type.value for _, rels in extract_relations(docs) for r in rels]
['cooperate']
"""

from allegiance.relations.extract import ExtractorConfig, find_relations
from allegiance.relations.lexicon import Lexicon, load_lexicon
from allegiance.relations.pipeline import build_pipeline, extract_relations

__all__ = [
    "ExtractorConfig",
    "Lexicon",
    "build_pipeline",
    "extract_relations",
    "find_relations",
    "load_lexicon",
]
