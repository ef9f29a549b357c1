"""Extension attributes that the actor and relation components share.

The contract between stages inside a spaCy ``Doc``:

* ``doc.spans["actors"]`` — a SpanGroup of actor mentions, set by the actor
  components; each span carries ``span._.actor`` (an
  :class:`allegiance.model.Actor`) and ``span._.actor_confidence`` (float).
* ``doc._.doc_id`` and ``doc._.doc_date`` — the document's id and ISO date,
  set before the pipeline runs (see ``Language.pipe(as_tuples=True)``);
  ``doc._.doc_speaker`` — the knowledge-base id of whoever speaks in the document
  (a speech's or statement's author), when the caller knows it.
* ``doc._.relations`` — the list of :class:`allegiance.model.Relation`
  written by the relation component.

Examples
--------
>>> import spacy
>>> register_extensions()
>>> doc = spacy.blank("en")("Moscow and Washington")
>>> doc._.relations is None
True
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["ACTOR_SPANS_KEY", "register_extensions"]

ACTOR_SPANS_KEY = "actors"


def register_extensions() -> None:
    """Register our ``._`` attributes on Doc and Span (idempotent)."""
    for name, default in (("actor", None), ("actor_confidence", 1.0)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name in ("doc_id", "doc_date", "doc_speaker", "relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
