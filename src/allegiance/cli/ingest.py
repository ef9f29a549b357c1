"""``allegiance ingest``: store documents and their relations."""

from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer

from allegiance.cli.app import app, cli_errors, console, report_error
from allegiance.cli.options import (
    ActorsOpt,
    DateColumnOpt,
    DateFromFilenameOpt,
    DateOpt,
    DbOpt,
    MaxCharsOpt,
    MaxSentenceOpt,
    ModelOpt,
    NoSplitOpt,
    PathsArg,
    QuietOpt,
    RulesOnlyOpt,
    TextColumnOpt,
    ThoroughOpt,
    TitleColumnOpt,
    WithModelOpt,
    paths_of,
    reader_options,
    relation_model_option,
    thorough_option,
)
from allegiance.cli.extract import DaskOpt, PipelineOpt, WorkersOpt, optional_dask_client, refuse_actors_with_pipeline
from allegiance.cli.progress import progress_counter
from allegiance.distributed import worker_store_url
from allegiance.pipeline import default_workers, ingest_into_store
from allegiance.store import open_store

__all__ = ["ingest"]


@app.command()
def ingest(
    paths: List[str] = PathsArg,
    db: str = DbOpt,
    no_extract: bool = typer.Option(False, "--no-extract", help="Store the text only; extract later."),
    actors: Optional[str] = ActorsOpt,
    text_column: str = TextColumnOpt,
    date_column: Optional[str] = DateColumnOpt,
    title_column: Optional[str] = TitleColumnOpt,
    no_split: bool = NoSplitOpt,
    date: Optional[str] = DateOpt,
    date_from_filename: bool = DateFromFilenameOpt,
    max_chars: int = MaxCharsOpt,
    max_sentence_tokens: int = MaxSentenceOpt,
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Documents per transaction."),
    workers: Optional[int] = WorkersOpt,
    dask: Optional[str] = DaskOpt,
    pipeline: Optional[str] = PipelineOpt,
    model: Optional[str] = ModelOpt,
    with_model: bool = WithModelOpt,
    rules_only: bool = RulesOnlyOpt,
    thorough: bool = ThoroughOpt,
    as_json: bool = typer.Option(False, "--json", help="Print the run's counts as JSON."),
    quiet: bool = QuietOpt,
) -> None:
    """Store documents (de-duplicated) and, unless --no-extract, their relations.

    Idempotent (the same input twice stores nothing new) and resumable (after a
    crash, run the same command again). Exit code 1 when any input was rejected.
    """
    refuse_actors_with_pipeline(actors, pipeline)
    relation_model = relation_model_option(model, with_model, rules_only, pipeline)
    thorough = thorough_option(thorough, pipeline)
    workers = workers or default_workers()
    if dask is not None and not no_extract:
        with cli_errors():
            worker_store_url(db)  # an in-memory store cannot reach the workers: say so before starting
    with cli_errors(), open_store(db) as store, progress_counter("ingesting", quiet=quiet) as update, \
            optional_dask_client(None if no_extract else dask, workers) as client:
        store.verify()  # a corrupted store is refused before anything is read or written
        report = ingest_into_store(
            paths_of(paths),
            store,
            extract=not no_extract,
            options=reader_options(text_column, date_column, title_column, no_split, max_chars,
                                   date=date, date_from_filename=date_from_filename),
            actors_path=actors,
            pipeline_path=pipeline,
            relation_model=relation_model,
            thorough=thorough,
            max_sentence_tokens=max_sentence_tokens,
            on_error=report_error,
            on_progress=update,
            batch_size=batch_size,
            workers=workers,
            dask=client,
            store_url=db,
            stdin=sys.stdin.buffer,
        )
    if report.renamed:
        typer.echo(
            f"note: {report.renamed} documents came with an id already used by another text; each was "
            "stored under ID~CONTENTHASH (the given id is kept as supplied_id). To keep your ids, make "
            "them unique across inputs (e.g. prefix each file's ids with its name).",
            err=True,
        )
    if as_json:
        typer.echo(json.dumps(report.to_dict()))
    elif not quiet:
        console.print(
            f"read {report.read}, stored {report.stored}, already stored {report.skipped_existing}, "
            f"duplicates {report.duplicates_exact} exact + {report.duplicates_near} near, "
            f"renamed {report.renamed}, "
            f"rejected {report.rejected}, relations {report.relations} -> {db}",
            highlight=False,
        )
    if report.rejected:
        raise typer.Exit(1)
