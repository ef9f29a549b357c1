"""Scoring predicted relations against gold pairs: lenient name matching, per-sign counts.

:func:`score_predictions` matches the predictions of each unit (sentence or document) to its
gold pairs and counts precision, recall and F1 per sign, pair detection, a confusion table and
the worst errors (:class:`EvaluationResult`). Names match leniently (lower case, no
determiners, possessives or punctuation; equal, whole-word containment, or the same last word
when the other words are titles), as in the independent scorer in ``shared/tools``
(:func:`names_match`). The gold format and the whole evaluation are in
:mod:`allegiance.relations.evaluate`.

Examples
--------
>>> gold = [{"doc_id": "d", "sent_id": 0, "sentence": "Obama blasted the Congress.",
...          "source": "Barack Obama", "target": "United States Congress", "polarity": "neg", "directed": True}]
>>> pred = [{"doc_id": "d", "sent_id": 0, "source": "President Obama", "target": "the Congress", "polarity": "neg"}]
>>> score_predictions(gold, pred).micro.f1
1.0
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping, Sequence

from allegiance.errors import ConfigError

__all__ = ["PRF", "EvaluationResult", "PairClassification", "end_matches", "mirror_for_undirected", "names_match",
           "prediction_outcomes", "record_names", "score_predictions"]

_POLS = ("pos", "neg")
_MATCHES = ("names", "ids")
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


def record_names(rec: Mapping[str, Any], key: str) -> list[str]:
    """The name under ``key`` of a gold or predicted record and its ``<key>_alts``."""
    return [n for n in [rec.get(key), *(rec.get(key + "_alts") or [])] if n]




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



def _collapse_doc_gold(items: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The gold of one document without repeated (source, target, polarity) pairs, and without
    neutral pairs that are also signed."""
    seen, keep = set(), []
    signed = {(_name_tokens(i["source"]), _name_tokens(i["target"])) for i in items if i["polarity"] != "neu"}
    for i in items:
        key = (_name_tokens(i["source"]), _name_tokens(i["target"]), i["polarity"])
        if key in seen or (i["polarity"] == "neu" and key[:2] in signed):
            continue
        seen.add(key)
        keep.append(i)
    return keep


def _by_unit(gold: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]], level: str):
    """Gold and predictions grouped by unit, and the number of predictions ignored (of a document
    without gold, or without a sign)."""
    by_unit_gold: dict[tuple, list[Mapping[str, Any]]] = defaultdict(list)
    gold_docs = set()
    for g in gold:
        by_unit_gold[_unit(g, level)].append(g)
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
            by_unit_gold[unit] = _collapse_doc_gold(items)
    return by_unit_gold, by_unit_pred, ignored


def end_matches(p: Mapping[str, Any], p_key: str, g: Mapping[str, Any], g_key: str, *, match: str = "names") -> bool:
    """Whether end ``p_key`` ("source" or "target") of prediction ``p`` is end ``g_key`` of gold record ``g``.

    ``match="names"``: the names match leniently (:func:`names_match`). ``match="ids"`` (strict): the gold
    actor id (``<g_key>_id``) is one of the predicted end's actor ids (``<p_key>_ids``: the actor's own id, or
    the members of a joined group). An actor the knowledge base lacks has a ``NEW:`` id in both, spelled by
    different hands, so there a predicted ``NEW:`` end whose name matches is enough.

    Examples
    --------
    >>> g = {"source": "Joe Biden", "source_id": "BIDEN"}
    >>> p = {"source": "the President", "source_alts": ["Donald Trump"], "source_ids": ["TRUMP"]}
    >>> end_matches(p, "source", g, "source"), end_matches(p, "source", g, "source", match="ids")
    (False, False)
    >>> end_matches(dict(p, source_ids=["BIDEN"]), "source", g, "source", match="ids")
    True
    >>> new = {"source": "Hamas militants", "source_id": "NEW:hamas_fighters"}
    >>> end_matches({"source": "militants", "source_ids": ["NEW:militants"]}, "source", new, "source", match="ids")
    True
    """
    if match == "ids":
        gold_id, ids = g.get(g_key + "_id"), p.get(p_key + "_ids") or ()
        if gold_id is None or not str(gold_id).startswith("NEW:"):
            return gold_id in ids
        if not any(str(i).startswith("NEW:") for i in ids):
            return False
    return names_match(record_names(p, p_key), record_names(g, g_key))


