"""Inter-annotator agreement and the counts of the labelled corpus.

Agreement compares two annotations of the same documents pair by pair: a
candidate pair is keyed by its document, sentence span and sorted actor ids
(:attr:`allegiance.relations.corpus.CandidatePair.key`). A pair one annotator
left out counts as *none* for them.

* **relation F1**: the relations of A against those of B, a relation being
  ``(pair key, source, target, sign)`` (ends sorted when undirected);
* **Cohen's kappa on sign** over the union of candidate pairs, each labelled
  ``+``, ``-``, ``+-`` (both) or ``none``;

both overall and per phenomenon (the pairs either annotator tagged with it).

Examples
--------
>>> from allegiance.relations.corpus import CandidatePair, RelationLabel, Sentence
>>> s = Sentence(0, 10)
>>> pos = (RelationLabel("A", "B", 1, "ally", "current", False),)
>>> a = [CandidatePair("d", s, 0, ("A", "B"), pos), CandidatePair("d", s, 0, ("A", "C"), none_kind="meeting")]
>>> b = [CandidatePair("d", s, 0, ("A", "B"), pos), CandidatePair("d", s, 0, ("A", "C"), pos[:0], "no_stance")]
>>> r = pair_agreement(a, b)
>>> r.relation_f1, r.kappa, r.pairs
(1.0, 1.0, 2)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping

from allegiance.relations.corpus import (NONE_KINDS, PHENOMENA, REANNOTATION_ROLES, CandidatePair, Corpus,
                                         DocumentAnnotation, is_adjudication, revise_pairs)

__all__ = ["Agreement", "Disagreement", "annotator_agreement", "cohen_kappa", "corpus_disagreements", "corpus_stats",
           "disagreements", "blind_pair", "format_agreement", "format_stats", "independent_annotations", "compared_annotations", "pair_agreement", "relation_units"]

#: What the full corpus must reach (issue 13), printed beside the counts.
TARGETS = {"documents": 800, "pairs": 10000, "relations": 3000, "per_phenomenon": 300, "per_none_kind": 300,
           "double_annotated_share": 0.2, "test_share": 0.15, "sources": 4, "years": 15, "topic_share": 0.35}


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement of two annotations: relation F1, kappa on sign, and the same per phenomenon."""

    pairs: int
    relations_a: int
    relations_b: int
    relation_f1: float
    kappa: float
    per_phenomenon: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return asdict(self)


def cohen_kappa(labels_a: Iterable[str], labels_b: Iterable[str]) -> float:
    """Cohen's kappa of two equally long label sequences (1.0 when both are constant and equal).

    Examples
    --------
    >>> cohen_kappa("++--", "+-+-")
    0.0
    >>> round(cohen_kappa(["+", "+", "-", "n"], ["+", "-", "-", "n"]), 4)
    0.6364
    """
    a, b = list(labels_a), list(labels_b)
    if len(a) != len(b):
        raise ValueError("kappa needs two label sequences of the same length")
    n = len(a)
    if n == 0:
        return 0.0
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return round((observed - expected) / (1 - expected), 4)


def relation_units(pairs: Iterable[CandidatePair]) -> set[tuple]:
    """The relation units of some pairs: (pair key, source, target, sign).

    Examples
    --------
    >>> from allegiance.relations.corpus import RelationLabel, Sentence
    >>> p = CandidatePair("d", Sentence(0, 5), 0, ("A", "B"), (RelationLabel("B", "A", -1, "rival", "past", False),))
    >>> relation_units([p])
    {(('d', 0, 5, 'A', 'B'), 'A', 'B', -1)}
    """
    return {(p.key, *r.unit()) for p in pairs for r in p.relations}


def _f1(units_a: set, units_b: set) -> float:
    if not units_a and not units_b:
        return 1.0
    tp = len(units_a & units_b)
    return round(2 * tp / (len(units_a) + len(units_b)), 4)


def _scores(a: Mapping[tuple, CandidatePair], b: Mapping[tuple, CandidatePair], keys: list[tuple]) -> dict:
    labels_a = [a[k].sign_label if k in a else "none" for k in keys]
    labels_b = [b[k].sign_label if k in b else "none" for k in keys]
    ua = relation_units(a[k] for k in keys if k in a)
    ub = relation_units(b[k] for k in keys if k in b)
    return {"pairs": len(keys), "relations_a": len(ua), "relations_b": len(ub), "relation_f1": _f1(ua, ub),
            "kappa": cohen_kappa(labels_a, labels_b)}


