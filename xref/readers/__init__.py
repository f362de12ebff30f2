"""Readers: bytes of one file -> text, metadata and page offsets.

A reader is chosen by the file's content first (magic bytes, markup), and by
its extension only when the content does not tell.  Each reader returns a
:class:`Extracted`; the text it returns is what all offsets point into.

Contents
--------
Extracted       what a reader returns
read_file       path -> Extracted (raises ReadError with a one-line message)
SUFFIXES        the file extensions a folder scan picks up
"""

from __future__ import annotations

from pathlib import Path

from xref.errors import ReadError
from xref.readers.base import Extracted
from xref.readers.text import read_text

__all__ = ["SUFFIXES", "Extracted", "read_file", "sniff"]

#: extensions picked up when a folder is scanned
SUFFIXES: tuple[str, ...] = (".txt", ".text", ".md", ".markdown")


def sniff(data: bytes, suffix: str) -> str:
    """The format of a file from its content, falling back on its extension.

    >>> sniff(b"hello", ".txt")
    'text'
    >>> sniff(b"# Title", ".md")
    'markdown'
    """
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def read_file(path: Path) -> Extracted:
    """Read one file into text and metadata; ReadError on any failure."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror or e}", path=str(path)) from None
    kind = sniff(data, path.suffix.lower())
    return read_text(data, path=str(path), markdown=(kind == "markdown"))
