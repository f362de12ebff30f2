"""The sources manifest: which document a citation key stands for.

A TOML file with one ``[[source]]`` table per document::

    [[source]]
    key = "ms-ag-2021"
    path = "../seeds/000_e1a3f1ace85cd228.txt"   # relative to this file
    url = "https://www.ago.state.ms.us/..."      # optional
    outlet = "Office of the Mississippi Attorney General"
    author = "Lynn Fitch"
    date = 2021-02-18                            # TOML date or "YYYY-MM-DD"
    title = "..."

A malformed manifest is an XrefError naming the file and line (exit 2).

Contents
--------
ManifestEntry    one source: key, resolved path, metadata, line in the file
Manifest         the entries; ``get(key)``, ``by_url(url)``
load_manifest    path -> Manifest
parse_manifest   TOML text -> Manifest
same_url         do two URLs name the same page?
Corpus           source documents; ``resolve(ref, note_dir)`` -> Resolution
Resolution       a document, or a problem (unknown-key, unsafe-path, input-error)
SourceProblem    a bad source file or manifest entry
build_corpus     sources folder + manifest -> Corpus
inside           is a path under the project root (symlinks followed)?

Resolution of a reference: a key names the manifest entry with that key,
else the document whose id (file stem) is the key, else the only document
whose id starts with it (``@000`` -> ``000_e1a3f1ace85cd228``).  A path is
relative to the note (else to the project root).  A URL names the source
with that URL.  Paths that leave the project root (``../``, absolute paths,
symlinks) are refused (``unsafe-path``) unless ``allow_outside_root``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from xref.citations import CiteRef
from xref.config import read_utf8, toml_error
from xref.errors import ReadError, XrefError
from xref.load import Loaded, load, real_path
from xref.model import DocMeta, Document
from xref.readers import read_file
from xref.readers.text import parse_date

_FIELDS = {"key", "path", "url", "outlet", "author", "date", "title"}


@attrs.frozen
class ManifestEntry:
    """One source.  ``path`` is resolved against the manifest's folder
    (not yet checked for existence or safety); ``raw_path`` is as written."""

    key: str
    path: Path
    raw_path: str
    line: int
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: dt.date | None = None
    title: str | None = None

    def meta(self, base: DocMeta | None = None) -> DocMeta:
        """The document's metadata, with the manifest's fields winning."""
        b = base or DocMeta()
        return attrs.evolve(
            b,
            url=self.url or b.url,
            outlet=self.outlet or b.outlet,
            author=self.author or b.author,
            date=self.date or b.date,
            title=self.title or b.title,
        )


@attrs.frozen
class Manifest:
    path: Path
    entries: tuple[ManifestEntry, ...] = ()

    def get(self, key: str) -> ManifestEntry | None:
        for e in self.entries:
            if e.key == key:
                return e
        return None

    def by_url(self, url: str) -> ManifestEntry | None:
        for e in self.entries:
            if e.url and same_url(e.url, url):
                return e
        return None


def same_url(a: str, b: str) -> bool:
    """URLs that differ only in scheme, ``www.``, a trailing slash or a fragment.

    >>> same_url("https://www.example.org/a/", "http://example.org/a#top")
    True
    >>> same_url("https://example.org/a", "https://example.org/b")
    False
    """

    def canon(u: str) -> str:
        u = u.strip().split("#", 1)[0]
        u = re.sub(r"^[a-z]+://", "", u, flags=re.I)
        u = re.sub(r"^www\.", "", u, flags=re.I)
        return u.rstrip("/").lower()

    return canon(a) == canon(b)


def _entry_lines(text: str) -> list[int]:
    return [
        text.count("\n", 0, m.start()) + 1
        for m in re.finditer(r"^\s*\[\[\s*source\s*\]\]", text, re.M)
    ]


def parse_manifest(text: str, path: Path) -> Manifest:
    """Validate a manifest's text; paths resolve against ``path.parent``.

    >>> text = '[[source]]\\nkey = "a"\\npath = "s/a.txt"\\ndate = 2021-02-18\\n'
    >>> m = parse_manifest(text, Path("/p/m.toml"))
    >>> m.get("a").path, m.get("a").date
    (PosixPath('/p/s/a.txt'), datetime.date(2021, 2, 18))
    """
    where = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise toml_error(e, text, where) from None
    unknown = [k for k in data if k != "source"]
    if unknown:
        raise XrefError(
            f"unknown top-level key {unknown[0]!r} (expected [[source]] tables)", path=where
        )
    rows = data.get("source", [])
    if not isinstance(rows, list):
        raise XrefError("'source' must be an array of tables ([[source]])", path=where)
    lines = _entry_lines(text)
    entries: list[ManifestEntry] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        line = lines[i] if i < len(lines) else 1
        if not isinstance(row, dict):
            raise XrefError("each source must be a table", path=where, line=line)
        entries.append(_entry(row, line, path, where, seen))
    return Manifest(path, tuple(entries))


def _entry(
    row: dict[str, Any], line: int, path: Path, where: str, seen: dict[str, int]
) -> ManifestEntry:
    for k in row:
        if k not in _FIELDS:
            raise XrefError(
                f"unknown field {k!r} (known: {', '.join(sorted(_FIELDS))})", path=where, line=line
            )
    key, raw = row.get("key"), row.get("path")
    if not isinstance(key, str) or not key.strip():
        raise XrefError("source needs a 'key' (a string)", path=where, line=line)
    if key.startswith("@"):
        key = key[1:]
    if not isinstance(raw, str) or not raw.strip():
        raise XrefError(f"source {key!r} needs a 'path' (a string)", path=where, line=line)
    if key in seen:
        raise XrefError(f"duplicate key {key!r} (first on line {seen[key]})", path=where, line=line)
    seen[key] = line
    strings: dict[str, str | None] = {}
    for f in ("url", "outlet", "author", "title"):
        v = row.get(f)
        if v is not None and not isinstance(v, str):
            raise XrefError(f"source {key!r}: {f!r} must be a string", path=where, line=line)
        strings[f] = v
    raw_date = row.get("date")
    date: dt.date | None
    if raw_date is None:
        date = None
    elif isinstance(raw_date, dt.datetime):
        date = raw_date.date()
    elif isinstance(raw_date, dt.date):
        date = raw_date
    elif isinstance(raw_date, str) and parse_date(raw_date):
        date = parse_date(raw_date)
    else:
        raise XrefError(
            f"source {key!r}: 'date' must be a date (YYYY-MM-DD)", path=where, line=line
        )
    return ManifestEntry(
        key=key,
        path=path.parent / raw,
        raw_path=raw,
        line=line,
        url=strings["url"],
        outlet=strings["outlet"],
        author=strings["author"],
        date=date,
        title=strings["title"],
    )


def load_manifest(path: Path) -> Manifest:
    """Read and validate a manifest file (XrefError, exit 2, when it is
    missing or malformed)."""
    if not path.is_file():
        raise XrefError("no such manifest file", path=str(path))
    return parse_manifest(read_utf8(path, "manifest"), path)


# -- the corpus: documents and what citations resolve to ----------------------


@attrs.frozen
class Resolution:
    """What one reference resolves to: a document, or a problem (``rule`` is
    ``unknown-key``, ``unsafe-path`` or ``input-error``) with a message."""

    doc: Document | None
    rule: str | None = None
    message: str = ""


@attrs.frozen
class SourceProblem:
    """A problem with a source file or a manifest entry (reported once)."""

    rule: str
    message: str
    file: str
    line: int = 1


def path_stem(path: str) -> str:
    """``Path(path).stem``, without making a Path for the common case (a
    file name after the last slash; a corpus has thousands).

    >>> [path_stem(p) for p in ("s/a.txt", "a.tar.gz", ".hidden", "b.", "x/", "y/.", "")]
    ['a', 'a.tar', '.hidden', 'b.', 'x', 'y', '']
    """
    name = path.rpartition("/")[2]
    if os.sep != "/" or name in ("", ".", ".."):
        return Path(path).stem
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (symlinks followed) lies under ``root``.

    >>> inside(Path("/p/a/../b.txt"), Path("/p")), inside(Path("/p/../etc/passwd"), Path("/p"))
    (True, False)
    """
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


