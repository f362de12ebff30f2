"""Progress bars on stderr for long runs, silent when stderr is not a terminal.

A bar redraws at most every ``interval`` seconds on one line (carriage
return), and clears itself when done, so logs and pipes never see it.

Contents
--------
Progress        a counter with a label and a total; ``update(n)``, ``close()``
progress_bar    a Progress that is enabled only when stderr is a terminal
render_bar      the text of one bar (pure; doctested)
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

_WIDTH = 24


def render_bar(label: str, done: int, total: int, elapsed: float) -> str:
    """One line of progress: label, bar, counts, percent and a time estimate.

    >>> render_bar("reading", 50, 200, 2.0)
    'reading [######------------------]  50/200   25%  eta 6s'
    >>> render_bar("edges", 7, 0, 1.5)
    'edges 7  1.5s'
    """
    if total <= 0:
        return f"{label} {done}  {elapsed:.1f}s"
    frac = min(1.0, done / total)
    filled = int(frac * _WIDTH)
    eta = elapsed / frac - elapsed if frac > 0 else 0.0
    width = len(str(total))
    return (
        f"{label} [{'#' * filled}{'-' * (_WIDTH - filled)}] "
        f"{done:>{width}}/{total} {frac * 100:4.0f}%  eta {eta:.0f}s"
    )


class Progress:
    """A progress counter; draws on ``stream`` only when ``enabled``.

    Usable as a context manager and as a ``Callable[[int], None]`` (calling it
    adds to the count), which is what pipeline functions take.

    >>> import io
    >>> buf = io.StringIO()
    >>> with Progress("units", 3, enabled=True, stream=buf, interval=0) as p:
    ...     p(1); p.update(2)
    >>> "units" in buf.getvalue() and buf.getvalue().endswith("\\r")
    True
    """

    def __init__(
        self,
        label: str,
        total: int = 0,
        *,
        enabled: bool = True,
        stream: TextIO | None = None,
        interval: float = 0.2,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self._start = time.monotonic()
        self._last = -1.0e9
        self._width = 0

    def __call__(self, n: int = 1) -> None:
        self.update(n)

    def update(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= self.interval or (self.total and self.done >= self.total):
            self._last = now
            self._draw(render_bar(self.label, self.done, self.total, now - self._start))

    def _draw(self, line: str) -> None:
        pad = max(0, self._width - len(line))
        self._width = len(line)
        try:
            self.stream.write("\r" + line + " " * pad)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False

    def close(self) -> None:
        """Erase the bar (the next output starts on a clean line)."""
        if self.enabled and self._width:
            try:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
            except (OSError, ValueError):
                pass
        self.enabled = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def progress_bar(
    label: str, total: int = 0, *, enabled: bool | None = None, stream: TextIO | None = None
) -> Progress:
    """A Progress on stderr, drawn only when stderr is a terminal (or when
    ``enabled`` says so explicitly).

    >>> import io
    >>> progress_bar("x", 10, stream=io.StringIO()).enabled
    False
    """
    out = stream if stream is not None else sys.stderr
    return Progress(label, total, enabled=_isatty(out) if enabled is None else enabled, stream=out)
