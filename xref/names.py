"""Names of people and organizations: mentions, titles, acronyms, aliases.

Word lists (titles and their abbreviations, connectors, generic speakers,
known aliases) come from ``rules/words/names.toml``.

Contents
--------
NameWords           the word lists (cached: :func:`name_words`)
NameMention         a run of capitalized words ("Immigration and Customs Enforcement")
NameSpans           a text's name mentions as int columns (what a report keeps)
find_names          text -> list[NameMention] (headline lines skipped)
Acronym             "Immigration and Customs Enforcement (ICE)"
find_acronyms       text -> list[Acronym]
split_title         "ICE Acting Director Tae Johnson" -> ("Director", "Tae Johnson")
bare_name           "Attorney General Erich Schmitt of Missouri" -> "Erich Schmitt"
canonical_title     "Sens." -> "Senator", "Acting Director" -> "Director"
same_entity         whether two names can be the same person or body
spelling_variant    whether two words are one misspelled as the other
"""

from __future__ import annotations

import itertools
import operator
import re
import tomllib
from array import array
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

import attrs

from xref import attribution

_WORD_RE = re.compile(
    r"[A-Z][\w'’.-]*[\w.]|[A-Z]|&|(?<=\s)(?:of|and|for|the|on|de|du|van|von|da)(?=\s)"
)
_CAP_RE = re.compile(r"[A-Z]")
#: the alternatives of :data:`_WORD_RE` apart: capitalized words, and the
#: connectors ("&" too) that may join them
_CAP_WORD_RE = re.compile(r"[A-Z][\w'’.-]*[\w.]|[A-Z]")
_CONNECTOR_RE = re.compile(r"&|(?<=\s)(?:of|and|for|the|on|de|du|van|von|da)(?=\s)")
#: the first characters :data:`_CAP_RE` matches (a set: "" is not in it)
_CAPS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_POSSESSIVE_ENDS = ("'s", "’s")
_HEADLINE_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+")


@attrs.frozen
class NameWords:
    titles: tuple[str, ...]
    title_aliases: dict[str, str]
    modifiers: frozenset[str]
    connectors: frozenset[str]
    generic_speakers: frozenset[str]
    aliases: tuple[frozenset[str], ...]
    alternations: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=1)
def name_words() -> NameWords:
    """The word lists in ``rules/words/names.toml``."""
    res = resources.files("xref") / "rules" / "words" / "names.toml"
    data = tomllib.loads(res.read_text(encoding="utf-8"))
    titles = tuple(sorted(data["titles"]["words"], key=lambda t: (-len(t.split()), t)))
    return NameWords(
        titles=titles,
        title_aliases=dict(data.get("title_aliases", {})),
        modifiers=frozenset(data.get("title_modifiers", {}).get("words", [])),
        connectors=frozenset(data.get("connectors", {}).get("words", [])),
        generic_speakers=frozenset(
            w.lower() for w in data.get("generic_speakers", {}).get("words", [])
        ),
        aliases=tuple(
            frozenset(_key(n) for n in g) for g in data.get("aliases", {}).get("groups", [])
        ),
        alternations=tuple(
            (str(x).casefold(), str(y).casefold()) for x, y in data.get("name_alternations", [])
        ),
    )


def _key(name: str) -> str:
    """Matching form of a name: case-folded, possessive and punctuation dropped."""
    name = re.sub(r"['’]s\b", "", name)
    return " ".join(re.sub(r"[^\w\s&-]", " ", name).casefold().split())


@attrs.frozen
class NameMention:
    """A run of capitalized words (joined by connectors) with offsets."""

    start: int
    end: int
    text: str
    tokens: tuple[tuple[str, int, int], ...]  # (word, start, end) in the original text

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t[0] for t in self.tokens)


