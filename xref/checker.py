"""The check pipeline: notes + sources -> one result per quote and number.

For each quote of a note (see :mod:`xref.notes`) the checker resolves its
citation (:mod:`xref.manifest`), locates the words in each cited source
(:func:`xref.align.locate`), learns which quotation of the source holds them
and who the source says spoke them (:func:`xref.extract.extract_quotes`), and
compares the note's words with that quotation (:func:`xref.compare.compare`:
the whole of it => exact, a part => truncated).  Words in the source's own
(unquoted) text are compared with the located window itself.  When the
words are not in the cited source, the rest of the corpus is searched through
:class:`xref.index.CorpusIndex` (never all pairs).

Verdicts: ``exact``, ``variant``, ``truncated``, ``elided``, ``paraphrase``,
``conflict`` (from compare), ``misattributed`` (the words are in another
source than the one cited, or the source gives them to another speaker than
the note does), ``not_found``, ``uncited``; and the problem rules
``unknown-key``, ``unsafe-path``, ``input-error``, ``unbalanced-quote``.
Numbers the notes state next to a citation are checked against the cited
source's numbers (``exact``, ``conflict``, ``not_found``, ``misattributed``).

Contents
--------
CheckResult      one result (a quote, a number or a problem), with evidence
CheckRun         the results of a run, the corpus, and the exit decision
Checker          a corpus with its caches; ``check_note(path, text)``
check            paths + options -> CheckRun (the whole pipeline)
collect_notes    expand note paths and config globs into files
apply_baseline   mark results recorded in a baseline
GOOD             verdicts that mean "the source says these words"
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from xref.align import locate
from xref.baseline import fingerprint
from xref.citations import Citation, CiteRef
from xref.compare import compare
from xref.config import FAIL_ON, LEVELS, Config
from xref.errors import ReadError, XrefError
from xref.extract import extract_quotes
from xref.index import CorpusIndex
from xref.load import collect_paths
from xref.manifest import Corpus, Resolution, build_corpus, load_manifest
from xref.model import VERDICTS, Comparison, Diff, Document, Evidence, Location, Quote
from xref.normalize import words
from xref.notes import (
    Note,
    NoteQuote,
    NumberClaim,
    decode_note,
    line_col,
    parse_note,
    speaker_names,
)
from xref.numbers import NumberMention, agree, find_numbers
from xref.segment import sentences
from xref.suppress import parse_suppressions

#: verdicts meaning the source says these words (possibly cut or marked)
GOOD: frozenset[str] = frozenset({"exact", "variant", "truncated", "elided"})
#: every verdict ``xref check`` gives to a quote or a number
CHECK_VERDICTS: tuple[str, ...] = (
    "exact",
    "variant",
    "truncated",
    "elided",
    "paraphrase",
    "conflict",
    "misattributed",
    "not_found",
    "uncited",
)
#: problem rules (a note, a citation or a source that could not be checked)
PROBLEM_RULES: tuple[str, ...] = ("unknown-key", "unsafe-path", "input-error", "unbalanced-quote")
NOTE_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".txt", ".text")
_RANK = {v: i for i, v in enumerate(VERDICTS)}
_EDGE_PUNCT = " \t\n,.;:"


@attrs.frozen
class CheckResult:
    """One checked quote, number, or problem, located in a note.

    ``kind`` is ``quote``, ``number`` or ``problem``.  ``verdict`` is a
    verdict (``exact`` … ``uncited``) or a problem rule (``unknown-key`` …).
    ``line``/``column`` are 1-based (columns count characters) and point at
    the first quoted word (or the number); ``end_line``/``end_column`` just
    past the last.  ``cited`` are the citation keys as written; ``found_in``
    the documents that hold the words; ``source`` the span of the source the
    verdict was given against.  ``speaker`` is the note's attribution and
    ``source_speaker`` the source's.  ``suppressed`` is None, ``inline`` or
    ``baseline``; ``justification`` the reason given in the comment.
    ``fingerprint`` hashes the normalized quote, the keys and the verdict.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    kind: str
    quote: str
    verdict: str
    severity: str
    message: str
    cited: tuple[str, ...] = ()
    found_in: tuple[str, ...] = ()
    source: Location | None = None
    evidence: tuple[Evidence, ...] = ()
    diffs: tuple[Diff, ...] = ()
    speaker: str | None = None
    source_speaker: str | None = None
    score: float | None = None
    source_number: str | None = None
    fingerprint: str = ""
    suppressed: str | None = None
    justification: str | None = None

    @property
    def rule(self) -> str:
        """The rule id used in SARIF, GitLab and suppressions (the verdict)."""
        return self.verdict

    def fails(self, fail_on: str) -> bool:
        """Whether this result fails a run with ``--fail-on fail_on``."""
        if self.suppressed or fail_on == "never" or self.severity == "pass":
            return False
        return LEVELS.index(self.severity) <= FAIL_ON.index(fail_on)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.line, self.column, self.kind, self.verdict, self.quote)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "kind": self.kind,
            "quote": self.quote,
            "verdict": self.verdict,
            "severity": self.severity,
            "cited": list(self.cited),
            "found_in": list(self.found_in),
            "source": self.source.to_json() if self.source else None,
            "speaker": self.speaker,
            "source_speaker": self.source_speaker,
            "source_number": self.source_number,
            "score": None if self.score is None else round(self.score, 1),
            "message": self.message,
            "evidence": [e.to_json() for e in self.evidence],
            "diffs": [d.to_json() for d in self.diffs],
            "fingerprint": self.fingerprint,
            "suppressed": self.suppressed,
            "justification": self.justification,
        }


