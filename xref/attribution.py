"""Attribution: who a quotation is given to, and by which word.

The extractor (:mod:`xref.extract`) finds the quotation marks; this module
reads the words around them.  Three shapes are recognised, all anchored on a
*reporting verb* (the cue) from ``rules/words/reporting_verbs.toml``:

* after the quotation, name first or verb first:
  ``“…,” the letter states.`` · ``“…,” said Attorney General Lynn Fitch.`` ·
  ``“…,” Mark Morgan, a visiting fellow at FAIR, said in May.``
* before it, in the same sentence: ``Erich Schmitt warned that “…”`` (direct)
  or ``Mayorkas said he could not “speak to cases …”`` (indirect lead-in);
  ``titled “…”`` marks a title, which has no speaker;
* a clause ending in a colon that introduces a block: ``Hawley said:``.

Every span is an offset into the text as given; nothing is normalized.

Contents
--------
Attribution         a speaker span (or none) and the cue word, with offsets
reporting_verbs     the reporting verbs (lower case), loaded from rules/words
load_words          one ``words`` list from rules/words/<name>.toml
after_quote         the attribution in the words right after a quotation
before_quote        the attribution in the lead-in before a quotation
colon_intro         the attribution in a clause that ends with a colon
lead_in_start       where the sentence holding a quotation's lead-in starts
trailer_end         where the clause after a quotation ends
is_description      "the transport secretary" names a role, not a person
bare_name           "Attorney General Lynn Fitch" -> "Lynn Fitch"
"""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache

import attrs

from xref.errors import XrefError

__all__ = [
    "Attribution",
    "after_quote",
    "bare_name",
    "before_quote",
    "colon_intro",
    "is_description",
    "lead_in_start",
    "load_words",
    "reporting_verbs",
    "trailer_end",
]

def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: cues that introduce a title or a name, not somebody's words
TITLE_CUES = _set(
    "titled entitled headlined headed dubbed nicknamed named labeled labelled "
    "branded captioned subtitled"
)

#: reporting verbs that name a thing after "a"/"an" ("a group called “…”")
_NAMING = _set("called calls call")

#: words that may stand between a speaker and the cue ("Hawley also said")
_BETWEEN = _set(
    """also later then previously once further recently has have had was were is
    would will again repeatedly publicly separately subsequently simply just already
    first often frequently earlier reportedly allegedly famously privately has
    had"""
)

#: what may follow a name-then-cue attribution after a sentence-final quote
_TAIL_START = _set(
    """in on at during to from after before last this earlier later today tonight
    yesterday recently previously afterward afterwards then when while via through
    monday tuesday wednesday thursday friday saturday sunday again also once
    shortly late early"""
)

_PRONOUNS = _set(
    "he she they we i you it"
)
_DETERMINERS = _set(
    "the a an his her their its our my your this that these those one another"
)
#: plural or collective nouns that speak without a determiner ("officials said")
_GROUP_NOUNS = _set(
    """officials critics experts police authorities prosecutors lawyers attorneys
    residents witnesses analysts researchers scientists sources advocates opponents
    supporters activists investigators protesters economists doctors officers
    agents lawmakers legislators senators democrats republicans leaders organizers
    organisers parents teachers students workers employees members aides staffers
    observers historians scholars regulators diplomats"""
)
#: documents and bodies: "The report, New Horizons, said" is still the report
_DOCUMENT_NOUNS = _set(
    """letter statement release report document complaint lawsuit order memo filing
    ruling opinion bill website post tweet video study analysis survey book article
    agency department office committee group organization organisation company firm
    party campaign administration government court coalition union"""
)
#: lower-case words allowed inside a capitalized name ("Bank of America")
_CONNECTORS = _set(
    "of and for the de del della da di du van von der den la le bin al y &"
)
#: lower-case words allowed before or inside a title ("former ... Commissioner")
_MODIFIERS = _set(
    """former acting then deputy senior interim retired outgoing incoming late
    state federal assistant associate chief spokesman spokeswoman spokesperson
    attorney general police campaign company agency department government party
    union city county school hospital military army defense defence top senior
    official lawyer analyst economist researcher professor press"""
)
#: lower-case words that end a common-noun phrase read forwards
_NP_STOP = _set(
    """in on at that who which whose during when while after before to as with from
    and or but because since than if said says"""
)

