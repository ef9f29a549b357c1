"""decode_bytes, normalise_text and sniff_binary."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest import decode_bytes, normalise_text, sniff_binary

SAMPLE = "Labour’s “new deal” costs €2bn – and £1,400 per mother — said Ms Hewitt."


def test_utf8_plain():
    assert decode_bytes(SAMPLE.encode("utf-8")) == SAMPLE


def test_utf8_bom_is_dropped():
    text = decode_bytes(codecs.BOM_UTF8 + b"Title\r\nBody\r\n")
    assert text == "Title\nBody\n"
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_32(encoding):
    data = SAMPLE.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    assert decode_bytes(data) == SAMPLE


def test_utf16_without_bom_ascii_text():
    text = "Moscow announced a joint raid with US forces."
    assert decode_bytes(text.encode("utf-16-le")) == text
    assert decode_bytes(text.encode("utf-16-be")) == text


def test_cp1252_curly_quotes_euro_and_dashes():
    assert decode_bytes(SAMPLE.encode("cp1252")) == SAMPLE


def test_latin1_pound_sign():
    text = "Maternity pay is to rise by £1,400, said the Secretary. Café société."
    decoded = decode_bytes(text.encode("latin-1"))
    assert decoded == text
    assert "Â£" not in decoded and "\ufffd" not in decoded


def test_cp1252_undefined_bytes_do_not_fail():
    # 0x81 is undefined in cp1252: it must not make the whole decode fail.
    assert decode_bytes(b"caf\xe9 \x81 ok") == "café \x81 ok"


def test_cyrillic_code_page_is_recognised():
    text = "Москва и Вашингтон договорились о сотрудничестве в борьбе с наркотиками. " * 3
    assert decode_bytes(text.encode("cp1251")) == normalise_text(text)


def test_mostly_utf8_with_one_bad_byte_stays_utf8():
    data = "Zürich, Genève and Köln agreed — “together”.".encode("utf-8") + b"\xff"
    decoded = decode_bytes(data)
    assert decoded.startswith("Zürich, Genève and Köln")


def test_crlf_and_cr_become_lf():
    assert decode_bytes(b"a\r\nb\rc\n") == "a\nb\nc\n"


def test_normalise_text_removes_controls_and_nbsp():
    assert normalise_text("a\u00a0b\x00c\u200bd \n") == "a bcd\n"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3", "a PDF file"),
        (b"PK\x03\x04\x14\x00", "a ZIP archive"),
        (b"\x00\x01\x02\x03\x04garbage", "binary data"),
    ],
)
def test_sniff_binary_rejects(data, expected):
    assert sniff_binary(data).startswith(expected)


@pytest.mark.parametrize(
    "data",
    [b"", b"plain words", SAMPLE.encode("utf-16"), SAMPLE.encode("cp1252"), b"MZ is a name\n"],
)
def test_sniff_binary_accepts_text(data):
    assert sniff_binary(data) is None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_decode_bytes_never_raises_on_any_bytes(data):
    text = decode_bytes(data)
    assert isinstance(text, str)
    assert "\r" not in text and "\ufeff" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_utf8_round_trip(text):
    assert decode_bytes(text.encode("utf-8")) == normalise_text(text)


@pytest.mark.parametrize("data", [b"France \x00 \xed\xa0\xbd \x00 \x00 \xed\xb2\x80 \x00 \x00 \x00 a.",
                                  b"a \xed\xb2\x80 \x00 \x00 \x00 { \x00 \x00 \x00 signed."])
def test_stray_nuls_between_words_are_not_utf16(data):
    """Found by the hostile fuzz: NULs between spaced words fall on odd bytes like UTF-16's zeros."""
    words = [w for w in data.replace(b"\x00", b"").split() if w.isascii()]
    text = decode_bytes(data)
    assert all(word.decode() in text for word in words), text
