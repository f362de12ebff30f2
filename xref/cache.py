"""A persistent per-document cache: read, extract and tokenize each source once.

What is expensive per document — the reader's text and metadata (PDF, HTML),
the quotations (extraction) and the index tokens with their word keys — is
stored in an embedded SQLite database (``.xref_cache/xref.sqlite3`` in the
project by default), keyed by the SHA-256 of the file's bytes and its
suffix.  A second run reads nothing that did not change: a file whose size
and modification time match the last run is not even opened; a file whose
content changed is read, extracted and tokenized again, alone.  A report
also keeps what its consistency checks read in each document (numbers,
names, dates: :mod:`xref.checks.facts`), by the same key.

Safety: the database runs in WAL mode; every write is one transaction, so a
killed run leaves the last committed state, and concurrent runs (several
processes) wait for each other's writes instead of failing.  A cache that
cannot be used — a corrupt file, another schema version (from an older or a
newer xref), entries written by other code — is rebuilt, with a one-line
notice on stderr.  The cache holds data only (JSON and packed integers,
never pickles), so a cache file from elsewhere cannot run code.

Contents
--------
Processed        what is cached per document (text, meta, quotes, findings, tokens,
                 units)
process          bytes of one file -> Processed (read, extract, tokenize)
Corpus           documents, problems, quotes, extraction findings, index tokens, units
CacheStats       hits, misses and files read, for tests and ``--verbose``
Cache            the SQLite store: ``Cache.open(dir)``, ``get``, ``put``, ``get_facts``,
                 ``put_facts``
CachedFacts      the checks' per-document facts in the cache (a FactStore)
FactSource       the facts read with the documents in this run, then the cache's
default_cache_dir the project's ``.xref_cache`` (the working directory's)
code_fingerprint a hash of the code whose output is cached
load_corpus      paths -> Corpus, through the cache, on ``jobs`` processes
add_scale_arguments  --jobs, --cache-dir, --no-cache (and --engine, --scheduler)
scale_options    parsed arguments -> keyword arguments for build_report & co.
corpus_loader    parsed arguments -> a cached ``load`` for ``xref check``
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import hashlib
import json
import os
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from xref.errors import ReadError, XrefError
from xref.index import PackedTokens, remember_tokens
from xref.model import DocMeta, Document, Evidence, Finding, Location, Quote

if TYPE_CHECKING:
    from xref.checks.facts import DocFacts

#: bump when the layout of the database changes
SCHEMA = 5
DEFAULT_DIR = ".xref_cache"
DB_NAME = "xref.sqlite3"
#: seconds a run waits for another run's write transaction
BUSY_TIMEOUT = 60.0



@attrs.frozen
class Processed:
    """What is cached for one file's content.

    ``quotes`` and ``findings`` carry the document id they were made with;
    :meth:`for_doc` re-stamps them for the id the file has in this run.
    """

    text: str
    meta: DocMeta
    body_start: int
    pages: tuple[int, ...]
    quotes: tuple[Quote, ...]
    findings: tuple[Finding, ...]
    tokens: PackedTokens
    #: the units for clustering: one row of :class:`xref.cluster.Unit` field
    #: values each (all fields but ``doc`` and ``text``; see :func:`_unit_rows`);
    #: None when not made (``xref check`` does not cluster)
    units: tuple[tuple[Any, ...], ...] | None = ()
    #: the consistency checks' facts (:mod:`xref.checks.facts`, in their
    #: storage form), when read with the rest (a report); kept in the
    #: cache's facts table, not with the document
    facts: str | None = attrs.field(default=None, eq=False)

    def document(self, doc_id: str, path: str) -> Document:
        return Document(doc_id, path, self.text, self.meta, self.body_start, self.pages)

    def for_doc(self, doc_id: str) -> tuple[tuple[Quote, ...], tuple[Finding, ...]]:
        """Quotes and findings with ``doc`` set to ``doc_id``."""
        return _quotes_as(self.quotes, doc_id), _findings_as(self.findings, doc_id)


def _quotes_as(quotes: Iterable[Quote], doc_id: str) -> tuple[Quote, ...]:
    """``quotes`` with ``doc`` set to ``doc_id`` (cached entries carry the
    id they were made with)."""
    return tuple(q if q.doc == doc_id else attrs.evolve(q, doc=doc_id) for q in quotes)


def _findings_as(findings: Iterable[Finding], doc_id: str) -> tuple[Finding, ...]:
    """``findings`` with their locations' ``doc`` set to ``doc_id``."""
    return tuple(
        attrs.evolve(f, locations=tuple(attrs.evolve(loc, doc=doc_id) for loc in f.locations))
        for f in findings
    )


def process(
    data: bytes, path: str, suffix: str, doc_id: str = "doc", *, units: bool = True,
    facts: bool = False,
) -> Processed:
    """Read, extract and tokenize one file (raises ReadError); ``units``:
    also make the units for clustering; ``facts``: also read what the
    consistency checks need (in the same pass, on the same worker)."""
    from xref.cluster import units_of
    from xref.extract import extract_quotes
    from xref.readers import read_bytes

    ex = read_bytes(data, path, suffix)
    doc = Document(doc_id, path, ex.text, ex.meta, ex.body_start, ex.pages)
    extraction = extract_quotes(doc)
    stored_facts = None
    if facts:
        from xref.checks.context import document_facts
        from xref.checks.facts import dumps

        stored_facts = dumps(document_facts(doc))
    return Processed(
        ex.text, ex.meta, ex.body_start, tuple(ex.pages), tuple(extraction.quotes),
        tuple(extraction.findings), PackedTokens.of_document(doc, keys=True),
        _unit_rows(units_of(doc, extraction.quotes)) if units else None, stored_facts,
    )