def pair_agreement(pairs_a: Iterable[CandidatePair], pairs_b: Iterable[CandidatePair]) -> Agreement:
    """Agreement of two sets of labelled candidate pairs (see the module doc).

    Examples
    --------
    >>> from allegiance.relations.corpus import RelationLabel, Sentence
    >>> s = Sentence(0, 9)
    >>> neg = (RelationLabel("A", "B", -1, "criticise", "current", True),)
    >>> a = [CandidatePair("d", s, 0, ("A", "B"), neg, tags=frozenset({"quote"}))]
    >>> pair_agreement(a, []).per_phenomenon["quote"]["relation_f1"]
    0.0
    """
    a = {p.key: p for p in pairs_a}
    b = {p.key: p for p in pairs_b}
    keys = sorted(set(a) | set(b))
    overall = _scores(a, b, keys)
    per = {}
    for tag in PHENOMENA:
        tagged = [k for k in keys if tag in (a[k].tags if k in a else ()) or tag in (b[k].tags if k in b else ())]
        if tagged:
            per[tag] = _scores(a, b, tagged)
    return Agreement(per_phenomenon=per, **overall)


def annotator_agreement(corpus: Corpus, *, annotators: Iterable[str] | None = None) -> Agreement | None:
    """Agreement over every document annotated independently twice (adjudications left out).

    For each such document the first two non-adjudicated annotations (file
    order) are compared; ``None`` when no document has two.

    Parameters
    ----------
    corpus : Corpus
        The loaded corpus.
    annotators : iterable of str, optional
        Only the documents where one of the two compared annotations is by one of these annotators
        (one round of double annotation, say); all double-annotated documents when omitted.

    Examples
    --------
    >>> from allegiance.relations.corpus import corpus_from_records
    >>> annotator_agreement(corpus_from_records([])) is None
    True
    >>> annotator_agreement(corpus_from_records([]), annotators=["ann-b"]) is None
    True
    """
    wanted = None if annotators is None else set(annotators)
    pairs_a: list[CandidatePair] = []
    pairs_b: list[CandidatePair] = []
    found = False
    for doc_id in sorted(corpus.documents):
        independent = independent_annotations(corpus, doc_id)
        if len(independent) >= 2:
            if wanted is not None and not {independent[0].annotator, independent[1].annotator} & wanted:
                continue
            found = True
            first, second = blind_pair(corpus, doc_id)
            pairs_a.extend(first.pairs)
            pairs_b.extend(second.pairs)
    return pair_agreement(pairs_a, pairs_b) if found else None


def blind_pair(corpus: Corpus, doc_id: str) -> tuple[DocumentAnnotation, DocumentAnnotation]:
    """The two blind annotations of a document that agreement compares, as they stand after re-annotation.

    They are its first two independent annotations; when a re-annotation round relabelled some of its
    pairs (two blind ``reannotation`` records, docs/annotation.md section 8), those pairs are compared as
    the round's two annotators labelled them, since the round's guideline replaced the one the first
    two worked under. Rounds are told apart by their ``scope``; each round's first record revises the
    first annotation and its second the second, round after round in file order (a pair two rounds
    relabelled is compared as the later round read it). A round with one record so far is left out.

    Examples
    --------
    >>> from allegiance.relations.corpus import corpus_from_records
    >>> blind_pair(corpus_from_records([]), "d")
    Traceback (most recent call last):
    ...
    ValueError: document 'd' is not annotated twice independently
    """
    independent = independent_annotations(corpus, doc_id)
    if len(independent) < 2:
        raise ValueError(f"document {doc_id!r} is not annotated twice independently")
    rounds: dict[str, list[DocumentAnnotation]] = {}
    for record in corpus.annotations_of(doc_id):
        if record.role == "reannotation":
            rounds.setdefault(record.scope, []).append(record)
    complete = [records for records in rounds.values() if len(records) >= 2]
    return (revise_pairs(independent[0], [records[0] for records in complete]),
            revise_pairs(independent[1], [records[1] for records in complete]))


def independent_annotations(corpus: Corpus, doc_id: str) -> list[DocumentAnnotation]:
    """The annotations of one document that are not adjudications, in file order.

    Examples
    --------
    >>> from allegiance.relations.corpus import corpus_from_records
    >>> independent_annotations(corpus_from_records([]), "d")
    []
    """
    return [x for x in corpus.annotations_of(doc_id) if not _is_adjudication(x)]


