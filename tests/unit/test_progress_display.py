"""The CLI's progress display: the line it renders, redrawn on a terminal, plain elsewhere."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.backfills import Progress
from mhc.entrypoints.progress import ProgressDisplay, format_duration, render


def names(done: int, total: int | None, failed: int = 0) -> Progress:
    return Progress(backfill_id=7, unit="names", total=total, done=done, failed=failed)


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_line_shows_bar_count_rate_and_eta_when_the_total_is_known() -> None:
    assert render(names(45, 100), elapsed=3.75) == "[####------] 45/100 names 12/s eta 5s"


def test_line_shows_failures_within_the_count_when_some_failed() -> None:
    line = render(names(40, 100, failed=5), elapsed=3.75)
    assert line == "[####------] 45/100 names (5 failed) 12/s eta 5s"


def test_line_has_no_bar_or_eta_when_the_total_is_unknown() -> None:
    line = render(
        Progress(backfill_id=7, unit="messages", total=None, done=30, failed=0), elapsed=2
    )
    assert line == "30 messages 15/s"


def test_line_has_no_rate_when_nothing_is_done_yet() -> None:
    assert render(names(0, 250), elapsed=0.05) == "[----------] 0/250 names"


def test_line_is_a_full_bar_without_eta_when_everything_is_done() -> None:
    assert render(names(250, 250), elapsed=10) == "[##########] 250/250 names 25/s"


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.2, "1s"), (59.0, "59s"), (125.0, "2m05s"), (3720.0, "1h02m")]
)
def test_durations_read_naturally_when_short_or_long(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@given(
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.integers(0, 20_000),
    st.floats(0, 1e6, allow_nan=False),
)
def test_bar_is_always_ten_wide_and_never_overfull_when_counts_are_anything(
    done: int, failed: int, extra: int, elapsed: float
) -> None:
    total = done + failed + extra
    line = render(names(done, total, failed), elapsed=elapsed)
    assert (line[0], line[11]) == ("[", "]")
    bar = line[1:11]
    assert set(bar) <= {"#", "-"}
    assert bar.count("#") == (10 * (done + failed) // total if total else 10)
    assert f" {done + failed}/{total} names" in line


def test_terminal_redraws_one_line_at_most_every_tenth_of_a_second_and_ends_it() -> None:
    stream, ticks = io.StringIO(), Ticks()
    display = ProgressDisplay(stream, tty=True, monotonic=ticks)
    display(names(0, 100))
    ticks.now += 0.05
    display(names(10, 100))
    ticks.now += 0.45
    display(names(20, 100))
    display.close()
    assert stream.getvalue().split("\r")[1:] == [
        "[----------] 0/100 names\x1b[K",
        "[##--------] 20/100 names 40/s eta 2s\x1b[K\n",
    ]


def test_pipe_gets_plain_lines_every_few_seconds_and_the_last_state_when_closed() -> None:
    stream, ticks = io.StringIO(), Ticks()
    display = ProgressDisplay(stream, tty=False, monotonic=ticks, line_seconds=5)
    for done in range(0, 101, 10):
        display(names(done, 100))
        ticks.now += 1
    display.close()
    assert stream.getvalue().splitlines() == [
        "[----------] 0/100 names",
        "[#####-----] 50/100 names 10/s eta 5s",
        "[##########] 100/100 names 10/s",
    ]
    assert "\r" not in stream.getvalue()


def test_nothing_is_written_when_no_progress_came() -> None:
    stream = io.StringIO()
    ProgressDisplay(stream, tty=True).close()
    assert stream.getvalue() == ""