#: abbreviations whose period does not end a sentence
_ABBREVIATIONS = _set(
    """mr mrs ms dr prof sen sens rep reps gov gen lt col sgt capt maj adm cmdr st
    jr sr rev hon atty supt det insp inc corp co ltd vs etc jan feb mar apr jun
    jul aug sep sept oct nov dec no nos fig dept est mt ft pres amb"""
)

#: personal titles, dropped by bare_name (compared in lower case, without ".")
_TITLES = _set(
    """president vice attorney general secretary director acting commissioner sen
    sens senator senators rep reps representative congressman congresswoman gov
    governor lt lieutenant mayor judge justice chief deputy dr mr mrs ms mx prof
    professor chairman chairwoman chair chairperson speaker leader minister prime
    ambassador officer agent sheriff commander col gen maj capt sgt adm cmdr
    colonel major captain sergeant admiral pope king queen prince princess lord
    lady sir dame rev reverend father pastor rabbi imam bishop cardinal ceo cfo
    coo founder spokesman spokeswoman spokesperson press former then interim
    senior assistant associate executive administrator superintendent chancellor
    dean councilman councilwoman councilmember alderman state federal u.s. us
    national homeland security border customs protection department
    justice-designate nominee"""
)

_QUOTE_CHARS = "\"'“”‘’„‚«»‹›「」『』〝〞〟″′❝❞❛❜"
_TOKEN_RE = re.compile(r"\([^()\s]{1,24}\)|[^\W_][\w’'&.\-]*|[^\w\s]")
# a line break is no sentence end: notes and e-mails are hard-wrapped, and the
# callers bound every window by its paragraph
#: (``[.!?;][.!?;]*`` rather than ``[.!?;]+``: a pattern that opens with a
#: character set lets the regex engine skip to the next mark)
_SENT_END_RE = re.compile(r"[.!?;][.!?;]*[\"'”’»)\]]*(?=\s)")
#: the word before a period (is it an abbreviation?)
_TAIL_WORD_RE = re.compile(r"[\w.]+$")
_TRAILER_END_RE = re.compile(r"[.!?;:](?=[\s\"'“”‘’„«»‹›「『]|$)")
_WORDS_OF_RE = re.compile(
    r"\b[Ii]n\s+(?:(?P<own>.{1,80}?)['’]s?\s+(?:own\s+)?words|the\s+words\s+of\s+(?P<of>.{1,80}?))"
    r"\s*[,:]?\s*$",
    re.S,
)


@attrs.frozen
class Attribution:
    """A speaker span (``None`` for titles and unattributed cues) and its cue.

    ``end`` is where the attribution's clause ends in the text (used to tell
    whether the next quotation continues the same one).  ``direct`` is False
    for an indirect lead-in (``said he could not “…”``).
    """

    speaker_start: int | None
    speaker_end: int | None
    cue: str
    cue_start: int
    cue_end: int
    end: int
    direct: bool = True

    def speaker(self, text: str) -> str | None:
        if self.speaker_start is None or self.speaker_end is None:
            return None
        return text[self.speaker_start : self.speaker_end]


# --------------------------------------------------------------------- data


def load_words(name: str) -> frozenset[str]:
    """The ``words`` array of ``rules/words/<name>.toml``, in lower case.

    >>> "said" in load_words("reporting_verbs")
    True
    """
    return _load_words_cached(name)


