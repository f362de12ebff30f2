"""The ``names`` check: one person or body written differently (``name-variant``).

Three kinds of variant are reported; aliases that are fine are not:

* a misspelling: two forms of a multi-word name that differ in one word,
  the two words one spelled as the other ("Immigrations and Customs
  Enforcement" against "Immigration and Customs Enforcement"); the rarer form
  is reported with the usual one and how often each occurs;
* an acronym given different expansions ("ICE" defined as two different
  names in two documents);
* a title that changes: the same full name with two different titles
  ("Attorney General Erich Schmitt", "Senator Erich Schmitt").

A surname after a full name, "ICE" after "Immigration and Customs
Enforcement (ICE)", "President Biden" beside "President Joe Biden", and
"Acting Director Johnson" beside "ICE Acting Director Tae Johnson" are
aliases, never findings.  Nor is another form of a word where grammar
asks for it at the head of a name (a plural, a demonym, an agent noun: the
rule's ``inflections``): "the Republican Senators" beside "a Republican
Senator", "South Korean exporters" beside "South Korea".

Contents
--------
spelling_variants   Context, Rule -> [Finding]
acronym_conflicts   Context, Rule -> [Finding]
title_changes       Context, Rule -> [Finding]
check               Context, Rule -> [Finding]
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from xref.checks.context import Context, location, make_finding, quote_text
from xref.model import Document, Evidence, Finding, Location
from xref.names import (
    NameSpans,
    _key,
    _title_index,
    find_acronyms,
    name_words,
    spelling_variant,
    split_title,
)
from xref.rules import Rule

Gram = tuple[str, ...]


#: one occurrence of a gram: the document, its name mentions, the mention,
#: and where the gram starts and ends among the mention's words
Occurrence = tuple[str, NameSpans, int, int, int]


class _Names:
    """The corpus's name mentions by their text: names repeat, so each
    distinct name is split into words and keyed once (a name's words are a
    function of its text: the runs of characters between the spaces that
    part them, or "&")."""

    def __init__(self, ctx: Context) -> None:
        #: each distinct name, in order of first mention: its text, its words,
        #: their keys (:func:`xref.names._key`; none for a name of one word,
        #: which has no grams), how many mentions have it
        self.texts: list[str] = []
        self.words: list[tuple[str, ...]] = []
        self.keys: list[tuple[str, ...]] = []
        self.count: list[int] = []
        #: each document's mentions as numbers of those names
        self.runs: list[tuple[Document, NameSpans, array[int]]] = []
        number: dict[str, int] = {}
        key_of: dict[str, str] = {}
        count = self.count
        for doc in ctx.documents:
            spans = ctx.name_spans(doc)
            text = doc.text
            mentions = [text[a:b] for a, b in spans.spans()]
            first = spans.first
            for m, name in enumerate(mentions):
                if name in number:
                    continue
                number[name] = len(self.texts)
                keys: tuple[str, ...] = ()
                if first[m + 1] - first[m] == 1:
                    words: tuple[str, ...] = (name,)  # one word: the mention itself
                else:
                    words = spans.words(text, m)
                    keys = tuple(
                        key_of[w] if w in key_of else key_of.setdefault(w, _key(w))
                        for w in words
                    )
                self.texts.append(name)
                self.words.append(words)
                self.keys.append(keys)
                count.append(0)
            ids = array("i", map(number.__getitem__, mentions))
            for n, times in Counter(ids).items():
                count[n] += times
            self.runs.append((doc, spans, ids))


def _gram_connectors() -> frozenset[str]:
    """The words a gram may not start or end on: the connectors ("of", "the"
    …), capitalized too ("The Porte de Vincennes" / "The Port of Tubarão"
    share no name, only "The": a gram needs two words of its own)."""
    conn = name_words().connectors
    return conn | frozenset(w[:1].upper() + w[1:] for w in conn)


def _name_grams(
    words: tuple[str, ...], keys: tuple[str, ...], conn: frozenset[str], max_len: int
) -> Iterator[tuple[Gram, int, int]]:
    """Every window of 2..max_len words of a name that starts and ends on a
    capitalized word, as its words' keys, with where it starts and ends."""
    for i in range(len(words)):
        if words[i] in conn:
            continue
        for j in range(i + 2, min(len(words), i + max_len) + 1):
            if words[j - 1] not in conn:
                yield keys[i:j], i, j


def _grams(names: _Names, max_len: int, holding: Iterable[str]) -> dict[Gram, int]:
    """How often each gram (:func:`_name_grams`) with one of the ``holding``
    words occurs in the corpus's names, in order of first occurrence."""
    conn = _gram_connectors()
    some = frozenset(holding)
    out: dict[Gram, int] = defaultdict(int)
    for words, keys, n in zip(names.words, names.keys, names.count, strict=True):
        if some.isdisjoint(keys):
            continue
        for gram, _, _ in _name_grams(words, keys, conn, max_len):
            if not some.isdisjoint(gram):
                out[gram] += n
    return out


