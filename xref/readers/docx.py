"""Word (.docx) files: the body's paragraphs and tables in order, and the core
properties, with python-docx (the ``docx`` extra).

Each non-empty paragraph is one paragraph of the text, paragraphs separated
by a blank line as in the plain-text sources; a table row is one paragraph
with its cells separated by `` | ``.  Headers, footers and comments are left
out.  Metadata: the core properties title, author and created date; the
placeholders python-docx's own template carries (author ``python-docx``,
created 2013-12-23) are ignored.

Contents
--------
read_docx        DOCX bytes -> Extracted (ReadError, MissingExtraError)
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from xref.errors import ReadError
from xref.model import DocMeta
from xref.readers.base import Extracted
from xref.readers.extras import describe, require

_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)


def _paragraphs(container: Any) -> Iterator[str]:
    """The text of each paragraph and table row, in document order."""
    for item in container.iter_inner_content():
        if hasattr(item, "rows"):
            for row in item.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    # a merged cell appears once per grid column it spans
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    text = " ".join(p for p in _paragraphs(cell) if p)
                    if text:
                        cells.append(text)
                if cells:
                    yield " | ".join(cells)
        else:
            text = item.text.strip()
            if text:
                yield text


def _str(value: Any) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def _meta(document: Any) -> DocMeta:
    props = document.core_properties
    author = _str(props.author)
    created = props.created
    template = author == _TEMPLATE_AUTHOR
    if template:
        author = None
    date = None
    if isinstance(created, dt.datetime) and not (template and created == _TEMPLATE_CREATED):
        date = created.date()
    return DocMeta(title=_str(props.title), date=date, author=author, format="docx")


def read_docx(data: bytes, *, path: str) -> Extracted:
    """DOCX bytes -> paragraphs joined by blank lines, and core properties."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError("not a Word .docx file (not a zip archive)", path=path) from None
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise ReadError("a zip archive, not a Word .docx file (no word/document.xml)", path=path)
    docx = require("docx", path)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_paragraphs(document))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors…
        raise ReadError(f"corrupt Word file ({describe(e)})", path=path) from None
    text = "\n\n".join(paragraphs)
    if not text:
        raise ReadError("Word file has no text", path=path)
    return Extracted(text, _meta(document), 0)
