"""Word lists that drive the verdict engine, loaded from ``rules/words/*.toml``.

The lists are data, not code: negators, antonym and comparative pairs, modal
verbs by strength, hedges, role markers (prepositions), coordinators, number
words and scales (with their abbreviations: "bn", "m"), currency words,
negation exceptions ("not only"), month names, spelling variants, the
alternations of a name's first letters (Katherine/Catherine) and function
words.  Users extend them
with their own TOML files; lists are merged (union), never replaced.  Keys a
file holds that the lexicon does not know (other tools share the folder) are
left alone.

Contents
--------
Lexicon            frozen attrs class holding every list, with small lookups
default_lexicon    the lists shipped with xref (cached)
load_lexicon       the shipped lists merged with users' folders of TOML files
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from xref.errors import XrefError

_Pairs = frozenset[tuple[str, str]]


def _pairs(raw: Iterable[Sequence[str]]) -> _Pairs:
    """Both orders of each pair, lower-cased.

    >>> sorted(_pairs([["More", "less"]]))
    [('less', 'more'), ('more', 'less')]
    """
    out: set[tuple[str, str]] = set()
    for a, b in raw:
        out.add((a.lower(), b.lower()))
        out.add((b.lower(), a.lower()))
    return frozenset(out)


@attrs.frozen(cache_hash=True)
class Lexicon:
    """Every word list the comparison uses (all lower case).

    Sets of pairs hold both orders, so ``(a, b) in lex.antonyms`` is the whole
    test.  Mappings (``number_words``, ``months``, ``spelling``) are excluded
    from hashing.
    """

    negators: frozenset[str] = frozenset()
    antonyms: _Pairs = frozenset()
    comparatives: _Pairs = frozenset()
    modals_certain: frozenset[str] = frozenset()
    modals_possible: frozenset[str] = frozenset()
    modals_obligation: frozenset[str] = frozenset()
    hedges: frozenset[str] = frozenset()
    role_markers: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    passive_agent: frozenset[str] = frozenset()
    passive_auxiliaries: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    percent_words: frozenset[str] = frozenset()
    weekdays: frozenset[str] = frozenset()
    scale_abbreviations_with_currency: frozenset[str] = frozenset()
    negation_exceptions: frozenset[str] = frozenset()
    negation_bridges: frozenset[str] = frozenset()
    spelling_suffixes: tuple[tuple[str, str], ...] = ()
    name_alternations: tuple[tuple[str, str], ...] = ()
    number_words: Mapping[str, int] = attrs.field(factory=dict, hash=False)
    number_scales: Mapping[str, int] = attrs.field(factory=dict, hash=False)
    scale_abbreviations: Mapping[str, int] = attrs.field(factory=dict, hash=False)
    currencies: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    ordinals: Mapping[str, int] = attrs.field(factory=dict, hash=False)
    months: Mapping[str, int] = attrs.field(factory=dict, hash=False)
    spelling: Mapping[str, str] = attrs.field(factory=dict, hash=False)

    def canonical_spelling(self, word: str) -> str:
        """The canonical spelling of ``word`` (itself when not listed).

        >>> Lexicon(spelling={"colour": "color"}).canonical_spelling("colour")
        'color'
        """
        return self.spelling.get(word, word)

    def is_spelling_variant(self, a: str, b: str) -> bool:
        """Whether two different words are spellings of one word.

        Listed pairs, suffix rules ("organise"/"organize") and hyphenation
        ("e-mail"/"email") count; a plural or any other change does not.

        >>> lex = Lexicon(spelling_suffixes=(("ise", "ize"),))
        >>> lex.is_spelling_variant("organise", "organize")
        True
        >>> lex.is_spelling_variant("rise", "rize")
        False
        >>> lex.is_spelling_variant("re-elect", "reelect")
        True
        """
        if a == b:
            return True
        if self.canonical_spelling(a) == self.canonical_spelling(b):
            return True
        if a.replace("-", "") == b.replace("-", ""):
            return True
        for x, y in self.spelling_suffixes:
            for u, v in ((a, b), (b, a)):
                if (
                    u.endswith(x)
                    and v.endswith(y)
                    and u[: len(u) - len(x)] == v[: len(v) - len(y)]
                    and len(u) - len(x) >= 3
                ):
                    return True
        return False

    def modal_class(self, word: str) -> str | None:
        """``certain``, ``obligation``, ``possible`` or None.

        >>> Lexicon(modals_possible=frozenset({"may"})).modal_class("may")
        'possible'
        >>> Lexicon(modals_obligation=frozenset({"must"})).modal_class("must")
        'obligation'
        """
        if word in self.modals_obligation:
            return "obligation"
        if word in self.modals_certain:
            return "certain"
        if word in self.modals_possible:
            return "possible"
        return None

    def scale_of(self, word: str, *, currency: bool = False) -> int | None:
        """The factor of a scale word or abbreviation after a number, or None.

        ``currency`` says whether a currency stands next to the number: the
        abbreviations of ``scale_abbreviations_with_currency`` ("m", "k")
        count only then.

        >>> lex = Lexicon(number_scales={"billion": 10**9},
        ...     scale_abbreviations={"bn": 10**9, "m": 10**6},
        ...     scale_abbreviations_with_currency=frozenset({"m"}))
        >>> lex.scale_of("bn"), lex.scale_of("m"), lex.scale_of("m", currency=True)
        (1000000000, None, 1000000)
        """
        if word in self.number_scales:
            return self.number_scales[word]
        if word in self.scale_abbreviations and (
            currency or word not in self.scale_abbreviations_with_currency
        ):
            return self.scale_abbreviations[word]
        return None


_SET_KEYS = (
    "negators",
    "modals_certain",
    "modals_possible",
    "modals_obligation",
    "hedges",
    "role_markers",
    "coordinators",
    "passive_agent",
    "passive_auxiliaries",
    "function_words",
    "percent_words",
    "weekdays",
    "scale_abbreviations_with_currency",
    "negation_exceptions",
    "negation_bridges",
)
_PAIR_KEYS = ("antonyms", "comparatives")
_MAP_KEYS = ("number_words", "number_scales", "scale_abbreviations", "ordinals", "months")
_STR_MAP_KEYS = ("currencies",)


def _check_words(value: Any, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise XrefError(f"{key!r} must be a list of strings", path=where)
    return [w.lower() for w in value]


def _check_pairs(value: Any, key: str, where: str) -> list[tuple[str, str]]:
    ok = isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) for w in p) for p in value
    )
    if not ok:
        raise XrefError(f"{key!r} must be a list of [word, word] pairs", path=where)
    return [(p[0].lower(), p[1].lower()) for p in value]


def _merge(tables: Iterable[tuple[str, Mapping[str, Any]]]) -> Lexicon:
    sets: dict[str, set[str]] = {k: set() for k in _SET_KEYS}
    pairs: dict[str, list[tuple[str, str]]] = {k: [] for k in _PAIR_KEYS}
    maps: dict[str, dict[str, int]] = {k: {} for k in _MAP_KEYS}
    str_maps: dict[str, dict[str, str]] = {k: {} for k in _STR_MAP_KEYS}
    spelling: dict[str, str] = {}
    suffixes: list[tuple[str, str]] = []
    alternations: list[tuple[str, str]] = []
    for where, table in tables:
        for key in _SET_KEYS:
            if key in table:
                sets[key].update(_check_words(table[key], key, where))
        for key in _PAIR_KEYS:
            if key in table:
                pairs[key].extend(_check_pairs(table[key], key, where))
        for key in _MAP_KEYS:
            if key in table:
                raw = table[key]
                if not isinstance(raw, dict) or not all(
                    isinstance(v, int) and not isinstance(v, bool) for v in raw.values()
                ):
                    raise XrefError(f"{key!r} must be a table of word = number", path=where)
                maps[key].update({k.lower(): v for k, v in raw.items()})
        for key in _STR_MAP_KEYS:
            if key in table:
                raw = table[key]
                if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
                    raise XrefError(f'{key!r} must be a table of word = "text"', path=where)
                str_maps[key].update({k.lower(): v for k, v in raw.items()})
        if "name_alternations" in table:
            alternations.extend(
                _check_pairs(table["name_alternations"], "name_alternations", where)
            )
        if "spelling" in table:
            for variant, canonical in _check_pairs(table["spelling"], "spelling", where):
                spelling[variant] = canonical
        if "spelling_suffixes" in table:
            suffixes.extend(_check_pairs(table["spelling_suffixes"], "spelling_suffixes", where))
    return Lexicon(
        negators=frozenset(sets["negators"]),
        antonyms=_pairs(pairs["antonyms"]),
        comparatives=_pairs(pairs["comparatives"]),
        modals_certain=frozenset(sets["modals_certain"]),
        modals_possible=frozenset(sets["modals_possible"]),
        modals_obligation=frozenset(sets["modals_obligation"]),
        hedges=frozenset(sets["hedges"]),
        role_markers=frozenset(sets["role_markers"]),
        coordinators=frozenset(sets["coordinators"]),
        passive_agent=frozenset(sets["passive_agent"]),
        passive_auxiliaries=frozenset(sets["passive_auxiliaries"]),
        function_words=frozenset(sets["function_words"]),
        percent_words=frozenset(sets["percent_words"]),
        weekdays=frozenset(sets["weekdays"]),
        scale_abbreviations_with_currency=frozenset(sets["scale_abbreviations_with_currency"]),
        negation_exceptions=frozenset(sets["negation_exceptions"]),
        negation_bridges=frozenset(sets["negation_bridges"]),
        spelling_suffixes=tuple(dict.fromkeys(suffixes)),
        name_alternations=tuple(dict.fromkeys(alternations)),
        number_words=maps["number_words"],
        number_scales=maps["number_scales"],
        scale_abbreviations=maps["scale_abbreviations"],
        currencies=str_maps["currencies"],
        ordinals=maps["ordinals"],
        months=maps["months"],
        spelling=spelling,
    )


def _read_toml(name: str, data: bytes) -> dict[str, Any]:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise XrefError(f"not a valid TOML word list: {e}", path=name) from None


def _packaged_tables() -> list[tuple[str, dict[str, Any]]]:
    root: Traversable = resources.files("xref") / "rules" / "words"
    if not root.is_dir():
        return []
    files = sorted((f for f in root.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return [(f"rules/words/{f.name}", _read_toml(f.name, f.read_bytes())) for f in files]


def _folder_tables(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    if folder.is_file() and folder.suffix == ".toml":
        files = [folder]
    elif folder.is_dir():
        files = sorted(folder.glob("*.toml"))
    else:
        raise XrefError("word-list folder not found", path=str(folder))
    return [(str(f), _read_toml(str(f), f.read_bytes())) for f in files]


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The word lists shipped in ``xref/rules/words`` (read once).

    >>> lex = default_lexicon()
    >>> ("more", "fewer") in lex.comparatives and "not" in lex.negators
    True
    >>> lex.number_words["eighteen"]
    18
    """
    return _merge(_packaged_tables())


def load_lexicon(extra_dirs: Sequence[Path] = ()) -> Lexicon:
    """The shipped word lists merged with the ``*.toml`` files of ``extra_dirs``.

    Each entry may be a folder (all its ``*.toml`` files, sorted) or one
    file.  Raises XrefError for a missing folder or a malformed list.
    """
    if not extra_dirs:
        return default_lexicon()
    tables = _packaged_tables()
    for d in extra_dirs:
        tables.extend(_folder_tables(Path(d)))
    return _merge(tables)
