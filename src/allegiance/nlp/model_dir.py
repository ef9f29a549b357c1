"""Naming a trained relation model for a pipeline, checked without spaCy.

The parent process of a worker pool checks a ``--model DIR`` before any worker
starts (and before spaCy is imported), so a wrong path is one clear line, not a
failure inside every worker.

Examples
--------
>>> relation_model_path(SHIPPED_RELATION_MODEL)
'shipped'
>>> relation_model_path("/nowhere")
Traceback (most recent call last):
...
allegiance.errors.ConfigError: /nowhere is no relation model (no config.cfg); give a directory written by: allegiance train --corpus CORPUS --out DIR
"""

from __future__ import annotations

import configparser
import json
from pathlib import Path
from typing import Any, Mapping

from allegiance.errors import ConfigError

__all__ = ["CANDIDATE_ROUTES", "MENTION_SETTINGS", "RELATION_MODEL_FACTORIES", "RELATION_MODEL_HINT",
           "SHIPPED_RELATION_MODEL", "THOROUGH", "check_thorough", "last_relation_model_cfg", "mention_settings",
           "no_thorough_setting", "relation_model_names", "relation_model_path", "thorough_setting", "thorough_without_model"]

#: registered factory names of the relation model families a model directory may hold: the spaCy CNN and the
#: transformer on ONNX Runtime
RELATION_MODEL_FACTORIES = ("allegiance_relation_model", "allegiance_transformer_relation_model")
#: names the relation model shipped inside the package (``allegiance/relations/model/shipped``)
SHIPPED_RELATION_MODEL = "shipped"
#: the key of a relation model component's cfg recording its setting for recall
#: (``add_relation_model(thorough=True)``): ``{"screen_none_below": P, "merge_threshold": T}``
THOROUGH = "thorough"
RELATION_MODEL_HINT = "give a directory written by: allegiance train --corpus CORPUS --out DIR"
#: how a relation model's candidate pair was made (``PairCandidate.route``): both actors in the sentence,
#: one through a reference resolved elsewhere, or a quote's speaker outside it
CANDIDATE_ROUTES = ("sentence", "reference", "quote")
#: the relation models' settings that switch on a kind of mention outside the actor spans, each with the
#: keyword of :func:`allegiance.relations.model.candidates.extra_mentions` it sets (one list for both model
#: families, their training and the CLI, which reads it here without spaCy)
MENTION_SETTINGS = {"adjectival_mentions": "adjectival", "reference_mentions": "references",
                    "first_person_mentions": "first_person", "group_mentions": "groups"}


def mention_settings(settings: Mapping[str, object], *, only: bool = False) -> dict[str, bool]:
    """Every mention setting (:data:`MENTION_SETTINGS`) read from ``settings`` as a bool, off when absent.

    Raises :class:`~allegiance.errors.ConfigError` for a key that looks like a mention setting but is none
    (ends in ``_mentions``), or with ``only`` for any key that is none.

    Examples
    --------
    >>> mention_settings({"group_mentions": 1, "threads": 2})
    {'adjectival_mentions': False, 'reference_mentions': False, 'first_person_mentions': False, 'group_mentions': True}
    """
    unknown = sorted(k for k in settings if (only or k.endswith("_mentions")) and k not in MENTION_SETTINGS)
    if unknown:
        raise ConfigError(f"unknown mention setting {unknown[0]!r}", hint=f"use one of {sorted(MENTION_SETTINGS)}")
    return {name: bool(settings.get(name, False)) for name in MENTION_SETTINGS}


def relation_model_path(model: str | Path) -> str:
    """``model`` as an absolute path (workers may run elsewhere), or :data:`SHIPPED_RELATION_MODEL`.

    Raises
    ------
    ConfigError
        ``model`` is no directory with a ``config.cfg`` (no saved spaCy pipeline).
    """
    if str(model) == SHIPPED_RELATION_MODEL:
        return SHIPPED_RELATION_MODEL
    folder = Path(model)
    if not (folder / "config.cfg").is_file():
        raise ConfigError(f"{folder} is no relation model (no config.cfg)", hint=RELATION_MODEL_HINT)
    return str(folder.resolve())


