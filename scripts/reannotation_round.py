#!/usr/bin/env python
"""A re-annotation round: relabel one phenomenon's pairs of the double-annotated documents, blind, twice.

docs/annotation.md section 8: where a phenomenon falls short of the agreement targets, the guideline is
sharpened and that phenomenon re-annotated. A round's scope is every pair of the double-annotated
documents that either blind annotator or the adjudication tagged with the phenomenon, keyed as the
adjudicated reading keys it. Two annotators label each pair without seeing any earlier label or each
other's; an adjudicator settles every pair they read differently. Their labels go into the corpus as
``reannotation`` and ``readjudication`` records (``scope``: the phenomenon), which replace the same pairs
in the agreement figures and in the final reading (:func:`allegiance.relations.agreement.blind_pair`,
:meth:`allegiance.relations.corpus.Corpus.final`).

Steps::

    python scripts/reannotation_round.py tasks --scope implied --batches 3 --out DIR       # DIR/batchK.jsonl
    # two annotators answer each batch: one JSON line per task, same "id" (see below)
    python scripts/reannotation_round.py differences DIR/batch1.jsonl A.jsonl B.jsonl > DIFF.jsonl
    # an adjudicator answers every line of DIFF.jsonl, with an "adjudication" string
    python scripts/reannotation_round.py records DIR/batch1.jsonl A.jsonl --annotator rx-a --scope implied \\
        >> data/relations/annotations/rx-a.jsonl                                            # once per annotator
    python scripts/reannotation_round.py settle DIR/batch1.jsonl A.jsonl B.jsonl DECIDED.jsonl \\
        --scope implied >> data/relations/annotations/adjudicated.jsonl

An answer: ``{"id": 7, "relations": [{"source", "target", "sign", "type", "time", "directed"}], "none": null
or a none kind, "tags": [...], "note": "..."}``; an adjudicator's adds ``"adjudication"`` (which reading
won and why).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from allegiance.relations.agreement import independent_annotations
from allegiance.relations.corpus import PHENOMENA, RelationLabel, load_corpus

ROOT = Path(__file__).resolve().parents[1]


def _read(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def tasks(corpus_dir: Path, scope: str, batches: int) -> list[list[dict]]:
    """The round's tasks (no earlier label in them), in ``batches`` of about equal size, whole documents each."""
    corpus = load_corpus(corpus_dir)
    per_doc: dict[str, list[dict]] = {}
    for doc_id in sorted(corpus.documents):
        independent = independent_annotations(corpus, doc_id)
        if len(independent) < 2:
            continue
        final = corpus.final(doc_id)
        keys = {p.key for a in (independent[0], independent[1], final) for p in a.pairs if scope in p.tags}
        text, sentences = corpus.documents[doc_id].text, final.sentences
        names: dict[str, list[str]] = {}
        for m in final.mentions:
            if m.text not in names.setdefault(m.actor, []):
                names[m.actor].append(m.text)
        for p in final.pairs:
            if p.key not in keys:
                continue
            i = p.sentence_index
            per_doc.setdefault(doc_id, []).append({
                "doc_id": doc_id, "sentence": i,
                "headline": text[sentences[0].start:sentences[0].end] if sentences[0].headline else "",
                "context_before": " ".join(text[s.start:s.end] for s in sentences[max(0, i - 2):i]),
                "sentence_text": text[p.sentence.start:p.sentence.end], "actors": list(p.actors),
                "actor_names": {a: names.get(a, [])[:4] for a in p.actors},
                "mentions_in_sentence": [{"actor": m.actor, "text": m.text, "form": m.form} for m in final.mentions
                                         if m.sentence == i and m.actor in p.actors],
                "speaker_of_quote": p.speaker})
    out: list[list[dict]] = [[] for _ in range(batches)]
    for doc_id, items in per_doc.items():
        min(out, key=len).extend(items)
    number = 0
    for batch in out:
        for item in batch:
            number += 1
            item["id"] = number
    return out


def _reading(answer: dict) -> tuple:
    """What agreement compares of an answer: its relation units (:meth:`RelationLabel.unit`)."""
    return tuple(sorted({RelationLabel(r["source"], r["target"], int(r["sign"]), r["type"], r["time"],
                                       bool(r.get("directed"))).unit() for r in answer.get("relations") or ()}))


