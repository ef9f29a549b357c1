"""spaCy components of the relation stage, registered with ``@Language.factory``.

* ``allegiance_relations`` — reads ``doc.spans["actors"]`` and the parse, writes
  ``doc._.relations`` (a list of :class:`~allegiance.model.Relation`).
* ``allegiance_ner_actors`` — a fallback actor marker from the statistical NER
  (PERSON, ORG, GPE, NORP), used when the actor stage is absent and to add
  actors the knowledge base does not know (e.g. for evaluation on foreign data).

Examples
--------
>>> from allegiance.nlp import load_model
>>> nlp = load_model()
>>> _ = nlp.add_pipe("allegiance_ner_actors")
>>> _ = nlp.add_pipe("allegiance_relations")
>>> doc = nlp("Britain formed an alliance with France.")
>>> [(r.source.text, r.target.text, r.sign.value) for r in doc._.relations]
[('Britain', 'France', 1)]
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from allegiance.actors.guards import no_actor_entity
from allegiance.actors.kb import shared_knowledge_base
from allegiance.actors.not_names import not_a_name
from allegiance.errors import ConfigError
from allegiance.model import Actor, ActorKind
from allegiance.nlp.extensions import ACTOR_SPANS_KEY, register_extensions
from allegiance.relations.extract import ExtractorConfig, find_relations
from allegiance.relations.lexicon import DEFAULT_LEXICON_PATH, load_lexicon, parse_lexicon

__all__ = ["RelationExtractor", "NerActorMarker"]

_KIND_BY_LABEL = {
    "PERSON": ActorKind.PERSON,
    "ORG": ActorKind.ORGANISATION,
    "GPE": ActorKind.COUNTRY,
    "NORP": ActorKind.GROUP,
}


class RelationExtractor:
    """The relation component: trigger lexicon + dependency matchers.

    Parameters
    ----------
    nlp : Language
        The pipeline (unused; kept for the factory signature).
    name : str
        Component name.
    lexicon_path : str, optional
        A trigger lexicon YAML; the shipped one when empty.
    max_sentence_tokens : int
        Longer sentences are skipped (a note goes to ``doc.user_data``).
    min_confidence : float
        Relations below this confidence are dropped.
    keep_negated : bool
        Keep negated relations (``negated=True``) instead of dropping them.
    anaphora : bool
        Resolve plural references ("they", "the former rivals") to the last coordinated group.
    implied : bool
        Add implied relations (purpose clauses of alliances, "against").
    speaker_context : bool
        Speaker stance from one-sided evaluative wording in a reported clause (weaker rule).
    """

    def __init__(self, nlp: Language, name: str, *, lexicon_path: str = "", max_sentence_tokens: int = 150,
                 min_confidence: float = 0.2, keep_negated: bool = False, anaphora: bool = True,
                 implied: bool = True, speaker_context: bool = True):
        register_extensions()
        self.name = name
        self.lexicon_path = lexicon_path
        if lexicon_path:  # read once: the rules and the text saved by to_disk are the same
            self._load_text(_read_lexicon(lexicon_path), lexicon_path)
        else:
            self.lexicon = load_lexicon()
            #: the YAML the lexicon was read from: it travels with ``to_disk`` (workers need no lexicon file)
            self.lexicon_text = DEFAULT_LEXICON_PATH.read_text(encoding="utf-8")
        self.config = ExtractorConfig(max_sentence_tokens=max_sentence_tokens, min_confidence=min_confidence,
                                      keep_negated=keep_negated, anaphora=anaphora, implied=implied,
                                      speaker_context=speaker_context)

    def __call__(self, doc: Doc) -> Doc:
        doc._.relations = find_relations(doc, self.lexicon, self.config)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # serialisation: the settings travel in the config, the lexicon as its YAML text
    def _load_text(self, text: str, where: str) -> None:
        self.lexicon_text = text
        self.lexicon = parse_lexicon(text, where=where)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the trigger lexicon (``lexicon.yaml``) into ``path``."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "lexicon.yaml").write_text(self.lexicon_text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "RelationExtractor":
        """Read the trigger lexicon that :meth:`to_disk` wrote."""
        file = Path(path) / "lexicon.yaml"
        self._load_text(file.read_text(encoding="utf-8"), str(file))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"lexicon": self.lexicon_text})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RelationExtractor":
        self._load_text(srsly.msgpack_loads(data)["lexicon"], f"{self.name} (bytes)")
        return self


def _read_lexicon(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the trigger lexicon {path}", hint="give an existing YAML file") from exc


@Language.factory(
    "allegiance_relations",
    default_config={
        "lexicon_path": "",
        "max_sentence_tokens": 150,
        "min_confidence": 0.2,
        "keep_negated": False,
        "anaphora": True,
        "implied": True,
        "speaker_context": True,
    },
    requires=["doc.sents", "token.dep", "token.lemma"],
    assigns=["doc._.relations"],
)
def make_relation_extractor(nlp: Language, name: str, lexicon_path: str, max_sentence_tokens: int,
                            min_confidence: float, keep_negated: bool, anaphora: bool,
                            implied: bool, speaker_context: bool) -> RelationExtractor:
    """Factory of the ``allegiance_relations`` component."""
    return RelationExtractor(nlp, name, lexicon_path=lexicon_path, max_sentence_tokens=max_sentence_tokens,
                             min_confidence=min_confidence, keep_negated=keep_negated, anaphora=anaphora,
                             implied=implied, speaker_context=speaker_context)


class NerActorMarker:
    """Add NER entities (PERSON, ORG, GPE, NORP) as ad hoc actors where no actor span is.

    Actors made this way have the id ``ner:<text>`` and a lower confidence, except a NORP entity that
    is one country's adjective or demonym in the knowledge base ("the Japanese defeat"): it is that
    country (as ``ner:Japanese`` it was a second actor beside Japan, related to Japan itself).
    """

    def __init__(self, nlp: Language, name: str, *, labels: list[str] | None = None, confidence: float = 0.6):
        register_extensions()
        self.name = name
        self.labels = set(labels or _KIND_BY_LABEL)
        self.confidence = confidence
        self.kb = shared_knowledge_base()

    def __call__(self, doc: Doc) -> Doc:
        existing = list(doc.spans[ACTOR_SPANS_KEY]) if ACTOR_SPANS_KEY in doc.spans else []
        taken = set()
        for span in existing:
            taken.update(range(span.start, span.end))
        added: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in self.labels or any(i in taken for i in range(ent.start, ent.end)) or no_actor_entity(ent):
                continue  # courts, diseases and named events are no actors
            span = ent
            if span[0].lower_ in ("the", "a", "an") and len(span) > 1:
                span = doc[span.start + 1:span.end]
            if span[-1].tag_ == "POS" and len(span) > 1:
                span = doc[span.start:span.end - 1]
            if not_a_name(ent) is not None and not (ent.label_ == "NORP" and self.kb.country_of_adjective(span.text)):
                continue  # a title, a fragment, a law named after its authors (NOT_NAME_RULES); a demonym stays
            added.append(span)
        if not added:
            return doc
        group = existing + filter_spans(added)
        group.sort(key=lambda s: (s.start, -s.end))
        doc.spans[ACTOR_SPANS_KEY] = group
        for span in doc.spans[ACTOR_SPANS_KEY]:
            if span._.actor is None:
                label = span.label_ or next((e.label_ for e in doc.ents if e.start <= span.start < e.end), "ORG")
                country = self.kb.country_of_adjective(span.text) if label == "NORP" else None
                span._.actor = country or Actor(f"ner:{span.text}", span.text,
                                                _KIND_BY_LABEL.get(label, ActorKind.GROUP))
                span._.actor_confidence = self.confidence
        return doc


@Language.factory(
    "allegiance_ner_actors",
    default_config={"labels": ["PERSON", "ORG", "GPE", "NORP"], "confidence": 0.6},
    requires=["doc.ents"],
    assigns=["doc.spans"],
)
def make_ner_actor_marker(nlp: Language, name: str, labels: list[str], confidence: float) -> NerActorMarker:
    """Factory of the ``allegiance_ner_actors`` fallback component."""
    return NerActorMarker(nlp, name, labels=labels, confidence=confidence)