@lru_cache(maxsize=16)
def _load_words_cached(name: str) -> frozenset[str]:
    res = importlib.resources.files("xref").joinpath("rules", "words", f"{name}.toml")
    try:
        data = tomllib.loads(res.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise XrefError(f"word list not found: rules/words/{name}.toml") from None
    except tomllib.TOMLDecodeError as e:
        raise XrefError(f"malformed word list rules/words/{name}.toml: {e}") from None
    words = data.get("words")
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise XrefError(f"rules/words/{name}.toml: 'words' must be an array of strings")
    return frozenset(w.strip().lower() for w in words if w.strip())


def reporting_verbs() -> frozenset[str]:
    """The reporting verbs a cue is taken from (``said``, ``states``, …).

    >>> {"said", "states", "warned", "outlined"} <= reporting_verbs()
    True
    """
    return load_words("reporting_verbs")


# ------------------------------------------------------------------- tokens


@attrs.frozen
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.is_paren

    @property
    def is_paren(self) -> bool:
        return self.text.startswith("(") and len(self.text) > 2

    @property
    def is_cap(self) -> bool:
        c = self.text[0]
        return self.is_paren or c.isupper() or c.isdigit() or c == "@"


def _is_abbrev(word: str) -> bool:
    """True when the final period of ``word`` belongs to it.

    >>> _is_abbrev("Sen."), _is_abbrev("U.S."), _is_abbrev("J."), _is_abbrev("said.")
    (True, True, True, False)
    """
    core = word[:-1]
    return "." in core or len(core) == 1 or core.lower() in _ABBREVIATIONS


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """Words, bracketed acronyms and punctuation of ``text[start:end]``."""
    out: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text, start, end):
        w, s, e = m.group(), m.start(), m.end()
        if len(w) > 1 and w[0].isalnum():
            # a word glued to trailing marks: "Hawley." "U.S." "well-"
            while len(w) > 1 and w[-1] in "’'-" and not w[-2].isalpha():
                w, e = w[:-1], e - 1
            if w.endswith(".") and not _is_abbrev(w):
                out.append(_Tok(w[:-1], s, e - 1))
                out.append(_Tok(".", e - 1, e))
                continue
        out.append(_Tok(w, s, e))
    return out


# ------------------------------------------------------------ noun phrases


def _valid_np(toks: Sequence[_Tok]) -> bool:
    """Whether ``toks`` as a whole read as a speaker's name or description."""
    if not toks or len(toks) > 14 or not all(t.is_word for t in toks):
        return False
    first = toks[0].low
    if len(toks) == 1 and first in _PRONOUNS:
        return True
    poss = [n for n, t in enumerate(toks[:-1]) if t.low.endswith(("'s", "’s", "s'", "s’"))]
    if poss and first not in _DETERMINERS:
        # "President Trump's executive order", "the letter's close"
        n = poss[0]
        head = [*toks[:n], _Tok(toks[n].text.rstrip("s'’"), toks[n].start, toks[n].end)]
        rest = toks[n + 1 :]
        return (
            _valid_np(head)
            and 1 <= len(rest) <= 5
            and not any(t.low in _NP_STOP for t in rest)
        )
    if first in _DETERMINERS:
        rest = toks[1:]
        return 1 <= len(rest) <= 7 and not any(t.low in _NP_STOP - {"and"} for t in rest)
    if toks[-1].low in _GROUP_NOUNS and len(toks) <= 3:
        return all(t.text[0].islower() or t.is_cap for t in toks) and not any(
            t.low in _NP_STOP for t in toks
        )
    if not (toks[0].is_cap or first in _MODIFIERS):
        return False
    if not toks[-1].is_cap:
        return False
    return all(t.is_cap or t.low in _CONNECTORS or t.low in _MODIFIERS for t in toks)


