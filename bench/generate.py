"""Benchmark corpora with known injected quotes: the ground truth for bench/run.py.

A corpus is built from real sentences (by default the PAWS sentences in
``../shared/eval/paws-dev.tsv``, or the ``.txt``/``.md`` files of any folder
with ``--sentences DIR``):

- **filler**: each document is paragraphs of sentences whose structure and
  function words are real, with every content word (and number) redrawn at
  random from the pool's own content words.  Real news corpora share few
  sentences between documents; redrawing keeps the word statistics of the
  source text while making every filler sentence unique, so the only text
  the documents truly share is what the generator injects: only English
  function words are kept, a sentence must have at least three redrawn
  words, and a sentence already written anywhere in the corpus is drawn
  again.  Some filler
  sentences are put in quotation marks with a speaker (distractor quotes).
- **injected quotes**: real sentences, unchanged, at most one from each
  group of related PAWS sentences (a PAWS pair's sentences share their
  words), quoted (“…,” said Speaker.) in two or three documents; the first
  rendering is the exact sentence, the others ``exact`` or a mutation:
  ``truncated`` (a contiguous part), ``elided`` (words replaced by an
  ellipsis), ``number`` (a changed number), ``negation`` (a dropped "not"),
  ``names`` (two names swapped).
- **notes**: Markdown files for ``xref check``; each cites one injected quote
  (``Speaker said “…” [@doc_00042].``) in one of the same forms, cited to the
  document holding the exact rendering.

``truth.json`` records every rendering (document, offsets into the file as
written, mutation, expected verdict) and every note quote.

Contents
--------
read_paws / read_folder     sentence pools (with groups of related sentences)
mutate                      one mutation of a sentence -> text or None
generate                    build a corpus folder; returns the truth as a dict
main                        the command line
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAWS = ROOT.parent / "shared" / "eval" / "paws-dev.tsv"
#: bump when the same parameters would give other corpora
VERSION = 4

#: mutation -> the verdict xref should give it (against the exact sentence)
EXPECTED: dict[str, str] = {
    "exact": "exact",
    "truncated": "truncated",
    "elided": "elided",
    "number": "conflict",
    "negation": "conflict",
    "names": "conflict",
}
#: how often each mutation is drawn for a second/third rendering and a note
MUTATION_WEIGHTS: dict[str, float] = {
    "exact": 0.35,
    "truncated": 0.15,
    "elided": 0.15,
    "number": 0.12,
    "negation": 0.11,
    "names": 0.12,
}
#: words a filler sentence keeps from its template (everything else is
#: redrawn): English function words only, so that no content word of a
#: template survives into two documents
FUNCTION_WORDS = frozenset("""
a about above after against all also although among an and another any are as at
be because been before being below between both but by can could did do does
during each either for from had has have he her here hers him his how however i
if in into is it its itself many may me might more most must my neither no nor
not never of off on once one only or other our ours out over own same she should
since so some such than that the their theirs them then there these they this
those though through to too two under until up upon us very was we were what
when where whether which while who whom whose why will with within without would
you your
""".split())
#: fewer redrawn words than this and a filler sentence could repeat by chance
MIN_REDRAWN = 3
_AUX = (
    "is", "was", "were", "are", "has", "had", "have", "could", "would", "will",
    "can", "did", "does", "should", "may", "might", "must",
)
_NEG_RE = re.compile(r"\b(?:not|never)\b ?|(?<=\w)n't\b")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*")
_UNQUOTE_RE = re.compile(r'[“”"]')
#: a filler word; a number keeps the letters glued to it ("37th", "1990s")
_FILL_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*[^\W\d_]*")
_CUT_RE = re.compile(r"(?:,| (?:and|but|which|who|where|when|in|on|at|of|with|from|by|to|for)\b) ")
_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z])")


def detokenize(s: str) -> str:
    """PAWS text is tokenized (spaces around punctuation); undo that.

    >>> detokenize("He said `` no '' , and left ( quickly ) .")
    'He said “no”, and left (quickly).'
    >>> detokenize("It does n't cost $ 5 ; it 's 5 % .")
    "It doesn't cost $5; it's 5%."
    """
    s = re.sub(r"``\s*(.*?)\s*''", r"“\1”", s)
    s = s.replace("``", "").replace("''", "")
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    s = re.sub(r" ([,.;:!?%)])", r"\1", s)
    s = re.sub(r"([($]) ", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def read_paws(path: Path) -> list[list[str]]:
    """Groups of related sentences: a PAWS pair's two sentences (and every
    pair sharing one of them) form one group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 3 or not cols[0].strip().isdigit():
            continue
        a, b = find(detokenize(cols[1])), find(detokenize(cols[2]))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for s in sorted(parent):
        groups.setdefault(find(s), []).append(s)
    return [groups[k] for k in sorted(groups)]


