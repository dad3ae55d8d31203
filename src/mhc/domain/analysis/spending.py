"""Spending pattern: how much, how often and which way it is going, in the room and site-wide."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from mhc.domain.analysis import confidence
from mhc.domain.analysis.aggregates import StatbateMember, TipAggregate
from mhc.domain.analysis.models import (
    CHATURBATE_EVENTS,
    STATBATE,
    Facts,
    Insight,
    MonthActivity,
    evidence_set,
    not_enough_data,
    source_labels,
)
from mhc.domain.analysis.wording import ago, percent, plural
from mhc.domain.models import Confidence

TIPS_MEDIUM_AT = 5
TIPS_HIGH_AT = 20
MIN_TIPS_FOR_TREND = 5
MIN_MONTHS_FOR_TREND = 3
TREND_WINDOW_MONTHS = 12
# The recent half of the window must move by a quarter either way to count as a change.
RISING_RATIO = 1.25
FALLING_RATIO = 0.8


def room_spending(tips: TipAggregate) -> Insight:
    """Total, count, median and largest tip in the owner's room."""
    sources = _tip_sources(tips)
    if tips.count == 0:
        return not_enough_data(
            "spending.room",
            "No tips seen in your room yet.",
            sources=sources,
            facts={"tip_count": 0, "total_tokens": 0},
        )
    summary = f"Tipped {plural(tips.total, 'token')} in {plural(tips.count, 'tip')} in your room"
    if tips.median is not None and tips.largest is not None:
        summary += f" (median {_number(tips.median)}, largest {tips.largest:,})"
    summary += "."
    if tips.count < TIPS_MEDIUM_AT:
        summary += f" Only {plural(tips.count, 'tip')} seen, so the typical amount says little."
    return Insight(
        key="spending.room",
        summary=summary,
        confidence=_tip_confidence(tips.count),
        enough_data=True,
        sources=sources,
        evidence=evidence_set(tips.largest_evidence, tips.count),
        facts={
            "tip_count": tips.count,
            "total_tokens": tips.total,
            "median_tip": tips.median,
            "largest_tip": tips.largest,
            "first_tip_at": tips.first_at,
            "last_tip_at": tips.last_at,
        },
    )


