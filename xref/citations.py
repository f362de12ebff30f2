"""Citations in Markdown notes: pandoc citations, footnotes and links.

A citation says which source a quote or a number comes from.  Three forms
are recognised, all with offsets into the note exactly as read:

- pandoc citations ``[@key]``, ``[@key, p. 3]``, ``[see @a; @b]``;
- footnote references ``[^1]`` whose definition ``[^1]: ...`` holds a
  ``@key``, a Markdown link or a source path;
- Markdown links ``[words](seeds/000.txt)`` (a path or a URL).

A path that leaves the folder it is written in — absolute (``/etc/passwd``)
or climbing out (``../../x``) — is taken for a reference whatever its
suffix (``[x](/etc/passwd)``, ``[@../../etc/passwd]``, ``[see @/etc/passwd]``;
in a footnote's free text, ``../../x``), so that the checker refuses it as
``unsafe-path`` instead of passing over a citation the writer meant.

Contents
--------
CiteRef              one reference: a key, a path or a URL, with a locator
Citation             a citation in a note (its span and its references)
KEY_RE               a pandoc citation key (``@key`` or ``@{key}``)
SOURCE_SUFFIXES      file suffixes that make a link or a bare word a source path
climbs_out           whether a path as written is absolute or starts with ``../``
parse_pandoc         the inside of ``[...]`` -> references, or None
parse_reference_text free text (a footnote body) -> references
find_footnote_defs   ``[^label]: text`` definitions -> {label: (start, end, refs)}
find_citations       every citation in a (masked) note text, in order
"""

from __future__ import annotations

import re

import attrs

#: a pandoc citation key: starts with a letter, digit or ``_``; internal
#: punctuation allowed; ``@{...}`` for keys with any characters
KEY_RE = re.compile(
    r"(?<![\w@])-?@(?:\{(?P<braced>[^{}\s]+)\}|(?P<plain>\w(?:[\w:.#$%&\-+?<>~/]*\w)?))"
)

#: an ``@`` followed by a path that leaves the folder (``@../x``, ``@/etc/x``)
_PATH_KEY_RE = re.compile(r"(?<![\w@])-?@(?P<path>(?:\.\./|/)[^\s;,\[\]]*)")

#: file suffixes that mark a bare word in a footnote as a source path
SOURCE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
_PATH_RE = re.compile(
    r"(?<![\w/.])(?:\.{0,2}/)?[\w.\-/]+\.(?:txt|text|md|markdown|html?|pdf|docx)\b"
    # a path that climbs out of the folder, whatever its suffix (an absolute
    # path needs a suffix here: free text has "/r/politics" and the like)
    r"|(?<![\w/.:])(?:\.\./)+[\w.\-/]*[\w/]"
)
_LINK_RE = re.compile(
    r"(?<!!)\[(?P<label>[^\[\]\n]*)\]\((?P<target><[^<>\n]*>|[^()\s]*)(?:\s+\"[^\"\n]*\")?\)"
)
_BRACKET_RE = re.compile(r"\[(?P<body>[^\[\]\n]*@[^\[\]\n]*)\](?!\()")
_REFDEF_START_RE = re.compile(r"^[ ]{0,3}\[[^\]]*\]:", re.M)
_FOOTREF_RE = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)")
_FOOTDEF_RE = re.compile(r"^[ ]{0,3}\[\^(?P<label>[^\]\s]+)\]:[ \t]*", re.M)
_URL_RE = re.compile(r"https?://[^\s)>\]]+")


@attrs.frozen
class CiteRef:
    """One reference inside a citation.

    ``kind`` is ``key`` (a pandoc key, ``@`` left off), ``path`` (a file path
    as written, relative to the note) or ``url``.  ``locator`` is the rest of
    a pandoc item such as ``p. 3``.
    """

    target: str
    kind: str = "key"
    locator: str | None = None


@attrs.frozen
class Citation:
    """A citation at ``[start, end)`` of the note.

    ``form`` is ``pandoc``, ``footnote`` or ``link``; ``label`` is the
    footnote label for a footnote reference.
    """

    form: str
    refs: tuple[CiteRef, ...]
    start: int
    end: int
    text: str
    label: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """The reference targets, as shown to users (``@`` left off)."""
        return tuple(r.target for r in self.refs)


def _key(m: re.Match[str]) -> str:
    return m.group("braced") or m.group("plain")


def parse_pandoc(body: str) -> tuple[CiteRef, ...] | None:
    """The references in the inside of a bracketed pandoc citation.

    Every ``;``-separated item must hold one ``@key``; otherwise the
    brackets are not a citation and None is returned.

    >>> [(r.target, r.locator) for r in parse_pandoc("see @000, p. 3; @smith04")]
    [('000', 'p. 3'), ('smith04', None)]
    >>> parse_pandoc("email me at x@example.org; thanks") is None
    True
    >>> parse_pandoc("see @../../etc/passwd")
    (CiteRef(target='../../etc/passwd', kind='path', locator=None),)
    """
    refs: list[CiteRef] = []
    for item in body.split(";"):
        found = list(KEY_RE.finditer(item))
        paths = list(_PATH_KEY_RE.finditer(item))
        if len(found) + len(paths) != 1:
            return None
        if paths:
            m = paths[0]
            ref = CiteRef(m.group("path"), "path")
        else:
            m = found[0]
            ref = CiteRef(_key(m), "key")
        locator = item[m.end() :].strip().lstrip(",").strip() or None
        refs.append(attrs.evolve(ref, locator=locator))
    return tuple(refs) if refs else None


