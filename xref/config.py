"""Configuration: ``[tool.xref]`` in pyproject.toml or an ``xref.toml``.

The file is found by walking up from the working directory: in each folder
an ``xref.toml`` wins, then a ``pyproject.toml`` that has a ``[tool.xref]``
table.  The folder holding it is the *project root* (else the working
directory): paths in the file are relative to it, and citations and manifest
paths may not leave it unless ``allow_outside_root = true``.  Command-line
options win over the file.  A malformed file is an XrefError naming the file
and line (exit 2).

Keys: ``sources`` (folder), ``manifest`` (file), ``notes`` (globs),
``rules`` (folders), ``severities`` (table: verdict or rule -> error,
warning, info or pass), ``fail_on`` (error, warning, info or never),
``allow_outside_root`` (bool), ``format``, ``baseline`` (file).  An
``xref.toml`` may hold them at the top level or in a ``[tool.xref]`` table
(as in pyproject.toml), not both.  A table named after a command
(``[tool.xref.report]`` …) is kept in ``extra`` for that command; any other
table (``[xref]``, a misspelt ``[severites]``) is a configuration error, and
so is a severity for a name that is neither a verdict of ``xref check`` nor
a rule (``varient = "pass"``).

Contents
--------
DEFAULT_SEVERITIES   verdict/rule -> severity
LEVELS, FAIL_ON      severity and --fail-on values, weakest last
Config               the settings (frozen); ``severity(verdict)``
find_config          walk up from a folder to the config file
xref_table           an xref.toml's settings: top level or [tool.xref]
known_severity_names what a severity may be set for (verdicts and rules)
load_config          start folder -> Config
parse_config         TOML text -> Config (for tests and explicit files)
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from xref.errors import XrefError

#: the severity of each verdict and rule when the configuration says nothing
DEFAULT_SEVERITIES: dict[str, str] = {
    "exact": "pass",
    "truncated": "pass",
    "elided": "pass",
    "variant": "warning",
    "uncited": "warning",
    "paraphrase": "error",
    "conflict": "error",
    "misattributed": "error",
    "not_found": "error",
    "unknown-key": "error",
    "unsafe-path": "error",
    "input-error": "error",
    "unbalanced-quote": "error",
    "wrong-page": "error",
}

#: severities, strongest first; ``pass`` never fails a run
LEVELS: tuple[str, ...] = ("error", "warning", "info", "pass")
FAIL_ON: tuple[str, ...] = ("error", "warning", "info", "never")

_KEYS = {
    "sources",
    "manifest",
    "notes",
    "rules",
    "severities",
    "fail_on",
    "allow_outside_root",
    "format",
    "baseline",
}


@attrs.frozen
class Config:
    """Settings for ``xref check`` (and the rules folders and severities for
    ``xref report``).  Paths are absolute (resolved against ``root``)."""

    root: Path
    path: Path | None = None
    sources: Path | None = None
    manifest: Path | None = None
    notes: tuple[str, ...] = ()
    rules: tuple[Path, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()
    fail_on: str = "error"
    allow_outside_root: bool = False
    format: str | None = None
    baseline: Path | None = None
    extra: tuple[tuple[str, Any], ...] = ()

    def severity(self, verdict: str) -> str:
        """The severity of a verdict or rule: the configuration's, else the default.

        >>> lenient = Config(Path("/"), severities=(("variant", "pass"),))
        >>> Config(Path("/")).severity("conflict"), lenient.severity("variant")
        ('error', 'pass')
        """
        for k, v in self.severities:
            if k == verdict:
                return v
        return DEFAULT_SEVERITIES.get(verdict, "error")


def _key_line(text: str, key: str, table: str | None) -> int | None:
    """The line where ``key`` is set (after the ``[table]`` header if any),
    or where a table of that name starts.

    >>> _key_line('a = 1\\n\\n[xref]\\nb = 2\\n', "xref", None)
    3
    """
    start = 0
    if table:
        m = re.search(rf"^[ \t]*\[\s*{re.escape(table)}\s*\]", text, re.M)
        if m:
            start = m.end()
    prefix = rf"(?:{re.escape(table)}\.)?" if table else ""
    for name in dict.fromkeys((key, key.replace("_", "-"), key.replace("-", "_"))):
        esc = re.escape(name)
        m = re.compile(rf"^[ \t]*\"?{esc}\"?[ \t]*[=.]", re.M).search(text, start)
        if m is None:
            header = rf"^[ \t]*\[\[?\s*{prefix}{esc}\s*[\].]"
            m = re.compile(header, re.M).search(text, start)
        if m:
            return text.count("\n", 0, m.start()) + 1
    return None


def toml_error(e: tomllib.TOMLDecodeError, text: str, path: str) -> XrefError:
    """A TOML syntax error as an XrefError with the file and line.

    Python 3.11's TOMLDecodeError has no ``lineno`` yet; the line is read
    from its message ("... (at line 3, column 5)").
    """
    line = getattr(e, "lineno", None)
    msg = str(e)
    if line is None:
        m = re.search(r"at line (\d+)", msg)
        line = (
            int(m.group(1)) if m else (text.count("\n") + 1 if "end of document" in msg else None)
        )
    msg = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", msg)
    return XrefError(f"malformed TOML: {msg}", path=path, line=line)


def read_utf8(path: Path, what: str = "") -> str:
    """A settings file's text; XrefError naming the file when it cannot be
    read or is not UTF-8 (``what`` names the kind of file in the message)."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as e:
        message = f"cannot read{' ' + what if what else ''}: {e.strerror or e}"
    except UnicodeDecodeError as e:
        message = f"{what + ' is ' if what else ''}not valid UTF-8 (offset {e.start})"
    raise XrefError(message, path=str(path))


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; XrefError naming the file (and line) on failure."""
    text = read_utf8(path)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as e:
        raise toml_error(e, text, str(path)) from None


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any], str, str | None] | None:
    """Walk up from ``start`` (default: the working directory) to the first
    ``xref.toml``, or ``pyproject.toml`` with ``[tool.xref]``.

    Returns (path, table, file text, table name) or None.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "xref.toml"
        if candidate.is_file():
            data, text = read_toml(candidate)
            table, name = xref_table(data, text, candidate)
            return candidate, table, text, name
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            data, text = read_toml(candidate)
            table = data.get("tool", {}).get("xref")
            if isinstance(table, dict):
                return candidate, table, text, "tool.xref"
    return None


