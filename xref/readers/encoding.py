"""Text encodings: find out how a file's bytes were written and decode them.

The order of evidence, most certain first:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. UTF-16 without a BOM, recognised by its NUL bytes (ASCII letters are
   ``x\\0`` or ``\\0x``);
3. any other NUL byte: a binary file, not text;
4. valid UTF-8 (by far the most common case; pure ASCII is UTF-8 too);
5. Windows-1252 (which includes every printable Latin-1 character), when the
   decoded text looks like Western-European writing: few non-ASCII letters
   and no stray symbols inside words;
6. otherwise charset-normalizer's best guess (Cyrillic, Central-European,
   Greek, CJK legacy encodings …), when it is installed and finds one;
7. else a ReadError saying the encoding cannot be told, and what to do.

For HTML, a ``<meta charset>`` declared in the page comes after the BOM and
valid UTF-8, and before any guessing.

Contents
--------
BOMS                  byte-order marks and their codecs
detect_encoding       bytes -> codec name, or None when it cannot be told
decode_text           bytes -> str, ReadError when it cannot be done
declared_charset      the charset an HTML page declares in its <meta> tags
decode_html           bytes of an HTML page -> str
looks_western         does a cp1252 decoding read like Western text?
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from xref.errors import ReadError

#: byte-order marks, longest first (the UTF-32 LE mark starts with UTF-16's)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SAMPLE = 65536
# characters allowed between two letters in Western text: apostrophes, hyphens
_IN_WORD_OK = frozenset("'’‘`´-‐‑·.")
_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE
)


def _bom(data: bytes) -> str | None:
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 from where its NUL bytes fall.

    >>> _utf16_without_bom("Hello, world".encode("utf-16-le"))
    'utf-16-le'
    >>> _utf16_without_bom("Hello, world".encode("utf-16-be"))
    'utf-16-be'
    >>> _utf16_without_bom(b"plain ascii") is None
    True
    """
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    nul_even, nul_odd = even.count(0), odd.count(0)
    if nul_odd > 0.4 * half and nul_even < 0.05 * half:
        return "utf-16-le"
    if nul_even > 0.4 * half and nul_odd < 0.05 * half:
        return "utf-16-be"
    return None


def looks_western(text: str) -> bool:
    """Whether text decoded as cp1252 reads like Western-European writing.

    Text in another 8-bit encoding, decoded as cp1252, shows runs of accented
    letters (Cyrillic, Greek: most letters non-ASCII) or symbols inside words
    (Polish ``ł`` in cp1250 is ``³`` in cp1252).

    >>> looks_western("Le café était très bon, naïve Zoë’s “quote”.")
    True
    >>> looks_western("Ãåíåðàëüíûé ïðîêóðîð")  # Russian (cp1251) read as cp1252
    False
    >>> looks_western("Za¿ó³æ gêœl¹ jaŸñ")  # Polish (cp1250) read as cp1252
    False
    """
    letters = non_ascii = 0
    for c in text:
        if c.isalpha():
            letters += 1
            if ord(c) > 127:
                non_ascii += 1
    if letters and non_ascii > 0.3 * letters:
        return False
    for i in range(1, len(text) - 1):
        c = text[i]
        if (
            ord(c) > 127
            and not c.isalpha()
            and c not in _IN_WORD_OK
            and text[i - 1].isalpha()
            and text[i + 1].isalpha()
        ):
            return False
    return True


def _control_ratio(text: str) -> float:
    bad = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    return bad / max(len(text), 1)


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best guess, None when it has none or is missing."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a core dependency, but be kind
        return None
    best = from_bytes(data[:_SAMPLE]).best()
    return None if best is None else str(best.encoding)


def detect_encoding(data: bytes) -> str | None:
    """The codec that decodes ``data`` as its author meant, or None.

    >>> detect_encoding("Fitch’s “letter”".encode("utf-8"))
    'utf-8'
    >>> detect_encoding("Fitch’s “letter”, café".encode("cp1252"))
    'cp1252'
    >>> detect_encoding(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"))
    'utf-16'
    >>> detect_encoding(bytes(range(256))) is None
    True
    """
    enc = _bom(data) or _utf16_without_bom(data)
    if enc:
        return enc
    if b"\x00" in data[:_SAMPLE]:
        return None
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and looks_western(text) and _control_ratio(text) < 0.01:
        return "cp1252"
    guess = _guess(data)
    if guess is None:
        return None
    try:
        decoded = data.decode(guess)
    except (UnicodeDecodeError, LookupError):
        return None
    return guess if _control_ratio(decoded) < 0.01 else None


def decode_text(data: bytes, path: str, encoding: str | None = None) -> str:
    """Decode a text file, detecting its encoding unless one is given.

    A BOM is consumed (it is not part of the text).  Raises ReadError for a
    binary file or an encoding that cannot be told.

    >>> decode_text(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9", "x.txt")
    'café'
    """
    enc = encoding or detect_encoding(data)
    if enc is None:
        if b"\x00" in data[:_SAMPLE]:
            raise ReadError("binary file (contains NUL bytes), not text", path=path)
        raise ReadError(
            "cannot tell the text encoding (not UTF-8, not Western cp1252/Latin-1, "
            "no other encoding fits); save the file as UTF-8",
            path=path,
        )
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError) as e:
        raise ReadError(f"cannot decode the file as {enc}: {e}", path=path) from None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, if Python knows it.

    >>> declared_charset(b'<html><head><meta charset="windows-1252">')
    'cp1252'
    >>> declared_charset(b'<meta content="text/html; charset=ISO-8859-1">')
    'cp1252'
    >>> declared_charset(b'<meta charset="klingon">') is None
    True
    """
    m = _CHARSET_RE.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # browsers read a declared Latin-1 as Windows-1252 (WHATWG Encoding)
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def decode_html(data: bytes, path: str) -> str:
    """Decode an HTML page: BOM, valid UTF-8, its declared charset, detection.

    Valid UTF-8 with non-ASCII characters wins over a declared single-byte
    charset: pages saved as UTF-8 that still declare ISO-8859-1 are common,
    and cp1252 text is practically never valid UTF-8 by chance.

    >>> decode_html('<meta charset="cp1252"><p>“x”</p>'.encode("cp1252"), "p.html")
    '<meta charset="cp1252"><p>“x”</p>'
    >>> decode_html('<meta charset="iso-8859-1"><p>“x”</p>'.encode("utf-8"), "p.html")
    '<meta charset="iso-8859-1"><p>“x”</p>'
    """
    if _bom(data) or _utf16_without_bom(data):
        return decode_text(data, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared == "cp1252":
        # cp1252 leaves five bytes undefined; browsers map them through
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    if declared and declared != "utf-8":
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration: fall back on detection
    return decode_text(data, path)
