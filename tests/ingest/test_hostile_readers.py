"""Hostile files for the readers (issue 16): lone surrogates, FIFOs and other non-regular
files, symlink loops, stray NUL bytes. Each bad input gives one clear error; its good
siblings are all read."""

from __future__ import annotations

import json
import os
import socket
import threading

import pytest

from allegiance.errors import BinaryInputError, InputError, UnreadableInputError
from allegiance.ingest import read_documents, sniff_binary
from allegiance.model import Document, document_id

GOOD = "Russia and France signed a pact against Germany on Monday."


def split(items):
    items = list(items)
    docs = [x for x in items if isinstance(x, Document)]
    errors = [x for x in items if isinstance(x, InputError)]
    return docs, errors


def encodable(doc: Document) -> None:
    for value in (doc.id, doc.text, doc.title, doc.date, doc.source, doc.url, doc.origin):
        if value is not None:
            value.encode("utf-8")  # raises on a lone surrogate


# ---------------------------------------------------------------- 3. lone surrogates


@pytest.mark.parametrize("field", ["text", "title", "id", "source", "url", "date"])
def test_lone_surrogates_become_replacement_characters_and_the_batch_is_read(tmp_path, field):
    record = {"text": f"{GOOD} Bad \ud800 here.", "title": "A \udfff title", "id": "x\udc80",
              "source": "S\ud800", "url": "http://e.example/\ud800", "date": "2010\ud800"}
    record = {"text": GOOD + " first", field: record[field]}
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps({"text": GOOD + " second"}) + "\n",
                    encoding="utf-8")
    docs, errors = split(read_documents([path]))
    assert not errors and len(docs) == 2
    for doc in docs:
        encodable(doc)
    if field in ("text", "title", "id", "source", "url"):
        assert "\ufffd" in getattr(docs[0], field)
    if field == "text":
        assert docs[0].id == document_id(docs[0].text)


def test_lone_surrogates_in_a_json_array_and_a_feed_of_records(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"text": "\ud83d alone"}, {"text": GOOD}]), encoding="utf-8")
    docs, errors = split(read_documents([path]))
    assert not errors and [d.text for d in docs] == ["\ufffd alone", GOOD]


def test_a_lone_surrogate_record_is_stored_with_its_sibling(tmp_path):
    from allegiance.pipeline import ingest_into_store
    from allegiance.store import open_store

    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"text": "Bad \ud800 one.", "title": "t\udfff"}) + "\n"
                    + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        report = ingest_into_store([str(path)], store, extract=False)
        texts = sorted(d.text for d in store.iter_documents())
    assert report.stored == 2 and report.rejected == 0
    assert texts == sorted(["Bad \ufffd one.", GOOD])


# ---------------------------------------------------------------- 4. only regular files


def _run_with_timeout(function, seconds: float = 20.0):
    """Run ``function`` in a thread; fail (not hang) when it does not return in time."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the reader hangs"
    return result[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_and_the_inputs_after_it_are_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    docs, errors = split(_run_with_timeout(lambda: list(read_documents([fifo, good]))))
    assert [d.text for d in docs] == [GOOD]
    [error] = errors
    assert isinstance(error, UnreadableInputError) and error.path == str(fifo)
    assert "named pipe" in str(error) and "\n" not in str(error)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_directory_reports_its_fifo_socket_broken_link_and_link_loop(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "b_pipe")
    (folder / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "c_loop").symlink_to("c_loop")
    (folder / "d_broken").symlink_to(tmp_path / "nowhere")
    (folder / "z_good.txt").write_text(GOOD + " Again.", encoding="utf-8")
    server = socket.socket(socket.AF_UNIX)
    sock_path = folder / "e_sock"
    try:
        server.bind(str(sock_path))
    except OSError:  # path too long for AF_UNIX on some systems
        sock_path = None
    try:
        docs, errors = split(_run_with_timeout(lambda: list(read_documents([folder]))))
    finally:
        server.close()
    assert [d.text for d in docs] == [GOOD, GOOD + " Again."]
    messages = {os.path.basename(e.path): str(e) for e in errors}
    assert "named pipe" in messages.pop("b_pipe")
    assert "symbolic link loop" in messages.pop("c_loop")
    assert "broken symbolic link" in messages.pop("d_broken")
    if sock_path is not None:
        assert "socket" in messages.pop("e_sock")
    assert not messages


def test_a_directory_link_back_up_the_tree_is_reported_and_other_links_are_not_followed(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "up").symlink_to("..")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text(GOOD + " Again.", encoding="utf-8")
    (folder / "side").symlink_to(elsewhere)
    docs, errors = split(list(read_documents([folder])))
    assert [d.text for d in docs] == [GOOD]
    [error] = errors
    assert error.path == str(folder / "sub" / "up") and "symbolic link loop" in str(error)


def test_a_symlink_loop_given_directly_is_reported_as_a_loop(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    [error] = list(read_documents([loop]))
    assert isinstance(error, UnreadableInputError) and "symbolic link loop" in str(error)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_not_read_forever():
    [error] = _run_with_timeout(lambda: list(read_documents(["/dev/zero"])))
    assert isinstance(error, UnreadableInputError) and "device" in str(error)


# ---------------------------------------------------------------- 5. stray NUL bytes


def text_with_nuls(n_nuls: int, size: int = 4096) -> bytes:
    data = bytearray(((GOOD + " ") * (size // len(GOOD) + 1)).encode()[:size])
    for k in range(n_nuls):
        data[(k + 1) * size // (n_nuls + 1)] = 0
    return bytes(data)


@pytest.mark.parametrize("n_nuls", [1, 6, 40])
def test_a_text_with_a_few_stray_nuls_is_cleaned_not_rejected(tmp_path, n_nuls):
    path = tmp_path / "article.txt"
    path.write_bytes(text_with_nuls(n_nuls))
    docs, errors = split(read_documents([path]))
    assert not errors, [str(e) for e in errors]
    assert docs and all("\x00" not in d.text for d in docs)
    assert "Germany" in docs[0].text


def test_a_jsonl_text_with_stray_nuls_is_cleaned(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GOOD.replace(" pact", "\x00 pact")}) + "\n",
                    encoding="utf-8")
    [doc] = list(read_documents([path]))
    assert isinstance(doc, Document) and doc.text == GOOD


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 16,  # every byte value
    b"\x00\x00\x00\x00" + GOOD.encode() * 40,  # a run of zeros (a binary header)
    (GOOD[:20].encode() + b"\x00") * 100,  # NULs too dense for strays
    b"".join(bytes([i % 7 + 1]) + b"abcdefghijklmnopqrstuvwxyz" * 3 + b"\x00"
             for i in range(100)),  # controls between sparse NULs
])
def test_binary_data_with_nuls_is_still_rejected(tmp_path, data):
    assert sniff_binary(data) == "binary data"
    path = tmp_path / "data.txt"
    path.write_bytes(data)
    [error] = list(read_documents([path]))
    assert isinstance(error, BinaryInputError)


def test_the_messy_binaries_are_still_rejected(messy_dir):
    [error] = list(read_documents([messy_dir / "binary_random.bin"]))
    assert isinstance(error, BinaryInputError)