def read_folder(folder: Path) -> list[list[str]]:
    """Sentences (6 to 60 words) of every .txt/.md file, each its own group."""
    seen: set[str] = set()
    out: list[list[str]] = []
    for f in sorted(folder.rglob("*")):
        if f.suffix.lower() not in (".txt", ".md", ".text") or not f.is_file():
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        for para in re.split(r"\n\s*\n", text):
            for s in _SENT_SPLIT_RE.split(" ".join(para.split())):
                n = len(s.split())
                key = s.casefold()
                if 6 <= n <= 60 and key not in seen:
                    seen.add(key)
                    out.append([s])
    return out


def _words(s: str) -> list[re.Match[str]]:
    return list(_WORD_RE.finditer(s))


def _change_number(tok: str, rng: random.Random) -> str:
    digits = tok.replace(",", "").replace(".", "")
    if len(digits) == 4 and tok.isdigit() and 1000 <= int(tok) <= 2099:
        return str(int(tok) + rng.choice((-3, -2, -1, 1, 2, 3)))
    d = int(tok[0])
    return str(d + 1 if d < 9 else 8) + tok[1:]


def mutate(sentence: str, kind: str, rng: random.Random) -> tuple[str, str] | None:
    """``(reference, rendering)`` for one mutation, or None when the sentence
    does not allow it.  The reference is the sentence itself, except for
    ``negation`` when the sentence has no "not": then "not" is added to the
    reference after its first auxiliary and the rendering is the sentence.

    >>> mutate("In 1902 the bridge over the river was not finished.", "number",
    ...        random.Random(1))[1]
    'In 1904 the bridge over the river was not finished.'
    >>> mutate("In 1902 the bridge over the river was not finished.", "negation",
    ...        random.Random(1))[1]
    'In 1902 the bridge over the river was finished.'
    >>> mutate("The bridge was built by Smith and later sold to Jones.", "names",
    ...        random.Random(1))[1]
    'The bridge was built by Jones and later sold to Smith.'
    """
    ws = _words(sentence)
    n = len(ws)
    if kind == "exact":
        return sentence, sentence
    if kind == "truncated":
        if n < 10:
            return None
        keep = rng.randint(max(6, (n * 6 + 9) // 10), n - 2)
        i = rng.randint(0, n - keep)
        j = i + keep - 1
        return sentence, sentence[ws[i].start() : ws[j].end()]
    if kind == "elided":
        if n < 12:
            return None
        cut = rng.randint(2, min(6, n // 3))
        i = rng.randint(3, n - cut - 3)
        mark = rng.choice((" … ", " ... "))
        return sentence, sentence[: ws[i - 1].end()] + mark + sentence[ws[i + cut].start() :]
    if kind == "number":
        nums = [m for m in ws if m.group()[0].isdigit()]
        if not nums:
            return None
        m = rng.choice(nums)
        changed = _change_number(m.group(), rng)
        return sentence, sentence[: m.start()] + changed + sentence[m.end() :]
    if kind == "negation":
        neg = _NEG_RE.search(sentence)
        if neg:
            fixed = {"ca": "can", "wo": "will"}
            before = sentence[: neg.start()]
            if neg.group() == "n't":
                stem = re.search(r"(\w+)$", before)
                if stem and stem.group(1).lower() in fixed:
                    before = before[: stem.start()] + fixed[stem.group(1).lower()]
            return sentence, before + sentence[neg.end() :]
        for m in ws:
            if m.group() in _AUX:
                ref = sentence[: m.end()] + " not" + sentence[m.end() :]
                return ref, sentence
        return None
    if kind == "names":
        caps = [
            m for m in ws[1:]
            if m.group()[0].isupper() and len(m.group()) > 2 and m.group().isalpha()
        ]
        pairs = [
            (a, b) for ia, a in enumerate(caps) for b in caps[ia + 1 :]
            if a.group() != b.group() and b.start() - a.end() > 6
        ]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        out = (
            sentence[: a.start()] + b.group() + sentence[a.end() : b.start()]
            + a.group() + sentence[b.end() :]
        )
        return sentence, out
    raise ValueError(f"unknown mutation {kind!r}")


class _Filler:
    """Redraws the content words of template sentences."""

    def __init__(self, templates: Sequence[str], rng: random.Random) -> None:
        self.templates = list(templates)
        self.rng = rng
        self.function = set(FUNCTION_WORDS)
        self.seen: set[str] = set()
        self.lower: list[str] = []
        self.upper: list[str] = []
        for s in templates:
            for m in _words(s):
                w = m.group()
                if w[0].isdigit() or w.lower() in self.function or "'" in w or "’" in w:
                    continue
                (self.upper if w[0].isupper() else self.lower).append(w)
        if not self.lower or not self.upper:
            raise SystemExit("generate: the sentence pool is too small")

    def _word(self, m: re.Match[str]) -> str:
        w = m.group()
        if w[0].isdigit():
            return "".join(
                str(self.rng.randint(1 if i == 0 else 0, 9)) if c.isdigit() else c
                for i, c in enumerate(w)
            )
        if w.lower() in self.function or "'" in w or "’" in w:
            return w
        return self.rng.choice(self.upper if w[0].isupper() else self.lower)

    def _template(self) -> str:
        """A template, or the start of one spliced onto the end of another
        (at a comma or a function word), so that sentence skeletons rarely
        repeat whole."""
        a = self.rng.choice(self.templates)
        b = self.rng.choice(self.templates)
        cuts_a = [m.start() for m in _CUT_RE.finditer(a) if 10 < m.start() < len(a) - 10]
        cuts_b = [m.start() for m in _CUT_RE.finditer(b) if 10 < m.start() < len(b) - 10]
        if not cuts_a or not cuts_b:
            return a
        return a[: self.rng.choice(cuts_a)] + b[self.rng.choice(cuts_b) :]

    def sentence(self) -> str:
        """A filler sentence seen nowhere else in the corpus, with at least
        :data:`MIN_REDRAWN` redrawn words (a template of function words only,
        such as "The School of X" would be, could repeat by chance: the
        corpus would then truly share text the truth does not know of)."""
        for _ in range(100):
            template = self._template()
            ws = list(_FILL_RE.finditer(template))
            redrawn = sum(1 for m in ws if self._redrawn(m.group()))
            if redrawn < MIN_REDRAWN:
                continue
            s = _FILL_RE.sub(self._word, template)
            s = s[0].upper() + s[1:] if s else s
            key = " ".join(m.group().casefold() for m in _words(s))
            if key in self.seen:
                continue
            self.seen.add(key)
            return s
        raise SystemExit("generate: the sentence pool is too small for unique filler")

    def _redrawn(self, w: str) -> bool:
        return w[0].isdigit() or not (w.lower() in self.function or "'" in w or "’" in w)

    def name(self) -> str:
        return f"{self.rng.choice(self.upper)} {self.rng.choice(self.upper)}"


def _quoted(text: str) -> str:
    """The body of “text,”: a final period becomes the comma."""
    return text[:-1] if text.endswith(".") else text


def generate(
    out: Path,
    *,
    docs: int,
    quotes: int | None = None,
    doc_bytes: int = 3000,
    sentences: Path | None = None,
    seed: int = 0,
    notes_per_file: int = 50,
) -> dict[str, Any]:
    """Write ``out/corpus/*.txt``, ``out/notes/*.md`` and ``out/truth.json``."""
    rng = random.Random(seed)
    groups = read_folder(sentences) if sentences else read_paws(PAWS)
    rng.shuffle(groups)
    n_quotes = min(1000, max(4, docs // 10)) if quotes is None else quotes
    eligible = [
        i for i, g in enumerate(groups)
        if 10 <= len(g[0].split()) <= 45 and "“" not in g[0] and "”" not in g[0]
        and '"' not in g[0]
    ]
    if len(eligible) < n_quotes:
        raise SystemExit(f"generate: only {len(eligible)} quotable sentence groups")
    if docs < 3:
        raise SystemExit("generate: need at least 3 documents")
    quote_groups = set(eligible[:n_quotes])
    # quotation marks come only from the generator (distractors, injected
    # quotes): a title quoted inside a template ("The X of Y") would be a
    # short quotation with one or two redrawn words, which repeats by chance
    templates = [
        _UNQUOTE_RE.sub("", s) for i, g in enumerate(groups) if i not in quote_groups for s in g
    ]
    filler = _Filler(templates, rng)

    # plan: which documents hold which renderings
    placed: dict[int, list[tuple[int, str, str]]] = {}  # doc -> (quote#, text, speaker)
    truth: list[dict[str, Any]] = []
    for qn, gi in enumerate(sorted(quote_groups, key=eligible.index)):
        sentence = groups[gi][0]
        k = 3 if rng.random() < 0.4 else 2
        doc_ids = rng.sample(range(docs), k)
        kinds = [_draw(rng) for _ in range(k - 1)]
        note_kind = _draw(rng)
        # a sentence without "not" gets one in its reference, so that a
        # rendering can drop it; every other mutation keeps the reference
        ref = sentence
        if "negation" in (*kinds, note_kind):
            neg = mutate(sentence, "negation", rng)
            ref = neg[0] if neg else sentence
        rends: list[tuple[str, str]] = [("exact", ref)]
        for kind in kinds:
            rends.append(_apply(ref, kind, rng))
        speaker = filler.name()
        note_kind, note_text = _apply(ref, note_kind, rng)
        entry: dict[str, Any] = {
            "id": f"q{qn:04d}",
            "text": ref,
            "speaker": speaker,
            "renderings": [],
            "note": {
                "text": _quoted(note_text),
                "mutation": note_kind,
                "expected": EXPECTED[note_kind],
                "cited": _doc_id(doc_ids[0]),
            },
        }
        for d, (kind, text) in zip(doc_ids, rends, strict=True):
            placed.setdefault(d, []).append((qn, text, speaker))
            entry["renderings"].append(
                {
                    "doc": _doc_id(d), "mutation": kind, "expected": EXPECTED[kind],
                    "text": _quoted(text),
                }
            )
        truth.append(entry)

    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    total = 0
    for d in range(docs):
        text, spans = _document(filler, rng, doc_bytes, placed.get(d, []))
        path = corpus / f"{_doc_id(d)}.txt"
        _write(path, text)
        total += len(text.encode("utf-8"))
        for qn, start, end in spans:
            for r in truth[qn]["renderings"]:
                if r["doc"] == _doc_id(d) and "start" not in r and r["text"] == text[start:end]:
                    r["start"], r["end"] = start, end
                    break
    notes = out / "notes"
    notes.mkdir(parents=True, exist_ok=True)
    for fi in range(0, len(truth), notes_per_file):
        name = f"notes_{fi // notes_per_file:03d}.md"
        text = "# Notes\n\n"
        for entry in truth[fi : fi + notes_per_file]:
            note = entry["note"]
            note["file"] = f"notes/{name}"
            note["line"] = text.count("\n") + 1
            text += f"{entry['speaker']} said “{note['text']}” [@{note['cited']}].\n\n"
        _write(notes / name, text)
    result: dict[str, Any] = {
        "params": {
            "version": VERSION,
            "docs": docs,
            "quotes": len(truth),
            "doc_bytes": doc_bytes,
            "seed": seed,
            "sentences": str(sentences) if sentences else "paws-dev.tsv",
        },
        "corpus_bytes": total,
        "quotes": truth,
    }
    _write(out / "truth.json", json.dumps(result, indent=1, ensure_ascii=False))
    return result


def _apply(ref: str, kind: str, rng: random.Random) -> tuple[str, str]:
    """``(mutation, rendering)``: ``kind`` if the sentence allows it, else
    another mutation it allows (drawn by weight), else ``exact``."""
    others = [k for k in MUTATION_WEIGHTS if k not in ("exact", kind)]
    rng.shuffle(others)
    for k in (kind, *others):
        got = mutate(ref, k, rng)
        if got and got[0] == ref:
            return k, got[1]
    return "exact", ref


def _draw(rng: random.Random) -> str:
    kinds = list(MUTATION_WEIGHTS)
    return rng.choices(kinds, weights=[MUTATION_WEIGHTS[k] for k in kinds])[0]


def _doc_id(i: int) -> str:
    return f"doc_{i:05d}"


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _document(
    filler: _Filler,
    rng: random.Random,
    doc_bytes: int,
    injected: Sequence[tuple[int, str, str]],
) -> tuple[str, list[tuple[int, int, int]]]:
    """One document's text and the ``(quote#, start, end)`` of its injected quotes."""
    target = rng.randint(doc_bytes // 2, doc_bytes * 3 // 2)
    paras: list[str | tuple[int, str, str]] = []
    size = 0
    while size < target:
        n = rng.randint(2, 5)
        sents = []
        for _ in range(n):
            s = filler.sentence()
            if rng.random() < 0.08:
                s = f"“{_quoted(s)},” said {filler.name()}."
            sents.append(s)
        para = " ".join(sents)
        paras.append(para)
        size += len(para) + 2
    for item in injected:
        paras.insert(rng.randint(1, len(paras)), item)
    title = _quoted(filler.sentence())
    out = [title, ""]
    pos = len(title) + 2
    spans: list[tuple[int, int, int]] = []
    for p in paras:
        if isinstance(p, tuple):
            qn, text, speaker = p
            body = _quoted(text)
            lead = "“"
            para = f"{lead}{body},” said {speaker}."
            spans.append((qn, pos + len(lead), pos + len(lead) + len(body)))
        else:
            para = p
        out.append(para)
        out.append("")
        pos += len(para) + 2
    return "\n".join(out), spans


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="number of documents")
    ap.add_argument("--quotes", type=int, help="injected quotes (default docs/10, at most 1000)")
    ap.add_argument("--doc-bytes", type=int, default=3000, help="mean document size")
    ap.add_argument("--sentences", type=Path, help="a folder of .txt/.md files (default: PAWS)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    a = ap.parse_args(argv)
    res = generate(
        a.out, docs=a.docs, quotes=a.quotes, doc_bytes=a.doc_bytes, sentences=a.sentences,
        seed=a.seed,
    )
    print(
        f"{a.out}: {a.docs} documents, {res['corpus_bytes'] / 1e6:.1f} MB, "
        f"{len(res['quotes'])} injected quotes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
