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
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise XrefError("no such file or directory", path=str(raw))
        if p.is_dir():
            found = sorted(_files_under(p, wanted))
            if not found:
                exts = ", ".join(sorted(wanted))
                raise XrefError(f"folder has no readable files ({exts})", path=str(raw))
            files = found
        else:
            files = [p]
        for f in files:
            key = real_path(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _files_under(folder: Path, suffixes: set[str]) -> Iterable[Path]:
    """The files under ``folder`` with one of ``suffixes`` (lower case),
    hidden files and folders left out (one walk, no stat per file)."""
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
def _real_dir(folder: str) -> str:
    return os.path.realpath(folder)


@functools.lru_cache(maxsize=1 << 16)
def real_path(path: Path) -> Path:
    """``path.resolve()``, with each folder resolved once (a corpus of
    thousands of files in a few folders is not walked link by link for
    every file).

    >>> real_path(Path("/")) == Path("/").resolve()
    True
    """
    s = os.fspath(path)
    if os.path.islink(s):
        return path.resolve()
    folder, name = os.path.split(os.path.abspath(s))
    if not name:
        return path.resolve()
    return Path(os.path.join(_real_dir(folder), name))


def _ids(files: Sequence[Path]) -> list[str]:
    stems: dict[str, int] = {}
    for f in files:
        stems[f.stem] = stems.get(f.stem, 0) + 1
    # the same article kept as report.pdf and report.html needs its suffix
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
