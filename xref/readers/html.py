"""HTML pages: the article text (no navigation, comments or footers) and the
page's own metadata, with trafilatura (the ``html`` extra).

The text is built from trafilatura's article tree, one paragraph per block
(paragraph, heading, list item, table row, block-quote paragraph), blocks
separated by a blank line as in the plain-text sources; inside a block, runs
of whitespace are collapsed as a browser shows them and ``<br>`` is a line
break.  All offsets point into this text.

Metadata comes from the page's markup: ``<title>``/``og:title``/JSON-LD
headline, JSON-LD ``datePublished`` or a date ``<meta>`` tag such as
``article:published_time`` (never a date from the article's text), author
meta tags and JSON-LD, ``og:site_name`` (else the host name) and the
canonical URL.

Contents
--------
read_html        bytes of an HTML page -> Extracted (ReadError, MissingExtraError)
is_truncated     does a full page end before </body> and </html>?
blocks_text      trafilatura's article tree -> paragraphs joined by blank lines
markup_date      the publication date stated in the page's markup
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from xref.errors import ReadError
from xref.model import DocMeta
from xref.readers.base import Extracted
from xref.readers.encoding import decode_html
from xref.readers.extras import describe, require
from xref.readers.text import parse_date

_WS_RE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_OPEN_RE = re.compile(r"<html[\s>]|<!doctype\s+html", re.IGNORECASE)
_CLOSE_RE = re.compile(r"</body\s*>|</html\s*>", re.IGNORECASE)
#: trafilatura's container elements: their children are the blocks
_CONTAINERS = frozenset({"body", "doc", "main", "div", "quote", "list", "table", "section"})
#: <meta> names and properties that state a publication date, best first
_DATE_META: tuple[str, ...] = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
)
_NAVIGATION = ["//nav", "//*[@role='navigation']"]
#: elements whose whitespace is kept as is
_VERBATIM = frozenset({"code", "pre"})


def is_truncated(html: str) -> bool:
    """A page that opens ``<html>`` but has neither ``</body>`` nor ``</html>``.

    Pages saved from a browser or a server always close them; a file that
    stops before is a cut-off download.  A bare fragment (no ``<html>``) is
    not judged.

    >>> is_truncated("<!DOCTYPE html><html><body><p>Fitch said")
    True
    >>> is_truncated("<html><body><p>Fitch said.</p></body></html>")
    False
    >>> is_truncated("<p>a fragment</p>")
    False
    """
    return bool(_OPEN_RE.search(html[:4096])) and not _CLOSE_RE.search(html)


def _inline(el: Any) -> str:
    """The text of one block element, whitespace collapsed, <lb/> as newline."""
    verbatim = el.tag in _VERBATIM
    parts: list[str] = []

    def add(s: str | None, keep: bool) -> None:
        if s:
            parts.append(s if keep else _WS_RE.sub(" ", s))

    add(el.text, verbatim)
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_inline(child))
        add(child.tail, verbatim)
    text = "".join(parts)
    if verbatim:
        return text.strip("\n")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _row(el: Any) -> str:
    cells = [_inline(c) for c in el if c.tag == "cell"]
    return " | ".join(c for c in cells if c)


def _blocks(el: Any, out: list[str]) -> None:
    if el.tag == "row":
        out.append(_row(el))
        return
    if el.tag in _CONTAINERS and len(el):
        lead = _WS_RE.sub(" ", el.text or "").strip()
        if lead:
            out.append(lead)
        for child in el:
            _blocks(child, out)
            tail = _WS_RE.sub(" ", child.tail or "").strip()
            if tail:
                out.append(tail)
        return
    out.append(_inline(el))


def blocks_text(body: Any) -> str:
    """Paragraphs of trafilatura's article tree, separated by blank lines.

    >>> from lxml import etree
    >>> blocks_text(etree.fromstring(
    ...     "<body><head>Title</head><p>One\\n  two<lb/>three</p>"
    ...     "<list><item>a</item><item>b</item></list></body>"))
    'Title\\n\\nOne two\\nthree\\n\\na\\n\\nb'
    """
    out: list[str] = []
    _blocks(body, out)
    return "\n\n".join(b for b in out if b.strip())


def _date_value(value: object) -> dt.date | None:
    """A date at the start of an ISO (or ``YYYY/MM/DD``) timestamp.

    >>> _date_value("2021-02-19T09:00:00Z"), _date_value("2021/02/19")
    (datetime.date(2021, 2, 19), datetime.date(2021, 2, 19))
    >>> _date_value("February 19, 2021") is None
    True
    """
    if not isinstance(value, str):
        return None
    return parse_date(value.strip().replace("/", "-"))


def _json_ld_dates(node: Any, key: str) -> Iterator[dt.date]:
    if isinstance(node, dict):
        d = _date_value(node.get(key))
        if d:
            yield d
        for v in node.values():
            if isinstance(v, dict | list):
                yield from _json_ld_dates(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _json_ld_dates(v, key)


def markup_date(tree: Any) -> dt.date | None:
    """The publication date the page's markup states, or None.

    Looked for in order: JSON-LD ``datePublished`` (then ``dateCreated``),
    the ``<meta>`` tags of _DATE_META, ``<time itemprop=datePublished>`` or
    ``<time pubdate>``.  Dates in the article's text are never used: a page
    quoting "October 2014" was not published then.

    >>> import lxml.html
    >>> markup_date(lxml.html.fromstring(
    ...     '<html><head><meta property="article:published_time" '
    ...     'content="2021-02-19T09:00:00Z"></head><body><p>In May 2018…</p></body></html>'))
    datetime.date(2021, 2, 19)
    >>> markup_date(lxml.html.fromstring("<html><body><p>On 2018-05-01 …</p></body></html>"))
    """
    scripts = tree.xpath("//script[@type='application/ld+json']")
    blobs = []
    for script in scripts:
        try:
            blobs.append(json.loads(script.text_content() or ""))
        except ValueError:
            continue
    for key in ("datePublished", "dateCreated"):
        for blob in blobs:
            for found in _json_ld_dates(blob, key):
                return found
    metas: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        for attr in ("property", "name", "itemprop"):
            name = (meta.get(attr) or "").strip().lower()
            if name and name not in metas:
                metas[name] = meta.get("content") or ""
    for name in _DATE_META:
        d = _date_value(metas.get(name))
        if d:
            return d
    for time in tree.xpath("//time[@itemprop='datePublished' or @pubdate][@datetime]"):
        d = _date_value(time.get("datetime"))
        if d:
            return d
    return None


def _clean(value: object) -> str | None:
    if value is None:
        return None
    s = _WS_RE.sub(" ", str(value)).strip()
    return s or None


def read_html(data: bytes, *, path: str) -> Extracted:
    """HTML bytes -> the article's text and the page's metadata.

    Raises MissingExtraError without trafilatura, ReadError for a truncated
    page or a page with no article text.
    """
    html = decode_html(data, path)
    if is_truncated(html):
        raise ReadError("HTML ends before </body> and </html> (truncated download?)", path=path)
    trafilatura = require("html", path)
    try:
        result = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
            # navigation is never article text; without this, a page with no
            # article (rendered by JavaScript) "extracts" its menu
            prune_xpath=_NAVIGATION,
        )
        tree = trafilatura.load_html(html)
        date = markup_date(tree) if tree is not None else None
    except Exception as e:  # lxml and trafilatura raise many kinds of errors
        raise ReadError(f"cannot parse HTML: {describe(e)}", path=path) from None
    body = getattr(result, "body", None) if result is not None else None
    text = blocks_text(body) if body is not None else ""
    if not text.strip():
        raise ReadError("no article text found in the HTML page", path=path)
    meta = DocMeta(
        title=_clean(result.title),
        # trafilatura's own date may come from the article's text
        date=date,
        outlet=_clean(result.sitename) or _clean(result.hostname),
        author=_clean(result.author),
        url=_clean(result.url),
        format="html",
    )
    return Extracted(text, meta, 0)
