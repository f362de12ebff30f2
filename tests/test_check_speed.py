"""The faster ways ``xref check`` reads its inputs give what the plain ways gave.

Each fast path here is compared with a reference implementation kept in
this file (the code it replaced), on folders built for the purpose (nested
folders, hidden files, symbolic links, shared stems) and on the
repository's seeds.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xref import align
from xref.align import Unit, _normalized, _raw_units, _unit, _window_words
from xref.lexicon import Lexicon, default_lexicon
from xref.load import _ids, collect_paths, real_path, real_path_str
from xref.manifest import Corpus, path_stem
from xref.model import Document
from xref.normalize import normalize
from xref.notes import _Edit, parse_note
from xref.readers import SUFFIXES

ROOT = Path(__file__).resolve().parent.parent
#: the module (``xref.load`` is also the API function of that name)
load_module = importlib.import_module("xref.load")
notes_module = importlib.import_module("xref.notes")


# ------------------------------------------------------------ reference code


def _ref_collect_paths(
    paths: Sequence[str | Path], suffixes: Iterable[str] = SUFFIXES
) -> list[Path]:
    """collect_paths before the scan of directory entries (os.walk, a stat
    per file, Path objects sorted, every real path resolved)."""
    wanted = {s.lower() for s in suffixes}
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        files = sorted(_ref_files_under(p, wanted)) if p.is_dir() else [p]
        for f in files:
            key = _ref_real_path(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _ref_files_under(folder: Path, suffixes: set[str]) -> Iterable[Path]:
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not (d.startswith(".") or d == "__pycache__")]
        base = Path(top)
        for name in names:
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() in suffixes:
                f = base / name
                if f.is_file():
                    yield f


@functools.lru_cache(maxsize=4096)
def _ref_real_dir(folder: str) -> str:
    return os.path.realpath(folder)


def _ref_real_path(path: Path) -> Path:
    s = os.fspath(path)
    if os.path.islink(s):
        return path.resolve()
    folder, name = os.path.split(os.path.abspath(s))
    if not name:
        return path.resolve()
    return Path(os.path.join(_ref_real_dir(folder), name))


def _ref_ids(files: Sequence[Path]) -> list[str]:
    stems: dict[str, int] = {}
    for f in files:
        stems[f.stem] = stems.get(f.stem, 0) + 1
    bare: dict[str, int] = {}
    for f in files:
        key = f.with_suffix("").as_posix()
        bare[key] = bare.get(key, 0) + 1
    ids = []
    for f in files:
        if stems[f.stem] == 1:
            ids.append(f.stem)
        elif bare[f.with_suffix("").as_posix()] == 1:
            ids.append(f.with_suffix("").as_posix().lstrip("./"))
        else:
            ids.append(f.as_posix().lstrip("./"))
    return ids


# ------------------------------------------------------------ a messy folder


@pytest.fixture()
def messy(tmp_path: Path) -> Path:
    """Sources as people keep them: nested folders (names that sort
    differently as strings and as paths), hidden files and folders, a
    __pycache__, unknown suffixes, upper-case suffixes, shared stems,
    symbolic links to a file, to a folder and a dangling one."""
    top = tmp_path / "src"
    for rel in (
        "a.txt", "b.TXT", "report.html", "report.pdf", "z-1/a.txt", "z/a.txt", "z/y/c.md",
        "z.d/k.txt", "x/report.txt", "x/report.md", ".hidden.txt", ".git/h.txt",
        "__pycache__/p.txt", "notes.bin", "dots.v1.2.txt", "n.", "sp ace/q.txt",
    ):
        f = top / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(f"Text of {rel}.", encoding="utf-8")
    (top / "empty").mkdir()
    if hasattr(os, "symlink"):
        os.symlink(top / "a.txt", top / "link.txt")
        os.symlink(top / "z", top / "zlink")
        os.symlink(top / "missing.txt", top / "dangling.txt")
    return top


@pytest.mark.parametrize(
    "given",
    [
        lambda top: [top],
        lambda top: [top / "z", top],
        lambda top: [top / "a.txt", top, top / "link.txt"],
        lambda top: [Path(os.path.relpath(top)) if _relative_ok(top) else top],
        lambda top: [str(top) + "/z/../x"],
    ],
)
def test_collect_paths_matches_the_reference(messy: Path, given: object) -> None:
    paths = given(messy)  # type: ignore[operator]
    for suffixes in (SUFFIXES, (".md", ".txt")):
        load_module._REAL.clear()
        got = collect_paths(paths, suffixes)
        assert got == _ref_collect_paths(paths, suffixes)
        assert [real_path(f) for f in got] == [f.resolve() for f in got]
        assert [real_path(f) for f in got] == [_ref_real_path(f) for f in got]


def _relative_ok(top: Path) -> bool:
    try:
        os.path.relpath(top)
    except ValueError:
        return False
    return True


def test_collect_paths_on_the_repository_matches_the_reference() -> None:
    for paths, suffixes in (
        ([ROOT / "seeds", ROOT / "examples"], SUFFIXES),
        # folders no test writes to while the suite runs
        ([ROOT / "xref", ROOT / "tests" / "data", ROOT / "rules"], (".py", ".md", ".toml")),
    ):
        got = collect_paths(paths, suffixes)
        assert got == _ref_collect_paths(paths, suffixes)
        assert len(got) > 5


def test_ids_match_the_reference(messy: Path) -> None:
    files = collect_paths([messy])
    assert _ids(files) == _ref_ids(files)
    rel = [Path("src/a.txt"), Path("./b/a.txt"), Path("c/a.md"), Path("c/a.txt"), Path("d.e/x")]
    assert _ids(rel) == _ref_ids(rel)


def test_real_path_of_a_path_given_twice_after_a_scan(messy: Path) -> None:
    collect_paths([messy])
    for f in (messy / "link.txt", messy / "zlink" / "a.txt", messy / "z" / ".." / "a.txt"):
        assert real_path(f) == f.resolve()


@pytest.mark.parametrize(
    "path",
    ["s/a.txt", "a.tar.gz", ".hidden", "b.", "x/", "y/.", "", "/", "a/..", "..", "c.d/e",
     "./f.txt", "g//h.md", "sp ace/q r.txt", "<string>", "a/.b.c"],
)
def test_path_stem_is_the_path_stem(path: str) -> None:
    assert path_stem(path) == Path(path).stem


def test_corpus_resolves_paths_without_building_the_path_table_first(messy: Path) -> None:
    docs = [Document(f.stem, str(f), f.read_text(encoding="utf-8")) for f in collect_paths([messy])]
    corpus = Corpus(docs, root=messy)
    assert corpus._by_path_made is None  # keys only: never built
    res = corpus._resolve_path("z/a.txt", messy)
    assert res.doc is not None and res.doc.path == str(messy / "z" / "a.txt")
    assert corpus._by_path_made is not None and len(corpus.documents) == len(docs)


# ------------------------------------------------------------ word units

def _ref_normalized(text: str) -> tuple[str, list[int]]:
    """align._normalized before the early test for characters that cannot
    fold to ASCII: translate first, normalize when the result is not ASCII."""
    folded = text.translate(align._FOLD)
    if not folded.isascii():
        n = normalize(text, casefold=True, strip_accents=True)
        return n.text, list(n.offsets)
    got, offsets = _normalized(text)  # the ASCII path is unchanged
    return got, list(offsets)


def _ref_raw_units(text: str, lex: Lexicon) -> list[Unit]:
    """align._raw_units before it was written for speed."""
    ntext, offsets = _normalized(text)
    out: list[Unit] = []
    for m in align.TOKEN_RE.finditer(ntext):
        kind = m.lastgroup or "punct"
        norm = m.group()
        start, end = offsets[m.start()], offsets[m.end() - 1] + 1
        if kind == "punct":
            out.append(Unit(norm, norm, text[start:end], start, end, "punct"))
        elif kind == "number":
            prefix, value, suffix = align.parse_number(norm)
            key = align.number_key("", value, suffix) if value is not None else "#" + norm
            currency = (prefix or None) if value is not None else None
            out.append(
                Unit(key, norm, text[start:end], start, end, "number", value, False, currency)
            )
        else:
            for key, piece, ps, pe, pkind, value in align._word_pieces(norm, end - start, lex):
                s, e = start + ps, start + pe
                cap = text[s : s + 1].isupper()
                out.append(Unit(key, piece, text[s:e], s, e, pkind, value, cap))
    return out


def _ref_window_words(text: str, ws: int, we: int, lex: Lexicon) -> tuple[Unit, ...]:
    """align._window_words before it made its units without attrs.evolve."""
    if len(text) <= 4 * align._UNIT_CONTEXT or we - ws > len(text) // 2:
        return tuple(u for u in align.units(text, lexicon=lex)
                     if u.is_word and u.start >= ws and u.end <= we)
    a, b = max(0, ws - align._UNIT_CONTEXT), min(len(text), we + align._UNIT_CONTEXT)
    space = text.rfind(" ", max(0, a - align._UNIT_CONTEXT), a + 1)
    a = space + 1 if space >= 0 else a
    space = text.find(" ", b - 1, b + align._UNIT_CONTEXT)
    b = space if space >= 0 else b
    lo, hi = ws - a, we - a
    return tuple(
        attrs.evolve(u, start=u.start + a, end=u.end + a)
        for u in align._units(text[a:b], lex)
        if u.is_word and u.start >= lo and u.end <= hi
    )


def _fields(units: Sequence[Unit]) -> list[tuple[object, ...]]:
    return [(*attrs.astuple(u, recurse=False), type(u)) for u in units]


def _real_texts() -> list[str]:
    """The seeds, the example notes and a small generated corpus (names,
    numbers, dates, accents, typographic quotes), cut into windows too."""
    import tempfile

    from bench.generate import generate

    texts = [f.read_text(encoding="utf-8") for f in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [f.read_text(encoding="utf-8") for f in sorted((ROOT / "examples").rglob("*.md"))]
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), docs=40, quotes=8, doc_bytes=2500, seed=11)
        texts += [f.read_text(encoding="utf-8") for f in sorted(Path(tmp).rglob("*.txt"))]
        texts += [f.read_text(encoding="utf-8") for f in sorted(Path(tmp).rglob("*.md"))]
    out = list(texts)
    for t in texts:
        out += [t[i : i + 700] for i in range(0, len(t), 450)]
    return out


@pytest.fixture(scope="module")
def real_texts() -> list[str]:
    return _real_texts()


def test_unit_maker_makes_the_unit() -> None:
    assert _unit is not Unit  # the fast maker is in use
    args = ("#18", "eighteen", "Eighteen", 3, 11, "number", 18.0, True, "£")
    made, plain = _unit(*args), Unit(*args)
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert _unit("a", "a", "A", 0, 1, "word") == Unit("a", "a", "A", 0, 1, "word")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.start = 4  # type: ignore[misc]


def test_raw_units_match_the_reference_on_real_text(real_texts: list[str]) -> None:
    lex = default_lexicon()
    for t in real_texts:
        assert _fields(_raw_units(t, lex)) == _fields(_ref_raw_units(t, lex))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="Aa é£$3.,' -’“”\n\u00a0…0123456789MayJuneth", max_size=80))
def test_raw_units_match_the_reference(text: str) -> None:
    lex = default_lexicon()
    assert _fields(_raw_units(text, lex)) == _fields(_ref_raw_units(text, lex))


def test_normalized_matches_the_reference_on_real_text(real_texts: list[str]) -> None:
    for t in real_texts:
        got, offsets = _normalized(t)
        assert (got, list(offsets)) == _ref_normalized(t)
        n = normalize(t, casefold=True, strip_accents=True)
        assert (got, list(offsets)) == (n.text, list(n.offsets))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \n\x85aZé“”—…\u200b\u00a0\u00adßﬁİ°Ø'\"-", max_size=40))
def test_normalized_matches_normalize(text: str) -> None:
    n = normalize(text, casefold=True, strip_accents=True)
    got, offsets = _normalized(text)
    assert (got, list(offsets)) == (n.text, list(n.offsets))


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=30) | st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=30))
def test_normalized_matches_normalize_on_any_text(text: str) -> None:
    """Any character (capital sigma, dotted I, sharp s, ligatures, the
    Kelvin sign …): the early way out of the ASCII path agrees with normalize."""
    n = normalize(text, casefold=True, strip_accents=True)
    got, offsets = _normalized(text)
    assert (got, list(offsets)) == (n.text, list(n.offsets))


@pytest.mark.parametrize(
    "text",
    ["Héllo  WÖRLD\n\nÅngström “x” — y", "ΣΑΣ Σίσυφος", "K\u212a é\u00a0x", "straße",
     "ﬁne", "İstanbul", "a\u0301b", "\u0085x\u00a0 \u3000y", "É`\x7fé", "Ǆ ǅ ǆ"],
)
def test_normalized_matches_normalize_on_odd_letters(text: str) -> None:
    n = normalize(text, casefold=True, strip_accents=True)
    got, offsets = _normalized(text)
    assert (got, list(offsets)) == (n.text, list(n.offsets))


def test_window_words_match_the_reference_on_real_text(real_texts: list[str]) -> None:
    lex = default_lexicon()
    for t in real_texts[:40]:
        for ws in range(0, len(t), 97):
            for width in (15, 120, 400):
                we = min(len(t), ws + width)
                got = _window_words(t, ws, we, lex)
                assert _fields(got) == _fields(_ref_window_words(t, ws, we, lex))


# ------------------------------------------------------------ note parsing


class _RefEdit(_Edit):
    """_Edit's changes one position at a time, as they were written."""

    def blank(self, start: int, end: int) -> None:
        for i in self.range(start, end):
            if self.get(i) != "\n":
                self.set(i, " ")

    def hide(self, start: int, end: int) -> None:
        for i in self.range(start, end):
            ch = self.get(i)
            if ch not in "\n ":
                self.set(i, "X" if ch.isupper() else "x")

    def fill(self, start: int, end: int, ch: str) -> None:
        for i in self.range(start, end):
            self.set(i, ch)


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="aB \n.“”é", max_size=30),
    st.lists(st.tuples(st.sampled_from(["blank", "hide", "fill"]),
                       st.integers(-3, 35), st.integers(-3, 35)), max_size=5),
    st.integers(-2, 32),
    st.integers(0, 34),
)
def test_note_edits_match_one_position_at_a_time(
    text: str, edits: list[tuple[str, int, int]], lo: int, width: int
) -> None:
    lo = min(lo, len(text))
    fast, ref = _Edit(text, lo, lo + width), _RefEdit(text, lo, lo + width)
    for what, start, end in edits:
        for ed in (fast, ref):
            if what == "fill":
                ed.fill(start, end, "x")
            else:
                getattr(ed, what)(start, end)
    assert fast.done() == ref.done()
    assert len(fast.done()) == len(text)