def _unit_fields() -> list[str]:
    """The fields of :class:`xref.cluster.Unit` a row holds, in order (the
    document id and the text are known from the document)."""
    from xref.cluster import Unit

    return [f.name for f in attrs.fields(Unit) if f.name not in ("doc", "text")]


@lru_cache(maxsize=1)
def _unit_decoding() -> tuple[tuple[int, ...], tuple[int, ...], int, int, int, int]:
    """How a row (:func:`_unit_fields`) becomes a :class:`xref.cluster.Unit`'s
    positional arguments: the row indices of the fields that hold sets and of
    those that hold tuples (JSON gives lists), where the start and the end
    offsets are, and where the document id and the text go among the fields."""
    from xref.cluster import Unit

    fields = attrs.fields(Unit)
    kinds = {f.name: (f.default, str(f.type)) for f in fields}
    names = _unit_fields()
    sets = tuple(i for i, n in enumerate(names) if isinstance(kinds[n][0], frozenset))
    tuples = tuple(
        i for i, n in enumerate(names)
        if isinstance(kinds[n][0], tuple) or kinds[n][1].startswith(("tuple", "Tuple"))
    )
    order = [f.name for f in fields]
    doc_at, text_at = order.index("doc"), order.index("text")
    assert doc_at < text_at  # the two are put in in this order
    return sets, tuples, names.index("start"), names.index("end"), doc_at, text_at


def _unit_rows(units: Sequence[Any]) -> tuple[tuple[Any, ...], ...]:
    """Units as rows of plain values (sets become sorted lists), whatever
    fields :class:`xref.cluster.Unit` has: rows are written and read by the
    same code (the cache is keyed by :func:`code_fingerprint`)."""
    names = _unit_fields()
    return tuple(
        tuple(
            sorted(v) if isinstance(v, (set, frozenset)) else v
            for v in (getattr(u, n) for n in names)
        )
        for u in units
    )


# ----------------------------------------------------------- serialization


def _meta_json(m: DocMeta) -> str:
    return json.dumps(m.to_json(), ensure_ascii=False)


@lru_cache(maxsize=4096)
def _meta_of(s: str) -> DocMeta:
    d = json.loads(s)
    date = _dt.date.fromisoformat(d["date"]) if d.get("date") else None
    return DocMeta(d.get("title"), date, d.get("outlet"), d.get("author"), d.get("url"),
                   d.get("format") or "text")


@lru_cache(maxsize=256)
def _pages_of(s: str) -> tuple[int, ...]:
    return tuple(int(p) for p in json.loads(s))


def _quotes_json(quotes: Iterable[Quote]) -> str:
    return json.dumps([attrs.astuple(q) for q in quotes], ensure_ascii=False)


def _quotes_of(s: str) -> tuple[Quote, ...]:
    return tuple(Quote(*row) for row in json.loads(s))


def _findings_json(findings: Iterable[Finding]) -> str:
    rows = [
        [
            f.rule, f.severity, f.message,
            [attrs.astuple(loc) for loc in f.locations],
            [attrs.astuple(e) for e in f.evidence],
        ]
        for f in findings
    ]
    return json.dumps(rows, ensure_ascii=False)


def _findings_of(s: str) -> tuple[Finding, ...]:
    return tuple(
        Finding(rule, sev, msg, tuple(Location(*loc) for loc in locs),
                tuple(Evidence(*e) for e in evs))
        for rule, sev, msg, locs, evs in json.loads(s)
    )


# ------------------------------------------------------------ fingerprint


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of xref's version and of every source and rules file of the
    package: cached entries written by other code are not trusted."""
    import xref

    h = hashlib.sha256(f"{xref.__version__}:{SCHEMA}".encode())
    pkg = Path(xref.__file__).resolve().parent
    files = [*pkg.rglob("*.py"), *pkg.joinpath("rules").rglob("*.toml")]
    for f in sorted(set(files)):
        try:
            h.update(f.relative_to(pkg).as_posix().encode())
            h.update(f.read_bytes())
        except (OSError, ValueError):
            continue
    return h.hexdigest()[:32]


def default_cache_dir() -> Path:
    """``.xref_cache`` in the working directory (the project being checked)."""
    return Path.cwd() / DEFAULT_DIR


# ------------------------------------------------------------------ store

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    key TEXT PRIMARY KEY, text TEXT NOT NULL, meta TEXT NOT NULL,
    body_start INTEGER NOT NULL, pages TEXT NOT NULL, quotes TEXT NOT NULL,
    findings TEXT NOT NULL, tok_norms TEXT NOT NULL, tok_starts BLOB NOT NULL,
    tok_ends BLOB NOT NULL, tok_kinds TEXT NOT NULL, units TEXT, tok_keys BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, data TEXT NOT NULL);
"""


@attrs.define
class CacheStats:
    """What a run took from the cache and what it had to compute."""

    hits: int = 0
    misses: int = 0
    files_read: int = 0
    rebuilt: bool = False


