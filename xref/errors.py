"""Errors a user can cause, reported as one line and exit code 2."""

from __future__ import annotations


class XrefError(Exception):
    """A usage, configuration or input error: shown as one line, exit code 2.

    ``path`` and ``line`` name the file (and line) at fault when known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line

    def __str__(self) -> str:
        msg = super().__str__()
        if self.path and self.line:
            return f"{self.path}:{self.line}: {msg}"
        if self.path:
            return f"{self.path}: {msg}"
        return msg


class ReadError(XrefError):
    """One file could not be read; the rest of the corpus is still processed."""


class MissingExtraError(ReadError):
    """A file needs an optional dependency that is not installed."""
