"""Bytes to text: encoding detection, binary sniffing and text normalisation.

Everything here works on raw ``bytes`` and never raises on bad input:
:func:`decode_bytes` always returns a ``str`` and :func:`sniff_binary` says
whether bytes are data rather than text.

Examples
--------
>>> decode_bytes("£1,400".encode("latin-1"))
'£1,400'
>>> decode_bytes(b"\\xef\\xbb\\xbfTitle\\r\\nBody\\r\\n")
'Title\\nBody\\n'
>>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
'a PNG image'
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

__all__ = [
    "GZIP_MAGIC",
    "decode_bytes",
    "normalise_text",
    "only_stray_nuls",
    "replace_surrogates",
    "sniff_binary",
    "text_encoding",
]

GZIP_MAGIC = b"\x1f\x8b"

# Magic numbers of common binary formats people feed by mistake: (prefix, description).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file (convert it to text first, e.g. with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive or office document (unzip it or save it as text first)"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"BZh", "a bzip2 archive (decompress it first)"),
    (b"\xfd7zXZ\x00", "an xz archive (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive (extract it first)"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive (decompress it first)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a media file"),
    (b"OggS", "an audio file"),
    (b"ID3", "an MP3 file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (save it as text first)"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encodings charset-normalizer may propose that we trust over the cp1252
# fallback: scripts that cp1252 cannot represent at all.
_NON_LATIN_ENCODINGS = frozenset(
    {
        "big5", "big5hkscs", "cp932", "cp949", "cp950", "euc_jis_2004", "euc_jisx0213",
        "euc_jp", "euc_kr", "gb18030", "gb2312", "gbk", "hz", "iso2022_jp", "iso2022_kr",
        "johab", "shift_jis", "shift_jis_2004", "shift_jisx0213", "cp1251", "cp1253",
        "cp1255", "cp1256", "cp866", "cp855", "koi8_r", "koi8_u", "iso8859_5", "iso8859_6",
        "iso8859_7", "iso8859_8", "mac_cyrillic", "mac_greek", "cp874", "tis_620",
        "iso8859_11", "cp1258", "utf_16", "utf_16_le", "utf_16_be", "utf_32",
        "utf_32_le", "utf_32_be",
    }
)

_SAMPLE = 8192
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    # The five bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) become
    # their latin-1 code points instead of failing the whole decode.
    chunk = error.object[error.start : error.end]
    return bytes(chunk).decode("latin-1"), error.end


codecs.register_error("allegiance-latin1", _latin1_fallback)


def _utf16_without_bom(sample: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by its pattern of NUL bytes (ASCII-heavy text)."""
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / max(len(odd), 1)
    if odd_nul > 0.4 and even_nul < 0.05:
        guess = "utf-16-le"
    elif even_nul > 0.4 and odd_nul < 0.05:
        guess = "utf-16-be"
    else:
        return None
    # Stray NULs between spaced words ("a \x00 b") also sit on odd bytes, but pair
    # with spaces: ASCII-heavy UTF-16 decodes to letters, not to spaces and NULs.
    decoded = sample[: len(sample) // 2 * 2].decode(guess, errors="replace")
    letters = sum(1 for ch in decoded if ch.isascii() and ch.isalnum())
    return guess if letters * 4 >= len(decoded) else None


#: At most one NUL in this many characters (and one more), never three in a row, for stray NULs.
_NUL_SPACING = 50


def only_stray_nuls(data: bytes | str) -> bool:
    """True when the NULs in ``data`` are a few strays in text, not the zeros of binary data.

    Stray NULs (a bad copy, one damaged record) are few, isolated and spread
    through text: at most one in 50 characters (plus one, for short texts) and
    never three in a row.
    Binary formats have runs of zero bytes. The NULs are removed from the text
    (see :func:`normalise_text`); this says only whether that is the right call.

    Examples
    --------
    >>> only_stray_nuls(b"Russia and\\x00 France signed a pact on Monday, officials said.")
    True
    >>> only_stray_nuls(b"\\x00\\x00\\x00\\x01data")
    False
    """
    zero = b"\x00" if isinstance(data, bytes) else "\x00"
    return data.count(zero) <= 1 + len(data) // _NUL_SPACING and zero * 3 not in data


def _stray_nuls_in_text(sample: bytes) -> bool:
    """True for text with a few stray NUL bytes, not binary data.

    Looks at more than the NUL density: the NULs must be isolated strays, the
    other bytes must hold few control characters and decode as UTF-8 (a
    character cut at the sample's end is fine).
    """
    if not only_stray_nuls(sample):
        return False
    rest = sample.replace(b"\x00", b"")
    controls = len(rest) - len(rest.translate(None, _CONTROL_DELETE))
    if controls * 100 > len(rest):
        return False
    try:
        rest.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(rest) - 4  # only a character cut at the sample's end
    return True


def sniff_binary(data: bytes, *, count_controls: bool = True, records: bool = False) -> str | None:
    """Say what kind of binary data ``data`` is, or ``None`` when it looks like text.

    Gzip is *not* reported here: readers unpack it and sniff what is inside.

    Parameters
    ----------
    data : bytes
        The start of a file (a few kilobytes are enough).
    count_controls : bool, default True
        Call data with more than 5% control characters binary.
    records : bool, default False
        The data is named as records (CSV, TSV, JSONL), each judged by itself: a few
        records full of control characters or NULs must not hide the good ones. Control
        characters do not count, and NULs only in runs (three or more in a row, as the
        zeros of binary formats come); isolated NULs are removed like other stray NULs.
        Magic numbers still count.

    Returns
    -------
    str or None
        A short description ("a PNG image", "binary data") or ``None`` for text.

    Examples
    --------
    >>> sniff_binary(b"plain words")
    >>> sniff_binary(b"\\x00\\x01\\x02\\x03garbage\\x00")
    'binary data'
    >>> sniff_binary("UTF-16 text".encode("utf-16"))
    >>> table = b"text\\r\\n\\x00\\r\\nnul\\x00byte\\r\\n"
    >>> sniff_binary(table), sniff_binary(table, records=True)
    ('binary data', None)
    """
    sample = data[:_SAMPLE]
    if not sample:
        return None
    for bom, _ in _BOMS:
        if sample.startswith(bom):
            return None
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            # "MZ"/"RIFF"/"ID3" are short: only trust them with binary bytes after.
            if len(magic) < 4 and not any(b in _CONTROL_BYTES for b in sample[:256]):
                continue
            return what
    if 0 in sample:
        if _utf16_without_bom(sample) or _stray_nuls_in_text(sample):
            return None
        if records and b"\x00" * 3 not in sample:  # isolated NULs: each record is judged by itself
            return None
        return "binary data"
    controls = len(sample) - len(sample.translate(None, _CONTROL_DELETE))
    if count_controls and not records and controls / len(sample) > 0.05:
        return "binary data"
    return None


def text_encoding(sample: bytes) -> str:
    """The codec to decode a large input with, chosen from its first bytes.

    The same choice :func:`decode_bytes` makes for a whole input, made once for
    an input read incrementally: a BOM's encoding (the BOM is dropped), else
    UTF-8 (also for UTF-8 with a few broken bytes, which become U+FFFD), else
    BOM-less UTF-16, else a non-Latin code page charset-normalizer is sure of,
    else Windows-1252. Decode with ``errors="replace"``.

    Examples
    --------
    >>> text_encoding("“quoted” café".encode("utf-8")), text_encoding("café au lait".encode("cp1252"))
    ('utf-8', 'cp1252')
    >>> text_encoding(codecs.BOM_UTF8 + b"x"), text_encoding("x".encode("utf-16"))
    ('utf-8-sig', 'utf-16')
    """
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return {"utf-8": "utf-8-sig"}.get(encoding, encoding.split("-le")[0].split("-be")[0])
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(sample) - 3:  # cut at the sample's end
            return "utf-8"
    if 0 in sample[:_SAMPLE]:
        guess = _utf16_without_bom(sample[:_SAMPLE])
        if guess:
            return guess
    if _mostly_utf8(sample):
        return "utf-8"
    if _looks_like_mojibake(sample.decode("cp1252", errors="allegiance-latin1")):
        return _guess_single_byte(sample) or "cp1252"
    return "cp1252"


def _decode_raw(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if 0 in data[:_SAMPLE]:
        guess = _utf16_without_bom(data[:_SAMPLE])
        if guess:
            return data.decode(guess, errors="replace")
    # Mostly UTF-8 with a few broken bytes (a truncated file, one bad paste):
    # keep UTF-8 rather than turning every accented letter into mojibake.
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace")
    # cp1252 is a superset of latin-1's printable range; its 0x80-0x9F block
    # holds the curly quotes, dashes and euro sign that latin-1 lacks.
    western = data.decode("cp1252", errors="allegiance-latin1")
    if _looks_like_mojibake(western):
        encoding = _guess_single_byte(data)
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                pass
    return western


def _looks_like_mojibake(text: str) -> bool:
    """Western text has mostly ASCII letters; Cyrillic/Greek/CJK read as cp1252 does not."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if len(letters) < 20:
        return False
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    return non_ascii / len(letters) > 0.3


def _mostly_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 127) - bad
    return bad <= 2 and multibyte >= 4 * bad


def _guess_single_byte(data: bytes) -> str | None:
    """A non-Latin encoding charset-normalizer is sure about, else ``None``."""
    try:
        best = from_bytes(data[:65536]).best()
    except (ValueError, LookupError, RuntimeError):
        return None
    if best is None:
        return None
    encoding = best.encoding.lower().replace("-", "_")
    if encoding.startswith("utf_16") and not _utf16_nul_pattern(data[:_SAMPLE]):
        return None  # UTF-8 with broken bytes and stray NULs is not UTF-16 (it would become CJK mojibake)
    if encoding.startswith("utf_32") and data[:_SAMPLE].count(0) * 4 < len(data[:_SAMPLE]):
        return None
    if encoding in _NON_LATIN_ENCODINGS:
        return encoding
    return None


def _utf16_nul_pattern(sample: bytes) -> bool:
    """UTF-16 of any script has NULs on one byte parity (spaces, digits, punctuation), few on the other.

    Examples
    --------
    >>> _utf16_nul_pattern("Привет, мир и друзья".encode("utf-16-le"))
    True
    >>> _utf16_nul_pattern(b"id,\\xed\\xa0\\x80\\x00[/bold]\\x07,text;g0,Russia and France")
    False
    """
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return False
    shares = sorted((even.count(0) / len(even), odd.count(0) / len(odd)))
    return shares[1] >= 0.05 and shares[0] < 0.02


_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff\u200b\ufffe]")


def normalise_text(text: str, *, separators: bool = True) -> str:
    """Normalise decoded text: LF line ends, no BOM/zero-width/control characters.

    No-break spaces become ordinary spaces and trailing spaces are removed from
    each line; words and punctuation are never changed. With
    ``separators=False`` the Unicode line and paragraph separators and form feeds
    are kept: CSV is parsed after this, and a U+2028 inside an unquoted cell
    must not become a row break (each cell is normalised on its own later).

    Examples
    --------
    >>> normalise_text("\\ufeffA\\u00a0line \\r\\nnext\\rlast")
    'A line\\nnext\\nlast'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if separators:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x0c", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    if _CONTROL_CHARS.search(text):
        text = _CONTROL_CHARS.sub("", text)
    if " \n" in text or "\t\n" in text:
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return text


_SURROGATES = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """Replace lone surrogates (``"\\ud800"`` from a JSON escape) with U+FFFD.

    A Python ``str`` may hold them, valid Unicode may not: they cannot be encoded
    as UTF-8, so hashing, SQLite and spaCy would fail on them. Every reader passes
    text and fields through this, so no document ever holds one.

    Examples
    --------
    >>> replace_surrogates("a\\ud800b\\udfff")
    'a\\ufffdb\\ufffd'
    """
    if _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub("\ufffd", text)


def decode_bytes(data: bytes, *, separators: bool = True) -> str:
    """Decode bytes of unknown encoding to normalised text; never raises.

    UTF-8 (with or without BOM) and UTF-16/32 (with BOM, or BOM-less ASCII-heavy
    UTF-16) are recognised; other bytes are decoded as Windows-1252, which is
    right for latin-1 text too, unless charset-normalizer is sure of a
    non-Latin code page (Cyrillic, Greek, CJK ...). Line ends become ``\\n``
    and the BOM is dropped (see :func:`normalise_text`).

    Parameters
    ----------
    data : bytes
        Raw file content.
    separators : bool, default True
        Turn U+2028/U+2029 and form feeds into line breaks (see :func:`normalise_text`).

    Returns
    -------
    str
        The decoded, normalised text.

    Examples
    --------
    >>> decode_bytes("“€2bn” – said".encode("cp1252"))
    '“€2bn” – said'
    >>> decode_bytes("Привет".encode("utf-16"))
    'Привет'
    >>> decode_bytes(b"caf\\xe9")
    'café'
    """
    if isinstance(data, str):  # tolerate already-decoded input
        return normalise_text(data, separators=separators)
    return normalise_text(_decode_raw(bytes(data)), separators=separators)