def _np_backward(toks: Sequence[_Tok], end: int) -> tuple[int, int] | None:
    """The noun phrase ending just before ``toks[end]``: (first, last+1) indexes."""
    if end <= 0:
        return None
    last = toks[end - 1]
    if not last.is_word:
        return None
    if last.low in _PRONOUNS:
        return end - 1, end
    if last.low in _GROUP_NOUNS:
        i = end - 1
        while i > max(0, end - 3) and toks[i - 1].is_word and toks[i - 1].low not in _NP_STOP:
            if toks[i - 1].low in _DETERMINERS:
                i -= 1
                break
            if _is_possessive(toks[i - 1]) and toks[i - 1].low not in _DETERMINERS:
                return _possessor_start(toks, i - 1), end
            if not (toks[i - 1].is_cap or toks[i - 1].low in _MODIFIERS):
                break
            i -= 1
        return i, end
    if last.is_cap:
        i = end - 1
        while i > 0:
            t = toks[i - 1]
            if not t.is_word:
                break
            joins = t.low in _CONNECTORS and i >= 2 and toks[i - 2].is_word and toks[i - 2].is_cap
            if t.is_cap or t.low in _MODIFIERS or joins:
                i -= 1
            elif t.low == "the":
                i -= 1
                break
            else:
                break
        while i < end - 1 and toks[i].low in _CONNECTORS - {"the"}:
            i += 1
        return (i, end) if _valid_np(toks[i:end]) else None
    # a common noun: look back a few words for its determiner or possessor
    for i in range(end - 2, max(-1, end - 7), -1):
        t = toks[i]
        if not t.is_word or t.low in _NP_STOP:
            return None
        if t.low in _DETERMINERS:
            return (i, end) if _valid_np(toks[i:end]) else None
        if t.low.endswith(("'s", "’s", "s'", "s’")):
            head = _np_backward(toks, i + 1)
            if head is None:
                return None
            return (head[0], end) if _valid_np(toks[head[0] : end]) else None
    return None


def _is_possessive(tok: _Tok) -> bool:
    """``unions'``, ``company's``: a word that owns the noun after it."""
    return tok.is_word and len(tok.text) > 2 and tok.low.endswith(("'s", "’s", "s'", "s’"))


def _possessor_start(toks: Sequence[_Tok], poss: int) -> int:
    """Where the possessor ending at ``toks[poss]`` starts: ``Rail unions'``,
    ``the rail unions'`` (at most one plain lower-case word before it)."""
    i, plain = poss, 0
    while i > 0 and poss - i < 3:
        t = toks[i - 1]
        if not t.is_word or t.low in _NP_STOP:
            break
        if t.low in _DETERMINERS:
            return i - 1
        if not (t.is_cap or t.low in _MODIFIERS):
            plain += 1
            if plain > 1:
                break
        i -= 1
    return i


def _person_name(toks: Sequence[_Tok]) -> bool:
    """Whether ``toks`` read as a person's name in an appositive: two to five
    capitalized words (titles allowed), not an acronym or a number.

    >>> _person_name(_tokens("Ian Doyle", 0, 9)), _person_name(_tokens("ICE", 0, 3))
    (True, False)
    >>> _person_name(_tokens("a Republican", 0, 12))
    False
    """
    if not 2 <= len(toks) <= 5:
        return False
    for t in toks:
        if not (t.is_word and t.text[0].isupper() and not t.is_paren):
            return False
        if not any(c.islower() for c in t.text) and not _is_abbrev(t.text + "."):
            return False  # an acronym (ICE) or a number is no person's name
    return True


def _role_phrase(toks: Sequence[_Tok]) -> bool:
    """Whether ``toks`` describe a role rather than name someone:
    ``The transport secretary``, ``Her lawyer``, ``The company's chief executive``
    (not a document or body: ``The report, New Horizons,`` stays the report).

    >>> _role_phrase(_tokens("The transport secretary", 0, 23))
    True
    >>> _role_phrase(_tokens("Attorney General Lynn Fitch", 0, 27))
    False
    >>> _role_phrase(_tokens("The report", 0, 10))
    False
    """
    if not toks or not all(t.is_word for t in toks) or toks[-1].low in _DOCUMENT_NOUNS:
        return False
    if toks[-1].low in _PRONOUNS:
        return False
    return toks[0].low in _DETERMINERS or any(
        t.text[0].islower() or _is_possessive(t) for t in toks
    )


