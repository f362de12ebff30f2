"""Clustering: every rendering of one quote or passage, across documents.

Units are a document's quotations (inline and block, not one- or two-word
terms) and the sentences of its unquoted text.  Each unit asks the index for
candidate windows in *other* documents; the units overlapping a window are
compared with :func:`xref.compare.compare` and an edge is kept when the
verdict and score say they render the same words.  Connected units form a
cluster; its reference is the longest, most complete rendering (quoted
renderings first), and every other rendering is judged against it.

Contents
--------
Unit              a quotation or unquoted sentence of a document
units_of          Document + its quotes -> units
Edge              two units that render the same words, with the comparison
find_edges        units + index -> edges (candidates only, never all pairs)
build_clusters    units + edges -> Cluster objects, sorted and numbered
is_boilerplate    bylines, newsletter footers and the like
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import attrs

from xref.compare import compare
from xref.index import CorpusIndex
from xref.model import Cluster, Comparison, Document, Evidence, Quote, Rendering
from xref.normalize import words
from xref.segment import sentences

#: verdicts that say two units render the same words
STRONG = frozenset({"exact", "variant", "truncated", "elided"})
#: verdicts that may still link two units when the score is high enough
WEAK = frozenset({"paraphrase", "conflict"})

#: minimum alignment score for a paraphrase/conflict edge between two
#: unquoted sentences, and when at least one side is a quotation
PASSAGE_MIN_SCORE = 80.0
QUOTE_MIN_SCORE = 65.0
#: unquoted sentences shorter than this (in words) are not units
MIN_SENTENCE_WORDS = 6
#: a candidate window must score this share of what the unit could score
#: in the index (all its shingles and anchors); the short side of a true
#: pair scores close to 1, so this only drops chance hits (for speed)
CANDIDATE_MIN_SHARE = 0.25

_BOILERPLATE_RE = re.compile(
    r"\b(?:is an? (?:\w+ )?(?:reporter|writer|correspondent|editor|contributor) (?:for|at|with)"
    r"|email (?:him|her|them|us) at|follow (?:him|her|them|us) on"
    r"|please let us know|all rights reserved|sign up for|subscribe to"
    r"|newsletter|copyright ©|this article (?:was|first) (?:originally )?(?:published|appeared))",
    re.I,
)


def is_boilerplate(text: str) -> bool:
    """Bylines, contact lines, comment prompts and newsletter footers.

    >>> is_boilerplate("John Binder is a reporter for Breitbart News.")
    True
    >>> is_boilerplate("ICE arrested 19,752 unlawful immigrants.")
    False
    """
    return bool(_BOILERPLATE_RE.search(text))


@attrs.frozen
class Unit:
    """A quotation or an unquoted sentence of one document."""

    doc: str
    start: int
    end: int
    text: str
    quoted: bool
    speaker: str | None = None
    cue: str | None = None
    n_words: int = 0

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc, self.start, self.end)


def units_of(doc: Document, quotes: Sequence[Quote]) -> list[Unit]:
    """The document's quotations and the sentences of its unquoted text."""
    out: list[Unit] = []
    spans: list[tuple[int, int]] = []
    for q in quotes:
        if q.kind == "term" or q.depth > 0:
            continue
        n = len(words(q.text))
        if n < 3:
            continue
        out.append(Unit(doc.id, q.start, q.end, q.text, True, q.speaker, q.cue, n))
        spans.append((q.start, q.end))
    spans.sort()
    # unquoted gaps between quotations (quotation marks themselves excluded)
    pos = doc.body_start
    gaps: list[tuple[int, int]] = []
    for s, e in spans:
        if s - 1 > pos:
            gaps.append((pos, s - 1))
        pos = max(pos, e + 1)
    if pos < len(doc.text):
        gaps.append((pos, len(doc.text)))
    for gs, ge in gaps:
        for s, e in sentences(doc.text, gs, ge):
            text = doc.text[s:e]
            n = len(words(text))
            if n >= MIN_SENTENCE_WORDS:
                out.append(Unit(doc.id, s, e, text, False, n_words=n))
    out.sort(key=lambda u: (u.start, -u.end))
    return out


@attrs.frozen
class Edge:
    """Two units of different documents that render the same words.

    ``short`` is the unit with fewer words; ``comparison`` is
    ``compare(short.text, long.text)``.
    """

    short: Unit
    long: Unit
    comparison: Comparison


