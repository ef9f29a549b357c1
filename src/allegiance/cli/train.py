"""``allegiance train``: train the relation model on a labelled corpus (issue 15)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import List, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from allegiance.cli.app import app, cli_errors, console, err_console
from allegiance.errors import ConfigError, EmptyInputError, MalformedRecordError
from allegiance.nlp.model_dir import CANDIDATE_ROUTES, MENTION_SETTINGS, mention_settings, relation_model_path

__all__ = ["calibrate", "train"]


#: epochs when --epochs is not given, per family (the shipped models' settings)
DEFAULT_EPOCHS = {"cnn": 15, "transformer": 3}
FAMILIES = tuple(DEFAULT_EPOCHS)
#: the teacher's share of the loss when --teacher is given without --distil-weight
DISTIL_WEIGHT = 0.5


@app.command()
def train(
    corpus: Path = typer.Option(..., "--corpus", help="The labelled corpus directory (data/relations format)."),
    out: Path = typer.Option(..., "--out", help="Directory to write the trained model to (a spaCy pipeline)."),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed and corpus give the same model."),
    epochs: Optional[int] = typer.Option(None, "--epochs", min=1,
                                         help="Passes over the training documents (cnn 15, transformer 3)."),
    family: str = typer.Option("cnn", "--family",
                               help="cnn: spaCy's CNN (default install, minutes); transformer: fine-tuned "
                                    "all-MiniLM-L6-v2 run on ONNX Runtime (pip install -e '.[train]'; about "
                                    "an hour on 2 CPU cores)."),
    screen: Optional[Path] = typer.Option(
        None, "--screen", metavar="CNN_DIR",
        help="transformer only: put this CNN model first to choose the candidates the transformer scores "
             "(the shipped model: a cascade with the CNN it ships)."),
    screen_none_below: float = typer.Option(0.45, "--screen-none-below", min=0.0, max=1.0,
                                            help="with --screen: score only candidates whose CNN probability "
                                                 "of none is below this (chosen on dev)."),
    merge_threshold: Optional[float] = typer.Option(None, "--merge-threshold", min=0.0, max=1.0,
                                                    help="transformer only: the confidence a model relation "
                                                         "needs, recorded in the model (merge default if unset)."),
    merge_routes: Optional[str] = typer.Option(
        None, "--merge-routes", metavar="ROUTES",
        help="transformer only: comma-separated candidate routes (sentence, reference, quote) whose "
             "predictions may become relations, recorded in the model (every route if unset)."),
    pipeline_none: int = typer.Option(
        0, "--pipeline-none", min=0, metavar="N",
        help="transformer only: also train on N candidate pairs the rule pipeline makes on the train "
             "documents and no annotator listed, labelled none (the shipped model: 6000)."),
    pipeline_listed: bool = typer.Option(
        False, "--pipeline-listed",
        help="transformer only: also train on the candidate pairs the rule pipeline makes on the train "
             "documents that an annotator listed, with their labels (on the pipeline's own mentions)."),
    group_mentions: bool = typer.Option(
        False, "--group-mentions",
        help="transformer only: candidates include group nouns ('anti-government protesters'), in training "
             "and in the saved model (and its --screen); short for --mention group."),
    mention: Optional[List[str]] = typer.Option(
        None, "--mention", metavar="KIND",
        help="transformer only, repeatable: candidates also pair this kind of mention outside the actor spans, "
             "in training and in the saved model: adjectival ('the Russian invasion'), reference (pronouns, "
             "'the party'), first_person (on by default), group."),
    threads: int = typer.Option(1, "--threads", min=1,
                                help="transformer only: torch CPU threads (the shipped model: 2)."),
    layers: Optional[int] = typer.Option(
        None, "--layers", min=1, max=6, metavar="N",
        help="transformer only: fine-tune only the base encoder's first N of its 6 layers (faster to run; "
             "all 6 if unset)."),
    teacher: Optional[str] = typer.Option(None, "--teacher", metavar="MODEL", help="transformer only: distil from "
                                          "this trained model ('shipped' or a folder; with --layers, a faster copy)."),
    distil_weight: float = typer.Option(DISTIL_WEIGHT, "--distil-weight", min=0.01, max=1.0,
                                        help="with --teacher: the teacher's share of the loss."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Train the relation model on the corpus's train split, pick the epoch and calibrate its
    confidence on dev (never test), save it to OUT, and fit the confidence scale of its relations in the
    pipeline on dev (as allegiance calibrate does). Prints the dev scores and the fit as JSON."""
    _require_corpus(corpus)
    _check_options(family, (screen is not None, merge_threshold is not None, merge_routes is not None, pipeline_none,
                            pipeline_listed, group_mentions, mention, threads != 1, layers is not None,
                            teacher is not None),
                   distil_weight_alone=distil_weight != DISTIL_WEIGHT and teacher is None)
    epochs = epochs or DEFAULT_EPOCHS[family]
    mentions = _mentions([*(mention or []), *(["group"] if group_mentions else [])])
    packaging = _packaging(merge_threshold, _merge_routes(merge_routes), mentions, screen, screen_none_below)
    trainer = _trainer(family, packaging, pipeline_none=pipeline_none, pipeline_listed=pipeline_listed,
                       mentions=mentions, threads=threads, layers=layers, teacher=teacher, distil_weight=distil_weight)
    _require_out(out)
    with cli_errors():
        result = _run(trainer, corpus, out, seed=seed, epochs=epochs, quiet=quiet)
        report = {**result.to_dict(), "relation_confidence": _calibrate(corpus, out)}
        console.print(json.dumps(report, indent=1))
    rejected = getattr(result, "rejected", ())
    for problem in rejected:
        err_console.print(f"rejected: {problem} (fix the record and train again to use it)")
    if rejected:
        raise typer.Exit(1)


