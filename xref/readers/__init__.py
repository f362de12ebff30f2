"""Readers: bytes of one file -> text, metadata and page offsets.

A reader is chosen by the file's content first (``%PDF-``, a zip holding
``word/document.xml``, ``<!doctype html``/``<html``, byte-order marks), and
by its extension only when the content does not tell.  Each reader returns
an :class:`Extracted`; the text it returns is what all offsets point into.
The heavy readers (HTML, PDF, DOCX) import their optional dependency only
when a file needs it, and say which extra to install when it is missing.

Contents
--------
Extracted       what a reader returns
FORMATS         the formats sniff can return
SUFFIXES        the file extensions a folder scan picks up
sniff           the format of a file from its bytes and extension
read_bytes      bytes + a path for messages -> Extracted
read_file       path -> Extracted (raises ReadError with a one-line message)
page_span       (start, end) of one page of a paginated document
where           a place a person can open: ``file:line:col``, ``file, p. N``
                or ``file, para. N``
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from xref.errors import ReadError, XrefError
from xref.model import Document
from xref.readers.base import Extracted
from xref.readers.text import read_text

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Extracted",
    "page_span",
    "read_bytes",
    "read_file",
    "sniff",
    "where",
]

FORMATS: tuple[str, ...] = ("text", "markdown", "html", "pdf", "docx")

#: extensions picked up when a folder is scanned
SUFFIXES: tuple[str, ...] = (
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".pdf",
    ".docx",
)

_SUFFIX_FORMAT: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
_HTML_START_RE = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_PARA_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _head(data: bytes, size: int = 2048) -> str:
    """The start of the file as text, for sniffing markup (BOMs honoured)."""
    head = data[: size * 4]
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, errors="replace")[:size]
    if head[1:2] == b"\x00" and head[3:4] == b"\x00":
        return head.decode("utf-16-le", errors="replace")[:size]
    if head[0:1] == b"\x00" and head[2:3] == b"\x00":
        return head.decode("utf-16-be", errors="replace")[:size]
    return head.decode("latin-1")[:size]


def sniff(data: bytes, suffix: str) -> str:
    """The format of a file from its content, falling back on its extension.

    Returns one of FORMATS, ``zip`` (an archive that is not a Word file) or
    ``doc`` (the old binary Word format).  PDF and DOCX are recognised by
    their content only: a ``.pdf`` without ``%PDF-`` sniffs as ``text``.

    >>> sniff(b"hello", ".txt")
    'text'
    >>> sniff(b"# Title", ".md")
    'markdown'
    >>> sniff(b"%PDF-1.7\\n...", ".bin")
    'pdf'
    >>> sniff(b"\\n<!DOCTYPE html><html><body>x</body></html>", ".txt")
    'html'
    >>> sniff(b"Plain text that mentions <html> later", ".txt")
    'text'
    >>> sniff(b"<h1>404 Not Found</h1>", ".pdf")
    'text'
    """
    suffix = suffix.lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/document.xml" in data else "zip"
    if data.startswith(_OLE_MAGIC):
        return "doc"
    if _HTML_START_RE.match(_head(data)):
        return "html"
    # binary formats are only ever recognised by their content
    fallback = _SUFFIX_FORMAT.get(suffix, "text")
    return "text" if fallback in ("pdf", "docx") else fallback


def _wrong_content(fmt: str, suffix: str, path: str) -> ReadError | None:
    """A file named .pdf or .docx whose content is not a document at all.

    A real document under the other name (a PDF called .docx) is read by its
    content; text or HTML under a binary name is an error, as it is most
    often an error page saved instead of the document.
    """
    expected = _SUFFIX_FORMAT.get(suffix)
    if expected not in ("pdf", "docx") or fmt in ("pdf", "docx", "zip", "doc"):
        return None
    found = "HTML (a web page saved under the wrong name?)" if fmt == "html" else "text"
    if expected == "pdf":
        return ReadError(f"not a PDF (no %PDF- header); the content is {found}", path=path)
    return ReadError(
        f"not a Word .docx file (not a zip archive); the content is {found}", path=path
    )


def read_bytes(data: bytes, path: str, suffix: str | None = None) -> Extracted:
    """Read a file's bytes with the reader its content calls for.

    ``path`` names the file in messages; ``suffix`` (default: the path's)
    is only a fallback when the content does not tell the format.
    """
    suffix = (Path(path).suffix if suffix is None else suffix).lower()
    fmt = sniff(data, suffix)
    wrong = _wrong_content(fmt, suffix, path)
    if wrong is not None:
        raise wrong
    if fmt == "pdf":
        from xref.readers.pdf import read_pdf

        return read_pdf(data, path=path)
    if fmt in ("docx", "zip"):
        if fmt == "zip" and suffix != ".docx":
            raise ReadError("a zip archive, not a document xref can read", path=path)
        from xref.readers.docx import read_docx

        return read_docx(data, path=path)
    if fmt == "doc":
        raise ReadError("old binary Word .doc format is not supported; save it as .docx", path=path)
    if fmt == "html":
        from xref.readers.html import read_html

        return read_html(data, path=path)
    return read_text(data, path=path, markdown=(fmt == "markdown"))


def read_file(path: Path) -> Extracted:
    """Read one file into text and metadata; ReadError on any failure."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror or e}", path=str(path)) from None
    return read_bytes(data, str(path), path.suffix)


def page_span(document: Document, page: int) -> tuple[int, int]:
    """Start and end offsets of 1-based ``page`` in ``document.text``.

    The span covers the page's text without the blank line that separates it
    from the next page, so ``document.page_of`` is ``page`` for every offset
    in it.  Raises XrefError for an unpaginated document or a page it does
    not have.

    >>> d = Document("r", "r.pdf", "one\\n\\ntwo", pages=(0, 5))
    >>> page_span(d, 2), d.text[slice(*page_span(d, 1))]
    ((5, 8), 'one')
    """
    if not document.pages:
        raise XrefError(
            f"page {page} cited, but the document has no pages ({document.meta.format})",
            path=document.path,
        )
    count = len(document.pages)
    if not 1 <= page <= count:
        plural = "page" if count == 1 else "pages"
        raise XrefError(
            f"page {page} cited, but the document has {count} {plural}", path=document.path
        )
    start = document.pages[page - 1]
    end = document.pages[page] if page < count else len(document.text)
    while end > start and document.text[end - 1] in "\n\f\r":
        end -= 1
    return start, end


def where(document: Document, offset: int) -> str:
    """A place a person can open and find ``offset`` in.

    ``path, p. N`` for paginated documents (PDF); ``path, para. N`` for
    HTML and DOCX, whose text is extracted from markup (N counts the
    paragraphs of the extracted text, separated by blank lines);
    ``path:line:col`` for text and Markdown, whose text is the file's.

    >>> where(Document("d", "notes.txt", "ab\\ncd"), 4)
    'notes.txt:2:2'
    >>> where(Document("r", "r.pdf", "one\\n\\ntwo", pages=(0, 5)), 6)
    'r.pdf, p. 2'
    >>> from xref.model import DocMeta
    >>> where(Document("w", "w.html", "one\\n\\ntwo", DocMeta(format="html")), 6)
    'w.html, para. 2'
    """
    page = document.page_of(offset)
    if page is not None:
        return f"{document.path}, p. {page}"
    if document.meta.format in ("html", "docx"):
        para = len(_PARA_BREAK_RE.findall(document.text, 0, offset)) + 1
        return f"{document.path}, para. {para}"
    line, col = document.line_col(offset)
    return f"{document.path}:{line}:{col}"
