"""Activity timing: hour of day by day of week, in the owner's time zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mhc.domain.analysis import confidence
from mhc.domain.analysis.aggregates import StatbateActivity, TimingAggregate
from mhc.domain.analysis.models import (
    CHATURBATE_EVENTS,
    STATBATE,
    EvidenceSet,
    Facts,
    Insight,
    evidence_set,
    not_enough_data,
    source_labels,
)
from mhc.domain.analysis.wording import percent, plural
from mhc.domain.owner_clock import ClockStyle, hour_text

# (label, first hour, hour after the last)
PARTS_OF_DAY = (("nights", 0, 6), ("mornings", 6, 12), ("afternoons", 12, 18), ("evenings", 18, 24))
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MIN_EVENTS_FOR_HOURS = 10
EVENTS_MEDIUM_AT = 30
EVENTS_HIGH_AT = 200
# A part of the day holding this share of the activity is "when they are around"; with four
# parts an even spread gives each a quarter.
DOMINANT_SHARE = 0.4
VARIED = "varied"


def part_of_day(hour: int) -> str:
    """ "nights" (0-5), "mornings" (6-11), "afternoons" (12-17) or "evenings" (18-23)."""
    for label, start, stop in PARTS_OF_DAY:
        if start <= hour < stop:
            return label
    raise ValueError(f"hour out of range: {hour}")


def heatmap(cells: Sequence[tuple[int, int, int]]) -> tuple[tuple[int, ...], ...]:
    """A 7 x 24 grid (Monday first) from (day, hour, count) cells; repeated cells add up."""
    grid = [[0] * 24 for _ in range(7)]
    for day, hour, count in cells:
        grid[day][hour] += count
    return tuple(tuple(row) for row in grid)


def part_shares(hour_counts: Sequence[int]) -> dict[str, float]:
    """Each part of the day's share of the 24 hourly counts (all zero when there are none)."""
    total = sum(hour_counts)
    return {
        label: (sum(hour_counts[start:stop]) / total if total else 0.0)
        for label, start, stop in PARTS_OF_DAY
    }


def dominant_part(hour_counts: Sequence[int]) -> str:
    """The part of the day with at least DOMINANT_SHARE of the activity, else "varied"."""
    shares = part_shares(hour_counts)
    label, share = max(shares.items(), key=lambda item: item[1])
    return label if share >= DOMINANT_SHARE else VARIED


def room_activity_hours(timing: TimingAggregate, style: ClockStyle = ClockStyle.H24) -> Insight:
    """When the person is active in the room, from every interaction's local time."""
    grid = heatmap(timing.cells)
    hours = [sum(row[hour] for row in grid) for hour in range(24)]
    days = [sum(row) for row in grid]
    total = sum(hours)
    sources = source_labels(timing.sources) or (CHATURBATE_EVENTS,)
    if total < MIN_EVENTS_FOR_HOURS:
        return not_enough_data(
            "timing.room_hours",
            f"Only {plural(total, 'interaction')} seen: not enough to call active hours.",
            sources=sources,
            evidence=_part_evidence(timing, None, total),
            facts={"interactions": total, "timezone": timing.timezone},
        )
    shares = part_shares(hours)
    label = dominant_part(hours)
    peak_hour = max(range(24), key=lambda hour: (hours[hour], -hour))
    peak_day = max(range(7), key=lambda day: (days[day], -day))
    cited = label if label != VARIED else part_of_day(peak_hour)
    cited_count = next(sum(hours[a:b]) for name, a, b in PARTS_OF_DAY if name == cited)
    lead = (
        f"Most active in the {label} ({percent(shares[label])} of {plural(total, 'interaction')})"
        if label != VARIED
        else f"Active at varied times ({plural(total, 'interaction')} spread over the day)"
    )
    return Insight(
        key="timing.room_hours",
        summary=(
            f"{lead}; busiest hour {hour_text(peak_hour, style)}, "
            f"busiest day {DAY_NAMES[peak_day]} ({timing.timezone} time)."
        ),
        confidence=confidence.by_volume(total, medium_at=EVENTS_MEDIUM_AT, high_at=EVENTS_HIGH_AT),
        enough_data=True,
        sources=sources,
        evidence=_part_evidence(timing, cited, cited_count),
        facts={
            "active_hours": label,
            "part_shares": {name: round(share, 3) for name, share in shares.items()},
            "peak_hour": peak_hour,
            "peak_day": DAY_NAMES[peak_day],
            "interactions": total,
            "timezone": timing.timezone,
        },
    )


