"""Evaluate relation extraction against sentence-level signed gold pairs.

The gold format is the normalised JSONL of ``shared/data/relations`` (one pair
per line: ``doc_id``, ``sent_id``, ``sentence``, ``source``, ``target``,
``polarity`` in pos/neg/neu, ``directed``, optional ``source_alts`` /
``target_alts``; a ``docs.jsonl`` beside it may give the full article texts).

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
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from allegiance.errors import EmptyInputError, MalformedRecordError, UnreadableInputError
from allegiance.model import Document, Relation

__all__ = [
    "PRF",
    "EvaluationResult",
    "PairClassification",
    "choose_task",
    "classify_pairs",
    "evaluate_gold",
    "load_gold",
    "names_match",
    "predict_extract",
    "relations_to_predictions",
    "score_predictions",
]

_POLS = ("pos", "neg")
_TITLES = frozenset("""mr mrs ms miss dr sir dame lord lady president vice prime minister pm premier chancellor
secretary general gen senator sen rep representative congressman congresswoman governor gov mayor king queen
prince princess ambassador judge justice speaker leader chairman chair foreign defence defense home state
deputy former first commissioner attorney""".split())
_PARTY_PLURALS = frozenset("republicans democrats conservatives tories liberals labour".split())


# ----------------------------------------------------------------------------- names

def _name_tokens(name: Any) -> tuple[str, ...]:
    if not name:
        return ()
    s = unicodedata.normalize("NFKC", str(name)).lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"\b((?:[a-z]\.){2,})", lambda m: m.group(1).replace(".", ""), s)
    s = re.sub(r"'s\b", " ", s)
    s = re.sub(r"[^\w\s]", " ", s).replace("_", " ")
    toks = s.split()
    while toks and toks[0] in ("the", "a", "an"):
        toks = toks[1:]
    return tuple(toks)


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n, m = len(big), len(small)
    return 0 < m <= n and any(big[i:i + m] == small for i in range(n - m + 1))


def _tokens_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return False
    if a == b or _contains(a, b) or _contains(b, a):
        return True
    if a[-1] != b[-1]:
        return False
    return all(t in _TITLES for t in a[:-1]) or all(t in _TITLES for t in b[:-1]) or a[-1] in _PARTY_PLURALS


def names_match(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when any name of ``a`` matches any name of ``b`` (lenient, see module doc).

    Examples
    --------
    >>> names_match(["President Obama"], ["Barack Obama"]), names_match(["North Korea"], ["South Korea"])
    (True, False)
    """
    ta = [t for t in (_name_tokens(x) for x in a) if t]
    tb = [t for t in (_name_tokens(x) for x in b) if t]
    if not ta or not tb:
        sa = {str(x).strip().lower() for x in a if x}
        sb = {str(x).strip().lower() for x in b if x}
        return bool(sa & sb)
    return any(_tokens_match(x, y) for x in ta for y in tb)


def _names(rec: Mapping[str, Any], key: str) -> list[str]:
    return [n for n in [rec.get(key), *(rec.get(key + "_alts") or [])] if n]


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


def _load_docs(gold_path: Path, doc_ids: set[str]) -> dict[str, dict]:
    docs_path = gold_path.with_name("docs.jsonl")
    if not docs_path.is_file():
        return {}
    out = {}
    with open(docs_path, encoding="utf-8") as handle:
        for line in handle:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if rec.get("doc_id") in doc_ids and rec.get("text"):
                out[rec["doc_id"]] = rec
    return out


# ----------------------------------------------------------------------------- scoring

