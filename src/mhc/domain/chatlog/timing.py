"""When pasted messages happened: clock times on a day in the owner's zone, and which show.

A paste's times are the viewer's wall clock without a date. The owner picks the day (or the
show they fall in is found); a clock that goes back by more than half a day has passed
midnight, so it and what follows belong to the next day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import msgspec

from mhc.domain.chatlog.model import ChatMessage

HALF_DAY = 12 * 3600
# How far outside a show's start and end a message still belongs to it.
SHOW_GRACE = timedelta(minutes=15)
# Messages tried against each show when looking for the one a paste falls in.
_SAMPLES = 40


class Settled(msgspec.Struct, frozen=True, kw_only=True):
    """When a paste's messages happened: `instants` for those with a time (else None), `anchor`
    for those without, the `day` of the clock times and the `show` the paste is put in."""

    day: date
    show: ShowSpan | None
    anchor: datetime
    instants: list[datetime | None]


class ShowSpan(msgspec.Struct, frozen=True, kw_only=True):
    """A stream session's id and time span; `ended_at` None while it is live."""

    id: int
    started_at: datetime
    ended_at: datetime | None


def place(messages: Sequence[ChatMessage], day: date, zone: ZoneInfo) -> list[datetime | None]:
    """The instant (UTC) of each message, or None for a message without a time.

    A message with a full moment (`when`) keeps it (a naive one is a wall clock in `zone`) and
    the next clock-only messages continue from its day.
    """
    placed: list[datetime | None] = []
    current = day
    previous: int | None = None
    for message in messages:
        if message.when is not None:
            local = (
                message.when.astimezone(zone)
                if message.when.tzinfo is not None
                else message.when.replace(tzinfo=zone)
            )
            current, previous = local.date(), _seconds(local.time())
            placed.append(local.astimezone(UTC))
            continue
        if message.clock is None:
            placed.append(None)
            continue
        seconds = _seconds(message.clock)
        if previous is not None and seconds < previous - HALF_DAY:
            current += timedelta(days=1)
        previous = seconds
        placed.append(datetime.combine(current, message.clock, tzinfo=zone).astimezone(UTC))
    return placed


def choose_day(
    messages: Sequence[ChatMessage], shows: Sequence[ShowSpan], zone: ZoneInfo, now: datetime
) -> tuple[date, ShowSpan | None]:
    """The day the paste's clock times are on, and the show they fall in when there is one.

    Each show is tried on the days it started and ended; the one holding most of the timed
    messages wins (the newest on a tie). With no such show: today in `zone`, or yesterday when
    today would put the first message in the future.
    """
    timed = [m for m in messages if m.clock is not None or m.when is not None]
    today = now.astimezone(zone).date()
    if not timed:
        return today, None
    sample = timed[:: max(1, len(timed) // _SAMPLES)]
    best: tuple[int, date, ShowSpan] | None = None
    for show in sorted(shows, key=lambda s: s.started_at, reverse=True):
        end = show.ended_at or now
        days = dict.fromkeys((show.started_at.astimezone(zone).date(), end.astimezone(zone).date()))
        for day in days:
            instants = place(sample, day, zone)
            hits = sum(1 for t in instants if t is not None and _within(t, show, now))
            if hits and (best is None or hits > best[0]):
                best = (hits, day, show)
    if best is not None:
        return best[1], best[2]
    first = place(timed[:1], today, zone)[0]
    if first is not None and first > now + SHOW_GRACE:
        return today - timedelta(days=1), None
    return today, None


def settle(
    messages: Sequence[ChatMessage],
    shows: Sequence[ShowSpan],
    zone: ZoneInfo,
    now: datetime,
    *,
    in_show: bool,
    day: date | None = None,
    chosen: ShowSpan | None = None,
) -> Settled:
    """The times of a paste: on `day` when the owner picked one, else the day of the show the
    clock times fall in (`chosen` when the owner picked the show).

    Lines without a time happen at the end of their show (now while it is live): the show
    picked or found, else, for a paste with no time at all, the latest show. Otherwise at the
    end of the day picked (never later than now), else now. A paste that is not from a show
    (`in_show` False: DMs) is never put in one.
    """
    found, show = choose_day(messages, [chosen] if chosen else shows if in_show else [], zone, now)
    if chosen is not None:
        if show is None:
            found = chosen.started_at.astimezone(zone).date()
        show = chosen
    untimed = all(m.clock is None and m.when is None for m in messages)
    if in_show and show is None and untimed and day is None and shows:
        show = max(shows, key=lambda s: s.started_at)
    if show is not None:
        anchor = min(show.ended_at or now, now)
    elif day is not None:
        anchor = min(datetime.combine(day, time(23, 59, 59), tzinfo=zone), now)
        show = show_at(anchor, shows, now) if in_show else None
    else:
        anchor = now
    the_day = day or found
    return Settled(day=the_day, show=show, anchor=anchor, instants=place(messages, the_day, zone))


def show_at(instant: datetime, shows: Sequence[ShowSpan], now: datetime) -> ShowSpan | None:
    """The show `instant` falls in (with a little grace either side), the newest first."""
    for show in sorted(shows, key=lambda s: s.started_at, reverse=True):
        if _within(instant, show, now):
            return show
    return None


def _within(instant: datetime, show: ShowSpan, now: datetime) -> bool:
    end = show.ended_at or now
    return show.started_at - SHOW_GRACE <= instant <= end + SHOW_GRACE


def _seconds(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second
