"""Engines for linking: the report is byte-identical whatever the number of
jobs and the engine (local processes or a two-worker dask cluster); the
fast paths added for scale give exactly what the reference code gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xref.normalize as normalize_mod
from xref.cache import load_corpus
from xref.cli import main
from xref.cluster import find_edges, units_of
from xref.engine import chunk_docs, find_edges_with
from xref.errors import XrefError
from xref.normalize import _normalize_chars, normalize

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small benchmark corpus with injected quotes (bench/generate.py)."""
    sys.path.insert(0, str(ROOT))
    try:
        from bench.generate import generate
    finally:
        sys.path.remove(str(ROOT))
    out = tmp_path_factory.mktemp("gen")
    generate(out, docs=24, quotes=5, doc_bytes=1500, seed=11)
    return out / "corpus"


def _units_and_index(folder: Path):  # type: ignore[no-untyped-def]
    c = load_corpus([folder], use_cache=False, jobs=1)
    units = {d.id: units_of(d, c.quotes[d.id]) for d in c.documents}
    return units, c.index()


def _report(tmp_path: Path, folder: Path, *extra: str) -> bytes:
    out = tmp_path / f"report{len(list(tmp_path.iterdir()))}.json"
    code = main(["report", str(folder), "--format", "json", "-o", str(out), "--no-cache",
                 "--fail-on", "never", *extra])
    assert code == 0
    return out.read_bytes()


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_parallel_edges_equal_serial_edges(which: str, seeds_dir: Path,
                                           generated: Path) -> None:
    folder = seeds_dir if which == "seeds" else generated
    units, index = _units_and_index(folder)
    serial = find_edges(units, index)
    assert serial, "the corpus has shared quotes: there must be edges"
    assert find_edges_with(units, index, jobs=2) == serial
    assert find_edges_with(units, index, jobs=3) == serial


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_report_is_byte_identical_with_jobs(which: str, seeds_dir: Path, generated: Path,
                                            tmp_path: Path) -> None:
    folder = seeds_dir if which == "seeds" else generated
    one = _report(tmp_path, folder, "--jobs", "1")
    two = _report(tmp_path, folder, "--jobs", "2")
    assert one == two
    assert b'"clusters"' in one


def test_chunks_cover_every_document_once() -> None:
    units = {f"d{i:02d}": [object()] * (i % 4) for i in range(23)}
    for n in (1, 2, 5, 40):
        chunks = chunk_docs(units, n)  # type: ignore[arg-type]
        flat = [d for c in chunks for d in c]
        assert flat == sorted(units)


def test_dask_two_worker_cluster_gives_the_same_report(generated: Path, tmp_path: Path,
                                                       seeds_dir: Path) -> None:
    distributed = pytest.importorskip("distributed")
    units, index = _units_and_index(generated)
    serial = find_edges(units, index)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        host="127.0.0.1",
    ) as cluster:
        address = cluster.scheduler_address
        assert find_edges_with(units, index, jobs=2, engine="dask", scheduler=address) == serial
        local = _report(tmp_path, seeds_dir, "--jobs", "1")
        on_dask = _report(tmp_path, seeds_dir, "--engine", "dask", "--scheduler", address)
    assert local == on_dask
    # the default: a local cluster of --jobs worker processes, started and stopped by xref
    assert _report(tmp_path, seeds_dir, "--engine", "dask", "--jobs", "2") == local


def test_engine_dask_without_the_extra_exits_2(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails
    code = main(["report", str(seeds_dir), "--engine", "dask", "--no-cache",
                 "-o", str(tmp_path / "r.txt")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "xref[dask]" in err
    assert not (tmp_path / "r.txt").exists()


def test_scheduler_without_dask_engine_is_a_usage_error(
    seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(seeds_dir), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_unknown_engine_is_a_user_error(seeds_dir: Path) -> None:
    units, index = _units_and_index(seeds_dir)
    with pytest.raises(XrefError):
        find_edges_with(units, index, engine="spark")


@pytest.mark.parametrize("bad", ["0", "-2", "many"])
def test_bad_jobs_value_exits_2(seeds_dir: Path, bad: str) -> None:
    with pytest.raises(SystemExit) as e:
        main(["report", str(seeds_dir), "--jobs", bad])
    assert e.value.code == 2


# ----------------------------------------- fast paths equal the reference


_TRICKY = list(" \n\t\r\u00a0\u2009\u3000abcAB1.,'\"“”‘’«»—–-…ßﬁÉé\u200b\x01\x7fΣςİＡａ\u0301")


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(alphabet=st.sampled_from(_TRICKY), max_size=50), st.text(max_size=50)),
    st.booleans(),
    st.booleans(),
)
def test_fast_normalize_equals_the_character_loop(text: str, casefold: bool,
                                                  accents: bool) -> None:
    assert normalize(text, casefold=casefold, strip_accents=accents) == _normalize_chars(
        text, casefold, accents
    )


def test_report_is_the_same_without_the_fast_normalize(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _report(tmp_path, seeds_dir, "--jobs", "1")
    monkeypatch.setattr(normalize_mod, "_normalize_one_to_one", lambda *a: None)
    assert _report(tmp_path, seeds_dir, "--jobs", "1") == fast


def test_index_caps_keep_the_rarest_shingles(seeds_dir: Path) -> None:
    """With tiny caps every posting list is 'too long'; the index still finds
    the shared quotation through each query's rarest shingles."""
    from xref.index import CorpusIndex
    from xref.load import load

    docs = load([seeds_dir]).documents
    idx = CorpusIndex.build(docs)
    idx.shingle_cap = 0
    idx.anchor_cap = 0
    got = idx.candidates("We urge you to immediately reinstate Operation Talon", limit=5)
    assert {c.doc for c in got} >= {"000_e1a3f1ace85cd228", "001_f0198ec2f486b8dd"}


def test_progress_bars_only_when_asked_or_on_a_terminal(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from xref.report import build_report

    _report(tmp_path, seeds_dir, "--jobs", "2")  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
    build_report([seeds_dir], jobs=2, progress=True)
    err = capsys.readouterr().err
    assert "reading [" in err and "linking [" in err and "\r" in err
    assert err.endswith("\r")  # each bar erased itself