def _accept(a: Unit, b: Unit, cmp: Comparison) -> bool:
    if cmp.verdict in STRONG:
        return True
    if cmp.verdict not in WEAK:
        return False
    limit = QUOTE_MIN_SCORE if (a.quoted or b.quoted) else PASSAGE_MIN_SCORE
    return cmp.score >= limit


_CONTENT_STOP = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been
    it its this that these those he she they we you i his her their our your than
    there which who whom whose what when where how all any some such into over under
    about after before also has have had do does did will would can could should
    may might must said says say""".split()
)


def _content(text: str) -> tuple[set[str], set[str]]:
    """Content words (simple plurals folded) and distinctive numbers of ``text``."""
    words_, numbers = set(), set()
    for t in words(text):
        w = t.norm
        if any(c.isdigit() for c in w):
            digits = w.replace(",", "").replace(".", "")
            if len(digits) >= 3:  # 302, 2014, 19,752; not "18" or "5"
                numbers.add(w)
            continue
        if w in _CONTENT_STOP:
            continue
        words_.add(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return words_, numbers


#: a restatement shares at least this many distinctive numbers and this
#: share of the shorter text's content words with a quotation
RESTATEMENT_MIN_NUMBERS = 2
RESTATEMENT_MIN_OVERLAP = 0.5


def restatement(short: Unit, long: Unit) -> Comparison | None:
    """Indirect speech that restates a quotation with the same numbers.

    An unquoted sentence ("ICE arrested 19,752 unlawful immigrants … from
    Oct. 2014 to May 2018, according to the letter") restating a quotation
    ("… from October 2014 to May 2018, ICE arrested 19,752 illegal aliens …")
    shares its specific numbers and many content words but not the word
    order, so word alignment alone scores it low.  Returns a ``paraphrase``
    Comparison whose evidence names the shared numbers and the overlap, or
    None when the two do not qualify.
    """
    if short.quoted == long.quoted:
        return None
    sw, sn = _content(short.text)
    lw, ln = _content(long.text)
    shared_numbers = sn & ln
    if len(shared_numbers) < RESTATEMENT_MIN_NUMBERS or not sw:
        return None
    overlap = len(sw & lw) / len(sw)
    if overlap < RESTATEMENT_MIN_OVERLAP:
        return None
    nums = ", ".join(sorted(shared_numbers))
    evidence: tuple[Evidence, ...] = (
        Evidence(
            "restatement",
            f"an unquoted restatement: shares the numbers {nums} and {overlap:.0%} of its "
            f"content words with the quotation",
            value=round(overlap * 100, 1),
            threshold=RESTATEMENT_MIN_OVERLAP * 100,
        ),
    )
    if sn - ln:
        missing = ", ".join(sorted(sn - ln))
        evidence += (
            Evidence("number-changed", f"numbers {missing} are not in the quotation", a=missing),
        )
        verdict = "conflict"
    else:
        verdict = "paraphrase"
    return Comparison(verdict, round(overlap * 100, 1), short.text, long.text, 0,
                      len(long.text), (), evidence)


def judge(short: Unit, long: Unit) -> Comparison | None:
    """The comparison that links ``short`` to ``long``, or None."""
    cmp = compare(short.text, long.text)
    if _accept(short, long, cmp):
        return cmp
    return restatement(short, long)


def find_edges(
    units_by_doc: dict[str, list[Unit]],
    index: CorpusIndex,
    *,
    candidates_per_unit: int = 8,
    only_docs: Iterable[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Edge]:
    """Edges between units of different documents, through the index only.

    ``only_docs`` restricts the *querying* side to some documents (their
    units still link to units of any document), so the work can be split
    into chunks and the chunks' edges merged with :func:`merge_edges`.
    """
    done: dict[tuple[tuple[str, int, int], tuple[str, int, int]], Edge | None] = {}
    querying = sorted(units_by_doc) if only_docs is None else sorted(only_docs)
    for doc_id in querying:
        for unit in units_by_doc[doc_id]:
            for cand in index.candidates(
                unit.text, limit=candidates_per_unit, exclude=(doc_id,), min_hits=2,
                min_share=CANDIDATE_MIN_SHARE,
            ):
                for other in units_by_doc.get(cand.doc, ()):
                    if other.end <= cand.start or other.start >= cand.end:
                        continue
                    pair = tuple(sorted((unit.key, other.key)))
                    key = (pair[0], pair[1])
                    if key in done:
                        continue
                    short, long = sorted((unit, other), key=lambda u: (u.n_words, u.key))
                    cmp = judge(short, long)
                    done[key] = Edge(short, long, cmp) if cmp is not None else None
            if progress:
                progress(1)
    return [e for _, e in sorted(done.items(), key=lambda kv: kv[0]) if e is not None]


def merge_edges(chunks: Iterable[Sequence[Edge]]) -> list[Edge]:
    """Edges from several chunks, without duplicates, in a deterministic order."""
    merged: dict[tuple[tuple[str, int, int], tuple[str, int, int]], Edge] = {}
    for chunk in chunks:
        for e in chunk:
            a, b = sorted((e.short.key, e.long.key))
            merged.setdefault((a, b), e)
    return [merged[k] for k in sorted(merged)]


def _components(edges: Iterable[Edge]) -> list[list[Unit]]:
    parent: dict[tuple[str, int, int], tuple[str, int, int]] = {}
    units: dict[tuple[str, int, int], Unit] = {}

    def find(k: tuple[str, int, int]) -> tuple[str, int, int]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for e in edges:
        for u in (e.short, e.long):
            units.setdefault(u.key, u)
            parent.setdefault(u.key, u.key)
        ra, rb = find(e.short.key), find(e.long.key)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[tuple[str, int, int], list[Unit]] = defaultdict(list)
    for k, u in units.items():
        groups[find(k)].append(u)
    return [sorted(g, key=lambda u: u.key) for g in groups.values()]


def _reference(group: Sequence[Unit]) -> Unit:
    return min(group, key=lambda u: (not u.quoted, -u.n_words, u.doc, u.start))


def _rendering(unit: Unit, cmp: Comparison | None, ref: Unit | None = None) -> Rendering:
    """A unit as a rendering; diff offsets move from the compared strings to
    the documents (``a_*`` into this unit's document, ``b_*`` into the
    reference's)."""
    if cmp is None:
        return Rendering(
            unit.doc, unit.start, unit.end, unit.text, "exact", 100.0, unit.speaker, unit.cue,
            unit.quoted,
            (Evidence("reference", "the longest, most complete rendering: the reference"),),
        )
    diffs = tuple(
        attrs.evolve(
            d,
            a_start=d.a_start + unit.start,
            a_end=d.a_end + unit.start,
            b_start=d.b_start + (ref.start if ref else 0),
            b_end=d.b_end + (ref.start if ref else 0),
        )
        for d in cmp.diffs
    )
    return Rendering(
        unit.doc, unit.start, unit.end, unit.text, cmp.verdict, cmp.score, unit.speaker,
        unit.cue, unit.quoted, cmp.evidence, diffs,
    )


def build_clusters(edges: Sequence[Edge]) -> list[Cluster]:
    """Clusters from edges: reference first, renderings judged against it.

    A rendering that no longer matches the reference (a chain of edges can
    link texts that share little) is left out; so is a weak rendering from a
    document that already renders the reference strongly (it is another
    sentence of the same document).  Clusters of fewer than two documents
    are dropped.  Order: quotes, passages, boilerplate; then by first place.
    """
    clusters: list[tuple[tuple[int, str, int], str, list[Rendering]]] = []
    for group in _components(edges):
        ref = _reference(group)
        rends = [_rendering(ref, None)]
        for u in group:
            if u is ref:
                continue
            cmp = judge(u, ref)
            if cmp is None:
                continue
            rends.append(_rendering(u, cmp, ref))
        strong_docs = {r.doc for r in rends if r.verdict in STRONG}
        rends = [
            r for r in rends if r.verdict in STRONG or r.doc not in strong_docs
        ]
        if len({r.doc for r in rends}) < 2:
            continue
        rends = [rends[0], *sorted(rends[1:], key=lambda r: (r.doc, r.start))]
        if any(is_boilerplate(r.text) and not r.quoted for r in rends):
            kind = "boilerplate"
        elif any(r.quoted for r in rends):
            kind = "quote"
        else:
            kind = "passage"
        order = {"quote": 0, "passage": 1, "boilerplate": 2}[kind]
        clusters.append(((order, rends[0].doc, rends[0].start), kind, rends))
    clusters.sort(key=lambda c: c[0])
    return [
        Cluster(f"C{i}", kind, tuple(rends)) for i, (_, kind, rends) in enumerate(clusters, 1)
    ]