def climbs_out(path: str) -> bool:
    """Whether a path as written is absolute or climbs out of its folder.

    >>> [climbs_out(p) for p in ("/etc/passwd", "../x", "a/../../x", "a/../b.txt", "seeds/a.txt")]
    [True, True, True, False, False]
    """
    if path.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", path):
        return True
    depth = 0
    for part in re.split(r"[\\/]+", path):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def _link_ref(target: str) -> CiteRef | None:
    target = target.strip().strip("<>")
    if not target or target.startswith(("#", "mailto:")):
        return None
    if re.match(r"https?://", target):
        return CiteRef(target, "url")
    path = target.split("#", 1)[0]
    return CiteRef(path, "path") if path else None


def parse_reference_text(text: str) -> tuple[CiteRef, ...]:
    """References in free text such as a footnote body: ``@keys``, links,
    bare source paths and URLs, in order of appearance.

    >>> [(r.target, r.kind) for r in parse_reference_text("See @000 and seeds/001_x.txt.")]
    [('000', 'key'), ('seeds/001_x.txt', 'path')]
    >>> [(r.target, r.kind) for r in parse_reference_text("[letter](https://ag.ms.gov/x)")]
    [('https://ag.ms.gov/x', 'url')]
    """
    found: list[tuple[int, CiteRef]] = []
    taken: list[tuple[int, int]] = []
    for m in _LINK_RE.finditer(text):
        ref = _link_ref(m.group("target"))
        if ref:
            found.append((m.start(), ref))
        taken.append((m.start(), m.end()))

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _URL_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append((m.start(), CiteRef(m.group().rstrip(".,;"), "url")))
            taken.append((m.start(), m.end()))
    for m in KEY_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append((m.start(), CiteRef(_key(m), "key")))
    for m in _PATH_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append((m.start(), CiteRef(m.group(), "path")))
    found.sort(key=lambda x: x[0])
    return tuple(r for _, r in found)


def find_footnote_defs(text: str) -> dict[str, tuple[int, int, tuple[CiteRef, ...]]]:
    """Footnote definitions: label -> (start, end, references in the body).

    A definition runs to the next blank line that is not followed by an
    indented continuation.

    >>> defs = find_footnote_defs("Text.[^1]\\n\\n[^1]: The letter, @000.\\n")
    >>> defs["1"][2]
    (CiteRef(target='000', kind='key', locator=None),)
    """
    out: dict[str, tuple[int, int, tuple[CiteRef, ...]]] = {}
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    for m in _FOOTDEF_RE.finditer(text):
        i = text.count("\n", 0, m.start()) + 1  # index of the next line
        end = starts[i] if i < len(starts) else len(text)
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                # a blank line ends it unless an indented continuation follows
                if i + 1 < len(lines) and lines[i + 1].startswith(("    ", "\t")):
                    i += 1
                    continue
                break
            if _FOOTDEF_RE.match(line):
                break
            end = starts[i + 1]
            i += 1
        end = len(text[:end].rstrip())
        body = text[m.end() : end]
        out.setdefault(m.group("label"), (m.start(), end, parse_reference_text(body)))
    return out


def find_citations(
    text: str,
    footnotes: dict[str, tuple[int, int, tuple[CiteRef, ...]]] | None = None,
) -> list[Citation]:
    """Every citation in ``text`` (code and comments already masked), in order.

    Footnote references resolve through ``footnotes`` (by default the
    definitions found in ``text``); the definitions themselves are not
    citations.

    >>> t = 'He said "x" [@000, p. 2]; see [the letter](seeds/001.txt).[^a]\\n\\n[^a]: @002'
    >>> [(c.form, c.keys) for c in find_citations(t)]
    [('pandoc', ('000',)), ('link', ('seeds/001.txt',)), ('footnote', ('002',))]
    """
    defs = find_footnote_defs(text) if footnotes is None else footnotes
    def_spans = [(s, e) for s, e, _ in defs.values()]

    def in_def(pos: int) -> bool:
        return any(s <= pos < e for s, e in def_spans)

    out: list[Citation] = []
    for m in _BRACKET_RE.finditer(text):
        if in_def(m.start()) or _REFDEF_START_RE.match(text, text.rfind("\n", 0, m.start()) + 1):
            continue
        refs = parse_pandoc(m.group("body"))
        if refs:
            out.append(Citation("pandoc", refs, m.start(), m.end(), m.group()))
    for m in _FOOTREF_RE.finditer(text):
        if in_def(m.start()):
            continue
        label = m.group("label")
        refs = defs[label][2] if label in defs else ()
        out.append(Citation("footnote", refs, m.start(), m.end(), m.group(), label))
    for m in _LINK_RE.finditer(text):
        if in_def(m.start()):
            continue
        ref = _link_ref(m.group("target"))
        if ref is not None and (
            ref.kind == "url"
            or ref.target.lower().endswith(SOURCE_SUFFIXES)
            or climbs_out(ref.target)
        ):
            out.append(Citation("link", (ref,), m.start(), m.end(), m.group()))
    out.sort(key=lambda c: (c.start, c.end))
    return out