def _pair_matches(p: Mapping[str, Any], g: Mapping[str, Any], match: str = "names") -> bool:
    """The prediction names the gold pair (either way round when the gold is undirected)."""
    if end_matches(p, "source", g, "source", match=match) and end_matches(p, "target", g, "target", match=match):
        return True
    return (g.get("directed", True) is False and end_matches(p, "source", g, "target", match=match)
            and end_matches(p, "target", g, "source", match=match))


def _assign(golds: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]],
            match: str = "names") -> dict[int, int]:
    """Prediction index -> gold index, each used once: same polarity first, then the opposite
    sign, then neutral pairs."""
    used_g: set[int] = set()
    assign: dict[int, int] = {}
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
                if ok and _pair_matches(p, g, match):
                    assign[a] = b
                    used_g.add(b)
                    break
    return assign


def _matched_units(by_unit_gold: Mapping[tuple, list], by_unit_pred: Mapping[tuple, list], match: str = "names"):
    """``(unit, golds, predictions, assignment)`` of every unit with gold or predictions (:func:`_assign`)."""
    for unit in set(by_unit_gold) | set(by_unit_pred):
        golds, preds = by_unit_gold.get(unit, []), by_unit_pred.get(unit, [])
        yield unit, golds, preds, _assign(golds, preds, match)


@dataclass
class _Tally:
    """Counts over all units: per sign, pair detection, confusion, and the errors."""

    counts: dict[str, Counter] = field(default_factory=lambda: {p: Counter() for p in _POLS})
    det: Counter = field(default_factory=Counter)
    confusion: dict[str, Counter] = field(
        default_factory=lambda: {g: Counter() for g in ("pos", "neg", "neu", "none")})
    errors: list[dict] = field(default_factory=list)

    def add_predictions(self, unit: tuple, golds: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]],
                        assign: Mapping[int, int]) -> None:
        for a, p in enumerate(preds):
            b = assign.get(a)
            gp = golds[b]["polarity"] if b is not None else "none"
            self.confusion[gp][p["polarity"]] += 1
            if gp == p["polarity"]:
                self.counts[p["polarity"]]["tp"] += 1
            else:
                self.counts[p["polarity"]]["fp"] += 1
                self.errors.append({"kind": "sign flip" if gp in _POLS else ("neutral pair" if gp == "neu" else
                                                                           "false positive"),
                                    "unit": list(unit), "sentence": p.get("sentence") or (golds[b].get("sentence") if b is not None else None),
                                    "source": p.get("source"), "target": p.get("target"), "gold": gp,
                                    "predicted": p["polarity"], "confidence": p.get("confidence"),
                                    "rule": p.get("rule")})
            if gp in _POLS:
                self.det["tp"] += 1
            else:
                self.det["fp"] += 1

    def add_gold(self, unit: tuple, golds: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]],
                 assign: Mapping[int, int]) -> None:
        used_g = set(assign.values())
        matched_same = {assign[a] for a in assign if golds[assign[a]]["polarity"] == preds[a]["polarity"]}
        for b, g in enumerate(golds):
            if g["polarity"] not in _POLS:
                if b not in used_g:
                    self.confusion["neu"]["none"] += 1
                continue
            if b not in matched_same:
                self.counts[g["polarity"]]["fn"] += 1
            if b not in used_g:
                self.det["fn"] += 1
                self.confusion[g["polarity"]]["none"] += 1
                self.errors.append({"kind": "missed", "unit": list(unit), "sentence": g.get("sentence"),
                                    "source": g["source"], "target": g["target"], "gold": g["polarity"],
                                    "predicted": "none", "confidence": None, "rule": None})

    def prf(self, polarity: str) -> PRF:
        c = self.counts[polarity]
        return PRF.of(c["tp"], c["fp"], c["fn"])


_ERROR_ORDER = {"sign flip": 0, "false positive": 1, "neutral pair": 2, "missed": 3}