def _appositive(
    toks: Sequence[_Tok], np: tuple[int, int], app: tuple[int, int]
) -> tuple[int, int]:
    """The speaker of ``ROLE, NAME,``: the name when ``toks[np]`` is a role
    phrase and ``toks[app]`` a person's name, else the noun phrase."""
    if _role_phrase(toks[np[0] : np[1]]) and _person_name(toks[app[0] : app[1]]):
        return app
    return np


def _np_forward(toks: Sequence[_Tok], begin: int) -> tuple[int, int] | None:
    """The noun phrase starting at ``toks[begin]``: (first, last+1) indexes."""
    if begin >= len(toks) or not toks[begin].is_word:
        return None
    first = toks[begin]
    if first.low in _PRONOUNS:
        return begin, begin + 1
    j = begin
    if first.low in _DETERMINERS:
        j = begin + 1
        while j < len(toks) and j - begin <= 7 and toks[j].is_word:
            if toks[j].low in _NP_STOP:
                break
            j += 1
        return (begin, j) if j > begin + 1 else None
    for k in range(begin, min(len(toks) - 1, begin + 4)):
        # a lower-case title before a name: "said opposition leader Tom Fraser",
        # "said Northwind chief executive Rachel Ames"; the speaker is the
        # name, as when read backwards ("… Rachel Ames said")
        t = toks[k]
        if not t.is_word or t.low in _NP_STOP:
            break
        if t.text[0].islower() and t.low in _TITLES and t.low not in _MODIFIERS:
            if toks[k + 1].is_word and toks[k + 1].is_cap and not toks[k + 1].is_paren:
                name = _np_forward(toks, k + 1)
                if name is not None:
                    return name
            break
    while j < len(toks) and toks[j].is_word:
        t = toks[j]
        if t.is_cap or t.low in _MODIFIERS or t.low in _CONNECTORS:
            j += 1
        else:
            break
    while j > begin and toks[j - 1].low in _CONNECTORS:
        j -= 1
    if j > begin and _valid_np(toks[begin:j]):
        return begin, j
    return None


# ---------------------------------------------------------------- windows


def lead_in_start(text: str, lo: int, pos: int) -> int:
    """Where the sentence holding ``pos`` starts, not before ``lo``.

    >>> t = "Hi there. Sen. Hawley said “no”"
    >>> t[lead_in_start(t, 0, t.index("“")):]
    'Sen. Hawley said “no”'
    """
    lo = max(lo, pos - 400)
    start = lo
    for m in _SENT_END_RE.finditer(text, lo, pos):
        if m.group()[0] == ".":
            wm = _TAIL_WORD_RE.search(text[max(lo, m.start() - 20) : m.start() + 1])
            if wm and _is_abbrev(wm.group()):
                continue
        start = m.end()
    while start < pos and text[start].isspace():
        start += 1
    return start


def trailer_end(text: str, pos: int, hi: int) -> int:
    """Where the clause after a closing mark at ``pos`` ends (before ``hi``).

    >>> t = "“Yes,” Sen. Hawley said. Then"
    >>> t[6:trailer_end(t, 6, len(t))]
    ' Sen. Hawley said'
    """
    hi = min(hi, pos + 400)
    for m in _TRAILER_END_RE.finditer(text, pos, hi):
        if m.group() == ".":
            wm = _TAIL_WORD_RE.search(text[max(pos, m.start() - 20) : m.start() + 1])
            if wm and _is_abbrev(wm.group()):
                continue
        return m.start()
    return hi


# ---------------------------------------------------------------- parsers