def differences(task_rows: list[dict], a: list[dict], b: list[dict]) -> list[dict]:
    """The tasks whose two answers differ in their relations (with both answers, for the adjudicator)."""
    by_a, by_b = {x["id"]: x for x in a}, {x["id"]: x for x in b}
    return [{**task, "reading_1": by_a.get(task["id"]), "reading_2": by_b.get(task["id"])} for task in task_rows
            if _reading(by_a.get(task["id"], {})) != _reading(by_b.get(task["id"], {}))]


def _pair(task: dict, answer: dict, final_pair) -> dict:
    pair = {"sentence": task["sentence"], "actors": task["actors"], "relations": answer.get("relations") or [],
            "tags": sorted(set(answer.get("tags") or ()) & set(PHENOMENA)), "note": str(answer.get("note") or "")}
    if not pair["relations"]:
        pair["none"] = answer.get("none") or "no_stance"
    if final_pair.speaker:
        pair["speaker"] = final_pair.speaker
    if answer.get("adjudication"):
        pair["adjudication"] = str(answer["adjudication"])
    return pair


def records(corpus_dir: Path, task_rows: list[dict], answers: list[dict], *, annotator: str, role: str,
            scope: str) -> list[dict]:
    """One record per document of the tasks: the sentences, mentions and new actors of the adjudicated reading,
    and a pair for each answered task."""
    corpus = load_corpus(corpus_dir)
    by_id = {x["id"]: x for x in answers}
    out: dict[str, dict] = {}
    for task in task_rows:
        if task["id"] not in by_id:
            continue
        final = corpus.final(task["doc_id"])
        pairs = {(p.sentence_index, *p.actors): p for p in final.pairs}
        record = out.setdefault(task["doc_id"], {
            "doc_id": task["doc_id"], "annotator": annotator, "role": role, "scope": scope,
            "sentences": [asdict(s) for s in final.sentences], "mentions": [asdict(m) for m in final.mentions],
            "new_actors": [asdict(n) for n in final.new_actors], "pairs": []})
        record["pairs"].append(_pair(task, by_id[task["id"]], pairs[(task["sentence"], *task["actors"])]))
    return list(out.values())


def settle(task_rows: list[dict], a: list[dict], b: list[dict], decided: list[dict]) -> list[dict]:
    """The settled answer of every task: the adjudicator's where the two differ, else the two's shared one."""
    by_a, by_b, by_decided = ({x["id"]: x for x in rows} for rows in (a, b, decided))
    out = []
    for task in task_rows:
        one, two = by_a.get(task["id"]), by_b.get(task["id"])
        if task["id"] in by_decided:
            out.append(by_decided[task["id"]])
        elif one is not None and two is not None and _reading(one) == _reading(two):
            out.append({**one, "tags": sorted(set(one.get("tags") or ()) | set(two.get("tags") or ()))})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step", choices=["tasks", "differences", "records", "settle"])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "relations")
    ap.add_argument("--scope", default="implied", choices=PHENOMENA)
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--annotator")
    a = ap.parse_args(argv)
    write = sys.stdout.write
    if a.step == "tasks":
        a.out.mkdir(parents=True, exist_ok=True)
        for k, batch in enumerate(tasks(a.corpus, a.scope, a.batches), 1):
            (a.out / f"batch{k}.jsonl").write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in batch),
                                                   encoding="utf-8")
            print(f"batch{k}.jsonl: {len(batch)} pairs, {len({t['doc_id'] for t in batch})} documents",
                  file=sys.stderr)
        return 0
    rows = _read(a.files[0])
    if a.step == "differences":
        for row in differences(rows, _read(a.files[1]), _read(a.files[2])):
            write(json.dumps(row, ensure_ascii=False) + "\n")
    elif a.step == "records":
        for rec in records(a.corpus, rows, _read(a.files[1]), annotator=a.annotator, role="reannotation",
                           scope=a.scope):
            write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        answers = settle(rows, _read(a.files[1]), _read(a.files[2]), _read(a.files[3]))
        for rec in records(a.corpus, rows, answers, annotator="adjudicated", role="readjudication", scope=a.scope):
            write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
