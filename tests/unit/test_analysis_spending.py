from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.analysis.aggregates import DayTokens, SnapshotRef, StatbateMember, TipAggregate
from mhc.domain.analysis.models import Evidence, MonthActivity
from mhc.domain.analysis.spending import (
    monthly_series,
    room_spending,
    site_wide_spending,
    tip_frequency,
    tip_trend,
    trend_direction,
)
from mhc.domain.models import Confidence, EvidenceType

NOW = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)


def _tip(evidence_id: int) -> Evidence:
    return Evidence(type=EvidenceType.INTERACTION, id=evidence_id, source="cb_events")


def _tips(count: int, total: int = 0, *, weeks: int = 10) -> TipAggregate:
    return TipAggregate(
        count=count,
        total=total,
        median=total / count if count else None,
        largest=total if count else None,
        first_at=NOW - timedelta(weeks=weeks) if count else None,
        last_at=NOW - timedelta(days=2) if count else None,
        sessions_tipped=min(count, 4),
        sources=("cb_events",) if count else (),
        largest_evidence=tuple(_tip(i) for i in range(1, min(count, 30) + 1)),
        recent_evidence=tuple(_tip(i) for i in range(100, 100 + min(count, 30))),
    )


def _month(month: str, tokens: int, tips: int = 1) -> MonthActivity:
    return MonthActivity(
        month=month, interactions=tips * 5, tips=tips, tokens=tokens, active_days=2
    )


def test_room_spending_says_no_tips_seen_when_the_person_never_tipped() -> None:
    insight = room_spending(_tips(0))
    assert not insight.enough_data
    assert insight.confidence == Confidence.LOW
    assert insight.summary == "No tips seen in your room yet."
    assert insight.sources == ("Chaturbate Events",)


def test_room_spending_warns_the_typical_amount_says_little_when_only_two_tips_were_seen() -> None:
    insight = room_spending(_tips(2, 150))
    assert insight.confidence == Confidence.LOW
    assert "Only 2 tips seen" in insight.summary
    assert insight.facts["total_tokens"] == 150


def test_room_spending_cites_capped_largest_tips_when_there_are_many() -> None:
    insight = room_spending(_tips(30, 3_000))
    assert insight.confidence == Confidence.HIGH
    assert len(insight.evidence.items) == 20
    assert insight.evidence.total == 30
    assert insight.summary.startswith("Tipped 3,000 tokens in 30 tips in your room")


@pytest.mark.parametrize("count", [0, 1])
def test_tip_frequency_refuses_to_guess_when_fewer_than_two_tips(count: int) -> None:
    insight = tip_frequency(_tips(count, 25 * count), sessions_attended=3, now=NOW)
    assert not insight.enough_data
    assert insight.confidence == Confidence.LOW
    assert "not enough to call a tipping frequency" in insight.summary


def test_tip_frequency_reports_tips_per_week_and_sessions_share_when_enough_tips() -> None:
    insight = tip_frequency(_tips(20, 1_000, weeks=10), sessions_attended=8, now=NOW)
    assert insight.facts["tips_per_week"] == pytest.approx(20 / (10 - 2 / 7), rel=0.01)
    assert insight.facts["share_of_sessions_tipped"] == 0.5
    assert "tipped in 4 of 8 sessions attended (50%)" in insight.summary


def test_tip_trend_says_not_enough_to_call_a_trend_when_only_two_tips_were_seen() -> None:
    insight = tip_trend(_tips(2, 50), [_month("2025-11", 25), _month("2026-01", 25)], "2026-01")
    assert insight.summary == "Only 2 tips seen: not enough to call a trend."
    assert not insight.enough_data


def test_tip_trend_says_the_span_is_too_short_when_all_tips_are_this_month() -> None:
    insight = tip_trend(_tips(8, 400), [_month("2026-01", 400, tips=8)], "2026-01")
    assert insight.summary == "Tips span only 1 month: not enough to call a trend."


