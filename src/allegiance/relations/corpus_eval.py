"""Score relation extraction on the labelled corpus (``data/relations``), split by split.

The final annotation of every document of the split (:meth:`Corpus.final`)
becomes sentence-level gold: each labelled relation a ``pos``/``neg`` pair,
each *none* pair a neutral one (a prediction on it is a false positive). The
pipeline runs on the stored document texts, its relations are mapped to the
annotated sentences by offset, and :func:`allegiance.relations.evaluate.
score_predictions` scores them. On top of P/R/F1 per sign this reports the
recall of the relations carrying each phenomenon tag, and the false positives
the extractor produces on each kind of *none* pair.

Examples
--------
>>> from allegiance.relations.corpus import corpus_from_records
>>> gold, _ = corpus_gold(corpus_from_records([_EXAMPLE_DOC], [_EXAMPLE_ANNOTATION]), split="dev")
>>> [(g["source"], g["target"], g["polarity"]) for g in gold]
[('France', 'United Kingdom', 'pos')]
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Mapping

from allegiance.actors.kb import load_knowledge_base
from allegiance.errors import EmptyInputError, MalformedRecordError, UnreadableInputError
from allegiance.model import Document
from allegiance.relations.corpus import PHENOMENA, Corpus, CorpusDocument, DocumentAnnotation, load_corpus
from allegiance.relations.calibration import reliability
from allegiance.relations.evaluate import (EvaluationResult, _mirror_for_undirected, format_report,
                                           relations_to_predictions, score_predictions)
from allegiance.relations.evaluate_scoring import prediction_outcomes
from allegiance.relations.model.combine import MODEL_RULE
from allegiance.relations.pipeline import build_pipeline, extract_relations

__all__ = ["confidence_reliability", "corpus_gold", "corpus_predictions", "evaluate_corpus", "format_corpus_report",
           "outcomes_by_method"]

_EXAMPLE_DOC = {"id": "d", "title": "T", "text": "T\n\nFrance backed Britain.", "date": "2020-01-01", "source": "s",
                "licence": "CC0", "attribution": "-", "topic": "international", "split": "dev", "url": "u"}
_EXAMPLE_ANNOTATION = {
    "doc_id": "d", "annotator": "x", "sentences": [{"start": 3, "end": 25}],
    "mentions": [{"id": "m1", "sentence": 0, "start": 3, "end": 9, "text": "France", "actor": "FRA"},
                 {"id": "m2", "sentence": 0, "start": 17, "end": 24, "text": "Britain", "actor": "GBR"}],
    "pairs": [{"sentence": 0, "actors": ["FRA", "GBR"], "relations": [
        {"source": "FRA", "target": "GBR", "sign": 1, "type": "support", "time": "current", "directed": True}]}]}


def _names_of(kb, ann: DocumentAnnotation, actor_id: str) -> list[str]:
    actor = kb.get(actor_id)
    names = [actor.name, *list(actor.aliases)[:8]] if actor else []
    names += [n.name for n in ann.new_actors if n.id == actor_id]
    # the annotator's own words for the actor; an actor the knowledge base lacks is often only ever named by a
    # group noun ("opposition activists"), so those count for it (for a known actor they are too generic)
    forms = ("name", "metonym", "group", "nominal") if actor_id.startswith("NEW:") else ("name", "metonym")
    names += [m.text for m in ann.mentions if m.actor == actor_id and m.form in forms]
    return list(dict.fromkeys(names)) or [actor_id]


def corpus_gold(corpus: Corpus, *, split: str | None = None, kb=None,
                ) -> tuple[list[dict], list[tuple[CorpusDocument, DocumentAnnotation]]]:
    """Gold pair records (the format of :mod:`allegiance.relations.evaluate`) for one split.

    Returns the records and the (document, final annotation) pairs they come from.
    """
    if kb is None:
        kb = load_knowledge_base()
    gold: list[dict] = []
    finals = list(corpus.finals(split))
    for doc, ann in finals:
        for pair in ann.pairs:
            sentence = doc.text[pair.sentence.start:pair.sentence.end]
            base = {"doc_id": doc.id, "sent_id": pair.sentence_index, "sentence": sentence,
                    "tags": sorted(pair.tags), "none": pair.none_kind}
            for r in pair.relations:
                src, tgt = _names_of(kb, ann, r.source), _names_of(kb, ann, r.target)
                gold.append({**base, "source": src[0], "source_alts": src[1:], "target": tgt[0],
                             "target_alts": tgt[1:], "source_id": r.source, "target_id": r.target,
                             "polarity": "pos" if r.sign > 0 else "neg",
                             "directed": r.directed, "type": r.type, "time": r.time})
            if not pair.relations:
                a, b = (_names_of(kb, ann, x) for x in pair.actors)
                gold.append({**base, "source": a[0], "source_alts": a[1:], "target": b[0], "target_alts": b[1:],
                             "source_id": pair.actors[0], "target_id": pair.actors[1],
                             "polarity": "neu", "directed": False})
    return gold, finals


def _predict(finals, nlp, n_process: int, relation_model: str | Path | None = None) -> list[dict]:
    nlp = nlp or build_pipeline(relation_model=relation_model)  # the pipeline `extract` runs
    offsets = {doc.id: [(s.start, s.end) for s in ann.sentences] for doc, ann in finals}
    documents = [Document(id=doc.id, text=doc.text, date=doc.date or None, speaker=doc.speaker) for doc, _ in finals]
    out: list[dict] = []
    for document, relations in extract_relations(documents, nlp=nlp, n_process=n_process):
        out.extend(relations_to_predictions(document, relations, offsets[document.id]))
    return out


def corpus_predictions(directory: str | Path, *, split: str | None = "dev", nlp=None, n_process: int = 1,
                       predictions: list[dict] | None = None, relation_model: str | Path | None = None,
                       ) -> tuple[list[dict], list[dict], int]:
    """The gold of one split, the pipeline's predictions on its documents (as scored: an undirected one turned
    to face its gold pair) and how many documents the split has; the arguments are :func:`evaluate_corpus`'s.

    Raises
    ------
    MalformedRecordError
        A record of the corpus cannot be read.
    EmptyInputError
        The split has no annotated document.
    """
    corpus = load_corpus(directory)
    if corpus.problems:
        raise MalformedRecordError(f"{len(corpus.problems)} unreadable record(s), first: {corpus.problems[0]}",
                                   path=str(directory), hint="run `allegiance corpus validate` and fix them")
    kb = load_knowledge_base()
    gold, finals = corpus_gold(corpus, split=split, kb=kb)
    if not finals:
        raise EmptyInputError(f"no annotated documents in split {split!r}", path=str(directory),
                              hint="annotate some, or choose another --split")
    preds = predictions if predictions is not None else _predict(finals, nlp, n_process, relation_model)
    return gold, _mirror_for_undirected([_corpus_ids(p, kb) for p in preds], gold), len(finals)


def _corpus_ids(prediction: dict, kb) -> dict:
    """``prediction`` with its ends' actor ids as the corpus writes them: an actor the knowledge base lacks
    becomes ``NEW:`` (the strict score asks only that such an end is new to the knowledge base there too)."""
    if "source_ids" not in prediction:
        return prediction
    return dict(prediction, **{key: [i if i in kb or i.startswith("NEW:") else "NEW:" + i
                                                    for i in prediction.get(key) or ()]
                               for key in ("source_ids", "target_ids")})


def evaluate_corpus(directory: str | Path, *, split: str | None = "dev", nlp=None, n_process: int = 1,
                    predictions: list[dict] | None = None, predictions_out: str | Path | None = None,
                    worst: int = 20, relation_model: str | Path | None = None) -> EvaluationResult:
    """P/R/F1 per sign on one split of the corpus, with recall per phenomenon in ``extra``.

    Parameters
    ----------
    directory : path
        The corpus directory (``data/relations``).
    split : {"train", "dev", "test"} or None
        Only documents of this split (``None``: every annotated document).
    predictions : list of dict, optional
        Score these instead of running the pipeline (for tests and other extractors).
    predictions_out : path, optional
        Also write the predictions as JSONL.
    relation_model : path or "shipped", optional
        Without ``nlp``: the rules with this trained relation model added; None, the rules alone.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "annotations").mkdir()
    >>> _ = (d / "documents.jsonl").write_text(json.dumps(_EXAMPLE_DOC))
    >>> _ = (d / "annotations" / "x.jsonl").write_text(json.dumps(_EXAMPLE_ANNOTATION))
    >>> pred = {"doc_id": "d", "sent_id": 0, "source": "France", "target": "Britain", "polarity": "pos"}
    >>> r = evaluate_corpus(d, split="dev", predictions=[pred])
    >>> r.micro.f1, r.extra["recall_by_phenomenon"]["untagged"]["recall"]
    (1.0, 1.0)
    """
    gold, preds, documents = corpus_predictions(directory, split=split, nlp=nlp, n_process=n_process,
                                                predictions=predictions, relation_model=relation_model)
    if predictions_out:
        _write_predictions(Path(predictions_out), preds)
    result = score_predictions(gold, preds, worst=worst)
    strict = None
    if preds and all("source_ids" in p for p in preds):
        s = score_predictions(gold, preds, worst=0, match="ids")
        strict = {"micro": asdict(s.micro), "pos": asdict(s.pos), "neg": asdict(s.neg)}
    recall = {}
    for tag in (*PHENOMENA, None):
        subset = [g for g in gold if g["polarity"] != "neu" and (tag in g["tags"] if tag else not g["tags"])]
        if subset:
            r = score_predictions(subset, preds, worst=0).micro
            recall[tag or "untagged"] = {"gold": r.tp + r.fn, "found": r.tp, "recall": r.recall}
    none_fp = _false_positives_on_none(gold, preds)
    extra = {"corpus": str(directory), "split": split, "documents": documents, "strict_actor_ids": strict,
             "recall_by_phenomenon": recall,
             "false_positives_on_none": none_fp, "confidence": confidence_reliability(gold, preds)}
    return EvaluationResult(**{**{f: getattr(result, f) for f in result.__dataclass_fields__},
                               "task": "corpus", "extra": extra})


def _write_predictions(path: Path, predictions: list[dict]) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            for p in predictions:
                handle.write(json.dumps(p, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise UnreadableInputError(f"cannot write the predictions ({exc.strerror})", path=str(path)) from exc


def _false_positives_on_none(gold: list[dict], predictions: list[dict]) -> dict[str, dict[str, int]]:
    """Per none kind: how many labelled none pairs the extractor put a relation on."""
    out = {}
    for kind in sorted({g["none"] for g in gold if g["polarity"] == "neu"}):
        subset = [g for g in gold if g["polarity"] == "neu" and g["none"] == kind]
        confusion = score_predictions(subset, predictions, worst=0).confusion["neu"]
        out[kind] = {"pairs": len(subset), "predicted_relation": confusion.get("pos", 0) + confusion.get("neg", 0)}
    return out


def outcomes_by_method(gold: list[dict], predictions: list[dict]) -> dict[str, tuple[list[float], list[bool]]]:
    """Per method (``rules``, and ``model`` for the relations a trained model added): the confidence of every
    prediction the scorer counted and whether it is right
    (:func:`~allegiance.relations.evaluate_scoring.prediction_outcomes`).

    Examples
    --------
    >>> g = [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B", "polarity": "pos"}]
    >>> p = [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B", "polarity": "pos", "confidence": 0.8,
    ...       "rule": "verb"}]
    >>> outcomes_by_method(g, p)
    {'rules': ([0.8], [True])}
    """
    rows: dict[str, tuple[list[float], list[bool]]] = {}
    for p, right in zip(predictions, prediction_outcomes(gold, predictions)):
        if right is not None and p.get("confidence") is not None:
            confidences, outcomes = rows.setdefault("model" if p.get("rule") == MODEL_RULE else "rules", ([], []))
            confidences.append(float(p["confidence"]))
            outcomes.append(right)
    return {method: rows[method] for method in sorted(rows)}


def confidence_reliability(gold: list[dict], predictions: list[dict]) -> dict[str, dict]:
    """Per method (:func:`outcomes_by_method`): whether the predictions' confidences say how often they are right
    (:func:`~allegiance.relations.calibration.reliability`).

    Examples
    --------
    >>> g = [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B", "polarity": "pos"}]
    >>> p = [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B", "polarity": "pos", "confidence": 0.8,
    ...       "rule": "verb"}]
    >>> confidence_reliability(g, p)["rules"]["precision"]
    100.0
    """
    return {method: reliability(*rows) for method, rows in outcomes_by_method(gold, predictions).items()}


def format_corpus_report(result: EvaluationResult) -> str:
    """:func:`format_report` plus the corpus lines: documents, recall per phenomenon.

    Examples
    --------
    >>> from allegiance.relations.evaluate import score_predictions
    >>> "recall by phenomenon" in format_corpus_report(score_predictions([], []))
    True
    """
    extra: Mapping[str, Any] = result.extra or {}
    lines = [f"corpus: {extra.get('corpus', '-')}   split: {extra.get('split')}   documents: "
             f"{extra.get('documents', 0)}", format_report(result)]
    strict = extra.get("strict_actor_ids")
    if strict:
        m = strict["micro"]
        lines.append(f"strict (ends must be the gold actors, not only match by name): P {m['precision'] * 100:.2f}"
                     f"  R {m['recall'] * 100:.2f}  F1 {m['f1'] * 100:.2f}  (TP {m['tp']}, FP {m['fp']}, FN {m['fn']})")
    lines.append("recall by phenomenon:")
    for tag, r in (extra.get("recall_by_phenomenon") or {}).items():
        lines.append(f"  {tag:16}{r['recall'] * 100:8.2f}   ({r['found']} of {r['gold']})")
    lines.append("relations predicted on labelled none pairs, by kind:")
    for kind, r in (extra.get("false_positives_on_none") or {}).items():
        lines.append(f"  {kind:16}{r['predicted_relation']:8d} of {r['pairs']}")
    lines.append("confidence against the share right (calibration error: 0 when they agree):")
    for method, r in (extra.get("confidence") or {}).items():
        lines.append(f"  {method:16}{r['relations']:8d} relations, {r['precision']:.1f}% right at a mean confidence of "
                     f"{r['mean_confidence']:.1f}% (error {r['calibration_error']:.3f})")
    return "\n".join(lines)