class Corpus:
    """The source documents of a check run and the resolution of citations.

    Documents come from the sources folder (ids are file stems, as
    :func:`xref.load.load` gives them) and from the manifest (a file already
    in the folder keeps its id; another gets the manifest key as id).
    ``problems`` lists unreadable sources and bad manifest entries.
    """

    def __init__(
        self,
        documents: Sequence[Document],
        *,
        root: Path,
        manifest: Manifest | None = None,
        allow_outside_root: bool = False,
        problems: Sequence[SourceProblem] = (),
        cached: Any = None,
    ) -> None:
        #: the :class:`xref.cache.Corpus` the documents were read through
        #: (its quotes, tokens and cache folder), or None
        self.cached = cached
        self.root = root.resolve()
        self.manifest = manifest
        self.allow_outside_root = allow_outside_root
        self.problems: list[SourceProblem] = list(problems)
        self.documents: list[Document] = list(documents)
        #: documents by real path, made when a path is first resolved (a run
        #: citing keys only never needs it), from the documents given here
        self._by_path_made: dict[Path, Document] | None = None
        self._given: tuple[Document, ...] = tuple(documents)
        #: citation-key lookup: document ids and file stems, sorted (exact and
        #: prefix matches by bisection, not a scan of every document)
        self._names: list[tuple[str, int]] = []
        self._by_id: dict[str, Document] = {}
        self._reindex()
        self._by_key: dict[str, Resolution] = {}
        if manifest is not None:
            for e in manifest.entries:
                self._by_key[e.key] = self._load_entry(e, manifest.path)

    @property
    def _by_path(self) -> dict[Path, Document]:
        if self._by_path_made is None:
            self._by_path_made = {real_path(Path(d.path)): d for d in self._given}
            self._given = ()
        return self._by_path_made

    def _unsafe(self, path: Path, raw: str) -> bool:
        if self.allow_outside_root:
            return False
        return Path(raw).is_absolute() or not inside(path, self.root)

    def _read(self, path: Path, doc_id: str, meta_from: ManifestEntry | None = None) -> Resolution:
        resolved = path.resolve()
        doc = self._by_path.get(resolved)
        if doc is None:
            if not path.is_file():
                return Resolution(None, "unknown-key", f"no such source file: {path}")
            try:
                ex = read_file(path)
            except ReadError as e:
                return Resolution(None, "input-error", str(e))
            ids = {d.id for d in self.documents}
            new_id = doc_id if doc_id not in ids else f"{doc_id}~{len(ids)}"
            doc = Document(new_id, str(path), ex.text, ex.meta, ex.body_start, ex.pages)
            self.documents.append(doc)
            self._reindex()
        if meta_from is not None:
            merged = attrs.evolve(doc, meta=meta_from.meta(doc.meta))
            self.documents = [merged if d is doc else d for d in self.documents]
            doc = merged
            self._reindex()
        self._by_path[resolved] = doc
        return Resolution(doc)

    def _reindex(self) -> None:
        """Rebuild the id and name lookups after ``documents`` changed."""
        self._by_id = {}
        for d in self.documents:
            self._by_id.setdefault(d.id, d)
        names = set()
        for i, d in enumerate(self.documents):
            names.add((d.id, i))
            names.add((path_stem(d.path), i))
        self._names = sorted(names)

    def _named(self, key: str, *, prefix: bool) -> list[Document]:
        """The documents whose id or file stem is ``key`` (or starts with it)."""
        lo = bisect.bisect_left(self._names, (key, -1))
        hits: set[int] = set()
        for name, i in self._names[lo : lo + _MAX_NAMED]:
            if not (name.startswith(key) if prefix else name == key):
                break
            hits.add(i)
        return [self.documents[i] for i in sorted(hits)]

    def _load_entry(self, e: ManifestEntry, manifest_path: Path) -> Resolution:
        if self._unsafe(e.path, e.raw_path):
            msg = (
                f"source {e.key!r}: path {e.raw_path!r} is outside the project root "
                f"{self.root} (set allow_outside_root = true to allow it)"
            )
            self.problems.append(SourceProblem("unsafe-path", msg, str(manifest_path), e.line))
            return Resolution(None, "unsafe-path", msg)
        res = self._read(e.path, e.key, e)
        if res.doc is None:
            msg = f"source {e.key!r}: {res.message}"
            self.problems.append(
                SourceProblem(res.rule or "input-error", msg, str(manifest_path), e.line)
            )
            return Resolution(None, res.rule, msg)
        return res

    def by_id(self, doc_id: str) -> Document | None:
        return self._by_id.get(doc_id)

    def known_url(self, url: str) -> bool:
        """Whether a link's URL names a source (manifest ``url`` or document metadata)."""
        return self._url_doc(url) is not None

    def _url_doc(self, url: str) -> Document | None:
        if self.manifest is not None:
            e = self.manifest.by_url(url)
            if e is not None:
                return self._by_key[e.key].doc
        return next((d for d in self.documents if d.meta.url and same_url(d.meta.url, url)), None)

    def resolve(self, ref: CiteRef, note_dir: Path) -> Resolution:
        """The document a reference names (see the module docstring)."""
        if ref.kind == "url":
            doc = self._url_doc(ref.target)
            if doc is None:
                return Resolution(None, "unknown-key", f"no source has the URL {ref.target}")
            return Resolution(doc)
        if ref.kind == "path":
            return self._resolve_path(ref.target, note_dir)
        return self._resolve_key(ref.target)

    def _path_of(self, raw: str, note_dir: Path) -> Path:
        """A citation path: relative to the note, else to the project root
        (nothing outside the root is looked at unless that is allowed)."""
        path = note_dir / raw
        if Path(raw).is_absolute():
            return path
        if (self.allow_outside_root or inside(path, self.root)) and path.exists():
            return path
        alt = self.root / raw
        if (self.allow_outside_root or inside(alt, self.root)) and alt.exists():
            return alt
        return path

    def is_unsafe_path(self, raw: str, note_dir: Path) -> bool:
        """Whether a citation path leaves the project root (absolute, ``../``
        past the root, or a symlink pointing out) and is not allowed to.

        >>> c = Corpus([], root=Path("/p"))
        >>> c.is_unsafe_path("/etc/passwd", Path("/p/notes")), c.is_unsafe_path("a.txt", Path("/p"))
        (True, False)
        """
        return self._unsafe(self._path_of(raw, note_dir), raw)

    def _resolve_path(self, raw: str, note_dir: Path) -> Resolution:
        path = self._path_of(raw, note_dir)
        if self._unsafe(path, raw):
            return Resolution(
                None,
                "unsafe-path",
                f"citation path {raw!r} is outside the project root {self.root} "
                "(set allow_outside_root = true to allow it)",
            )
        return self._read(path, path.stem)

    def _resolve_key(self, key: str) -> Resolution:
        if key in self._by_key:
            return self._by_key[key]
        exact = self._named(key, prefix=False)
        if len(exact) == 1:
            return Resolution(exact[0])
        prefixed = self._named(key, prefix=True)
        if len(exact) > 1 or len(prefixed) > 1:
            many = exact if len(exact) > 1 else prefixed
            names = ", ".join(sorted(d.id for d in many)[:5])
            return Resolution(None, "unknown-key", f"citation key @{key} is ambiguous: {names}")
        if len(prefixed) == 1:
            return Resolution(prefixed[0])
        where = "the manifest or " if self.manifest is not None else ""
        return Resolution(
            None,
            "unknown-key",
            f"citation key @{key} is not in {where}the sources (no document id starts with it)",
        )


