from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.analysis.aggregates import (
    EngagementAggregate,
    FollowEvent,
    LoyaltyAggregate,
    TipAggregate,
)
from mhc.domain.analysis.loyalty import (
    LOYALTY_LABELS,
    fan_club,
    first_and_last_seen,
    follow_history,
    frequency_score,
    loyalty_label,
    money_over_time,
    money_score,
    recency_frequency_money,
    recency_score,
)
from mhc.domain.analysis.models import Evidence, MonthActivity
from mhc.domain.models import Confidence, EvidenceType

NOW = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)


def _event(evidence_id: int) -> Evidence:
    return Evidence(type=EvidenceType.INTERACTION, id=evidence_id, source="cb_events")


def _follow(kind: str, days_ago: int, evidence_id: int) -> FollowEvent:
    return FollowEvent(
        type=kind, occurred_at=NOW - timedelta(days=days_ago), evidence=_event(evidence_id)
    )


def _regular(**changes: object) -> LoyaltyAggregate:
    values: dict[str, object] = {
        "interactions": 400,
        "active_days": 12,
        "first_seen_at": NOW - timedelta(days=200),
        "last_seen_at": NOW - timedelta(days=2),
        "first_evidence": _event(1),
        "last_evidence": _event(400),
        "sources": ("cb_events",),
        "known_since": NOW - timedelta(days=300),
    }
    values.update(changes)
    return LoyaltyAggregate(**values)  # type: ignore[arg-type]


def _label(
    *,
    first_days: int,
    last_days: int,
    active_days: int,
    share: float | None = 0.5,
    owner_sessions: int = 20,
) -> str:
    return loyalty_label(
        first_seen_at=NOW - timedelta(days=first_days),
        last_seen_at=NOW - timedelta(days=last_days),
        active_days=active_days,
        attendance_share=share,
        owner_sessions_since_first_seen=owner_sessions,
        now=NOW,
    )


@pytest.mark.parametrize(
    ("first_days", "last_days", "active_days", "share", "expected"),
    [
        (5, 1, 4, 1.0, "new"),
        (300, 90, 8, 0.5, "lapsed"),
        (300, 3, 8, 0.5, "regular"),
        (300, 3, 8, 0.1, "occasional"),
        (300, 3, 3, 0.5, "occasional"),
        (300, 100, 1, None, "one-off"),
    ],
)
def test_loyalty_label_follows_its_rules_when_given_typical_viewers(
    first_days: int, last_days: int, active_days: int, share: float | None, expected: str
) -> None:
    assert (
        _label(first_days=first_days, last_days=last_days, active_days=active_days, share=share)
        == expected
    )


def test_loyalty_label_ignores_attendance_when_the_owner_streamed_too_rarely_to_judge() -> None:
    assert _label(first_days=60, last_days=1, active_days=6, share=0.1, owner_sessions=3) == (
        "regular"
    )


@given(
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=1, max_value=500),
    st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    st.integers(min_value=0, max_value=500),
)
def test_loyalty_label_is_always_a_known_label_when_inputs_vary(
    first_extra: int, last_days: int, active_days: int, share: float | None, sessions: int
) -> None:
    label = _label(
        first_days=last_days + first_extra,
        last_days=last_days,
        active_days=active_days,
        share=share,
        owner_sessions=sessions,
    )
    assert label in LOYALTY_LABELS


@given(st.integers(min_value=15, max_value=1000), st.integers(min_value=1, max_value=400))
def test_loyalty_label_never_calls_someone_regular_when_they_lapsed(
    first_days: int, active_days: int
) -> None:
    label = _label(first_days=first_days + 61, last_days=61, active_days=active_days)
    assert label != "regular"


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=5000))
def test_scores_stay_within_one_to_five_and_move_the_right_way_when_data_grows(
    low: int, extra: int
) -> None:
    for score in (recency_score(low), frequency_score(low), money_score(low)):
        assert 1 <= score <= 5
    assert recency_score(low + extra) <= recency_score(low)
    assert frequency_score(low + extra) >= frequency_score(low)
    assert money_score(low + extra) >= money_score(low)


def test_recency_frequency_money_says_never_seen_when_there_are_no_interactions() -> None:
    insight = recency_frequency_money(
        LoyaltyAggregate(), TipAggregate(), EngagementAggregate(), NOW
    )
    assert insight.summary == "Never seen in your room: no loyalty to measure yet."
    assert not insight.enough_data


