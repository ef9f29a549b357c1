#!/usr/bin/env python
"""Turn a compact hand-written annotation into a full annotation record (offsets computed).

Writing character offsets by hand is error-prone; write this instead (JSON, one object per document)::

    {"doc_id": "wikinews-...", "annotator": "ann-b", "role": "primary",
     "mentions": [[1, "Sanders", 0, "PER:bernie_sanders", "name"],      # sentence, text, nth in sentence,
                  [1, "his", 0, "PER:bernie_sanders", "pronoun"]],       # actor id, form
     "new_actors": [{"id": "NEW:john_bolton", "name": "John Bolton", "kind": "person"}],
     "pairs": [[1, "PER:bernie_sanders", "PER:joe_biden", ["PER:bernie_sanders>PER:joe_biden:endorse:current"],
                ["headline"], "optional note"],
               [2, "IRN", "USA", "none:meeting", []],
               [3, "PER:x", "USA", ["PER:x>USA:criticise:current"], ["quote"], "", "m7"]]}   # speaker mention

A relation is ``SOURCE>TARGET:type:time`` (directed) or ``A~B:type:time`` (undirected); the sign
follows from the type. Sentences come from the draft (``allegiance corpus draft``), so they are the
frozen ones. Mention ids are m1, m2, ... in the order written. A mention's text matches whole words
only ("he" never matches inside "the"), and "nth in sentence" counts whole-word occurrences.

Usage::

    python scripts/expand_compact_annotation.py COMPACT.json --draft DRAFT.jsonl --dir data/relations \\
        >> data/relations/annotations/ANNOTATOR.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from allegiance.model import RelationType  # noqa: E402
from allegiance.relations.corpus import load_corpus  # noqa: E402
from allegiance.relations.spans import find_whole_word  # noqa: E402


def _relation(text: str) -> dict:
    m = re.fullmatch(r"(.+?)([>~])(.+?):(\w+):(current|past|future)", text)
    if not m:
        raise SystemExit(f"error: relation {text!r} is not SOURCE>TARGET:type:time or A~B:type:time")
    source, arrow, target, type_, time = m.groups()
    return {"source": source, "target": target, "sign": int(RelationType(type_).sign), "type": type_,
            "time": time, "directed": arrow == ">"}


def _mention(text: str, sentences: list[dict], n: int, spec: list) -> dict:
    sent, needle, nth, actor, form = spec
    s = sentences[sent]
    start = find_whole_word(text, needle, s["start"], s["end"], nth)
    if start < 0:
        raise SystemExit(f"error: {needle!r} (occurrence {nth}) is not in sentence {sent} as a whole word")
    return {"id": f"m{n}", "sentence": sent, "start": start, "end": start + len(needle), "text": needle,
            "actor": actor, "form": form}


def _pair(spec: list) -> dict:
    sent, a, b, label, tags, *rest = spec
    pair = {"sentence": sent, "actors": sorted([a, b]), "tags": tags}
    if isinstance(label, str):
        pair["none"] = label.removeprefix("none:")
        pair["relations"] = []
    else:
        pair["relations"] = [_relation(r) for r in label]
    if rest and rest[0]:
        pair["note"] = rest[0]
    if len(rest) > 1:
        pair["speaker"] = rest[1]
    return pair


def expand(compact: dict, draft: dict, text: str) -> dict:
    sentences = draft["sentences"]
    return {"doc_id": compact["doc_id"], "annotator": compact["annotator"], "role": compact.get("role", "primary"),
            "sentences": sentences,
            "mentions": [_mention(text, sentences, i, m) for i, m in enumerate(compact["mentions"], 1)],
            "new_actors": compact.get("new_actors", []), "pairs": [_pair(p) for p in compact["pairs"]]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("compact", type=Path)
    parser.add_argument("--draft", type=Path, required=True, help="JSONL of drafts (allegiance corpus draft)")
    parser.add_argument("--dir", type=Path, default=Path("data/relations"))
    args = parser.parse_args()
    corpus = load_corpus(args.dir)
    drafts = {d["doc_id"]: d for d in map(json.loads, args.draft.read_text(encoding="utf-8").splitlines())}
    compacts = json.loads(args.compact.read_text(encoding="utf-8"))
    for compact in compacts if isinstance(compacts, list) else [compacts]:
        doc = corpus.documents[compact["doc_id"]]
        print(json.dumps(expand(compact, drafts[compact["doc_id"]], doc.text), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
