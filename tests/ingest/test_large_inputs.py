"""Very large inputs (issue 16, #8): the JSONL reader honours the per-file cap and streams long
lines; plain text larger than ``STREAM_TEXT_BYTES`` is cut into parts while it is read, so
memory stays bounded. Sizes are scaled down with monkeypatch so each test takes a second."""

from __future__ import annotations

import io
import json
import tracemalloc

import pytest

from allegiance.errors import InputError, UnreadableInputError
from allegiance.ingest import read_documents, streaming
from allegiance.ingest.streaming import iter_lines, iter_text_parts
from allegiance.model import Document, document_id

SENTENCE = "Labour and Unite agreed a pact against the Conservatives on Monday. "


def paragraphs(n: int) -> str:
    return "".join(f"Paragraph {i}. " + SENTENCE * 3 + "\n\n" for i in range(n))


class CountingStream(io.BytesIO):
    """A stream that records how many bytes have been read from it."""

    def read(self, size: int = -1) -> bytes:
        data = super().read(size)
        self.consumed = getattr(self, "consumed", 0) + len(data)
        return data


# ---------------------------------------------------------------- JSONL


def test_jsonl_honours_the_per_file_cap_and_keeps_the_records_before_it(monkeypatch):
    monkeypatch.setattr(streaming, "MAX_INPUT_BYTES", 200_000)  # more than the sniffed head
    monkeypatch.setattr(streaming, "READ_BYTES", 4096)
    lines = [json.dumps({"id": f"r{i}", "text": f"Record {i}. {SENTENCE}"}) + "\n" for i in range(5000)]
    data = "".join(lines).encode()
    items = list(read_documents("-", stdin=io.BytesIO(data)))
    docs = [x for x in items if isinstance(x, Document)]
    errors = [x for x in items if isinstance(x, InputError)]
    assert 1000 < len(docs) < 5000 and [d.id for d in docs] == [f"r{i}" for i in range(len(docs))]
    [error] = errors
    assert isinstance(error, UnreadableInputError) and "larger than" in str(error) and error.path == "-"


def test_a_regular_file_over_the_cap_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(streaming, "MAX_INPUT_BYTES", 1000)
    big = tmp_path / "big.jsonl"
    big.write_text(json.dumps({"text": SENTENCE * 40}) + "\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(SENTENCE, encoding="utf-8")
    items = list(read_documents([big, good]))
    assert isinstance(items[0], UnreadableInputError) and "larger than" in str(items[0])
    assert [d.text for d in items[1:]] == [SENTENCE.strip()]


@pytest.mark.parametrize("read_bytes", [1, 7, 4096])
def test_iter_lines_joins_long_lines_exactly(read_bytes, monkeypatch):
    monkeypatch.setattr(streaming, "READ_BYTES", read_bytes)
    data = b"a" * 10_000 + b"\n\nshort\n" + b"b" * 5000
    head, rest = data[:3], data[3:]
    assert list(iter_lines(head, io.BytesIO(rest), limit=len(data))) == [
        b"a" * 10_000 + b"\n", b"\n", b"short\n", b"b" * 5000]
    with pytest.raises(streaming.InputTooLarge):
        list(iter_lines(head, io.BytesIO(rest), limit=len(data) - 1))


def test_a_long_jsonl_line_is_read_whole_and_cut_into_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(streaming, "READ_BYTES", 1024)
    text = paragraphs(400)
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"id": "long", "text": text}) + "\n" + json.dumps({"text": SENTENCE}) + "\n",
                    encoding="utf-8")
    docs = list(read_documents([path], max_chars=10_000))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.id for d in docs[:-1]] == [f"long#part{k}" for k in range(1, len(docs))]
    assert sum(d.text.count("Paragraph") for d in docs[:-1]) == 400
    assert docs[-1].text == SENTENCE.strip()


# ---------------------------------------------------------------- large plain text


def test_large_text_is_cut_into_parts_while_it_is_read(monkeypatch):
    monkeypatch.setattr(streaming, "STREAM_TEXT_BYTES", 64 * 1024)
    monkeypatch.setattr(streaming, "READ_BYTES", 8192)
    data = paragraphs(5000).encode()  # ~1.1 MB
    stream = CountingStream(data)
    reader = read_documents("-", stdin=stream, max_chars=20_000)
    first = next(reader)
    assert isinstance(first, Document)
    assert stream.consumed < len(data) // 5, "the whole file was read before the first part"
    docs = [first, *reader]
    assert all(isinstance(d, Document) for d in docs)
    assert [d.origin for d in docs] == [f"-#part{k}" for k in range(1, len(docs) + 1)]
    assert [d.title for d in docs] == [f"- (part {k})" for k in range(1, len(docs) + 1)]
    assert all(len(d.text) <= 20_000 and d.id == document_id(d.text) for d in docs)
    assert all(d.text.startswith("Paragraph") for d in docs)  # cut at paragraph breaks
    assert sum(d.text.count("Paragraph") for d in docs) == 5000
    assert sum(d.text.count("Labour") for d in docs) == 15000


def test_large_text_parts_are_deterministic_and_name_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(streaming, "STREAM_TEXT_BYTES", 16 * 1024)
    path = tmp_path / "big.txt"
    path.write_bytes(("\ufeff" + paragraphs(600)).encode("utf-8").replace(b"\n", b"\r\n"))
    first = list(read_documents([path], max_chars=8000))
    second = list(read_documents([path], max_chars=8000))
    assert [d.id for d in first] == [d.id for d in second] and len(first) > 5
    assert first[0].title == "big.txt (part 1)" and first[0].origin == f"{path}#part1"
    assert not any("\r" in d.text or "\ufeff" in d.text for d in first)
    assert sum(d.text.count("Paragraph") for d in first) == 600


def test_large_text_in_another_encoding_is_decoded_as_a_whole_file_would_be(monkeypatch):
    monkeypatch.setattr(streaming, "STREAM_TEXT_BYTES", 4096)
    monkeypatch.setattr(streaming, "READ_BYTES", 1000)
    text = paragraphs(300).replace("Monday", "£1,400 café — “quoted”")
    for encoding in ("cp1252", "utf-16", "utf-8"):
        docs = list(read_documents("-", stdin=io.BytesIO(text.encode(encoding)), max_chars=5000))
        joined = " ".join(d.text for d in docs)
        assert joined.count("£1,400 café — “quoted”") == 900, encoding


def test_iter_text_parts_keeps_every_word_across_reads(monkeypatch):
    monkeypatch.setattr(streaming, "READ_BYTES", 3)
    text = "One two.  Three   \r\nfour five. " * 50
    parts = list(iter_text_parts(b"", io.BytesIO(text.encode()), max_chars=40, limit=10**6))
    assert all(len(p) <= 40 for p in parts)
    from allegiance.ingest import normalise_text

    assert " ".join(parts).split() == normalise_text(text).split()


def test_reading_a_large_text_keeps_memory_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(streaming, "STREAM_TEXT_BYTES", 256 * 1024)
    monkeypatch.setattr(streaming, "READ_BYTES", 64 * 1024)
    path = tmp_path / "big.txt"
    with open(path, "w", encoding="utf-8") as handle:
        for _ in range(20):
            handle.write(paragraphs(4500))  # ~1 MB each, ~20 MB in all
    size = path.stat().st_size
    tracemalloc.start()
    try:
        parts = chars = 0
        for doc in read_documents([path], max_chars=100_000):
            parts += 1
            chars += len(doc.text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert parts >= 180 and chars > 0.95 * size
    assert peak < size / 8, f"peak {peak / 1e6:.1f} MB reading a {size / 1e6:.1f} MB file"
