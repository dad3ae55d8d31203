"""The owner's clock: zone and 12/24-hour choice, and naive times from outside."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.errors import InvalidInput
from mhc.domain.owner_clock import (
    ClockStyle,
    OwnerClock,
    datetime_text,
    default_clock,
    external_instant,
    hour_text,
    owner_clock,
    time_text,
)

EVENING = datetime(2026, 11, 21, 2, 4, 5, tzinfo=UTC)


def test_times_read_in_the_owners_zone_on_a_24_hour_clock() -> None:
    clock = owner_clock("America/New_York", "24h")

    assert datetime_text(EVENING, clock) == "2026-11-20 21:04"
    assert time_text(EVENING, clock, seconds=True) == "21:04:05"
    assert hour_text(21, clock.clock) == "21:00"


def test_times_read_with_am_and_pm_on_a_12_hour_clock() -> None:
    clock = owner_clock("America/New_York", "12h")

    assert datetime_text(EVENING, clock) == "2026-11-20 9:04 PM"
    assert time_text(EVENING + timedelta(hours=3), clock, seconds=True) == "12:04:05 AM"
    assert time_text(EVENING + timedelta(hours=15), clock) == "12:04 PM"
    hours = [hour_text(h, clock.clock) for h in (0, 9, 12, 23)]
    assert hours == ["12 AM", "9 AM", "12 PM", "11 PM"]


def test_summer_time_is_followed_when_the_zone_changes_its_offset() -> None:
    clock = owner_clock("Europe/London", "24h")

    assert time_text(datetime(2026, 7, 1, 20, 0, tzinfo=UTC), clock) == "21:00"
    assert time_text(datetime(2026, 1, 1, 20, 0, tzinfo=UTC), clock) == "20:00"


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "utc ", "EST5EDT\x00"])
def test_unknown_zone_is_refused_naming_the_field(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        owner_clock(name if name != "utc " else "Utc", "24h")
    assert refused.value.field == "timezone"


def test_clock_other_than_12h_or_24h_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        owner_clock("UTC", "13h")
    assert refused.value.field == "clock"


def test_default_clock_takes_the_configured_zone_or_falls_back_to_utc() -> None:
    assert default_clock("Europe/Berlin") == OwnerClock(timezone="Europe/Berlin")
    assert default_clock("not/a_zone") == OwnerClock(timezone="UTC", clock=ClockStyle.H24)
    assert default_clock(None).timezone == "UTC"


def test_naive_time_from_outside_is_read_as_utc() -> None:
    assert external_instant("2026-01-01T20:00:41") == datetime(2026, 1, 1, 20, 0, 41, tzinfo=UTC)


def test_time_from_outside_keeps_its_own_offset_when_it_has_one() -> None:
    moment = external_instant("2026-01-01T20:00:41-05:00")

    assert moment == datetime(2026, 1, 2, 1, 0, 41, tzinfo=UTC)
    assert moment is not None
    assert moment.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize("text", ["-1", "yesterday", "", "2026-13-01T00:00:00"])
def test_text_that_is_no_time_is_none(text: str) -> None:
    assert external_instant(text) is None


@given(
    st.datetimes(min_value=datetime(1990, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(["12h", "24h"]),
)
def test_clock_text_names_the_same_minute_in_both_styles(moment: datetime, style: str) -> None:
    clock = owner_clock("Asia/Kolkata", style)
    text = time_text(moment, clock)
    local = moment.astimezone(timezone(timedelta(hours=5, minutes=30)))

    assert text.split(":")[1][:2] == f"{local.minute:02d}"
    hour = int(text.split(":")[0])
    if style == "24h":
        assert hour == local.hour
    else:
        assert hour == (local.hour % 12 or 12)
        assert text.endswith("AM" if local.hour < 12 else "PM")


@given(st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)))
def test_naive_utc_text_reads_back_as_the_same_instant(moment: datetime) -> None:
    assert external_instant(moment.replace(tzinfo=None).isoformat()) == moment


@given(st.text(max_size=80), st.text(max_size=5))
def test_any_text_is_a_known_zone_or_refused_naming_its_field(timezone: str, clock: str) -> None:
    refused: InvalidInput | None = None
    try:
        chosen = owner_clock(timezone, clock)
    except InvalidInput as exc:
        refused = exc
    if refused is not None:
        assert refused.field in ("timezone", "clock")
    else:
        assert chosen.timezone == timezone.strip()
        assert chosen.clock.value == clock
        assert time_text(EVENING, chosen)
