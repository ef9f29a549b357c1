"""``allegiance corpus validate|stats DIR``: check and count the labelled relation corpus."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Optional

import typer

from allegiance.cli.app import app, cli_errors, console, err_console, report_error

__all__ = ["agreement_command", "corpus_app", "disagreements_command", "draft", "find_actor_command", "stats", "todo", "validate"]

corpus_app = typer.Typer(help="The labelled relation corpus (data/relations): validate it, count it.",
                         no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

_DIR = typer.Argument(Path("data/relations"), help="The corpus directory (documents.jsonl, annotations/).")


def _reserved(directory: Path, reserved: Optional[Path]) -> tuple[frozenset[str] | None, str]:
    from allegiance.relations.reserved import find_reserved_file, load_reserved_titles

    path = reserved or find_reserved_file(directory)
    if path is None:
        return None, "reserved-title check skipped: no shared/data/RESERVED_TITLES.sha256 found (give --reserved)"
    return load_reserved_titles(path), f"reserved titles checked against {path}"


@corpus_app.command()
def validate(
    directory: Path = _DIR,
    reserved: Optional[Path] = typer.Option(
        None, "--reserved", help="RESERVED_TITLES.sha256 (default: shared/data/ beside a parent of DIR, if any)."),
) -> None:
    """Check every document and annotation; print one line per problem; exit 1 when any."""
    from allegiance.relations.corpus import load_corpus
    from allegiance.relations.corpus_validate import validate_corpus

    with cli_errors():
        reserved_titles, note = _reserved(directory, reserved)
        corpus = load_corpus(directory)
        problems = validate_corpus(corpus, reserved_titles=reserved_titles)
    err_console.print(note, highlight=False, markup=False, soft_wrap=True)
    for problem in problems:
        report_error(str(problem))
    console.print(f"{len(corpus.documents)} documents, {len(corpus.annotations)} annotations: "
                  f"{len(problems)} problem(s)", highlight=False, markup=False)
    if unbuilt := sum(not d.text_built for d in corpus.documents.values()):
        err_console.print(f"{unbuilt} documents are known from their manifests only: their labels were checked "
                          "without the text; rebuild the text (data/relations/SOURCES.md) to check the spans too",
                          highlight=False, markup=False, soft_wrap=True)
    if problems:
        raise typer.Exit(1)


@corpus_app.command()
def manifest(directory: Path = _DIR) -> None:
    """Write manifests/<source>.jsonl (every field but the text, plus its SHA-256 and length) for every
    rebuilt documents-<source>.jsonl, so labels on text that is not committed can be committed and checked."""
    from allegiance.relations.corpus_manifest import write_manifests

    with cli_errors():
        counts = write_manifests(directory)
    for name, n in counts.items():
        console.print(f"manifests/{name}.jsonl: {n} documents", highlight=False, markup=False)
    if not counts:
        err_console.print(f"no documents-<source>.jsonl in {directory}; build them first (data/relations/SOURCES.md)")
        raise typer.Exit(1)


def _load_reporting_unreadable(directory: Path):
    """The corpus, saying in one line how many unreadable records were left out and what to run."""
    from allegiance.relations.corpus import load_corpus

    with cli_errors():
        corpus = load_corpus(directory)
    if corpus.problems:
        err_console.print(f"{len(corpus.problems)} unreadable record(s) left out; run `allegiance corpus "
                          "validate` for details", highlight=False, markup=False)
    return corpus


@corpus_app.command()
def stats(
    directory: Path = _DIR,
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Documents per source, licence, year, topic and split; pairs, relations, sign shares,
    relations per phenomenon, none pairs per kind, double-annotated share and agreement."""
    from allegiance.relations.agreement import corpus_stats, format_stats
    from allegiance.relations.corpus import load_corpus

    corpus = _load_reporting_unreadable(directory)
    counts = corpus_stats(corpus)
    if as_json:
        typer.echo(json.dumps(counts, indent=1, ensure_ascii=False))
    else:
        console.print(format_stats(counts), highlight=False, markup=False, soft_wrap=True)


@corpus_app.command("agreement")
def agreement_command(
    directory: Path = _DIR,
    annotator: list[str] = typer.Option([], "--annotator", help="Only documents where this annotator wrote one of "
                                                                 "the two compared annotations (repeatable): one "
                                                                 "round of double annotation."),
    as_json: bool = typer.Option(False, "--json", help="Print the agreement as JSON."),
) -> None:
    """Pair-level agreement of the blind double annotations (relation F1, kappa on sign), overall and per
    phenomenon; `corpus stats` prints the same over every double-annotated document."""
    from allegiance.relations.agreement import annotator_agreement, format_agreement

    corpus = _load_reporting_unreadable(directory)
    found = annotator_agreement(corpus, annotators=annotator or None)
    agreement = found.to_dict() if found else None
    if as_json:
        typer.echo(json.dumps(agreement, indent=1))
    else:
        console.print(format_agreement(agreement), highlight=False, markup=False, soft_wrap=True)
    if corpus.problems:
        raise typer.Exit(1)


