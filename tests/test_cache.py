"""The persistent cache: nothing unchanged is read twice, edits are picked up
alone, a damaged or foreign cache is rebuilt with a notice, concurrent and
killed runs leave it usable, and results never depend on it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import xref.cache as cache_mod
from xref.cache import DB_NAME, Cache, load_corpus
from xref.cli import main
from xref.cluster import units_of
from xref.extract import extract_quotes
from xref.index import PackedTokens, index_tokens
from xref.load import load

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    """A copy of the seeds (so tests may edit it), plus one unreadable file."""
    d = tmp_path / "corpus"
    shutil.copytree(seeds_dir, d)
    return d


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths :func:`xref.cache.process` is called for (in this process)."""
    calls: list[str] = []
    real = cache_mod.process

    def spy(
        data: bytes, path: str, suffix: str, doc_id: str = "doc", *, units: bool = True,
        facts: bool = False,
    ) -> cache_mod.Processed:
        calls.append(Path(path).name)
        return real(data, path, suffix, doc_id, units=units, facts=facts)

    monkeypatch.setattr(cache_mod, "process", spy)
    return calls


def _same_as_plain_load(c: cache_mod.Corpus, folder: Path, *, units: bool = True) -> None:
    plain = load([folder])
    assert c.documents == plain.documents
    assert c.problems == plain.problems
    for d in plain.documents:
        ex = extract_quotes(d)
        assert c.quotes[d.id] == ex.quotes
        assert c.findings[d.id] == ex.findings
        assert c.tokens[d.id].unpack() == index_tokens(d)
        if units:
            assert c.units(d) == units_of(d, ex.quotes)  # every Unit field survives the cache


def test_second_run_reads_nothing_unchanged(corpus: Path, tmp_path: Path,
                                            counted: list[str]) -> None:
    cdir = tmp_path / "cache"
    first = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert len(counted) == 5 and first.stats.misses == 5 and first.stats.hits == 0
    counted.clear()
    second = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert counted == []
    assert second.stats.hits == 5 and second.stats.misses == 0
    assert second.stats.files_read == 0  # size and mtime matched: not even opened
    _same_as_plain_load(second, corpus)


def test_one_edited_file_is_reindexed_alone(corpus: Path, tmp_path: Path,
                                            counted: list[str]) -> None:
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    counted.clear()
    target = sorted(corpus.iterdir())[2]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("ICE", "I.C.E.", 1), encoding="utf-8")
    again = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert counted == [target.name]
    assert again.stats.hits == 4 and again.stats.misses == 1
    _same_as_plain_load(again, corpus)
    doc = next(d for d in again.documents if d.path == str(target))
    assert "I.C.E." in doc.text


def test_touched_but_unchanged_file_is_hashed_not_reprocessed(
    corpus: Path, tmp_path: Path, counted: list[str]
) -> None:
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    counted.clear()
    target = sorted(corpus.iterdir())[0]
    st = target.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    again = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert counted == []
    assert again.stats.files_read == 1 and again.stats.hits == 5


def test_same_content_under_two_names_shares_an_entry(corpus: Path, tmp_path: Path,
                                                      counted: list[str]) -> None:
    first = sorted(corpus.iterdir())[0]
    shutil.copy(first, corpus / "copy_of_first.txt")
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    counted.clear()
    c = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert counted == []
    ids = {d.id for d in c.documents}
    assert "copy_of_first" in ids and first.stem in ids
    # the quotes are stamped with the id each file has in this run
    assert all(q.doc == "copy_of_first" for q in c.quotes["copy_of_first"])


