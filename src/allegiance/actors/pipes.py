"""spaCy components that find political actors and say which actor each mention means.

Two components, added to a loaded English pipeline by :func:`add_actor_pipes` (this module
imports and re-exports them; the code lives in :mod:`allegiance.actors.ruler`,
:mod:`~allegiance.actors.guards`, :mod:`~allegiance.actors.resolver`,
:mod:`~allegiance.actors.entities` and :mod:`~allegiance.actors.references`):

``allegiance_actor_ruler`` (before ``"ner"``)
    A :class:`~spacy.matcher.PhraseMatcher` over every alias of the knowledge
    base. Matches are checked for capitalisation (an alias written "Unite"
    does not match "unite") and for context guards ("Unite" as a verb,
    "Labour costs", "Turkey sandwiches", "Chad Smith", "a summit in Moscow"),
    extended over force and government nouns ("US forces", "Russian troops"),
    and over possessives naming a party ("the party's BAME leadership").
    The surviving matches are written to ``doc.ents`` with ``kb_id_`` set to
    the actor id, so the statistical NER respects them and works around them.

``allegiance_actor_resolver`` (after ``"ner"``)
    Turns every entity into an actor mention in ``doc.spans["actors"]``:
    knowledge-base matches, exact aliases the ruler could not see, surnames and
    titles of people already named in the document ("Khan" -> Afzhal Khan),
    near-miss spellings (rapidfuzz, with a high threshold and kind check),
    surnames only one known person has ("Schumer"), honorifics before names
    the small model missed ("Mr Weld"), and otherwise an ad-hoc actor with a
    stable id ("PER:jim_mcmahon"). Non-political entities (dates, money, photo
    credits, places used as places) are left out. It then resolves "the
    country", "the party", "the president", "both countries", "the two
    communist powers", "they"/"their" and "he"/"his" to the last compatible
    actor(s), with a lower confidence; reads "Labour" in a story about
    Australia as Labor (``context_aliases``); and, when ``doc._.doc_date`` is
    set, maps a state to the historical state of the time ("Moscow" in 1962
    is the Soviet Union; ``covers`` in the knowledge base) and a surname to
    whoever of that name held a listed office that day ("Roosevelt" in 1904
    is Theodore Roosevelt; ``data/offices.yaml``).

Each span carries ``span._.actor`` (:class:`allegiance.model.Actor`),
``span._.actor_confidence`` and, for a reference to several actors ("Unite and
the GMB ... they", "both countries"), ``span._.actor_group``: the tuple of
member actors (``span._.actor`` is then a ``group`` actor naming them), and
``span._.actor_rule``: a short human-readable reason for the resolution.

Examples
--------
>>> from allegiance.nlp import load_model
>>> nlp = add_actor_pipes(load_model())
>>> doc = nlp("Moscow announced a joint raid with US forces.")
>>> [(s.text, s._.actor.id) for s in doc.spans["actors"]]
[('Moscow', 'RUS'), ('US forces', 'USA')]
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from spacy.language import Language

from allegiance.actors.kb import shared_knowledge_base
from allegiance.actors.resolver import RESOLVER_NAME, ActorResolver, make_actor_resolver
from allegiance.actors.ruler import RULER_NAME, ActorRuler, make_actor_ruler

__all__ = [
    "ActorRuler",
    "ActorResolver",
    "add_actor_pipes",
    "make_actor_resolver",
    "make_actor_ruler",
    "shared_knowledge_base",
    "RULER_NAME",
    "RESOLVER_NAME",
]


def add_actor_pipes(nlp: Language, *, actors_path: str | Path | Sequence[str | Path] | None = None) -> Language:
    """Add the actor ruler (before ``"ner"``) and resolver (after it) to a pipeline.

    Parameters
    ----------
    nlp : Language
        A loaded pipeline, normally ``allegiance.nlp.load_model()``.
    actors_path : str, Path, list of them, or None
        User actor YAML file(s) merged over the built-in knowledge base.

    Returns
    -------
    Language
        The same ``nlp``, for chaining. Calling it twice is harmless.

    Raises
    ------
    allegiance.errors.ActorFileError
        A user actor file is malformed.

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> nlp = add_actor_pipes(load_model())
    >>> doc = nlp("Britain formed an alliance with France against the Germans.")
    >>> [s._.actor.name for s in doc.spans["actors"]]
    ['United Kingdom', 'France', 'Germany']
    """
    if actors_path is None:
        paths: list[str] = []
    elif isinstance(actors_path, (str, Path)):
        paths = [str(actors_path)]
    else:
        paths = [str(p) for p in actors_path]
    shared_knowledge_base(paths)  # fail early, with the line number, on a bad user file
    config = {"actors_paths": paths}
    if RULER_NAME not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe(RULER_NAME, before="ner", config=config)
        else:
            nlp.add_pipe(RULER_NAME, config=config)
    if RESOLVER_NAME not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe(RESOLVER_NAME, after="ner", config=config)
        else:
            nlp.add_pipe(RESOLVER_NAME, last=True, config=config)
    return nlp
