"""The trained relation model (issue 15): candidates, the ``allegiance_relation_model`` component, training.

Importing this package registers the spaCy factory and architecture, so a saved model loads
with ``spacy.load(DIR)``.

* :mod:`~allegiance.relations.model.candidates` — candidate actor pairs of a Doc;
* :mod:`~allegiance.relations.model.architecture` — the thinc network;
* :mod:`~allegiance.relations.model.lexical` — rule-lexicon features;
* :mod:`~allegiance.relations.model.component` — the trainable spaCy component;
* :mod:`~allegiance.relations.model.corpus_docs` — corpus records to Docs and keys;
* :mod:`~allegiance.relations.model.train` — :func:`train_relation_model`.

Examples
--------
>>> import spacy
>>> "allegiance_relation_model" in spacy.blank("en").factory_names
True
"""

from allegiance.relations.model import component as _component  # noqa: F401  (registers the factory)