@attrs.frozen
class CheckRun:
    """The results of one run, sorted by file, line and column."""

    results: tuple[CheckResult, ...]
    files: tuple[str, ...]
    documents: tuple[Document, ...]
    root: Path
    fail_on: str = "error"

    def failing(self, fail_on: str | None = None) -> list[CheckResult]:
        level = fail_on or self.fail_on
        return [r for r in self.results if r.fails(level)]

    def exit_code(self, fail_on: str | None = None) -> int:
        """1 when a result reaches ``fail_on`` or a note could not be read; else 0."""
        if any(r.verdict == "input-error" and not r.suppressed for r in self.results):
            return 1
        return 1 if self.failing(fail_on) else 0

    def counts(self) -> Counter[str]:
        return Counter(r.verdict for r in self.results if not r.suppressed)

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)


# -- matching one quote in one document --------------------------------------


@attrs.frozen
class _Match:
    doc: Document
    comparison: Comparison
    start: int  # the span of doc.text the comparison's source is
    end: int
    speaker: str | None
    quoted: bool  # inside a quotation of the source

    @property
    def verdict(self) -> str:
        return self.comparison.verdict

    def key(self) -> tuple[int, float]:
        return (_RANK.get(self.verdict, len(_RANK)), -self.comparison.score)

    @property
    def location(self) -> Location:
        c = self.comparison
        return Location.of(self.doc, self.start + c.source_start, self.start + c.source_end)


def _references(quotes: Sequence[Quote], start: int, end: int) -> list[tuple[int, int, str | None]]:
    """The source quotations (span and speaker) that may hold ``[start, end)``:
    the smallest one containing it; else each quotation part it overlaps and
    the run of parts of their group (a quotation interrupted by "the letter
    states")."""
    slack = 3
    holding = [q for q in quotes if q.start - slack <= start and end <= q.end + slack]
    if holding:
        q = min(holding, key=lambda q: q.end - q.start)
        return [(q.start, q.end, q.speaker)]
    over = [q for q in quotes if q.start < end and start < q.end and q.depth == 0]
    if not over:
        return []
    out = [(q.start, q.end, q.speaker) for q in over]
    groups = Counter(q.group for q in over)
    g = groups.most_common(1)[0][0]
    parts = [q for q in over if q.group == g]
    if len(parts) > 1:
        out.append((min(q.start for q in parts), max(q.end for q in parts), parts[0].speaker))
    return out


