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
``allow_outside_root`` (bool), ``format``, ``baseline`` (file).  Tables
other than ``severities`` (``[tool.xref.report]`` …) are kept in ``extra``
for other commands.

Contents
--------
DEFAULT_SEVERITIES   verdict/rule -> severity
LEVELS, FAIL_ON      severity and --fail-on values, weakest last
Config               the settings (frozen); ``severity(verdict)``
find_config          walk up from a folder to the config file
load_config          start folder -> Config
parse_config         TOML text -> Config (for tests and explicit files)
"""

from __future__ import annotations

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
    """The line where ``key`` is set (after the ``[table]`` header if any)."""
    start = 0
    if table:
        m = re.search(rf"^[ \t]*\[\s*{re.escape(table)}\s*\]", text, re.M)
        if m:
            start = m.end()
    for name in dict.fromkeys((key, key.replace("_", "-"), key.replace("-", "_"))):
        esc = re.escape(name)
        m = re.compile(rf"^[ \t]*\"?{esc}\"?[ \t]*[=.]", re.M).search(text, start)
        if m is None and table:
            header = rf"^[ \t]*\[\s*(?:{re.escape(table)}\.)?{esc}\s*\]"
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


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; XrefError naming the file (and line) on failure."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as e:
        raise XrefError(f"cannot read: {e.strerror or e}", path=str(path)) from None
    except UnicodeDecodeError as e:
        raise XrefError(f"not valid UTF-8 (offset {e.start})", path=str(path)) from None
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
            return candidate, data, text, None
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            data, text = read_toml(candidate)
            table = data.get("tool", {}).get("xref")
            if isinstance(table, dict):
                return candidate, table, text, "tool.xref"
    return None


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
                extra.append((raw_key, value))
                continue
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
    for k, v in raw_sev.items():
        if v == "off":
            v = "pass"
        if v not in LEVELS:
            fail(k, f"severity must be one of {', '.join(LEVELS)} (got {v!r})")
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
    path = path.resolve()
    return parse_config(data, root=path.parent, path=path, text=text, table_name=table_name)
