"""The subcommands of ``xref``: one module each, with ``add_arguments`` and ``run``.

Contents
--------
emit        write a command's output to ``-o FILE`` or to stdout
"""

from __future__ import annotations

import sys
from pathlib import Path

from xref.errors import XrefError


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to the file ``output`` (UTF-8), or to stdout when None.

    An unwritable file is a one-line user error (exit 2), never a traceback.
    """
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as e:
        raise XrefError(f"cannot write: {e.strerror or e}", path=output) from None