@corpus_app.command()
def draft(
    doc_ids: list[str] = typer.Argument(..., help="Document ids to draft."),
    directory: Path = typer.Option(Path("data/relations"), "--dir", help="The corpus directory."),
    annotator: str = typer.Option(..., "--annotator", help="Your annotator name (also the annotations file name)."),
    role: str = typer.Option("primary", "--role", help="primary, or second for a blind second annotation."),
) -> None:
    """Print one draft annotation per document (JSONL): frozen sentences, pre-found mentions and
    unlabelled candidate pairs. Check and complete it, then append it to annotations/ANNOTATOR.jsonl."""
    from allegiance.relations.corpus import load_corpus
    from allegiance.relations.corpus_draft import check_draft_role, draft_annotation
    from allegiance.relations.pipeline import build_pipeline

    with cli_errors():
        check_draft_role(role)  # before the pipeline is built
        corpus = load_corpus(directory)
        missing = [d for d in doc_ids if d not in corpus.documents]
        for doc_id in missing:
            report_error(f"{doc_id}: no such document in {directory}/documents*.jsonl")
        nlp = build_pipeline() if len(missing) < len(doc_ids) else None
        for doc_id in doc_ids:
            if doc_id in corpus.documents:
                record = draft_annotation(corpus.documents[doc_id], annotator=annotator, role=role, nlp=nlp)
                typer.echo(json.dumps(record, ensure_ascii=False))
    if missing:
        raise typer.Exit(1)


@corpus_app.command("find-actor")
def find_actor_command(query: str = typer.Argument(..., help="A name, alias or id fragment.")) -> None:
    """Knowledge-base actors matching a name (id, name, kind, parent), to pick a mention's actor id."""
    from allegiance.relations.corpus_draft import find_actor

    found = find_actor(query)
    for a in found:
        typer.echo(f"{a['id']}\t{a['name']}\t{a['kind']}\t{a['parent']}")
    if not found:
        err_console.print(f"no actor matches {query!r}: declare it in new_actors as NEW:<slug>",
                          highlight=False, markup=False)
        raise typer.Exit(1)


@corpus_app.command()
def todo(
    directory: Path = _DIR,
    annotator: str = typer.Option(..., "--annotator", help="Who the documents are for."),
    second: bool = typer.Option(False, "--second", help="Documents annotated once by someone else (blind "
                                                        "second annotation) instead of unannotated ones."),
    limit: int = typer.Option(20, "--limit", min=1, help="How many document ids."),
) -> None:
    """Print the next document ids to annotate, one per line, balanced over sources and topics."""
    from allegiance.relations.corpus import load_corpus
    from allegiance.relations.corpus_draft import annotation_queue

    with cli_errors():
        corpus = load_corpus(directory)
    for doc_id in annotation_queue(corpus, annotator=annotator, second=second, limit=limit):
        typer.echo(doc_id)


@corpus_app.command("disagreements")
def disagreements_command(
    directory: Path = _DIR,
    doc: Optional[list[str]] = typer.Option(None, "--doc", help="Only these document ids (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per disagreement."),
) -> None:
    """List, for every document annotated twice, each mention and pair the two annotations differ on
    (what the adjudicator must decide), then a count per kind."""
    from allegiance.relations.agreement import compared_annotations, corpus_disagreements
    from allegiance.relations.corpus import load_corpus

    with cli_errors():
        corpus = load_corpus(directory)
    unknown = [d for d in doc or () if d not in corpus.documents]
    for doc_id in unknown:
        report_error(f"{doc_id}: no such document in {directory}/documents*.jsonl")
    found = corpus_disagreements(corpus, [d for d in doc if d in corpus.documents] if doc else None)
    named: set[str] = set()
    for item in found:
        if not as_json and item.doc_id not in named:
            named.add(item.doc_id)
            a, b = compared_annotations(corpus, item.doc_id)
            typer.echo(f"# {item.doc_id}: A = {a.annotator} ({a.role}), B = {b.annotator} ({b.role})")
        typer.echo(json.dumps(asdict(item), ensure_ascii=False) if as_json else str(item))
    counts = Counter(item.kind for item in found)
    err_console.print(f"{len(found)} disagreement(s): " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "-"),
                      highlight=False, markup=False)
    if unknown:
        raise typer.Exit(1)