def _occurrences(
    names: _Names, wanted: set[Gram], max_len: int, holding: Iterable[str]
) -> dict[Gram, list[Occurrence]]:
    """Where the ``wanted`` grams, each with one of the ``holding`` words,
    occur, in document and mention order."""
    conn = _gram_connectors()
    found: dict[int, list[tuple[Gram, int, int]]] = {}
    some = frozenset(holding)
    for n, (words, keys) in enumerate(zip(names.words, names.keys, strict=True)):
        if some.isdisjoint(keys):
            continue
        hits = [g for g in _name_grams(words, keys, conn, max_len) if g[0] in wanted]
        if hits:
            found[n] = hits
    out: dict[Gram, list[Occurrence]] = defaultdict(list)
    for doc, spans, runs in names.runs:
        for m, n in enumerate(runs):
            for gram, i, j in found.get(n, ()):
                out[gram].append((doc.id, spans, m, i, j))
    return out


def _blocking_keys(word: str, alternations: Sequence[tuple[str, str]]) -> set[str]:
    """Keys two words share whenever :func:`xref.names.spelling_variant`
    may hold between them: each form of the word (itself, and with a known
    alternation of its first letters applied), that form less its last one
    or two letters, and that form less any one letter.  So the check
    compares the few words that share a key, not every pair of words.

    >>> sorted(_blocking_keys("eric", ()))
    ['eic', 'er', 'erc', 'eri', 'eric', 'ric']
    >>> bool(_blocking_keys("schmitt", ()) & _blocking_keys("schmidt", ()))
    True
    """
    w = word.casefold()
    forms = {w}
    for p, q in alternations:
        if w.startswith(p):
            forms.add(q + w[len(p) :])
    keys: set[str] = set()
    for f in forms:
        keys.update((f, f[:-1], f[:-2]))
        keys.update(f[:k] + f[k + 1 :] for k in range(len(f)))
    return keys


def _near_words(words: Iterable[str], variant: Callable[[str, str], bool]) -> dict[str, set[str]]:
    """For each word that has one, the other words it shares a blocking key
    with (the only ones it can be a spelling variant of) for which
    ``variant`` holds one way or the other."""
    alternations = name_words().alternations
    by_key: dict[str, list[str]] = defaultdict(list)
    for w in sorted(words):
        for k in _blocking_keys(w, alternations):
            by_key[k].append(w)
    near: dict[str, set[str]] = defaultdict(set)
    for ws in by_key.values():
        if 1 < len(ws) <= _MAX_BLOCK:
            for a in ws:
                near[a].update(b for b in ws if b != a)
    real: dict[str, set[str]] = {}
    for a in sorted(near):
        if ok := {b for b in near[a] if variant(a, b) or variant(b, a)}:
            real[a] = ok
    return real


#: a blocking key shared by more words than this is not used: it is a stem
#: of two or three letters, shorter than the keys variants share (the
#: shorter word itself, or either word less one letter)
_MAX_BLOCK = 2000


