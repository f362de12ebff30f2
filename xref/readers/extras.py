"""Optional dependencies of the heavy readers, imported only when needed,
and the one-line wording of the errors they raise.

Contents
--------
EXTRAS          format -> (module, extra, what it is called in messages)
missing_message the advice for a missing extra
require         import a reader's optional module or raise MissingExtraError
describe        an exception from a third-party parser as one short line
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from xref.errors import MissingExtraError

#: format -> (the module it needs, the pip extra that installs it, its name)
EXTRAS: dict[str, tuple[str, str, str]] = {
    "html": ("trafilatura", "html", "HTML"),
    "pdf": ("pypdf", "pdf", "PDF"),
    "docx": ("docx", "docx", "DOCX"),
}


def missing_message(fmt: str) -> str:
    """The one-line advice for a format whose extra is not installed.

    >>> missing_message("pdf")
    "reading PDF needs the 'pdf' extra: pip install 'xref[pdf]'"
    """
    _module, extra, what = EXTRAS[fmt]
    return f"reading {what} needs the '{extra}' extra: pip install 'xref[{extra}]'"


def require(fmt: str, path: str) -> ModuleType:
    """Import the module that reading ``fmt`` needs; MissingExtraError if it
    is absent, or installed but broken (a dependency of its own missing)."""
    module, extra, what = EXTRAS[fmt]
    try:
        return importlib.import_module(module)
    except ImportError as e:
        if getattr(e, "name", None) in (module, None) and not _installed(module):
            raise MissingExtraError(missing_message(fmt), path=path) from None
        raise MissingExtraError(
            f"reading {what} needs the '{extra}' extra, which is installed but does not "
            f"import ({describe(e)}): pip install --force-reinstall 'xref[{extra}]'",
            path=path,
        ) from None


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def describe(error: BaseException, limit: int = 160) -> str:
    """An exception as one short line: its type and its message.

    >>> describe(ValueError("line one\\nline two"))
    'ValueError: line one line two'
    >>> describe(RuntimeError())
    'RuntimeError'
    """
    text = " ".join(str(error).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
