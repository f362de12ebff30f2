"""The rule registry: rules as data, read from ``rules/*.toml``.

Each rule is one TOML table named after the rule (a file may hold several):
its ``kind`` (the coded check it configures: ``counts``, ``numbers``,
``arithmetic``, ``names``, ``attribution``, ``dates``, or ``extraction`` /
``loading`` for rules other stages emit), ``severity``, a one-line
``summary``, a ``message`` template, ``why`` it matters, what to write
``instead``, ``options`` (tolerances and word lists) and ``examples`` that
double as tests.  The shipped rules live in the package (``xref/rules`` is a
symlink to the top-level ``rules/`` folder); users add folders of their own
(a table with a shipped rule's name overrides the fields it gives, options
key by key; a new name adds a rule of an existing kind) and override
severities (``off`` disables a rule).

Contents
--------
KINDS               the check kinds a rule can configure
Example, Rule       one rule and its examples (frozen)
RuleSet             the rules by name: get, severity, only, of_kind, iteration in name order
load_ruleset        shipped rules + extra folders + severity overrides -> RuleSet
parse_rules         one TOML text -> rules (for tests and tools)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from xref.errors import XrefError
from xref.model import SEVERITIES

KINDS: tuple[str, ...] = (
    "counts",
    "numbers",
    "arithmetic",
    "names",
    "attribution",
    "dates",
    "extraction",
    "loading",
)
#: severities a rule can have; ``off`` disables it
LEVELS: tuple[str, ...] = (*SEVERITIES, "off")
_REQUIRED = ("kind", "severity", "summary", "message", "why")
_FIELDS = frozenset({*_REQUIRED, "instead", "options", "examples"})
_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@attrs.frozen
class Example:
    """One example of a rule, run as a test.

    ``docs`` are ``(id, text, date)`` triples (date ISO or ""); ``cluster``
    lists renderings (doc, quoted text, speaker, verdict) for rules that
    need clustered quotes; ``expect`` is how many findings of the rule the
    example must produce (0 for an example of what to write instead).
    """

    label: str
    docs: tuple[tuple[str, str, str], ...]
    expect: int
    cluster: tuple[Mapping[str, str], ...] = ()


@attrs.frozen
class Rule:
    """A rule: a stable name, the check kind it configures, and its data."""

    name: str
    kind: str
    severity: str
    summary: str
    message: str
    why: str
    instead: str = ""
    options: Mapping[str, Any] = attrs.field(factory=dict)
    examples: tuple[Example, ...] = ()
    source: str = ""

    @property
    def enabled(self) -> bool:
        return self.severity != "off"

    def option(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def format(self, **fields: Any) -> str:
        """The message template filled in (unknown placeholders left as they are).

        >>> Rule("r", "counts", "warning", "s", "{a} vs {b}", "w").format(a=1)
        '1 vs {b}'
        """
        return self.message.format_map(_Keep(fields))


class _Keep(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@attrs.frozen
class RuleSet:
    """Rules by name; iteration is in name order."""

    rules: Mapping[str, Rule]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules[k] for k in sorted(self.rules))

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, name: object) -> bool:
        return name in self.rules

    def names(self) -> list[str]:
        return sorted(self.rules)

    def get(self, name: str) -> Rule:
        """The rule called ``name``; XrefError naming the known rules if none."""
        try:
            return self.rules[name]
        except KeyError:
            known = ", ".join(sorted(self.rules))
            raise XrefError(f"unknown rule {name!r} (known: {known})") from None

    def severity(self, name: str) -> str:
        return self.get(name).severity

    def of_kind(self, kind: str) -> list[Rule]:
        """The enabled rules of one kind, in name order."""
        return [r for r in self if r.kind == kind and r.enabled]

    def only(self, *names: str) -> RuleSet:
        """A rule set with just these rules (each must exist)."""
        return RuleSet({n: self.get(n) for n in names})

    def with_severities(self, severities: Mapping[str, str]) -> RuleSet:
        """A copy with severities overridden; unknown names or levels -> XrefError."""
        rules = dict(self.rules)
        for name, level in sorted(severities.items()):
            rule = self.get(name)
            if level not in LEVELS:
                raise XrefError(
                    f"severity for {name!r} must be one of {', '.join(LEVELS)}, not {level!r}"
                )
            rules[name] = attrs.evolve(rule, severity=level)
        return RuleSet(rules)


def _lineno(err: tomllib.TOMLDecodeError) -> int | None:
    m = re.search(r"line (\d+)", str(err))
    return int(m.group(1)) if m else None


def _str(table: Mapping[str, Any], key: str, where: str) -> str:
    v = table.get(key, "")
    if not isinstance(v, str):
        raise XrefError(f"{key!r} must be a string", path=where)
    return v.strip() if key != "message" else v


def _examples(raw: Any, where: str) -> tuple[Example, ...]:
    if not isinstance(raw, list):
        raise XrefError("'examples' must be an array of tables", path=where)
    out = []
    for i, ex in enumerate(raw):
        if not isinstance(ex, dict):
            raise XrefError("each example must be a table", path=where)
        docs: list[tuple[str, str, str]] = []
        for j, d in enumerate(ex.get("docs", [])):
            docs.append((str(d.get("id", f"d{j}")), str(d["text"]), str(d.get("date", ""))))
        for j, t in enumerate(ex.get("texts", [])):
            docs.append((f"d{j}", str(t), str(ex.get("date", ""))))
        if "text" in ex:
            docs.append(("d0", str(ex["text"]), str(ex.get("date", ""))))
        if "expect" not in ex:
            raise XrefError(f"example {i + 1} has no 'expect' count", path=where)
        cluster = tuple(dict(c) for c in ex.get("cluster", []))
        out.append(
            Example(
                str(ex.get("label", f"example {i + 1}")), tuple(docs), int(ex["expect"]), cluster
            )
        )
    return tuple(out)


def _merge(base: Rule | None, name: str, table: Mapping[str, Any], where: str) -> Rule:
    if not isinstance(table, dict):
        raise XrefError(f"{name!r} must be a table", path=where)
    unknown = sorted(set(table) - _FIELDS)
    if unknown:
        raise XrefError(f"rule {name!r}: unknown field(s) {', '.join(unknown)}", path=where)
    if base is None:
        if not _NAME_RE.match(name):
            raise XrefError(
                f"rule name {name!r} must be lower-case words joined by '-'", path=where
            )
        missing = [k for k in _REQUIRED if k not in table]
        if missing:
            raise XrefError(f"rule {name!r} lacks {', '.join(missing)}", path=where)
        fields: dict[str, Any] = {"name": name, "options": {}, "examples": ()}
    else:
        fields = attrs.asdict(base, recurse=False)
    for key in ("kind", "severity", "summary", "message", "why", "instead"):
        if key in table:
            fields[key] = _str(table, key, where)
    if "options" in table:
        if not isinstance(table["options"], dict):
            raise XrefError(f"rule {name!r}: 'options' must be a table", path=where)
        fields["options"] = {**fields["options"], **table["options"]}
    if "examples" in table:
        fields["examples"] = (
            *(fields["examples"] if base else ()),
            *_examples(table["examples"], where),
        )
    fields["source"] = where
    if fields["kind"] not in KINDS:
        raise XrefError(
            f"rule {name!r}: kind must be one of {', '.join(KINDS)}, not {fields['kind']!r}",
            path=where,
        )
    if fields["severity"] not in LEVELS:
        raise XrefError(f"rule {name!r}: severity must be one of {', '.join(LEVELS)}", path=where)
    return Rule(**fields)


def parse_rules(text: str, where: str, base: Mapping[str, Rule] | None = None) -> dict[str, Rule]:
    """The rules one TOML text defines or overrides (``base``: rules so far)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        raise XrefError(f"malformed TOML: {msg}", path=where, line=_lineno(e)) from None
    base = base or {}
    return {name: _merge(base.get(name), name, table, where) for name, table in data.items()}