def spelling_variants(ctx: Context, rule: Rule, names: _Names | None = None) -> list[Finding]:
    """Multi-word names written with one word spelled two ways (``names``:
    the corpus's names, when already read)."""
    max_len = int(rule.option("max_words", 6))
    min_len = int(rule.option("min_word_length", 4))
    min_edit = int(rule.option("min_word_length_edit", 6))
    titles = {_key(w) for t in name_words().titles for w in t.split()}
    names = names if names is not None else _Names(ctx)

    def variant(wa: str, wb: str) -> bool:
        if wa in titles and wb in titles:
            return False
        return spelling_variant(wa, wb, min_length=min_len, min_length_edit=min_edit)

    # only words with a variant spelling somewhere can make a pair, and only
    # the grams holding one of them are counted (the words of the names of
    # two words or more: every word of a gram, and perhaps a few more, which
    # can pair with none since no gram holds them)
    in_names = {k for keys in names.keys for k in keys}
    near = _near_words(in_names, variant)
    grams = _grams(names, max_len, near)
    # grams that differ in one word, by the other words; only where that
    # word has a near spelling somewhere (no other word can make a pair)
    buckets: dict[tuple[int, Gram], list[Gram]] = defaultdict(list)
    for g in grams:
        for i in range(len(g)):
            if g[i] in near:
                buckets[(i, (*g[:i], "*", *g[i + 1 :]))].append(g)
    # one finding per pair of spellings: the candidate where the usual form
    # outnumbers the rare one most, then the longest name
    best: dict[frozenset[str], tuple[int, int, Gram, Gram, int]] = {}
    shared = sorted((k, forms) for k, forms in buckets.items() if len(forms) > 1)
    for (i, _), forms in shared:
        by_word: dict[str, list[Gram]] = defaultdict(list)
        for g in forms:
            by_word[g[i]].append(g)
        pairs = [
            (a, b)
            for wa in by_word
            for wb in sorted(near.get(wa, ()))
            if wb in by_word
            for a in by_word[wa]
            for b in by_word[wb]
        ]
        for a, b in pairs:
            if grams[a] > grams[b]:
                continue
            if grams[a] == grams[b] and a > b:
                continue  # equally frequent: report once
            wa, wb = a[i], b[i]
            if not variant(wa, wb):
                continue
            cand = (grams[b] - grams[a], len(a), a, b, i)
            key = frozenset((wa, wb))
            if key not in best or cand[:2] > best[key][:2]:
                best[key] = cand
    chosen = [c for _, c in sorted(best.items(), key=lambda kv: sorted(kv[0]))]
    where = _occurrences(
        names, {g for _, _, a, b, _ in chosen for g in (a, b)}, max_len,
        {g[i] for _, _, a, b, i in chosen for g in (a, b)},
    )
    endings = _endings(rule.option("inflections", []))
    return [
        _variant_finding(ctx, rule, where[a], where[b], i)
        for _, _, a, b, i in chosen
        if not _word_forms(ctx, where[a], where[b], a[i], b[i], i, endings, titles)
    ]


