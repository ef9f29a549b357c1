"""The trained relation model (issue 15): candidates, the ``allegiance_relation_model`` component, training.

Importing this package registers the spaCy factory and architecture, so a saved model loads
with ``spacy.load(DIR)``.

* :mod:`~allegiance.relations.model.candidates` — candidate actor pairs of a Doc;
* :mod:`~allegiance.relations.model.architecture` — the thinc network;
* :mod:`~allegiance.relations.model.lexical` — rule-lexicon features;
* :mod:`~allegiance.relations.model.component` — the trainable spaCy component;
* :mod:`~allegiance.relations.model.transformer_component` — family (b), a fine-tuned transformer on ONNX Runtime;
* :mod:`~allegiance.relations.model.combine` — ``allegiance_relation_merge``: rules first, the model adds;
* :mod:`~allegiance.relations.model.corpus_docs` — corpus records to Docs and keys;
* :mod:`~allegiance.relations.model.train` — :func:`train_relation_model`.

Examples
--------
>>> import spacy
>>> "allegiance_relation_model" in spacy.blank("en").factory_names
True
"""

from __future__ import annotations

from pathlib import Path

from allegiance.nlp.model_dir import SHIPPED_RELATION_MODEL

from allegiance.relations.model import combine as _combine  # noqa: F401  (registers the merge factory)
from allegiance.relations.model import component as _component  # noqa: F401  (registers the factory)
from allegiance.relations.model import transformer_component as _transformer  # noqa: F401  (registers family b)

#: the relation model shipped inside the package (trained on our corpus; see its README.md)
SHIPPED_MODEL = Path(__file__).resolve().parent / "shipped"


def model_folder(relation_model: str | Path) -> Path:
    """The directory of ``relation_model``: ``"shipped"`` (:data:`~allegiance.nlp.model_dir.SHIPPED_RELATION_MODEL`)
    is the one in the package, anything else a path.

    Examples
    --------
    >>> model_folder("shipped") == SHIPPED_MODEL, model_folder("/tmp/m")
    (True, PosixPath('/tmp/m'))
    """
    return SHIPPED_MODEL if str(relation_model) == SHIPPED_RELATION_MODEL else Path(relation_model)
