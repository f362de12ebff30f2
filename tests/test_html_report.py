"""The HTML and Markdown reports: content, offsets, safety, alignment.

Reports are built by hand from the seeds' real text (``hand_report``) so the
renderers are tested independently of the pipeline; where the pipeline is
available, its real report of the seeds is rendered as well.
"""

from __future__ import annotations

import doctest
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from xref.load import load
from xref.model import Cluster, Diff, Document, Evidence, Finding, Location, Rendering, Report
from xref.output import html_common, report_html, report_markdown
from xref.output.html_common import align_words, md_escape, word_kind
from xref.output.report_html import render_report_html
from xref.output.report_markdown import render_report_markdown

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

HOSTILE = (
    '<script>alert(1)</script> <img src=x onerror=alert(2)> '
    '[click](javascript:alert(3)) "><svg onload=alert(4)> javascript:alert(5) '
    "<a href='http://example.com/x'>x</a> ![i](http://example.com/i.png) | ** ~~ @here $x$"
)


# --------------------------------------------------------------------------
# building reports by hand from real text


def _rendering(doc: Document, needle: str, verdict: str, score: float = 100.0,
               **kw: object) -> Rendering:
    start = doc.text.index(needle)
    return Rendering(doc.id, start, start + len(needle), needle, verdict, score,
                     **kw)  # type: ignore[arg-type]


def _seed_docs() -> dict[str, Document]:
    docs = load([SEEDS]).documents
    return {d.id[:3]: d for d in docs}


#: a two-document corpus whose one quote changes a number (18 -> 19)
QUOTE_18 = ("The AG said: “We joined 18 state attorneys general in urging President Biden "
            "to reverse the cancellation of Operation Talon.”\n")
QUOTE_19 = ("According to the AG, “We joined 19 state attorneys general in urging President "
            "Biden to reverse the cancellation of Operation Talon.”\n")

CONFLICT_TEXT = (
    "AG Fitch said: “We urge you to immediately reinstate Operation Talon,” "
    "and noted that 19 state attorneys general signed the letter.\n"
)


def hand_report(extra_docs: tuple[Document, ...] = ()) -> Report:
    """A Report over the seeds (plus a small document with 19 for 18)."""
    d = _seed_docs()
    x = Document("x19", "x19.txt", CONFLICT_TEXT)
    urge = ("We urge you to immediately reinstate Operation Talon, adopt an aggressive "
            "enforcement policy against illegal aliens convicted of sex crimes, and send a "
            "message to sexual predators that they are not welcome in the United States of "
            "America,")
    t000 = d["000"].text
    cancel_long = t000[t000.index("The cancellation of this program"):
                       t000.index("after they arrive.") + len("after they arrive.")]
    cancel_short = ("The cancellation of this program effectively broadcasts to the world that "
                    "the United States is now a sanctuary jurisdiction for sexual predators. This "
                    "message creates a perverse incentive for foreign sexual predators to seek to "
                    "enter the United States illegally and assault more victims,")
    c1 = Cluster("q1", "quote", (
        _rendering(d["000"], urge, "exact", speaker="the letter", cue="states"),
        _rendering(d["001"], urge, "exact", speaker="the letter", cue="concluded"),
        _rendering(x, "We urge you to immediately reinstate Operation Talon,", "truncated", 96.0,
                   speaker="Lynn Fitch", cue="said"),
    ))
    c2 = Cluster("q2", "quote", (
        _rendering(d["000"], cancel_long, "exact", speaker="the letter"),
        _rendering(d["001"], cancel_short, "truncated", 95.0, speaker="the letter",
                   evidence=(Evidence("truncated", "a contiguous part of the reference"),)),
    ))
    p000 = d["000"].text
    s = p000.index("18 state attorneys general")
    talon = "cancellation of Operation Talon"
    passage = p000[s: p000.index(talon) + len(talon)]
    s19 = x.text.index("19 state attorneys general")
    c3 = Cluster("p1", "passage", (
        _rendering(d["000"], passage, "exact", quoted=False),
        _rendering(d["001"], d["001"].text[d["001"].text.index("18 state attorneys general"):
                                           d["001"].text.index("last-minute cancellation of "
                                                               "Operation Talon") + 47],
                   "variant", 90.0, quoted=False),
        Rendering("x19", s19, s19 + len("19 state attorneys general"),
                  "19 state attorneys general", "conflict", 80.0, quoted=False,
                  evidence=(Evidence("number-changed", "18 became 19", a="19", b="18"),),
                  diffs=(Diff("replace", "number", "19", "18", 0, 2, 0, 2),)),
    ))
    sanct = "sanctuary country"
    c4 = Cluster("p2", "passage", (
        _rendering(d["002"], sanct, "exact", quoted=True),
        _rendering(d["003"], sanct, "exact", quoted=True),
    ))
    f_count = Finding(
        "count-mismatch", "warning",
        "000 says 18 state attorneys general, x19 says 19",
        (Location.of(d["000"], s, s + 2), Location.of(x, s19, s19 + 2)),
        (Evidence("number-changed", "18 vs 19", a="18", b="19"),),
    )
    f_name = Finding(
        "name-variant", "info", "“Immigrations” in 001 vs “Immigration” in 000",
        (Location.of(d["001"], d["001"].text.index("Immigrations"),
                     d["001"].text.index("Immigrations") + 12),),
    )
    docs = tuple(sorted((*d.values(), x, *extra_docs), key=lambda doc: doc.id))
    findings = tuple(sorted((f_count, f_name), key=Finding.sort_key))
    return Report(docs, (c1, c2, c3, c4), findings)


