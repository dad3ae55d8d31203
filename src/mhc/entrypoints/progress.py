"""The CLI's progress display of a backfill, on stderr so stdout keeps the JSON answer.

On a terminal one line is redrawn in place: `[######----] 45/100 names 12/s eta 5s`. Anywhere
else (a pipe, a log file, CI) the same text is written as plain lines, one every few seconds and
a last one at the end, so a log shows the run without a wall of carriage returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from mhc.domain.backfills import Progress

BAR_WIDTH = 10
# Redrawing faster than the eye reads only costs the terminal.
REDRAW_SECONDS = 0.1
LINE_SECONDS = 5.0
# Before this much time has passed a rate is noise.
_MIN_RATE_SECONDS = 0.2
_CLEAR_TO_END = "\x1b[K"


def render(progress: Progress, *, elapsed: float, width: int = BAR_WIDTH) -> str:
    """One line of progress: bar, count, failures, rate and time left where known."""
    processed = progress.processed
    parts = []
    if progress.total is not None:
        filled = width if progress.total == 0 else width * processed // progress.total
        parts.append(f"[{'#' * filled}{'-' * (width - filled)}]")
        parts.append(f"{processed}/{progress.total} {progress.unit}")
    else:
        parts.append(f"{processed} {progress.unit}")
    if progress.failed:
        parts.append(f"({progress.failed} failed)")
    rate = processed / elapsed if elapsed >= _MIN_RATE_SECONDS and processed else None
    if rate is not None:
        parts.append(f"{format_rate(rate)}/s")
        if progress.total is not None and processed < progress.total:
            parts.append(f"eta {format_duration((progress.total - processed) / rate)}")
    return " ".join(parts)


def format_rate(rate: float) -> str:
    if rate >= 10:
        return f"{rate:.0f}"
    if rate >= 0.1:
        return f"{rate:.1f}"
    return f"{rate:.2g}"


def format_duration(seconds: float) -> str:
    """`5s`, `2m05s`, `1h02m`: rounded up, so the last second never shows as 0s."""
    whole = max(0, int(-(-seconds // 1)))
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


class ProgressDisplay:
    """A ProgressListener that draws on `stream`; `close()` writes the final state."""

    def __init__(
        self,
        stream: TextIO,
        *,
        tty: bool | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        line_seconds: float = LINE_SECONDS,
    ) -> None:
        self._stream = stream
        self._tty = stream.isatty() if tty is None else tty
        self._monotonic = monotonic
        self._interval = REDRAW_SECONDS if self._tty else line_seconds
        self._started = monotonic()
        self._shown_at: float | None = None
        self._latest: Progress | None = None
        self._shown: Progress | None = None

    def __call__(self, progress: Progress) -> None:
        self._latest = progress
        now = self._monotonic()
        if self._shown_at is None or now - self._shown_at >= self._interval:
            self._show(progress, now)

    def close(self) -> None:
        """The last state, whatever the interval, and the line ended on a terminal."""
        latest = self._latest
        if latest is not None and latest != self._shown:
            self._show(latest, self._monotonic())
        if self._tty and self._shown is not None:
            self._stream.write("\n")
            self._stream.flush()

    def _show(self, progress: Progress, now: float) -> None:
        line = render(progress, elapsed=now - self._started)
        if self._tty:
            self._stream.write(f"\r{line}{_CLEAR_TO_END}")
        else:
            self._stream.write(f"{line}\n")
        self._stream.flush()
        self._shown_at = now
        self._shown = progress