def tip_frequency(tips: TipAggregate, sessions_attended: int, now: datetime) -> Insight:
    """Tips a week between the first and the last tip, and the share of attended sessions tipped."""
    sources = _tip_sources(tips)
    evidence = evidence_set(tips.recent_evidence, tips.count)
    if tips.count < 2 or tips.first_at is None or tips.last_at is None:
        reason = (
            "No tips seen in your room yet"
            if tips.count == 0
            else f"Only {plural(tips.count, 'tip')} seen"
        )
        return not_enough_data(
            "spending.frequency",
            f"{reason}: not enough to call a tipping frequency.",
            sources=sources,
            evidence=evidence,
            facts={"tip_count": tips.count},
        )
    weeks = max((tips.last_at - tips.first_at) / timedelta(weeks=1), 1.0)
    per_week = tips.count / weeks
    summary = (
        f"{plural(tips.count, 'tip')} over {plural(round(weeks), 'week')} "
        f"({_number(per_week)} a week), the last {ago(tips.last_at, now)}"
    )
    facts: Facts = {
        "tip_count": tips.count,
        "tips_per_week": round(per_week, 2),
        "sessions_tipped": tips.sessions_tipped,
        "sessions_attended": sessions_attended,
        "days_since_last_tip": max((now - tips.last_at) // timedelta(days=1), 0),
    }
    if sessions_attended > 0:
        share = min(tips.sessions_tipped / sessions_attended, 1.0)
        summary += (
            f"; tipped in {tips.sessions_tipped:,} of {plural(sessions_attended, 'session')} "
            f"attended ({percent(share)})"
        )
        facts["share_of_sessions_tipped"] = round(share, 3)
    return Insight(
        key="spending.frequency",
        summary=summary + ".",
        confidence=_tip_confidence(tips.count),
        enough_data=True,
        sources=sources,
        evidence=evidence,
        facts=facts,
    )


def trend_direction(monthly_tokens: Sequence[int]) -> str:
    """ "rising", "falling", "steady" or "stopped", comparing the recent half to the older one.

    The recent half takes the middle month of an odd series. "stopped" is a series of zeros.
    """
    if len(monthly_tokens) < 2:
        raise ValueError("a trend needs at least two months")
    middle = len(monthly_tokens) // 2
    older = monthly_tokens[:middle]
    recent = monthly_tokens[middle:]
    older_mean = sum(older) / len(older)
    recent_mean = sum(recent) / len(recent)
    if older_mean == 0 and recent_mean == 0:
        return "stopped"
    if recent_mean >= older_mean * RISING_RATIO:
        return "rising"
    if recent_mean <= older_mean * FALLING_RATIO:
        return "falling"
    return "steady"


def tip_trend(tips: TipAggregate, months: Sequence[MonthActivity], current_month: str) -> Insight:
    """Direction of monthly tokens over the last year (or since the first tip, if later)."""
    sources = _tip_sources(tips)
    evidence = evidence_set(tips.recent_evidence, tips.count)
    series = monthly_series(months, current_month)
    thin_reason: str | None = None
    if tips.count < MIN_TIPS_FOR_TREND:
        thin_reason = f"only {plural(tips.count, 'tip')} seen"
    elif len(series) < MIN_MONTHS_FOR_TREND:
        thin_reason = f"tips span only {plural(len(series), 'month')}"
    if thin_reason is not None:
        return not_enough_data(
            "spending.trend",
            f"{thin_reason.capitalize()}: not enough to call a trend.",
            sources=sources,
            evidence=evidence,
            facts={"tip_count": tips.count, "months": len(series)},
        )
    tokens = [month_tokens for _, month_tokens in series]
    direction = trend_direction(tokens)
    wording = {
        "rising": "Spending is rising",
        "falling": "Spending is falling",
        "steady": "Spending is steady",
        "stopped": f"No tips in the last {plural(len(series), 'month')}",
    }[direction]
    return Insight(
        key="spending.trend",
        summary=(
            f"{wording}: {sum(tokens[len(tokens) // 2 :]):,} tokens in the recent "
            f"{plural(len(tokens) - len(tokens) // 2, 'month')} against "
            f"{sum(tokens[: len(tokens) // 2]):,} in the {len(tokens) // 2:,} before."
        ),
        confidence=confidence.weakest(
            _tip_confidence(tips.count),
            confidence.by_volume(len(series), medium_at=MIN_MONTHS_FOR_TREND, high_at=6),
        ),
        enough_data=True,
        sources=sources,
        evidence=evidence,
        facts={
            "direction": direction,
            "months": [month for month, _ in series],
            "tokens": tokens,
        },
    )


def monthly_series(months: Sequence[MonthActivity], current_month: str) -> list[tuple[str, int]]:
    """Tokens per month from the first tipping month (at most a year back) to `current_month`.

    Months without tips are zeros, so a pause counts against the trend.
    """
    tipped = [_month_index(m.month) for m in months if m.tips > 0]
    if not tipped:
        return []
    end = _month_index(current_month)
    start = max(min(tipped), end - TREND_WINDOW_MONTHS + 1)
    if start > end:
        return []
    by_month = {_month_index(m.month): m.tokens for m in months}
    return [(_month_text(index), by_month.get(index, 0)) for index in range(start, end + 1)]


def site_wide_spending(member: StatbateMember | None, room_total: int, now: datetime) -> Insight:
    """What Statbate knows of the person's tipping across the site, and the room's share of it."""
    if member is None:
        return not_enough_data(
            "spending.site_wide",
            "No Statbate data captured yet: site-wide spending is unknown.",
            sources=(STATBATE,),
        )
    snapshot = member.snapshot
    evidence = evidence_set([snapshot.evidence], 1)
    age_confidence = confidence.by_age(now - snapshot.captured_at)
    facts: Facts = {
        "all_time_tokens": member.all_time_tokens,
        "first_tip_date": member.first_tip_date,
        "last_tip_date": member.last_tip_date,
        "last_tip_amount": member.last_tip_amount,
        "models_tipped_2weeks": member.models_tipped_2weeks,
        "models_messaged_2weeks": member.models_messaged_2weeks,
        "captured_at": snapshot.captured_at,
    }
    if not member.all_time_tokens:
        return Insight(
            key="spending.site_wide",
            summary=f"Statbate saw no tips site-wide (as of {ago(snapshot.captured_at, now)}).",
            confidence=age_confidence,
            enough_data=True,
            sources=(STATBATE,),
            evidence=evidence,
            facts=facts,
        )
    parts = [f"Tipped {plural(member.all_time_tokens, 'token')} site-wide"]
    if member.last_tip_date:
        amount = f" ({member.last_tip_amount:,} tokens)" if member.last_tip_amount else ""
        parts.append(f"last tip on {member.last_tip_date[:10]}{amount}")
    if member.models_tipped_2weeks is not None:
        parts.append(f"{plural(member.models_tipped_2weeks, 'model')} tipped in the last 2 weeks")
    if member.per_day_tokens:
        days_tipping = sum(1 for day in member.per_day_tokens if day.tokens > 0)
        window_tokens = sum(day.tokens for day in member.per_day_tokens)
        parts.append(
            f"{window_tokens:,} tokens on {plural(days_tipping, 'day')} of the "
            f"{len(member.per_day_tokens):,} Statbate listed"
        )
        facts["recent_days_tipping"] = days_tipping
        facts["recent_tokens"] = window_tokens
    share = min(room_total / member.all_time_tokens, 1.0)
    parts.append(f"your room's share is {percent(share)}")
    facts["room_share"] = round(share, 4)
    return Insight(
        key="spending.site_wide",
        summary="; ".join(parts) + f" (Statbate, captured {ago(snapshot.captured_at, now)}).",
        confidence=age_confidence,
        enough_data=True,
        sources=(STATBATE, CHATURBATE_EVENTS) if room_total else (STATBATE,),
        evidence=evidence,
        facts=facts,
    )


def _tip_confidence(count: int) -> Confidence:
    return confidence.by_volume(count, medium_at=TIPS_MEDIUM_AT, high_at=TIPS_HIGH_AT)


def _tip_sources(tips: TipAggregate) -> tuple[str, ...]:
    return source_labels(tips.sources) or (CHATURBATE_EVENTS,)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