def _notice(message: str) -> None:
    print(f"xref: {message}", file=sys.stderr)


class Cache:
    """The SQLite store of processed documents in ``directory``."""

    def __init__(self, directory: Path, conn: sqlite3.Connection, rebuilt: bool = False):
        self.directory = directory
        self.conn = conn
        self.rebuilt = rebuilt

    @property
    def path(self) -> Path:
        return self.directory / DB_NAME

    @classmethod
    def open(cls, directory: str | os.PathLike[str]) -> Cache:
        """Open (creating or rebuilding as needed) the cache in ``directory``.

        Raises XrefError when the directory cannot be created or written.
        """
        d = Path(directory)
        try:
            d.mkdir(parents=True, exist_ok=True)
            _mark_directory(d)
        except OSError as e:
            raise XrefError(f"cannot create the cache: {e.strerror or e}", path=str(d)) from None
        db = d / DB_NAME
        try:
            conn, stale = _connect_waiting(db)
        except sqlite3.DatabaseError as e:
            if _busy(e):  # held by another run all along: never taken as damage
                raise XrefError(
                    f"the cache is busy: another run held it for {BUSY_TIMEOUT:.0f} s"
                    " (try again, or use --no-cache)", path=str(db),
                ) from None
            _notice(f"cache {db} is unreadable ({e}); rebuilding it")
            _discard(db)
            try:
                conn, stale = _connect_waiting(db)
            except sqlite3.Error as e2:
                raise XrefError(f"cannot use the cache: {e2}", path=str(db)) from None
            return cls(d, conn, rebuilt=True)
        if stale:
            _notice(f"cache {db} {stale}; rebuilding it")
        return cls(d, conn, rebuilt=bool(stale))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def file_keys(self, paths: Sequence[str]) -> dict[str, tuple[int, int, str]]:
        """``path -> (size, mtime_ns, key)`` as recorded by earlier runs."""
        out: dict[str, tuple[int, int, str]] = {}
        for chunk in _chunks(list(paths), 500):
            marks = ",".join("?" * len(chunk))
            for path, size, mtime, key in self.conn.execute(
                f"SELECT path, size, mtime_ns, key FROM files WHERE path IN ({marks})", chunk
            ):
                out[path] = (size, mtime, key)
        return out

    def get(self, keys: Iterable[str], *, units: bool = True) -> dict[str, Processed]:
        """The cached entries among ``keys`` (unusable rows are skipped, and
        with ``units`` the rows made without them)."""
        out: dict[str, Processed] = {}
        for chunk in _chunks(sorted(set(keys)), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                "SELECT key, text, meta, body_start, pages, quotes, findings, tok_norms,"
                f" tok_starts, tok_ends, tok_kinds, units, tok_keys FROM docs"
                f" WHERE key IN ({marks})",
                chunk,
            ):
                if units and row[11] is None:
                    continue  # made by xref check: processed again, with units
                try:
                    tokens = PackedTokens(
                        str(row[7]), bytes(row[8]), bytes(row[9]), str(row[10]), bytes(row[12])
                    )
                    tokens.offsets()  # checks the columns agree
                    out[row[0]] = Processed(
                        row[1], _meta_of(row[2]), int(row[3]), tuple(json.loads(row[4])),
                        _quotes_of(row[5]), _findings_of(row[6]), tokens,
                        None if row[11] is None else tuple(tuple(r) for r in json.loads(row[11])),
                    )
                except (ValueError, TypeError, KeyError):
                    continue  # a damaged row is recomputed and replaced
        return out

    def get_documents(self, named: Mapping[str, Sequence[tuple[str, str]]]) -> dict[str, Document]:
        """The cached entries among the keys of ``named`` as documents: for
        each key, its text and metadata under each ``(id, path)`` given for
        it (a file's key, or several files with the same content), in a dict
        by path; the rest of each row is read when needed (:class:`Column`)."""
        out: dict[str, Document] = {}
        for chunk in _chunks(sorted(named), 500):
            marks = ",".join("?" * len(chunk))
            for key, text, meta, body_start, pages in self.conn.execute(
                f"SELECT key, text, meta, body_start, pages FROM docs WHERE key IN ({marks})",
                chunk,
            ):
                try:
                    m, start, pp = _meta_of(meta), int(body_start), _pages_of(pages)
                except (ValueError, TypeError, KeyError):
                    continue
                for doc_id, path in named[key]:
                    out[path] = Document(doc_id, path, text, m, start, pp)
        return out

    def put(
        self,
        entries: dict[str, Processed],
        files: dict[str, tuple[int, int, str]],
    ) -> None:
        """Store new entries (with their facts, where read) and file records
        in one transaction."""
        if not entries and not files:
            return
        rows = [
            (key, p.text, _meta_json(p.meta), p.body_start, json.dumps(list(p.pages)),
             _quotes_json(p.quotes), _findings_json(p.findings), p.tokens.norms,
             p.tokens.starts, p.tokens.ends, p.tokens.kinds,
             None if p.units is None else json.dumps(p.units, ensure_ascii=False),
             p.tokens.keys)
            for key, p in sorted(entries.items())
        ]
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "INSERT OR REPLACE INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO facts VALUES (?,?)",
                [(key, p.facts) for key, p in sorted(entries.items()) if p.facts is not None],
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO files VALUES (?,?,?,?)",
                [(p, s, m, k) for p, (s, m, k) in sorted(files.items())],
            )

    def get_facts(self, keys: Iterable[str]) -> dict[str, str]:
        """The stored facts (their storage form) of the entries among ``keys``."""
        out: dict[str, str] = {}
        for chunk in _chunks(sorted(set(keys)), 500):
            marks = ",".join("?" * len(chunk))
            for key, data in self.conn.execute(
                f"SELECT key, data FROM facts WHERE key IN ({marks})", chunk
            ):
                out[str(key)] = str(data)
        return out

    def put_facts(self, facts: dict[str, str]) -> None:
        """Store facts by content key in one transaction."""
        if not facts:
            return
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "INSERT OR REPLACE INTO facts VALUES (?,?)", sorted(facts.items())
            )