def _cue_at(toks: Sequence[_Tok], i: int, verbs: frozenset[str]) -> bool:
    t = toks[i]
    if not t.text[0].islower() or t.low not in verbs:
        return False
    # "continues to implement", "to say" are not reporting a quotation
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    prev = toks[i - 1].low if i > 0 else ""
    return nxt != "to" and prev != "to"


def _attr(
    toks: Sequence[_Tok], np: tuple[int, int] | None, cue_i: int, end: int, *, cue_len: int = 1,
    direct: bool = True,
) -> Attribution:
    cue_toks = toks[cue_i : cue_i + cue_len]
    cue = " ".join(t.low for t in cue_toks)
    s = toks[np[0]].start if np else None
    e = toks[np[1] - 1].end if np else None
    return Attribution(s, e, cue, cue_toks[0].start, cue_toks[-1].end, end, direct)


def after_quote(text: str, start: int, end: int, *, strict: bool = True) -> Attribution | None:
    """The attribution in ``text[start:end]``, the words after a closing mark.

    ``strict`` (for a quotation that ended a sentence) refuses a cue followed
    by anything but a short adverbial (``said in May``), since the words may
    start a new sentence (``Hawley said Democrats …``).

    >>> t = "“…,” said Attorney General Lynn Fitch. “…”"
    >>> a = after_quote(t, 4, trailer_end(t, 4, len(t)))
    >>> a.speaker(t), a.cue
    ('Attorney General Lynn Fitch', 'said')
    >>> t = "“…,” Mark Morgan, a visiting fellow at FAIR, said in May."
    >>> a = after_quote(t, 4, len(t) - 1)
    >>> a.speaker(t), a.cue
    ('Mark Morgan', 'said')
    >>> after_quote("“.” Hawley said Democrats lie", 3, 29) is None
    True
    """
    toks = _tokens(text, start, end)
    i = 0
    while i < len(toks) and not toks[i].is_word:
        if toks[i].text not in ",.!?—–-…":
            return None
        i += 1
    toks = toks[i:]
    if not toks:
        return None
    verbs = reporting_verbs()
    # verb first: said Attorney General Lynn Fitch / according to the letter
    if toks[0].low == "according" and len(toks) > 2 and toks[1].low == "to":
        np = _np_forward(toks, 2)
        return _attr(toks, np, 0, end, cue_len=2) if np else None
    if _cue_at(toks, 0, verbs):
        np = _np_forward(toks, 1)
        if np is None:
            return None
        tail_at = np[1]
        if tail_at < len(toks) and toks[tail_at].text == ",":
            # said the transport secretary, Ian Doyle(, on Monday).
            stop = tail_at + 1
            while stop < len(toks) and toks[stop].is_word and toks[stop].is_cap:
                stop += 1
            if stop == len(toks) or toks[stop].text in ",.;":
                named = _appositive(toks, np, (tail_at + 1, stop))
                if named != np:
                    np, tail_at = named, stop
        return _attr(toks, np, 0, end) if _tail_ok(toks[tail_at:], strict) else None
    # name first: the letter states / Hawley also said / X, a fellow at Y, said
    for k in range(1, min(len(toks), 30)):
        if not _cue_at(toks, k, verbs):
            continue
        j = k
        while j > 0 and toks[j - 1].low in _BETWEEN:
            j -= 1
        prefix = toks[:j]
        np = (0, j)
        if prefix and prefix[-1].text == "," and any(t.text == "," for t in prefix[:-1]):
            first_comma = next(n for n, t in enumerate(prefix) if t.text == ",")
            prefix = prefix[:first_comma]
            np = _appositive(toks, (0, first_comma), (first_comma + 1, j - 1))
        if not _valid_np(prefix):
            continue  # "the report said": "report" is no cue here, "said" is
        if not _tail_ok(toks[k + 1 :], strict):
            return None
        return _attr(toks, np, k, end)
    return None


def _tail_ok(tail: Sequence[_Tok], strict: bool) -> bool:
    if not tail or not strict:
        return True
    first = tail[0]
    return first.text in ",(—–-" or first.low in _TAIL_START