def test_corrupt_cache_file_is_rebuilt_with_a_notice(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    (cdir / DB_NAME).write_bytes(b"this is not a database\x00" * 200)
    for extra in ("-wal", "-shm"):
        (cdir / (DB_NAME + extra)).unlink(missing_ok=True)
    capsys.readouterr()
    c = load_corpus([corpus], cache_dir=cdir, jobs=1)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "rebuilding" in err and "xref:" in err
    assert c.stats.rebuilt and c.stats.misses == 5
    _same_as_plain_load(c, corpus)
    # and the rebuilt cache works
    again = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert again.stats.hits == 5 and not again.stats.rebuilt
    assert capsys.readouterr().err == ""


def _hold_exclusive(db: Path) -> sqlite3.Connection:
    """A connection that keeps every other one out of ``db`` until closed."""
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT OR REPLACE INTO meta VALUES ('held', '1')")
    return holder


def test_cache_held_by_another_run_is_waited_for_not_rebuilt(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import threading

    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    holder = _hold_exclusive(cdir / DB_NAME)
    timer = threading.Timer(0.5, holder.close)
    timer.start()
    capsys.readouterr()
    try:
        c = load_corpus([corpus], cache_dir=cdir, jobs=1)
    finally:
        timer.join()
    assert capsys.readouterr().err == ""
    assert not c.stats.rebuilt and c.stats.hits == 5


def test_cache_busy_for_too_long_is_a_clear_error_and_kept(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    monkeypatch.setattr(cache_mod, "BUSY_TIMEOUT", 0.3)
    holder = _hold_exclusive(cdir / DB_NAME)
    try:
        capsys.readouterr()
        assert main(["report", str(corpus), "--cache-dir", str(cdir)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "cache is busy" in err and "--no-cache" in err
    finally:
        holder.close()
    monkeypatch.undo()
    # nothing was discarded: the next run finds every entry
    again = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert again.stats.hits == 5 and not again.stats.rebuilt


def test_a_lock_while_opening_is_tried_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # switching a new database to WAL answers "database is locked" at once
    # while another run creates it: that is waited out, never "rebuilt"
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    real = cache_mod._connect
    calls: list[int] = []

    def flaky(db: Path) -> tuple[sqlite3.Connection, str]:
        calls.append(1)
        if len(calls) <= 2:
            raise sqlite3.OperationalError("database is locked")
        return real(db)

    monkeypatch.setattr(cache_mod, "_connect", flaky)
    capsys.readouterr()
    c = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert capsys.readouterr().err == ""
    assert len(calls) == 3 and c.stats.hits == 5 and not c.stats.rebuilt


@pytest.mark.parametrize(
    ("sql", "why"),
    [
        ("UPDATE meta SET value = '999' WHERE key = 'schema'", "format 999"),
        ("UPDATE meta SET value = 'other' WHERE key = 'code'", "another version"),
    ],
)
def test_other_format_or_version_is_rebuilt_with_a_notice(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], sql: str, why: str
) -> None:
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    with sqlite3.connect(cdir / DB_NAME) as conn:
        conn.execute(sql)
    capsys.readouterr()
    c = load_corpus([corpus], cache_dir=cdir, jobs=1)
    err = capsys.readouterr().err
    assert why in err and err.count("\n") == 1
    assert c.stats.rebuilt and c.stats.misses == 5 and c.stats.hits == 0


@pytest.mark.parametrize(
    "sql",
    ["UPDATE meta SET value = '999' WHERE key = 'schema'",
     "UPDATE meta SET value = 'other' WHERE key = 'code'"],
)
def test_facts_of_another_version_are_not_read(corpus: Path, tmp_path: Path, sql: str) -> None:
    """The checks' facts were found by the code that wrote them: under
    another version of xref, or another cache format, they are dropped with
    the rest, not read back."""
    from xref.checks.facts import VERSION

    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    with sqlite3.connect(cdir / DB_NAME) as conn:
        conn.execute("INSERT INTO facts VALUES ('k', ?)", (f'{{"v": {VERSION}}}',))
        conn.execute(sql)
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    with sqlite3.connect(cdir / DB_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0] == 0


def test_damaged_row_is_recomputed(corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    with sqlite3.connect(cdir / DB_NAME) as conn:
        conn.execute("UPDATE docs SET quotes = '[[1, 2' WHERE rowid = 1")
    counted.clear()
    c = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert len(counted) == 1 and c.stats.hits == 4
    _same_as_plain_load(c, corpus)


def test_killed_run_leaves_a_usable_cache(corpus: Path, tmp_path: Path) -> None:
    """A run killed in the middle of a write transaction (SIGKILL) loses that
    write only; the next run finds the last committed state."""
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1)
    script = (
        "import os, signal, sys\n"
        "from xref.cache import Cache\n"
        "c = Cache.open(sys.argv[1])\n"
        "c.conn.execute('BEGIN IMMEDIATE')\n"
        "c.conn.execute('DELETE FROM docs')\n"
        "c.conn.execute(\"INSERT INTO docs VALUES \"\n"
        "               \"('k','t','{}',0,'[]','[]','[]','',x'',x'','','[]',x'')\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", script, str(cdir)], env=env, timeout=60)
    assert proc.returncode == -signal.SIGKILL  # killed inside the transaction
    c = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert c.stats.hits == 5 and not c.stats.rebuilt
    _same_as_plain_load(c, corpus)


@pytest.mark.parametrize("jobs", [1, 2])
def test_entries_are_stored_in_batches_while_reading(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """New entries are written a batch at a time as the workers hand them
    in: a run stopped after the first batch leaves those entries found by
    the next run (by content: the files' records are written last)."""
    cdir = tmp_path / "cache"
    monkeypatch.setattr(cache_mod, "_PUT_BATCH", 2)
    real_put = Cache.put
    puts: list[tuple[int, int]] = []

    def put(self: Cache, entries: dict[str, cache_mod.Processed],
            files: dict[str, tuple[int, int, str]]) -> None:
        puts.append((len(entries), len(files)))
        real_put(self, entries, files)
        if len(puts) == 2:
            raise KeyboardInterrupt  # the run stops here

    monkeypatch.setattr(Cache, "put", put)
    with pytest.raises(KeyboardInterrupt):
        load_corpus([corpus], cache_dir=cdir, jobs=jobs)
    assert puts == [(2, 0), (2, 0)]
    monkeypatch.setattr(Cache, "put", real_put)
    again = load_corpus([corpus], cache_dir=cdir, jobs=jobs)
    # four entries were stored; the files were hashed (no records yet) and
    # only the fifth was processed again
    assert again.stats.hits == 4 and again.stats.misses == 1
    _same_as_plain_load(again, corpus)
    third = load_corpus([corpus], cache_dir=cdir, jobs=jobs)
    assert third.stats.hits == 5 and third.stats.files_read == 0


_RUN = (
    "import json, sys\n"
    "from xref.cache import load_corpus\n"
    "c = load_corpus([sys.argv[1]], cache_dir=sys.argv[2], jobs=1)\n"
    "print(json.dumps({d.id: [len(d.text), len(c.quotes[d.id]), len(c.tokens[d.id])]"
    " for d in c.documents}, sort_keys=True))\n"
)


def test_two_concurrent_runs_both_succeed(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.generate import generate
    finally:
        sys.path.remove(str(ROOT))
    generate(tmp_path / "gen", docs=40, quotes=4, doc_bytes=1500, seed=3)
    folder = tmp_path / "gen" / "corpus"
    cdir = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RUN, str(folder), str(cdir)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in outs]
    assert outs[0][0] == outs[1][0]
    assert [e for _, e in outs] == ["", ""]
    # a third run (a process too: same code as the two) finds everything cached
    third = subprocess.run(
        [sys.executable, "-c", _RUN + "print(c.stats.hits)\n", str(folder), str(cdir)],
        capture_output=True, env=env, text=True, timeout=120,
    )
    assert third.returncode == 0, third.stderr
    listing, hits = third.stdout.splitlines()
    assert hits == "40"
    assert json.loads(listing) == json.loads(outs[0][0])


def test_unreadable_file_is_a_finding_and_not_cached(corpus: Path, tmp_path: Path) -> None:
    (corpus / "zz_empty.txt").write_bytes(b"")
    cdir = tmp_path / "cache"
    first = load_corpus([corpus], cache_dir=cdir, jobs=1)
    second = load_corpus([corpus], cache_dir=cdir, jobs=1)
    plain = load([corpus])
    for c in (first, second):
        assert c.problems == plain.problems
        assert [p.rule for p in c.problems] == ["input-error"]
    assert second.stats.misses == 1  # the bad file is tried again, not remembered


def test_parallel_loading_is_the_same(corpus: Path) -> None:
    one = load_corpus([corpus], use_cache=False, jobs=1)
    two = load_corpus([corpus], use_cache=False, jobs=2)
    assert one.documents == two.documents
    assert one.quotes == two.quotes and one.tokens == two.tokens
    assert all(isinstance(t, PackedTokens) for t in one.tokens.values())


def test_cache_directory_is_marked_and_ignored_by_git(corpus: Path, tmp_path: Path) -> None:
    cdir = tmp_path / "deep" / "cache"
    with Cache.open(cdir):
        pass
    assert (cdir / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    assert (cdir / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f59")


def test_cache_directory_that_cannot_be_made_is_a_user_error(tmp_path: Path,
                                                             corpus: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code = main(["report", str(corpus), "--cache-dir", str(blocker / "sub"), "-o",
                 str(tmp_path / "out.txt")])
    assert code == 2


def test_report_with_and_without_cache_is_identical(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outs = []
    for extra in (["--no-cache"], [], [], ["--cache-dir", str(tmp_path / "c2")]):
        out = tmp_path / f"r{len(outs)}.json"
        assert main(["report", str(corpus), "--format", "json", "-o", str(out),
                     "--fail-on", "never", "--jobs", "1", *extra]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2] == outs[3]
    assert (tmp_path / ".xref_cache" / DB_NAME).exists()  # the default place
    assert (tmp_path / "c2" / DB_NAME).exists()


def test_no_cache_writes_nothing(corpus: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "r.json"
    assert main(["report", str(corpus), "--format", "json", "-o", str(out), "--no-cache",
                 "--fail-on", "never", "--jobs", "1"]) == 0
    assert not (tmp_path / ".xref_cache").exists()


def test_report_from_the_corpus_equals_report_from_documents(corpus: Path, tmp_path: Path
                                                             ) -> None:
    """Units, quotes and tokens taken from the cache give the report that
    computing them afresh gives."""
    from xref.output.report_json import render_report_json
    from xref.report import build_report, report_documents

    cached = build_report([corpus], jobs=1, cache_dir=tmp_path / "c")
    again = build_report([corpus], jobs=1, cache_dir=tmp_path / "c")
    plain = load([corpus])
    fresh = report_documents(plain.documents, problems=plain.problems)
    assert render_report_json(cached) == render_report_json(fresh) == render_report_json(again)


def test_only_an_owned_corpus_gives_up_its_unit_rows(corpus: Path, tmp_path: Path) -> None:
    """``report_documents`` leaves a caller's corpus as it was (it may be
    reported again); with ``owned=True`` (build_report's own corpus) the unit
    rows go once the units are made, and the report is the same."""
    from xref.output.report_json import render_report_json
    from xref.report import report_documents

    c = load_corpus([corpus], cache_dir=tmp_path / "c", use_cache=True, jobs=1)
    rows = {k: list(v) for k, v in c.unit_rows.items()}
    assert rows
    kept = report_documents(c.documents, problems=c.problems, corpus=c)
    assert {k: list(v) for k, v in c.unit_rows.items()} == rows
    again = report_documents(c.documents, problems=c.problems, corpus=c)
    given = report_documents(c.documents, problems=c.problems, corpus=c, owned=True)
    assert not c.unit_rows
    assert render_report_json(kept) == render_report_json(again) == render_report_json(given)


def test_check_reads_sources_through_the_cache(tmp_path: Path, counted: list[str]) -> None:
    """``xref check --cache-dir``: the second run takes every source from the
    cache and reports exactly what the first (and an uncached run) reported."""
    notes = ROOT / "examples" / "notes"
    if not notes.is_dir():
        pytest.skip("no example notes in this checkout")
    outs = []
    for extra in (["--cache-dir", str(tmp_path / "c")], ["--cache-dir", str(tmp_path / "c")],
                  ["--no-cache"]):
        out = tmp_path / f"check{len(outs)}.json"
        code = main(["check", str(notes), "--sources", str(ROOT / "seeds"), "--format", "json",
                     "-o", str(out), "--jobs", "1", *extra])
        assert code in (0, 1)
        outs.append(out.read_text(encoding="utf-8"))
        if len(outs) == 1:
            assert len(counted) == 5
        if len(outs) == 2:
            assert len(counted) == 5  # the second run processed nothing
    assert outs[0] == outs[1] == outs[2]


def test_lazy_corpus_reads_rows_when_asked(corpus: Path, tmp_path: Path,
                                           counted: list[str]) -> None:
    """``lazy`` (xref check): cached documents come with their text; quotes,
    findings and tokens are read from the cache when asked for, and equal
    what the eager load gives."""
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1, lazy=True)
    assert len(counted) == 5
    counted.clear()
    lazy = load_corpus([corpus], cache_dir=cdir, jobs=1, lazy=True)
    assert counted == [] and lazy.stats.hits == 5
    assert isinstance(lazy.quotes, cache_mod.Column)
    assert dict(lazy.quotes._known) == {}  # nothing decoded yet
    _same_as_plain_load(lazy, corpus, units=False)  # read row by row, on demand
    assert lazy.quotes.get("no-such-document") is None


def test_report_after_a_lazy_run_makes_the_units(corpus: Path, tmp_path: Path,
                                                 counted: list[str]) -> None:
    """A check run caches no clustering units; the report that follows
    processes those files again, once, and gets every unit right."""
    cdir = tmp_path / "cache"
    load_corpus([corpus], cache_dir=cdir, jobs=1, lazy=True)
    counted.clear()
    full = load_corpus([corpus], cache_dir=cdir, jobs=1)
    assert len(counted) == 5  # rows without units are made again
    _same_as_plain_load(full, corpus)
    counted.clear()
    assert load_corpus([corpus], cache_dir=cdir, jobs=1).stats.misses == 0
    assert counted == []


def test_index_is_kept_in_the_cache(corpus: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The index of a check run is saved under the cache and memory-mapped by
    the next run over the same sources; a damaged file is rebuilt with a
    notice; an edited source gets a new index that finds its new words."""
    from xref.index import CorpusIndex

    cdir = tmp_path / "cache"
    c = load_corpus([corpus], cache_dir=cdir, jobs=1, lazy=True)
    first = cache_mod.corpus_index(c.documents, c)
    files = sorted((cdir / "index").glob("*.xri"))
    assert len(files) == 1
    query = "Eighteen attorneys general"
    want = first.candidates(query)
    assert want

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the index was built again")

    with monkeypatch.context() as m:
        m.setattr(CorpusIndex, "add", no_build)
        again = load_corpus([corpus], cache_dir=cdir, jobs=1, lazy=True)
        assert cache_mod.corpus_index(again.documents, again).candidates(query) == want
    files[0].write_bytes(files[0].read_bytes()[:-100])  # a killed writer, a bad disk
    again = load_corpus([corpus], cache_dir=cdir, jobs=1, lazy=True)
    assert cache_mod.corpus_index(again.documents, again).candidates(query) == want
    assert "unusable" in capsys.readouterr().err
    doc = sorted(corpus.glob("*.txt"))[0]
    doc.write_text(doc.read_text(encoding="utf-8") + "\nThe quartermaster sold zebras.\n",
                   encoding="utf-8")
    edited = load_corpus([corpus], cache_dir=cdir, jobs=1, lazy=True)
    idx = cache_mod.corpus_index(edited.documents, edited)
    assert [h.doc for h in idx.candidates("The quartermaster sold zebras")] == [doc.stem]
    assert len(list((cdir / "index").glob("*.xri"))) == 2


def test_check_on_several_processes_gives_the_same_results(tmp_path: Path) -> None:
    """``xref check --jobs 2`` forks workers over the notes: same output."""
    notes = ROOT / "examples" / "notes"
    if not notes.is_dir():
        pytest.skip("no example notes in this checkout")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"check{jobs}.json"
        code = main(["check", str(notes), "--sources", str(ROOT / "seeds"), "--format", "json",
                     "-o", str(out), "--jobs", jobs, "--cache-dir", str(tmp_path / "c")])
        assert code in (0, 1)
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    assert len(json.loads(outs[0])) > 10


def test_word_keys_are_kept_with_the_tokens(corpus: Path, tmp_path: Path) -> None:
    """The index's word keys are computed on the loading workers and kept in
    the cache, so that no run hashes a cached document's words again; keys
    that do not fit the tokens are computed instead."""
    from xref.index import word_keys

    cdir = tmp_path / "cache"
    cold = load_corpus([corpus], cache_dir=cdir, jobs=2)
    warm = load_corpus([corpus], cache_dir=cdir, jobs=1)
    for c in (cold, warm):
        for doc in c.documents:
            t = c.tokens[doc.id]
            assert len(t.keys) == 8 * len(t) > 0
            assert t.word_keys().tolist() == word_keys(t.norm_list()).tolist()
    t = warm.tokens[warm.documents[0].id]
    for bad in (b"", t.keys[:-8], t.keys + t.keys[:8]):
        other = PackedTokens(t.norms, t.starts, t.ends, t.kinds, bad)
        assert other == t and other.word_keys().tolist() == t.word_keys().tolist()
