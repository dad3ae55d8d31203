"""Loyalty: recency, frequency and money, fan club, follows, and first and last sighting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from mhc.domain.analysis import confidence
from mhc.domain.analysis.aggregates import (
    EngagementAggregate,
    LoyaltyAggregate,
    TipAggregate,
)
from mhc.domain.analysis.models import (
    CHATURBATE_EVENTS,
    Evidence,
    Facts,
    Insight,
    MonthActivity,
    evidence_set,
    not_enough_data,
    source_labels,
)
from mhc.domain.analysis.wording import ago, day_text, plural
from mhc.domain.models import Confidence, InteractionType

ACTIVE_DAYS_MEDIUM_AT = 3
ACTIVE_DAYS_HIGH_AT = 10
NEW_WITHIN = timedelta(days=14)
LAPSED_AFTER = timedelta(days=60)
REGULAR_WITHIN = timedelta(days=30)
REGULAR_MIN_ACTIVE_DAYS = 5
LAPSED_MIN_ACTIVE_DAYS = 3
REGULAR_MIN_ATTENDANCE = 0.25
# Below this many owner sessions, attendance share is too noisy to hold against anyone.
ATTENDANCE_NEEDS_SESSIONS = 4
FANCLUB_FLAG_FRESH = timedelta(days=30)

LOYALTY_LABELS = ("new", "regular", "occasional", "lapsed", "one-off")

# (upper bound in days since last seen, score): seen within a week scores 5.
_RECENCY_STEPS = ((7, 5), (30, 4), (90, 3), (180, 2))
# (lower bound, score), highest first.
_FREQUENCY_STEPS = ((20, 5), (10, 4), (5, 3), (2, 2))
_MONEY_STEPS = ((10_000, 5), (2_000, 4), (500, 3), (1, 2))


def recency_score(days_since_last_seen: int) -> int:
    """5 for seen within a week, down to 1 for more than half a year ago."""
    for bound, score in _RECENCY_STEPS:
        if days_since_last_seen <= bound:
            return score
    return 1


def frequency_score(active_days: int) -> int:
    """5 from 20 active days, 1 for a single day."""
    return next((score for bound, score in _FREQUENCY_STEPS if active_days >= bound), 1)


def money_score(room_tokens: int) -> int:
    """5 from 10,000 tokens in the room, 1 for none."""
    return next((score for bound, score in _MONEY_STEPS if room_tokens >= bound), 1)


def loyalty_label(
    *,
    first_seen_at: datetime,
    last_seen_at: datetime,
    active_days: int,
    attendance_share: float | None,
    owner_sessions_since_first_seen: int,
    now: datetime,
) -> str:
    """One of LOYALTY_LABELS; the rules are checked in this order:

    new (first seen within 14 days), lapsed (3+ active days, none in 60 days), regular (5+
    active days, seen within 30 days, and at least a quarter of the owner's sessions once
    there are 4 to judge by), occasional (2+ active days), one-off.
    """
    if now - first_seen_at <= NEW_WITHIN:
        return "new"
    since_last = now - last_seen_at
    if active_days >= LAPSED_MIN_ACTIVE_DAYS and since_last > LAPSED_AFTER:
        return "lapsed"
    attends_enough = (
        owner_sessions_since_first_seen < ATTENDANCE_NEEDS_SESSIONS
        or attendance_share is None
        or attendance_share >= REGULAR_MIN_ATTENDANCE
    )
    if active_days >= REGULAR_MIN_ACTIVE_DAYS and since_last <= REGULAR_WITHIN and attends_enough:
        return "regular"
    if active_days >= 2:
        return "occasional"
    return "one-off"


def recency_frequency_money(
    loyalty: LoyaltyAggregate,
    tips: TipAggregate,
    engagement: EngagementAggregate,
    now: datetime,
) -> Insight:
    """Recency, frequency and money scores and the loyalty label they add up to."""
    sources = source_labels(loyalty.sources) or (CHATURBATE_EVENTS,)
    if loyalty.interactions == 0 or loyalty.first_seen_at is None or loyalty.last_seen_at is None:
        return not_enough_data(
            "loyalty.rfm",
            "Never seen in your room: no loyalty to measure yet.",
            sources=sources,
            facts={"interactions": 0},
        )
    days_since = max((now - loyalty.last_seen_at) // timedelta(days=1), 0)
    possible = engagement.owner_sessions_since_first_seen
    share = min(engagement.sessions_attended / possible, 1.0) if possible else None
    label = loyalty_label(
        first_seen_at=loyalty.first_seen_at,
        last_seen_at=loyalty.last_seen_at,
        active_days=loyalty.active_days,
        attendance_share=share,
        owner_sessions_since_first_seen=possible,
        now=now,
    )
    scores = {
        "recency": recency_score(days_since),
        "frequency": frequency_score(loyalty.active_days),
        "money": money_score(tips.total),
    }
    summary = (
        f"{label.capitalize()}: last seen {ago(loyalty.last_seen_at, now)}, active on "
        f"{plural(loyalty.active_days, 'day')} since {day_text(loyalty.first_seen_at)}, "
        f"{plural(tips.total, 'token')} in your room "
        f"(recency {scores['recency']}/5, frequency {scores['frequency']}/5, "
        f"money {scores['money']}/5)."
    )
    if loyalty.active_days < ACTIVE_DAYS_MEDIUM_AT:
        summary += f" Only {plural(loyalty.active_days, 'active day')}: an early impression."
    anchors = [e for e in (loyalty.last_evidence, loyalty.first_evidence) if e is not None]
    return Insight(
        key="loyalty.rfm",
        summary=summary,
        confidence=confidence.by_volume(
            loyalty.active_days, medium_at=ACTIVE_DAYS_MEDIUM_AT, high_at=ACTIVE_DAYS_HIGH_AT
        ),
        enough_data=True,
        sources=sources,
        evidence=evidence_set(
            [*anchors, *engagement.session_evidence], max(loyalty.interactions, len(anchors))
        ),
        facts={
            "label": label,
            **{f"{name}_score": value for name, value in scores.items()},
            "days_since_last_seen": days_since,
            "active_days": loyalty.active_days,
            "interactions": loyalty.interactions,
            "attendance_share": None if share is None else round(share, 3),
        },
    )


def money_over_time(months: Sequence[MonthActivity], tips: TipAggregate) -> Insight:
    """In how many months the person tipped, and their best month."""
    tipping = [month for month in months if month.tips > 0]
    sources = source_labels(tips.sources) or (CHATURBATE_EVENTS,)
    evidence = evidence_set(tips.recent_evidence, tips.count)
    if not tipping:
        return not_enough_data(
            "loyalty.money_over_time",
            "No tips yet, so no spending over time to show.",
            sources=sources,
            evidence=evidence,
            facts={"months_with_tips": 0},
        )
    best = max(tipping, key=lambda month: (month.tokens, month.month))
    active = sum(1 for month in months if month.interactions > 0)
    summary = (
        f"Tipped in {len(tipping):,} of {plural(active, 'month')} active; best month "
        f"{best.month} ({plural(best.tokens, 'token')})."
    )
    if len(tipping) < ACTIVE_DAYS_MEDIUM_AT:
        summary += f" Only {plural(len(tipping), 'month')} with tips: too few to see a habit."
    return Insight(
        key="loyalty.money_over_time",
        summary=summary,
        confidence=confidence.by_volume(len(tipping), medium_at=3, high_at=6),
        enough_data=True,
        sources=sources,
        evidence=evidence,
        facts={
            "months_with_tips": len(tipping),
            "months_active": active,
            "best_month": best.month,
            "best_month_tokens": best.tokens,
        },
    )


def fan_club(loyalty: LoyaltyAggregate, now: datetime) -> Insight:
    """Fan-club membership from the newest `inFanclub` flag and FANCLUB_JOIN events."""
    joins = [e for e in loyalty.follow_events if e.type == InteractionType.FANCLUB_JOIN]
    flag_evidence = [loyalty.fanclub_flag_evidence] if loyalty.fanclub_flag_evidence else []
    evidence = evidence_set(
        [*flag_evidence, *(e.evidence for e in joins)],
        loyalty.fanclub_joins + len(flag_evidence),
    )
    facts: Facts = {
        "fanclub_joins": loyalty.fanclub_joins,
        "in_fanclub": loyalty.fanclub_flag,
        "flag_seen_at": loyalty.fanclub_flag_at,
    }
    joined = f"joined on {day_text(joins[0].occurred_at)}" if joins else None
    if loyalty.fanclub_flag is not None and loyalty.fanclub_flag_at is not None:
        fresh = now - loyalty.fanclub_flag_at <= FANCLUB_FLAG_FRESH
        level = Confidence.HIGH if fresh else Confidence.MEDIUM
        as_of = f"as of the event on {day_text(loyalty.fanclub_flag_at)}"
        if loyalty.fanclub_flag:
            summary = f"Fan club member ({joined + ', ' if joined else ''}{as_of})."
        elif joined:
            summary = f"Left the fan club: {joined}, but not a member {as_of}."
        else:
            summary = f"Not in your fan club {as_of}."
        facts["member"] = loyalty.fanclub_flag
        return Insight(
            key="loyalty.fan_club",
            summary=summary,
            confidence=level,
            enough_data=True,
            sources=(CHATURBATE_EVENTS,),
            evidence=evidence,
            facts=facts,
        )
    if joined:
        facts["member"] = True
        return Insight(
            key="loyalty.fan_club",
            summary=f"Fan club member: {joined} (no later event says otherwise).",
            confidence=Confidence.MEDIUM,
            enough_data=True,
            sources=(CHATURBATE_EVENTS,),
            evidence=evidence,
            facts=facts,
        )
    return not_enough_data(
        "loyalty.fan_club",
        "No fan-club information seen.",
        sources=(CHATURBATE_EVENTS,),
        evidence=evidence,
        facts=facts,
    )


def follow_history(loyalty: LoyaltyAggregate) -> Insight:
    """Follows and unfollows, and whether the newest of them leaves the person following."""
    events = [
        e
        for e in loyalty.follow_events
        if e.type in (InteractionType.FOLLOW, InteractionType.UNFOLLOW)
    ]
    evidence = evidence_set([e.evidence for e in events], loyalty.follows + loyalty.unfollows)
    facts: Facts = {"follows": loyalty.follows, "unfollows": loyalty.unfollows}
    if not events:
        return not_enough_data(
            "loyalty.follow",
            "No follow or unfollow seen.",
            sources=(CHATURBATE_EVENTS,),
            evidence=evidence,
            facts=facts,
        )
    newest = events[0]
    following = newest.type == InteractionType.FOLLOW
    state = "Following" if following else "Not following"
    counts = f"followed {plural(loyalty.follows, 'time')}, unfollowed {loyalty.unfollows:,}"
    facts["following"] = following
    facts["since"] = newest.occurred_at
    return Insight(
        key="loyalty.follow",
        summary=f"{state} since {day_text(newest.occurred_at)} ({counts}).",
        confidence=Confidence.HIGH,
        enough_data=True,
        sources=(CHATURBATE_EVENTS,),
        evidence=evidence,
        facts=facts,
    )


def first_and_last_seen(loyalty: LoyaltyAggregate, now: datetime) -> Insight:
    """When the person first and last showed up in the room."""
    sources = source_labels(loyalty.sources) or (CHATURBATE_EVENTS,)
    if loyalty.first_seen_at is None or loyalty.last_seen_at is None:
        known = (
            f"Known since {day_text(loyalty.known_since)} but never"
            if loyalty.known_since
            else "Never"
        )
        return not_enough_data(
            "loyalty.seen",
            f"{known} seen in your room.",
            sources=sources,
            facts={"known_since": loyalty.known_since},
        )
    anchors: list[Evidence] = [
        e for e in (loyalty.first_evidence, loyalty.last_evidence) if e is not None
    ]
    return Insight(
        key="loyalty.seen",
        summary=(
            f"First seen in your room on {day_text(loyalty.first_seen_at)}, last seen "
            f"{ago(loyalty.last_seen_at, now)} ({plural(loyalty.interactions, 'interaction')})."
        ),
        confidence=Confidence.HIGH,
        enough_data=True,
        sources=sources,
        evidence=evidence_set(anchors, len(anchors)),
        facts={
            "first_seen_at": loyalty.first_seen_at,
            "last_seen_at": loyalty.last_seen_at,
            "known_since": loyalty.known_since,
            "interactions": loyalty.interactions,
        },
    )
