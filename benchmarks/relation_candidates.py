"""Recall of the relation-model candidate generator on the labelled corpus (train and dev; never test).

Runs the extraction pipeline (actor stage included) on every annotated document of a split,
generates candidates (:func:`allegiance.relations.model.candidates.pair_candidates`), keys
each on the corpus sentences it overlaps and its two corpus actor ids, and reports the share
of gold *relation* pairs (and of all labelled pairs) found, beside the naive generator
(distinct actors per sentence only), with the reason for every miss.

    PYTHONPATH=src python benchmarks/relation_candidates.py [--out benchmarks/results/relation_candidates.json]
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from pathlib import Path

from _common import write_report

from allegiance.actors.kb import load_knowledge_base
from allegiance.relations.corpus import load_corpus
from allegiance.relations.model.candidates import actor_mentions, extra_mentions, pair_candidates
from allegiance.relations.model.corpus_docs import corpus_actor_id, gold_sentence_of
from allegiance.relations.pipeline import build_pipeline

ROOT = Path(__file__).resolve().parents[1]


def candidate_keys(doc, ann, kb, extra=()) -> tuple[dict[tuple[int, str, str], str], dict[int, list]]:
    """Corpus keys (sentence index, actor, actor) of the candidates of a parsed ``doc`` -> route,
    and per corpus sentence the candidates' two ends as character spans (``extra``: more mentions)."""
    keys, ends = {}, {}
    for c in pair_candidates(doc, actor_id=lambda a: corpus_actor_id(a, kb), extra_mentions=extra):
        span = doc[c.sentence[0]:c.sentence[1]]
        chars = tuple([(doc[a:b].start_char, doc[a:b].end_char) for a, b in spans] for spans in (c.spans_a, c.spans_b))
        for i, s in enumerate(ann.sentences):
            if s.start < span.end_char and span.start_char < s.end:
                keys.setdefault((i, *c.actors), c.route)
                ends.setdefault(i, []).append(chars)
    return keys, ends


def _gold_ends(pair, ann) -> list[list[tuple[int, int]]]:
    """Character spans of each end of a gold pair: its mentions in the sentence, else the speaker's."""
    out = []
    for actor in pair.actors:
        found = [(m.start, m.end) for m in ann.mentions if m.actor == actor and m.sentence == pair.sentence_index]
        found = found or [(m.start, m.end) for m in ann.mentions if m.id == pair.speaker]
        out.append(found or [(m.start, m.end) for m in ann.mentions if m.actor == actor])
    return out


def span_covered(pair, ann, ends: dict[int, list]) -> bool:
    """Some candidate keyed on the pair's sentence has one end on each gold actor's mentions (ids ignored)."""
    gold_a, gold_b = _gold_ends(pair, ann)

    def hits(cand, gold):
        return any(a < y and x < b for a, b in cand for x, y in gold)

    return any((hits(ca, gold_a) and hits(cb, gold_b)) or (hits(ca, gold_b) and hits(cb, gold_a))
               for ca, cb in ends.get(pair.sentence_index, []))


def _found_actors(doc, ann, kb, extra=()) -> set[tuple[int, str]]:
    out = set()
    mentions = [(m.start, m.end, m.actor_id) for m in actor_mentions(doc, lambda a: corpus_actor_id(a, kb))]
    for start, end, actor_id in mentions + [(a, b, corpus_actor_id(actor, kb)) for a, b, actor in extra]:
        span = doc[start:end]
        i = gold_sentence_of(ann, span.start_char, span.end_char)
        if i is not None:
            out.add((i, actor_id))
    return out


def miss_reason(pair, ann, found: set[tuple[int, str]], spans: list[tuple[int, int]]) -> str:
    """Why a gold pair is not among the candidates (``spans``: character spans of the pipeline's mentions)."""
    reasons = []
    for actor in pair.actors:
        if (pair.sentence_index, actor) in found:
            continue
        gold = [m for m in ann.mentions if m.actor == actor and m.sentence == pair.sentence_index]
        if not gold:
            reasons.append("quote speaker outside the sentence, not paired")
            continue
        kind = "NEW: actor" if actor.startswith("NEW:") else "KB actor"
        form = "reference" if gold[0].form in ("pronoun", "group", "title", "nominal") else gold[0].form
        overlaps = any(a < m.end and m.start < b for m in gold for a, b in spans)
        reasons.append(f"{kind} as {form}: " + ("found with another id" if overlaps else "not found"))
    return " + ".join(sorted(set(reasons))) or "both actors found, pair not generated (sentence split)"