def hostile_report() -> Report:
    """Hostile text everywhere data reaches the page: ids, text, speakers,
    evidence, findings, metadata."""
    text = f"Intro. “{HOSTILE}” he said. Then: “{HOSTILE} 18 votes”\n"
    evil_id = 'evil"><script>alert(6)</script>'
    doc = Document(evil_id, "<b>p.txt</b>", text)
    other = Document("b", "b.txt", f"“{HOSTILE} 19 votes”")
    q1s = text.index(HOSTILE)
    q2s = text.rindex(HOSTILE)
    r1 = Rendering(doc.id, q1s, q1s + len(HOSTILE), HOSTILE, "exact", 100.0, speaker=HOSTILE,
                   cue=HOSTILE, evidence=(Evidence(HOSTILE, HOSTILE, a=HOSTILE, b=HOSTILE),))
    end2 = q2s + len(HOSTILE) + len(" 18 votes")
    r2 = Rendering(doc.id, q2s, end2, text[q2s:end2], "conflict", 70.0, speaker=HOSTILE)
    ob = other.text.index(HOSTILE)
    r3 = Rendering("b", ob, len(other.text) - 1, other.text[ob:-1], "conflict", 70.0,
                   diffs=(Diff("replace", HOSTILE, HOSTILE, HOSTILE, 0, 1, 0, 1),))
    cluster = Cluster(evil_id, "quote", (r2, r1, r3))
    finding = Finding(HOSTILE, HOSTILE, HOSTILE, (Location.of(doc, q1s, q1s + 10),),
                      (Evidence(HOSTILE, HOSTILE),))
    return Report((other, doc), (cluster,), (finding,))