def statbate_activity_hours(
    activity: StatbateActivity | None,
    owner_timezone: str,
    now: datetime,
    style: ClockStyle = ClockStyle.H24,
) -> Insight:
    """When the person tips anywhere on the site, from Statbate, moved to the owner's zone."""
    if activity is None:
        return not_enough_data(
            "timing.site_wide_hours",
            "No Statbate activity data captured yet: site-wide tipping hours unknown.",
            sources=(STATBATE,),
        )
    shift = hour_shift(activity.timezone, owner_timezone, now)
    hours = [0] * 24
    for entry in activity.hourly:
        hours[(entry.hour + shift) % 24] += entry.tips
    total = sum(hours)
    evidence = evidence_set([activity.snapshot.evidence], 1)
    facts: Facts = {"tips": total, "timezone": owner_timezone}
    if total < MIN_EVENTS_FOR_HOURS:
        return not_enough_data(
            "timing.site_wide_hours",
            f"Statbate lists only {plural(total, 'tip')} by hour: not enough to call "
            "site-wide tipping hours.",
            sources=(STATBATE,),
            evidence=evidence,
            facts=facts,
        )
    shares = part_shares(hours)
    label = dominant_part(hours)
    peak_hour = max(range(24), key=lambda hour: (hours[hour], -hour))
    summary = (
        f"Tips site-wide mostly in the {label} ({percent(shares[label])} of {plural(total, 'tip')})"
        if label != VARIED
        else f"Tips site-wide at varied times ({plural(total, 'tip')})"
    )
    summary += f"; busiest hour {hour_text(peak_hour, style)} ({owner_timezone} time)"
    if activity.daily:
        busiest = max(activity.daily, key=lambda day: (day.tips, -day.day))
        summary += f", busiest day {DAY_NAMES[busiest.day]}"
        facts["peak_day"] = DAY_NAMES[busiest.day]
    facts.update(
        active_hours=label,
        part_shares={name: round(share, 3) for name, share in shares.items()},
        peak_hour=peak_hour,
    )
    return Insight(
        key="timing.site_wide_hours",
        summary=summary + ".",
        confidence=confidence.weakest(
            confidence.by_volume(total, medium_at=EVENTS_MEDIUM_AT, high_at=EVENTS_HIGH_AT),
            confidence.by_age(now - activity.snapshot.captured_at),
        ),
        enough_data=True,
        sources=(STATBATE,),
        evidence=evidence,
        facts=facts,
    )


def hour_shift(from_timezone: str, to_timezone: str, at: datetime) -> int:
    """Whole hours to add to a clock hour in `from_timezone` to read it in `to_timezone`.

    Statbate buckets whole hours, so a half-hour offset is rounded; an unknown zone counts as UTC.
    """
    difference = _offset(to_timezone, at) - _offset(from_timezone, at)
    return round(difference / timedelta(hours=1))


def local_month(at: datetime, timezone: str) -> str:
    """ "YYYY-MM" of `at` on the clock of `timezone` (UTC when the zone is unknown)."""
    return at.astimezone(_zone(timezone)).strftime("%Y-%m")


def _offset(timezone: str, at: datetime) -> timedelta:
    return at.astimezone(_zone(timezone)).utcoffset() or timedelta(0)


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _part_evidence(timing: TimingAggregate, part: str | None, total: int) -> EvidenceSet:
    """The newest interactions of `part` of the day, or of every part when `part` is None."""
    items = [
        item
        for entry in timing.evidence_by_part
        if part is None or entry.part == part
        for item in entry.evidence
    ]
    return evidence_set(items, total)
