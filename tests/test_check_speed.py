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

import pytest

from xref.load import _ids, collect_paths, real_path
from xref.manifest import Corpus, path_stem
from xref.model import Document
from xref.readers import SUFFIXES

ROOT = Path(__file__).resolve().parent.parent
#: the module (``xref.load`` is also the API function of that name)
load_module = importlib.import_module("xref.load")


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
        ([ROOT], (".py", ".md", ".txt", ".toml")),
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