def _packaging(merge_threshold: float | None, routes: list[str] | None, mentions: dict[str, bool],
               screen: Path | None, screen_none_below: float) -> dict:
    """:func:`save_transformer_pipeline`'s settings; a screen that is no model exits 1 now, not after an hour
    of training."""
    packaging = {"merge_threshold": merge_threshold, "merge_routes": routes, **mentions}
    if screen is not None:
        with cli_errors():
            relation_model_path(screen.resolve())
        packaging.update(screen=screen, screen_none_below=screen_none_below)
    return packaging


def _check_options(family: str, transformer_options: tuple, *, distil_weight_alone: bool) -> None:
    """Exit 2 with one line for an unknown ``family``, for any of the ``transformer_options`` given (true) to the
    CNN family, or for ``--distil-weight`` without ``--teacher``."""
    if family not in FAMILIES:
        err_console.print(f"error: --family {family!r} is not one of {', '.join(FAMILIES)}")
        raise typer.Exit(2)
    if distil_weight_alone:
        err_console.print("error: --distil-weight needs --teacher MODEL (the model whose probabilities it weighs)")
        raise typer.Exit(2)
    if family == "cnn" and any(transformer_options):
        err_console.print("error: --screen, --merge-threshold, --merge-routes, --pipeline-none, --pipeline-listed, "
                          "--group-mentions, --mention, --threads, --layers and --teacher are for --family transformer")
        raise typer.Exit(2)


def _require_corpus(corpus: Path) -> None:
    """Exit 1 with one line unless ``corpus`` is a directory."""
    if not corpus.is_dir():
        err_console.print(f"error: {corpus} is not a directory; pass the corpus directory, e.g. data/relations")
        raise typer.Exit(1)


def _require_out(out: Path) -> None:
    """Make the model folder ``out`` (and the folders above it) now, or exit 1 with one line: a model that
    cannot be saved would be lost after the hour of training, not before it."""
    if out.exists() and not out.is_dir():
        err_console.print(f"error: {out} is a file; pass a folder to save the model in with --out")
        raise typer.Exit(1)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with TemporaryDirectory(dir=out):
            pass  # the folder exists and takes new files
    except OSError as exc:
        err_console.print(f"error: cannot write the model to {out} ({exc.strerror}); pass a folder you can "
                          "write to with --out")
        raise typer.Exit(1) from exc


