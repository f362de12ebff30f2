"""Small timings the README quotes: reading each source format, extracting
quotations, rendering the reports, checking the example notes; with
``--corpus DIR`` (a folder of bench/generate.py documents), also processing
one document and building, saving and loading the index of the folder.

    python bench/micro.py [--corpus /tmp/xref-bench/docs10000/corpus]

Each figure is the mean of several runs on one core, after one warm-up run
(so the first import of an optional reader is not counted).  Prints a
Markdown table.
"""

from __future__ import annotations

import io
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_e1a3f1ace85cd228.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def timed(fn: Callable[[], object], runs: int = 5) -> float:
    """Mean seconds of ``fn`` over ``runs`` runs, after one warm-up run."""
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.mean(times)


def _paragraphs() -> list[str]:
    return [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def _pdf(paras: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if FONT.exists():
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=11)
    else:
        pdf.set_font("Helvetica", size=11)
        paras = [p.replace("’", "'").replace("“", '"').replace("”", '"') for p in paras]
    half = len(paras) // 2
    for page in (paras[:half], paras[half:]):
        pdf.add_page()
        for p in page:
            pdf.multi_cell(0, 6, p)
            pdf.ln(4)
    return bytes(pdf.output())


def _docx(paras: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paras:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _html(paras: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paras)
    page = (
        "<!doctype html><html><head><title>Fitch joins coalition</title>"
        '<meta property="article:published_time" content="2021-02-18"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Fitch joins coalition</h1>{body}</article>"
        "<footer>Copyright 2021. All rights reserved.</footer></body></html>"
    )
    return page.encode("utf-8")


def corpus_rows(folder: Path) -> list[tuple[str, str]]:
    """Per-document processing and the index, on the documents of ``folder``."""
    import tracemalloc

    from xref.cache import process
    from xref.index import CorpusIndex, PackedTokens
    from xref.load import load

    docs = load([folder]).documents
    files = sorted(folder.iterdir())[:300]
    data = [(f.read_bytes(), str(f)) for f in files]
    per_doc = timed(lambda: [process(b, p, ".txt") for b, p in data], runs=2) / len(data)
    tokens = {d.id: PackedTokens.of_document(d) for d in docs}
    n_words = sum(len(t) for t in tokens.values())

    def build() -> CorpusIndex:
        idx = CorpusIndex()
        for d in docs:
            idx.add(d, tokens=tokens[d.id])
        idx.candidates("warm up")  # merges the pending documents
        return idx

    tracemalloc.start()
    idx = build()
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    rows = [
        ("process one document (read, quotations, tokens, units)",
         f"{per_doc * 1000:.1f} ms"),
        (f"CorpusIndex build, {len(docs):,} documents, {n_words / 1e6:.1f} M words",
         f"{timed(build, runs=2):.1f} s, {held / 1e6:.0f} MB held"),
        ("CorpusIndex.build_shared, same",
         f"{timed(lambda: CorpusIndex.build_shared(docs, tokens), runs=2):.1f} s"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.xri"
        rows.append(("save the index", f"{timed(lambda: idx.save(path), runs=2):.2f} s, "
                                       f"{path.stat().st_size / 1e6:.0f} MB file"))
        rows.append(("load it (memory-mapped, CRCs checked)",
                     f"{timed(lambda: CorpusIndex.load(path), runs=3):.3f} s"))
    return rows


def main() -> None:
    from xref.checker import CheckRun, check
    from xref.config import load_config
    from xref.extract import extract_quotes
    from xref.load import load_text
    from xref.output.check_html import render_check_html
    from xref.output.report_html import render_report_html
    from xref.output.report_markdown import render_report_markdown
    from xref.readers import read_file
    from xref.report import build_report

    paras = _paragraphs()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "seeds/000 as UTF-8 text": ("a.txt", SEED.read_bytes()),
            "the same in cp1252": ("b.txt", SEED.read_text(encoding="utf-8").encode("cp1252")),
            "HTML page with navigation and footer": ("c.html", _html(paras)),
            "2-page PDF": ("d.pdf", _pdf(paras)),
            "DOCX": ("e.docx", _docx(paras)),
        }
        for label, (name, data) in files.items():
            path = Path(tmp) / name
            path.write_bytes(data)
            rows.append((f"read {label}", f"{timed(lambda p=path: read_file(p)) * 1000:.2f} ms"))

    big = load_text(SEED.read_text(encoding="utf-8") * 100, "big")
    secs = timed(lambda: extract_quotes(big), runs=3)
    rows.append(("extract quotations, seeds/000 × 100", f"{len(big.text) / secs / 1e6:.1f} MB/s"))

    report = build_report([ROOT / "seeds"])
    rows.append(("xref report of the seeds (API, no cache)",
                 f"{timed(lambda: build_report([ROOT / 'seeds']), runs=3):.2f} s"))
    rows.append(("render_report_html, seeds", f"{timed(lambda: render_report_html(report)):.3f} s"))
    rows.append(("render_report_markdown, seeds",
                 f"{timed(lambda: render_report_markdown(report)):.3f} s"))
    config = load_config(ROOT)

    def check_examples() -> CheckRun:
        return check([ROOT / "examples" / "notes"], config=config, sources=ROOT / "seeds")

    run = check_examples()
    rows.append(("xref check of the example notes (API, no cache)",
                 f"{timed(check_examples, runs=3):.2f} s"))
    rows.append(("render_check_html, example notes",
                 f"{timed(lambda: render_check_html(run)):.3f} s"))

    if "--corpus" in sys.argv:
        rows.extend(corpus_rows(Path(sys.argv[sys.argv.index("--corpus") + 1])))
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print("| what | time |\n|---|---|")
    for what, t in rows:
        print(f"| {what} | {t} |")


if __name__ == "__main__":
    main()
