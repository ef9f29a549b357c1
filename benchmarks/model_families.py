"""Relation model families side by side on the corpus dev split (never test): (a) the spaCy CNN, (b) a fine-tuned
transformer (all-MiniLM-L6-v2) run through ONNX Runtime in fp32 and dynamic int8 (issue 15).

1. Trains both on the train split with the same seed (epoch and temperature chosen on dev, as each trainer does;
   ``--cnn-dir``/``--transformer-dir`` reuse model directories written by ``train_relation_model`` /
   ``train_transformer_pairs`` with the same settings instead).
2. Gold mentions: every labelled dev pair, the same candidates for every model; P/R/F1 of (doc, corpus sentence,
   actor ids, sign) units, calibration error; the int8 copy's agreement with fp32.
3. Speed, same pairs, models alternating over ``--rounds`` rounds (median): pairs per CPU second (steadier on
   a loaded machine) and per wall second, one thread per model
   (ONNX Runtime with ``intra_op_num_threads=1``; the CNN as thinc runs it on numpy), load time, size on disk.
4. Speed budget (issue: full extraction with the model >= 0.6x bare spaCy ``nlp.pipe``, same spaCy model, one
   process), estimated on ``--news`` BBC politics documents: bare ``nlp.pipe``, the extraction pipeline
   (parse + actors + rules) and each model on the candidates of the parsed Docs, timed in one run;
   estimate = bare / (extraction + model). Skipped when ../shared/data is absent.

    PYTHONPATH=src python benchmarks/model_families.py [--seed 0] [--cnn-dir DIR] [--transformer-dir DIR] [--news 40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import spacy
import torch

from _common import write_report
from relation_model_dev import VARIANTS

from allegiance.nlp import load_model
from allegiance.relations.corpus import load_corpus
from allegiance.relations.model.candidates import pair_candidates
from allegiance.relations.model.component import calibrate, calibration_error, fill_tensors
from allegiance.relations.model.corpus_docs import LABELS, gold_doc
from allegiance.relations.model.train import PIPE_NAME, gold_pair_units, predicted_units, score_units, \
    train_relation_model
from allegiance.relations.model.transformer_pairs import MODEL_FILES, OnnxPairClassifier
from allegiance.relations.model.transformer_train import train_transformer_pairs
from allegiance.relations.pipeline import build_pipeline

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared/data/corpora/bbc_politics/docs.jsonl"
CNN_VARIANT = "hash_cnn+sm_tensor"  # the variant benchmarks/relation_model_dev.py chose


def dev_pairs(corpus_dir: Path):
    """Gold Docs, their candidates, label indices and scoring keys of the dev split."""
    docs, candidates, labels, keys = [], [], [], []
    finals = list(load_corpus(corpus_dir).finals("dev"))
    for document, ann in finals:
        doc, doc_candidates, doc_labels, sentences = gold_doc(document, ann)
        if doc_candidates:
            docs.append(doc)
            candidates.append(doc_candidates)
            labels += [LABELS.index(label) for label in doc_labels]
            keys.append((document.id, [(i, c.actors) for i, c in zip(sentences, doc_candidates)]))
    return finals, docs, candidates, labels, keys


def timed(function, *args, **kwargs) -> tuple[float, object]:
    """Wall seconds of one call, and its result."""
    started = time.perf_counter()
    out = function(*args, **kwargs)
    return time.perf_counter() - started, out


def clocked(function, *args) -> tuple[float, float, object]:
    """Wall and process CPU seconds of one call (CPU time is steadier on a loaded machine), and its result."""
    started, cpu = time.perf_counter(), time.process_time()
    out = function(*args)
    return time.perf_counter() - started, time.process_time() - cpu, out


def side_by_side(models: dict, docs, candidates, rounds: int) -> dict[str, dict[str, list[float]]]:
    """Wall and CPU seconds of each model's ``raw_probabilities(docs, candidates)``, models alternating, per round."""
    seconds = {name: {"wall": [], "cpu": []} for name in models}
    for r in range(rounds):
        names = list(models) if r % 2 == 0 else list(reversed(models))
        for name in names:
            wall, cpu, _ = clocked(models[name].raw_probabilities, docs, candidates)
            seconds[name]["wall"].append(round(wall, 3))
            seconds[name]["cpu"].append(round(cpu, 3))
    return seconds


def quality(probs, temperature: float, labels, keys, gold) -> dict:
    calibrated = calibrate(probs, temperature)
    return {"gold_mentions": score_units(gold, predicted_units(probs, keys, LABELS)),
            "ece_raw": calibration_error(probs, labels),
            "ece_calibrated_in_sample": calibration_error(calibrated, labels), "temperature": temperature,
            "at_confidence_0.7": score_units(gold, {
                u for u, p in zip(_units(calibrated, keys), calibrated) if u and p.max() >= 0.7})}


def _units(probs, keys) -> list:
    out, row = [], 0
    for doc_id, cands in keys:
        for sentence, actors in cands:
            label = LABELS[int(probs[row].argmax())]
            out.append((doc_id, sentence, *actors, label) if label != "none" else None)
            row += 1
    return out


def _news_texts(n: int) -> list[str]:
    with NEWS.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line, _ in zip(handle, range(n))]