def _run(trainer, corpus: Path, out: Path, *, seed: int, epochs: int, quiet: bool):
    """Run ``trainer`` with a progress bar (one step per epoch, the dev F1 beside it) unless ``quiet``; where
    stderr is no terminal (a log file, a job), one line per epoch instead, so an hour's run is not silent."""
    if quiet:
        return trainer(corpus, out, seed=seed, epochs=epochs)
    if not err_console.is_terminal:
        started = time.monotonic()

        def epoch_line(epoch: int, total: int, f1: float) -> None:
            minutes = (time.monotonic() - started) / 60
            err_console.print(f"training: epoch {epoch}/{total} done, dev F1 {f1:.1f}, {minutes:.1f} min")

        return trainer(corpus, out, seed=seed, epochs=epochs, progress=epoch_line)
    columns = [TextColumn("training"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
               TimeElapsedColumn()]
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("", total=epochs)
        return trainer(corpus, out, seed=seed, epochs=epochs,
                       progress=lambda epoch, total, f1: progress.update(task, completed=epoch,
                                                                         description=f"dev F1 {f1:.1f}"))


def _mentions(kinds: list[str]) -> dict[str, bool]:
    """The mention settings ``--mention`` switches on; a usage error (exit 2) for an unknown kind."""
    wanted = dict.fromkeys(sorted(f"{kind.strip()}_mentions" for kind in kinds), True)
    try:
        mention_settings(wanted, only=True)
    except ConfigError:
        unknown = next(name for name in wanted if name not in MENTION_SETTINGS)
        choices = ", ".join(name.removesuffix("_mentions") for name in MENTION_SETTINGS)
        err_console.print(f"error: --mention {unknown.removesuffix('_mentions')!r}: give one of {choices}")
        raise typer.Exit(2) from None
    return wanted


def _merge_routes(merge_routes: str | None) -> list[str] | None:
    """The routes of ``--merge-routes`` (None when not given); a usage error (exit 2) for an unknown one."""
    routes = None if merge_routes is None else [r.strip() for r in merge_routes.split(",") if r.strip()]
    if routes is not None and (not routes or set(routes) - set(CANDIDATE_ROUTES)):
        err_console.print(f"error: --merge-routes {merge_routes!r}: give some of {', '.join(CANDIDATE_ROUTES)}, "
                          "comma-separated")
        raise typer.Exit(2)
    return routes


def _trainer(family: str, packaging: dict | None = None, *, pipeline_none: int = 0, pipeline_listed: bool = False,
             mentions: dict[str, bool] | None = None, threads: int = 1, layers: int | None = None,
             teacher: str | None = None, distil_weight: float = DISTIL_WEIGHT):
    """The training function of ``family``: ``(corpus, out, seed=, epochs=, progress=)`` -> result;
    ``packaging``: :func:`save_transformer_pipeline`'s screen settings for the transformer;
    ``pipeline_none``, ``pipeline_listed``, ``mentions``, ``threads``, ``layers``, ``teacher``, ``distil_weight``:
    :func:`train_transformer_pairs`'s settings."""
    if family == "cnn":
        from allegiance.relations.model.train import train_relation_model

        return train_relation_model
    try:
        from allegiance.relations.model.transformer_train import train_transformer_pairs
    except ImportError as exc:
        err_console.print(f"error: --family transformer needs the training extra ({exc.name} is missing); "
                          "install it with: pip install -e '.[train]'")
        raise typer.Exit(1) from exc
    from allegiance.relations.model.transformer_component import save_transformer_pipeline

    def train_transformer(corpus, out, *, seed, epochs, progress=None):
        with TemporaryDirectory(prefix="allegiance-transformer-") as weights:
            result = train_transformer_pairs(corpus, weights, seed=seed, epochs=epochs, progress=progress,
                                             pipeline_none=pipeline_none, pipeline_listed=pipeline_listed,
                                             mentions=mentions, threads=threads, layers=layers, teacher=teacher,
                                             distil_weight=distil_weight)
            save_transformer_pipeline(weights, out, **(packaging or {}))
        result.out = Path(out)
        return result

    return train_transformer


def _calibrate(corpus: Path, model: Path | str, *, split: str = "dev", record: bool = True,
               check: bool = False) -> dict:
    """Fit the model relations' confidence scale on ``split`` and (``record``) write it into the model, or
    (``check``) measure the scale the model records on ``split``; the report as JSON (an empty split or an
    unreadable record: the reason, nothing recorded)."""
    from allegiance.relations.model.relation_confidence import (check_relation_confidence, fit_relation_confidence,
                                                                 record_relation_confidence)

    try:
        fit = (check_relation_confidence if check else fit_relation_confidence)(corpus, model, split=split)
    except (EmptyInputError, MalformedRecordError) as exc:  # an empty split, an unreadable record: nothing fitted
        return {"split": split, "skipped": str(exc)}
    report = fit.to_dict()
    if check:
        report["checked"] = "the scale recorded in the model, not fitted here"
    elif record:
        report["recorded_in"] = str(record_relation_confidence(model, fit.scale))
    return report


@app.command()
def calibrate(
    corpus: Path = typer.Option(..., "--corpus", help="The labelled corpus directory (data/relations format)."),
    model: str = typer.Option(..., "--model", metavar="DIR",
                              help="The relation model (allegiance train --out DIR; 'shipped': the packaged one)."),
    split: str = typer.Option("dev", "--split", help="The labelled split to fit on (dev), or with --check to check "
                              "on (test)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Fit and report, but leave the model as it is."),
    check: bool = typer.Option(False, "--check", help="Fit nothing: report how the scale the model records "
                               "(fitted on dev) fits --split, e.g. test."),
    out: Optional[Path] = typer.Option(None, "--out", help="Also write the report as JSON here."),
) -> None:
    """Fit the confidence of the model's relations to how often they are right on a labelled split, and
    record the scale in the model: every pipeline with the model then reports a model relation's
    confidence as the share of such relations that are right. Prints the fit (relations, precision, mean
    confidence and calibration error before and after) as JSON; the rule relations are reported beside it."""
    _require_corpus(corpus)
    if split not in ("train", "dev", "test") or (split == "test" and not check):
        err_console.print(f"error: --split {split!r}: fit on dev (or train); test only with --check, which fits "
                          "nothing and reports how the recorded scale fits it")
        raise typer.Exit(2)
    with cli_errors():
        relation_model_path(model)
        report = _calibrate(corpus, model, split=split, record=not (dry_run or check), check=check)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    console.print(json.dumps(report, indent=1))
    if "skipped" in report:
        err_console.print(f"error: nothing fitted: {report['skipped']}")
        raise typer.Exit(1)


@app.command("fit-direction")
def fit_direction(
    corpus: Path = typer.Option(..., "--corpus", help="The labelled corpus directory (data/relations format)."),
    model: str = typer.Option(..., "--model", metavar="DIR",
                              help="A transformer relation model (allegiance train --family transformer --out DIR; "
                                   "'shipped': the packaged one)."),
    max_reversed: Optional[float] = typer.Option(None, "--max-reversed", min=0.0, max=1.0,
                                                 help="The share of directed dev relations a decided direction "
                                                      "may get the wrong way round; sets the head's threshold "
                                                      "(default 0.03)."),
) -> None:
    """Fit the model's direction head (which actor of a model relation acts on the other) on the corpus's train
    split, choose its threshold on dev, and record it in the model (``direction.json``): model relations are
    then directed where the head is sure, undirected elsewhere. `allegiance train --family transformer` fits
    one already; this is for a model trained without it. Prints the head's record as JSON."""
    _require_corpus(corpus)
    with cli_errors():
        relation_model_path(model)
        from allegiance.relations.model.direction_train import add_direction_head

        head = add_direction_head(model, corpus, **({} if max_reversed is None else {"max_reversed": max_reversed}))
    console.print(json.dumps({"threshold": head.threshold, **head.info}, indent=1))
