"""``xref verify "QUOTE"``: every document where the words appear."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xref.cli import main
from xref.config import Config
from xref.errors import XrefError
from xref.manifest import build_corpus
from xref.verify import verify

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return build_corpus(sources=ROOT / "seeds", manifest=None, root=ROOT)


def test_found_in_both_reports_of_the_letter(corpus) -> None:  # type: ignore[no-untyped-def]
    r = verify("We urge you to immediately reinstate Operation Talon", corpus, config=Config(ROOT))
    assert r.ok
    assert [(m.doc[:3], m.verdict, m.speaker) for m in r.matches] == [
        ("000", "truncated", "the letter"),
        ("001", "truncated", "the letter"),
    ]
    for m in r.matches:  # offsets index the source as read
        text = (
            (ROOT / m.path).read_text(encoding="utf-8")
            if not Path(m.path).is_absolute()
            else Path(m.path).read_text(encoding="utf-8")
        )
        assert text[m.location.start : m.location.end] == m.location.text


def test_changed_number_is_a_conflict_with_the_diff(corpus) -> None:  # type: ignore[no-untyped-def]
    r = verify("ICE arrested 19,572 illegal aliens", corpus, source="000")
    assert not r.ok
    m = r.matches[0]
    assert m.verdict == "conflict"
    assert any(d.kind == "number" and d.a == "19,572" and d.b == "19,752" for d in m.diffs)


def test_speaker_each_source_gives(corpus) -> None:  # type: ignore[no-untyped-def]
    r = verify("This ill-advised decision threatens to empower sexual predators", corpus)
    assert [m.doc[:3] for m in r.matches] == ["001"]
    assert r.matches[0].speaker and "Schmitt" in r.matches[0].speaker


def test_source_restricts_the_verdict(corpus) -> None:  # type: ignore[no-untyped-def]
    r = verify(
        "This ill-advised decision threatens to empower sexual predators", corpus, source="000"
    )
    assert not r.ok  # found in 001, but not in the source we mean to cite
    assert any(m.doc.startswith("001") and m.verdict == "truncated" for m in r.matches)


def test_unknown_source_and_empty_quote(corpus) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(XrefError):
        verify("We urge you", corpus, source="nosuch")
    with pytest.raises(XrefError):
        verify(" … ", corpus)


def test_cli_text_and_exit_codes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert (
        main(
            ["verify", "We urge you to immediately reinstate Operation Talon", "--sources", "seeds"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "000_e1a3f1ace85cd228" in out and "001_f0198ec2f486b8dd" in out and "truncated" in out
    assert main(["verify", "a gift to cartels and criminals everywhere", "--sources", "seeds"]) == 1
    assert "NOT OK" in capsys.readouterr().out
    assert (
        main(["verify", "Sexual predators are welcome in Mississippi", "--sources", "seeds"]) == 1
    )
    assert "[-not-]" in capsys.readouterr().out


def test_cli_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["verify", "Forget sanctuary cities", "--sources", "seeds", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["ok"] is True
    assert doc["matches"][0]["doc"].startswith("003") and "Morgan" in doc["matches"][0]["speaker"]


def test_cli_missing_sources_exits_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["verify", "x y z", "--sources", "nowhere"]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_one_word_scare_quote_is_found_verbatim(tmp_path: Path) -> None:
    # a term the source has only in scare quotes (and without alignment to
    # lean on): the source's own text is searched (QA P1-5)
    (tmp_path / "g.txt").write_text(
        "Critics were unconvinced: the Lib Dems' spokesperson said the cuts were "
        "'short-sighted'.\n\nThe plan, one analyst wrote, is short-sighted in the extreme.\n",
        encoding="utf-8",
    )
    (tmp_path / "h.txt").write_text("Nothing about rail here at all.\n", encoding="utf-8")
    corpus = build_corpus(sources=tmp_path, manifest=None, root=tmp_path)
    r = verify("short-sighted", corpus)
    assert r.ok
    assert [(m.doc, m.verdict) for m in r.matches] == [("g", "exact")]
    m = r.matches[0]
    assert m.location.text == "short-sighted"
    text = (tmp_path / "g.txt").read_text(encoding="utf-8")
    assert text[m.location.start : m.location.end] == "short-sighted"
    assert not verify("far-sighted", corpus).ok


WATER = (
    'Farm groups welcomed the announcement. "It is a start," said Maria Delacroix, '
    'president of the Harlan Growers Association. "But a start is not a plan."\n\n'
    "The council will vote on the levy in March.\n"
)


def test_quote_interrupted_by_its_attribution_is_read_whole(tmp_path: Path) -> None:
    # QA2 P1-7: the note quotes both parts without the attribution
    (tmp_path / "gazette.txt").write_text(WATER, encoding="utf-8")
    corpus = build_corpus(sources=tmp_path, manifest=None, root=tmp_path)
    r = verify("It is a start. But a start is not a plan.", corpus)
    assert r.ok
    [m] = r.matches
    assert (m.doc, m.verdict, m.speaker) == ("gazette", "exact", "Maria Delacroix")
    # the span slices the source: from the first part's start to the last part's end
    assert WATER[m.location.start : m.location.end] == m.location.text
    assert m.location.text.startswith("It is a start,")
    assert m.location.text.endswith("But a start is not a plan")
    [left] = [e for e in m.evidence if e.code == "attribution-left-out"]
    assert "said Maria Delacroix" in left.message
    # a changed word in the second part is still caught, with the source's word
    bad = verify("It is a start. But a start is not a budget.", corpus)
    assert not bad.ok
    m = bad.matches[0]
    assert m.location.text.startswith("It is a start,")
    [d] = m.diffs
    assert (d.a, d.b) == ("budget", "plan")
    assert WATER[m.location.start + d.b_start : m.location.start + d.b_end] == "plan"
    # near-miss: words the source never quoted are not joined into a quote
    assert not verify("It is a start. The council will vote on the levy.", corpus).ok


def test_cli_reads_sources_and_index_through_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``xref verify`` keeps the sources and their index in the cache: the
    second run memory-maps the index file the first wrote, same answer."""
    monkeypatch.chdir(ROOT)
    cache = tmp_path / "cache"
    args = ["verify", "Forget sanctuary cities", "--sources", "seeds", "--format", "json",
            "--cache-dir", str(cache)]
    outs = []
    for _ in range(2):
        assert main(args) == 0
        outs.append(capsys.readouterr().out)
        assert len(list((cache / "index").glob("*.xri"))) == 1
    assert outs[0] == outs[1]
    assert main([*args[:-2], "--no-cache"]) == 0
    assert capsys.readouterr().out == outs[0]
