"""Numeric claims of notes: the figures a note states next to a citation.

A claim sentence (:class:`xref.notes.NumberClaim`) is read for numbers
(:func:`xref.numbers.find_numbers`); each is looked for in the sentences of
the cited sources that share enough of the claim's content words.  The
verdict is ``exact`` (a sentence states an agreeing figure), ``conflict``
(the best sentence states another figure of the same kind, shown as a diff),
``misattributed`` (not in the cited sources but in another one) or
``not_found`` (the message then names the closest figure of the best
sentence, when it has one).

Contents
--------
ClaimChecker     sources' number sentences (cached) and ``check(note, claim, docs)``
content_words    the lower-cased, lightly stemmed content words of a text
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from xref.model import Diff, Document, Evidence, Location
from xref.normalize import words
from xref.notes import Note, NumberClaim
from xref.numbers import NumberMention, agree, find_numbers
from xref.results import CheckResult, make_result
from xref.segment import sentences

__all__ = ["ClaimChecker", "content_words"]

_STOP = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be
    been being it its this that these those he she they we you i his her their
    our your not no than then there here which who whom whose what when where
    how all any some such into over under about after before also has have had
    do does did will would can could should may might must said says say
    according more less least most nearly almost around""".split()
)


def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words (no numbers, no stop words), lightly stemmed.

    >>> sorted(content_words("ICE arrested 19,752 illegal aliens"))
    ['alien', 'arrest', 'ice', 'illegal']
    """
    out = set()
    for t in words(text):
        w = t.norm.strip("'’")
        if not w or any(ch.isdigit() for ch in w) or w in _STOP or len(w) < 3:
            continue
        out.add(_stem(w))
    return frozenset(out)


def _stem(w: str) -> str:
    """
    >>> [_stem(w) for w in ("operations", "arrested", "aliens", "gas")]
    ['oper', 'arrest', 'alien', 'gas']
    """
    for suf in ("ations", "ation", "ings", "ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def _log_gap(a: float, b: float) -> float:
    """How far apart two figures are in size.

    >>> round(_log_gap(410, 310), 2), _log_gap(0, 5)
    (0.28, 5)
    """
    if a <= 0 or b <= 0:
        return abs(a - b)
    return math.log(a / b)


def _comparable(a: NumberMention, b: NumberMention) -> bool:
    """Whether two figures measure the same kind of thing (a count and a sum
    of money compare when their units agree)."""
    kinds = {a.kind, b.kind}
    return a.kind == b.kind or (kinds <= {"count", "money"} and a.unit == b.unit)


@attrs.frozen
class _Sentence:
    """A sentence of a source that states numbers."""

    doc: Document
    start: int
    end: int
    words: frozenset[str]
    numbers: tuple[NumberMention, ...]


@attrs.frozen
class _Cand:
    """A source figure in a sentence that shares ``overlap`` words with the claim."""

    overlap: int
    sentence: _Sentence
    number: NumberMention

    def order(self) -> tuple[int, str, int]:
        return (-self.overlap, self.sentence.doc.id, self.sentence.start)


@attrs.frozen
class _Found:
    verdict: str  # exact | conflict
    cand: _Cand


class ClaimChecker:
    """Checks the figures of claim sentences against the cited sources.

    ``severity`` maps a verdict to its severity; ``elsewhere`` gives, for a
    sentence and the ids to leave out, the documents of the rest of the
    corpus that may hold it (index candidates, never every document).
    """

    def __init__(
        self,
        severity: Callable[[str], str],
        elsewhere: Callable[[str, set[str]], Sequence[Document]],
    ) -> None:
        self.severity = severity
        self.elsewhere = elsewhere
        self._sentences: dict[str, list[_Sentence]] = {}

    def sentences_of(self, doc: Document) -> list[_Sentence]:
        """The sentences of ``doc`` that state numbers (offsets into its text)."""
        if doc.id not in self._sentences:
            rows = []
            for s, e in sentences(doc.text, doc.body_start):
                nums = find_numbers(doc.text[s:e])
                if nums:
                    shifted = tuple(attrs.evolve(m, start=m.start + s, end=m.end + s) for m in nums)
                    rows.append(_Sentence(doc, s, e, content_words(doc.text[s:e]), shifted))
            self._sentences[doc.id] = rows
        return self._sentences[doc.id]

    def check(self, note: Note, claim: NumberClaim, docs: Sequence[Document]) -> list[CheckResult]:
        """One result per figure of ``claim`` against the cited ``docs``."""
        mentions = find_numbers(claim.text)
        if not mentions or not docs:
            return []
        return [self._judge(note, claim, m, mentions, docs) for m in mentions]

    # -- one figure

    def _judge(
        self,
        note: Note,
        claim: NumberClaim,
        m: NumberMention,
        mentions: Sequence[NumberMention],
        docs: Sequence[Document],
    ) -> CheckResult:
        start, end = claim.start + m.start, claim.start + m.end
        quote = note.text[start:end]
        sentence = " ".join(claim.text.split())
        cited = claim.citation.keys
        names = ", ".join(d.id for d in docs)

        def result(
            verdict: str, message: str, found: _Cand | None, *ev: Evidence, **more: Any
        ) -> CheckResult:
            if found is not None:
                sent = found.sentence
                more.update(
                    found_in=(sent.doc.id,),
                    source=Location.of(sent.doc, sent.start, sent.end),
                    source_number=found.number.text,
                )
            return make_result(
                note.path,
                note.text,
                start,
                end,
                "number",
                quote,
                verdict,
                self.severity(verdict),
                message,
                cited,
                fp_text=f"{sentence} #{quote}",
                evidence=ev,
                **more,
            )

        context = content_words(claim.text[: m.start] + " " + claim.text[m.end :])
        found = self._find(m, mentions, context, docs)
        if found is not None and found.verdict == "exact":
            sm, doc = found.cand.number, found.cand.sentence.doc
            ev = Evidence(
                "number-matches",
                f"{doc.id} says {sm.text} ({sm.describe()})",
                a=quote,
                b=sm.text,
                value=m.value,
            )
            return result("exact", f"{quote}: {doc.id} says {sm.text}", found.cand, ev)
        if found is not None:
            c = found.cand
            sm, doc = c.number, c.sentence.doc
            ev = Evidence(
                "number-changed",
                f"the note says {quote} ({m.describe()}); "
                f"{doc.id} says {sm.text} ({sm.describe()})",
                a=quote,
                b=sm.text,
                value=m.value,
            )
            diff = Diff(
                "replace",
                "number",
                quote,
                sm.text,
                m.start,
                m.end,
                sm.start - c.sentence.start,
                sm.end - c.sentence.start,
            )
            return result(
                "conflict",
                f"{quote}: {doc.id} says [-{sm.text}-]{{+{quote}+}}",
                c,
                ev,
                diffs=(diff,),
            )
        cited_ids = {d.id for d in docs}
        other = self._find(m, mentions, context, self.elsewhere(sentence, cited_ids))
        if other is not None and other.verdict == "exact":
            sm, doc = other.cand.number, other.cand.sentence.doc
            ev = Evidence(
                "other-source", f"not in {names}; {doc.id} says {sm.text}", a=names, b=doc.id
            )
            return result(
                "misattributed", f"{quote}: not in {names}; {doc.id} says {sm.text}", other.cand, ev
            )
        ev = Evidence(
            "number-not-found",
            f"no sentence of {names} about {', '.join(sorted(context)[:6])} states {m.describe()}",
            a=quote,
        )
        message = f"{quote}: no matching figure in {names}"
        near = self._nearest(m, context, docs)
        if near is None:
            return result("not_found", message, None, ev)
        sm, doc = near.number, near.sentence.doc
        near_ev = Evidence(
            "nearest-number",
            f"the closest sentence of {doc.id} says {sm.text} ({sm.describe()}), "
            "a figure of another kind",
            a=quote,
            b=sm.text,
        )
        return result(
            "not_found",
            f"{message}; the closest sentence of {doc.id} says {sm.text}",
            None,
            ev,
            near_ev,
            source=Location.of(doc, near.sentence.start, near.sentence.end),
            source_number=sm.text,
        )

    def _candidates(self, context: frozenset[str], docs: Iterable[Document]) -> list[_Cand]:
        """Figures of the sentences sharing at least a third of the claim's
        content words (and two at least)."""
        need = max(2, (len(context) + 2) // 3)
        out: list[_Cand] = []
        for doc in docs:
            for sent in self.sentences_of(doc):
                overlap = len(context & sent.words)
                if overlap >= need:
                    out.extend(_Cand(overlap, sent, sm) for sm in sent.numbers)
        return out

    def _find(
        self,
        m: NumberMention,
        mentions: Sequence[NumberMention],
        context: frozenset[str],
        docs: Iterable[Document],
    ) -> _Found | None:
        """An agreeing figure of the same kind in a candidate sentence
        (``exact``), else the best sentence's same-kind figure that no other
        figure of the claim accounts for (``conflict``), else None."""
        same_kind = sorted(
            (c for c in self._candidates(context, docs) if _comparable(m, c.number)),
            key=_Cand.order,
        )
        others = [x for x in mentions if x is not m]

        def free(cands: Sequence[_Cand]) -> list[_Cand]:
            # a figure of the claim accounts only for a source figure of its kind
            return [
                c
                for c in cands
                if not any(_comparable(o, c.number) and agree(o, c.number) for o in others)
            ]

        # a precise source figure decides: "302" in the source beats a
        # headline's "More than 300" for a note that says 320
        precise = [c for c in same_kind if c.number.exact or not m.exact]
        for pool in (precise, same_kind):
            for c in pool:
                if agree(m, c.number):
                    return _Found("exact", c)
            unclaimed = free(pool)
            if unclaimed:
                return _Found("conflict", _closest(m, unclaimed))
        return None

    def _nearest(
        self, m: NumberMention, context: frozenset[str], docs: Iterable[Document]
    ) -> _Cand | None:
        """The figure nearest in size in the best-overlapping sentence of
        ``docs`` (of any kind): what the source says instead."""
        cands = self._candidates(context, docs)
        return _closest(m, cands) if cands else None


def _closest(m: NumberMention, cands: Sequence[_Cand]) -> _Cand:
    """Among the best-overlapping sentences, the figure nearest in size."""
    best = max(c.overlap for c in cands)
    top = [c for c in cands if c.overlap == best]
    return min(
        top,
        key=lambda c: (abs(_log_gap(m.value, c.number.value)), c.sentence.doc.id, c.number.start),
    )
