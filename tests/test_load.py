"""Loading keeps the text as read; bad input is a clear, per-file problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xref.errors import XrefError
from xref.load import load


def test_seeds_load_with_dates_and_exact_text(seeds_dir: Path) -> None:
    loaded = load([seeds_dir])
    assert [d.id for d in loaded.documents] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    by_id = {d.id: d for d in loaded.documents}
    d1 = by_id["001_f0198ec2f486b8dd"]
    assert d1.date == dt.date(2021, 2, 19)
    assert d1.text == (seeds_dir / "001_f0198ec2f486b8dd.txt").read_text(encoding="utf-8")
    assert d1.text[d1.body_start :].startswith("Eighteen GOP state attorneys general")
    assert by_id["000_e1a3f1ace85cd228"].date is None
    assert by_id["004_804337bbb6df095d"].date == dt.date(2025, 1, 29)


def test_crlf_is_kept(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"One line.\r\nTwo\r\n")
    doc = load([tmp_path]).documents[0]
    assert doc.text == "One line.\r\nTwo\r\n"


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(XrefError, match="no such file"):
        load([tmp_path / "nope"])


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(XrefError, match="no readable files"):
        load([tmp_path])


def test_bad_files_become_findings_and_the_rest_loads(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A fine document.", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_bytes(b"")
    loaded = load([tmp_path])
    assert [d.id for d in loaded.documents] == ["good"]
    problems = {p.locations[0].doc: p for p in loaded.problems}
    assert set(problems) == {"binary", "empty"}
    assert all(p.rule == "input-error" for p in problems.values())
    assert "empty" in problems["empty"].message


def test_same_stem_in_two_folders_gets_distinct_ids(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "note.txt").write_text(f"From {sub}.", encoding="utf-8")
    ids = [d.id for d in load([tmp_path]).documents]
    assert len(set(ids)) == 2