#: at most this many documents are looked at for one citation key (enough
#: to tell a unique key from an ambiguous one and to name a few of them)
_MAX_NAMED = 50


def build_corpus(
    *,
    sources: Path | None,
    manifest: Manifest | None,
    root: Path,
    allow_outside_root: bool = False,
    loader: Callable[[list[Path]], Loaded] | None = None,
) -> Corpus:
    """Load the sources folder (XrefError, exit 2, when it is missing) and the
    manifest's documents.  ``loader`` reads the folder (default
    :func:`xref.load.load`; ``xref check --cache-dir`` passes the cached one)."""
    docs: list[Document] = []
    problems: list[SourceProblem] = []
    cached: Any = None
    if sources is not None:
        if not sources.is_dir():
            what = "is not a folder" if sources.exists() else "no such sources folder"
            raise XrefError(what, path=str(sources))
        loaded = (loader or load)([sources])
        if hasattr(loaded, "quotes"):
            cached = loaded
        docs.extend(loaded.documents)
        for f in loaded.problems:
            loc = f.locations[0].doc if f.locations else str(sources)
            problems.append(SourceProblem("input-error", f.message, loc))
    if sources is None and manifest is None:
        raise XrefError(
            "no sources: give --sources DIR or --manifest FILE (or set them in the configuration)"
        )
    return Corpus(
        docs, root=root, manifest=manifest, allow_outside_root=allow_outside_root,
        problems=problems, cached=cached,
    )
