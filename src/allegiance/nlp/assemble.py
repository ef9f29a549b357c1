"""The one place where the extraction pipeline is assembled, saved and loaded.

The pipeline is the statistical model plus our components, named by their
registered factory names (``@Language.factory``): the actor ruler and resolver
(stage ``allegiance.actors``), the NER fallback, the relation component and,
when a trained relation model is given, the model and the component that merges
its relations into the rules' (stage ``allegiance.relations``). This module imports neither stage: spaCy finds
a factory by name, registered either because its module was imported or through
the ``spacy_factories`` entry points of the installed package (pyproject.toml).

``nlp.to_disk(DIR)`` writes the whole pipeline (model, settings and each
component's data, e.g. the relation component's trigger lexicon) and
:func:`load_pipeline` reads it back: worker processes and Dask workers load the
directory their parent wrote, so a user's lexicon and actors reach them.

Examples
--------
>>> import tempfile
>>> from allegiance.nlp import build_pipeline, load_pipeline
>>> import allegiance.relations  # registers the components (or install the package's entry points)
>>> nlp = build_pipeline()
>>> folder = tempfile.mkdtemp()
>>> nlp.to_disk(folder)
>>> load_pipeline(folder).pipe_names == nlp.pipe_names
True
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from allegiance.errors import ConfigError
from allegiance.nlp.extensions import register_extensions
from allegiance.nlp.model_dir import (RELATION_MODEL_FACTORIES, RELATION_MODEL_HINT, THOROUGH, no_thorough_setting,
                                      relation_model_names, relation_model_path, thorough_setting,
                                      thorough_without_model)
from allegiance.nlp.model import DEFAULT_MODEL, load_model
from allegiance.nlp.sentences import with_paragraph_breaks

__all__ = [
    "ACTOR_RESOLVER",
    "ACTOR_RULER",
    "NER_ACTORS",
    "RELATIONS",
    "RELATION_MERGE",
    "RELATION_MODEL",
    "RELATION_MODEL_FACTORIES",
    "THOROUGH",
    "add_relation_model",
    "build_pipeline",
    "load_pipeline",
    "relation_model_components",
]

#: registered factory names of our components, in pipeline order
ACTOR_RULER = "allegiance_actor_ruler"
ACTOR_RESOLVER = "allegiance_actor_resolver"
NER_ACTORS = "allegiance_ner_actors"
RELATIONS = "allegiance_relations"
RELATION_MODEL = RELATION_MODEL_FACTORIES[0]
RELATION_MERGE = "allegiance_relation_merge"


def _require(factory: str) -> None:
    if not Language.has_factory(factory):
        raise ConfigError(
            f"the spaCy component {factory!r} is not registered",
            hint="import allegiance.relations first, or reinstall allegiance (pip install -e .) so that its "
                 "spacy_factories entry points are installed",
        )


def build_pipeline(*, actors_path: str | Path | None = None, model: str = DEFAULT_MODEL,
                   ner_fallback: bool | None = None, lexicon_path: str | Path | None = None,
                   max_sentence_tokens: int = 150, relation_model: str | Path | None = None,
                   model_threshold: float | None = None, thorough: bool = False) -> Language:
    """Load the model and add the actor and relation components.

    Parameters
    ----------
    actors_path : path, optional
        A user actor dictionary (YAML) merged over the built-in knowledge base.
    model : str
        The spaCy model package.
    ner_fallback : bool, optional
        Also mark NER entities as ad hoc actors. Default: only when the actor
        components are not registered.
    lexicon_path : path, optional
        A trigger lexicon YAML instead of the shipped one (it travels with
        ``nlp.to_disk``).
    max_sentence_tokens : int
        Sentences longer than this are skipped with a note.
    relation_model : path, optional
        A trained relation model (``allegiance train --out DIR``): its relations are added
        where the rules found none (:func:`add_relation_model`). None: the rules alone.
    model_threshold : float, optional
        The calibrated confidence a model relation needs (default: the merge component's).
    thorough : bool
        Run the relation model with the setting it records for recall (:func:`add_relation_model`).

    Examples
    --------
    >>> import allegiance.relations  # registers the components
    >>> build_pipeline().pipe_names[-3:]
    ['ner', 'allegiance_actor_resolver', 'allegiance_relations']
    """
    register_extensions()
    nlp = with_paragraph_breaks(load_model(model))  # a title or paragraph ends its sentence, full stop or not
    has_actors = Language.has_factory(ACTOR_RULER) and Language.has_factory(ACTOR_RESOLVER)
    if has_actors:
        # absolute paths: the pipeline may be loaded again from another working directory
        config = {"actors_paths": [str(Path(actors_path).resolve())] if actors_path else []}
        before_ner = {"before": "ner"} if "ner" in nlp.pipe_names else {}
        after_ner = {"after": "ner"} if "ner" in nlp.pipe_names else {"last": True}
        nlp.add_pipe(ACTOR_RULER, config=config, **before_ner)
        nlp.add_pipe(ACTOR_RESOLVER, config=config, **after_ner)
    elif actors_path is not None:
        raise ConfigError("an actor dictionary needs the actor components",
                          hint="import allegiance.actors first, or reinstall allegiance")
    if ner_fallback or (ner_fallback is None and not has_actors):
        _require(NER_ACTORS)
        nlp.add_pipe(NER_ACTORS)
    _require(RELATIONS)
    nlp.add_pipe(RELATIONS, config={
        "lexicon_path": str(Path(lexicon_path).resolve()) if lexicon_path else "",
        "max_sentence_tokens": int(max_sentence_tokens),
    })
    if relation_model is not None:
        add_relation_model(nlp, relation_model, threshold=model_threshold, thorough=thorough)
    elif thorough:
        raise thorough_without_model()
    return nlp


def relation_model_components(folder: Path) -> list[tuple[str, dict]]:
    """(name, config with its ``factory``) of every relation model component saved in ``folder`` (either
    family; two when a cheap model screens candidates for a costly one), in pipeline order; ConfigError
    when there is none.

    Examples
    --------
    >>> relation_model_components(Path("/nowhere"))
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: /nowhere is no relation model (no config.cfg); give a directory written by: allegiance train --corpus CORPUS --out DIR
    """
    hint = RELATION_MODEL_HINT
    relation_model_path(folder)
    try:
        config = spacy.util.load_config(folder / "config.cfg", interpolate=False)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{folder} is no relation model (its config.cfg cannot be read: {exc})", hint=hint) from exc
    components = config.get("components", {})
    found = [(name, dict(components[name])) for name in relation_model_names(folder) if name in components]
    if not found:
        raise ConfigError(f"{folder} is no relation model (no {' or '.join(RELATION_MODEL_FACTORIES)} component "
                          "in it)", hint=hint)
    return found


def add_relation_model(nlp: Language, model_dir: str | Path, *, threshold: float | None = None,
                       thorough: bool = False) -> Language:
    """Add a trained relation model and the merge of its relations after the rules of ``nlp``.

    The merge takes the threshold, routes and confidence scale the model records (``merge_threshold``,
    ``merge_routes``, ``merge_calibration`` in its last component's cfg); ``threshold`` overrides the first.
    The model's weights are read now and travel with ``nlp.to_disk`` (saved pipelines and
    worker processes carry them).

    ``thorough``: a cascade (a cheap model choosing the candidates a costly one scores) runs with the setting
    its last component records under :data:`THOROUGH`: a looser screen, so more candidates are scored, and the
    merge threshold chosen on dev for it. More recall for more time; the shipped model's precision was measured
    higher on corpus dev and lower on the demo gold (``docs/model-families.md``, thirtieth session).

    Raises
    ------
    ConfigError
        ``model_dir`` holds no relation model, its weights cannot be read, or ``thorough`` is asked of a model
        that records no such setting (or a malformed one); the pipeline is then left as it was.

    Examples
    --------
    >>> add_relation_model(spacy.blank("en"), "/nowhere")
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: /nowhere is no relation model (no config.cfg); give a directory written by: allegiance train --corpus CORPUS --out DIR
    """
    folder = Path(model_dir)
    components = relation_model_components(folder)
    _require(RELATION_MERGE)
    added: list[str] = []
    for name, settings in components:
        factory = settings.pop("factory")
        _require(factory)
        pipe = nlp.add_pipe(factory, name=name, config=settings)
        added.append(name)
        try:
            pipe.from_disk(folder / name)
        except (OSError, ValueError, KeyError, ConfigError) as exc:
            for done in added:
                nlp.remove_pipe(done)
            raise ConfigError(f"cannot read the relation model in {folder} ({type(exc).__name__}: {exc})",
                              hint="train it again with: allegiance train --corpus CORPUS --out DIR") from exc
    recorded = getattr(pipe, "cfg", {})  # what the model was tuned to on dev, when its folder records it
    if thorough:
        setting = thorough_setting(recorded)
        if setting is None:
            for done in added:
                nlp.remove_pipe(done)
            raise no_thorough_setting(folder)
        # the component's own record follows, so a pipeline saved from this one is thorough as a whole
        pipe.cfg["screen_none_below"], pipe.cfg["merge_threshold"] = setting
        if threshold is None:
            threshold = setting[1]
    if threshold is None:
        threshold = recorded.get("merge_threshold")
    merge: dict = {} if threshold is None else {"threshold": float(threshold)}
    if recorded.get("merge_routes") is not None:
        merge["routes"] = [str(r) for r in recorded["merge_routes"]]
    if recorded.get("merge_calibration"):
        merge["calibration"] = [float(v) for v in recorded["merge_calibration"]]
    nlp.add_pipe(RELATION_MERGE, config=merge)
    return nlp


def _without_data_paths(folder: Path) -> dict[str, str]:
    """Config overrides: the relation component's lexicon comes from the saved data, not its source file.

    The file it was read from may be on another machine (a Dask worker) or gone.
    """
    components = spacy.util.load_config(folder / "config.cfg").get("components", {})
    return {f"components.{name}.lexicon_path": "" for name, settings in components.items()
            if settings.get("factory") == RELATIONS}


def load_pipeline(path: str | Path) -> Language:
    """Load a pipeline written by ``nlp.to_disk(path)`` (never downloads).

    Raises
    ------
    ConfigError
        ``path`` is no saved pipeline.

    Examples
    --------
    >>> load_pipeline("/nowhere")
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: /nowhere is no saved pipeline (no config.cfg); write one with: allegiance pipeline save DIR
    """
    folder = Path(path)
    if not (folder / "config.cfg").is_file():
        raise ConfigError(f"{folder} is no saved pipeline (no config.cfg)",
                          hint="write one with: allegiance pipeline save DIR")
    register_extensions()
    try:
        return spacy.load(folder, config=_without_data_paths(folder))
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot load the pipeline saved in {folder} ({type(exc).__name__}: {exc})",
                          hint="save it again with: allegiance pipeline save DIR") from exc