def test_parsed_notes_match_the_reference_edits(
    real_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes (the examples, the generated notes, the seeds read as notes)
    parse to the same quotes, claims and citations with the edits made one
    position at a time."""
    notes = [t for t in real_texts if "[@" in t or "“" in t]
    fast = [parse_note(t, "n.md") for t in notes]
    monkeypatch.setattr(notes_module, "_Edit", _RefEdit)
    assert [parse_note(t, "n.md") for t in notes] == fast
    assert sum(len(n.quotes) for n in fast) > 20


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="Ab é£$3.,' -’“”\n…0189Mayth", max_size=60),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_units_made_in_place_are_the_slice_units_moved(text: str, a: int, width: int) -> None:
    """The units of ``text[a:b]`` made at their offsets in ``text`` are the
    units of the slice, each moved by ``a`` (a number or date cut by the
    window's edge stays cut, as in the slice)."""
    lex = default_lexicon()
    a = min(a, len(text))
    b = min(len(text), a + width)
    moved = [
        attrs.evolve(u, start=u.start + a, end=u.end + a) for u in align._make_units(text[a:b], lex)
    ]
    assert _fields(align._make_units(text, lex, a, b)) == _fields(moved)


def test_units_made_in_place_on_real_text(real_texts: list[str]) -> None:
    lex = default_lexicon()
    for t in real_texts[:30]:
        for a in range(0, len(t), 131):
            b = min(len(t), a + 333)
            moved = [
                attrs.evolve(u, start=u.start + a, end=u.end + a)
                for u in align._make_units(t[a:b], lex)
            ]
            assert _fields(align._make_units(t, lex, a, b)) == _fields(moved)


# ------------------------------------------------------------ numbers and dates joined


def _ref_merge_numbers(us: list[Unit], lex: Lexicon, text: str) -> list[Unit]:
    """align._merge_numbers before it copied the units between numbers a run
    at a time."""
    out: list[Unit] = []
    i = 0
    while i < len(us):
        u = us[i]
        if u.kind != "number" or u.value is None:
            out.append(u)
            i += 1
            continue
        alpha = u.norm.replace("-", "").isalpha()
        if alpha:
            suffix = "th" if u.key.endswith("th") else ""
        else:
            _prefix, _value, suffix = align.parse_number(u.norm)
        currency = u.currency
        total, current = 0.0, u.value
        j = i + 1
        while j < len(us):
            w = us[j]
            prev = us[j - 1].norm
            scale_word = w.norm in lex.number_scales
            if not scale_word and not alpha and j == i + 1 and w.start == u.end:
                # an abbreviation glued to the digits: "£3.25bn", "$40m"
                after = align._currency_after(us, j + 1, lex)
                has_currency = currency is not None or after is not None
                scale_word = lex.scale_of(w.norm, currency=has_currency) is not None
            if scale_word and not suffix:
                scale = lex.scale_of(w.norm, currency=True) or 1
                current *= scale
                if scale >= 1000:
                    total, current = total + current, 0.0
                j += 1
            elif (
                alpha
                and w.kind == "number"
                and w.value is not None
                and w.norm.replace("-", "").isalpha()
                and (
                    prev in lex.number_scales
                    or (current >= 20 and current % 10 == 0 and w.value < 10)
                )
            ):
                suffix = "th" if w.key.endswith("th") else suffix
                current += w.value
                j += 1
            elif (
                alpha
                and w.norm == "and"
                and prev in lex.number_scales
                and j + 1 < len(us)
                and us[j + 1].kind == "number"
                and us[j + 1].norm.replace("-", "").isalpha()
            ):
                j += 1
            else:
                break
        if not suffix and j < len(us):
            if us[j].norm in lex.percent_words:
                suffix, j = "%", j + 1
            elif us[j].norm == "per" and j + 1 < len(us) and us[j + 1].norm == "cent":
                suffix, j = "%", j + 2
            elif currency is None and (named := align._currency_after(us, j, lex)) is not None:
                currency, j = named, j + 1
        if j == i + 1:
            out.append(u)
        else:
            value = total + current
            out.append(
                align._merge(
                    u, us[j - 1], align.number_key("", value, suffix), "number", value, text,
                    currency,
                )
            )
        i = j
    return out


def _ref_merge_dates(us: list[Unit], lex: Lexicon, text: str) -> list[Unit]:
    """align._merge_dates before its test for a month name was a set's."""
    if not any(u.norm in lex.months for u in us):
        return us
    out: list[Unit] = []
    i = 0
    while i < len(us):
        u = us[i]
        found: tuple[int, str] | None = None
        if u.norm in lex.months or align._is_day(u):
            seq = [us[k] for k in range(i, min(len(us), i + 6)) if us[k].norm not in {",", "."}]
            idx = [k for k in range(i, min(len(us), i + 6)) if us[k].norm not in {",", "."}]
            m0 = lex.months.get(seq[0].norm) if seq else None
            if m0 and len(seq) >= 2:
                if align._is_day(seq[1]) and len(seq) >= 3 and align._is_year(seq[2]):
                    found = (idx[2], align._date_key(seq[2], m0, seq[1]))
                elif align._is_year(seq[1]):
                    found = (idx[1], align._date_key(seq[1], m0, None))
                elif align._is_day(seq[1]) and seq[0].cap:
                    found = (idx[1], align._date_key(None, m0, seq[1]))
            elif align._is_day(u) and len(seq) >= 2 and seq[1].norm in lex.months:
                m1 = lex.months[seq[1].norm]
                if len(seq) >= 3 and align._is_year(seq[2]):
                    found = (idx[2], align._date_key(seq[2], m1, u))
                elif seq[1].cap:
                    found = (idx[1], align._date_key(None, m1, u))
        if found is None:
            out.append(u)
            i += 1
            continue
        last, key = found
        out.append(align._merge(u, us[last], key, "date", None, text))
        i = last + 1
    return out


def test_numbers_and_dates_join_as_before_on_real_text(real_texts: list[str]) -> None:
    lex = default_lexicon()
    for t in real_texts:
        raw = _raw_units(t, lex)
        numbers = align._merge_numbers(raw, lex, t)
        assert _fields(numbers) == _fields(_ref_merge_numbers(raw, lex, t))
        assert _fields(align._merge_dates(numbers, lex, t)) == _fields(
            _ref_merge_dates(numbers, lex, t)
        )


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(
    ["two", "hundred", "and", "4.5", "million", "£3.25", "bn", "$40", "m", "5", "percent",
     "per", "cent", "dollars", "pounds", "twenty", "one", "third", "May", "8", ",", "2015",
     "Oct", ".", "1999", "the", "x", "31", "June", "-", "%"]), max_size=14))
def test_numbers_and_dates_join_as_before(words: list[str]) -> None:
    lex = default_lexicon()
    for sep in (" ", ""):
        t = sep.join(words)
        raw = _raw_units(t, lex)
        numbers = align._merge_numbers(raw, lex, t)
        assert _fields(numbers) == _fields(_ref_merge_numbers(raw, lex, t))
        assert _fields(align._merge_dates(numbers, lex, t)) == _fields(
            _ref_merge_dates(numbers, lex, t)
        )


def test_real_path_str_of_a_string_is_the_real_path(messy: Path) -> None:
    files = collect_paths([messy])
    for f in [*files, messy / "link.txt", messy / "zlink" / "a.txt"]:
        assert real_path_str(str(f)) == str(f.resolve()) == str(real_path(f))
    load_module._REAL.clear()
    for f in files:  # not listed by a scan: resolved from the string
        assert real_path_str(str(f)) == str(_ref_real_path(f))
