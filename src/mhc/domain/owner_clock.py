"""The owner's clock: the time zone and the 12- or 24-hour clock every time the panel shows
follows, and how naive times from outside are read.

Instants are stored and sent with their offset; only what a person reads (the report, the
analysis' wording) is written on the owner's clock, by the functions here.
"""

from __future__ import annotations

import enum
import functools
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import msgspec

from mhc.domain.errors import InvalidInput

DEFAULT_TIMEZONE = "UTC"
MAX_TIMEZONE_LENGTH = 64
# The Chaturbate Stats API sends `last_broadcast` without an offset. Its clock is not
# documented; the panel reads such times as UTC (what the service's other answers use), here
# and nowhere else.
NAIVE_EXTERNAL_ZONE: tzinfo = UTC


class ClockStyle(enum.StrEnum):
    H12 = "12h"
    H24 = "24h"


class OwnerClock(msgspec.Struct, frozen=True, kw_only=True):
    """A valid IANA zone name and a clock style (build it with `owner_clock`)."""

    timezone: str = DEFAULT_TIMEZONE
    clock: ClockStyle = ClockStyle.H24

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.timezone)


@functools.cache
def known_timezones() -> frozenset[str]:
    """Every IANA zone name this machine's time zone database holds."""
    return frozenset(available_timezones())


def is_timezone(name: str) -> bool:
    return name in known_timezones()


def owner_clock(timezone: str, clock: str) -> OwnerClock:
    """The clock for `timezone` and `clock`; InvalidInput naming the field that is wrong."""
    name = timezone.strip()
    if not is_timezone(name):
        raise InvalidInput(
            f"{timezone[:MAX_TIMEZONE_LENGTH]!r} is not an IANA time zone name "
            "(such as Europe/London or America/New_York)",
            field="timezone",
        )
    try:
        style = ClockStyle(clock)
    except ValueError:
        raise InvalidInput("the clock must be 12h or 24h", field="clock") from None
    return OwnerClock(timezone=name, clock=style)


def default_clock(timezone: str | None) -> OwnerClock:
    """The clock before the owner chose one: `timezone` when it is a zone name, else UTC."""
    name = (timezone or "").strip()
    return OwnerClock(timezone=name if is_timezone(name) else DEFAULT_TIMEZONE)


def local(at: datetime, clock: OwnerClock) -> datetime:
    """`at` on the owner's clock."""
    return at.astimezone(clock.zone)


def date_text(at: datetime, clock: OwnerClock) -> str:
    """ "2026-11-20": the owner's calendar date of `at`."""
    return local(at, clock).strftime("%Y-%m-%d")


def time_text(at: datetime, clock: OwnerClock, *, seconds: bool = False) -> str:
    """ "21:04" or "9:04 PM" (with ":05" seconds when asked) on the owner's clock."""
    moment = local(at, clock)
    if clock.clock is ClockStyle.H24:
        return moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    hour = moment.hour % 12 or 12
    minutes = moment.strftime(":%M:%S" if seconds else ":%M")
    return f"{hour}{minutes} {'AM' if moment.hour < 12 else 'PM'}"


def datetime_text(at: datetime, clock: OwnerClock, *, seconds: bool = False) -> str:
    """ "2026-11-20 21:04" or "2026-11-20 9:04 PM" on the owner's clock."""
    return f"{date_text(at, clock)} {time_text(at, clock, seconds=seconds)}"


def hour_text(hour: int, style: ClockStyle) -> str:
    """A clock hour (0-23) as the owner reads it: "21:00" or "9 PM"."""
    if style is ClockStyle.H24:
        return f"{hour % 24:02d}:00"
    return f"{hour % 12 or 12} {'AM' if hour % 24 < 12 else 'PM'}"


def external_instant(text: str) -> datetime | None:
    """An ISO 8601 time sent by an outside service, as an instant; None when it is no time.

    A time without an offset is read in NAIVE_EXTERNAL_ZONE; one with an offset keeps it.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=NAIVE_EXTERNAL_ZONE)
    return moment


def duration_text(span: timedelta) -> str:
    """ "3h 12m", "45m", "0m": a show's length, to the minute."""
    minutes = max(int(span.total_seconds()) // 60, 0)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)
