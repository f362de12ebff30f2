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
aliases, never findings.

Contents
--------
spelling_variants   Context, Rule -> [Finding]
acronym_conflicts   Context, Rule -> [Finding]
title_changes       Context, Rule -> [Finding]
check               Context, Rule -> [Finding]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from xref.checks.context import Context, location, make_finding, quote_text
from xref.model import Evidence, Finding, Location
from xref.names import (
    NameMention,
    _key,
    find_acronyms,
    name_words,
    spelling_variant,
    split_title,
)
from xref.rules import Rule

Gram = tuple[str, ...]


def _grams(ctx: Context, max_len: int) -> dict[Gram, list[tuple[str, NameMention, int, int]]]:
    """Every window of 2..max_len words inside a name, starting and ending on a capitalized word."""
    conn = name_words().connectors
    out: dict[Gram, list[tuple[str, NameMention, int, int]]] = defaultdict(list)
    key_of: dict[str, str] = {}  # word -> _key(word): names repeat their words
    for doc in ctx.documents:
        for name in ctx.names(doc):
            words = name.words
            keys = []
            for w in words:
                k = key_of.get(w)
                if k is None:
                    k = key_of[w] = _key(w)
                keys.append(k)
            for i in range(len(words)):
                if words[i] in conn:
                    continue
                for j in range(i + 2, min(len(words), i + max_len) + 1):
                    if words[j - 1] in conn:
                        continue
                    gram = tuple(keys[i:j])
                    out[gram].append((doc.id, name, i, j))
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


def _near_words(words: Iterable[str]) -> dict[str, set[str]]:
    """For each word, the other words it shares a blocking key with (the
    only ones it can be a spelling variant of)."""
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
    return near


#: a blocking key shared by more words than this is not used: it is a stem
#: of two or three letters, shorter than the keys variants share (the
#: shorter word itself, or either word less one letter)
_MAX_BLOCK = 2000


def spelling_variants(ctx: Context, rule: Rule) -> list[Finding]:
    """Multi-word names written with one word spelled two ways."""
    max_len = int(rule.option("max_words", 6))
    min_len = int(rule.option("min_word_length", 4))
    min_edit = int(rule.option("min_word_length_edit", 6))
    titles = {_key(w) for t in name_words().titles for w in t.split()}
    grams = _grams(ctx, max_len)
    near = _near_words({w for g in grams for w in g})
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
            if len(grams[a]) > len(grams[b]):
                continue
            if len(grams[a]) == len(grams[b]) and a > b:
                continue  # equally frequent: report once
            wa, wb = a[i], b[i]
            if wa in titles and wb in titles:
                continue
            if not spelling_variant(wa, wb, min_length=min_len, min_length_edit=min_edit):
                continue
            cand = (len(grams[b]) - len(grams[a]), len(a), a, b, i)
            key = frozenset((wa, wb))
            if key not in best or cand[:2] > best[key][:2]:
                best[key] = cand
    out = []
    for _, (_, _, a, b, i) in sorted(best.items(), key=lambda kv: sorted(kv[0])):
        out.append(_variant_finding(ctx, rule, grams, a, b, i))
    return out


def _variant_finding(
    ctx: Context,
    rule: Rule,
    grams: dict[Gram, list[tuple[str, NameMention, int, int]]],
    a: Gram,
    b: Gram,
    i: int,
) -> Finding:
    rare, usual = grams[a], grams[b]
    locs: list[Location] = []
    texts: dict[str, str] = {}
    for doc_id, n, s, e in [*rare, *usual[:3]]:
        d = ctx.doc(doc_id)
        if d is not None:
            loc = location(d, n.tokens[s][1], n.tokens[e - 1][2])
            locs.append(loc)
            texts.setdefault("a" if (doc_id, n, s, e) in rare else "b", loc.text)
    wa = rare[0][1].tokens[rare[0][2] + i][0]
    wb = usual[0][1].tokens[usual[0][2] + i][0]
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


def title_changes(ctx: Context, rule: Rule) -> list[Finding]:
    """The same full name with different titles."""
    seen: dict[str, list[tuple[str, str, Location]]] = defaultdict(list)
    for doc in ctx.documents:
        for n in ctx.names(doc):
            title, bare = split_title(n.text)
            bare = re.sub(r"\s+(?:of|for)\s+.*$", "", bare)
            if title is None or len(bare.split()) < 2:
                continue
            seen[_key(bare)].append((title, bare, location(doc, n.start, n.end)))
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
    return [*spelling_variants(ctx, rule), *acronym_conflicts(ctx, rule), *title_changes(ctx, rule)]