def _files(folder: Traversable | Path) -> list[Traversable | Path]:
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()),
        key=lambda f: f.name,
    )


def load_ruleset(
    extra_dirs: Sequence[Path] = (), severities: Mapping[str, str] | None = None
) -> RuleSet:
    """The shipped rules, then each extra folder's, then severity overrides.

    Raises XrefError for a missing folder, malformed TOML (naming file and
    line), an invalid rule, or a severity override naming an unknown rule.
    """
    rules: dict[str, Rule] = {}
    shipped = resources.files("xref") / "rules"
    for f in _files(shipped):
        rules.update(parse_rules(f.read_text(encoding="utf-8"), f"rules/{f.name}", rules))
    for d in extra_dirs:
        folder = Path(d)
        if not folder.is_dir():
            raise XrefError("rules folder not found", path=str(d))
        for f in _files(folder):
            try:
                text = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise XrefError(f"cannot read rules file: {e}", path=str(f)) from None
            rules.update(parse_rules(text, str(f), rules))
    ruleset = RuleSet(rules)
    return ruleset.with_severities(severities or {})


_DEFAULT: list[RuleSet] = []


def default_ruleset() -> RuleSet:
    """The shipped rules (cached)."""
    if not _DEFAULT:
        _DEFAULT.append(load_ruleset())
    return _DEFAULT[0]
