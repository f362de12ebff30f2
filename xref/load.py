"""Loading: paths -> Documents, with a per-file problem for each bad file.

A document's id is its file stem; when two files share a stem, their paths
relative to the folder (without suffix) are used instead, so ids stay unique
and deterministic.

Contents
--------
Loaded          documents plus the findings for files that could not be read
collect_paths   expand files and folders (recursively) into a sorted file list
load            paths -> Loaded (XrefError for a missing path or empty folder)
load_text       one string -> Document (for the API and tests)
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path

import attrs

from xref.errors import ReadError, XrefError
from xref.model import Document, Finding, Location
from xref.readers import SUFFIXES, read_file

PathArg = str | PathLike[str]


@attrs.frozen
class Loaded:
    documents: tuple[Document, ...]
    problems: tuple[Finding, ...]


def collect_paths(paths: Sequence[PathArg], suffixes: Iterable[str] = SUFFIXES) -> list[Path]:
    """Files named directly, plus the readable files under each folder.

    Raises XrefError for a path that does not exist or a folder with no
    readable files.  Hidden files and folders are skipped in folder scans.
    """
    if not paths:
        raise XrefError("no paths given")
    wanted = {s.lower() for s in suffixes}
    out: list[Path] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise XrefError("no such file or directory", path=str(raw))
        if p.is_dir():
            listed = list(_files_under(p, wanted))
            if os.name == "posix":
                found = [f for _key, f in sorted(listed, key=_first)]
            else:
                found = sorted(f for _key, f in listed)
            if not found:
                exts = ", ".join(sorted(wanted))
                raise XrefError(f"folder has no readable files ({exts})", path=str(raw))
            files = found
        else:
            files = [p]
        for f in files:
            key = real_path_str(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _first(item: tuple[tuple[str, ...], Path]) -> tuple[str, ...]:
    return item[0]


def _files_under(folder: Path, suffixes: set[str]) -> Iterable[tuple[tuple[str, ...], Path]]:
    """The files under ``folder`` with one of ``suffixes`` (lower case),
    hidden files and folders left out, each with its sort key: the parts of
    its path, which is how ``sorted`` orders :class:`~pathlib.Path` objects
    on POSIX (without comparing Path objects, each comparison slow).

    The walk is :func:`os.walk`'s (top down, unreadable folders skipped,
    symbolic links to folders not followed); a file's type comes from its
    directory entry (no stat per file unless it is a symbolic link), and
    its real path is remembered for :func:`real_path`, its folder resolved
    once.
    """
    todo = [os.fspath(folder)]
    while todo:
        top = todo.pop()
        try:
            with os.scandir(top) as it:
                entries = list(it)
        except OSError:
            continue
        base = Path(top)
        parts = base.parts
        real_dir: str | None = None
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not (name.startswith(".") or name == "__pycache__" or _is_link(entry)):
                    todo.append(os.path.join(top, name))
                continue
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
                continue
            try:
                if not entry.is_file():
                    continue
            except OSError:
                continue
            f = base / name
            if not _is_link(entry):
                if real_dir is None:
                    real_dir = _real_dir(os.path.abspath(top))
                _remember(os.fspath(f), os.path.join(real_dir, name))
            yield (*parts, name), f


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


@functools.lru_cache(maxsize=4096)
def _real_dir(folder: str) -> str:
    return os.path.realpath(folder)


#: real paths (as strings) by the path as given: :func:`real_path`'s answers
#: and the real paths a folder scan lists (bounded: cleared when full)
_REAL: dict[str, str] = {}
_REAL_MAX = 1 << 16


def _remember(path: str, real: str) -> None:
    if len(_REAL) >= _REAL_MAX:
        _REAL.clear()
    _REAL[path] = real


def real_path(path: Path) -> Path:
    """``path.resolve()``, with each folder resolved once (a corpus of
    thousands of files in a few folders is not walked link by link for
    every file); remembered per path (a folder scan remembers the real
    paths of the files it lists).

    >>> real_path(Path("/")) == Path("/").resolve()
    True
    """
    return Path(real_path_str(path))


def real_path_str(path: PathArg) -> str:
    """:func:`real_path` as a string, of a path given as a string or a Path
    (no Path object made for a file a folder scan listed: a caller with
    thousands of names as strings can skip making them)."""
    s = os.fspath(path)
    got = _REAL.get(s)
    if got is not None:
        return got
    if os.path.islink(s):
        real = os.fspath(Path(s).resolve())
    else:
        folder, name = os.path.split(os.path.abspath(s))
        real = os.fspath(Path(s).resolve()) if not name else os.path.join(_real_dir(folder), name)
    _remember(s, real)
    return real


def _ids(files: Sequence[Path]) -> list[str]:
    posix = [f.as_posix() for f in files]
    stems_of = [f.stem for f in files]
    # the path without its suffix: ``f.with_suffix("").as_posix()``, from strings
    bares = [p[: len(p) - len(f.suffix)] for p, f in zip(posix, files, strict=True)]
    stems: dict[str, int] = {}
    for stem in stems_of:
        stems[stem] = stems.get(stem, 0) + 1
    # the same article kept as report.pdf and report.html needs its suffix
    bare: dict[str, int] = {}
    for key in bares:
        bare[key] = bare.get(key, 0) + 1
    ids = []
    for p, stem, key in zip(posix, stems_of, bares, strict=True):
        if stems[stem] == 1:
            ids.append(stem)
        elif bare[key] == 1:
            ids.append(key.lstrip("./"))
        else:
            ids.append(p.lstrip("./"))
    return ids


def load(paths: Sequence[PathArg]) -> Loaded:
    """Read every file; a bad file becomes an ``input-error`` finding.

    Raises XrefError when a path is missing, a folder is empty, or no file at
    all could be read.
    """
    files = collect_paths(paths)
    docs: list[Document] = []
    problems: list[Finding] = []
    for f, doc_id in zip(files, _ids(files), strict=True):
        try:
            ex = read_file(f)
        except ReadError as e:
            problems.append(
                Finding(
                    "input-error",
                    "error",
                    str(e),
                    (Location(doc_id, 0, 0, ""),),
                )
            )
            continue
        docs.append(Document(doc_id, str(f), ex.text, ex.meta, ex.body_start, ex.pages))
    if not docs:
        first = problems[0].message if problems else "no documents"
        raise XrefError(f"no document could be read ({first})")
    return Loaded(tuple(docs), tuple(problems))


def load_text(text: str, doc_id: str = "text", path: str = "<string>") -> Document:
    """A Document from a string (the API's way in for text held in memory)."""
    from xref.readers.text import read_text

    ex = read_text(text.encode("utf-8"), path=path)
    return Document(doc_id, path, ex.text, ex.meta, ex.body_start, ex.pages)