def xref_table(data: dict[str, Any], text: str, path: Path) -> tuple[dict[str, Any], str | None]:
    """The settings of an ``xref.toml``: its top level, or its ``[tool.xref]``
    table (the pyproject.toml form, accepted in an xref.toml too), and the
    table's name.  XrefError when both are given or ``[tool]`` holds
    anything else.

    >>> xref_table({"tool": {"xref": {"sources": "s"}}}, "", Path("xref.toml"))
    ({'sources': 's'}, 'tool.xref')
    >>> xref_table({"sources": "s"}, "", Path("xref.toml"))
    ({'sources': 's'}, None)
    """
    tool = data.get("tool")
    if not isinstance(tool, dict):
        return data, None
    where = str(path)
    line = _key_line(text, "tool", None)
    others = sorted(k for k in tool if k != "xref")
    if others or "xref" not in tool:
        name = f"tool.{others[0]}" if others else "tool"
        raise XrefError(
            f"unknown table [{name}] (an xref.toml holds the settings at the top level "
            "or in [tool.xref])",
            path=where,
            line=line,
        )
    top = sorted(k for k in data if k != "tool")
    if top:
        raise XrefError(
            f"{top[0]}: set outside [tool.xref]; an xref.toml holds the settings either at "
            "the top level or in [tool.xref], not both",
            path=where,
            line=_key_line(text, top[0], None),
        )
    table = tool["xref"]
    if not isinstance(table, dict):
        raise XrefError("tool.xref: must be a table", path=where, line=line)
    return table, "tool.xref"


def command_names() -> tuple[str, ...]:
    """The commands (``report``, ``check`` …): their names may head a table."""
    from xref.cli import COMMANDS

    return tuple(sorted(COMMANDS))


def known_severity_names(rule_dirs: tuple[Path, ...] = ()) -> frozenset[str]:
    """What ``severities`` may name: the verdicts and problem rules of
    ``xref check`` and the rules of ``xref report`` (the shipped ones, and
    those of ``rule_dirs``)."""
    from xref.model import VERDICTS
    from xref.rules import default_ruleset, load_ruleset

    rules = load_ruleset(rule_dirs) if rule_dirs else default_ruleset()
    return frozenset({*DEFAULT_SEVERITIES, *VERDICTS, *rules.names()})