@attrs.frozen(eq=False)
class NameSpans:
    """The name mentions of one text as three int columns, without the text:
    mention ``i``'s words are ``text[starts[k]:ends[k]]`` for ``first[i] <=
    k < first[i + 1]`` (a mention's words are always slices of the text, so
    nothing else is needed).  A fifteenth of the memory of the
    :class:`NameMention` objects, which a report on a large corpus would hold
    by the million.

    >>> t = "Sen. Jane Roe met ICE."
    >>> spans = NameSpans.of(find_names(t))
    >>> len(spans), spans.words(t, 0), spans.spans(), spans.mentions(t) == find_names(t)
    (2, ('Sen.', 'Jane', 'Roe'), [(0, 13), (18, 21)], True)
    """

    first: array[int]
    starts: array[int]
    ends: array[int]

    @classmethod
    def of(cls, mentions: Iterable[NameMention]) -> NameSpans:
        first, starts, ends = array("i", [0]), array("i"), array("i")
        for m in mentions:
            for _, s, e in m.tokens:
                starts.append(s)
                ends.append(e)
            first.append(len(starts))
        return cls(first, starts, ends)

    @classmethod
    def from_lists(
        cls, first: Sequence[int], starts: Sequence[int], ends: Sequence[int]
    ) -> NameSpans:
        """Columns from stored lists; ValueError unless they describe mentions
        of one or more words each."""
        f, s, e = array("i", first), array("i", starts), array("i", ends)
        if not f or f[0] != 0 or f[-1] != len(s) or len(s) != len(e):
            raise ValueError("name columns differ in length")
        if not all(map(operator.lt, f, itertools.islice(f, 1, None))):
            raise ValueError("a name mention without words")
        return cls(f, s, e)

    def __len__(self) -> int:
        return len(self.first) - 1

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NameSpans):
            return NotImplemented
        return (self.first, self.starts, self.ends) == (other.first, other.starts, other.ends)

    __hash__ = None  # type: ignore[assignment]

    def span(self, i: int) -> tuple[int, int]:
        """Where mention ``i`` starts and ends."""
        return self.starts[self.first[i]], self.ends[self.first[i + 1] - 1]

    def spans(self) -> list[tuple[int, int]]:
        """Where each mention starts and ends (:meth:`span` of every one)."""
        starts, ends, first = self.starts, self.ends, self.first
        return [(starts[a], ends[b - 1]) for a, b in itertools.pairwise(first)]

    def words(self, text: str, i: int) -> tuple[str, ...]:
        """Mention ``i``'s words (:attr:`NameMention.words`)."""
        s, e = self.starts, self.ends
        return tuple(text[s[k] : e[k]] for k in range(self.first[i], self.first[i + 1]))

    def mention(self, text: str, i: int) -> NameMention:
        s, e = self.starts, self.ends
        tokens = tuple(
            (text[s[k] : e[k]], s[k], e[k]) for k in range(self.first[i], self.first[i + 1])
        )
        start, end = tokens[0][1], tokens[-1][2]
        return NameMention(start, end, text[start:end], tokens)

    def mentions(self, text: str) -> list[NameMention]:
        """The mentions as :func:`find_names` gave them."""
        return [self.mention(text, i) for i in range(len(self))]


def _headline(line: str) -> bool:
    """A title line: five words or more, mostly capitalized, no closing period."""
    if line.rstrip().endswith((".", "”", '"')):
        return False  # a sentence: no need to count its words
    ws = _HEADLINE_WORD_RE.findall(line)
    if len(ws) < 5:
        return False
    caps = sum(1 for w in ws if w[0].isupper())
    return caps / len(ws) >= 0.7 and not line.rstrip().endswith((".", "”", '"'))


def find_names(text: str, start: int = 0) -> list[NameMention]:
    """Runs of capitalized words in ``text[start:]``, possessives dropped.

    >>> t = "an Immigrations and Customs Enforcement operation, said ICE’s chief"
    >>> [n.text for n in find_names(t)]
    ['Immigrations and Customs Enforcement', 'ICE']
    """
    out: list[NameMention] = []
    pos = start
    for line in text[start:].splitlines(keepends=True):
        if not _headline(line):
            out.extend(_names_in_line(text, pos, pos + len(line)))
        pos += len(line)
    return out