class CachedFacts:
    """The checks' per-document facts (:mod:`xref.checks.facts`) in the
    cache, by content key: a report reads each document's numbers, names and
    dates once, and a later run of the same sources reads them back.

    A damaged entry is computed again; a cache that cannot be written is
    reported in one line and the run goes on without it."""

    def __init__(self, directory: Path, keys: Mapping[str, str]) -> None:
        self.directory = directory
        self.keys = keys

    def get(self, doc_ids: Sequence[str]) -> dict[str, DocFacts]:
        from xref.checks.facts import loads

        wanted = {d: self.keys[d] for d in doc_ids if d in self.keys}
        try:
            with Cache.open(self.directory) as cache:
                stored = cache.get_facts(wanted.values())
        except (XrefError, sqlite3.Error):
            return {}
        out: dict[str, DocFacts] = {}
        for doc_id, key in wanted.items():
            if key in stored:
                try:
                    out[doc_id] = loads(stored[key])
                except ValueError:
                    continue
        return out

    def put(self, facts: Mapping[str, DocFacts]) -> None:
        from xref.checks.facts import dumps

        rows = {self.keys[d]: dumps(f) for d, f in facts.items() if d in self.keys}
        if not rows:
            return
        try:
            with Cache.open(self.directory) as cache:
                cache.put_facts(rows)
        except (XrefError, sqlite3.Error) as e:
            _notice(f"cannot write the cache ({e}); continuing without it")


class FactSource:
    """The checks' facts of a run's documents: those read with the documents
    (in their storage form, by id), then those kept in the cache, if any.
    Facts computed by the checks go to the cache; the ones read with the
    documents are already there.  Each fact read with the documents is
    handed over once: its storage form is dropped then (a corpus of 10,000
    stories holds about 50 MB of it), and a second ``get`` finds it in the
    cache, if any."""

    def __init__(self, read: dict[str, str], cached: CachedFacts | None) -> None:
        self.read = read
        self.handed: set[str] = set()
        self.cached = cached

    def get(self, doc_ids: Sequence[str]) -> dict[str, DocFacts]:
        from xref.checks.facts import loads

        out: dict[str, DocFacts] = {}
        rest = []
        for d in doc_ids:
            stored = self.read.pop(d, None)
            if stored is not None:
                self.handed.add(d)
                try:
                    out[d] = loads(stored)
                    continue
                except ValueError:
                    pass
            rest.append(d)
        if rest and self.cached is not None:
            out.update(self.cached.get(rest))
        return out

    def put(self, facts: Mapping[str, DocFacts]) -> None:
        if self.cached is not None:
            self.cached.put(
                {d: f for d, f in facts.items() if d not in self.read and d not in self.handed}
            )


def _mark_directory(d: Path) -> None:
    """A .gitignore (so the cache is never committed) and a CACHEDIR.TAG."""
    for name, text in (
        (".gitignore", "# created by xref: the cache is local to this machine\n*\n"),
        ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                         "# This file is a cache directory tag created by xref.\n"),
    ):
        f = d / name
        if not f.exists():
            tmp = d / f".{name}.{uuid.uuid4().hex}.tmp"
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(f)


def _connect(db: Path) -> tuple[sqlite3.Connection, str]:
    """Connect, set WAL mode and check the schema and code fingerprint.

    Returns the connection and why its content was dropped ("" if it was not).
    Raises sqlite3.DatabaseError for a file that is not a usable database.
    """
    conn = sqlite3.connect(db, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        stale = ""
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "meta" in have:
                meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
                if meta.get("schema") != str(SCHEMA):
                    stale = (
                        f"has format {meta.get('schema')!s} (this xref uses {SCHEMA})"
                    )
                    for t in ("docs", "files", "facts", "meta"):
                        conn.execute(f"DROP TABLE IF EXISTS {t}")
                elif meta.get("code") != code_fingerprint():
                    stale = "was written by another version of xref"
                    for t in ("docs", "files", "facts"):  # all made by the old code
                        if t in have:
                            conn.execute(f"DELETE FROM {t}")
            elif have - {"meta"}:
                stale = "has an unknown layout"
                for t in sorted(have):
                    if not t.startswith("sqlite_"):
                        conn.execute(f'DROP TABLE IF EXISTS "{t}"')
            for stmt in _TABLES.split(";"):
                if stmt.strip():
                    conn.execute(stmt)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (code_fingerprint(),))
        conn.execute("SELECT count(*) FROM docs").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn, stale


