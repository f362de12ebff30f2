"""What every reader returns."""

from __future__ import annotations

import attrs

from xref.model import DocMeta


@attrs.frozen
class Extracted:
    """A file's text as the tool will see it, with metadata and page starts."""

    text: str
    meta: DocMeta = attrs.field(factory=DocMeta)
    body_start: int = 0
    pages: tuple[int, ...] = ()
