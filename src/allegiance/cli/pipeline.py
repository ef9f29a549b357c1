"""``allegiance pipeline save DIR``: write the extraction pipeline to a directory.

The saved pipeline (spaCy model, actor knowledge base settings, trigger lexicon,
sentence limit and, with --model/--with-model, the trained relation model's weights) is what ``allegiance extract --pipeline DIR`` and ``allegiance
ingest --pipeline DIR`` run, in this process, in worker processes and on Dask
workers alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from allegiance.cli.app import app, cli_errors, console
from allegiance.cli.options import (ActorsOpt, MaxSentenceOpt, ModelOpt, RulesOnlyOpt, ThoroughOpt, WithModelOpt,
                                    relation_model_option)
from allegiance.errors import ConfigError
from allegiance.pipeline import PipelineOptions  # no spaCy until a pipeline is built

__all__ = ["pipeline_app", "save"]

pipeline_app = typer.Typer(help="Save the extraction pipeline (with your lexicon and actors) for --pipeline DIR.",
                           no_args_is_help=True)
app.add_typer(pipeline_app, name="pipeline")


@pipeline_app.command()
def save(
    directory: Path = typer.Argument(..., help="Where to write the pipeline (a new or empty directory)."),
    actors: Optional[str] = ActorsOpt,
    lexicon: Optional[Path] = typer.Option(None, "--lexicon", help="Your trigger lexicon (YAML, laid out like "
                                           "the shipped relations/lexicon.yaml) instead of the shipped one."),
    max_sentence_tokens: int = MaxSentenceOpt,
    model: Optional[str] = ModelOpt,
    with_model: bool = WithModelOpt,
    rules_only: bool = RulesOnlyOpt,
    thorough: bool = ThoroughOpt,
) -> None:
    """Build the pipeline with your actors and lexicon and write it to DIRECTORY (nlp.to_disk).

    Then run it with: allegiance extract PATH --pipeline DIRECTORY (any --workers, or --dask).
    """
    relation_model = relation_model_option(model, with_model, rules_only)
    with cli_errors():
        if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
            raise ConfigError(f"{directory} exists and is not an empty directory", hint="give a new directory")
        options = PipelineOptions(actors_path=actors, lexicon_path=None if lexicon is None else str(lexicon),
                                  max_sentence_tokens=max_sentence_tokens, relation_model=relation_model,
                                  thorough=thorough)
        options.build().to_disk(directory)
    console.print(f"pipeline saved to {directory}; run it with: allegiance extract PATH --pipeline {directory}",
                  highlight=False)
