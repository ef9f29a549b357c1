"""allegiance.run.ingest: the ingest job shared by the CLI and the web form."""

from __future__ import annotations

from allegiance.errors import StoreError
from allegiance.model import Document
from allegiance.run.ingest import ingest_documents
from allegiance.store import open_store


class RefusingStore:
    """A real store that refuses any batch holding the document ``refused_id`` (as for an id used too often)."""

    def __init__(self, store, refused_id: str):
        self._store, self._refused = store, refused_id

    def __getattr__(self, name):
        return getattr(self._store, name)

    def write_batch(self, items):
        if any(document.id == self._refused for document, _ in items):
            raise StoreError(f"id {self._refused!r} is used by too many different texts", hint="give unique ids")
        return self._store.write_batch(items)


def test_a_document_the_store_refuses_is_rejected_alone_and_the_rest_is_stored(tmp_path):
    docs = [Document.from_text(text, id=i) for i, text in
            (("a", "Unite backed Corbyn."), ("bad", "Britain backed France."), ("c", "Khan was defeated by Dar."))]
    errors = []
    with open_store(tmp_path / "s.db") as real:
        report = ingest_documents(docs, RefusingStore(real, "bad"), batch_size=8, on_error=errors.append)
        assert (report.read, report.stored, report.rejected) == (3, 2, 1)
        assert [str(e) for e in errors] == ["bad: not stored: id 'bad' is used by too many different texts; "
                                            "give unique ids"]
        assert real.get_document("a") is not None and real.get_document("c") is not None
        assert real.get_document("bad") is None


def test_extracted_documents_are_reported_with_their_relations(tmp_path):
    from allegiance.relations import build_pipeline

    seen = {}
    with open_store(tmp_path / "s.db") as store:
        report = ingest_documents([Document.from_text("Unite backed Corbyn.", id="u")], store, nlp=build_pipeline(),
                                  on_extracted=lambda d, rels: seen.__setitem__(d.id, len(rels)))
        assert (report.stored, report.extracted, report.relations) == (1, 1, 1)
        assert list(store.pending_extraction()) == []
    assert seen == {"u": 1}
