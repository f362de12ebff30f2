"""Readers: sources as people keep them (HTML, PDF, DOCX, Markdown, text in
any common encoding), with their metadata, offsets and pages.

The files are built here from the text of seeds/000 (fpdf2 for PDF,
python-docx for DOCX, a hand-written page with navigation, comments and a
footer for HTML), so each test shows the same quote found at the right place
whatever the format.
"""

from __future__ import annotations

import builtins
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xref.errors import MissingExtraError, ReadError, XrefError
from xref.load import collect_paths, load
from xref.model import Document
from xref.normalize import normalize
from xref.readers import SUFFIXES, page_span, read_bytes, read_file, sniff, where
from xref.readers.encoding import decode_html, decode_text, detect_encoding, looks_western

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = SEEDS / "000_e1a3f1ace85cd228.txt"
PARAS = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

TITLE = "Fitch joins coalition urging reversal of Operation Talon cancellation"
AUTHOR = "Jane Reporter"
DATE = dt.date(2021, 2, 19)

#: a quote from the first paragraphs (page 1 of the PDF) and one from later
#: paragraphs (page 2)
QUOTE_P1 = (
    "By canceling Operation Talon, the White House is encouraging sexual predators "
    "to seek illegal entry into the United States"
)
QUOTE_P2 = "77.5 percent of trafficking victims (4,601 out of 5,939) were not U.S. citizens"
SPLIT = 3  # paragraphs on the PDF's first page


# ---------------------------------------------------------------- builders