def measure(finals, docs, kb, **switches: bool) -> dict:
    """Recall of the candidates of the parsed ``docs`` (with the :func:`extra_mentions` ``switches`` on)."""
    gold_rel = gold_all = hit_rel = hit_all = naive_rel = span_rel = 0
    n_candidates, routes, misses = 0, Counter(), Counter()
    examples = []
    for (document, ann), doc in zip(finals, docs):
        extra = extra_mentions(doc, kb, **switches)
        keys, ends = candidate_keys(doc, ann, kb, extra)
        found = _found_actors(doc, ann, kb, extra)
        spans = [(doc[m.start:m.end].start_char, doc[m.start:m.end].end_char) for m in actor_mentions(doc)]
        spans += [(doc[a:b].start_char, doc[a:b].end_char) for a, b, _ in extra]
        n_candidates += len(keys)
        for pair in ann.pairs:
            key = (pair.sentence_index, *pair.actors)
            rel = bool(pair.relations)
            gold_all += 1
            gold_rel += rel
            if key in keys:
                hit_all += 1
                hit_rel += rel
                routes[keys[key]] += rel
            elif rel:
                reason = miss_reason(pair, ann, found, spans)
                misses[reason] += 1
                if len(examples) < 12:
                    examples.append({"doc": document.id, "sentence": pair.sentence_index,
                                     "actors": list(pair.actors), "reason": reason})
            span_rel += rel and span_covered(pair, ann, ends)
            naive_rel += rel and all((pair.sentence_index, a) in found for a in pair.actors)
    return {"documents": len(finals), "gold_pairs": gold_all, "gold_relation_pairs": gold_rel,
            "relation_pairs_found": hit_rel, "relation_recall": round(hit_rel / max(gold_rel, 1), 4),
            "labelled_pairs_found": hit_all, "labelled_pair_recall": round(hit_all / max(gold_all, 1), 4),
            "naive_per_sentence_relation_pairs_found": naive_rel,
            "relation_pairs_covered_by_spans_ids_ignored": span_rel,
            "relation_span_recall_ids_ignored": round(span_rel / max(gold_rel, 1), 4), "candidates": n_candidates,
            "relation_pairs_found_by_route": dict(routes), "relation_misses_by_reason": dict(misses.most_common()),
            "miss_examples": examples}


def _unparsed(nlp, documents):
    """Docs of the corpus ``documents`` as extraction reads them (id, date, speaker), not yet parsed."""
    return (document.make_doc(nlp) for document in documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/relation_candidates.json")
    parser.add_argument("--splits", nargs="+", default=["dev", "train"], choices=["dev", "train"])
    args = parser.parse_args()
    load = os.getloadavg()
    corpus = load_corpus(ROOT / "data/relations")
    kb = load_knowledge_base()
    nlp = build_pipeline()
    started = time.perf_counter()
    report = {"benchmark": "relation-model candidate recall on data/relations (train, dev; test never read)",
              "generator": "allegiance.relations.model.candidates.pair_candidates",
              "key": "(corpus sentence index, sorted corpus actor ids); candidate sentences keyed on every "
                     "corpus sentence they overlap",
              "span_recall": "a gold relation pair counts as covered when a candidate on its sentence has one end "
                             "overlapping a gold mention of each actor, whatever ids the actor stage gave them",
              "naive": "pairs of distinct actors the pipeline found in the corpus sentence (same actor stage)",
              "adjectival": "with_adjectival_mentions adds country adjectives and demonyms outside the actor spans "
                            "(allegiance.relations.model.candidates.adjectival_mentions) as mentions to pair",
              "references": "with_adjectival_and_reference_mentions also adds pronouns and definite descriptions "
                            "resolved to the latest earlier actor of a fitting kind "
                            "(allegiance.relations.model.candidates.reference_mentions)",
              "first_person": "with_adjectival_reference_and_first_person_mentions also adds first-person pronouns "
                              "resolved to whoever speaks: a transcript's speaker label, the document's speaker "
                              "(State of the Union parts: the president, the corpus field `speaker`), a quote's "
                              "one named person (allegiance.relations.model.candidates.first_person_mentions)",
              "groups": "..._and_group_mentions also adds group noun phrases the actor stage left alone "
                        "('anti-government protesters', 'Trump supporters') as ad-hoc group actors "
                        "(allegiance.relations.model.candidates.group_mentions); their ids are new, so they "
                        "count in the span recall (ids ignored), not in the id-keyed recall",
              "shipped": "shipped_settings: first-person mentions only, as the shipped models generate",
              "splits": {}}
    for split in args.splits:
        finals = list(corpus.finals(split))
        docs = list(nlp.pipe(_unparsed(nlp, [d for d, _ in finals]), batch_size=8))
        variants = {"actor_spans_only": {},
                    "with_adjectival_mentions": {"adjectival": True},
                    "with_adjectival_and_reference_mentions": {"adjectival": True, "references": True},
                    "with_adjectival_reference_and_first_person_mentions": {"adjectival": True, "references": True,
                                                                            "first_person": True},
                    "with_adjectival_reference_first_person_and_group_mentions": {
                        "adjectival": True, "references": True, "first_person": True, "groups": True},
                    "shipped_settings": {"first_person": True},
                    "shipped_settings_and_group_mentions": {"first_person": True, "groups": True}}
        report["splits"][split] = {name: measure(finals, docs, kb, **switches) for name, switches in variants.items()}
    report["seconds"] = round(time.perf_counter() - started, 1)
    write_report(report, args.out, load)


if __name__ == "__main__":
    main()
