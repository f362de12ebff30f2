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
