"""May the trained model overrule the rules? The model's view of every rule relation's pair, on corpus dev and the demo gold.

The merge (``allegiance_relation_merge``) keeps every rule relation and adds model relations only on pairs the
rules left empty. Issue 15 asks whether the rules should instead be a layer the model may overrule with evidence.
This runs the ``extract`` pipeline with the shipped model scoring the rule-covered pairs too
(``skip_rule_pairs`` off; the package's screen still chooses which), records for each rule relation the model's
probabilities on its pair, and scores, at the operating threshold, the shipped merge against

* **veto**: drop a rule relation whose pair the model gives a probability of ``none`` of at least V;
* **flip**: turn a rule relation's sign when the model gives the other sign at least F.

Rule relations whose pair the model did not score (screened out, or no candidate) are kept in every variant.
This replaces the overrule variant ``relation_model_integration.py`` ran: it kept ``skip_rule_pairs`` on, so the
model never read a rule relation's pair and its "overrule" equalled no overrule by construction.

    PYTHONPATH=src:benchmarks python benchmarks/relation_rule_overrule.py [--model shipped] [--out FILE]

Dev only and the demo gold; the test split is never read.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from pathlib import Path

from _common import write_report
from relation_model_candidate import demo_predictions
from relation_model_integration import DEMO_GOLD
from relation_model_threshold_sweep import is_model_relation, kept_at, threshold_row, uncalibrated_pipeline
from spacy.language import Language

import allegiance.relations.corpus_eval as corpus_eval
import allegiance.relations.evaluate as evaluate
from allegiance.relations.corpus_eval import corpus_predictions, evaluate_corpus
from allegiance.relations.evaluate import load_gold, score_predictions
from allegiance.relations.model.combine import MODEL_RULE, PairIndex
from allegiance.relations.model.component import PREDICTIONS_ATTR
from allegiance.relations.model.transformer_component import TRANSFORMER_RELATION_MODEL

ROOT = Path(__file__).resolve().parents[1]
VIEW = "model_view"


@Language.component("benchmark_rule_model_view")
def rule_model_view(doc):
    """Writes into each rule relation's ``extra`` the model's probabilities on its pair (the most relation-like
    of the candidates on it), when the model scored it."""
    pairs = PairIndex(doc)
    by_key: dict = {}
    for prediction in doc._.get(PREDICTIONS_ATTR) or []:
        by_key.setdefault(pairs.of_prediction(prediction), []).append(prediction)
    for relation in doc._.relations or []:
        views = [p for key in pairs.of_relation(relation) for p in by_key.get(key, [])]
        if views and relation.rule != MODEL_RULE:
            relation.extra[VIEW] = dict(min(views, key=lambda p: p.probabilities.get("none", 1.0)).probabilities)
    return doc


@contextlib.contextmanager
def records_with_view():
    """Prediction records carry ``model_view`` while inside (the evaluation writes no ``extra`` otherwise)."""
    original = evaluate.relations_to_predictions

    def with_view(document, relations, *args, **kwargs):
        relations = list(relations)
        records = original(document, relations, *args, **kwargs)
        for record, relation in zip(records, relations):
            if VIEW in relation.extra:
                record[VIEW] = relation.extra[VIEW]
        return records

    evaluate.relations_to_predictions = corpus_eval.relations_to_predictions = with_view
    try:
        yield
    finally:
        evaluate.relations_to_predictions = corpus_eval.relations_to_predictions = original


def overruled(predictions: list[dict], veto: float | None = None, flip: float | None = None) -> list[dict]:
    """``predictions`` with the rule relations the model vetoes dropped and those it contradicts flipped.

    Examples
    --------
    >>> rule = {"rule": "verb:praise", "polarity": "pos", "model_view": {"none": 0.1, "+": 0.1, "-": 0.8}}
    >>> overruled([rule], flip=0.7)[0]["polarity"], overruled([rule], veto=0.05)
    ('neg', [])
    """
    out = []
    for p in predictions:
        view = p.get(VIEW)
        if view and not is_model_relation(p):
            if veto is not None and view.get("none", 0.0) >= veto:
                continue
            other = {"pos": "-", "neg": "+"}.get(p["polarity"])
            if flip is not None and other is not None and view.get(other, 0.0) >= flip:
                p = dict(p, polarity="neg" if other == "-" else "pos")
        out.append(p)
    return out


def parsed(what: str, model: str, corpus: Path, operating: float, gold: list[dict]) -> list[dict]:
    """The predictions on corpus dev (``what`` "dev") or the demo ``gold``, each rule relation with the model's view."""
    nlp = uncalibrated_pipeline(model, (operating,))
    nlp.get_pipe(TRANSFORMER_RELATION_MODEL).cfg["skip_rule_pairs"] = False
    nlp.add_pipe("benchmark_rule_model_view")
    with records_with_view():
        return corpus_predictions(corpus, split="dev", nlp=nlp)[1] if what == "dev" else demo_predictions(nlp, gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="shipped")
    parser.add_argument("--corpus", type=Path, default=ROOT / "data/relations")
    parser.add_argument("--operating", type=float, default=0.6)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/relation_rule_overrule.json")
    args = parser.parse_args()
    load = os.getloadavg()
    report = {"benchmark": "the model overruling rule relations (veto / flip), corpus dev and demo gold",
              "model": args.model, "operating_threshold": args.operating,
              "confidence": "before the package's scale, as the merge compares it with its threshold (the demo gold's "
                            "calibrated run differs slightly)", "golds": {}}
    gold = load_gold(DEMO_GOLD)
    for what in ("dev", "demo"):
        predictions = kept_at(parsed(what, args.model, args.corpus, args.operating, gold), args.operating)

        def score(kept):
            micro = (evaluate_corpus(args.corpus, split="dev", predictions=kept) if what == "dev"
                     else score_predictions(gold, kept)).micro
            return threshold_row(micro, kept) | {"relations": len(kept)}

        rules = [p for p in predictions if not is_model_relation(p)]
        report["golds"][what] = {
            "rule_relations": len(rules), "rule_relations_the_model_scored": sum(VIEW in p for p in rules),
            "rule_relations_scored_alone": score([p for p in rules if VIEW in p]),
            "rule_relations_not_scored_alone": score([p for p in rules if VIEW not in p]),
            "shipped_merge": score(predictions),
            "veto": {str(v): score(overruled(predictions, veto=v)) for v in (0.5, 0.6, 0.7, 0.8, 0.9)},
            "flip": {str(f): score(overruled(predictions, flip=f)) for f in (0.5, 0.7, 0.9)}}
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