# --------------------------------------------------------------------------
# a small HTML inspector


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.scripts = 0
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "script":
            self.scripts += 1
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def inspect(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    p.close()
    return p


class _DocText(HTMLParser):
    """The text of each ``div.doctext``, leaving out the tags' labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._depth = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div" and a.get("class") == "doctext":
            self._depth = 1
            self.texts.append("")
        elif self._depth:
            if tag == "div":
                self._depth += 1
            if tag == "a" and a.get("class") == "tag":
                self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            if tag == "div":
                self._depth -= 1
            elif tag == "a" and self._skip:
                self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self.texts[-1] += data


def assert_safe(page: str, *, allowed_scripts: int = 1) -> None:
    """No script, handler, external link or resource comes from the data."""
    p = inspect(page)
    assert p.scripts == allowed_scripts
    assert "".join(p.script_text).strip() == html_common.SCRIPT.strip()
    for tag, a in p.tags:
        assert tag not in ("img", "svg", "iframe", "object", "embed", "link", "base", "form")
        for name, value in a.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcdoc", "formaction", "style"), (tag, name)
            if name == "href":
                assert value is not None and re.fullmatch(r"#[a-z0-9-]+", value), value
            if name == "id":
                assert value is not None and re.fullmatch(r"[a-z0-9-]+", value), value
    metas = [a for t, a in p.tags if t == "meta" and a.get("http-equiv")]
    assert metas and metas[0]["content"] == html_common.csp()


def assert_links_resolve(page: str) -> None:
    p = inspect(page)
    ids = set(p.ids)
    assert len(ids) == len(p.ids), "duplicate ids"
    hrefs = [a["href"] for _, a in p.tags if a.get("href")]
    missing = {h for h in hrefs if h is not None and h[1:] not in ids}
    assert not missing


# --------------------------------------------------------------------------
# doctests of the output modules


@pytest.mark.parametrize("module", [html_common, report_html, report_markdown])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


# --------------------------------------------------------------------------
# word alignment: labelled cases, including near-misses that must NOT be flagged

ALIGN_CASES = [
    # (label, reference, rendering, expected (op, kind) of the steps that differ)
    ("number changed", "joined 18 state attorneys general", "joined 19 state attorneys general",
     [("replace", "number")]),
    ("number word, same value: spelling, not a number change",
     "18 state attorneys general", "Eighteen state attorneys general",
     [("replace", "spelling")]),
    ("plural slip in a proper noun is spelling", "Immigration and Customs Enforcement",
     "Immigrations and Customs Enforcement", [("replace", "spelling")]),
    ("name changed", "said Attorney General Lynn Fitch", "said Attorney General Lynn Moody",
     [("replace", "name")]),
    ("negation dropped", "they are not welcome in Mississippi", "they are welcome in Mississippi",
     [("delete", "negation")]),
    ("negation added", "they are welcome", "they are never welcome", [("insert", "negation")]),
    ("omission marked with an ellipsis",
     "to seek illegal entry into the United States and ensuring these predators",
     "to seek illegal entry … and ensuring these predators",
     [("delete", "ellipsis")] * 4),
    ("insertion in brackets", "the letter argues that it could embolden predators",
     "the letter argues that [canceling Talon] could embolden predators",
     [("replace", "bracket"), ("insert", "bracket")]),
    ("truncated: words outside the rendering are not differences",
     "The cancellation of this program effectively broadcasts to the world",
     "this program effectively broadcasts", []),
    ("typography only: curly quotes, dashes, case", "Biden Administration’s cancellation — now",
     "biden administration's cancellation - now", []),
    ("date changed", "from October 2014 to May 2018", "from October 2014 to May 2019",
     [("replace", "date")]),
    ("other wording", "the letter states", "the letter said", [("replace", "wording")]),
    ("reordered text: the same number elsewhere is moved, not changed",
     "data from October 2014 to May 2018: ICE arrested 19,752",
     "ICE arrested 19,752 from October 2014 to May 2018",
     [("replace", "moved"), ("insert", "moved"), ("insert", "moved")]),
    ("a changed number next to the same number elsewhere is still a change",
     "18 states and 19 cases", "19 states and 19 cases", [("replace", "number")]),
]


@pytest.mark.parametrize(("label", "ref", "text", "expected"), ALIGN_CASES,
                         ids=[c[0] for c in ALIGN_CASES])
def test_align_words_cases(label: str, ref: str, text: str,
                           expected: list[tuple[str, str]]) -> None:
    steps = align_words(ref, text)
    got = [(s.op, s.kind) for s in steps if s.op not in ("equal", "outside")]
    assert got == expected, label
    # offsets index the rendering's own text exactly
    for s in steps:
        if s.start >= 0:
            assert text[s.start : s.end] == s.text


def test_align_uses_rendering_diffs_for_kind() -> None:
    hint = Diff("replace", "role", "Fitch", "Moody", 0, 5, 0, 5)
    steps = align_words("said Moody", "said Fitch", (hint,))
    assert [(s.op, s.kind) for s in steps] == [("equal", ""), ("replace", "role")]


def test_word_kind_near_misses() -> None:
    assert word_kind("18", "18") != "number"
    assert word_kind("19,752", "19752") == "spelling"
    assert word_kind("Operation", "operation") == "case"
    assert word_kind("", "not") == "negation"


# --------------------------------------------------------------------------
# the HTML report


@pytest.fixture(scope="module")
def seeds_page() -> str:
    return render_report_html(hand_report())


def test_page_is_self_contained_and_safe(seeds_page: str) -> None:
    assert seeds_page.startswith("<!DOCTYPE html>")
    assert_safe(seeds_page)
    assert_links_resolve(seeds_page)
    assert "http://" not in seeds_page and "https://" not in seeds_page


def test_every_cluster_and_rendering_is_shown(seeds_page: str) -> None:
    report = hand_report()
    p = inspect(seeds_page)
    for i, c in enumerate(report.clusters):
        anchor = report_html.cluster_anchor(i, c)
        assert anchor in p.ids
        for ri, _ in enumerate(c.renderings):
            # each rendering has an anchor in its document's text, linking back
            tag = [a for t, a in p.tags if t == "a" and a.get("id") == f"c{i + 1}-r{ri + 1}"]
            assert tag and tag[0]["href"] == f"#{anchor}"


def test_changed_number_is_marked_as_number(seeds_page: str) -> None:
    m = re.search(r'<mark class="k-num"[^>]*>(?:<span class="sr">[^<]*</span>)?19</mark>'
                  r'<span class="kl">number</span>', seeds_page)
    assert m, "the 19 of the conflicting rendering should be marked as a number change"
    # and the agreeing words around it are not marked
    assert '<mark class="k-num"' not in seeds_page.split('id="c1-q1"')[1].split('id="c2-q2"')[0]


def test_document_text_is_exact(seeds_page: str) -> None:
    report = hand_report()
    parser = _DocText()
    parser.feed(seeds_page)
    assert parser.texts == [d.text for d in report.documents]


def test_finding_links_point_at_the_offsets(seeds_page: str) -> None:
    report = hand_report()
    p = inspect(seeds_page)
    links = [a["href"] for t, a in p.tags if t == "a" and (a.get("href") or "").startswith("#f")]
    assert "#f1-l1" in links and "#f1" in links
    # the anchor f1-l1 sits right before the finding's first location in the doc text
    f = report.findings[0]
    loc = f.locations[0]
    doc = report.document(loc.doc)
    section = seeds_page.split(f'<h3 id="d{report.documents.index(doc) + 1}-h">')[1]
    before_tag = section.split('<a class="tag" id="f1-l1"')[0]
    plain = re.sub(r"<a class=\"tag\"[^>]*>[^<]*</a>", "", before_tag.split('class="doctext">')[1])
    import html as _html

    assert _html.unescape(re.sub(r"<[^>]+>", "", plain)) == doc.text[: loc.start]


def test_matrix_links_shared_clusters(seeds_page: str) -> None:
    matrix = seeds_page.split('id="matrix-h"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", matrix)
    row000 = next(r for r in rows if ">000_" in r.split("</th>")[0])
    assert 'href="#c1-q1"' in row000 and 'href="#c3-p1"' in row000
    row002 = next(r for r in rows if ">002_" in r.split("</th>")[0])
    assert 'href="#c4-p2"' in row002 and 'href="#c1-q1"' not in row002


def test_marks_are_labelled_not_only_coloured(seeds_page: str) -> None:
    assert "<del" in seeds_page or "<ins" in seeds_page
    body = seeds_page.split('id="legend"')[1].split("</ul>", 1)[1]
    for m in re.finditer(r"<mark class=\"k-[a-z]+\"[^>]*>(.*?</mark>.{0,40})", body):
        if 'class="doctext"' in body[: m.start()].rsplit("<section", 1)[-1]:
            continue
        assert 'class="kl"' in m.group(1) or 'class="sr"' in m.group(1)
    assert 'id="legend"' in seeds_page


def test_tables_are_semantic(seeds_page: str) -> None:
    p = inspect(seeds_page)
    ths = [a for t, a in p.tags if t == "th"]
    assert ths and all(a.get("scope") in ("col", "row") for a in ths)
    assert all(a.get("type") == "button" for t, a in p.tags if t == "button")


def test_hostile_text_is_inert() -> None:
    page = render_report_html(hostile_report())
    assert_safe(page)
    assert_links_resolve(page)
    assert "<script>alert" not in page and "<img" not in page and "<svg" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_empty_report() -> None:
    page = render_report_html(Report((Document("a", "a.txt", "nothing quoted"),), (), ()))
    assert_safe(page)
    assert "No findings." in page


def test_output_is_deterministic() -> None:
    assert render_report_html(hand_report()) == render_report_html(hand_report())


def test_offsets_out_of_range_do_not_break_the_page() -> None:
    d = Document("a", "a.txt", "short text")
    bad = Rendering("a", 5, 500, "text", "exact", 100.0)
    ghost = Rendering("zz", 0, 4, "text", "variant", 90.0)
    page = render_report_html(Report((d,), (Cluster("q", "quote", (bad, ghost)),),
                                     (Finding("input-error", "error", "x",
                                              (Location("zz", 0, 0, ""),)),)))
    assert_safe(page)
    assert_links_resolve(page)


# --------------------------------------------------------------------------
# the Markdown report


def test_markdown_report_shows_differences() -> None:
    md = render_report_markdown(hand_report())
    assert md.startswith("# xref report")
    assert "~~18~~ **19** _\\(number\\)_" in md
    assert "| Severity | Rule |" in md
    # GitHub-flavoured tables: every table row has the header's cell count
    for block in re.findall(r"((?:^\|.*\|$\n?)+)", md, flags=re.M):
        counts = {len(re.findall(r"(?<!\\)\|", line)) for line in block.strip().splitlines()}
        assert len(counts) == 1, block


def test_markdown_hostile_text_is_escaped() -> None:
    md = render_report_markdown(hostile_report())
    assert "<script" not in md and "<img" not in md and "<svg" not in md and "<a " not in md
    assert "](" not in md.replace("\\](", "").replace("\\]\\(", "")
    assert not re.search(r"(?<!\\)\[click", md)
    assert "\\| \\*\\* \\~\\~ \\@here \\$x\\$" in md


def test_md_escape_round_trip_keeps_the_words() -> None:
    raw = "a*b_c [d](e) <f> | g"
    esc = md_escape(raw)
    assert re.sub(r"\\(.)", r"\1", esc).replace("&lt;", "<").replace("&gt;", ">") == raw


def test_pipeline_report_renders_when_available() -> None:
    try:
        from xref.report import build_report
        report = build_report([str(SEEDS)])
    except ImportError as e:
        pytest.skip(f"the report pipeline is not complete yet: {e}")
    page = render_report_html(report)
    assert_safe(page)
    assert_links_resolve(page)
    parser = _DocText()
    parser.feed(page)
    assert parser.texts == [d.text for d in report.documents]
    md = render_report_markdown(report)
    assert md.startswith("# xref report")


# --------------------------------------------------------------------------
# the check reports (xref check --format html / markdown)

EXAMPLES = ROOT / "examples"


def example_run():  # type: ignore[no-untyped-def]
    """The real check of the example notes against the seeds."""
    from xref.checker import check
    from xref.config import load_config

    return check([EXAMPLES / "notes"], config=load_config(ROOT), sources=SEEDS,
                 manifest=EXAMPLES / "sources.toml")


def hostile_check_results():  # type: ignore[no-untyped-def]
    """Check results with hostile text in every field that reaches the page."""
    from xref.checker import CheckResult

    src = Document("evil", "evil.txt", f"Before. “{HOSTILE} 18 votes” after.")
    s = src.text.index(HOSTILE)
    loc = Location.of(src, s, s + len(HOSTILE) + len(" 18 votes"))
    common = dict(end_line=1, end_column=9, severity="error", cited=(HOSTILE,),
                  evidence=(Evidence(HOSTILE, HOSTILE, a=HOSTILE, b=HOSTILE),))
    return [
        CheckResult(file=HOSTILE, line=1, column=2, kind="quote", quote=f"{HOSTILE} 19 votes",
                    verdict="conflict", message=HOSTILE, source=loc, speaker=HOSTILE,
                    source_speaker=HOSTILE, found_in=("evil",),
                    diffs=(Diff("replace", "number", "19", "18", 0, 2, 0, 2),),
                    **common),  # type: ignore[arg-type]
        CheckResult(file=HOSTILE, line=2, column=1, kind="number", quote=HOSTILE,
                    verdict="conflict", message=HOSTILE, source=loc, source_number=HOSTILE,
                    diffs=(Diff("replace", "number", HOSTILE, HOSTILE, 0, 3, 0, 3),),
                    **common),  # type: ignore[arg-type]
        CheckResult(file="n.md", line=3, column=1, kind="problem", quote=HOSTILE,
                    verdict=HOSTILE, message=HOSTILE, suppressed=HOSTILE,
                    justification=HOSTILE, **common),  # type: ignore[arg-type]
    ]


@pytest.fixture(scope="module")
def check_run():  # type: ignore[no-untyped-def]
    try:
        return example_run()
    except ImportError as e:  # pragma: no cover - the checker is another engineer's
        pytest.skip(f"xref check is not available yet: {e}")


def test_check_html_counts_and_groups(check_run) -> None:  # type: ignore[no-untyped-def]
    from xref.output.check_html import is_correct, render_check_html

    page = render_check_html(check_run)
    assert_safe(page)
    assert_links_resolve(page)
    results = [r for r in check_run.results if not r.suppressed]
    correct = sum(1 for r in results if is_correct(r))
    incorrect = sum(1 for r in results if r.kind != "problem" and not is_correct(r))
    assert correct and incorrect
    summary = page.split('id="summary-h"')[1].split("</ul>")[0]
    assert f"<b>{correct}</b> correct" in summary
    assert f"<b>{incorrect}</b> incorrect" in summary
    # one section per note file, in order
    files = re.findall(r'<section class="qfile" id="[^"]+" aria-labelledby="[^"]+">'
                       r'<h2 id="[^"]+">([^<]+)</h2>', page)
    assert files == list(check_run.files)


def test_check_html_marks_both_sides(check_run) -> None:  # type: ignore[no-untyped-def]
    from xref.output.check_html import render_check_html

    page = render_check_html(check_run)
    item = next(r for r in check_run.results if "19,572" in r.quote)
    k = check_run.results.index(item) + 1
    box = page.split(f'id="r{k}"')[1].split("</article>")[0]
    note, source = box.split("The source:")
    assert re.search(r'<mark class="k-num"[^>]*>19,572', note)
    assert re.search(r'<mark class="k-num"[^>]*>19,752', source)
    # the dropped "not": a caret on the note's side, struck on the source's
    neg = next(r for r in check_run.results if r.quote.startswith("Sexual predators are welcome"))
    k = check_run.results.index(neg) + 1
    box = page.split(f'id="r{k}"')[1].split("</article>")[0]
    note, source = box.split("The source:")
    assert 'class="k-neg gap"' in note
    assert re.search(r'<del class="k-neg"[^>]*>not', source)


def test_check_html_hostile() -> None:
    from xref.output.check_html import render_check_html

    page = render_check_html(hostile_check_results())
    assert_safe(page)
    assert_links_resolve(page)
    assert "<script>alert" not in page and "<img" not in page and "<svg" not in page


def test_check_markdown(check_run) -> None:  # type: ignore[no-untyped-def]
    from xref.output.check_markdown import render_check_markdown

    md = render_check_markdown(check_run)
    assert md.startswith("# xref check")
    assert "arrested ~~19,752~~ **19,572** _\\(number\\)_" in md
    assert "~~not~~ _\\(negation\\)_" in md
    for f in check_run.files:
        assert f"## {md_escape(f)}" in md
    for block in re.findall(r"((?:^\|.*\|$\n?)+)", md, flags=re.M):
        counts = {len(re.findall(r"(?<!\\)\|", line)) for line in block.strip().splitlines()}
        assert len(counts) == 1, block


def test_check_markdown_hostile() -> None:
    from xref.output.check_markdown import render_check_markdown

    md = render_check_markdown(hostile_check_results())
    assert "<script" not in md and "<img" not in md and "<svg" not in md and "<a " not in md
    assert not re.search(r"(?<!\\)\[click", md)
    html_tags = set(re.findall(r"</?([a-z]+)", md))
    assert html_tags <= {"details", "summary"}


def test_large_corpus_lists_pairs_instead_of_a_matrix() -> None:
    docs = tuple(Document(f"d{i:02d}", f"d{i:02d}.txt", f"“shared words here” number {i}")
                 for i in range(30))
    rend = tuple(Rendering(d.id, 1, 18, "shared words here", "exact", 100.0) for d in docs)
    page = render_report_html(Report(docs, (Cluster("q1", "quote", rend),), ()))
    assert_safe(page)
    assert_links_resolve(page)
    matrix = page.split('id="matrix-h"')[1].split("</section>")[0]
    assert "Pairs of documents" in matrix
    assert matrix.count("<tr>") == 1 + report_html.MAX_PAIRS