@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 with their counts."""

    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int

    @classmethod
    def of(cls, tp: int, fp: int, fn: int) -> "PRF":
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 4), round(r, 4), round(f, 4), tp, fp, fn)


@dataclass(frozen=True, slots=True)
class PairClassification:
    """5-way scores for Park et al. style pairs (neutral, pos/neg in each direction)."""

    labels: tuple[str, ...]
    micro_f1: float
    macro_f1: float
    per_class: Mapping[str, PRF]
    confusion: Mapping[str, Mapping[str, int]]
    always_neutral_micro_f1: float


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """Scores of predicted relations against gold pairs.

    Examples
    --------
    >>> r = score_predictions([], [])
    >>> r.micro.f1, r.macro_f1
    (0.0, 0.0)
    """

    level: str
    pos: PRF
    neg: PRF
    micro: PRF
    macro_f1: float
    pair_detection: PRF
    confusion: Mapping[str, Mapping[str, int]]
    counts: Mapping[str, int]
    worst_errors: tuple[Mapping[str, Any], ...] = ()
    pairs: PairClassification | None = None
    task: str = "extract"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return asdict(self)


def _unit(rec: Mapping[str, Any], level: str) -> tuple:
    if level == "doc":
        return (str(rec["doc_id"]),)
    sid = rec.get("sent_id")
    if sid is not None:
        return (str(rec["doc_id"]), "#", int(sid))
    return (str(rec["doc_id"]), " ".join(unicodedata.normalize("NFKC", rec.get("sentence") or "").split()))


def score_predictions(gold: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]], *,
                      level: str = "sentence", worst: int = 20) -> EvaluationResult:
    """Match predictions to gold pairs unit by unit and count.

    A prediction matches a gold pair of its unit (sentence or document) when
    the source names match and the target names match (either way round for
    undirected gold). Each gold pair and each prediction is used once;
    same-polarity gold is preferred, then opposite polarity, then neutral
    (a prediction on a neutral pair is a false positive).

    Examples
    --------
    >>> g = [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B", "polarity": "pos"}]
    >>> score_predictions(g, [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B",
    ...                        "polarity": "neg"}]).pair_detection.tp
    1
    """
    by_unit_gold: dict[tuple, list[Mapping[str, Any]]] = defaultdict(list)
    gold_docs = set()
    for g in gold:
        by_unit_gold[_unit(g, level) if level == "doc" else _unit(g, level)].append(g)
        gold_docs.add(str(g["doc_id"]))
    by_unit_pred: dict[tuple, list[Mapping[str, Any]]] = defaultdict(list)
    ignored = 0
    for p in predictions:
        if str(p.get("doc_id")) not in gold_docs or p.get("polarity") not in _POLS:
            ignored += 1
            continue
        by_unit_pred[_unit(p, level)].append(p)
    if level == "doc":  # collapse repeated (source, target, polarity) inside a document
        for unit, items in by_unit_gold.items():
            seen, keep = set(), []
            signed = {(_name_tokens(i["source"]), _name_tokens(i["target"])) for i in items if i["polarity"] != "neu"}
            for i in items:
                key = (_name_tokens(i["source"]), _name_tokens(i["target"]), i["polarity"])
                if key in seen or (i["polarity"] == "neu" and key[:2] in signed):
                    continue
                seen.add(key)
                keep.append(i)
            by_unit_gold[unit] = keep
    counts = {p: Counter() for p in _POLS}
    det = Counter()
    confusion: dict[str, Counter] = {g: Counter() for g in ("pos", "neg", "neu", "none")}
    errors: list[dict] = []
    for unit in set(by_unit_gold) | set(by_unit_pred):
        golds = by_unit_gold.get(unit, [])
        preds = by_unit_pred.get(unit, [])
        used_g: set[int] = set()
        assign: dict[int, int] = {}

        def matches(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
            ps, pt, gs, gt = _names(p, "source"), _names(p, "target"), _names(g, "source"), _names(g, "target")
            if names_match(ps, gs) and names_match(pt, gt):
                return True
            return g.get("directed", True) is False and names_match(ps, gt) and names_match(pt, gs)

        for stage in ("same", "flip", "neu"):
            for a, p in enumerate(preds):
                if a in assign:
                    continue
                for b, g in enumerate(golds):
                    if b in used_g:
                        continue
                    gp = g["polarity"]
                    ok = (gp == p["polarity"]) if stage == "same" else (
                        gp in _POLS and gp != p["polarity"]) if stage == "flip" else gp == "neu"
                    if ok and matches(p, g):
                        assign[a] = b
                        used_g.add(b)
                        break
        for a, p in enumerate(preds):
            b = assign.get(a)
            gp = golds[b]["polarity"] if b is not None else "none"
            confusion[gp][p["polarity"]] += 1
            if gp == p["polarity"]:
                counts[p["polarity"]]["tp"] += 1
            else:
                counts[p["polarity"]]["fp"] += 1
                errors.append({"kind": "sign flip" if gp in _POLS else ("neutral pair" if gp == "neu" else
                                                                      "false positive"),
                               "unit": list(unit), "sentence": p.get("sentence") or (golds[b].get("sentence") if b is not None else None),
                               "source": p.get("source"), "target": p.get("target"), "gold": gp,
                               "predicted": p["polarity"], "confidence": p.get("confidence"),
                               "rule": p.get("rule")})
            if gp in _POLS:
                det["tp"] += 1
            else:
                det["fp"] += 1
        matched_same = {assign[a] for a in assign if golds[assign[a]]["polarity"] == preds[a]["polarity"]}
        for b, g in enumerate(golds):
            if g["polarity"] not in _POLS:
                if b not in used_g:
                    confusion["neu"]["none"] += 1
                continue
            if b not in matched_same:
                counts[g["polarity"]]["fn"] += 1
            if b not in used_g:
                det["fn"] += 1
                confusion[g["polarity"]]["none"] += 1
                errors.append({"kind": "missed", "unit": list(unit), "sentence": g.get("sentence"),
                               "source": g["source"], "target": g["target"], "gold": g["polarity"],
                               "predicted": "none", "confidence": None, "rule": None})
    pos = PRF.of(counts["pos"]["tp"], counts["pos"]["fp"], counts["pos"]["fn"])
    neg = PRF.of(counts["neg"]["tp"], counts["neg"]["fp"], counts["neg"]["fn"])
    micro = PRF.of(pos.tp + neg.tp, pos.fp + neg.fp, pos.fn + neg.fn)
    order = {"sign flip": 0, "false positive": 1, "neutral pair": 2, "missed": 3}
    errors.sort(key=lambda e: (order[e["kind"]], -(e["confidence"] or 0.0), str(e["unit"])))
    gold_counts = Counter(g["polarity"] for items in by_unit_gold.values() for g in items)
    return EvaluationResult(
        level=level, pos=pos, neg=neg, micro=micro, macro_f1=round((pos.f1 + neg.f1) / 2, 4),
        pair_detection=PRF.of(det["tp"], det["fp"], det["fn"]),
        confusion={k: dict(v) for k, v in confusion.items()},
        counts={"gold_pos": gold_counts["pos"], "gold_neg": gold_counts["neg"], "gold_neu": gold_counts["neu"],
                "predictions": len(predictions), "ignored_predictions": ignored},
        worst_errors=tuple(errors[:worst]),
    )


# ----------------------------------------------------------------------------- predictions

def relations_to_predictions(document: Document, relations: Iterable[Relation],
                             sentence_offsets: Sequence[Sequence[int]] | None = None,
                             sent_id: int | None = None) -> list[dict]:
    """Gold-style prediction records for the relations of one document.

    ``sentence_offsets`` maps evidence offsets back to the gold sentence ids.

    Examples
    --------
    >>> relations_to_predictions(Document.from_text("x", id="d"), [])
    []
    """
    out = []
    for r in relations:
        sid = sent_id
        if sentence_offsets is not None:
            mid = r.source.start
            sid = next((i for i, (a, b) in enumerate(sentence_offsets) if a <= mid < b), None)
        rec = {
            "doc_id": document.id, "sentence": r.evidence.sentence,
            "source": r.source.text, "target": r.target.text,
            "source_alts": _alts(r.source.actor),
            "target_alts": _alts(r.target.actor),
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


def predict_extract(gold: Sequence[Mapping[str, Any]], *, gold_path: str | Path | None = None, nlp=None,
                    n_process: int = 1) -> list[dict]:
    """Run the full pipeline on the gold documents (or sentences) and return predictions."""
    from allegiance.relations.pipeline import build_pipeline, extract_relations

    nlp = nlp or build_pipeline(ner_fallback=True)
    doc_ids = {str(g["doc_id"]) for g in gold}
    full = _load_docs(Path(gold_path), doc_ids) if gold_path else {}
    documents: list[tuple[Document, Any, Any]] = []
    for doc_id in sorted(doc_ids):
        rec = full.get(doc_id)
        if rec is not None:
            documents.append((Document(id=doc_id, text=rec["text"], date=rec.get("date")),
                              rec.get("sentence_offsets"), None))
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


_PAIR_LABELS = ("neutral", "p->q pos", "q->p pos", "p->q neg", "q->p neg")


def classify_pairs(gold: Sequence[Mapping[str, Any]], *, nlp=None) -> tuple[list[str], list[str], list[dict]]:
    """Park et al. style: classify each given (p, q) pair of a sentence into 5 classes.

    Returns the gold labels, the predicted labels and prediction records.
    """
    from allegiance.nlp import load_model
    from allegiance.relations.component import RelationExtractor
    from allegiance.relations.testing import find_mentions, set_actor_spans
    from allegiance.model import Actor, ActorKind

    nlp = nlp or load_model()
    extractor = RelationExtractor(nlp, "allegiance_relations")
    sentences = sorted({g["sentence"] for g in gold})
    parsed = dict(zip(sentences, nlp.pipe(sentences, batch_size=64)))
    gold_labels, pred_labels, records = [], [], []
    for g in gold:
        base = parsed[g["sentence"]]
        doc = base.copy()
        # the normalised gold puts the stance holder first; labels 2 and 4 (q -> p) swapped the
        # original pair (p, q), which the 5-way labels refer to
        p_key, q_key = ("target", "source") if str(g.get("raw_label", "")) in ("2", "4") else ("source", "target")
        p_actor = Actor("P", str(g[p_key]), ActorKind.GROUP)
        q_actor = Actor("Q", str(g[q_key]), ActorKind.GROUP)
        spans, actors, taken = [], [], set()
        for names, actor in ((_names(g, p_key), p_actor), (_names(g, q_key), q_actor)):
            for name in names:
                found = [s for s in find_mentions(doc, name) if not any(i in taken for i in range(s.start, s.end))]
                if found:
                    for s in found:
                        taken.update(range(s.start, s.end))
                        spans.append(s)
                        actors.append(actor)
                    break
        order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        set_actor_spans(doc, [spans[i] for i in order], [actors[i] for i in order])
        doc._.doc_id = str(g["doc_id"])
        relations = extractor(doc)._.relations or []
        best = None
        for r in relations:
            ends = {r.source.actor.id, r.target.actor.id}
            if ends == {"P", "Q"} and (best is None or r.confidence > best.confidence):
                best = r
        if best is None:
            label = "neutral"
        else:
            forward = best.source.actor.id == "P" or not best.directed
            label = ("p->q " if forward else "q->p ") + ("pos" if int(best.sign) > 0 else "neg")
        glabel = _gold_pair_label(g)
        gold_labels.append(glabel)
        pred_labels.append(label)
        if best is not None:
            records.append({"doc_id": g["doc_id"], "sent_id": g.get("sent_id", 0), "sentence": g["sentence"],
                            "source": best.source.actor.name, "target": best.target.actor.name,
                            "polarity": "pos" if int(best.sign) > 0 else "neg", "confidence": best.confidence,
                            "rule": best.rule, "directed": best.directed})
    return gold_labels, pred_labels, records


def _gold_pair_label(g: Mapping[str, Any]) -> str:
    raw = str(g.get("raw_label", ""))
    if raw in ("0", "1", "2", "3", "4"):
        return _PAIR_LABELS[int(raw)]
    if g["polarity"] == "neu":
        return "neutral"
    return "p->q " + g["polarity"]


def _five_way(gold_labels: Sequence[str], pred_labels: Sequence[str]) -> PairClassification:
    confusion = {g: Counter() for g in _PAIR_LABELS}
    for g, p in zip(gold_labels, pred_labels):
        confusion[g][p] += 1
    per = {}
    for lab in _PAIR_LABELS:
        tp = confusion[lab][lab]
        fp = sum(confusion[g][lab] for g in _PAIR_LABELS if g != lab)
        fn = sum(confusion[lab][p] for p in _PAIR_LABELS if p != lab)
        per[lab] = PRF.of(tp, fp, fn)
    n = len(gold_labels) or 1
    micro = sum(confusion[lab][lab] for lab in _PAIR_LABELS) / n
    macro = sum(per[lab].f1 for lab in _PAIR_LABELS) / len(_PAIR_LABELS)
    always = sum(1 for g in gold_labels if g == "neutral") / n
    return PairClassification(_PAIR_LABELS, round(micro, 4), round(macro, 4), per,
                              {k: dict(v) for k, v in confusion.items()}, round(always, 4))


_FIVE_WAY_LABELS = frozenset("01234")


def choose_task(gold: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """The task a gold file is made for, and why: ``("pairs" | "extract", reason)``.

    Park et al. style gold labels each given entity pair with its five-way class
    (``raw_label`` 0-4, or ``dataset`` ``park2021``): classify those pairs. Any other
    gold is scored by extraction, including gold that lists pairs with no relation
    (``neu``) as hard negatives, as the demo gold does: a ``neu`` pair alone does not
    make a pair-classification gold.

    Examples
    --------
    >>> choose_task([{"polarity": "neu"}, {"polarity": "pos"}])[0]
    'extract'
    >>> choose_task([{"polarity": "neu", "raw_label": "0"}])
    ('pairs', 'chosen from the gold: pairs carry five-way labels (Park et al. style)')
    """
    if any(g.get("dataset") == "park2021" or str(g.get("raw_label", "")) in _FIVE_WAY_LABELS for g in gold):
        return "pairs", "chosen from the gold: pairs carry five-way labels (Park et al. style)"
    return "extract", "chosen from the gold: no five-way pair labels, so the pipeline's extraction is scored"


def evaluate_gold(path: str | Path, *, level: str = "sentence", split: str | None = None, task: str = "auto",
                  limit: int | None = None, nlp=None, predictions_out: str | Path | None = None,
                  n_process: int = 1) -> EvaluationResult:
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
        from allegiance.errors import ConfigError

        raise ConfigError(f"unknown level {level!r}", hint="use --level sentence or --level doc")
    gold = load_gold(path, split=split, limit=limit)
    task, task_reason = choose_task(gold) if task == "auto" else (task, "as asked")
    pairs = None
    if task == "pairs":
        gold_labels, pred_labels, preds = classify_pairs(gold, nlp=nlp)
        pairs = _five_way(gold_labels, pred_labels)
    else:
        preds = predict_extract(gold, gold_path=path, nlp=nlp, n_process=n_process)
    preds = _mirror_for_undirected(preds, gold)
    if predictions_out:
        with open(predictions_out, "w", encoding="utf-8") as handle:
            for p in preds:
                handle.write(json.dumps(p, ensure_ascii=False) + "\n")
    result = score_predictions(gold, preds, level=level)
    return EvaluationResult(**{**{f: getattr(result, f) for f in result.__dataclass_fields__},
                               "pairs": pairs, "task": task,
                               "extra": {"gold_file": str(path), "split": split, "limit": limit,
                                         "task_reason": task_reason}})


def _mirror_for_undirected(preds: list[dict], gold: Sequence[Mapping[str, Any]]) -> list[dict]:
    """An undirected prediction may match a directed gold pair in either direction.

    A symmetric relation ("X and Y are allies") asserts the stance both ways, so
    it is tried as X→Y and, when that finds no gold pair, as Y→X.
    """
    out = []
    gold_index: dict[tuple, list[Mapping[str, Any]]] = defaultdict(list)
    for g in gold:
        gold_index[(str(g["doc_id"]), g.get("sent_id"))].append(g)
    for p in preds:
        if p.get("directed", True):
            out.append(p)
            continue
        cands = gold_index.get((str(p["doc_id"]), p.get("sent_id")), [])
        fwd = any(names_match(_names(p, "source"), _names(g, "source")) and
                  names_match(_names(p, "target"), _names(g, "target")) for g in cands)
        if fwd:
            out.append(p)
        else:
            out.append(dict(p, source=p["target"], target=p["source"], source_alts=p.get("target_alts", []),
                            target_alts=p.get("source_alts", [])))
    return out


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


def iter_lines(result: EvaluationResult) -> Iterator[str]:
    """The report, line by line."""
    yield from format_report(result).splitlines()