def test_recency_frequency_money_labels_a_regular_and_cites_first_and_last_when_seen_often() -> (
    None
):
    insight = recency_frequency_money(
        _regular(),
        TipAggregate(count=30, total=2_500),
        EngagementAggregate(sessions_attended=12, owner_sessions_since_first_seen=30),
        NOW,
    )
    assert insight.facts["label"] == "regular"
    assert (insight.facts["recency_score"], insight.facts["money_score"]) == (5, 4)
    assert insight.confidence == Confidence.HIGH
    assert [e.id for e in insight.evidence.items[:2]] == [400, 1]


def test_recency_frequency_money_calls_it_an_early_impression_when_seen_on_one_day() -> None:
    insight = recency_frequency_money(
        _regular(active_days=1, first_seen_at=NOW - timedelta(days=3)),
        TipAggregate(),
        EngagementAggregate(),
        NOW,
    )
    assert insight.facts["label"] == "new"
    assert "Only 1 active day: an early impression." in insight.summary
    assert insight.confidence == Confidence.LOW


def test_money_over_time_says_no_tips_when_no_month_has_any() -> None:
    months = (MonthActivity(month="2025-12", interactions=30, tips=0, tokens=0, active_days=3),)
    insight = money_over_time(months, TipAggregate())
    assert not insight.enough_data
    assert insight.summary == "No tips yet, so no spending over time to show."


def test_money_over_time_names_the_best_month_when_tips_span_months() -> None:
    months = tuple(
        MonthActivity(month=f"2025-{m:02d}", interactions=10, tips=2, tokens=t, active_days=2)
        for m, t in ((9, 100), (10, 900), (11, 300))
    )
    insight = money_over_time(months, TipAggregate(count=6, total=1_300, sources=("cb_events",)))
    assert insight.summary == "Tipped in 3 of 3 months active; best month 2025-10 (900 tokens)."
    assert insight.confidence == Confidence.MEDIUM


def test_fan_club_trusts_a_fresh_flag_when_the_newest_event_carries_it() -> None:
    insight = fan_club(
        _regular(
            fanclub_flag=True,
            fanclub_flag_at=NOW - timedelta(days=1),
            fanclub_flag_evidence=_event(77),
            fanclub_joins=1,
            follow_events=(_follow("FANCLUB_JOIN", 40, 55),),
        ),
        NOW,
    )
    assert insight.facts["member"] is True
    assert insight.confidence == Confidence.HIGH
    assert [e.id for e in insight.evidence.items] == [77, 55]
    assert insight.summary.startswith("Fan club member (joined on 2025-12-01")


def test_fan_club_notices_a_lapsed_membership_when_a_join_is_followed_by_a_false_flag() -> None:
    insight = fan_club(
        _regular(
            fanclub_flag=False,
            fanclub_flag_at=NOW - timedelta(days=60),
            fanclub_flag_evidence=_event(80),
            fanclub_joins=1,
            follow_events=(_follow("FANCLUB_JOIN", 200, 12),),
        ),
        NOW,
    )
    assert insight.summary.startswith("Left the fan club")
    assert insight.confidence == Confidence.MEDIUM


def test_fan_club_says_no_information_when_no_event_told() -> None:
    insight = fan_club(_regular(), NOW)
    assert insight.summary == "No fan-club information seen."
    assert not insight.enough_data


def test_follow_history_reads_the_newest_event_when_someone_followed_unfollowed_and_came_back() -> (
    None
):
    insight = follow_history(
        _regular(
            follows=2,
            unfollows=1,
            follow_events=(
                _follow("FOLLOW", 3, 30),
                _follow("FANCLUB_JOIN", 4, 25),
                _follow("UNFOLLOW", 10, 20),
                _follow("FOLLOW", 50, 10),
            ),
        )
    )
    assert insight.summary == "Following since 2026-01-07 (followed 2 times, unfollowed 1)."
    assert [e.id for e in insight.evidence.items] == [30, 20, 10]


def test_follow_history_says_none_seen_when_there_were_no_follow_events() -> None:
    insight = follow_history(_regular())
    assert insight.summary == "No follow or unfollow seen."
    assert insight.confidence == Confidence.LOW


def test_first_and_last_seen_mentions_the_lookup_when_never_seen_in_the_room() -> None:
    insight = first_and_last_seen(LoyaltyAggregate(known_since=NOW - timedelta(days=9)), NOW)
    assert insight.summary == "Known since 2026-01-01 but never seen in your room."
    assert not insight.enough_data


def test_first_and_last_seen_cites_both_edges_when_seen() -> None:
    insight = first_and_last_seen(_regular(), NOW)
    assert insight.summary == (
        "First seen in your room on 2025-06-24, last seen 2 days ago (400 interactions)."
    )
    assert [e.id for e in insight.evidence.items] == [1, 400]