def _busy(e: sqlite3.Error) -> bool:
    """Whether ``e`` says another connection holds a lock (not damage)."""
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(e) or "busy" in str(e)


def _connect_waiting(db: Path) -> tuple[sqlite3.Connection, str]:
    """:func:`_connect`, tried again while another run holds a lock it
    needs, for up to ``BUSY_TIMEOUT`` seconds.

    SQLite's busy timeout does not cover every step of opening: switching a
    new database to WAL while another run creates it answers "database is
    locked" at once.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    delay = 0.005
    while True:
        try:
            return _connect(db)
        except sqlite3.OperationalError as e:
            if not _busy(e) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


def _discard(db: Path) -> None:
    """Move a damaged database (and its WAL files) out of the way."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        f = db.with_name(db.name + suffix)
        try:
            tmp = f.with_name(f".{f.name}.{uuid.uuid4().hex}.bad")
            f.replace(tmp)
            tmp.unlink()
        except OSError:
            continue  # absent, or another run moved it first


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ------------------------------------------------------------------ corpus


class Column(Mapping[str, Any]):
    """One part of the cached rows (the quotes, the tokens …) by document
    id, read from the database the first time it is asked for: a check that
    reads a few documents closely does not decode all of them.

    ``known`` holds the values already in memory (documents processed in
    this run); ``decode(row, doc_id)`` makes a value of the selected
    ``columns``.  A document whose row has gone (another run rebuilt the
    cache) raises KeyError, like any unknown id: use ``.get``.
    """

    def __init__(
        self,
        db: Path,
        keys: Mapping[str, str],
        columns: str,
        decode: Callable[[tuple[Any, ...], str], Any],
        known: dict[str, Any],
    ) -> None:
        self._db = db
        self._keys = keys
        self._columns = columns
        self._decode = decode
        self._known = known
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()

    def __getitem__(self, doc_id: str) -> Any:
        if doc_id in self._known:
            return self._known[doc_id]
        key = self._keys[doc_id]
        try:
            if self._conn is None or self._pid != os.getpid():
                # a forked worker opens its own connection
                self._pid = os.getpid()
                self._conn = _read_only(self._db)
            row = self._conn.execute(
                f"SELECT {self._columns} FROM docs WHERE key = ?", (key,)
            ).fetchone()
            value = None if row is None else self._decode(tuple(row), doc_id)
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            value = None
        if value is None:
            raise KeyError(doc_id)
        self._known[doc_id] = value
        return value

    def prefetch(self, doc_ids: Sequence[str]) -> None:
        """Read the values of ``doc_ids`` in a few queries (before using
        them all)."""
        by_key: dict[str, list[str]] = {}
        for d in doc_ids:
            if d not in self._known and d in self._keys:
                by_key.setdefault(self._keys[d], []).append(d)
        if not by_key:
            return
        try:
            conn = _read_only(self._db)
            try:
                for chunk in _chunks(sorted(by_key), 500):
                    marks = ",".join("?" * len(chunk))
                    for row in conn.execute(
                        f"SELECT key, {self._columns} FROM docs WHERE key IN ({marks})", chunk
                    ):
                        for d in by_key[row[0]]:
                            try:
                                self._known[d] = self._decode(tuple(row[1:]), d)
                            except (ValueError, TypeError, KeyError):
                                continue
            finally:
                conn.close()
        except sqlite3.Error:
            return  # read one by one when asked

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_conn": None}  # a worker opens its own


def _read_only(db: Path) -> sqlite3.Connection:
    """A read-only connection to the cache database (usable from any thread)."""
    return sqlite3.connect(
        f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT,
        check_same_thread=False,
    )


def _quotes_for(row: tuple[Any, ...], doc_id: str) -> tuple[Quote, ...]:
    return _quotes_as(_quotes_of(row[0]), doc_id)


def _findings_for(row: tuple[Any, ...], doc_id: str) -> tuple[Finding, ...]:
    return _findings_as(_findings_of(row[0]), doc_id)


def _tokens_for(row: tuple[Any, ...], doc_id: str) -> PackedTokens:
    tokens = PackedTokens(str(row[0]), bytes(row[1]), bytes(row[2]), str(row[3]), bytes(row[4]))
    tokens.offsets()  # checks the columns agree
    return tokens


