"""The checks' per-document facts: their storage form gives back exactly
what was stored, a report keeps them in the cache, and a warm run reads them
instead of finding every number, name and date again — with the same
findings, and a damaged entry computed again."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import xref.checks.context as context_mod
from xref.cache import DB_NAME
from xref.checks.context import Context
from xref.checks.facts import VERSION, DocFacts, dumps, loads
from xref.cli import main
from xref.load import load, load_text

ROOT = Path(__file__).resolve().parent.parent

TRICKY = (
    "date 2021-02-19\n\n"
    "More than 300 officers made at least 4,829 arrests, an average of 753 a day; "
    "77.5 percent (4,601 out of 5,939) were convicted. Costs rose to $1.2 billion, "
    "and infinitely many forms were filed on Thursday, last month and March 14, 2020. "
    "Attorney General Lynn Fitch's office and the O'Neill-Smith Group joined 18 states."
)


def _facts_of(folder: Path) -> list[tuple[str, DocFacts]]:
    docs = [*load([folder]).documents, load_text(TRICKY, "tricky", "tricky.txt")]
    ctx = Context(tuple(docs))
    return [(d.id, ctx.facts(d)) for d in docs]


def test_storage_form_gives_back_exactly_the_facts(seeds_dir: Path) -> None:
    every = _facts_of(seeds_dir)
    assert sum(len(f.numbers) + len(f.names) + len(f.dates) for _, f in every) > 300
    assert any(f.quantities for _, f in every)
    for doc_id, f in every:
        back = loads(dumps(f))
        assert back == f, doc_id
        # a quantity's number is one of the document's numbers, not a copy
        for q in back.quantities:
            assert any(q.number is n for n in back.numbers) or q.number not in f.numbers


@pytest.mark.parametrize(
    "damaged",
    ["", "[]", '{"v": 99}', "not json", f'{{"v": {VERSION}}}',
     f'{{"v": {VERSION}, "numbers": [[1]]}}',
     f'{{"v": {VERSION}, "numbers": [], "quantities": [], "names": [[1, 2]]}}'],
)
def test_damaged_storage_form_is_a_value_error(damaged: str) -> None:
    with pytest.raises(ValueError):
        loads(damaged)


def _report(corpus: Path, out: Path, *extra: str) -> bytes:
    assert main(["report", str(corpus), "--format", "json", "-o", str(out),
                 "--fail-on", "never", "--jobs", "1", *extra]) == 0
    return out.read_bytes()


def test_a_warm_report_reads_the_facts_from_the_cache(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    cache = tmp_path / "cache"
    plain = _report(corpus, tmp_path / "plain.json", "--no-cache")
    cold = _report(corpus, tmp_path / "cold.json", "--cache-dir", str(cache))
    with sqlite3.connect(cache / DB_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0] == len(
            list(corpus.glob("*.txt"))
        )

    def no(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm report found facts again")

    with monkeypatch.context() as m:
        for name in ("find_numbers", "find_names", "find_dates", "find_quantities"):
            m.setattr(context_mod, name, no)
        warm = _report(corpus, tmp_path / "warm.json", "--cache-dir", str(cache))
    assert plain == cold == warm


def test_damaged_or_missing_facts_are_found_again(
    seeds_dir: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    cache = tmp_path / "cache"
    cold = _report(corpus, tmp_path / "cold.json", "--cache-dir", str(cache))
    with sqlite3.connect(cache / DB_NAME) as conn:
        keys = [k for (k,) in conn.execute("SELECT key FROM facts ORDER BY key")]
        conn.execute("UPDATE facts SET data = '{\"v\": 2}' WHERE key = ?", (keys[0],))
        conn.execute("DELETE FROM facts WHERE key = ?", (keys[1],))
    again = _report(corpus, tmp_path / "again.json", "--cache-dir", str(cache))
    assert again == cold
    with sqlite3.connect(cache / DB_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0] == len(keys)
        loads(conn.execute("SELECT data FROM facts WHERE key = ?", (keys[1],)).fetchone()[0])


def test_an_edited_source_gets_new_facts(seeds_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    cache = tmp_path / "cache"
    _report(corpus, tmp_path / "cold.json", "--cache-dir", str(cache))
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("18", "21"), encoding="utf-8")
    warm = _report(corpus, tmp_path / "warm.json", "--cache-dir", str(cache))
    plain = _report(corpus, tmp_path / "plain.json", "--no-cache")
    assert warm == plain


def test_facts_read_with_the_documents_are_the_checks_facts(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """A report reads each new document's facts in the pass that reads the
    document (on the loading workers), and keeps them in the cache there;
    they are the facts the checks would find."""
    from xref.cache import load_corpus
    from xref.checks.context import document_anchors, document_facts

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "tricky.txt").write_text(TRICKY, encoding="utf-8")
    cache = tmp_path / "cache"
    read = load_corpus([corpus], cache_dir=cache, jobs=2, facts=True)
    ctx = Context(read.documents)
    assert sorted(read.facts) == sorted(d.id for d in read.documents)
    for doc in read.documents:
        f = loads(read.facts[doc.id])
        assert f == ctx.facts(doc) == document_facts(doc), doc.id
        # anchors from the name columns are those from the mention objects
        assert document_anchors(doc, f.names, f.numbers, f.dates) == document_anchors(
            doc, f.names.mentions(doc.text), f.numbers, f.dates
        )
    with sqlite3.connect(cache / DB_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0] == len(read.documents)
    again = load_corpus([corpus], cache_dir=cache, jobs=1, facts=True)
    assert again.facts == {}  # nothing read again: the checks take them from the cache
    store = again.fact_store()
    assert store is not None
    assert {d: dumps(f) for d, f in store.get(sorted(read.facts)).items()} == dict(read.facts)
    plain = load_corpus([corpus], use_cache=False, jobs=1)
    assert plain.facts == {} and plain.fact_store() is None
    # the facts read with the documents are handed over once, then dropped
    stored = dict(read.facts)
    source = read.fact_store()
    assert source is not None
    assert {d: dumps(f) for d, f in source.get(sorted(stored)).items()} == stored
    assert read.facts == {}
    assert {d: dumps(f) for d, f in source.get(sorted(stored)).items()} == stored  # the cache's
    alone = load_corpus([corpus], use_cache=False, jobs=1, facts=True)
    source = alone.fact_store()
    assert source is not None and len(source.get(sorted(stored))) == len(stored)
    assert source.get(sorted(stored)) == {}  # no cache: given once


def test_a_report_is_the_same_with_facts_read_early_or_late(
    seeds_dir: Path, tmp_path: Path
) -> None:
    from xref.output.report_json import render_report_json
    from xref.report import build_report, report_documents

    early = build_report([seeds_dir], jobs=1)  # facts read with the documents
    late = report_documents(load([seeds_dir]).documents)  # facts read by the checks
    assert render_report_json(early) == render_report_json(late)
    assert early.findings
