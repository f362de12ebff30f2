"""PDF files: the text of each page and where each page starts, with pypdf
(the ``pdf`` extra).

Pages are joined with a blank line and ``Extracted.pages`` holds the offset
where each page's text starts, so a finding can name its page
(``Document.page_of``) and a ``[@key, p. 3]`` citation can be checked against
that page (``xref.readers.page_span``).  Inside a page, pypdf's lines are
kept; runs of spaces (from justified text) are collapsed and trailing spaces
dropped.  A word hyphenated across a line break (``exacer-\\nbate``) is
joined only when the document itself spells the word unhyphenated elsewhere,
and keeps its hyphen when the document spells it hyphenated elsewhere;
otherwise it is left as printed.

Metadata comes from the document information dictionary: /Title, /Author,
/CreationDate; /Subject is not used.

Contents
--------
PAGE_SEPARATOR   what goes between two pages' text
read_pdf         PDF bytes -> Extracted (ReadError, MissingExtraError)
tidy_page        one page's extracted text, spaces collapsed
clean_title      a /Title without "Microsoft Word - … .docx" and the like
dehyphenate      rejoin words broken across lines, where the text says how
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
from collections.abc import Iterator
from typing import Any

from xref.errors import ReadError
from xref.model import DocMeta
from xref.readers.base import Extracted
from xref.readers.extras import describe, require

PAGE_SEPARATOR = "\n\n"

_SPACES_RE = re.compile(r"[ \t\u00a0]{2,}")
_TRAIL_RE = re.compile(r"[ \t]+\n")
_BROKEN_RE = re.compile(r"([^\W\d_]+)-\n([^\W\d_]+)")


def tidy_page(text: str) -> str:
    """Collapse runs of spaces, drop trailing spaces and blank edges.

    >>> tidy_page("Customs  Enforcement  Acting \\nDirector\\n")
    'Customs Enforcement Acting\\nDirector'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES_RE.sub(" ", text)
    text = _TRAIL_RE.sub("\n", text)
    return text.strip()


def dehyphenate(text: str, evidence: str | None = None) -> str:
    """Rejoin words broken at a line end, as the text spells them elsewhere.

    ``evidence`` is the lower-cased text to look for the spellings in (the
    whole document when one page is fixed at a time); ``text`` by default.

    >>> dehyphenate("to exacer-\\nbate issues; it will exacerbate them")
    'to exacerbate issues; it will exacerbate them'
    >>> dehyphenate("a sex-\\nrelated offense, a sex-related crime")
    'a sex-related offense, a sex-related crime'
    >>> dehyphenate("a well-\\nknown fact")  # no evidence: left as printed
    'a well-\\nknown fact'
    """
    lowered = text.lower() if evidence is None else evidence

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        joined = (left + right).lower()
        hyphened = f"{left}-{right}".lower()
        if re.search(rf"\b{re.escape(joined)}\b", lowered):
            return left + right
        if re.search(rf"\b{re.escape(hyphened)}\b", lowered):
            return f"{left}-{right}"
        return m.group(0)

    return _BROKEN_RE.sub(fix, text)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return None


def _str(value: Any) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


_APP_TITLE_RE = re.compile(
    r"^(?:Microsoft (?:Word|PowerPoint|Excel) - |untitled$)|\.(?:docx?|pptx?|odt|rtf)$",
    re.IGNORECASE,
)


def clean_title(title: str | None) -> str | None:
    """A /Title without what the authoring program put in instead of one.

    >>> clean_title("Microsoft Word - Talon letter.docx")
    'Talon letter'
    >>> clean_title("Untitled") is None
    True
    >>> clean_title("Operation Talon: a report")
    'Operation Talon: a report'
    """
    if title is None:
        return None
    return _APP_TITLE_RE.sub("", title).strip() or None


def _meta(reader: Any) -> DocMeta:
    try:
        info = reader.metadata
    except Exception:  # a broken info dictionary must not lose the text
        info = None
    if info is None:
        return DocMeta(format="pdf")
    try:
        created = info.creation_date
    except Exception:  # malformed /CreationDate
        created = None
    return DocMeta(
        title=clean_title(_str(info.title)),
        date=_date(created),
        author=_str(info.author),
        format="pdf",
    )


def _open(pypdf: Any, data: bytes, path: str) -> Any:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as e:  # pypdf raises PdfReadError and plain errors alike
        raise ReadError(f"corrupt PDF ({describe(e)})", path=path) from None
    if encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as e:  # e.g. AES without the cryptography package
            raise ReadError(
                f"encrypted PDF that cannot be opened ({describe(e)})", path=path
            ) from None
        if not ok:
            raise ReadError("encrypted PDF (needs a password); save an unprotected copy", path=path)
    return reader


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep pypdf's warnings about damaged files off the terminal: a file
    that cannot be read gets one ReadError line, one that can needs none."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_pdf(data: bytes, *, path: str) -> Extracted:
    """PDF bytes -> the text of all pages, the page start offsets and metadata."""
    pypdf = require("pdf", path)
    with _quiet():
        return _read(pypdf, data, path)


def _read(pypdf: Any, data: bytes, path: str) -> Extracted:
    reader = _open(pypdf, data, path)
    try:
        pages = list(reader.pages)
    except Exception as e:  # a broken page tree
        raise ReadError(f"corrupt PDF ({describe(e)})", path=path) from None
    if not pages:
        raise ReadError("PDF has no pages", path=path)
    texts: list[str] = []
    for number, page in enumerate(pages, 1):
        try:
            raw = page.extract_text() or ""
        except Exception as e:  # a broken content stream
            raise ReadError(
                f"corrupt PDF: cannot extract page {number} ({describe(e)})",
                path=path,
            ) from None
        texts.append(tidy_page(raw))
    if not any(t.strip() for t in texts):
        raise ReadError("PDF has no extractable text (a scanned image? run OCR first)", path=path)
    whole = PAGE_SEPARATOR.join(texts).lower()
    texts = [dehyphenate(t, whole) for t in texts]
    starts: list[int] = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + len(PAGE_SEPARATOR)
    return Extracted(PAGE_SEPARATOR.join(texts), _meta(reader), 0, tuple(starts))
