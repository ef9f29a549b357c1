"""Evaluate relation extraction against sentence-level signed gold pairs.

The gold format is the normalised JSONL of ``shared/data/relations`` (one pair
per line: ``doc_id``, ``sent_id``, ``sentence``, ``source``, ``target``,
``polarity`` in pos/neg/neu, ``directed``, optional ``source_alts`` /
``target_alts``; a ``docs.jsonl`` beside it, or an allegiance corpus ``corpus.jsonl`` as beside the bundled
demo gold, may give the full, dated article texts, which are then what the pipeline reads).

Two tasks:

* **extract** (SEESAW style): run the whole pipeline (actor stage plus NER
  fallback) over the documents and match every predicted relation to the gold
  pairs of its sentence (or document);
* **pairs** (Park et al. style, the gold names both entities and has neutral
  pairs): mark the two given mentions as the only actors, and classify the
  pair into 5 classes — neutral, p→q positive, q→p positive, p→q negative,
  q→p negative — with no relation meaning neutral.

Names match leniently (lower case, no determiners, possessives or punctuation;
equal, whole-word containment, or the same last word when the other words are
titles), as in the independent scorer in ``shared/tools``.

This module reads the gold, runs the pipeline and ties it together (:func:`evaluate_gold`,
:func:`format_report`); scoring is in :mod:`allegiance.relations.evaluate_scoring`, the
five-way pair task in :mod:`allegiance.relations.evaluate_pairs` (their names are importable
from here too).

Examples
--------
>>> gold = [{"doc_id": "d", "sent_id": 0, "sentence": "Obama blasted the Congress.",
...          "source": "Barack Obama", "target": "United States Congress", "polarity": "neg", "directed": True}]
>>> pred = [{"doc_id": "d", "sent_id": 0, "source": "President Obama", "target": "the Congress", "polarity": "neg"}]
>>> score_predictions(gold, pred).micro.f1
1.0
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from allegiance.errors import ConfigError, EmptyInputError, MalformedRecordError, UnreadableInputError
from allegiance.model import Document, Relation
from allegiance.nlp import load_model
from allegiance.relations.evaluate_pairs import choose_task, classify_pairs, five_way
from allegiance.relations.pipeline import build_pipeline, extract_relations
from allegiance.relations.evaluate_scoring import (
    PRF,
    EvaluationResult,
    PairClassification,
    mirror_for_undirected,
    names_match,
    score_predictions,
)

__all__ = [
    "PRF",
    "EvaluationResult",
    "PairClassification",
    "choose_task",
    "classify_pairs",
    "evaluate_gold",
    "format_report",
    "load_gold",
    "names_match",
    "predict_extract",
    "relations_to_predictions",
    "score_predictions",
]

# the names these had when they lived here (allegiance.relations.corpus_eval and tests use them)
_mirror_for_undirected = mirror_for_undirected
_five_way = five_way

# ----------------------------------------------------------------------------- gold

def load_gold(path: str | Path, *, split: str | None = None, limit: int | None = None) -> list[dict]:
    """Read a gold JSONL file (optionally one ``split`` only, at most ``limit`` documents).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "g.jsonl")
    >>> _ = open(p, "w").write('{"doc_id": "d", "sentence": "x", "source": "A", "target": "B", "polarity": "pos"}\\n')
    >>> len(load_gold(p))
    1
    """
    path = Path(path)
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise UnreadableInputError("cannot open the gold file", path=str(path),
                                   hint="give a JSONL file of gold pairs") from exc
    out: list[dict] = []
    docs: set[str] = set()
    with handle:
        for n, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedRecordError(f"line is not JSON ({exc.msg})", path=f"{path}:{n}",
                                           hint="one JSON object per line") from exc
            if not isinstance(rec, dict) or not {"doc_id", "source", "target", "polarity"} <= rec.keys():
                raise MalformedRecordError("a gold line needs doc_id, source, target and polarity",
                                           path=f"{path}:{n}", hint="see shared/data/relations/*/SOURCE.md")
            if rec["polarity"] not in ("pos", "neg", "neu"):
                raise MalformedRecordError(f"polarity must be pos, neg or neu, not {rec['polarity']!r}",
                                           path=f"{path}:{n}")
            if split is not None and rec.get("split") not in (None, split):
                continue
            doc_id = str(rec["doc_id"])
            if limit is not None and doc_id not in docs and len(docs) >= limit:
                continue
            docs.add(doc_id)
            out.append(rec)
    if not out:
        raise EmptyInputError("no gold pairs" + (f" in split {split!r}" if split else ""), path=str(path),
                              hint="check the file and the --split option")
    return out


#: files beside a gold file that may hold its documents' full texts: a shared data set's ``docs.jsonl``
#: (``doc_id``, ``text``, optional ``date`` and ``sentence_offsets``), else an allegiance corpus (``id``,
#: ``text``, ``date``: the bundled demo gold's briefs)
DOCUMENT_FILES = ("docs.jsonl", "corpus.jsonl")


def _load_docs(gold_path: Path, doc_ids: set[str]) -> dict[str, dict]:
    """The full texts of these documents from the first of :data:`DOCUMENT_FILES` beside the gold, if any.

    A line that is no JSON raises :class:`~allegiance.errors.MalformedRecordError`, as a gold line does:
    skipping it would read that document's gold sentences alone and undated, and score them otherwise.
    """
    docs_path = next((path for path in map(gold_path.with_name, DOCUMENT_FILES) if path.is_file()), None)
    if docs_path is None:
        return {}
    out = {}
    with open(docs_path, encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedRecordError(f"line is not JSON ({exc.msg})", path=f"{docs_path}:{n}",
                                           hint="one JSON document per line; mend or remove the line, or move "
                                                "the file away to read the gold sentences alone") from exc
            doc_id = rec.get("doc_id", rec.get("id")) if isinstance(rec, dict) else None
            if doc_id in doc_ids and rec.get("text"):
                out[doc_id] = rec
    return out


def model_sentence_offsets(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """``[start, end)`` characters of each sentence of each text as the spaCy model alone splits it: how a gold
    file without offsets numbers a document's sentences (the demo gold's ``sent_id``).

    Examples
    --------
    >>> model_sentence_offsets(["France backed Britain. Spain did not."])
    [[(0, 22), (23, 37)]]
    """
    if not texts:  # no spaCy model to load
        return []
    return [[(s.start_char, s.end_char) for s in doc.sents] for doc in load_model().pipe(texts)]



# ----------------------------------------------------------------------------- predictions

def asserting_char(relation: Relation) -> int:
    """The last non-blank character of ``relation``'s evidence: in the sentence that asserts it (evidence runs
    from the sentence naming an antecedent or a quote's speaker to the asserting sentence's end).

    Examples
    --------
    >>> doc = build_pipeline()("Unite and the GMB met on Monday. They agreed to work together.")
    >>> [(r.source.start, r.evidence.start, asserting_char(r)) for r in doc._.relations]
    [(33, 0, 61)]
    """
    return relation.evidence.start + max(0, len(relation.evidence.sentence.rstrip()) - 1)


def relations_to_predictions(document: Document, relations: Iterable[Relation],
                             sentence_offsets: Sequence[Sequence[int]] | None = None,
                             sent_id: int | None = None) -> list[dict]:
    """Gold-style prediction records for the relations of one document.

    ``sentence_offsets`` maps a relation to the gold sentence id of the sentence that asserts it: the last
    sentence of its evidence (:func:`asserting_char`), not the sentence of an antecedent or a speaker its
    evidence was widened back to.

    Examples
    --------
    >>> relations_to_predictions(Document.from_text("x", id="d"), [])
    []
    """
    out = []
    for r in relations:
        sid = sent_id
        if sentence_offsets is not None:
            mid = asserting_char(r)
            sid = next((i for i, (a, b) in enumerate(sentence_offsets) if a <= mid < b), None)
        rec = {
            "doc_id": document.id, "sentence": r.evidence.sentence,
            "source": r.source.text, "target": r.target.text,
            "source_alts": _alts(r.source.actor),
            "target_alts": _alts(r.target.actor),
            "source_ids": list(r.source.actor.member_ids) if r.source.actor else [],
            "target_ids": list(r.target.actor.member_ids) if r.target.actor else [],
            "polarity": "pos" if int(r.sign) > 0 else "neg", "directed": r.directed,
            "type": r.type.value, "confidence": r.confidence, "rule": r.rule,
        }
        if sid is not None:
            rec["sent_id"] = sid
        out.append(rec)
    return out


def _alts(actor) -> list[str]:
    """Canonical name and a few aliases of an actor, for lenient name matching."""
    if actor is None:
        return []
    return [actor.name, *list(actor.aliases)[:6]]


def ner_fallback_pipeline(relation_model: str | Path | None = None):
    """The pipeline ``extract`` runs plus the NER fallback (every entity the actors miss is an ad-hoc ``ner:``
    actor): ``allegiance evaluate --ner-fallback``, the measure before session 22."""
    return build_pipeline(ner_fallback=True, relation_model=relation_model)


def predict_extract(gold: Sequence[Mapping[str, Any]], *, gold_path: str | Path | None = None, nlp=None,
                    n_process: int = 1) -> list[dict]:
    """Run the full pipeline on the gold documents (or sentences) and return predictions.

    A document whose full text lies beside the gold (:data:`DOCUMENT_FILES`) is read whole, with its date;
    its predictions take the sentence ids of its ``sentence_offsets``, or of the spaCy model's own split
    (:func:`model_sentence_offsets`) when it has none. Any other gold sentence is read alone, undated.
    """
    nlp = nlp or build_pipeline()  # the pipeline `extract` runs
    doc_ids = {str(g["doc_id"]) for g in gold}
    full = _load_docs(Path(gold_path), doc_ids) if gold_path else {}
    unsplit = [doc_id for doc_id in sorted(full) if full[doc_id].get("sentence_offsets") is None]
    split = dict(zip(unsplit, model_sentence_offsets([full[doc_id]["text"] for doc_id in unsplit])))
    documents: list[tuple[Document, Any, Any]] = []
    for doc_id in sorted(doc_ids):
        rec = full.get(doc_id)
        if rec is not None:
            documents.append((Document(id=doc_id, text=rec["text"], date=rec.get("date")),
                              rec.get("sentence_offsets") or split.get(doc_id), None))
    covered = {d.id for d, _, _ in documents}
    seen = set()
    for g in gold:
        doc_id = str(g["doc_id"])
        key = (doc_id, g.get("sent_id"), g.get("sentence"))
        if doc_id in covered or key in seen or not g.get("sentence"):
            continue
        seen.add(key)
        documents.append((Document(id=doc_id, text=g["sentence"]), None, g.get("sent_id")))
    meta = {id(d): (offs, sid) for d, offs, sid in documents}
    out: list[dict] = []
    for document, relations in extract_relations((d for d, _, _ in documents), nlp=nlp, n_process=n_process):
        offs, sid = meta[id(document)]
        out.extend(relations_to_predictions(document, relations, offs, sid))
    return out


def evaluate_gold(path: str | Path, *, level: str = "sentence", split: str | None = None, task: str = "auto",
                  limit: int | None = None, nlp=None, predictions_out: str | Path | None = None,
                  n_process: int = 1, relation_model: str | Path | None = None) -> EvaluationResult:
    """Evaluate the extractor on a gold file; the one function behind ``allegiance evaluate``.

    Parameters
    ----------
    path : path
        Gold JSONL (``shared/data/relations/<set>/pairs.jsonl`` layout).
    level : {"sentence", "doc"}
        Matching unit.
    split : str, optional
        Keep only this ``split`` (e.g. ``"dev"``).
    task : {"auto", "extract", "pairs"}
        ``pairs`` classifies the given entity pairs (Park et al. style); ``extract``
        runs the full pipeline; ``auto`` picks by the gold's format (:func:`choose_task`)
        and records why in ``extra["task_reason"]``.
    limit : int, optional
        Evaluate on the first ``limit`` documents only.
    predictions_out : path, optional
        Also write the predictions as JSONL (for the independent scorer).
    relation_model : path or "shipped", optional
        Without ``nlp``: evaluate the rules with this trained relation model added
        (:func:`~allegiance.relations.pipeline.build_pipeline`); None, the rules alone.

    Examples
    --------
    >>> import tempfile, os, json
    >>> p = os.path.join(tempfile.mkdtemp(), "g.jsonl")
    >>> rec = {"doc_id": "d", "sent_id": 0, "sentence": "France backed Britain.", "source": "France",
    ...        "target": "Britain", "polarity": "pos", "directed": True}
    >>> _ = open(p, "w").write(json.dumps(rec) + "\\n")
    >>> evaluate_gold(p).micro.f1
    1.0
    """
    if level not in ("sentence", "doc"):
        raise ConfigError(f"unknown level {level!r}", hint="use --level sentence or --level doc")
    gold = load_gold(path, split=split, limit=limit)
    if nlp is None and relation_model is not None:
        nlp = build_pipeline(relation_model=relation_model)  # the pipeline `extract --model` runs
    task, task_reason = choose_task(gold) if task == "auto" else (task, "as asked")
    pairs = None
    if task == "pairs":
        gold_labels, pred_labels, preds = classify_pairs(gold, nlp=nlp)
        pairs = five_way(gold_labels, pred_labels)
    else:
        preds = predict_extract(gold, gold_path=path, nlp=nlp, n_process=n_process)
    preds = mirror_for_undirected(preds, gold)
    if predictions_out:
        with open(predictions_out, "w", encoding="utf-8") as handle:
            for p in preds:
                handle.write(json.dumps(p, ensure_ascii=False) + "\n")
    result = score_predictions(gold, preds, level=level)
    return EvaluationResult(**{**{f: getattr(result, f) for f in result.__dataclass_fields__},
                               "pairs": pairs, "task": task,
                               "extra": {"gold_file": str(path), "split": split, "limit": limit,
                                         "task_reason": task_reason}})


def format_report(result: EvaluationResult) -> str:
    """A plain-text report: P/R/F1 per sign, micro/macro, pair detection, confusion, worst errors.

    Examples
    --------
    >>> "micro" in format_report(score_predictions([], []))
    True
    """
    c = result.counts
    reason = result.extra.get("task_reason")
    task = f"{result.task} ({reason})\n" if reason else f"{result.task}   "
    lines = [f"task: {task}level: {result.level}   gold pos/neg/neu: {c['gold_pos']}/{c['gold_neg']}/"
             f"{c['gold_neu']}   predictions: {c['predictions']}",
             f"{'':16}{'P':>8}{'R':>8}{'F1':>8}{'TP':>7}{'FP':>7}{'FN':>7}"]
    for name, prf in (("pos", result.pos), ("neg", result.neg), ("micro", result.micro),
                      ("pair detection", result.pair_detection)):
        lines.append(f"{name:16}{prf.precision*100:8.2f}{prf.recall*100:8.2f}{prf.f1*100:8.2f}"
                     f"{prf.tp:7d}{prf.fp:7d}{prf.fn:7d}")
    lines.append(f"macro-F1 (pos, neg): {result.macro_f1*100:.2f}")
    lines.append("confusion (rows gold, columns predicted):")
    lines.append(f"{'':10}{'pos':>7}{'neg':>7}{'none':>7}")
    for g in ("pos", "neg", "neu", "none"):
        row = result.confusion.get(g, {})
        lines.append(f"{g:10}{row.get('pos', 0):7d}{row.get('neg', 0):7d}{row.get('none', 0):7d}")
    if result.pairs is not None:
        pc = result.pairs
        lines.append(f"5-way pair classification: micro-F1 {pc.micro_f1*100:.2f}  macro-F1 {pc.macro_f1*100:.2f}"
                     f"  (always-neutral micro-F1 {pc.always_neutral_micro_f1*100:.2f})")
        lines.append(f"{'':10}" + "".join(f"{lab:>10}" for lab in pc.labels))
        for g in pc.labels:
            lines.append(f"{g:10}" + "".join(f"{pc.confusion.get(g, {}).get(p, 0):10d}" for p in pc.labels))
        lines.append("per class F1: " + ", ".join(f"{lab} {pc.per_class[lab].f1*100:.1f}" for lab in pc.labels))
    if result.worst_errors:
        lines.append(f"worst errors ({len(result.worst_errors)}):")
        for e in result.worst_errors:
            conf = f" conf={e['confidence']}" if e.get("confidence") is not None else ""
            rule = f" rule={e['rule']}" if e.get("rule") else ""
            sent = (e.get("sentence") or "").replace("\n", " ")
            lines.append(f"- [{e['kind']}] {e['source']} -> {e['target']}: gold {e['gold']}, "
                         f"predicted {e['predicted']}{conf}{rule}\n    {sent[:200]}")
    return "\n".join(lines)
