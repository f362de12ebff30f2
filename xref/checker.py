"""The check pipeline: notes + sources -> one result per quote and number.

For each quote of a note (see :mod:`xref.notes`) the checker resolves its
citation (:mod:`xref.manifest`) and reads the quote in each cited source
(:class:`xref.finder.Finder`: where alignment or a verbatim search puts the
words, compared with the source quotation holding them — the whole of it =>
exact, a part => truncated — or with the source's own words).  When the
words are not in the cited source, the rest of the corpus is searched.  A
quote the cited source has with another number, negation or name is a
``conflict`` with it, even when another source prints the note's version
(named in the evidence); words only another source has are
``misattributed``.

Verdicts: ``exact``, ``variant``, ``truncated``, ``elided``, ``paraphrase``,
``conflict`` (from compare), ``misattributed`` (the words are in another
source than the one cited, or the source gives them to another speaker than
the note does), ``not_found``, ``uncited``; and the problem rules
``unknown-key``, ``unsafe-path``, ``input-error``, ``unbalanced-quote``.
Numbers the notes state next to a citation are checked against the cited
source's numbers (``exact``, ``conflict``, ``not_found``, ``misattributed``).

Contents
--------
Checker          a corpus with its caches; ``check_note(path, text)``
check            paths + options -> CheckRun (the whole pipeline)
collect_notes    expand note paths and config globs into files
NOTE_SUFFIXES    the file suffixes read as notes

The results (:class:`CheckResult`, :class:`CheckRun`, ``GOOD``,
``RULE_HELP`` …) live in :mod:`xref.results`, the numeric claims in
:mod:`xref.claims`; both are re-exported here.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from xref.baseline import fingerprint
from xref.citations import SOURCE_SUFFIXES, Citation, CiteRef
from xref.claims import ClaimChecker
from xref.config import Config
from xref.errors import ReadError, XrefError
from xref.finder import Finder, Match
from xref.heap import frozen, paused
from xref.load import Loaded, collect_paths
from xref.manifest import Corpus, Resolution, build_corpus, load_manifest
from xref.model import Document, Evidence
from xref.notes import Note, NoteQuote, decode_note, parse_note, speaker_names
from xref.readers import page_span
from xref.results import (
    CHECK_VERDICTS,
    GOOD,
    PROBLEM_RULES,
    RULE_HELP,
    CheckResult,
    CheckRun,
    apply_baseline,
    make_result,
)
from xref.suppress import parse_suppressions

__all__ = [
    "CHECK_VERDICTS",
    "GOOD",
    "NOTE_SUFFIXES",
    "PROBLEM_RULES",
    "RULE_HELP",
    "CheckResult",
    "CheckRun",
    "Checker",
    "apply_baseline",
    "check",
    "collect_notes",
]

NOTE_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".txt", ".text")


class Checker:
    """Checks notes against a corpus (read through a :class:`Finder`)."""

    def __init__(self, corpus: Corpus, config: Config) -> None:
        self.corpus = corpus
        self.config = config
        self.finder = Finder(corpus)
        self.claims = ClaimChecker(config.severity, self.finder.elsewhere)

    # -- notes
    def check_note(self, path: Path, text: str, display: str) -> list[CheckResult]:
        note = parse_note(text, display, keep_link=lambda ref: self._keep_link(ref, path.parent))
        results: list[CheckResult] = []
        for p in note.problems:
            results.append(
                self._result(
                    note, p.start, p.start + 1, "problem", text[p.start], p.rule, p.message
                )
            )
        for q in note.quotes:
            results.extend(self._check_quote(note, path, q))
        for claim in note.claims:
            docs, _ = self._resolve(note, claim.citation, path.parent)
            # a bad key is reported by the quote check or the citation check
            results.extend(self.claims.check(note, claim, docs))
        # a bad citation that no quote reported (a figure's, or a bare
        # "see [@key]") is still a finding, once
        quoted = {q.citation.start for q in note.quotes if q.citation is not None}
        claimed = {c.citation.start for c in note.claims}
        for cite in note.citations:
            if cite.start in quoted or (cite.start not in claimed and _plain_link(cite)):
                continue  # a site link (/about) that cites nothing is no citation
            _, bad = self._resolve(note, cite, path.parent)
            results.extend(self._citation_problems(note, cite, bad))
        sup = parse_suppressions(text)
        out = []
        for r in results:
            reason = sup.reason_for(r.verdict, r.line)
            if reason is not None and r.verdict != "input-error":
                r = attrs.evolve(r, suppressed="inline", justification=reason or None)
            out.append(r)
        return out

    def _keep_link(self, ref: CiteRef, note_dir: Path) -> bool:
        """A link to a URL is a citation when a source has that URL; a link to
        a file when it has a source's suffix or leaves the project root (it
        is then refused as ``unsafe-path``, never read nor passed over)."""
        if ref.kind == "url":
            return self.corpus.known_url(ref.target)
        return ref.target.lower().endswith(SOURCE_SUFFIXES) or self.corpus.is_unsafe_path(
            ref.target, note_dir
        )

    def _result(
        self,
        note: Note,
        start: int,
        end: int,
        kind: str,
        quote: str,
        verdict: str,
        message: str,
        cited: tuple[str, ...] = (),
        **more: Any,
    ) -> CheckResult:
        return make_result(
            note.path,
            note.text,
            start,
            end,
            kind,
            quote,
            verdict,
            self.config.severity(verdict),
            message,
            cited,
            **more,
        )

    def _citation_problems(
        self, note: Note, cite: Citation, bad: Sequence[tuple[str, Resolution]]
    ) -> list[CheckResult]:
        return [
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
            for target, res in bad
        ]

    def _resolve(
        self, note: Note, cite: Citation, note_dir: Path
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
            if cite.form != "footnote":
                msg = f"{cite.text} names no source (no @key, source path or known URL)"
            elif _footnote_defined(note.text, cite.label or ""):
                msg = (
                    f"footnote [^{cite.label}] names no source: its definition has no @key, "
                    "source path or known URL"
                )
            else:
                msg = f"footnote [^{cite.label}] is not defined"
            bad.append((cite.text, Resolution(None, "unknown-key", msg)))
        return docs, bad

    def _check_quote(self, note: Note, path: Path, q: NoteQuote) -> list[CheckResult]:
        text = q.text
        if q.citation is None:
            good = [m for m in self.finder.search(text) if m.verdict in GOOD]
            if good:
                where = ", ".join(f"{m.doc.id} ({m.verdict})" for m in good)
                msg = f"quote has no citation; the words are in {where}"
            else:
                msg = "quote has no citation, and no source has these words"
            ev = Evidence("no-citation", "no citation follows the quote in its sentence or block")
            best = good[0] if good else None
            return [
                self._quote_result(
                    note,
                    q,
                    (),
                    "uncited",
                    msg,
                    None,
                    (ev,),
                    [m.doc.id for m in good],
                    source=best.location if best else None,
                    source_speaker=best.speaker if best else None,
                )
            ]
        cited = q.citation.keys
        docs, bad = self._resolve(note, q.citation, path.parent)
        if docs:
            return [
                *self._citation_problems(note, q.citation, bad),
                self._judge_quote(note, q, docs, cited),
                *self._page_problems(note, q, q.citation, path.parent),
            ]
        res = bad[0][1]
        elsewhere = [m for m in self.finder.search(text) if m.verdict in GOOD]
        msg = res.message
        if elsewhere:
            msg += f"; the words are in {', '.join(m.doc.id for m in elsewhere)}"
        bad_ev = [Evidence(r.rule or "unknown-key", r.message, a=t) for t, r in bad]
        verdict = res.rule or "unknown-key"
        found = [m.doc.id for m in elsewhere]
        return [self._quote_result(note, q, cited, verdict, msg, None, bad_ev, found)]

    def _page_problems(
        self, note: Note, q: NoteQuote, cite: Citation, note_dir: Path
    ) -> list[CheckResult]:
        """``wrong-page`` for each page locator (``[@key, p. 9]``) of a
        paginated source that names a page the source does not have, or a
        page that does not hold the words when another page does.  Locators
        of unpaginated sources (text, HTML, DOCX) are not checked."""
        out: list[CheckResult] = []
        for ref in cite.refs:
            pages = cited_pages(ref.locator)
            doc = self.corpus.resolve(ref, note_dir).doc if pages else None
            if pages is None or doc is None or not doc.pages:
                continue
            lo, hi = pages
            n = len(doc.pages)
            label = f"p. {lo}" if lo == hi else f"pp. {lo}-{hi}"
            if hi > n:
                msg = f"page {hi} cited, but {doc.id} has {n} page{'s' if n != 1 else ''}"
                ev = Evidence("page-out-of-range", msg, a=label, value=float(hi), threshold=n)
            else:
                s, e = page_span(doc, lo)[0], page_span(doc, hi)[1]
                here = self.finder.match(q.text, doc, s, e)
                if here is not None and here.verdict in GOOD:
                    continue
                m = self.finder.match(q.text, doc)
                if m is None or m.verdict not in GOOD:
                    continue  # not in the source at all: the quote's verdict says so
                found = doc.page_of(m.location.start)
                msg = f"{label} cited, but the words are on p. {found} of {doc.id}"
                ev = Evidence("page-differs", msg, a=label, b=f"p. {found}")
            out.append(
                self._result(
                    note,
                    cite.start,
                    cite.end,
                    "problem",
                    cite.text,
                    "wrong-page",
                    msg,
                    (ref.target,),
                    evidence=(ev,),
                )
            )
        return out

    def _quote_result(
        self,
        note: Note,
        q: NoteQuote,
        cited: tuple[str, ...],
        verdict: str,
        message: str,
        m: Match | None,
        evidence: Sequence[Evidence] | None = None,
        found_in: Sequence[str] | None = None,
        **more: Any,
    ) -> CheckResult:
        """A quote's result; the source span, diffs, speaker and score are
        those of the reading ``m`` (when there is one)."""
        more["speaker"] = q.speaker
        if m is not None:
            c = m.comparison
            more.update(
                source=m.location,
                diffs=c.diffs,
                source_speaker=m.speaker,
                score=c.score,
            )
            found_in = found_in or (m.doc.id,)
            if evidence is None:
                evidence = c.evidence
        return self._result(
            note,
            q.start,
            q.end,
            "quote",
            q.text,
            verdict,
            message,
            cited,
            evidence=tuple(evidence or ()),
            found_in=tuple(found_in or ()),
            **more,
        )

    def _judge_quote(
        self, note: Note, q: NoteQuote, docs: list[Document], cited: tuple[str, ...]
    ) -> CheckResult:
        text = q.text
        matches = [m for d in docs if (m := self.finder.match(text, d)) is not None]
        matches.sort(key=lambda m: (*m.key(), m.doc.id))
        best = matches[0] if matches else None
        cited_ids = [d.id for d in docs]
        names = ", ".join(cited_ids)
        if best is not None and best.verdict in GOOD:
            return self._judge_speaker(note, q, cited, best)
        others = self.finder.search(text, exclude=cited_ids)
        good_others = [m for m in others if m.verdict in GOOD]
        if best is not None and best.verdict == "conflict":
            # the cited source has these words but for a number, a negation or
            # a name: that is the error to fix, even when another source
            # happens to print the note's wrong version
            evidence = list(best.comparison.evidence)
            message = _verdict_message(best)
            if good_others:
                o = good_others[0]
                evidence.append(
                    Evidence(
                        "other-source-agrees",
                        f"{o.doc.id} has the note's version ({o.verdict}); "
                        f"the cited {best.doc.id} does not",
                        a=names,
                        b=o.doc.id,
                    )
                )
                message += f" ({o.doc.id} has the note's version)"
            return self._quote_result(note, q, cited, "conflict", message, best, evidence)
        if good_others:
            o = good_others[0]
            ev = Evidence(
                "other-source",
                f"not in {names}; {o.doc.id} has these words ({o.verdict})",
                a=names,
                b=o.doc.id,
            )
            return self._quote_result(
                note,
                q,
                cited,
                "misattributed",
                f"misattributed: the words are in "
                f"{', '.join(m.doc.id for m in good_others)}, not in {names}",
                o,
                (ev, *o.comparison.evidence),
                found_in=[m.doc.id for m in good_others],
            )
        if best is not None and best.verdict == "paraphrase":
            return self._quote_result(note, q, cited, "paraphrase", _verdict_message(best), best)
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
        result = self._quote_result(note, q, cited, "not_found", msg, None, nf_ev)
        return attrs.evolve(result, score=best.comparison.score if best else None)

    def _judge_speaker(
        self, note: Note, q: NoteQuote, cited: tuple[str, ...], best: Match
    ) -> CheckResult:
        """The verdict of a quote the cited source has: its own, or
        ``misattributed`` when the source gives the words to someone the
        note does not name (the note naming the source itself — ``The
        Gazette wrote that “…”`` — says who reports them, not who spoke)."""
        evidence = list(best.comparison.evidence)
        if not best.quoted:
            evidence.append(
                Evidence(
                    "unquoted-source",
                    f"{best.doc.id} says these words in its own voice, not as a quotation",
                )
            )
        note_names, src_names = speaker_names(q.speaker), speaker_names(best.speaker)
        if (
            note_names
            and src_names
            and not note_names & src_names
            and not _names_the_source(q.speaker, best.doc, cited)
        ):
            ev = Evidence(
                "speaker-differs",
                f"the note gives the words to {q.speaker}; "
                f"{best.doc.id} gives them to {best.speaker}",
                a=q.speaker,
                b=best.speaker,
            )
            return self._quote_result(
                note,
                q,
                cited,
                "misattributed",
                f"misattributed: {best.doc.id} gives these words to {best.speaker}, "
                f"not {q.speaker}",
                best,
                (ev, *evidence),
            )
        return self._quote_result(
            note, q, cited, best.verdict, _verdict_message(best), best, evidence
        )


_PAGES_RE = re.compile(
    r"^(?:pp?\.?|pages?|pg\.?)\s*(\d{1,5})(?:\s*(?:-|\u2013|\u2014|to)\s*(\d{1,5}))?(?!\d)",
    re.I,
)


def cited_pages(locator: str | None) -> tuple[int, int] | None:
    """The first and last page a citation locator names, or None when it
    names no page (a chapter, a paragraph, no locator).  An abbreviated
    range keeps the leading digits of its start (``pp. 112-14``).

    >>> cited_pages("p. 3"), cited_pages("pp. 1-2"), cited_pages("pp. 112\u201314")
    ((3, 3), (1, 2), (112, 114))
    >>> cited_pages("ch. 2"), cited_pages(None), cited_pages("para. 4")
    (None, None, None)
    """
    m = _PAGES_RE.match((locator or "").strip())
    if m is None:
        return None
    lo = int(m.group(1))
    hi_s = m.group(2)
    if hi_s is None:
        return (lo, lo)
    hi = int(hi_s)
    if hi < lo and len(hi_s) < len(m.group(1)):
        hi = int(m.group(1)[: len(m.group(1)) - len(hi_s)] + hi_s)
    return (lo, max(lo, hi))


def _plain_link(cite: Citation) -> bool:
    """A link to a path without a source's suffix (taken for a citation only
    because it leaves the project: it counts when a quote or figure cites it).

    >>> from xref.citations import find_citations
    >>> [_plain_link(c) for c in find_citations("[a](/about) [b](../s/a.txt) [@k]")]
    [True, False, False]
    """
    ref = cite.refs[0] if cite.form == "link" and cite.refs else None
    return (
        ref is not None and ref.kind == "path" and not ref.target.lower().endswith(SOURCE_SUFFIXES)
    )


def _footnote_defined(text: str, label: str) -> bool:
    """
    >>> _footnote_defined("x[^1]\\n\\n[^1]: See the letter.", "1"), _footnote_defined("x[^2]", "2")
    (True, False)
    """
    return re.search(rf"^[ ]{{0,3}}\[\^{re.escape(label)}\]:", text, re.M) is not None


def _names_the_source(speaker: str | None, doc: Document, keys: Sequence[str]) -> bool:
    """Whether a note's speaker phrase names the outlet that reports the
    words rather than a person who said them (``The Gazette wrote that
    “…”``): the outlet of the document's metadata (its own or the
    manifest's), or — for a phrase with an article, ``the Gazette``, which
    no person's name has — the words of the citation key or file name.

    A person's name in an author–year key (``@hartley2021``) says nothing
    about who spoke, and neither does the article's author: the author
    reports the words of the people the article quotes.

    >>> d = Document("c_gazette", "s/c_gazette.txt", "")
    >>> _names_the_source("The Gazette", d, ["c_gazette"])
    True
    >>> _names_the_source("Delgado", d, ["c_gazette"])
    False
    >>> h = Document("hartley2021", "s/hartley2021.txt", "")
    >>> _names_the_source("Hartley", h, ["hartley2021"])
    False
    >>> from xref.model import DocMeta
    >>> c = Document("c1", "s/c1.txt", "", DocMeta(outlet="Valley Courier", author="Ann Hart"))
    >>> _names_the_source("the Valley Courier", c, ["c1"]), _names_the_source("Ann Hart", c, ["c1"])
    (True, False)
    """
    names = speaker_names(speaker)
    if not names or speaker is None:
        return False
    outlet = doc.meta.outlet
    own = set(speaker_names(outlet)) | {w.lower() for w in _WORD_RE.findall(outlet or "")}
    if re.match(r"(?i)the\s", speaker.strip()):
        for k in (doc.id, Path(doc.path).stem, *keys):
            own |= {w.lower() for w in _WORD_RE.findall(k)}
    return names <= own


_WORD_RE = re.compile(r"[^\W\d_]{3,}")


def _verdict_message(m: Match) -> str:
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


@paused()
def check(
    paths: Sequence[str | Path],
    *,
    config: Config,
    sources: Path | None = None,
    manifest: Path | None = None,
    loader: Callable[[list[Path]], Loaded] | None = None,
    jobs: int = 1,
) -> CheckRun:
    """The whole pipeline: load the sources and the manifest, read and check
    every note.  Options given here win over ``config``.  XrefError for a
    missing sources folder, a malformed manifest or no notes at all; an
    unreadable note is an ``input-error`` result and the rest are checked.

    ``jobs`` processes check the notes (forked from this one, so they share
    the corpus and its index); the results are the same as with one.
    """
    sources = sources or config.sources
    manifest_path = manifest or config.manifest
    man = load_manifest(manifest_path) if manifest_path else None
    corpus = build_corpus(
        sources=sources,
        manifest=man,
        root=config.root,
        allow_outside_root=config.allow_outside_root,
        loader=loader,
    )
    files = collect_notes(paths, config)
    checker = Checker(corpus, config)
    results: list[CheckResult] = []
    for sp in corpus.problems:
        disp = _display(Path(sp.file), config.root)
        fp = f"{disp}:{sp.message}"
        results.append(_file_problem(disp, sp.line, sp.rule, sp.message, fp, config))
    shown = [_display(f, config.root) for f in files]
    per_note = _check_parallel(checker, files, jobs) if jobs > 1 and len(files) > 1 else None
    if per_note is None:
        per_note = [_check_file(checker, f) for f in files]
    for got in per_note:
        results.extend(got)
    results.sort(key=CheckResult.sort_key)
    return CheckRun(
        tuple(results), tuple(shown), tuple(corpus.documents), config.root, config.fail_on
    )


def _check_file(checker: Checker, f: Path) -> list[CheckResult]:
    """The results of one note file (an ``input-error`` when it cannot be read)."""
    config = checker.config
    disp = _display(f, config.root)
    try:
        text = decode_note(f.read_bytes(), disp)
    except ReadError as e:
        return [_input_error(disp, str(e), config)]
    except OSError as e:
        return [_input_error(disp, f"{disp}: cannot read file: {e.strerror or e}", config)]
    return checker.check_note(f, text, disp)


#: the checker a forked worker uses (set in the parent just before forking)
_WORKER_CHECKER: Checker | None = None


def _worker_check(f: Path) -> tuple[list[CheckResult], int]:
    """One note checked in a worker, and how many documents the corpus had
    afterwards (a note citing a file outside the sources reads it)."""
    assert _WORKER_CHECKER is not None
    results = _check_file(_WORKER_CHECKER, f)
    return results, len(_WORKER_CHECKER.corpus.documents)


def _check_parallel(
    checker: Checker, files: Sequence[Path], jobs: int
) -> list[list[CheckResult]] | None:
    """Each note's results, from ``jobs`` forked processes; None when this
    platform cannot fork, or when a note read a source outside the corpus
    (the ids of such sources depend on the order notes are checked in: the
    caller then checks the notes in order, in this process)."""
    global _WORKER_CHECKER
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:
        return None
    n_docs = len(checker.corpus.documents)
    checker.finder.index()  # built once, before forking, and shared
    _WORKER_CHECKER = checker
    # the workers share the parent's objects page by page until they write
    # to them: keep the garbage collector from walking (and so copying) them
    try:
        with frozen(), ctx.Pool(min(jobs, len(files))) as pool:
            got = pool.map(_worker_check, files, chunksize=1)
    finally:
        _WORKER_CHECKER = None
    if any(n != n_docs for _, n in got):
        return None
    return [results for results, _ in got]


def _input_error(disp: str, message: str, config: Config) -> CheckResult:
    if message.startswith(disp):
        message = re.sub(r"^[^:]+: ", "", message, count=1)
    return _file_problem(disp, 1, "input-error", message, disp, config)


def _file_problem(
    disp: str, line: int, rule: str, message: str, fp_text: str, config: Config
) -> CheckResult:
    """A problem with a whole file (a note or a source), at its ``line``."""
    return CheckResult(
        file=disp,
        line=line,
        column=1,
        end_line=line,
        end_column=1,
        kind="problem",
        quote="",
        verdict=rule,
        severity=config.severity(rule),
        message=message,
        fingerprint=fingerprint(fp_text, (), rule),
    )