def corpus_disagreements(corpus: Corpus, doc_ids: Iterable[str] | None = None) -> list[Disagreement]:
    """:func:`disagreements` of the first two independent annotations of every double-annotated document,
    the primary as A (:func:`compared_annotations`).

    ``doc_ids`` limits it to some documents (all when omitted); documents
    annotated fewer than twice are skipped. Agreement figures compare the same
    two annotations (:func:`annotator_agreement`).

    Examples
    --------
    >>> from allegiance.relations.corpus import corpus_from_records
    >>> corpus_disagreements(corpus_from_records([]))
    []
    """
    out: list[Disagreement] = []
    for doc_id in sorted(corpus.documents) if doc_ids is None else doc_ids:
        compared = compared_annotations(corpus, doc_id)
        if compared is not None:
            out.extend(disagreements(*compared))
    return out


#: the order in which :func:`compared_annotations` puts two annotations: the primary is always A
_ROLE_ORDER = {"primary": 0, "second": 1}


def compared_annotations(corpus: Corpus, doc_id: str) -> tuple[DocumentAnnotation, DocumentAnnotation] | None:
    """The two independent annotations :func:`corpus_disagreements` compares, the primary first (A) and the
    second next (B) whatever their files' names; None for a document annotated fewer than twice.

    Examples
    --------
    >>> from allegiance.relations.corpus import corpus_from_records
    >>> doc = {"id": "d", "title": "T", "text": "T", "date": "2001", "source": "s", "licence": "CC0",
    ...        "attribution": "-", "topic": "party", "split": "train"}
    >>> records = [{"doc_id": "d", "annotator": name, "role": role, "sentences": [], "mentions": [], "pairs": []}
    ...            for name, role in (("ann-hd", "second"), ("ann-o", "primary"))]
    >>> [a.annotator for a in compared_annotations(corpus_from_records([doc], records), "d")]
    ['ann-o', 'ann-hd']
    """
    independent = independent_annotations(corpus, doc_id)[:2]
    if len(independent) < 2:
        return None
    first, second = sorted(independent, key=lambda a: _ROLE_ORDER.get(a.role, 2))
    return first, second


def _is_adjudication(annotation: DocumentAnnotation) -> bool:
    """Adjudications and re-annotation rounds: neither is a whole independent annotation."""
    return is_adjudication(annotation) or annotation.role in REANNOTATION_ROLES


# ----------------------------------------------------------------------------- disagreements

