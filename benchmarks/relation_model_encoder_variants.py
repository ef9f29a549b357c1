"""Can the shipped encoder score a candidate faster without retraining? Variants of its ONNX graph, side by side.

The candidates are those the shipped model scores with its thorough setting on BBC politics articles (the
bundled demo corpus when those are absent), encoded once. Each variant of the shipped graph scores all of them
in one process, one ONNX Runtime thread, rounds alternating; reported per variant: CPU milliseconds per candidate
(the median over rounds), and against the shipped graph scoring one candidate per run: the largest and mean
difference of the calibrated label probabilities, and how many candidates change side of p(none) < 0.3.

Variants (built here from the shipped ``model.int8.onnx``; needs the ``train`` extra for ``onnx``):

* ``shipped``: the shipped int8 graph, one candidate per run (what extraction runs);
* ``shipped_batch16``: the same, 16 candidates of similar length per run; ``batch_dependence`` is the largest
  change of a candidate's probabilities against scoring it alone (dynamic int8 scales activations per run);
* ``fp32``: the int8 weights dequantized into an fp32 graph, one per run and 32 per run;
* ``fused_int8``: that fp32 graph through ONNX Runtime's transformer optimizer (attention, GELU and layer-norm
  fusions for BERT), quantized again as training does (dynamic, QInt8 weights), one per run.

    python benchmarks/relation_model_encoder_variants.py [--limit 150] [--rounds 2] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy
import onnx
from onnx import helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.transformers import optimizer

from _common import write_report

from allegiance.nlp.model_dir import SHIPPED_RELATION_MODEL
from allegiance.relations import build_pipeline, extract_relations
from allegiance.relations.model.component import calibrate
from allegiance.relations.model.transformer_pairs import (MODEL_FILES, EncodedPairs, OnnxPairClassifier,
                                                          cpu_session, run_encoded, softmax)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relation_model_speed import _documents  # noqa: E402  (the speed benchmark's documents)

TRANSFORMER = "allegiance_transformer_relation_model"


def thorough_candidates(limit: int) -> tuple[EncodedPairs, OnnxPairClassifier, Path, str]:
    """The encoded candidates the shipped model scores with its thorough setting on ``limit`` documents, its
    classifier and the ONNX file it runs."""
    documents, source = _documents(limit)
    nlp = build_pipeline(relation_model=SHIPPED_RELATION_MODEL, thorough=True)
    component = nlp.get_pipe(TRANSFORMER)
    classifier = component.classifier
    seen: list[EncodedPairs] = []
    run = classifier.run

    def recording(encoded: EncodedPairs) -> numpy.ndarray:
        seen.append(encoded)
        return run(encoded)

    classifier.run = recording
    for _ in extract_relations(documents, nlp=nlp):
        pass
    encoded = seen[0]
    for more in seen[1:]:
        encoded = encoded.concatenate(more)
    return encoded, classifier, component.source / MODEL_FILES[classifier.variant], source


def dequantized(model: onnx.ModelProto) -> onnx.ModelProto:
    """The graph of a dynamically quantized model with each ``MatMulInteger`` (and its casts and scales) back to
    an fp32 ``MatMul`` over the dequantized weights, and each quantized ``Gather`` table dequantized."""
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    made = {o: n for n in graph.node for o in n.output}
    users: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, []).append(node)

    def weights(quantized: str, zero: str, scale: str) -> numpy.ndarray:
        q = numpy_helper.to_array(inits[quantized]).astype(numpy.float32)
        return (q - numpy_helper.to_array(inits[zero]).astype(numpy.float32)) * numpy_helper.to_array(inits[scale])

    replace, drop, added = {}, set(), []
    for node in graph.node:
        if node.op_type == "MatMulInteger":
            a_quantized, w_quantized, _, w_zero = node.input
            cast = users[node.output[0]][0]
            scaled = users[cast.output[0]][0]
            scales = made[scaled.input[1]]
            w_scale = next(name for name in scales.input if name in inits)
            name = w_quantized + "_fp32"
            added.append(numpy_helper.from_array(weights(w_quantized, w_zero, w_scale), name))
            replace[id(scaled)] = helper.make_node("MatMul", [made[a_quantized].input[0], name], [scaled.output[0]])
            drop |= {id(node), id(cast), id(scales)}
        elif node.op_type == "DequantizeLinear" and made.get(node.input[0], node).op_type == "Gather":
            gather = made[node.input[0]]
            name = gather.input[0] + "_fp32"
            added.append(numpy_helper.from_array(weights(gather.input[0], node.input[2], node.input[1]), name))
            replace[id(node)] = helper.make_node("Gather", [name, gather.input[1]], [node.output[0]],
                                                 axis=next((a.i for a in gather.attribute if a.name == "axis"), 0))
            drop.add(id(gather))
    nodes = [replace.get(id(n), n) for n in graph.node if id(n) not in drop]
    used = {name for n in nodes for name in n.input} | {o.name for o in graph.output}
    nodes = [n for n in nodes if n.op_type != "DynamicQuantizeLinear" or any(o in used for o in n.output)]
    used = {name for n in nodes for name in n.input}
    del graph.node[:]
    graph.node.extend(nodes)
    kept = [i for i in [*graph.initializer, *added] if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    onnx.checker.check_model(model)
    return model


def variants(shipped: Path, folder: Path) -> dict[str, Path]:
    """The graphs compared (see the module), written into ``folder``."""
    fp32 = folder / "fp32.onnx"
    onnx.save(dequantized(onnx.load(str(shipped))), str(fp32))
    fused = optimizer.optimize_model(str(fp32), model_type="bert", num_heads=12, hidden_size=384, opt_level=0)
    fused.save_model_to_file(str(folder / "fused.onnx"))
    quantize_dynamic(str(folder / "fused.onnx"), str(folder / "fused_int8.onnx"), weight_type=QuantType.QInt8)
    return {"shipped": shipped, "fp32": fp32, "fused_int8": folder / "fused_int8.onnx"}


def scores(sess, encoded: EncodedPairs, rows_per_run: int) -> tuple[numpy.ndarray, float]:
    """Logits of every candidate (runs of ``rows_per_run`` candidates of similar length) and the CPU seconds."""
    started = time.process_time()
    out = run_encoded(sess, encoded, rows_per_run, 3)
    return out, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent / "results" / "relation_model_encoder_variants.json")
    args = parser.parse_args()
    load = os.getloadavg()
    encoded, classifier, shipped, source = thorough_candidates(args.limit)
    temperature = classifier.temperature
    with tempfile.TemporaryDirectory(prefix="allegiance-encoder-") as folder:
        paths = variants(shipped, Path(folder))
        runs = {"shipped": ("shipped", 1), "shipped_batch16": ("shipped", 16), "fp32": ("fp32", 1),
                "fp32_batch32": ("fp32", 32), "fused_int8": ("fused_int8", 1)}
        sessions = {name: cpu_session(path) for name, path in paths.items()}
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        probabilities: dict[str, numpy.ndarray] = {}
        for _ in range(args.rounds):
            for name, (graph, rows) in runs.items():
                logits, cpu = scores(sessions[graph], encoded, rows)
                seconds[name].append(cpu)
                probabilities[name] = calibrate(softmax(logits), temperature)
    reference = probabilities["shipped"]
    report = {"benchmark": "the shipped encoder's graph variants on the candidates of its thorough setting",
              "source": source, "documents": args.limit, "candidates": len(encoded),
              "mean_tokens": round(float(numpy.mean([len(i) for i in encoded.ids])), 1),
              "rounds": args.rounds, "variants": {}}
    for name, (graph, rows) in runs.items():
        diff = numpy.abs(probabilities[name] - reference)
        flips = int(((probabilities[name][:, 0] < 0.3) != (reference[:, 0] < 0.3)).sum())
        entry = {"rows_per_run": rows, "cpu_ms_per_candidate": round(1000 * statistics.median(seconds[name])
                                                                     / len(encoded), 2),
                 "max_probability_difference": round(float(diff.max()), 4),
                 "mean_probability_difference": round(float(diff.mean()), 5), "none_below_0.3_flips": flips}
        if rows > 1:
            alone = next(n for n, (g, r) in runs.items() if g == graph and r == 1)
            entry["batch_dependence"] = round(float(numpy.abs(probabilities[name] - probabilities[alone]).max()), 4)
        report["variants"][name] = entry
    report["speed_vs_shipped"] = {name: round(report["variants"]["shipped"]["cpu_ms_per_candidate"]
                                              / v["cpu_ms_per_candidate"], 3) for name, v in report["variants"].items()}
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