class Checker:
    """Checks notes against a corpus; caches extraction and the index."""

    def __init__(self, corpus: Corpus, config: Config) -> None:
        self.corpus = corpus
        self.config = config
        self._quotes: dict[str, tuple[Quote, ...]] = {}
        self._index: CorpusIndex | None = None
        self._index_size = -1
        self._numbers: dict[str, list[tuple[int, int, frozenset[str], list[NumberMention]]]] = {}

    # -- sources
    def quotes_of(self, doc: Document) -> tuple[Quote, ...]:
        if doc.id not in self._quotes:
            self._quotes[doc.id] = extract_quotes(doc, min_words=1).quotes
        return self._quotes[doc.id]

    def index(self) -> CorpusIndex:
        if self._index is None or self._index_size != len(self.corpus.documents):
            self._index = CorpusIndex.build(self.corpus.documents)
            self._index_size = len(self.corpus.documents)
        return self._index

    def match(
        self, text: str, doc: Document, start: int | None = None, end: int | None = None
    ) -> _Match | None:
        """The best reading of ``text`` in ``doc`` (optionally in a window)."""
        lo = doc.body_start if start is None else max(start, 0)
        a = locate(text, doc.text, start=lo, end=end)
        if a is None:
            return None
        spans = [(s, e, sp, True) for s, e, sp in _references(self.quotes_of(doc), a.start, a.end)]
        spans.append((a.start, a.end, None, False))
        best: _Match | None = None
        for s, e, speaker, quoted in spans:
            # punctuation before a closing mark belongs to the sentence, not
            # the words ("…America,” the letter states): leave it out
            while e > s and doc.text[e - 1] in _EDGE_PUNCT:
                e -= 1
            comp = compare(text.rstrip(_EDGE_PUNCT), doc.text[s:e])
            comp = attrs.evolve(comp, quote=text)
            if not quoted and comp.verdict == "truncated":
                # the window is exactly the located words: a cut there is no cut
                comp = attrs.evolve(comp, verdict="exact")
            m = _Match(doc, comp, s, e, speaker, quoted)
            if best is None or m.key() < best.key():
                best = m
            if quoted and comp.verdict in GOOD:
                break  # a quotation that holds the words wins over the bare window
        return best

    def search(self, text: str, exclude: Iterable[str] = (), limit: int = 5) -> list[_Match]:
        """Readings of ``text`` elsewhere in the corpus, best first (index
        candidates only, never every document)."""
        out: dict[str, _Match] = {}
        ex = set(exclude)
        for c in self.index().candidates(text, limit=limit * 3, exclude=ex):
            if c.doc in out and out[c.doc].verdict in GOOD:
                continue
            doc = self.corpus.by_id(c.doc)
            if doc is None:
                continue
            pad = max(200, len(text))
            m = self.match(text, doc, c.start - pad, c.end + pad)
            if (
                m is not None
                and m.verdict != "unrelated"
                and (c.doc not in out or m.key() < out[c.doc].key())
            ):
                out[c.doc] = m
        return sorted(out.values(), key=lambda m: (*m.key(), m.doc.id))[:limit]

    # -- notes
    def check_note(self, path: Path, text: str, display: str) -> list[CheckResult]:
        note = parse_note(text, display, keep_link=self._keep_link)
        results: list[CheckResult] = []
        for p in note.problems:
            results.append(
                self._result(
                    note, p.start, p.start + 1, "problem", text[p.start], p.rule, p.message, ()
                )
            )
        for q in note.quotes:
            results.extend(self._check_quote(note, path, q))
        for claim in note.claims:
            results.extend(self._check_claim(note, path, claim))
        # a bad citation that no quote reported (a figure's, or a bare
        # "see [@key]") is still a finding, once
        quoted = {q.citation.start for q in note.quotes if q.citation is not None}
        for cite in note.citations:
            if cite.start in quoted:
                continue
            _, bad = self._resolve(cite, path.parent)
            for target, res in bad:
                results.append(
                    self._result(
                        note,
                        cite.start,
                        cite.end,
                        "problem",
                        cite.text,
                        res.rule or "unknown-key",
                        res.message,
                        (target,),
                    )
                )
        sup = parse_suppressions(text)
        out = []
        for r in results:
            reason = sup.reason_for(r.verdict, r.line)
            if reason is not None and r.verdict != "input-error":
                r = attrs.evolve(r, suppressed="inline", justification=reason or None)
            out.append(r)
        return out

    def _keep_link(self, ref: CiteRef) -> bool:
        return ref.kind != "url" or self.corpus.known_url(ref.target)

    def _result(
        self,
        note: Note,
        start: int,
        end: int,
        kind: str,
        quote: str,
        verdict: str,
        message: str,
        cited: tuple[str, ...],
        **more: Any,
    ) -> CheckResult:
        line, col = line_col(note.text, start)
        end_line, end_col = line_col(note.text, max(start, end))
        fp = fingerprint(
            quote if kind != "problem" else f"{note.path}:{quote}:{message}", cited, verdict
        )
        return CheckResult(
            file=note.path,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            kind=kind,
            quote=quote,
            verdict=verdict,
            severity=self.config.severity(verdict),
            message=message,
            cited=cited,
            fingerprint=fp,
            **more,
        )

    def _resolve(
        self, cite: Citation, note_dir: Path
    ) -> tuple[list[Document], list[tuple[str, Resolution]]]:
        docs: list[Document] = []
        bad: list[tuple[str, Resolution]] = []
        for ref in cite.refs:
            res = self.corpus.resolve(ref, note_dir)
            if res.doc is not None:
                if res.doc not in docs:
                    docs.append(res.doc)
            else:
                bad.append((ref.target, res))
        if not cite.refs:
            what = f"footnote [^{cite.label}]" if cite.form == "footnote" else cite.text
            msg = (
                f"{what} names no source (no @key, source path or known URL"
                f"{'; the footnote is not defined' if cite.form == 'footnote' else ''})"
            )
            bad.append((cite.text, Resolution(None, "unknown-key", msg)))
        return docs, bad

    def _check_quote(self, note: Note, path: Path, q: NoteQuote) -> list[CheckResult]:
        text = q.text
        if q.citation is None:
            found = self.search(text)
            good = [m for m in found if m.verdict in GOOD]
            if good:
                where = ", ".join(f"{m.doc.id} ({m.verdict})" for m in good)
                msg = f"quote has no citation; the words are in {where}"
            else:
                msg = "quote has no citation, and no source has these words"
            ev = (
                Evidence("no-citation", "no citation follows the quote in its sentence or block"),
            )
            best = good[0] if good else None
            return [
                self._result(
                    note,
                    q.start,
                    q.end,
                    "quote",
                    text,
                    "uncited",
                    msg,
                    (),
                    found_in=tuple(m.doc.id for m in good),
                    speaker=q.speaker,
                    source=best.location if best else None,
                    evidence=ev,
                    source_speaker=best.speaker if best else None,
                )
            ]
        cited = q.citation.keys
        docs, bad = self._resolve(q.citation, path.parent)
        out: list[CheckResult] = []
        if bad and docs:
            for target, res in bad:
                out.append(
                    self._result(
                        note,
                        q.citation.start,
                        q.citation.end,
                        "problem",
                        q.citation.text,
                        res.rule or "unknown-key",
                        res.message,
                        (target,),
                    )
                )
        if not docs:
            target, res = bad[0]
            elsewhere = [m for m in self.search(text) if m.verdict in GOOD]
            msg = res.message
            if elsewhere:
                msg += f"; the words are in {', '.join(m.doc.id for m in elsewhere)}"
            bad_ev = tuple(Evidence(r.rule or "unknown-key", r.message, a=t) for t, r in bad)
            out.append(
                self._result(
                    note,
                    q.start,
                    q.end,
                    "quote",
                    text,
                    res.rule or "unknown-key",
                    msg,
                    cited,
                    found_in=tuple(m.doc.id for m in elsewhere),
                    speaker=q.speaker,
                    evidence=bad_ev,
                )
            )
            return out
        out.append(self._judge_quote(note, q, docs, cited))
        return out

    def _judge_quote(
        self, note: Note, q: NoteQuote, docs: list[Document], cited: tuple[str, ...]
    ) -> CheckResult:
        text = q.text
        matches = [m for d in docs if (m := self.match(text, d)) is not None]
        matches.sort(key=lambda m: (*m.key(), m.doc.id))
        best = matches[0] if matches else None
        cited_ids = [d.id for d in docs]
        names = ", ".join(cited_ids)
        base: dict[str, Any] = {"speaker": q.speaker}
        if best is not None and best.verdict in GOOD:
            c = best.comparison
            evidence = list(c.evidence)
            if not best.quoted:
                evidence.append(
                    Evidence(
                        "unquoted-source",
                        f"{best.doc.id} says these words in its own voice, not as a quotation",
                    )
                )
            note_names, src_names = speaker_names(q.speaker), speaker_names(best.speaker)
            if note_names and src_names and not note_names & src_names:
                ev = Evidence(
                    "speaker-differs",
                    f"the note gives the words to {q.speaker}; "
                    f"{best.doc.id} gives them to {best.speaker}",
                    a=q.speaker,
                    b=best.speaker,
                )
                return self._result(
                    note,
                    q.start,
                    q.end,
                    "quote",
                    text,
                    "misattributed",
                    f"misattributed: {best.doc.id} gives these words to {best.speaker}, "
                    f"not {q.speaker}",
                    cited,
                    found_in=(best.doc.id,),
                    source=best.location,
                    evidence=(ev, *evidence),
                    diffs=c.diffs,
                    source_speaker=best.speaker,
                    score=c.score,
                    **base,
                )
            return self._result(
                note,
                q.start,
                q.end,
                "quote",
                text,
                best.verdict,
                _verdict_message(best),
                cited,
                found_in=(best.doc.id,),
                source=best.location,
                evidence=tuple(evidence),
                diffs=c.diffs,
                source_speaker=best.speaker,
                score=c.score,
                **base,
            )
        others = self.search(text, exclude=cited_ids)
        good_others = [m for m in others if m.verdict in GOOD]
        if good_others:
            o = good_others[0]
            ev = Evidence(
                "other-source",
                f"not in {names}; {o.doc.id} has these words ({o.verdict})",
                a=names,
                b=o.doc.id,
            )
            return self._result(
                note,
                q.start,
                q.end,
                "quote",
                text,
                "misattributed",
                f"misattributed: the words are in "
                f"{', '.join(m.doc.id for m in good_others)}, not in {names}",
                cited,
                found_in=tuple(m.doc.id for m in good_others),
                source=o.location,
                evidence=(ev, *o.comparison.evidence),
                diffs=o.comparison.diffs,
                source_speaker=o.speaker,
                score=o.comparison.score,
                **base,
            )
        if best is not None and best.verdict in ("conflict", "paraphrase"):
            c = best.comparison
            return self._result(
                note,
                q.start,
                q.end,
                "quote",
                text,
                best.verdict,
                _verdict_message(best),
                cited,
                found_in=(best.doc.id,),
                source=best.location,
                evidence=c.evidence,
                diffs=c.diffs,
                source_speaker=best.speaker,
                score=c.score,
                **base,
            )
        nf_ev = [
            Evidence(
                "not-found",
                f"no passage of {names} matches these words",
                value=round(best.comparison.score, 1) if best else 0.0,
                threshold=50.0,
            )
        ]
        msg = f"not found in {names}"
        if others:
            o = others[0]
            nf_ev.append(
                Evidence(
                    "nearest-elsewhere", f"closest elsewhere: {o.doc.id} ({o.comparison.explain()})"
                )
            )
            msg += f"; closest elsewhere: {o.doc.id} ({o.verdict})"
        return self._result(
            note,
            q.start,
            q.end,
            "quote",
            text,
            "not_found",
            msg,
            cited,
            evidence=tuple(nf_ev),
            score=best.comparison.score if best else None,
            **base,
        )

    # -- numbers
    def _sentences_with_numbers(
        self, doc: Document
    ) -> list[tuple[int, int, frozenset[str], list[NumberMention]]]:
        if doc.id not in self._numbers:
            rows = []
            for s, e in sentences(doc.text, doc.body_start):
                nums = find_numbers(doc.text[s:e])
                if nums:
                    shifted = [attrs.evolve(m, start=m.start + s, end=m.end + s) for m in nums]
                    rows.append((s, e, _content_words(doc.text[s:e]), shifted))
            self._numbers[doc.id] = rows
        return self._numbers[doc.id]

    def _check_claim(self, note: Note, path: Path, claim: NumberClaim) -> list[CheckResult]:
        mentions = find_numbers(claim.text)
        if not mentions:
            return []
        docs, _ = self._resolve(claim.citation, path.parent)
        if not docs:
            return []  # the quote check (or the citation) already reports the key
        cited = claim.citation.keys
        sentence = " ".join(claim.text.split())
        out = []
        for m in mentions:
            start, end = claim.start + m.start, claim.start + m.end
            out.append(
                self._judge_number(note, claim, m, mentions, docs, cited, sentence, start, end)
            )
        return out

    def _judge_number(
        self,
        note: Note,
        claim: NumberClaim,
        m: NumberMention,
        mentions: list[NumberMention],
        docs: list[Document],
        cited: tuple[str, ...],
        sentence: str,
        start: int,
        end: int,
    ) -> CheckResult:
        context = _content_words(claim.text[: m.start] + " " + claim.text[m.end :])
        found = self._find_number(m, mentions, context, docs)
        names = ", ".join(d.id for d in docs)
        quote = note.text[start:end]
        fp_text = f"{sentence} #{quote}"
        kw: dict[str, Any] = {}
        if found is not None and found[0] == "exact":
            _, doc, sm, s, e = found
            ev = Evidence(
                "number-matches",
                f"{doc.id} says {sm.text} ({sm.describe()})",
                a=quote,
                b=sm.text,
                value=m.value,
            )
            return attrs.evolve(
                self._result(
                    note,
                    start,
                    end,
                    "number",
                    quote,
                    "exact",
                    f"{quote}: {doc.id} says {sm.text}",
                    cited,
                    found_in=(doc.id,),
                    source=Location.of(doc, s, e),
                    evidence=(ev,),
                    source_number=sm.text,
                    **kw,
                ),
                fingerprint=fingerprint(fp_text, cited, "exact"),
            )
        if found is None:
            others = [d for d in self.corpus.documents if d not in docs]
            cand_ids = {
                c.doc
                for c in self.index().candidates(sentence, limit=10, exclude={d.id for d in docs})
            }
            elsewhere = self._find_number(
                m, mentions, context, [d for d in others if d.id in cand_ids]
            )
            if elsewhere is not None and elsewhere[0] == "exact":
                _, doc, sm, s, e = elsewhere
                ev = Evidence(
                    "other-source", f"not in {names}; {doc.id} says {sm.text}", a=names, b=doc.id
                )
                return attrs.evolve(
                    self._result(
                        note,
                        start,
                        end,
                        "number",
                        quote,
                        "misattributed",
                        f"{quote}: not in {names}; {doc.id} says {sm.text}",
                        cited,
                        found_in=(doc.id,),
                        source=Location.of(doc, s, e),
                        evidence=(ev,),
                        source_number=sm.text,
                    ),
                    fingerprint=fingerprint(fp_text, cited, "misattributed"),
                )
            ev = Evidence(
                "number-not-found",
                f"no sentence of {names} about {', '.join(sorted(context)[:6])} "
                f"states {m.describe()}",
                a=quote,
            )
            return attrs.evolve(
                self._result(
                    note,
                    start,
                    end,
                    "number",
                    quote,
                    "not_found",
                    f"{quote}: no matching figure in {names}",
                    cited,
                    evidence=(ev,),
                ),
                fingerprint=fingerprint(fp_text, cited, "not_found"),
            )
        _, doc, sm, s, e = found
        ev = Evidence(
            "number-changed",
            f"the note says {quote} ({m.describe()}); {doc.id} says {sm.text} ({sm.describe()})",
            a=quote,
            b=sm.text,
            value=m.value,
        )
        return attrs.evolve(
            self._result(
                note,
                start,
                end,
                "number",
                quote,
                "conflict",
                f"{quote}: {doc.id} says [-{sm.text}-]{{+{quote}+}}",
                cited,
                found_in=(doc.id,),
                source=Location.of(doc, s, e),
                evidence=(ev,),
                source_number=sm.text,
                diffs=(
                    Diff(
                        "replace",
                        "number",
                        quote,
                        sm.text,
                        m.start,
                        m.end,
                        sm.start - s,
                        sm.end - s,
                    ),
                ),
            ),
            fingerprint=fingerprint(fp_text, cited, "conflict"),
        )

    def _find_number(
        self,
        m: NumberMention,
        mentions: list[NumberMention],
        context: frozenset[str],
        docs: Sequence[Document],
    ) -> tuple[str, Document, NumberMention, int, int] | None:
        """("exact" | "conflict", doc, source mention, sentence span) or None.

        Candidate sentences share at least a third of the claim's content
        words (and two at least); an agreeing number of the same kind in one
        of them is a match; else the best sentence's same-kind number that
        no other number of the claim accounts for is a conflict.
        """
        need = max(2, (len(context) + 2) // 3)
        cands: list[tuple[int, str, int, Document, NumberMention, int, int]] = []
        for doc in docs:
            for s, e, ws, nums in self._sentences_with_numbers(doc):
                overlap = len(context & ws)
                if overlap < need:
                    continue
                for sm in nums:
                    cands.append((overlap, doc.id, s, doc, sm, s, e))
        same_kind = sorted(
            (c for c in cands if _comparable(m, c[4])), key=lambda c: (-c[0], c[1], c[2])
        )
        # a precise source figure decides: "302" in the source beats a
        # headline's "More than 300" for a note that says 320
        precise = [c for c in same_kind if c[4].exact or not m.exact]
        for c in precise:
            if agree(m, c[4]):
                return "exact", c[3], c[4], c[5], c[6]
        others = [x for x in mentions if x is not m]
        free = [c for c in precise if not any(agree(o, c[4]) for o in others)]
        if free:
            return "conflict", *_closest(m, free)
        for c in same_kind:
            if agree(m, c[4]):
                return "exact", c[3], c[4], c[5], c[6]
        free = [c for c in same_kind if not any(agree(o, c[4]) for o in others)]
        if free:
            return "conflict", *_closest(m, free)
        return None


def _closest(
    m: NumberMention, cands: list[tuple[int, str, int, Document, NumberMention, int, int]]
) -> tuple[Document, NumberMention, int, int]:
    """Among the best-overlapping sentences, the figure nearest in size."""
    best = max(c[0] for c in cands)
    top = [c for c in cands if c[0] == best]
    pick = min(top, key=lambda c: (abs(_log_gap(m.value, c[4].value)), c[1], c[4].start))
    return pick[3], pick[4], pick[5], pick[6]


def _log_gap(a: float, b: float) -> float:
    import math

    if a <= 0 or b <= 0:
        return abs(a - b)
    return math.log(a / b)


def _comparable(a: NumberMention, b: NumberMention) -> bool:
    kinds = {a.kind, b.kind}
    return a.kind == b.kind or (kinds <= {"count", "money"} and a.unit == b.unit)


_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "your",
        "not",
        "no",
        "than",
        "then",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "how",
        "all",
        "any",
        "some",
        "such",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "also",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "said",
        "says",
        "say",
        "according",
        "more",
        "less",
        "than",
        "least",
        "most",
        "nearly",
        "almost",
        "about",
        "around",
        "some",
    ]
)


