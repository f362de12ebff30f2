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


def _hidden(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(p.startswith(".") or p == "__pycache__" for p in parts)


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
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in wanted and not _hidden(f, p)
            )
            if not found:
                exts = ", ".join(sorted(wanted))
                raise XrefError(f"folder has no readable files ({exts})", path=str(raw))
            files = found
        else:
            files = [p]
        for f in files:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


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