def html_page(paras: list[str], *, charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>{TITLE} | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="{AUTHOR}">
<meta property="article:published_time" content="{DATE.isoformat()}T09:00:00Z">
<link rel="canonical" href="https://news.example.org/fitch-talon">
<script type="application/ld+json">{{"@context": "https://schema.org",
 "@type": "NewsArticle", "headline": "{TITLE}", "datePublished": "{DATE.isoformat()}",
 "author": {{"@type": "Person", "name": "{AUTHOR}"}}}}</script>
<script>var tracking = "Subscribe today for unlimited access";</script>
</head><body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/weather">Weather forecast for the weekend</a></li></ul></nav>
<main><article>
<h1>{TITLE}</h1>
{body}
</article>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>Dave99 wrote: Great article, share it with everyone you know!</p></div>
</section></main>
<footer><p>Copyright 2021 Example News. All rights reserved. Privacy policy.</p></footer>
</body></html>"""


def pdf_bytes(
    pages: list[list[str]], *, title: str = TITLE, encrypt: tuple[str, str | None] | None = None
) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if FONT.exists():
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=11)
        fix: Callable[[str], str] = str
    else:  # the core fonts are Latin-1 only: straighten curly quotes
        pdf.set_font("Helvetica", size=11)

        def fix(s: str) -> str:
            return s.replace("’", "'").replace("“", '"').replace("”", '"')

    pdf.set_title(title)
    pdf.set_author(AUTHOR)
    pdf.set_creation_date(dt.datetime(2021, 2, 19, 9, 0, tzinfo=dt.UTC))
    if encrypt:
        pdf.set_encryption(owner_password=encrypt[0], user_password=encrypt[1])
    for paras in pages:
        pdf.add_page()
        for p in paras:
            pdf.multi_cell(0, 6, fix(p))
            pdf.ln(4)
    return bytes(pdf.output())


def docx_bytes(paras: list[str], *, table: bool = False) -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = TITLE
    d.core_properties.author = AUTHOR
    d.core_properties.created = dt.datetime(2021, 2, 19, 9, 0)
    for p in paras:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "Victims", "Share"
        t.cell(1, 0).text, t.cell(1, 1).text = "4,601 of 5,939", "77.5 percent"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def markdown_text(paras: list[str]) -> str:
    return (
        f"---\ntitle: {TITLE}\ndate: {DATE.isoformat()}\nauthor: {AUTHOR}\n"
        f"outlet: Example News\nurl: https://news.example.org/fitch-talon\n---\n\n"
        + "\n\n".join(paras)
        + "\n"
    )


def locate(doc: Document, quote: str) -> tuple[int, int]:
    """The quote's span in doc.text, by normalized substring search."""
    n = normalize(doc.text)
    i = n.text.find(normalize(quote).text)
    assert i >= 0, f"{quote!r} not found in {doc.id}"
    return n.span(i, i + len(normalize(quote).text))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder with the same article in every format xref reads."""
    root = tmp_path_factory.mktemp("corpus")
    seed = SEED.read_text(encoding="utf-8")
    (root / "plain.txt").write_text(seed, encoding="utf-8")
    (root / "western.txt").write_bytes(seed.encode("cp1252"))
    (root / "wide.txt").write_bytes(seed.encode("utf-16"))  # with BOM
    (root / "bom.txt").write_bytes(seed.encode("utf-8-sig"))
    (root / "page.html").write_text(html_page(PARAS), encoding="utf-8")
    (root / "page1252.htm").write_bytes(html_page(PARAS, charset="windows-1252").encode("cp1252"))
    (root / "saved.txt").write_text(html_page(PARAS), encoding="utf-8")  # HTML named .txt
    (root / "report.pdf").write_bytes(pdf_bytes([PARAS[:SPLIT], PARAS[SPLIT:]]))
    (root / "memo.docx").write_bytes(docx_bytes(PARAS))
    (root / "notes.md").write_text(markdown_text(PARAS), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def docs(corpus: Path) -> dict[str, Document]:
    loaded = load([corpus])
    assert loaded.problems == ()
    return {d.id: d for d in loaded.documents}


FORMATS = {
    "plain": "text",
    "western": "text",
    "wide": "text",
    "bom": "text",
    "page": "html",
    "page1252": "html",
    "saved": "html",
    "report": "pdf",
    "memo": "docx",
    "notes": "markdown",
}


# ---------------------------------------------------------------- the same quote in every format


def test_folder_scan_picks_up_every_format(corpus: Path) -> None:
    found = {p.name for p in collect_paths([corpus])}
    assert found == {p.name for p in corpus.iterdir()}
    for suffix in (".html", ".htm", ".pdf", ".docx", ".md", ".txt"):
        assert suffix in SUFFIXES


@pytest.mark.parametrize("doc_id", sorted(FORMATS))
def test_format_is_chosen_by_content(docs: dict[str, Document], doc_id: str) -> None:
    assert docs[doc_id].meta.format == FORMATS[doc_id]


@pytest.mark.parametrize("doc_id", sorted(FORMATS))
@pytest.mark.parametrize("quote", [QUOTE_P1, QUOTE_P2])
def test_quote_found_with_exact_offsets_in_every_format(
    docs: dict[str, Document], doc_id: str, quote: str
) -> None:
    doc = docs[doc_id]
    start, end = locate(doc, quote)
    assert normalize(doc.text[start:end]).text == normalize(quote).text
    # the span starts and ends on the quote's own first and last characters
    assert doc.text[start] == quote[0] and doc.text[end - 1] == quote[-1]


def test_decoded_texts_are_the_seed_exactly(docs: dict[str, Document]) -> None:
    seed = SEED.read_text(encoding="utf-8")
    for doc_id in ("plain", "western", "wide", "bom"):
        assert docs[doc_id].text == seed, doc_id


@pytest.mark.parametrize("doc_id", ["page", "page1252", "saved", "memo"])
def test_paragraphs_are_kept_and_separated_by_blank_lines(
    docs: dict[str, Document], doc_id: str
) -> None:
    paragraphs = docs[doc_id].text.split("\n\n")
    for p in PARAS:
        assert p in paragraphs, p[:40]


def test_pdf_names_the_page_of_each_quote(docs: dict[str, Document]) -> None:
    pdf = docs["report"]
    assert len(pdf.pages) == 2
    s1, _ = locate(pdf, QUOTE_P1)
    s2, e2 = locate(pdf, QUOTE_P2)
    assert pdf.page_of(s1) == 1
    assert pdf.page_of(s2) == 2 and pdf.page_of(e2 - 1) == 2
    assert where(pdf, s2) == f"{pdf.path}, p. 2"


def test_page_span_and_page_of_agree(docs: dict[str, Document]) -> None:
    pdf = docs["report"]
    spans = [page_span(pdf, 1), page_span(pdf, 2)]
    s2, e2 = locate(pdf, QUOTE_P2)
    assert spans[1][0] <= s2 and e2 <= spans[1][1]
    s1, e1 = locate(pdf, QUOTE_P1)
    assert spans[0][0] <= s1 and e1 <= spans[0][1]
    assert spans[0][1] < spans[1][0]
    for page, (start, end) in enumerate(spans, 1):
        assert {pdf.page_of(o) for o in range(start, end)} == {page}
        assert pdf.text[start:end] == pdf.text[start:end].strip()
    assert spans[1][1] == len(pdf.text.rstrip())
    # the first page's text holds the first paragraphs, the second the rest
    assert normalize(PARAS[SPLIT][:60]).text in normalize(pdf.text[slice(*spans[1])]).text
    assert normalize(PARAS[SPLIT][:60]).text not in normalize(pdf.text[slice(*spans[0])]).text


@pytest.mark.parametrize("page", [0, 3, -1])
def test_page_span_out_of_range_is_a_user_error(docs: dict[str, Document], page: int) -> None:
    with pytest.raises(XrefError, match="2 pages"):
        page_span(docs["report"], page)


def test_page_span_of_unpaginated_document_is_a_user_error(docs: dict[str, Document]) -> None:
    with pytest.raises(XrefError, match="no pages"):
        page_span(docs["plain"], 1)


def test_html_and_docx_locations_name_the_paragraph(docs: dict[str, Document]) -> None:
    for doc_id, para in (("page", 3), ("memo", 2)):  # the page has its headline first
        doc = docs[doc_id]
        start, _ = locate(doc, QUOTE_P1)
        assert where(doc, start) == f"{doc.path}, para. {para}"


def test_text_locations_name_line_and_column(docs: dict[str, Document]) -> None:
    doc = docs["plain"]
    start, _ = locate(doc, QUOTE_P1)
    line, col = doc.line_col(start)
    assert doc.text.splitlines()[line - 1][col - 1 :].startswith("By canceling")
    assert where(doc, start) == f"{doc.path}:{line}:{col}"


def _compare_or_skip() -> Any:
    compare = pytest.importorskip("xref.compare", reason="xref.compare not written yet")
    return compare.compare


VERDICT_CASES = [
    # (label, quote, verdict against the whole document)
    ("part of the text", QUOTE_P1, "truncated"),
    ("part of page 2", QUOTE_P2, "truncated"),
    (
        "elided",
        "By canceling Operation Talon, the White House is encouraging sexual predators"
        " … into the United States",
        "elided",
    ),
    ("number changed", QUOTE_P2.replace("4,601", "4,106"), "conflict"),
    ("negation dropped", "Sexual predators are welcome in Mississippi", "conflict"),
]


@pytest.mark.parametrize("doc_id", sorted(FORMATS))
@pytest.mark.parametrize(
    ("quote", "verdict"), [c[1:] for c in VERDICT_CASES], ids=[c[0] for c in VERDICT_CASES]
)
def test_same_verdict_whatever_the_format(
    docs: dict[str, Document], doc_id: str, quote: str, verdict: str
) -> None:
    compare = _compare_or_skip()
    doc = docs[doc_id]
    result = compare(quote, doc.text)
    assert result.verdict == verdict
    reference = compare(quote, docs["plain"].text)
    assert normalize(result.matched).text == normalize(reference.matched).text
    assert [e.code for e in result.evidence] == [e.code for e in reference.evidence]
    if verdict == "truncated":
        assert (result.source_start, result.source_end) == locate(doc, quote)


# ---------------------------------------------------------------- metadata


@pytest.mark.parametrize("doc_id", ["page", "page1252", "saved"])
def test_html_metadata_from_the_page_markup(docs: dict[str, Document], doc_id: str) -> None:
    meta = docs[doc_id].meta
    assert meta.title == TITLE
    assert meta.date == DATE
    assert meta.author == AUTHOR
    assert meta.outlet == "Example News"
    assert meta.url == "https://news.example.org/fitch-talon"


def test_pdf_metadata_from_document_info(docs: dict[str, Document]) -> None:
    meta = docs["report"].meta
    assert (meta.title, meta.author, meta.date, meta.format) == (TITLE, AUTHOR, DATE, "pdf")


def test_docx_metadata_from_core_properties(docs: dict[str, Document]) -> None:
    meta = docs["memo"].meta
    assert (meta.title, meta.author, meta.date, meta.format) == (TITLE, AUTHOR, DATE, "docx")


def test_docx_template_placeholders_are_not_metadata() -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("A paragraph of text.")
    buf = io.BytesIO()
    d.save(buf)
    meta = read_bytes(buf.getvalue(), "bare.docx").meta
    assert (meta.author, meta.date) == (None, None)


def test_markdown_front_matter_is_metadata(docs: dict[str, Document]) -> None:
    doc = docs["notes"]
    assert (doc.meta.title, doc.meta.date, doc.meta.author) == (TITLE, DATE, AUTHOR)
    assert doc.meta.outlet == "Example News"
    assert doc.text[doc.body_start :].lstrip().startswith(PARAS[0][:30])


def test_seed_date_header_line_is_kept(seeds_dir: Path) -> None:
    ex = read_file(seeds_dir / "001_f0198ec2f486b8dd.txt")
    assert ex.meta.date == dt.date(2021, 2, 19)
    assert ex.text.startswith(" date 2021-02-19")
    assert ex.text[ex.body_start :].startswith("Eighteen")


def _article(head: str = "", extra: str = "") -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        f"<html><head>{head}</head><body><article>{paras}{extra}</article></body></html>".encode()
    )


@pytest.mark.parametrize(
    ("label", "page", "date"),
    [
        (
            "JSON-LD only",
            _article(
                '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
                ' "datePublished": "2021-02-19T09:00:00-05:00"}]}</script>'
            ),
            DATE,
        ),
        ("meta tag only", _article('<meta name="date" content="2021-02-19">'), DATE),
        (
            "citation meta with slashes",
            _article('<meta name="citation_publication_date" content="2021/02/19">'),
            DATE,
        ),
        (
            "time element",
            _article(
                extra='<p><time itemprop="datePublished" datetime="2021-02-19">Feb 19</time></p>'
            ),
            DATE,
        ),
        # near misses: dates in the article's text are not its publication date
        ("dates in the text only", _article(extra="<p>Updated 2018-05-01.</p>"), None),
        (
            "modified date only",
            _article('<meta property="article:modified_time" content="2022-01-01">'),
            None,
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_html_date_comes_from_markup_only(label: str, page: bytes, date: dt.date | None) -> None:
    assert read_bytes(page, "article.html").meta.date == date


def test_html_without_metadata_has_none() -> None:
    page = "<html><body><article><p>" + " ".join(PARAS[:2]) + "</p></article></body></html>"
    meta = read_bytes(page.encode(), "bare.html").meta
    assert (meta.title, meta.date, meta.author, meta.format) == (None, None, None, "html")


# ---------------------------------------------------------------- HTML boilerplate


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Weather forecast",  # navigation
        "Dave99",  # reader comments
        "All rights reserved",  # footer
        "Subscribe today",  # script
        "Example News",  # <title> suffix, site name
    ],
)
def test_html_text_leaves_out_boilerplate(docs: dict[str, Document], boilerplate: str) -> None:
    assert boilerplate not in docs["page"].text


def test_html_keeps_the_headline_and_every_paragraph(docs: dict[str, Document]) -> None:
    text = docs["page"].text
    assert text.startswith(TITLE)
    assert text.endswith(PARAS[-1])


def test_html_whitespace_collapsed_and_line_breaks_kept() -> None:
    page = (
        "<html><body><article><h2>Statement</h2><p>"
        + PARAS[0].replace(" a coalition", "\n      a coalition")
        + "<br>Second line of the same paragraph.</p>"
        "<ul><li>first item</li><li>second item</li></ul></article></body></html>"
    )
    text = read_bytes(page.encode(), "x.html").text
    assert PARAS[0] + "\nSecond line of the same paragraph." in text.split("\n\n")
    assert "first item\n\nsecond item" in text


# ---------------------------------------------------------------- sniffing

SNIFF_CASES = [
    # (label, bytes, suffix, format)
    ("pdf magic, odd extension", b"%PDF-1.4\n%...", ".bin", "pdf"),
    ("pdf magic after junk", b"\r\n\r\n%PDF-1.7\n", ".pdf", "pdf"),
    ("html named .txt", b"<!DOCTYPE html>\n<html><body></body></html>", ".txt", "html"),
    ("html with xml declaration", b'<?xml version="1.0"?>\n<html xmlns="x">', ".xml", "html"),
    ("html after comment", b"<!-- saved from url -->\n<html>", ".dat", "html"),
    ("html in utf-16", "<!doctype html><html>".encode("utf-16"), ".txt", "html"),
    ("html with BOM", b"\xef\xbb\xbf<html lang=en>", "", "html"),
    ("docx zip", b"PK\x03\x04....word/document.xml....", ".zip", "docx"),
    ("other zip", b"PK\x03\x04....content.xml....", ".docx", "zip"),
    ("old word", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20, ".doc", "doc"),
    ("markdown by extension", b"# Notes\n\nText", ".md", "markdown"),
    ("html by extension (fragment)", b"<p>A fragment</p>", ".html", "html"),
    # near misses: look like markup, are text
    ("text mentioning html", b"Save the page as <html> later", ".txt", "text"),
    ("text mentioning pdf late", b"x" * 2000 + b"%PDF-1.4", ".txt", "text"),
    ("htmlx tag is not html", b"<htmlx>not a page", ".txt", "text"),
    ("unknown extension text", b"Plain words.", ".weird", "text"),
]


@pytest.mark.parametrize(
    ("data", "suffix", "fmt"),
    [c[1:] for c in SNIFF_CASES],
    ids=[c[0] for c in SNIFF_CASES],
)
def test_sniff(data: bytes, suffix: str, fmt: str) -> None:
    assert sniff(data, suffix) == fmt


def test_file_with_unknown_extension_named_explicitly_is_sniffed(tmp_path: Path) -> None:
    f = tmp_path / "download.bin"
    f.write_bytes(pdf_bytes([PARAS[:2]]))
    loaded = load([f])
    assert loaded.documents[0].meta.format == "pdf"
    locate(loaded.documents[0], "Sexual predators are not welcome in Mississippi")


def test_folder_scan_skips_unknown_extensions(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"%PDF-1.4 nothing")
    assert [p.name for p in collect_paths([tmp_path])] == ["a.txt"]


# ---------------------------------------------------------------- encodings

_WESTERN = "“Human trafficking” isn’t welcome — Fitch"
_FRENCH = "Le café était très bon, à côté de la gare."
_RUSSIAN = "Генеральный прокурор заявил, что операция отменена."
_POLISH = "Zażółć gęślą jaźń, powiedział prokurator generalny."

ENCODING_CASES = [
    # (label, bytes, expected text)
    ("utf-8", _WESTERN.encode(), _WESTERN),
    ("utf-8 with BOM", _WESTERN.encode("utf-8-sig"), _WESTERN),
    ("utf-16 LE with BOM", b"\xff\xfe" + _FRENCH.encode("utf-16-le"), _FRENCH),
    ("utf-16 BE with BOM", b"\xfe\xff" + _FRENCH.encode("utf-16-be"), _FRENCH),
    ("utf-32 with BOM", _WESTERN.encode("utf-32"), _WESTERN),
    ("utf-16 LE without BOM", _FRENCH.encode("utf-16-le"), _FRENCH),
    ("utf-16 BE without BOM", _FRENCH.encode("utf-16-be"), _FRENCH),
    ("cp1252 curly quotes", _WESTERN.encode("cp1252"), _WESTERN),
    ("latin-1 French", _FRENCH.encode("latin-1"), _FRENCH),
    ("cp1251 Russian", _RUSSIAN.encode("cp1251"), _RUSSIAN),
    ("cp1250 Polish", _POLISH.encode("cp1250"), _POLISH),
]


@pytest.mark.parametrize(
    ("data", "text"), [c[1:] for c in ENCODING_CASES], ids=[c[0] for c in ENCODING_CASES]
)
def test_encodings_are_detected(data: bytes, text: str) -> None:
    assert decode_text(data, "x.txt") == text


def test_cp1252_is_chosen_for_western_text() -> None:
    assert detect_encoding("naïve café “quote” – déjà vu".encode("cp1252")) == "cp1252"


@pytest.mark.parametrize(
    ("text", "western"),
    [
        ("Fitch’s office said “no”.", True),
        ("Ãåíåðàëüíûé ïðîêóðîð çàÿâèë", False),  # Russian read as cp1252
        ("Za¿ó³æ gêœl¹ jaŸñ", False),  # Polish read as cp1252
        ("Prices rose 5° in Zürich; see §3.", True),  # symbols between words are fine
    ],
)
def test_looks_western(text: str, western: bool) -> None:
    assert looks_western(text) is western


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02\x03binary\x00", "binary"),
        (bytes(range(1, 32)) * 8 + bytes(range(128, 256)), "encoding"),
    ],
    ids=["nul bytes", "control soup"],
)
def test_undetectable_encoding_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message) as info:
        decode_text(data, "mystery.txt")
    assert str(info.value).startswith("mystery.txt: ")
    assert "\n" not in str(info.value)


def test_html_declared_charset_is_honoured() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body>“x” café</body></html>'
    assert decode_html(page.encode("cp1252"), "p.html") == page


def test_html_utf8_wins_over_a_wrong_latin1_declaration() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body>“x” café</body></html>'
    assert decode_html(page.encode("utf-8"), "p.html") == page


def test_html_wrongly_declared_utf8_falls_back_on_detection() -> None:
    page = '<html><head><meta charset="utf-8"></head><body>“x” café</body></html>'
    assert decode_html(page.encode("cp1252"), "p.html") == page


# ---------------------------------------------------------------- bad files


def _encrypted(user: str | None) -> bytes:
    return pdf_bytes([PARAS[:1]], encrypt=("owner-secret", user))


BAD_FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("truncated.html", lambda: html_page(PARAS).encode()[:900], "truncated"),
    (
        "empty-article.html",
        lambda: b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "no article text",
    ),
    ("corrupt.pdf", lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "corrupt PDF"),
    ("cut.pdf", lambda: pdf_bytes([PARAS[:2]])[:400], "PDF"),
    ("locked.pdf", lambda: _encrypted("reader-secret"), "encrypted"),
    ("blank.pdf", lambda: pdf_bytes([[" "]]), "no extractable text"),
    ("notzip.docx", lambda: b"This is plain text saved as .docx", "not a Word"),
    ("other.docx", lambda: _zip({"content.xml": "<x/>"}), "not a Word"),
    ("broken.docx", lambda: _zip({"word/document.xml": "<w:document"}), "corrupt Word"),
    ("page.pdf", lambda: html_page(PARAS).encode(), "HTML"),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old binary Word"),
    ("empty.md", lambda: b"   \n", "empty"),
]


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_a_one_line_read_error(
    tmp_path: Path, name: str, make: Callable[[], bytes], message: str
) -> None:
    f = tmp_path / name
    f.write_bytes(make())
    with pytest.raises(ReadError, match=message) as info:
        read_file(f)
    text = str(info.value)
    assert text.startswith(f"{f}: ") and "\n" not in text and "Traceback" not in text


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    ex = read_bytes(_encrypted(None), "open.pdf")
    assert normalize(PARAS[0][:80]).text in normalize(ex.text).text


def test_mixed_folder_loads_good_files_and_reports_bad_ones(tmp_path: Path) -> None:
    for name, make, _ in BAD_FILES:
        if Path(name).suffix in SUFFIXES:
            (tmp_path / name).write_bytes(make())
    (tmp_path / "good.pdf").write_bytes(pdf_bytes([PARAS[:2], PARAS[2:4]]))
    (tmp_path / "good.html").write_text(html_page(PARAS[:4]), encoding="utf-8")
    (tmp_path / "good.docx").write_bytes(docx_bytes(PARAS[:4], table=True))
    (tmp_path / "good.txt").write_text(PARAS[0], encoding="utf-8")
    loaded = load([tmp_path])
    assert sorted(d.meta.format for d in loaded.documents) == ["docx", "html", "pdf", "text"]
    expected_bad = {Path(n).stem for n, _, _ in BAD_FILES if Path(n).suffix in SUFFIXES}
    assert {p.locations[0].doc for p in loaded.problems} == expected_bad
    assert all(p.rule == "input-error" and p.severity == "error" for p in loaded.problems)
    for d in loaded.documents:
        locate(d, PARAS[0][:60])
    table_doc = next(d for d in loaded.documents if d.meta.format == "docx")
    assert "Victims | Share" in table_doc.text
    assert "4,601 of 5,939 | 77.5 percent" in table_doc.text


# ---------------------------------------------------------------- missing extras


@pytest.fixture
def block_import(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Make ``import NAME`` fail, as when the extra is not installed."""
    blocked: set[str] = set()
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in blocked:
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    def block(name: str) -> None:
        blocked.add(name)
        for mod in list(sys.modules):
            if mod == name or mod.startswith(name + "."):
                monkeypatch.delitem(sys.modules, mod)
        monkeypatch.setitem(sys.modules, name, None)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", fake_import)
    yield block


@pytest.mark.parametrize(
    ("module", "name", "extra"),
    [
        ("pypdf", "report.pdf", "pdf"),
        ("trafilatura", "page.html", "html"),
        ("docx", "memo.docx", "docx"),
    ],
)
def test_missing_extra_names_what_to_install(
    corpus: Path, block_import: Callable[[str], None], module: str, name: str, extra: str
) -> None:
    data = (corpus / name).read_bytes()
    block_import(module)
    with pytest.raises(MissingExtraError) as info:
        read_bytes(data, name)
    assert str(info.value) == (
        f"{name}: reading {dict(pdf='PDF', html='HTML', docx='DOCX')[extra]} needs the "
        f"'{extra}' extra: pip install 'xref[{extra}]'"
    )


def test_missing_extra_does_not_stop_the_corpus(
    corpus: Path, block_import: Callable[[str], None]
) -> None:
    block_import("pypdf")
    loaded = load([corpus])
    assert "report" not in {d.id for d in loaded.documents}
    assert len(loaded.documents) == len(FORMATS) - 1
    (problem,) = loaded.problems
    assert problem.rule == "input-error" and "xref[pdf]" in problem.message


# ---------------------------------------------------------------- end to end


def test_same_article_in_several_formats_gets_distinct_ids(tmp_path: Path) -> None:
    (tmp_path / "fitch.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "fitch.html").write_text(html_page(PARAS), encoding="utf-8")
    (tmp_path / "fitch.pdf").write_bytes(pdf_bytes([PARAS[:SPLIT], PARAS[SPLIT:]]))
    ids = [d.id for d in load([tmp_path]).documents]
    assert len(set(ids)) == 3
    assert sorted(i.rsplit(".", 1)[-1] for i in ids) == ["html", "pdf", "txt"]


def test_report_clusters_a_quote_across_every_format(corpus: Path, tmp_path: Path) -> None:
    report_mod = pytest.importorskip("xref.report", reason="xref.report not written yet")
    kinds = ("plain.txt", "page.html", "report.pdf", "memo.docx", "notes.md")
    for name in kinds:  # one file per format keeps the report quick
        (tmp_path / name).write_bytes((corpus / name).read_bytes())
    report = report_mod.build_report([tmp_path])
    urge = normalize("We urge you to immediately reinstate Operation Talon").text
    clusters = [c for c in report.clusters if urge in normalize(c.text).text]
    assert clusters, "the letter's closing quote is not clustered"
    renderings = clusters[0].renderings
    assert {r.doc for r in renderings} == {Path(k).stem for k in kinds}
    assert {r.verdict for r in renderings} == {"exact"}
    for r in renderings:
        doc = report.document(r.doc)
        assert doc.text[r.start : r.end] == r.text
    pdf = report.document("report")
    (in_pdf,) = [r for r in renderings if r.doc == "report"]
    assert pdf.page_of(in_pdf.start) == 2


# ---------------------------------------------------------------- properties


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn")),
    min_size=1,
    max_size=200,
)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_with_bom_or_utf8_round_trips(text: str, codec: str) -> None:
    assert decode_text(text.encode(codec), "x.txt") == text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(
        [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<!DOCTYPE html><html>", b"\xff\xfe"]
    ),
    body=st.binary(max_size=300),
    suffix=st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx", ".bin"]),
)
def test_any_bytes_give_a_document_or_a_read_error(prefix: bytes, body: bytes, suffix: str) -> None:
    try:
        ex = read_bytes(prefix + body, "fuzz" + suffix)
    except ReadError as e:
        assert "\n" not in str(e)
    else:
        assert ex.text.strip()
        assert all(0 <= p <= len(ex.text) for p in ex.pages)