def _flush(
    text: str, run: list[tuple[str, int, int]], out: list[NameMention]
) -> list[tuple[str, int, int]]:
    """Close a run of words: connectors at its end dropped, the rest (if
    any) appended to ``out`` as a mention; an empty run to go on with."""
    while run and run[-1][0][:1] not in _CAPS:
        run.pop()
    if run:
        s, e = run[0][1], run[-1][2]
        out.append(NameMention(s, e, text[s:e], tuple(run)))
    return []


def _names_in_line(text: str, s: int, e: int) -> list[NameMention]:
    """The name mentions in ``text[s:e]`` (one line), offsets into ``text``.

    A run of capitalized words, joined by connectors ("of", "and", "&") and
    spaces, ends at other text, a possessive ("ICE's") or a sentence-final
    period; connectors at its end are dropped.  The words of
    :data:`_WORD_RE` are read in two scans that give the same matches (a
    capitalized word and a connector never overlap): the capitalized words,
    and the connectors only between two words of a run, since elsewhere
    they cannot join anything.
    """
    out: list[NameMention] = []
    run: list[tuple[str, int, int]] = []
    last_end = s
    for m in _CAP_WORD_RE.finditer(text, s, e):
        ms = m.start()
        if run and ms != last_end and (ms != last_end + 1 or text[last_end] != " "):
            run, last_end = _join(text, run, out, last_end, ms)
        raw = m.group()
        word = raw[:-2] if raw.endswith(_POSSESSIVE_ENDS) else raw
        if word.endswith(".") and len(word) > 2 and not _abbreviation(word):
            word = word[:-1]  # sentence-final period
            run.append((word, ms, ms + len(word)))
            last_end = ms + len(raw)
            run = _flush(text, run, out)
            continue
        run.append((word, ms, ms + len(word)))
        last_end = ms + len(raw)
        if raw is not word:  # a possessive ends the name
            run = _flush(text, run, out)
    _flush(text, run, out)  # connectors after the last word would be dropped here
    return out


def _join(
    text: str, run: list[tuple[str, int, int]], out: list[NameMention], last_end: int, ms: int
) -> tuple[list[tuple[str, int, int]], int]:
    """The connectors between the end of a run (``last_end``) and the next
    capitalized word (at ``ms``) added to the run while only spaces part
    them; at other text or a line break the run is closed.  Returns the run
    to go on with and the new end."""
    first = text[last_end]
    if first != "&" and not first.isspace():  # "Smith, ...": no connector can follow
        return _flush(text, run, out), last_end
    for c in _CONNECTOR_RE.finditer(text, last_end, ms):
        cs = c.start()
        gap = text[last_end:cs]
        if gap.strip() or "\n" in gap:
            return _flush(text, run, out), last_end
        raw = c.group()
        run.append((raw, cs, cs + len(raw)))
        last_end = cs + len(raw)
    gap = text[last_end:ms]
    if gap.strip() or "\n" in gap:
        return _flush(text, run, out), last_end
    return run, last_end


_ABBREVIATIONS = frozenset(
    [
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "St.",
        "Jr.",
        "Sr.",
        "Mt.",
        "Ft.",
        "Co.",
        "Corp.",
        "Inc.",
        "Ltd.",
        "No.",
        "Jan.",
        "Feb.",
        "Mar.",
        "Apr.",
        "Jun.",
        "Jul.",
        "Aug.",
        "Sep.",
        "Sept.",
        "Oct.",
        "Nov.",
        "Dec.",
        "Gen.",
        "Lt.",
    ]
)


def _abbreviation(word: str) -> bool:
    """A word ending in a period that does not end a sentence: initials, titles, months."""
    return (
        bool(_INITIALS_RE.fullmatch(word))
        or word in _ABBREVIATIONS
        or word in name_words().title_aliases
    )