#: What two annotations of one document can differ on, coarsest first (one kind per item).
DISAGREEMENT_KINDS = ("mention", "pair", "sign", "relation", "type", "time", "none_kind", "tags")


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One place where two annotations of a document differ, for the adjudicator.

    ``kind`` is one of :data:`DISAGREEMENT_KINDS`: ``mention`` (a mention span or
    its actor only one has), ``pair`` (a candidate pair only one has), ``sign``
    (different sign labels), ``relation`` (same signs, different source, target
    or direction), ``type``, ``time``, ``none_kind`` (both none, different kinds)
    and ``tags``; ``a`` and ``b`` say what each annotation holds there.
    """

    doc_id: str
    sentence: int
    kind: str
    subject: str
    a: str
    b: str

    def __str__(self) -> str:
        return f"{self.doc_id} s{self.sentence} {self.kind} {self.subject}: A {self.a} | B {self.b}"


def _describe(pair: CandidatePair | None) -> str:
    if pair is None:
        return "-"
    if not pair.relations:
        body = f"none:{pair.none_kind}"
    else:
        body = "; ".join(f"{r.source}{'->' if r.directed else '--'}{r.target} {r.type} {r.sign:+d} {r.time}"
                         for r in sorted(pair.relations, key=lambda r: (r.sign, r.source, r.type)))
    return body + (f" [{','.join(sorted(pair.tags))}]" if pair.tags else "")


def _pair_kind(a: CandidatePair, b: CandidatePair) -> str | None:
    if a.sign_label != b.sign_label:
        return "sign"
    if relation_units([a]) != relation_units([b]):
        return "relation"
    for field_ in ("type", "time"):
        if {(r.unit(), getattr(r, field_)) for r in a.relations} != {(r.unit(), getattr(r, field_))
                                                                      for r in b.relations}:
            return field_
    if a.none_kind != b.none_kind:
        return "none_kind"
    return "tags" if a.tags != b.tags else None


def disagreements(a: DocumentAnnotation, b: DocumentAnnotation) -> list[Disagreement]:
    """Every mention and candidate pair on which two annotations of one document differ.

    Mentions compare by (sentence, span, actor); pairs by their key
    (:attr:`CandidatePair.key`), each differing pair reported once with its
    coarsest difference. Sorted by sentence.

    Examples
    --------
    >>> from allegiance.relations.corpus import RelationLabel, Sentence
    >>> s = (Sentence(0, 9),)
    >>> neg = (RelationLabel("A", "B", -1, "criticise", "current", True),)
    >>> one = DocumentAnnotation("d", "x", "primary", s, (), (), (CandidatePair("d", s[0], 0, ("A", "B"), neg),))
    >>> two = DocumentAnnotation("d", "y", "second", s, (), (),
    ...                          (CandidatePair("d", s[0], 0, ("A", "B"), none_kind="no_stance"),))
    >>> [str(d) for d in disagreements(one, two)]
    ['d s0 sign A|B: A A->B criticise -1 current | B none:no_stance']
    """
    out = []
    spans = lambda ann: {(m.sentence, m.start, m.end, m.actor): m for m in ann.mentions}  # noqa: E731
    ma, mb = spans(a), spans(b)
    for key in sorted(set(ma) ^ set(mb)):
        m = ma.get(key) or mb[key]
        where = f"{m.text!r}@{m.start}-{m.end}"
        out.append(Disagreement(a.doc_id, key[0], "mention", where, m.actor if key in ma else "-",
                                m.actor if key in mb else "-"))
    pa = {p.key: p for p in a.pairs}
    pb = {p.key: p for p in b.pairs}
    for key in sorted(set(pa) | set(pb)):
        x, y = pa.get(key), pb.get(key)
        kind = "pair" if x is None or y is None else _pair_kind(x, y)
        if kind:
            index = (x or y).sentence_index
            out.append(Disagreement(a.doc_id, index, kind, "|".join(key[3:]), _describe(x), _describe(y)))
    return sorted(out, key=lambda d: (d.sentence, DISAGREEMENT_KINDS.index(d.kind)))


# ----------------------------------------------------------------------------- counts

def _documents_stats(corpus: Corpus) -> dict[str, Any]:
    docs = list(corpus.documents.values())
    n = len(docs) or 1
    topics = Counter(d.topic for d in docs)
    return {
        "documents": len(docs),
        "by_source": dict(Counter(d.source for d in docs).most_common()),
        "by_licence": dict(Counter(d.licence for d in docs).most_common()),
        "by_year": dict(sorted(Counter(d.year for d in docs).items())),
        "by_topic": dict(topics.most_common()),
        "topic_share": {t: round(c / n, 4) for t, c in topics.items()},
        "by_split": dict(Counter(d.split for d in docs).most_common()),
        "sources": len({d.source for d in docs}),
        "years": len({d.year for d in docs} - {"?"}),
    }


def corpus_stats(corpus: Corpus) -> dict[str, Any]:
    """Every count issue 13 asks for, as a JSON-ready dict.

    Documents per source, licence, year, topic and split; annotated and
    double-annotated documents; candidate pairs, relations, sign shares,
    relations per phenomenon, none pairs per kind, new actors, and agreement
    when documents are annotated twice. Pair counts use each document's final
    annotation (:meth:`Corpus.final`).

    Examples
    --------
    >>> from allegiance.relations.corpus import corpus_from_records
    >>> corpus_stats(corpus_from_records([]))["pairs"]
    0
    """
    out = _documents_stats(corpus)
    finals = [ann for _, ann in corpus.finals(text_only=False)]
    pairs = [p for ann in finals for p in ann.pairs]
    relations = [(p, r) for p in pairs for r in p.relations]
    signs = Counter(r.sign for _, r in relations)
    n_rel = len(relations) or 1
    double = sum(1 for d in corpus.documents if sum(not _is_adjudication(a) for a in corpus.annotations_of(d)) >= 2)
    agreement = annotator_agreement(corpus)
    out.update({
        "annotated_documents": len(finals),
        "annotations": len(corpus.annotations),
        "annotators": sorted({a.annotator for a in corpus.annotations}),
        "double_annotated_documents": double,
        # The share the issue sets (20%) is of the labelled documents; the share of every text,
        # annotated or not, is kept beside it so neither reading is hidden.
        "double_annotated_share": round(double / (len(finals) or 1), 4),
        "double_annotated_share_of_texts": round(double / (len(corpus.documents) or 1), 4),
        "adjudicated_documents": len({a.doc_id for a in corpus.annotations if is_adjudication(a)}),
        "reannotated_documents": len({a.doc_id for a in corpus.annotations if a.role == "reannotation"}),
        "pairs": len(pairs),
        "relations": len(relations),
        "none_pairs": sum(1 for p in pairs if not p.relations),
        "sign_share": {"+": round(signs[1] / n_rel, 4), "-": round(signs[-1] / n_rel, 4)},
        "relations_by_type": dict(Counter(r.type for _, r in relations).most_common()),
        "relations_by_time": dict(Counter(r.time for _, r in relations).most_common()),
        "relations_by_phenomenon": {t: sum(1 for p, _ in relations if t in p.tags) for t in PHENOMENA},
        "none_by_kind": {k: sum(1 for p in pairs if p.none_kind == k) for k in NONE_KINDS},
        "new_actors": sorted({n.id for ann in finals for n in ann.new_actors}),
        "agreement": agreement.to_dict() if agreement else None,
        "targets": TARGETS,
    })
    return out


def _counter_line(name: str, counts: Mapping[str, Any]) -> str:
    return f"{name}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "-")


def format_stats(stats: Mapping[str, Any]) -> str:
    """The counts of :func:`corpus_stats` as plain text, each with its target.

    Examples
    --------
    >>> from allegiance.relations.corpus import corpus_from_records
    >>> format_stats(corpus_stats(corpus_from_records([]))).splitlines()[0]
    'documents: 0 (target 800)'
    """
    t = stats["targets"]
    lines = [f"documents: {stats['documents']} (target {t['documents']})",
             _counter_line("  by source", stats["by_source"])
             + f"  [{stats['sources']} sources, target {t['sources']}]",
             _counter_line("  by licence", stats["by_licence"]),
             _counter_line("  by year", stats["by_year"]) + f"  [{stats['years']} years, target {t['years']}]",
             _counter_line("  by topic", stats["by_topic"]) + f"  [shares {stats['topic_share']}, target "
                                                                f">= {t['topic_share']} each]",
             _counter_line("  by split", stats["by_split"]),
             f"annotated documents: {stats['annotated_documents']} ({stats['annotations']} annotations by "
             f"{', '.join(stats['annotators']) or '-'})",
             f"double-annotated: {stats['double_annotated_documents']} documents, share of annotated "
             f"{stats['double_annotated_share']:.4f} (target {t['double_annotated_share']}), of all texts "
             f"{stats['double_annotated_share_of_texts']:.4f}; adjudicated "
             f"{stats['adjudicated_documents']}; re-annotated in a round {stats['reannotated_documents']}",
             f"candidate pairs: {stats['pairs']} (target {t['pairs']}); relations: {stats['relations']} (target "
             f"{t['relations']}); none pairs: {stats['none_pairs']}",
             f"sign share: + {stats['sign_share']['+']:.4f}, - {stats['sign_share']['-']:.4f} (each >= 0.35)",
             _counter_line("relations by phenomenon", stats["relations_by_phenomenon"]) +
             f" (target {t['per_phenomenon']} each)",
             _counter_line("none pairs by kind", stats["none_by_kind"]) + f" (target {t['per_none_kind']} each "
                                                                          "of negation..post)",
             _counter_line("relations by type", stats["relations_by_type"]),
             _counter_line("relations by time", stats["relations_by_time"]),
             f"new actors flagged: {len(stats['new_actors'])}"]
    lines.append(format_agreement(stats.get("agreement")))
    return "\n".join(lines)


def format_agreement(agreement: Mapping[str, Any] | None) -> str:
    """Agreement (the dict form of :class:`Agreement`) as plain text, overall and per phenomenon.

    Examples
    --------
    >>> format_agreement(None)
    'agreement: no document is annotated twice yet'
    >>> print(format_agreement({"relation_f1": 0.9, "kappa": 0.8, "pairs": 10,
    ...                         "per_phenomenon": {"quote": {"relation_f1": 1.0, "kappa": 1.0, "pairs": 2}}}))
    agreement: relation F1 0.9000, kappa 0.8000 over 10 pairs (targets 0.85, 0.8)
      quote: relation F1 1.0000, kappa 1.0000, 2 pairs
    """
    if not agreement:
        return "agreement: no document is annotated twice yet"
    lines = [f"agreement: relation F1 {agreement['relation_f1']:.4f}, kappa {agreement['kappa']:.4f} over "
             f"{agreement['pairs']} pairs (targets 0.85, 0.8)"]
    for tag, s in agreement["per_phenomenon"].items():
        lines.append(f"  {tag}: relation F1 {s['relation_f1']:.4f}, kappa {s['kappa']:.4f}, {s['pairs']} pairs")
    return "\n".join(lines)