@attrs.frozen
class Corpus:
    """The documents of a run with what the pipeline computes per document.

    ``quotes``, ``findings`` (from extraction) and ``tokens`` (for the index)
    are keyed by document id.
    """

    documents: tuple[Document, ...]
    problems: tuple[Finding, ...]
    quotes: Mapping[str, tuple[Quote, ...]]
    findings: Mapping[str, tuple[Finding, ...]]
    tokens: Mapping[str, PackedTokens]
    unit_rows: Mapping[str, tuple[tuple[Any, ...], ...]] = attrs.field(factory=dict)
    stats: CacheStats = attrs.field(factory=CacheStats, eq=False)
    #: the content key of each document (its cache key), by id
    keys: Mapping[str, str] = attrs.field(factory=dict)
    #: the cache folder the documents came through (None: no cache)
    cache_dir: Path | None = None
    #: the checks' facts of the documents read in this run, when asked for
    #: (:func:`load_corpus`'s ``facts``), in their storage form, by id (the
    #: checks take them from :meth:`fact_store`, which drops them then)
    facts: dict[str, str] = attrs.field(factory=dict, eq=False)

    def loaded(self) -> Any:
        """The documents and problems as :class:`xref.load.Loaded`."""
        from xref.load import Loaded

        return Loaded(self.documents, self.problems)

    def units(self, doc: Document) -> list[Any]:
        """The document's :class:`xref.cluster.Unit` objects, as
        :func:`xref.cluster.units_of` made them when the file was processed."""
        from xref.cluster import Unit

        sets, tuples, i_start, i_end, doc_at, text_at = _unit_decoding()
        empty: frozenset[Any] = frozenset()
        text, doc_id = doc.text, doc.id
        out = []
        for row in self.unit_rows[doc.id]:
            values = list(row)
            for i in sets:
                v = values[i]
                values[i] = frozenset(v) if v else empty
            for i in tuples:
                if isinstance(values[i], list):
                    values[i] = tuple(values[i])
            start, end = values[i_start], values[i_end]
            values.insert(doc_at, doc_id)
            values.insert(text_at, text[start:end])
            out.append(Unit(*values))
        return out

    def fact_store(self) -> FactSource | None:
        """Where the checks get and keep their per-document facts: those read
        with the documents in this run (:attr:`facts`), then the cache's
        (None: neither)."""
        if self.cache_dir is None and not self.facts:
            return None
        cached = None if self.cache_dir is None else CachedFacts(self.cache_dir, self.keys)
        return FactSource(self.facts, cached)

    def index(self) -> Any:
        """A :class:`xref.index.CorpusIndex` over the documents, from the tokens."""
        from xref.index import CorpusIndex

        idx = CorpusIndex()
        for doc in self.documents:
            idx.add(doc, tokens=self.tokens[doc.id])
        return idx


#: index files kept in the cache (the most recently used ones)
INDEX_FILES_KEPT = 4


def corpus_index(documents: Sequence[Document], cached: Corpus | None = None) -> Any:
    """A :class:`xref.index.CorpusIndex` of ``documents`` for queries from
    outside the corpus (``xref check``, ``xref verify``).

    When every document came through the cache (``cached``), the index is
    kept there too: a file under ``index/`` named by a hash of the documents'
    ids and contents, memory-mapped by the next run over the same sources.
    A damaged file is rebuilt, with a notice; a run after one source
    changed builds a new one from the cached tokens (the old files are
    removed, all but the last few).
    """
    from xref.index import CorpusIndex

    path = _index_path(documents, cached)
    if path is not None and path.exists():
        try:
            idx = CorpusIndex.load(path)
            if idx.doc_ids == [d.id for d in documents]:
                _touch(path)
                return idx
        except (OSError, ValueError) as e:
            _notice(f"cache index {path.name} is unusable ({e}); rebuilding it")
    if cached is not None and isinstance(cached.tokens, Column):
        cached.tokens.prefetch([d.id for d in documents])
    idx = CorpusIndex()
    for doc in documents:
        tokens = cached.tokens.get(doc.id) if cached is not None else None
        idx.add(doc, tokens=tokens)
    if path is not None:
        try:
            path.parent.mkdir(exist_ok=True)
            idx.save(path)
            _prune(path.parent, INDEX_FILES_KEPT)
        except OSError as e:
            _notice(f"cannot write the cache index ({e.strerror or e}); continuing without it")
    return idx