@attrs.frozen
class Acronym:
    """An acronym defined in parentheses after its expansion."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def _initials(words: Sequence[str], connectors: frozenset[str]) -> str:
    return "".join(w[0].upper() for w in words if w not in connectors and w[:1].isupper())


def find_acronyms(text: str) -> list[Acronym]:
    """Acronyms defined as "Long Form (LF)", the long form cut to the initials.

    >>> t = "the Immigration and Customs Enforcement (ICE) Acting Director"
    >>> [(a.short, a.long) for a in find_acronyms(t)]
    [('ICE', 'Immigration and Customs Enforcement')]
    """
    conn = name_words().connectors
    out = []
    for m in re.finditer(r"\(([A-Z][A-Z&.]{1,9})s?\)", text):
        short = m.group(1).replace(".", "")
        off = max(0, m.start() - 120)
        line_start = text.rfind("\n", 0, m.start()) + 1
        off = max(off, line_start)
        before = _names_in_line(text, off, m.start())
        if not before:
            continue
        name = before[-1]
        off = 0
        if text[off + name.end : m.start()].strip():
            continue
        toks = name.tokens
        for j in range(len(toks)):
            sub = [t[0] for t in toks[j:]]
            if sub[0] in conn:
                continue
            if _initials(sub, conn) == short.upper().replace("&", ""):
                ls, le = off + toks[j][1], off + toks[-1][2]
                out.append(Acronym(short, text[ls:le], m.start(1), m.end(1), ls, le))
                break
    return out


def canonical_title(title: str) -> str:
    """A title's full, unqualified form.

    >>> canonical_title("Sens."), canonical_title("ICE Acting Director"), canonical_title("AG")
    ('Senator', 'Director', 'Attorney General')
    """
    nw = name_words()
    t = title.strip()
    for abbr, full in sorted(nw.title_aliases.items(), key=lambda kv: -len(kv[0])):
        if t == abbr or t.endswith(" " + abbr):
            t = full
            break
    words = [w for w in t.split() if w not in nw.modifiers]
    t = " ".join(words)
    for full in nw.titles:
        if t == full or t.endswith(" " + full):
            return nw.title_aliases.get(full, full)
    return nw.title_aliases.get(t, t)


@lru_cache(maxsize=1)
def _title_index() -> dict[str, tuple[str, ...]]:
    """Titles and abbreviations by their first word."""
    nw = name_words()
    index: dict[str, list[str]] = {}
    for t in [*nw.titles, *nw.title_aliases]:
        index.setdefault(t.split()[0], []).append(t)
    return {k: tuple(v) for k, v in index.items()}


def split_title(name: str) -> tuple[str | None, str]:
    """The title standing before a person's name, and the name.

    >>> split_title("Immigration and Customs Enforcement Acting Director Johnson")
    ('Director', 'Johnson')
    >>> split_title("Party Chairman State Rep. Cheikh Taylor")
    ('Representative', 'Cheikh Taylor')
    >>> split_title("Lynn Fitch")
    (None, 'Lynn Fitch')
    """
    nw = name_words()
    words = name.split()
    best: tuple[int, str] | None = None
    index = _title_index()
    for i in range(len(words)):
        for t in index.get(words[i], ()):
            tw = t.split()
            if words[i : i + len(tw)] == tw and i + len(tw) < len(words):
                end = i + len(tw)
                if best is None or end > best[0]:
                    best = (end, t)
    if best is None:
        return None, name
    rest = words[best[0] :]
    if rest and rest[0] in nw.modifiers:
        rest = rest[1:]
    return canonical_title(best[1]), " ".join(rest)


def bare_name(speaker: str) -> str:
    """A speaker reduced to what names compare on: the extractor's
    :func:`xref.attribution.bare_name` (titles, appositives, "of Place"
    dropped), without an article or a possessive either.

    >>> bare_name("Attorney General Erich Schmitt of Missouri"), bare_name("the letter")
    ('Erich Schmitt', 'letter')
    >>> bare_name("Chief executive Chris Weston")
    'Chris Weston'
    """
    s = re.sub(r"['’]s\b", "", speaker.strip())
    s = re.sub(r"^(?:the|a|an)\s+", "", attribution.bare_name(s), flags=re.I)
    return split_title(s)[1].strip()


def is_generic(speaker: str) -> bool:
    """Whether a speaker is a document or body ("the letter", "officials"), not a person.

    >>> is_generic("the letter"), is_generic("the agency"), is_generic("Hawley")
    (True, True, False)
    """
    key = _key(bare_name(speaker))
    nw = name_words()
    if key in nw.generic_speakers:
        return True
    last = key.split()[-1] if key else ""
    return not _CAP_RE.search(bare_name(speaker)) and last in nw.generic_speakers


def _aliased(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return any(ka in g and kb in g for g in name_words().aliases)


def same_entity(a: str, b: str, acronyms: Sequence[Acronym] = ()) -> bool:
    """Whether two names can be the same person or body.

    A surname after a full name, a title with or without the first name, an
    acronym against its expansion, and the aliases in the data file all are.

    >>> same_entity("Attorney General Lynn Fitch", "Lynn Fitch")
    True
    >>> same_entity("Hawley", "Josh Hawley"), same_entity("President Biden", "President Joe Biden")
    (True, True)
    >>> same_entity("Lynn Fitch", "Erich Schmitt")
    False
    >>> same_entity("Tom Smith", "Jane Smith")
    False
    """
    if _aliased(a, b):
        return True
    ba, bb = _key(bare_name(a)), _key(bare_name(b))
    if not ba or not bb:
        return False
    if ba == bb or _aliased(ba, bb):
        return True
    for ac in acronyms:
        forms = {_key(ac.short), _key(ac.long)}
        if ba in forms and bb in forms:
            return True
    ta, tb = ba.split(), bb.split()
    if ta[-1] != tb[-1]:
        return False
    if len(ta) == 1 or len(tb) == 1:
        return True  # a surname after the full name
    fa, fb = ta[0], tb[0]
    return (
        fa == fb
        or (len(fa) <= 2 and fb.startswith(fa.rstrip(".")))
        or (len(fb) <= 2 and fa.startswith(fb.rstrip(".")))
    )


def _distance1(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or adjacent transposition apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _alternate(x: str, y: str, alternations: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """``x`` and ``y`` with their first letters made the same by one known
    alternation (``name_alternations`` in names.toml), or None.

    >>> _alternate("katherine", "catherine", [("k", "c")])
    ('catherine', 'catherine')
    >>> _alternate("kristen", "christen", [("ch", "k")])
    ('kristen', 'kristen')
    >>> _alternate("karen", "maren", [("k", "c")]) is None
    True
    """
    for p, q in alternations:
        for u, v, flip in ((x, y, False), (y, x, True)):
            if u.startswith(p) and v.startswith(q) and not v.startswith(p):
                u2 = q + u[len(p) :]
                return (v, u2) if flip else (u2, v)
    return None


def spelling_variant(
    a: str,
    b: str,
    *,
    min_length: int = 4,
    min_length_edit: int = 6,
    alternations: Sequence[tuple[str, str]] | None = None,
) -> bool:
    """Whether ``a`` and ``b`` look like one word spelled two ways.

    One is the other plus one or two letters at the end ("Immigrations",
    "Erich"), or they are one edit apart and both at least ``min_length_edit``
    letters long ("Schmitt"/"Schmidt").  Different first letters are only
    when they are a known alternation of the spelling of names
    (``name_alternations`` in names.toml, or ``alternations``: "Katherine"/
    "Catherine", "Kristen"/"Christen", "Philip"/"Filip"), after which one
    more edit is allowed ("Geoff"/"Jeff").

    >>> spelling_variant("Immigrations", "Immigration"), spelling_variant("Erich", "Eric")
    (True, True)
    >>> spelling_variant("John", "Joan"), spelling_variant("Democratic", "Democrats")
    (False, False)
    >>> spelling_variant("Katherine", "Catherine"), spelling_variant("Geoff", "Jeff")
    (True, True)
    >>> spelling_variant("Philip", "Filip"), spelling_variant("Karen", "Katherine")
    (True, False)
    """
    x, y = a.casefold(), b.casefold()
    if x == y or min(len(x), len(y)) < min_length:
        return False
    if x[:1] != y[:1]:
        alt = _alternate(x, y, name_words().alternations if alternations is None else alternations)
        if alt is None:
            return False
        x, y = alt
        return x == y or _distance1(x, y)
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    if long_.startswith(short) and len(long_) - len(short) <= 2:
        return True
    return min(len(x), len(y)) >= min_length_edit and _distance1(x, y)