def before_quote(text: str, start: int, end: int) -> Attribution | None:
    """The attribution in the lead-in ``text[start:end]`` before an opening mark.

    >>> t = "Attorney General Erich Schmitt of Missouri warned that “This”"
    >>> a = before_quote(t, 0, t.index("“"))
    >>> a.speaker(t), a.cue, a.direct
    ('Attorney General Erich Schmitt of Missouri', 'warned', True)
    >>> t = "DHS Secretary Alejandro Mayorkas said he could not “speak”"
    >>> a = before_quote(t, 0, t.index("“"))
    >>> a.speaker(t), a.direct
    ('DHS Secretary Alejandro Mayorkas', False)
    >>> t = "a press release titled “ICE Raids”"
    >>> a = before_quote(t, 0, t.index("“"))
    >>> a.speaker(t), a.cue
    (None, 'titled')
    """
    words_of = _words_of(text, start, end)
    if words_of is not None:
        return words_of
    toks = _tokens(text, start, end)
    if not toks:
        return None
    # a title: `titled “…”`, `dubbed the “…”`
    tail = [t for t in toks[-3:] if t.is_word]
    for t in reversed(tail[-2:]):
        if t.low in TITLE_CUES and t.text[0].islower():
            return Attribution(None, None, t.text, t.start, t.end, end)
    verbs = reporting_verbs()
    for k in range(len(toks) - 1, -1, -1):
        if toks[k].low == "according" and k + 2 < len(toks) and toks[k + 1].low == "to":
            np = _np_forward(toks, k + 2)
            rest = toks[np[1] :] if np else []
            if np and all(not t.is_word for t in rest):
                return _attr(toks, np, k, end, cue_len=2)
            return None
        if not _cue_at(toks, k, verbs):
            continue
        j = k
        while j > 0 and toks[j - 1].low in _BETWEEN:
            j -= 1
        app = None
        if j > 0 and toks[j - 1].text == ",":
            # an appositive between the speaker and the verb
            commas = [n for n in range(j - 1) if toks[n].text == ","]
            if not commas:
                return None
            app = (commas[-1] + 1, j - 1)
            j = commas[-1]
        np = _np_backward(toks, j)
        if np is None:
            return None
        if app is not None:
            if np[0] > 0 and toks[np[0] - 1].low in ("for", "of", "at") and _person_name(
                toks[app[0] : app[1]]
            ):
                np = app  # "A spokesperson for the union, Mary Kerr, said"
            else:
                np = _appositive(toks, np, app)
        if toks[k].low in _NAMING and toks[np[0]].low in ("a", "an") and k + 1 == len(toks):
            # "a group called “…”" names a thing; "critics called it “…”" speaks
            return Attribution(None, None, toks[k].low, toks[k].start, toks[k].end, end)
        after = [t.low for t in toks[k + 1 :]]
        direct = all(w in {"that", ",", ":", "—", "–", "-"} for w in after)
        return _attr(toks, np, k, end, direct=direct)
    return None


def _words_of(text: str, start: int, end: int) -> Attribution | None:
    """``In the letter's words, “…”`` and ``In the words of Lynn Fitch, “…”``.

    >>> t = "In the letter's words, “The cancellation”"
    >>> a = _words_of(t, 0, t.index("“"))
    >>> a.speaker(t), a.cue
    ('the letter', 'words')
    """
    m = _WORDS_OF_RE.search(text, start, end)
    if m is None:
        return None
    group = "own" if m.group("own") is not None else "of"
    s, e = m.start(group), m.end(group)
    toks = _tokens(text, s, e)
    if not _valid_np(toks):
        return None
    w = text.index("words", m.start(), m.end())
    return Attribution(s, e, "words", w, w + 5, end)


