"""Coverage: which part of a show the panel heard, from the spans the worker was listening.

The worker records a span for every stretch of answered Events API polls. A show is covered
where those spans are; a stretch of it no span covers, longer than GAP_TOLERANCE, is a gap
(events from it may be missing). A show that began before the panel recorded any span has
unknown coverage: nothing says whether the worker was listening then.

Figures that need every event ("tokens received", "new followers") are only exact when the
show is fully covered; otherwise they are lower bounds (`at_least`) or unknown.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import msgspec

# A pause shorter than this is no gap: the Events API hands out what happened during it on the
# next poll (backoff after a failure, a quick restart, a poll in flight).
GAP_TOLERANCE = timedelta(seconds=30)


class ListeningSpan(msgspec.Struct, frozen=True, kw_only=True):
    """A stretch of time the worker had its polls answered."""

    started_at: datetime
    ended_at: datetime


class CoverageState(enum.StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    UNKNOWN = "unknown"


class Gap(msgspec.Struct, frozen=True, kw_only=True):
    started_at: datetime
    ended_at: datetime

    @property
    def length(self) -> timedelta:
        return self.ended_at - self.started_at


class Coverage(msgspec.Struct, frozen=True, kw_only=True):
    state: CoverageState
    gaps: tuple[Gap, ...] = ()

    @property
    def complete(self) -> bool:
        return self.state is CoverageState.FULL

    @property
    def missing(self) -> timedelta | None:
        """How long the panel was not listening; None when unknown."""
        if self.state is CoverageState.UNKNOWN:
            return None
        return sum((gap.length for gap in self.gaps), timedelta(0))


FULL = Coverage(state=CoverageState.FULL)
UNKNOWN = Coverage(state=CoverageState.UNKNOWN)


def merge_spans(
    spans: Iterable[ListeningSpan], *, tolerance: timedelta = GAP_TOLERANCE
) -> list[ListeningSpan]:
    """The spans sorted and joined where they overlap or lie within `tolerance` of each other."""
    merged: list[ListeningSpan] = []
    for span in sorted(spans, key=lambda s: (s.started_at, s.ended_at)):
        if span.ended_at < span.started_at:
            continue
        if merged and span.started_at - merged[-1].ended_at <= tolerance:
            last = merged[-1]
            if span.ended_at > last.ended_at:
                merged[-1] = ListeningSpan(started_at=last.started_at, ended_at=span.ended_at)
        else:
            merged.append(span)
    return merged


def show_coverage(
    started_at: datetime,
    ended_at: datetime,
    spans: Sequence[ListeningSpan],
    *,
    tracked_since: datetime | None,
    tolerance: timedelta = GAP_TOLERANCE,
) -> Coverage:
    """How much of the show from `started_at` to `ended_at` the panel heard.

    `tracked_since` is when the panel first recorded listening (None: never); a show that
    began before it has unknown coverage. Gaps shorter than `tolerance` are left out.
    """
    if tracked_since is None or started_at < tracked_since - tolerance:
        return UNKNOWN
    if ended_at <= started_at:
        return FULL
    gaps: list[Gap] = []
    cursor = started_at
    for span in merge_spans(spans, tolerance=tolerance):
        if span.ended_at <= cursor:
            continue
        if span.started_at >= ended_at:
            break
        if span.started_at - cursor > tolerance:
            gaps.append(Gap(started_at=cursor, ended_at=span.started_at))
        cursor = max(cursor, span.ended_at)
    if ended_at - cursor > tolerance:
        gaps.append(Gap(started_at=cursor, ended_at=ended_at))
    if not gaps:
        return FULL
    return Coverage(state=CoverageState.PARTIAL, gaps=tuple(gaps))


class ShowListening(msgspec.Struct, frozen=True, kw_only=True):
    """A show's time and the listening spans around it, as the stores read them."""

    started_at: datetime
    # The show's end, or now while it is live.
    ends_at: datetime
    spans: tuple[ListeningSpan, ...] = ()
    tracked_since: datetime | None = None

    @property
    def coverage(self) -> Coverage:
        return show_coverage(
            self.started_at, self.ends_at, self.spans, tracked_since=self.tracked_since
        )
