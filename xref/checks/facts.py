"""A document's facts as the checks read them, and their storage form.

The consistency checks read each document's numbers, quantities, names,
dates and sentences (:class:`xref.checks.context.Context`).  Reading them is
most of the work of a report on a large corpus and depends on the document's
content alone, so a report keeps them in the cache (:mod:`xref.cache`) and a
later run reads them back instead of finding them again.

The storage form is compact JSON: name mentions as their int columns
(:class:`xref.names.NameSpans`), every other mention a list of its fields in
declaration order (floats as JSON numbers, ``Infinity`` included, so values
come back exactly; dates as ISO strings).  :func:`loads` raises ValueError on
anything it cannot rebuild, and the caller computes that document again.

Contents
--------
DocFacts    numbers, quantities, names, dates, sentence spans and anchors of one document
FactStore   where a run gets and keeps DocFacts (the cache implements it)
dumps       DocFacts -> str
loads       str -> DocFacts (ValueError when damaged)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs

from xref.dates import DateMention
from xref.names import NameSpans
from xref.numbers import NumberMention
from xref.quantities import Quantity, Subject

#: bump when the storage form changes (stored with the data)
VERSION = 3


@attrs.frozen
class DocFacts:
    """What the checks read in one document (offsets into its text)."""

    numbers: tuple[NumberMention, ...]
    quantities: tuple[Quantity, ...]
    names: NameSpans
    dates: tuple[DateMention, ...]
    sentences: tuple[tuple[int, int], ...]
    #: the document's anchor candidates (:class:`xref.checks.context.Anchors`):
    #: rare-name keys, and number and date keys
    anchor_names: frozenset[str] = frozenset()
    anchor_specifics: frozenset[str] = frozenset()


class FactStore(Protocol):
    """Facts kept between runs, by document id."""

    def get(self, doc_ids: Sequence[str]) -> Mapping[str, DocFacts]:
        """The stored facts of those documents that have them."""
        ...

    def put(self, facts: Mapping[str, DocFacts]) -> None:
        """Keep these documents' facts (errors are the store's to report)."""
        ...


def _number(n: NumberMention) -> list[Any]:
    return [
        n.value, n.low, n.high, n.kind, n.start, n.end, n.text, n.qualifier, n.unit,
        list(n.parts), n.value_start, n.value_end, None if n.stated is None else list(n.stated),
    ]


def _number_of(r: list[Any]) -> NumberMention:
    (value, low, high, kind, start, end, text, qualifier, unit, parts, vs, ve, stated) = r
    return NumberMention(
        float(value), float(low), float(high), str(kind), int(start), int(end), str(text),
        qualifier, unit, tuple(map(float, parts)), int(vs), int(ve),
        None if stated is None else (float(stated[0]), float(stated[1])),
    )


def _date(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def _date_of(s: str | None) -> dt.date | None:
    return None if s is None else dt.date.fromisoformat(s)


def dumps(f: DocFacts) -> str:
    """The storage form of ``f``."""
    index = {id(n): i for i, n in enumerate(f.numbers)}
    quantities = []
    for q in f.quantities:
        s = q.subject
        subject = [s.text, s.start, s.end, s.head, sorted(s.modifiers)]
        number: Any = index.get(id(q.number))
        if number is None:  # not one of the document's numbers: kept whole
            number = _number(q.number)
        quantities.append([number, subject, q.start, q.end, q.text])
    data = {
        "v": VERSION,
        "numbers": [_number(n) for n in f.numbers],
        "quantities": quantities,
        "names": [f.names.first.tolist(), f.names.starts.tolist(), f.names.ends.tolist()],
        "dates": [
            [d.start, d.end, d.text, d.kind, d.precision, d.relative, _date(d.low),
             _date(d.high)]
            for d in f.dates
        ],
        "sentences": [x for span in f.sentences for x in span],
        "anchors": [sorted(f.anchor_names), sorted(f.anchor_specifics)],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def loads(s: str) -> DocFacts:
    """Facts from their storage form; ValueError when they cannot be rebuilt.

    >>> f = DocFacts((), (), NameSpans.of([]), (), ((0, 5), (6, 9)))
    >>> loads(dumps(f)) == f
    True
    """
    try:
        data = json.loads(s)
        if data.get("v") != VERSION:
            raise ValueError(f"facts version {data.get('v')!r}")
        numbers = tuple(_number_of(r) for r in data["numbers"])
        quantities = []
        for number, (text, start, end, head, mods), qs, qe, qt in data["quantities"]:
            n = numbers[number] if isinstance(number, int) else _number_of(number)
            subject = Subject(str(text), int(start), int(end), str(head), frozenset(mods))
            quantities.append(Quantity(n, subject, int(qs), int(qe), str(qt)))
        names = NameSpans.from_lists(*data["names"])
        dates = tuple(
            DateMention(int(a), int(b), str(t), str(k), str(p), bool(r), _date_of(lo),
                        _date_of(hi))
            for a, b, t, k, p, r, lo, hi in data["dates"]
        )
        flat = [int(x) for x in data["sentences"]]
        if len(flat) % 2:
            raise ValueError("odd sentence list")
        sentences = tuple(zip(flat[::2], flat[1::2], strict=True))
        anchor_names, anchor_specifics = (frozenset(map(str, a)) for a in data["anchors"])
    except (KeyError, TypeError, IndexError, AttributeError, OverflowError,
            json.JSONDecodeError) as e:
        raise ValueError(f"damaged facts: {e}") from None
    return DocFacts(
        numbers, tuple(quantities), names, dates, sentences, anchor_names, anchor_specifics
    )