def _index_path(documents: Sequence[Document], cached: Corpus | None) -> Path | None:
    """Where the index of exactly these documents is kept, or None when
    some document did not come through the cache."""
    if cached is None or cached.cache_dir is None or not documents:
        return None
    h = hashlib.sha256(f"{code_fingerprint()}\n".encode())
    for d in documents:
        key = cached.keys.get(d.id)
        if key is None:
            return None
        h.update(f"{d.id}\0{key}\n".encode())
    return Path(cached.cache_dir) / "index" / f"{h.hexdigest()[:32]}.xri"


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently used index files."""
    try:
        files = sorted(folder.glob("*.xri"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for f in files[keep:]:
        try:
            f.unlink()
        except OSError:
            continue  # another run removed it first


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror or e}", path=str(path)) from None


def _key(data: bytes, suffix: str) -> str:
    return hashlib.sha256(data).hexdigest() + suffix.lower()


def _work(
    job: tuple[str, str, bytes | None], units: bool = True, facts: bool = False
) -> tuple[str, Processed | None, str | None, str]:
    """Process one file (in a worker): ``(path, processed, error, key)``."""
    path, doc_id, data = job
    p = Path(path)
    try:
        if data is None:
            data = _read(p)
        key = _key(data, p.suffix)
        return path, process(data, path, p.suffix, doc_id, units=units, facts=facts), None, key
    except ReadError as e:
        return path, None, str(e), ""


def _work_chunk(args: tuple[list[tuple[str, str, bytes | None]], bool, bool]) -> list[
    tuple[str, Processed | None, str | None, str]
]:
    jobs, units, facts = args
    return [_work(j, units, facts) for j in jobs]


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _run_jobs(
    jobs: list[tuple[str, str, bytes | None]],
    n_procs: int,
    progress: Callable[[int], None] | None,
    *,
    units: bool = True,
    facts: bool = False,
) -> Iterator[tuple[str, Processed | None, str | None, str]]:
    """Each job's result, in the order of ``jobs``, as soon as it is ready
    (the caller stores them while the workers go on)."""
    if n_procs <= 1 or len(jobs) < 2:
        for j in jobs:
            yield _work(j, units, facts)
            if progress:
                progress(1)
        return
    size = max(1, min(64, len(jobs) // (n_procs * 4) or 1))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=min(n_procs, len(chunks))) as pool:
        for got in pool.map(_work_chunk, [(c, units, facts) for c in chunks]):
            yield from got
            if progress:
                progress(len(got))


#: new entries are stored this many at a time while the workers read on
_PUT_BATCH = 500


def _put(
    cache: Cache | None, entries: dict[str, Processed], files: dict[str, tuple[int, int, str]]
) -> bool:
    """Store entries and file records; False (with a notice) when the cache
    cannot be written, and the run goes on without it."""
    if cache is None:
        return False
    try:
        cache.put(entries, files)
    except sqlite3.Error as e:
        _notice(f"cannot write the cache ({e}); continuing without it")
        return False
    return True


def load_corpus(
    paths: Sequence[str | os.PathLike[str]],
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    lazy: bool = False,
    facts: bool = False,
) -> Corpus:
    """Read, extract and tokenize the files under ``paths``, through the cache.

    ``cache_dir`` defaults to :func:`default_cache_dir`; ``use_cache=False``
    neither reads nor writes it.  ``jobs`` processes do the work (default:
    all cores; 1 runs in this process).  Files that cannot be read become
    ``input-error`` findings, as with :func:`xref.load.load`; the result is
    the same, document for document, whatever the cache holds.

    ``lazy`` (``xref check``): documents come with their text; the quotes,
    findings and tokens of a cached document are read from the cache when
    first used (:class:`Column`), and no units are made for clustering.

    ``facts`` (``xref report``): the files read are also read for what the
    consistency checks need, in the same pass (:attr:`Corpus.facts`; kept
    in the cache too), instead of in one of their own later.
    """
    from xref.load import _ids, collect_paths

    files = collect_paths(list(paths))
    ids = _ids(files)
    names = [str(f) for f in files]
    stats = CacheStats()
    cache: Cache | None = None
    if use_cache:
        cache = Cache.open(cache_dir if cache_dir is not None else default_cache_dir())
        stats.rebuilt = cache.rebuilt
    try:
        return _load(files, ids, names, cache, stats, jobs, progress, on_total, lazy, facts)
    finally:
        if cache is not None:
            cache.close()


def _load(
    files: Sequence[Path],
    ids: Sequence[str],
    names: Sequence[str],
    cache: Cache | None,
    stats: CacheStats,
    jobs: int | None,
    progress: Callable[[int], None] | None,
    on_total: Callable[[int], None] | None,
    lazy: bool = False,
    facts: bool = False,
) -> Corpus:
    found: dict[str, Processed] = {}  # path -> entry
    light: dict[str, Document] = {}  # path -> cached document (lazy)
    errors: dict[str, str] = {}
    keys: dict[str, str] = {}  # path -> content key
    stat_of: dict[str, tuple[int, int]] = {}
    todo: list[tuple[str, str, bytes | None]] = []
    if cache is not None:
        from xref.load import real_path_str

        abs_names = {n: real_path_str(n) for n in names}
        known = cache.file_keys(list(abs_names.values()))
        need_key: list[tuple[str, str]] = []
        for name, doc_id in zip(names, ids, strict=True):
            try:
                st = os.stat(name)
            except OSError:
                todo.append((name, doc_id, None))  # the worker reports the error
                continue
            stat_of[name] = (st.st_size, st.st_mtime_ns)
            rec = known.get(abs_names[name])
            if rec and rec[:2] == stat_of[name]:
                keys[name] = rec[2]
            else:
                need_key.append((name, doc_id))
        data_of: dict[str, bytes] = {}
        for name, _doc_id in need_key:
            try:
                data_of[name] = _read(Path(name))
            except ReadError as e:
                errors[name] = str(e)
                continue
            stats.files_read += 1
            keys[name] = _key(data_of[name], Path(name).suffix)
        if lazy:
            named: dict[str, list[tuple[str, str]]] = {}
            for name, doc_id in zip(names, ids, strict=True):
                k = keys.get(name)
                if k is not None:
                    named.setdefault(k, []).append((doc_id, name))
            light = cache.get_documents(named)
            for name, doc_id in zip(names, ids, strict=True):
                if name not in light and keys.get(name) is not None:
                    todo.append((name, doc_id, data_of.get(name)))
        else:
            hits = cache.get(keys.values())
            for name, doc_id in zip(names, ids, strict=True):
                k = keys.get(name)
                if k is not None and k in hits:
                    found[name] = hits[k]
                elif k is not None:
                    todo.append((name, doc_id, data_of.get(name)))
        stats.hits = len(found) + len(light)
    else:
        todo = [(n, i, None) for n, i in zip(names, ids, strict=True)]
    stats.misses = len(todo)
    if on_total is not None:
        on_total(len(todo))
    n_procs = default_jobs() if jobs is None else max(1, jobs)
    new: dict[str, Processed] = {}
    writable = cache is not None
    for name, proc, err, key in _run_jobs(
        todo, n_procs, progress, units=not lazy, facts=facts and not lazy
    ):
        if proc is None:
            errors[name] = err or "cannot read file"
            continue
        found[name] = proc
        keys[name] = key
        new[key] = proc
        if name not in stat_of:
            stats.files_read += 1
        if writable and len(new) >= _PUT_BATCH:
            # stored while the workers read on (the files' records come
            # last, so a run stopped here leaves entries nothing points to
            # yet: found again by content, never wrong)
            writable = _put(cache, new, {})
            new = {}
    if cache is not None and writable:
        records = {}
        for name in names:
            if (name in found or name in light) and name in stat_of:
                size, mtime = stat_of[name]
                rec = (size, mtime, keys[name])
                if known.get(abs_names[name]) != rec:  # unchanged records are not rewritten
                    records[abs_names[name]] = rec
        _put(cache, new, records)
    docs: list[Document] = []
    problems: list[Finding] = []
    quotes: dict[str, tuple[Quote, ...]] = {}
    findings: dict[str, tuple[Finding, ...]] = {}
    tokens: dict[str, PackedTokens] = {}
    unit_rows = {}
    doc_keys: dict[str, str] = {}
    read_facts: dict[str, str] = {}
    for name, doc_id in zip(names, ids, strict=True):
        if name in errors:
            problems.append(
                Finding("input-error", "error", errors[name], (Location(doc_id, 0, 0, ""),))
            )
            continue
        if name in light:
            docs.append(light[name])
            doc_keys[doc_id] = keys[name]
            continue
        p = found[name]
        if name in keys:
            doc_keys[doc_id] = keys[name]
        doc = p.document(doc_id, name)
        remember_tokens(doc, p.tokens)
        docs.append(doc)
        quotes[doc_id], findings[doc_id] = p.for_doc(doc_id)
        tokens[doc_id] = p.tokens
        if p.units is not None:
            unit_rows[doc_id] = p.units
        if p.facts is not None:
            read_facts[doc_id] = p.facts
    if not docs:
        first = problems[0].message if problems else "no documents"
        raise XrefError(f"no document could be read ({first})")
    if light and cache is not None:
        db = cache.path
        return Corpus(
            tuple(docs), tuple(problems),
            Column(db, doc_keys, "quotes", _quotes_for, quotes),
            Column(db, doc_keys, "findings", _findings_for, findings),
            Column(db, doc_keys, "tok_norms, tok_starts, tok_ends, tok_kinds, tok_keys",
                   _tokens_for,
                   tokens),
            unit_rows, stats, doc_keys, cache.directory,
        )
    return Corpus(tuple(docs), tuple(problems), quotes, findings, tokens, unit_rows, stats,
                  doc_keys, cache.directory if cache is not None else None, read_facts)


# -------------------------------------------------------------- command line


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return n


def add_scale_arguments(p: argparse.ArgumentParser, *, engine: bool = False) -> None:
    """Add ``--jobs``, ``--cache-dir`` and ``--no-cache`` (and, with
    ``engine``, ``--engine`` and ``--scheduler``) to a command's parser."""
    g = p.add_argument_group("speed")
    g.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help="processes to use (default: all cores)")
    g.add_argument("--cache-dir", metavar="DIR",
                   help=f"where to keep the cache of read sources (default: ./{DEFAULT_DIR})")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    if engine:
        g.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="where to link the corpus: local cores or dask.distributed "
                            "(needs xref[dask])")
        g.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --engine dask: an existing scheduler (default: a local cluster)")