def colon_intro(text: str, start: int, end: int) -> Attribution | None:
    """The attribution of a clause ``text[start:end]`` that ends with a colon.

    Only a reporting verb among the clause's last words counts, so
    ``the following:`` introduces nothing.

    >>> t = "the ICE union,” Hawley said:"
    >>> colon_intro(t, 0, len(t)).speaker(t)
    'Hawley'
    >>> colon_intro("He listed the following:", 0, 24) is None
    True
    """
    stop = end
    while stop > start and text[stop - 1] in ": \t\r\n":
        stop -= 1
    cut = start
    for i in range(stop - 1, start - 1, -1):
        if text[i] in _QUOTE_CHARS and not (
            i > start and text[i - 1].isalpha() and i + 1 < stop and text[i + 1].isalpha()
        ):
            cut = i + 1
            break
    lead = lead_in_start(text, cut, stop)
    toks = _tokens(text, lead, stop)
    verbs = reporting_verbs()
    words = [n for n, t in enumerate(toks) if t.is_word]
    if not words or not any(_cue_at(toks, n, verbs) for n in words[-6:]):
        return None
    a = after_quote(text, lead, stop, strict=False)
    if a is None:
        a = before_quote(text, lead, stop)
    if a is None or a.speaker_start is None:
        return None
    return attrs.evolve(a, end=end)


# -------------------------------------------------------------- bare names


def is_description(speaker: str) -> bool:
    """Whether a speaker describes someone without naming them.

    A role or group (``the transport secretary``, ``Union leaders``, ``Rail
    unions' leaders``, ``critics``) may be anyone with that role, so it can
    neither confirm nor contradict a named speaker.  Only the first word may
    be capitalized (it may start the sentence).

    >>> is_description("The transport secretary"), is_description("Rail unions' leaders")
    (True, True)
    >>> is_description("Critics"), is_description("Her lawyer")
    (True, True)
    >>> is_description("Ian Doyle"), is_description("Hawley"), is_description("Democrats")
    (False, False, False)
    >>> is_description("the Mississippi Democratic Party")
    False
    """
    toks = [t for t in _tokens(speaker, 0, len(speaker)) if t.is_word]
    if not toks:
        return False
    if len(toks) == 1:
        return toks[0].low in _GROUP_NOUNS - {"democrats", "republicans"}
    return all(t.text[0].islower() for t in toks[1:])




def bare_name(speaker: str) -> str:
    """A speaker without titles, appositives and ``of Place``.

    >>> bare_name("Attorney General Lynn Fitch")
    'Lynn Fitch'
    >>> bare_name("Attorney General Erich Schmitt of Missouri")
    'Erich Schmitt'
    >>> bare_name("former Customs and Border Protection (CBP) Commissioner Mark Morgan")
    'Mark Morgan'
    >>> bare_name("Sens. Josh Hawley (R-MO)")
    'Josh Hawley'
    >>> bare_name("the letter"), bare_name("Bank of America"), bare_name("Hawley")
    ('the letter', 'Bank of America', 'Hawley')
    """
    s = " ".join(speaker.split())
    s = s.split(",")[0].strip()
    words = [w for w in s.split(" ") if not (w.startswith("(") and w.endswith(")"))]
    if not words or words[0].lower() in _DETERMINERS or words[0].lower() in _PRONOUNS:
        return s
    titled = [_title_word(w) for w in words]
    if any(titled) and "of" in words:
        cut = len(words) - 1 - words[::-1].index("of")
        if any(titled[:cut]):
            words, titled = words[:cut], titled[:cut]
    i = len(words)
    while i > 0 and not titled[i - 1]:
        i -= 1
    name = words[i:]
    while name and name[0].lower() in _CONNECTORS:
        name = name[1:]
    return " ".join(name) if name else " ".join(words)


def _title_word(word: str) -> bool:
    w = word.lower().rstrip(".")
    if w in _TITLES or word.lower() in _TITLES:
        return True
    # an acronym (DHS, CBP, ICE) belongs to the title, not the name
    return len(word) > 1 and word.isupper() and word.isalpha()