def speed_budget(models: dict, n: int) -> dict:
    """Bare nlp.pipe, the extraction pipeline, and each model on its generated candidates, on ``n`` news docs."""
    texts = _news_texts(n)
    bare_nlp, nlp = load_model(), build_pipeline()
    bare = clocked(lambda: list(bare_nlp.pipe(texts, batch_size=32)))
    extraction = clocked(lambda: list(nlp.pipe(texts, batch_size=32)))
    bare_again = clocked(lambda: list(bare_nlp.pipe(texts, batch_size=32)))  # before and after: load drift
    parsed = extraction[2]
    candidates = [pair_candidates(doc) for doc in parsed]
    n_pairs = sum(map(len, candidates))
    out = {"documents": len(texts), "characters": sum(map(len, texts)), "candidates": n_pairs, "models": {}}
    for clock, k in (("wall", 0), ("cpu", 1)):
        bare_seconds = (bare[k] + bare_again[k]) / 2
        out[f"bare_nlp_pipe_{clock}_seconds"] = [round(bare[k], 2), round(bare_again[k], 2)]
        out[f"extraction_pipe_{clock}_seconds"] = round(extraction[k], 2)
        out[f"extraction_over_bare_speed_{clock}"] = round(bare_seconds / extraction[k], 3)
    for name, model in models.items():
        wall, cpu, _ = clocked(model.raw_probabilities, parsed, candidates)
        bare_cpu = (bare[1] + bare_again[1]) / 2
        out["models"][name] = {"wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                               "pairs_per_cpu_second": round(n_pairs / cpu, 1),
                               "estimated_speed_vs_bare_cpu": round(bare_cpu / (extraction[1] + cpu), 3),
                               "estimated_speed_vs_bare_wall": round((bare[0] + bare_again[0]) / 2
                                                                     / (extraction[0] + wall), 3)}
    return out


def _directory_bytes(path: Path, files=None) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and (files is None or p.name in files))


def train_both(args, tmp: Path) -> tuple[dict, Path, Path]:
    """Train (or, with ``--cnn-dir``/``--transformer-dir``, reuse) both families; their training records."""
    cnn_dir, tf_dir = args.cnn_dir, args.transformer_dir
    if cnn_dir is None:
        cnn_dir = tmp / "cnn"
        train_relation_model(ROOT / "data/relations", cnn_dir, seed=args.seed, epochs=args.cnn_epochs,
                             config=VARIANTS[CNN_VARIANT])
    if tf_dir is None:
        tf_dir = tmp / "transformer"
        train_transformer_pairs(ROOT / "data/relations", tf_dir, seed=args.seed, epochs=args.transformer_epochs,
                                learning_rate=args.learning_rate)
    training = {"cnn": json.loads((cnn_dir / "training.json").read_text()) | {"variant": CNN_VARIANT},
                "transformer": json.loads((tf_dir / "training.json").read_text())}
    for name, given in (("cnn", args.cnn_dir), ("transformer", args.transformer_dir)):
        training[name]["out"] = f"reused {given}" if given else "(temporary, trained in this run)"
    return training, cnn_dir, tf_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cnn-epochs", type=int, default=12)
    parser.add_argument("--transformer-epochs", type=int, default=5)
    parser.add_argument("--learning-rate", type=float, default=5e-5)
    parser.add_argument("--transformer-dir", type=Path, default=None)
    parser.add_argument("--cnn-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--news", type=int, default=40)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/model_families.json")
    args = parser.parse_args()
    load = os.getloadavg()
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        training, cnn_dir, tf_dir = train_both(args, Path(tmp))
        cnn_load, cnn_nlp = timed(spacy.load, cnn_dir)
        models = {"cnn": cnn_nlp.get_pipe(PIPE_NAME)}
        loads, sizes = {"cnn": cnn_load}, {"cnn": _directory_bytes(cnn_dir)}
        for variant in MODEL_FILES:
            name = f"transformer_{variant}"
            loads[name], models[name] = timed(OnnxPairClassifier, tf_dir, variant=variant)
            sizes[name] = models[name].size_bytes
        finals, docs, candidates, labels, keys = dev_pairs(ROOT / "data/relations")
        gold = gold_pair_units(finals)
        fill_tensors(docs, models["cnn"].cfg.get("tensor_model", ""))  # as parsed Docs carry: not timed
        report_models = {}
        probs = {name: model.raw_probabilities(docs, candidates) for name, model in models.items()}
        seconds = side_by_side(models, docs, candidates, args.rounds)
        n_pairs = len(labels)
        for name, model in models.items():
            report_models[name] = quality(probs[name], model.temperature, labels, keys, gold) | {
                "pairs_per_cpu_second": round(n_pairs / statistics.median(seconds[name]["cpu"]), 1),
                "pairs_per_wall_second": round(n_pairs / statistics.median(seconds[name]["wall"]), 1),
                "seconds_per_round": seconds[name], "load_seconds": round(loads[name], 3),
                "size_bytes": sizes[name]}
        agreement = float((probs["transformer_int8"].argmax(1) == probs["transformer_fp32"].argmax(1)).mean())
        budget = speed_budget(models, args.news) if NEWS.is_file() else {"skipped": f"{NEWS} absent"}
    report = {
        "benchmark": "relation model families on corpus dev gold mentions: (a) spaCy CNN, (b) MiniLM-L6 + ONNX Runtime",
        "units": "(doc, corpus sentence, sorted corpus actor ids, sign); micro P/R/F1 in percent",
        "dev_pairs": n_pairs, "gold_relations": len(gold), "onnx_runtime_threads": 1,
        "training": training, "models": report_models,
        "int8_fp32_same_label_share": round(agreement, 4),
        "speed_budget": budget,
        "note": "best epoch and temperature are chosen on dev for both families, so dev F1 is optimistic for both "
                "alike; ECE in-sample (temperature fitted on the same dev pairs)",
    }
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
