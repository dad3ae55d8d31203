"""Coverage of a show from the worker's listening spans."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.coverage import (
    GAP_TOLERANCE,
    CoverageState,
    ListeningSpan,
    merge_spans,
    show_coverage,
)

START = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
END = START + timedelta(hours=3)
TRACKED = START - timedelta(days=1)


def span(start_minutes: float, end_minutes: float) -> ListeningSpan:
    return ListeningSpan(
        started_at=START + timedelta(minutes=start_minutes),
        ended_at=START + timedelta(minutes=end_minutes),
    )


def test_show_is_fully_covered_when_one_span_holds_it() -> None:
    coverage = show_coverage(START, END, [span(-5, 185)], tracked_since=TRACKED)

    assert coverage.complete
    assert coverage.missing == timedelta(0)


def test_pauses_shorter_than_the_tolerance_are_no_gap() -> None:
    spans = [span(0.2, 60), span(60.4, 120), span(120.1, 179.8)]

    assert show_coverage(START, END, spans, tracked_since=TRACKED).complete


def test_worker_stopped_for_a_minute_is_one_gap_with_its_times() -> None:
    coverage = show_coverage(START, END, [span(0, 40), span(41, 180)], tracked_since=TRACKED)

    assert coverage.state is CoverageState.PARTIAL
    assert [(g.started_at, g.ended_at) for g in coverage.gaps] == [
        (START + timedelta(minutes=40), START + timedelta(minutes=41))
    ]
    assert coverage.missing == timedelta(minutes=1)


def test_start_and_end_not_heard_are_gaps_too() -> None:
    coverage = show_coverage(START, END, [span(10, 170)], tracked_since=TRACKED)

    assert [g.length for g in coverage.gaps] == [timedelta(minutes=10), timedelta(minutes=10)]


def test_no_span_at_all_is_one_gap_over_the_whole_show() -> None:
    coverage = show_coverage(START, END, [], tracked_since=TRACKED)

    assert coverage.missing == END - START


def test_coverage_is_unknown_when_the_show_began_before_listening_was_recorded() -> None:
    assert show_coverage(START, END, [], tracked_since=None).state is CoverageState.UNKNOWN
    later = START + timedelta(minutes=5)
    coverage = show_coverage(START, END, [span(5, 180)], tracked_since=later)
    assert coverage.state is CoverageState.UNKNOWN
    assert coverage.missing is None


minutes = st.floats(min_value=-30, max_value=210, allow_nan=False)
spans = st.lists(st.tuples(minutes, minutes).map(lambda p: span(min(p), max(p))), max_size=12)


@given(spans)
def test_gaps_and_spans_never_overlap_and_lie_inside_the_show(
    listening: list[ListeningSpan],
) -> None:
    coverage = show_coverage(START, END, listening, tracked_since=TRACKED)

    for gap in coverage.gaps:
        assert START <= gap.started_at < gap.ended_at <= END
        assert gap.length > GAP_TOLERANCE
        for heard in listening:
            overlap = min(gap.ended_at, heard.ended_at) - max(gap.started_at, heard.started_at)
            assert overlap <= timedelta(0)
    assert coverage.complete == (coverage.gaps == ())


@given(spans)
def test_merged_spans_are_sorted_and_apart_by_more_than_the_tolerance(
    listening: list[ListeningSpan],
) -> None:
    merged = merge_spans(listening)

    for before, after in itertools.pairwise(merged):
        assert after.started_at - before.ended_at > GAP_TOLERANCE
    assert sum((s.ended_at - s.started_at for s in merged), timedelta(0)) >= max(
        (s.ended_at - s.started_at for s in listening), default=timedelta(0)
    )