def _endings(spec: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """The rule's ``inflections`` ("a+n", "+s") as (the shorter word's
    ending, the letters added) pairs.

    >>> _endings(["+s", "a+n"])
    (('', 's'), ('a', 'n'))
    """
    out = []
    for item in spec:
        stem, sep, added = str(item).casefold().partition("+")
        if sep and added:
            out.append((stem, added))
    return tuple(out)


def _word_forms(
    ctx: Context,
    rare: Sequence[Occurrence],
    usual: Sequence[Occurrence],
    wa: str,
    wb: str,
    i: int,
    endings: Sequence[tuple[str, str]],
    titles: set[str],
) -> bool:
    """Whether two spellings of a name's ``i``-th word are two forms of one
    word (a plural, a demonym, an agent noun: ``endings``) that grammar asks
    for where they stand.  A form that heads its name -- ends it or stands
    before "of" -- is grammar ("Roman Catholics" / "the Roman Catholic
    Church", "South Korean exporters" / "South Korea", "a Chartered
    Accountant" / "the Institute of Chartered Accountants of Sri Lanka");
    the two are one name spelled two ways only where both stand inside a
    name, before the same word ("Immigrations and Customs Enforcement" /
    "Immigration and Customs …", "Kenyan Wildlife Service" / "Kenya Wildlife
    Service").  A person's name after a title is a name ("General Charles
    Cornwalli"): a surname has no plural."""
    short, long_ = sorted((wa, wb), key=len)
    if not any(short.endswith(stem) and long_ == short + added for stem, added in endings):
        return False
    if short not in titles and any(_after_title(ctx, o, i, titles) for o in (*rare, *usual)):
        return False
    inside_rare = {w for o in rare if (w := _next_word(ctx, o, i)) is not None}
    inside_usual = {w for o in usual if (w := _next_word(ctx, o, i)) is not None}
    return not (inside_rare & inside_usual)


def _mention_words(ctx: Context, o: Occurrence) -> list[str] | None:
    """The words of an occurrence's name mention (None if its document is gone)."""
    doc_id, spans, m, _, _ = o
    d = ctx.doc(doc_id)
    if d is None:
        return None
    ks = range(spans.first[m], spans.first[m + 1])
    return [d.text[spans.starts[k] : spans.ends[k]] for k in ks]


def _next_word(ctx: Context, o: Occurrence, i: int) -> str | None:
    """The word after the gram's ``i``-th word inside its name mention, case
    folded; None where that word heads the name (ends it, or stands before "of")."""
    words = _mention_words(ctx, o)
    at = o[3] + i
    if words is None or at >= len(words) - 1:
        return None
    nxt = words[at + 1].casefold()
    return None if nxt == "of" else nxt


def _after_title(ctx: Context, o: Occurrence, i: int, titles: set[str]) -> bool:
    """Whether a title comes before the gram's ``i``-th word in its mention
    ("Senator Tom Edwards")."""
    words = _mention_words(ctx, o)
    return words is not None and any(_key(w) in titles for w in words[: o[3] + i])


def _variant_finding(
    ctx: Context, rule: Rule, rare: list[Occurrence], usual: list[Occurrence], i: int
) -> Finding:
    locs: list[Location] = []
    texts: dict[str, str] = {}
    words: dict[str, str] = {}
    for tag, (doc_id, spans, m, s, e) in [
        *(("a", o) for o in rare), *(("b", o) for o in usual[:3])
    ]:
        d = ctx.doc(doc_id)
        if d is not None:
            k = spans.first[m]
            loc = location(d, spans.starts[k + s], spans.ends[k + e - 1])
            locs.append(loc)
            texts.setdefault(tag, loc.text)
            words.setdefault(tag, d.text[spans.starts[k + s + i] : spans.ends[k + s + i]])
    wa, wb = words.get("a", ""), words.get("b", "")
    rare_docs = ", ".join(sorted({r[0] for r in rare}))
    usual_docs = ", ".join(sorted({u[0] for u in usual}))
    times = "once" if len(usual) == 1 else f"{len(usual)} times"
    details = (
        f"{quote_text(texts.get('a', ''))} ({rare_docs}) is written "
        f"{quote_text(texts.get('b', ''))} "
        f"{times} ({usual_docs}): {quote_text(wa)} against {quote_text(wb)}"
    )
    ev = Evidence("name-spelling", f"{wa} vs {wb}: one word spelled two ways", a=wa, b=wb,
                  value=float(len(rare)), threshold=float(len(usual)))  # fmt: skip
    return make_finding(rule, locs, [ev], details=details)


def acronym_conflicts(ctx: Context, rule: Rule) -> list[Finding]:
    """One acronym defined with two different expansions."""
    defs: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for doc in ctx.documents:
        for ac in find_acronyms(doc.text):
            if ac.long_start >= doc.body_start:
                defs[ac.short.upper()].append((doc.id, ac.long_start, ac.short_end + 1, ac.long))
    out = []
    for short, uses in sorted(defs.items()):
        forms: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
        for u in uses:
            forms[_key(u[3]).removeprefix("u s ").removeprefix("the ")].append(u)
        if len(forms) < 2:
            continue
        keys = sorted(forms)
        if all(
            len(x.split()) == len(y.split())
            and sum(p != q for p, q in zip(x.split(), y.split(), strict=True)) == 1
            and any(spelling_variant(p, q) for p, q in zip(x.split(), y.split(), strict=True))
            for x in keys
            for y in keys
            if x != y
        ):
            continue  # a misspelling: reported as such
        locs = []
        for u in uses:
            d = ctx.doc(u[0])
            if d is not None:
                locs.append(location(d, u[1], u[2]))
        listed = "; ".join(
            f"{quote_text(forms[k][0][3])} ({', '.join(sorted({u[0] for u in forms[k]}))})"
            for k in keys
        )
        details = f"the acronym {short} stands for different names: {listed}"
        ev = Evidence("acronym-expansions", details, a=short, value=float(len(forms)))
        out.append(make_finding(rule, locs, [ev], details=details))
    return out


def title_changes(ctx: Context, rule: Rule, names: _Names | None = None) -> list[Finding]:
    """The same full name with different titles (``names``: the corpus's
    names, when already read)."""
    names = names if names is not None else _Names(ctx)
    titled: list[tuple[str, str, str] | None] = []  # by name: title, bare name, key
    firsts = frozenset(_title_index())  # a title's first word
    for text in names.texts:
        if firsts.isdisjoint(text.split()):
            titled.append(None)
            continue
        title, bare = split_title(text)
        bare = re.sub(r"\s+(?:of|for)\s+.*$", "", bare)
        ok = title is not None and len(bare.split()) >= 2
        titled.append((title, bare, _key(bare)) if title is not None and ok else None)
    seen: dict[str, list[tuple[str, str, Location]]] = defaultdict(list)
    for doc, spans, runs in names.runs:
        for m, n in enumerate(runs):
            found = titled[n]
            if found is not None:
                start, end = spans.span(m)
                seen[found[2]].append((found[0], found[1], location(doc, start, end)))
    out = []
    for _, uses in sorted(seen.items()):
        titles = sorted({t for t, _, _ in uses})
        if len(titles) < 2:
            continue
        parts = "; ".join(
            f"{t} in {', '.join(sorted({loc.doc for tt, _, loc in uses if tt == t}))}"
            for t in titles
        )
        details = f"{uses[0][1]} has different titles: {parts}"
        ev = Evidence("title-changed", details, a=titles[0], b=titles[1])
        out.append(make_finding(rule, [loc for _, _, loc in uses], [ev], details=details))
    return out


def check(ctx: Context, rule: Rule) -> list[Finding]:
    names = _Names(ctx)
    return [
        *spelling_variants(ctx, rule, names),
        *acronym_conflicts(ctx, rule),
        *title_changes(ctx, rule, names),
    ]