def thorough_without_model() -> ConfigError:
    """The error of a thorough setting asked with no relation model to run it (checked before spaCy loads).

    Examples
    --------
    >>> thorough_without_model().hint
    "give one (relation_model='shipped' or a directory; on the command line --with-model or --model DIR)"
    """
    return ConfigError("thorough extraction needs a relation model",
                       hint="give one (relation_model='shipped' or a directory; on the command line --with-model "
                            "or --model DIR)")


def thorough_setting(recorded: Mapping[str, Any]) -> tuple[float, float] | None:
    """``(screen_none_below, merge_threshold)`` a component's cfg records under :data:`THOROUGH`; None when it
    records none or a malformed one.

    Examples
    --------
    >>> thorough_setting({"thorough": {"screen_none_below": 0.7, "merge_threshold": 0.7}})
    (0.7, 0.7)
    >>> thorough_setting({"thorough": True}) is None, thorough_setting({}) is None
    (True, True)
    """
    setting = recorded.get(THOROUGH)
    try:
        screen, threshold = float(setting["screen_none_below"]), float(setting["merge_threshold"])
    except (TypeError, KeyError, ValueError):
        return None
    return (screen, threshold) if 0.0 <= screen <= 1.0 and 0.0 <= threshold <= 1.0 else None


def no_thorough_setting(folder: str | Path) -> ConfigError:
    """The error of a thorough setting asked of a model that records none (or a malformed one)."""
    return ConfigError(f"the relation model in {folder} records no usable thorough setting",
                       hint="run it without thorough (the shipped model records one)")


def relation_model_names(folder: str | Path) -> list[str]:
    """The names of the relation model components (:data:`RELATION_MODEL_FACTORIES`) saved in the model directory
    ``folder``, in the pipeline order of its ``config.cfg``, read without spaCy: the components
    :func:`allegiance.nlp.assemble.add_relation_model` adds, the last being the one whose recorded settings it
    reads. Empty when there is none or ``config.cfg`` cannot be read (spaCy's loader then says why).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "config.cfg").write_text('[nlp]\\npipeline = ["parser", "screen", "reader"]\\n'
    ...     '[components.screen]\\nfactory = "allegiance_relation_model"\\n'
    ...     '[components.reader]\\nfactory = "allegiance_transformer_relation_model"\\n')
    >>> for name in ("screen", "reader"):
    ...     (d / name).mkdir()
    >>> relation_model_names(d)
    ['screen', 'reader']
    >>> relation_model_names(tempfile.mkdtemp())
    []
    """
    folder = Path(folder)
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(folder / "config.cfg", encoding="utf-8")
        components = [s.split(".", 1)[1] for s in parser.sections() if s.count(".") == 1 and s.startswith("components.")]
        order = json.loads(parser.get("nlp", "pipeline", fallback="[]")) or components
        factories = {name: json.loads(parser.get(f"components.{name}", "factory", fallback='""'))
                     for name in order if name in components}
    except (configparser.Error, ValueError, TypeError):
        return []
    return [name for name in order if factories.get(name) in RELATION_MODEL_FACTORIES and (folder / name).is_dir()]


def last_relation_model_cfg(folder: str | Path) -> dict:
    """The ``cfg`` of the last relation model component of the model directory ``folder``
    (:func:`relation_model_names`), read without spaCy. Empty when there is no such component or its ``cfg``
    cannot be read (spaCy's loader then says why).

    Examples
    --------
    >>> import tempfile
    >>> last_relation_model_cfg(tempfile.mkdtemp())
    {}
    """
    names = relation_model_names(folder)
    if not names:
        return {}
    try:
        recorded = json.loads((Path(folder) / names[-1] / "cfg").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def check_thorough(model: str) -> None:
    """Raise :func:`no_thorough_setting` unless the model directory ``model`` records a usable thorough setting
    in the component :func:`~allegiance.nlp.assemble.add_relation_model` reads it from
    (:func:`last_relation_model_cfg`, without spaCy; the shipped model is checked where it is loaded).

    Examples
    --------
    >>> check_thorough(SHIPPED_RELATION_MODEL)
    >>> import tempfile
    >>> check_thorough(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: the relation model in ... records no usable thorough setting; run it without thorough (the shipped model records one)
    """
    if model == SHIPPED_RELATION_MODEL:
        return
    if thorough_setting(last_relation_model_cfg(model)) is None:
        raise no_thorough_setting(model)