def _as_str(value: Any, key: str, fail: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        fail(key, "must be a non-empty string")
    return str(value)


def parse_config(
    table: Mapping[str, Any],
    *,
    root: Path,
    path: Path | None = None,
    text: str = "",
    table_name: str | None = None,
) -> Config:
    """Validate a configuration table (keys may use ``-`` or ``_``).

    >>> c = parse_config({"sources": "seeds", "fail-on": "warning"}, root=Path("/p"))
    >>> c.sources, c.fail_on
    (PosixPath('/p/seeds'), 'warning')
    >>> parse_config({"fail_on": "sometimes"}, root=Path("/p"))
    Traceback (most recent call last):
    xref.errors.XrefError: fail_on: must be one of error, warning, info, never (got 'sometimes')
    """
    where = str(path) if path else None

    def fail(key: str, message: str) -> None:
        line = _key_line(text, key, table_name) if text else None
        raise XrefError(f"{key}: {message}", path=where, line=line)

    values: dict[str, Any] = {}
    extra: list[tuple[str, Any]] = []
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key not in _KEYS:
            if isinstance(value, dict):
                if raw_key in command_names():
                    extra.append((raw_key, value))
                    continue
                name = f"{table_name}.{raw_key}" if table_name else raw_key
                fail(
                    raw_key,
                    f"unknown table [{name}] (known: severities, and one per command: "
                    f"{', '.join(command_names())})",
                )
            fail(raw_key, f"unknown key (known: {', '.join(sorted(_KEYS))})")
        values[key] = value

    def as_path(key: str) -> Path | None:
        if key not in values:
            return None
        return root / _as_str(values[key], key, fail)

    def as_list(key: str) -> list[str]:
        v = values.get(key, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            fail(key, "must be a string or a list of strings")
        return list(v)

    sev: list[tuple[str, str]] = []
    raw_sev = values.get("severities", {})
    if not isinstance(raw_sev, dict):
        fail("severities", 'must be a table (verdict = "error" | "warning" | "info" | "pass")')
    known: frozenset[str] = frozenset()
    for k, v in raw_sev.items():
        if v == "off":
            v = "pass"
        if v not in LEVELS:
            fail(k, f"severity must be one of {', '.join(LEVELS)} (got {v!r})")
        if k not in known:
            known = known or known_severity_names()
            if k not in known and "rules" in values:
                known = known_severity_names(tuple(root / r for r in as_list("rules")))
            if k not in known:
                near = difflib.get_close_matches(k, sorted(known), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                fail(k, f"in severities: neither a verdict of xref check nor a rule{hint}")
        sev.append((k, v))
    fail_on = values.get("fail_on", "error")
    if fail_on not in FAIL_ON:
        fail("fail_on", f"must be one of {', '.join(FAIL_ON)} (got {fail_on!r})")
    allow = values.get("allow_outside_root", False)
    if not isinstance(allow, bool):
        fail("allow_outside_root", "must be true or false")
    fmt = values.get("format")
    if fmt is not None:
        fmt = _as_str(fmt, "format", fail)
    return Config(
        root=root,
        path=path,
        sources=as_path("sources"),
        manifest=as_path("manifest"),
        notes=tuple(as_list("notes")),
        rules=tuple(root / r for r in as_list("rules")),
        severities=tuple(sorted(sev)),
        fail_on=str(fail_on),
        allow_outside_root=allow,
        format=fmt,
        baseline=as_path("baseline"),
        extra=tuple(extra),
    )


def load_config(start: Path | None = None) -> Config:
    """The configuration found from ``start`` (default: the working
    directory) up; defaults with the working directory as root if none."""
    found = find_config(start)
    if found is None:
        return Config(root=(start or Path.cwd()).resolve())
    path, table, text, table_name = found
    return parse_config(table, root=path.parent, path=path, text=text, table_name=table_name)


def load_config_file(path: Path) -> Config:
    """An explicitly named configuration file (``xref.toml`` form, or a
    ``pyproject.toml`` whose ``[tool.xref]`` is used)."""
    if not path.is_file():
        raise XrefError("no such configuration file", path=str(path))
    data, text = read_toml(path)
    table_name: str | None = None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("xref", {})
        table_name = "tool.xref"
    else:
        data, table_name = xref_table(data, text, path)
    path = path.resolve()
    return parse_config(data, root=path.parent, path=path, text=text, table_name=table_name)