def test_tip_trend_sees_spending_rising_when_recent_months_hold_more_tokens() -> None:
    months = [
        _month("2025-08", 100),
        _month("2025-09", 100),
        _month("2025-10", 100),
        _month("2025-11", 400),
        _month("2025-12", 500),
        _month("2026-01", 600),
    ]
    insight = tip_trend(_tips(12, 1_800), months, "2026-01")
    assert insight.facts["direction"] == "rising"
    assert insight.summary.startswith("Spending is rising: 1,500 tokens in the recent 3 months")


def test_monthly_series_fills_silent_months_with_zero_when_the_person_paused() -> None:
    series = monthly_series([_month("2025-10", 100), _month("2025-12", 300)], "2026-01")
    assert series == [("2025-10", 100), ("2025-11", 0), ("2025-12", 300), ("2026-01", 0)]


def test_monthly_series_looks_back_one_year_at_most_when_tips_are_older() -> None:
    series = monthly_series([_month("2023-05", 100)], "2026-01")
    assert len(series) == 12
    assert series[0] == ("2025-02", 0)


month_tokens = st.lists(st.integers(min_value=0, max_value=100_000), min_size=2, max_size=12)


@given(month_tokens, st.integers(min_value=1, max_value=50))
def test_trend_direction_ignores_the_scale_when_every_month_is_multiplied(
    tokens: list[int], factor: int
) -> None:
    assert trend_direction(tokens) == trend_direction([t * factor for t in tokens])


@given(st.lists(st.integers(min_value=1, max_value=1_000), min_size=2, max_size=12, unique=True))
def test_trend_direction_never_calls_a_growing_series_falling_when_sorted(
    tokens: list[int],
) -> None:
    growing = sorted(tokens)
    assert trend_direction(growing) in ("rising", "steady")
    assert trend_direction(growing[::-1]) in ("falling", "steady")


@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=2, max_value=12))
def test_trend_direction_is_steady_when_every_month_is_the_same(amount: int, months: int) -> None:
    assert trend_direction([amount] * months) == "steady"


def test_trend_direction_says_stopped_when_the_window_holds_no_tokens() -> None:
    assert trend_direction([0, 0, 0]) == "stopped"


def _member(captured_at: datetime, all_time: int | None = 40_000) -> StatbateMember:
    return StatbateMember(
        snapshot=SnapshotRef(
            evidence=Evidence(type=EvidenceType.SNAPSHOT, id=7, source="statbate_member"),
            captured_at=captured_at,
        ),
        all_time_tokens=all_time,
        last_tip_date="2026-01-09 21:15:00",
        last_tip_amount=100,
        models_tipped_2weeks=6,
        per_day_tokens=(
            DayTokens(day=date(2026, 1, 8), tokens=0),
            DayTokens(day=date(2026, 1, 9), tokens=300),
        ),
    )


def test_site_wide_spending_says_no_statbate_data_when_nothing_was_captured() -> None:
    insight = site_wide_spending(None, room_total=500, now=NOW)
    assert insight.summary == "No Statbate data captured yet: site-wide spending is unknown."
    assert insight.confidence == Confidence.LOW
    assert insight.sources == ("Statbate",)


def test_site_wide_spending_gives_the_rooms_share_when_statbate_knows_the_total() -> None:
    insight = site_wide_spending(_member(NOW - timedelta(days=1)), room_total=2_000, now=NOW)
    assert insight.facts["room_share"] == 0.05
    assert insight.confidence == Confidence.HIGH
    assert insight.evidence.items[0].type == EvidenceType.SNAPSHOT
    assert "your room's share is 5%" in insight.summary
    assert "300 tokens on 1 day of the 2 Statbate listed" in insight.summary


def test_site_wide_spending_trusts_an_old_snapshot_less_when_captured_long_ago() -> None:
    insight = site_wide_spending(_member(NOW - timedelta(days=60)), room_total=0, now=NOW)
    assert insight.confidence == Confidence.LOW


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_site_wide_spending_share_stays_within_one_when_room_data_exceeds_statbate(
    room_total: int, all_time: int
) -> None:
    insight = site_wide_spending(_member(NOW, all_time), room_total=room_total, now=NOW)
    assert 0 <= insight.facts["room_share"] <= 1