def _content_words(text: str) -> frozenset[str]:
    """Lower-cased content words (no numbers, no stop words), lightly stemmed.

    >>> sorted(_content_words("ICE arrested 19,752 illegal aliens"))
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
    for suf in ("ations", "ation", "ings", "ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def _verdict_message(m: _Match) -> str:
    c = m.comparison
    who = f" ({m.speaker})" if m.speaker else ""
    what = {
        "exact": f"exact: {m.doc.id}{who} has these words",
        "variant": f"variant of {m.doc.id}{who}: punctuation, case or spelling differ",
        "truncated": f"truncated: a part of a longer passage in {m.doc.id}{who}",
        "elided": f"elided: matches {m.doc.id}{who} with marked omissions or insertions",
        "paraphrase": f"paraphrase: {m.doc.id}{who} says something like this in other words",
        "conflict": f"conflict with {m.doc.id}{who}",
    }.get(c.verdict, f"{c.verdict} in {m.doc.id}")
    detail = "; ".join(e.message for e in c.evidence[:3] if e.code not in ("identical",))
    return f"{what}: {detail}" if detail and c.verdict not in ("exact",) else what


# -- the run ------------------------------------------------------------------


def collect_notes(paths: Sequence[str | Path], config: Config) -> list[Path]:
    """Note files: the paths given, else the configuration's ``notes`` globs
    (relative to the project root).  XrefError when nothing is given."""
    if paths:
        return collect_paths([str(p) for p in paths], NOTE_SUFFIXES)
    if not config.notes:
        raise XrefError(
            "no notes given: name files or folders, or set notes = [...] in the configuration"
        )
    found: list[Path] = []
    for pattern in config.notes:
        hits = sorted(p for p in config.root.glob(pattern) if p.is_file() or p.is_dir())
        for h in hits:
            found.extend(collect_paths([str(h)], NOTE_SUFFIXES) if h.is_dir() else [h])
    if not found:
        raise XrefError(
            f"the notes globs match no file: {', '.join(config.notes)}",
            path=str(config.path) if config.path else None,
        )
    return list(dict.fromkeys(found))


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def apply_baseline(results: Sequence[CheckResult], accepted: Counter[str]) -> list[CheckResult]:
    """Mark failing results whose fingerprint the baseline accepts."""
    left = Counter(accepted)
    out = []
    for r in results:
        if not r.suppressed and r.severity != "pass" and left[r.fingerprint] > 0:
            left[r.fingerprint] -= 1
            r = attrs.evolve(r, suppressed="baseline")
        out.append(r)
    return out


def check(
    paths: Sequence[str | Path],
    *,
    config: Config,
    sources: Path | None = None,
    manifest: Path | None = None,
) -> CheckRun:
    """The whole pipeline: load the sources and the manifest, read and check
    every note.  Options given here win over ``config``.  XrefError for a
    missing sources folder, a malformed manifest or no notes at all; an
    unreadable note is an ``input-error`` result and the rest are checked."""
    sources = sources or config.sources
    manifest_path = manifest or config.manifest
    man = load_manifest(manifest_path) if manifest_path else None
    corpus = build_corpus(
        sources=sources,
        manifest=man,
        root=config.root,
        allow_outside_root=config.allow_outside_root,
    )
    files = collect_notes(paths, config)
    checker = Checker(corpus, config)
    results: list[CheckResult] = []
    for sp in corpus.problems:
        disp = _display(Path(sp.file), config.root)
        results.append(
            CheckResult(
                file=disp,
                line=sp.line,
                column=1,
                end_line=sp.line,
                end_column=1,
                kind="problem",
                quote="",
                verdict=sp.rule,
                severity=config.severity(sp.rule),
                message=sp.message,
                fingerprint=fingerprint(f"{disp}:{sp.message}", (), sp.rule),
            )
        )
    shown: list[str] = []
    for f in files:
        disp = _display(f, config.root)
        shown.append(disp)
        try:
            text = decode_note(f.read_bytes(), disp)
        except ReadError as e:
            results.append(_input_error(disp, str(e), config))
            continue
        except OSError as e:
            results.append(
                _input_error(disp, f"{disp}: cannot read file: {e.strerror or e}", config)
            )
            continue
        results.extend(checker.check_note(f, text, disp))
    results.sort(key=CheckResult.sort_key)
    return CheckRun(
        tuple(results), tuple(shown), tuple(corpus.documents), config.root, config.fail_on
    )


def _input_error(disp: str, message: str, config: Config) -> CheckResult:
    return CheckResult(
        file=disp,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        kind="problem",
        quote="",
        verdict="input-error",
        severity=config.severity("input-error"),
        message=re.sub(r"^[^:]+: ", "", message, count=1) if message.startswith(disp) else message,
        fingerprint=fingerprint(disp, (), "input-error"),
    )


#: what each verdict and problem rule of ``xref check`` means (SARIF rules,
#: GitLab check names, the docs): id -> (short description, help)
RULE_HELP: dict[str, tuple[str, str]] = {
    "exact": ("Quote matches the source", "The quoted words are in the cited source, as quoted."),
    "variant": (
        "Quote differs in punctuation, case or spelling",
        "The quoted words are in the cited source, but punctuation, capitalization or spelling "
        "differ. Copy the source's wording exactly.",
    ),
    "truncated": (
        "Quote is part of a longer quotation",
        "The quoted words are a contiguous part of a longer passage of the cited source.",
    ),
    "elided": (
        "Quote omits or inserts words with marks",
        "The quote matches the source with omissions marked by an ellipsis and insertions "
        "in brackets.",
    ),
    "paraphrase": (
        "Words in quotation marks that the source does not say",
        "The cited source says something like this, in other words. Quote the source's own words, "
        "or drop the quotation marks.",
    ),
    "conflict": (
        "Quote changes a number, date, name, negation or roles",
        "The quote aligns with the source but a number, date, name or negation differs, or the "
        "actors' roles are swapped. Correct the quote against the source.",
    ),
    "misattributed": (
        "Words from another source or speaker",
        "The words are in a different source than the one cited, or the source gives them to a "
        "different speaker than the note does. Fix the citation or the attribution.",
    ),
    "not_found": (
        "Quote not found in the cited source",
        "No passage of the cited source (or of any other source) matches the quoted words.",
    ),
    "uncited": (
        "Quote without a citation",
        "Add a citation ([@key], a footnote or a link to the source) in the quote's sentence.",
    ),
    "unknown-key": (
        "Citation names no known source",
        "Add the key to the sources manifest, or cite a document of the sources folder.",
    ),
    "unsafe-path": (
        "Path outside the project root",
        "A citation or manifest path leaves the project root (../, absolute path or symlink). "
        "It is not read. Set allow_outside_root = true in the configuration to allow it.",
    ),
    "input-error": ("File could not be read", "The file is binary, not UTF-8, or unreadable."),
    "unbalanced-quote": (
        "Quotation mark without a partner",
        "Close the quotation, or remove the stray mark.",
    ),
}