def score_predictions(gold: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]], *,
                      level: str = "sentence", worst: int = 20, match: str = "names") -> EvaluationResult:
    """Match predictions to gold pairs unit by unit and count.

    A prediction matches a gold pair of its unit (sentence or document) when
    the source names match and the target names match (either way round for
    undirected gold). Each gold pair and each prediction is used once;
    same-polarity gold is preferred, then opposite polarity, then neutral
    (a prediction on a neutral pair is a false positive). With
    ``match="ids"`` the ends must be the same actors, not only bear matching
    names (:func:`end_matches`): the score of the network the relations build.

    Examples
    --------
    >>> g = [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B", "polarity": "pos"}]
    >>> score_predictions(g, [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B",
    ...                        "polarity": "neg"}]).pair_detection.tp
    1
    """
    if match not in _MATCHES:
        raise ConfigError(f"unknown match {match!r}", hint="use one of: " + ", ".join(_MATCHES))
    by_unit_gold, by_unit_pred, ignored = _by_unit(gold, predictions, level)
    tally = _Tally()
    for unit, golds, preds, assign in _matched_units(by_unit_gold, by_unit_pred, match):
        tally.add_predictions(unit, golds, preds, assign)
        tally.add_gold(unit, golds, preds, assign)
    pos, neg = tally.prf("pos"), tally.prf("neg")
    micro = PRF.of(pos.tp + neg.tp, pos.fp + neg.fp, pos.fn + neg.fn)
    errors = sorted(tally.errors, key=lambda e: (_ERROR_ORDER[e["kind"]], -(e["confidence"] or 0.0), str(e["unit"])))
    gold_counts = Counter(g["polarity"] for items in by_unit_gold.values() for g in items)
    return EvaluationResult(
        level=level, pos=pos, neg=neg, micro=micro, macro_f1=round((pos.f1 + neg.f1) / 2, 4),
        pair_detection=PRF.of(tally.det["tp"], tally.det["fp"], tally.det["fn"]),
        confusion={k: dict(v) for k, v in tally.confusion.items()},
        counts={"gold_pos": gold_counts["pos"], "gold_neg": gold_counts["neg"], "gold_neu": gold_counts["neu"],
                "predictions": len(predictions), "ignored_predictions": ignored},
        worst_errors=tuple(errors[:worst]),
    )


def mirror_for_undirected(preds: list[dict], gold: Sequence[Mapping[str, Any]]) -> list[dict]:
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
        fwd = any(names_match(record_names(p, "source"), record_names(g, "source")) and
                  names_match(record_names(p, "target"), record_names(g, "target")) for g in cands)
        if fwd:
            out.append(p)
        else:
            out.append(dict(p, source=p["target"], target=p["source"], source_alts=p.get("target_alts", []),
                            target_alts=p.get("source_alts", []), source_ids=p.get("target_ids", []),
                            target_ids=p.get("source_ids", [])))
    return out


def prediction_outcomes(gold: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]], *,
                        level: str = "sentence") -> list[bool | None]:
    """Whether each prediction is right, in the order given: True when :func:`score_predictions` counts it a
    true positive (a gold pair of its unit with its sign), False when a false positive, None when ignored (a
    document without gold, or no sign). What a confidence should predict, for calibrating it.

    Examples
    --------
    >>> g = [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B", "polarity": "pos"}]
    >>> p = [{"doc_id": "d", "sent_id": 0, "source": "A", "target": "B", "polarity": pol} for pol in ("neg", "pos")]
    >>> prediction_outcomes(g, p + [{"doc_id": "other", "sent_id": 0, "source": "A", "target": "B", "polarity": "pos"}])
    [False, True, None]
    """
    position = {id(p): i for i, p in enumerate(predictions)}
    out: list[bool | None] = [None] * len(predictions)
    by_unit_gold, by_unit_pred, _ = _by_unit(gold, predictions, level)
    for _, golds, preds, assign in _matched_units(by_unit_gold, by_unit_pred):
        for a, p in enumerate(preds):
            b = assign.get(a)
            out[position[id(p)]] = b is not None and golds[b]["polarity"] == p["polarity"]
    return out