def scale_options(args: argparse.Namespace) -> dict[str, Any]:
    """``jobs``, ``cache_dir`` (None for --no-cache) and, when the command
    has them, ``engine`` and ``scheduler``, from parsed arguments.

    Raises XrefError for --scheduler without --engine dask, and for --engine
    dask without the dask extra installed.
    """
    jobs = getattr(args, "jobs", None)
    out: dict[str, Any] = {
        "jobs": jobs if jobs is not None else default_jobs(),
        "cache_dir": None if getattr(args, "no_cache", False)
        else (getattr(args, "cache_dir", None) or default_cache_dir()),
    }
    if hasattr(args, "engine"):
        if args.scheduler and args.engine != "dask":
            raise XrefError("--scheduler needs --engine dask")
        if args.engine == "dask":
            from xref.engine import require_dask

            require_dask()
        out["engine"] = args.engine
        out["scheduler"] = args.scheduler
    return out


def corpus_loader(
    args: argparse.Namespace, root: Path
) -> Callable[[list[Path]], Any]:
    """``paths -> Loaded`` through the cache, for commands that read sources
    with :func:`xref.load.load` (``xref check``): ``--cache-dir`` (default
    ``.xref_cache`` in the project root), ``--no-cache`` and ``--jobs``."""
    jobs = getattr(args, "jobs", None) or default_jobs()
    no_cache = getattr(args, "no_cache", False)
    cache_dir = None if no_cache else (getattr(args, "cache_dir", None) or root / DEFAULT_DIR)

    def loader(paths: list[Path]) -> Any:
        from xref.progress import progress_bar

        with progress_bar("reading sources") as bar:
            return load_corpus(
                paths, cache_dir=cache_dir, use_cache=cache_dir is not None, jobs=jobs,
                progress=bar, on_total=lambda n: setattr(bar, "total", n), lazy=True,
            )

    return loader
