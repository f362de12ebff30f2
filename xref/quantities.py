"""Quantities about a subject: a number with the noun phrase it counts.

"18 state attorneys general", "302 illegal aliens convicted of sex crimes",
"at least 4,829 arrests": each becomes a :class:`Quantity` holding the
:class:`~xref.numbers.NumberMention` and its subject, reduced to a head noun
(simple plurals lemmatized: "attorneys" -> "attorney") and a set of modifier
lemmas.  Two quantities are about the same subject when their heads are
equal and one's modifiers contain the other's, with at least one modifier in
common (:func:`same_subject`): "GOP state attorneys general" matches "state
attorneys general", but "illegal alien sex offenders" does not match
"illegal aliens convicted of sex crimes" (another head) -- precision first.

Contents
--------
Quantity        a number and its subject, with offsets into the original text
find_quantities text -> list[Quantity]
subject_of      the subject noun phrase after a given offset
lemma           "attorneys" -> "attorney", "communities" -> "community"
same_subject    whether two quantities (or subjects) count the same thing
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from xref.normalize import LazyTokens
from xref.numbers import NumberMention, agree, find_numbers

__all__ = [
    "Quantity",
    "Subject",
    "agree",
    "find_quantities",
    "lemma",
    "same_subject",
    "subject_of",
]

STOP: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "by",
        "for",
        "with",
        "without",
        "about",
        "into",
        "onto",
        "over",
        "under",
        "after",
        "before",
        "during",
        "since",
        "until",
        "than",
        "as",
        "and",
        "or",
        "but",
        "nor",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "this",
        "these",
        "those",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "my",
        "we",
        "they",
        "he",
        "she",
        "it",
        "i",
        "you",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "so",
        "also",
        "only",
        "just",
        "more",
        "most",
        "less",
        "least",
        "such",
        "other",
        "others",
        "each",
        "every",
        "all",
        "both",
        "any",
        "some",
        "many",
        "much",
        "few",
        "several",
        "per",
        "via",
        "among",
        "between",
        "against",
        "within",
        "across",
        "through",
        "around",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "if",
        "while",
        "said",
        "says",
        "say",
        "according",
        "including",
        "include",
        "includes",
        "included",
    ]
)
#: plural nouns that do not end in -s
IRREGULAR: dict[str, str] = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "police": "police",
    "staff": "staff",
    "personnel": "personnel",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "crises": "crisis",
}
#: words ending in -s that are not plurals
NOT_PLURAL: frozenset[str] = frozenset(
    [
        "texas",
        "kansas",
        "arkansas",
        "illinois",
        "massachusetts",
        "honduras",
        "paris",
        "athens",
        "news",
        "series",
        "species",
        "always",
        "perhaps",
        "thus",
        "was",
        "has",
        "is",
        "us",
        "its",
        "his",
        "this",
        "gas",
        "bus",
        "plus",
    ]
)
_SIBILANT_ES_RE = re.compile(r"(?:ss|sh|ch|x|z)es$")
_NOT_PLURAL_S_RE = re.compile(r"(?:ss|us|is|'s)$")
POSTPOSITIVE: frozenset[str] = frozenset({"general", "elect", "designate"})


def lemma(word: str) -> str:
    """A plural noun's singular, by simple rules (for matching only).

    >>> [lemma(w) for w in ["attorneys", "communities", "crimes", "witnesses", "men", "status"]]
    ['attorney', 'community', 'crime', 'witness', 'man', 'status']
    """
    w = word.lower().strip("'’")
    if w.endswith("'s"):
        w = w[:-2]
    if w in IRREGULAR:
        return IRREGULAR[w]
    if not is_plural(w):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if _SIBILANT_ES_RE.search(w):
        return w[:-2]
    return w[:-1]


def is_plural(word: str) -> bool:
    """Whether ``word`` looks like a plural noun.

    >>> is_plural("arrests"), is_plural("Texas"), is_plural("business"), is_plural("people")
    (True, False, False, True)
    """
    w = word.lower()
    if w in IRREGULAR:
        return True
    if w in NOT_PLURAL or len(w) <= 3 or (not w.isalpha() and "-" not in w):
        return False
    return w.endswith("s") and not _NOT_PLURAL_S_RE.search(w)


@attrs.frozen
class Subject:
    """The noun phrase a number counts: its text, head lemma and modifier lemmas."""

    text: str
    start: int
    end: int
    head: str
    modifiers: frozenset[str]

    def describe(self) -> str:
        return self.text


@attrs.frozen
class Quantity:
    """A number with the subject it counts; ``start``/``end`` cover both."""

    number: NumberMention
    subject: Subject
    start: int
    end: int
    text: str

    @property
    def value(self) -> float:
        return self.number.value


def subject_of(text: str, offset: int, *, limit: int = 120) -> Subject | None:
    """The subject noun phrase starting at ``offset`` in ``text``, if any.

    >>> s = subject_of("18 state attorneys general in urging", 2)
    >>> s.text, s.head, sorted(s.modifiers)
    ('state attorneys general', 'attorney', ['general', 'state'])
    >>> subject_of("753 over a six day period", 3) is None
    True
    """
    window = text[offset : offset + limit]
    toks = LazyTokens(window)  # (norm, start, end, kind), read as far as needed
    words: list[tuple[str, int, int]] = []  # (norm, start, end) in window
    head_index = -1
    i = 0
    while toks.has(i):
        w, ts, te, kind = toks[i]
        if kind != "word" or (w in STOP and w != "of"):
            break
        if head_index < 0:
            if w == "of":
                if words:
                    break
                i += 1  # "percent of": the subject follows
                continue
            words.append((w, ts, te))
            if is_plural(w):
                head_index = len(words) - 1
            elif len(words) >= 5:
                break
        else:
            nxt = toks[i + 1][0] if toks.has(i + 1) else ""
            if w in POSTPOSITIVE and len(words) == head_index + 1:
                words.append((w, ts, te))
            elif w.endswith("ed") and nxt == "of":
                # "convicted of sex crimes": a participle with its object
                words.append((w, ts, te))
                i += 1
                j = i + 1
                while (
                    toks.has(j) and j <= i + 3 and toks[j][3] == "word" and toks[j][0] not in STOP
                ):
                    words.append(toks[j][:3])
                    j += 1
                break
            elif w == "of" and len(words) - head_index <= 2:
                j = i + 1
                added = 0
                while (
                    toks.has(j) and added < 3 and toks[j][3] == "word" and toks[j][0] not in STOP
                ):
                    words.append(toks[j][:3])
                    j += 1
                    added += 1
                break
            else:
                break
        i += 1
    if head_index < 0 or not words:
        return None
    head = lemma(words[head_index][0])
    mods = frozenset(lemma(w) for k, (w, _, _) in enumerate(words) if k != head_index)
    s, e = offset + words[0][1], offset + words[-1][2]
    return Subject(text[s:e], s, e, head, mods)


def find_quantities(text: str, numbers: Sequence[NumberMention] | None = None) -> list[Quantity]:
    """Every number in ``text`` with the subject it counts, in text order.

    Percentages, money and durations are left out (they measure, not count).
    ``numbers`` may pass the mentions already found in ``text``.

    >>> qs = find_quantities("at least 4,829 arrests in the crackdowns")
    >>> [(q.text, q.subject.head) for q in qs]
    [('at least 4,829 arrests', 'arrest')]
    >>> qs = find_quantities("Eighteen GOP state attorneys general urged")
    >>> [(q.number.value, q.subject.text) for q in qs]
    [(18.0, 'GOP state attorneys general')]
    """
    out: list[Quantity] = []
    for m in find_numbers(text) if numbers is None else numbers:
        if m.kind not in ("count", "fraction"):
            continue
        subj = subject_of(text, m.end)
        if subj is None:
            continue
        out.append(Quantity(m, subj, m.start, subj.end, text[m.start : subj.end]))
    return out


def same_subject(a: Quantity | Subject, b: Quantity | Subject) -> bool:
    """Whether two subjects count the same thing (head equal, modifiers nested).

    >>> def q(t): return find_quantities(t)[0]
    >>> same_subject(q("18 state attorneys general"), q("Eighteen GOP state attorneys general"))
    True
    >>> aliens = q("302 illegal aliens convicted of sex crimes")
    >>> same_subject(aliens, q("300 illegal alien sex offenders"))
    False
    >>> same_subject(q("5 state senators"), q("5 federal senators"))
    False
    """
    sa = a.subject if isinstance(a, Quantity) else a
    sb = b.subject if isinstance(b, Quantity) else b
    if sa.head != sb.head:
        return False
    ma, mb = sa.modifiers, sb.modifiers
    if not (ma <= mb or mb <= ma):
        return False
    return bool(ma & mb) or ma == mb
