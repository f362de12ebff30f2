"""Plain text and Markdown: decoding, the `` date ...`` header, front matter.

Contents
--------
decode            bytes -> str in the detected encoding (ReadError if it cannot be told)
parse_date        an ISO date at the start of a string
front_matter      ``key: value`` front matter and where the body starts
meta_from_fields  front-matter fields -> DocMeta
read_text         plain text or Markdown bytes -> Extracted
"""

from __future__ import annotations

import datetime as dt
import re

from xref.errors import ReadError
from xref.model import DocMeta
from xref.readers.base import Extracted
from xref.readers.encoding import decode_text

_HEADER_RE = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*(?:\r?\n)?")
_FRONT_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FIELD_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)


def decode(data: bytes, path: str) -> str:
    """Decode a text file: BOMs, UTF-8, Western cp1252/Latin-1 and other
    detected encodings (see :mod:`xref.readers.encoding`).

    Raises ReadError for binary content or text in an undetectable encoding.

    >>> decode("café".encode("cp1252"), "a.txt")
    'café'
    """
    return decode_text(data, path)


def parse_date(value: str) -> dt.date | None:
    """An ISO date (or the date part of an ISO timestamp), else None.

    >>> parse_date("2021-02-19T10:00:00Z")
    datetime.date(2021, 2, 19)
    """
    m = re.match(r"\s*['\"]?(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Simple YAML front matter (``key: value`` lines) and where the body starts.

    >>> front_matter("---\\ntitle: A\\ndate: 2021-02-19\\n---\\nBody")
    ({'title': 'A', 'date': '2021-02-19'}, 34)
    """
    m = _FRONT_RE.match(text)
    if not m:
        return {}, 0
    fields = {k.lower(): v.strip().strip("'\"") for k, v in _FIELD_RE.findall(m.group(1))}
    return fields, m.end()


def meta_from_fields(fields: dict[str, str], fmt: str) -> DocMeta:
    return DocMeta(
        title=fields.get("title") or None,
        date=parse_date(fields.get("date", "")),
        outlet=fields.get("outlet") or fields.get("site") or fields.get("publisher") or None,
        author=fields.get("author") or None,
        url=fields.get("url") or fields.get("source") or None,
        format=fmt,
    )


def read_text(data: bytes, *, path: str, markdown: bool = False) -> Extracted:
    """Plain text or Markdown bytes -> Extracted, keeping the text as read."""
    text = decode(data, path)
    if not text.strip():
        raise ReadError("empty file", path=path)
    fmt = "markdown" if markdown else "text"
    m = _HEADER_RE.match(text)
    if m:
        return Extracted(text, DocMeta(date=parse_date(m.group(1)), format=fmt), m.end())
    fields, body = front_matter(text)
    if fields:
        return Extracted(text, meta_from_fields(fields, fmt), body)
    return Extracted(text, DocMeta(format=fmt), 0)
