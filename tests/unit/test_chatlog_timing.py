"""When pasted messages happened: clock times placed on a day in the owner's zone, and the
show a paste falls in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mhc.domain.chatlog import ChatMessage, MessageKind
from mhc.domain.chatlog.timing import ShowSpan, choose_day, place, settle, show_at

NEW_YORK = ZoneInfo("America/New_York")


def message(clock: time | None, when: datetime | None = None) -> ChatMessage:
    return ChatMessage(
        line=1, speaker="lazy_wolf_39", text="hi", kind=MessageKind.PUBLIC, clock=clock, when=when
    )


def test_place_moves_to_the_next_day_when_the_clock_passes_midnight() -> None:
    clocks = [time(23, 58), time(23, 59, 50), time(0, 0, 15), time(0, 20)]

    placed = place([message(c) for c in clocks], date(2026, 12, 1), NEW_YORK)

    assert placed == [
        datetime(2026, 12, 2, 4, 58, tzinfo=UTC),
        datetime(2026, 12, 2, 4, 59, 50, tzinfo=UTC),
        datetime(2026, 12, 2, 5, 0, 15, tzinfo=UTC),
        datetime(2026, 12, 2, 5, 20, tzinfo=UTC),
    ]


def test_place_keeps_the_day_when_a_line_is_a_little_out_of_order() -> None:
    placed = place([message(time(21, 43, 5)), message(time(21, 43, 2))], date(2026, 12, 1), UTC)

    assert placed == [
        datetime(2026, 12, 1, 21, 43, 5, tzinfo=UTC),
        datetime(2026, 12, 1, 21, 43, 2, tzinfo=UTC),
    ]


def test_place_follows_the_zone_across_a_daylight_saving_change() -> None:
    placed = place([message(time(1, 30)), message(time(3, 30))], date(2026, 3, 8), NEW_YORK)

    assert placed == [
        datetime(2026, 3, 8, 6, 30, tzinfo=UTC),
        datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
    ]


def test_place_keeps_full_moments_and_continues_from_their_day() -> None:
    aware = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    naive = datetime(2026, 12, 6, 21, 0)

    placed = place(
        [
            message(None),
            message(time(2, 0), aware),
            message(time(21, 0), naive),
            message(time(21, 5)),
        ],
        date(2026, 1, 1),
        NEW_YORK,
    )

    assert placed == [
        None,
        aware,
        datetime(2026, 12, 7, 2, 0, tzinfo=UTC),
        datetime(2026, 12, 7, 2, 5, tzinfo=UTC),
    ]


SHOWS = [
    ShowSpan(
        id=1,
        started_at=datetime(2026, 11, 28, 2, 0, tzinfo=UTC),
        ended_at=datetime(2026, 11, 28, 5, 0, tzinfo=UTC),
    ),
    ShowSpan(
        id=2,
        started_at=datetime(2026, 12, 2, 2, 0, tzinfo=UTC),
        ended_at=datetime(2026, 12, 2, 6, 0, tzinfo=UTC),
    ),
]
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def test_choose_day_finds_the_show_the_clock_times_fall_in() -> None:
    # 21:30 and 22:10 in New York on 1 December are 02:30 and 03:10 UTC on 2 December.
    day, show = choose_day([message(time(21, 30)), message(time(22, 10))], SHOWS, NEW_YORK, NOW)

    assert (day, show) == (date(2026, 12, 1), SHOWS[1])


def test_choose_day_tries_the_day_a_show_ended_when_the_paste_starts_after_midnight() -> None:
    # The show ran from 21:00 on 1 December to 01:00 on 2 December, New York time.
    day, show = choose_day([message(time(0, 30))], SHOWS, NEW_YORK, NOW)

    assert (day, show) == (date(2026, 12, 2), SHOWS[1])
    late_show = ShowSpan(
        id=3,
        started_at=datetime(2026, 12, 3, 4, 0, tzinfo=UTC),
        ended_at=datetime(2026, 12, 3, 7, 0, tzinfo=UTC),
    )
    day, show = choose_day([message(time(1, 0))], [late_show], NEW_YORK, NOW)
    assert (day, show) == (date(2026, 12, 3), late_show)


def test_choose_day_takes_today_or_yesterday_when_no_show_fits() -> None:
    morning = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)  # 08:00 in New York

    assert choose_day([message(time(7, 0))], [], NEW_YORK, morning) == (date(2026, 12, 3), None)
    assert choose_day([message(time(21, 0))], [], NEW_YORK, morning) == (date(2026, 12, 2), None)
    assert choose_day([message(None)], SHOWS, NEW_YORK, morning) == (date(2026, 12, 3), None)


def test_show_at_allows_a_little_grace_around_a_show() -> None:
    end = SHOWS[1].ended_at
    assert end is not None

    assert show_at(end + timedelta(minutes=10), SHOWS, NOW) == SHOWS[1]
    assert show_at(end + timedelta(minutes=20), SHOWS, NOW) is None


def test_settle_puts_a_paste_without_times_at_the_end_of_the_latest_show() -> None:
    settled = settle([message(None)], SHOWS, NEW_YORK, NOW, in_show=True)

    assert settled.show == SHOWS[1]
    assert settled.anchor == SHOWS[1].ended_at
    assert settled.instants == [None]


def test_settle_never_puts_dms_in_a_show() -> None:
    settled = settle([message(time(21, 30))], SHOWS, NEW_YORK, NOW, in_show=False)

    assert settled.show is None
    # 21:30 today (it is 10:00 in New York) would be in the future: yesterday evening.
    assert settled.day == date(2026, 12, 2)


def test_settle_dates_lines_without_times_at_the_end_of_the_day_picked() -> None:
    settled = settle([message(None)], SHOWS, NEW_YORK, NOW, in_show=True, day=date(2026, 11, 20))

    assert settled.anchor == datetime(2026, 11, 21, 4, 59, 59, tzinfo=UTC)
    assert settled.show is None


def test_settle_uses_the_show_the_owner_picked_even_when_no_time_falls_in_it() -> None:
    settled = settle([message(time(9, 0))], SHOWS, NEW_YORK, NOW, in_show=True, chosen=SHOWS[0])

    assert settled.show == SHOWS[0]
    assert settled.day == date(2026, 11, 27)
