"""A person's whole analysis: every dimension scored over one set of aggregates."""

from __future__ import annotations

from datetime import datetime

from mhc.domain.analysis import engagement, loyalty, spending, tags, timing
from mhc.domain.analysis.aggregates import PersonAggregates
from mhc.domain.analysis.inference import suggest
from mhc.domain.analysis.models import PersonAnalysis
from mhc.domain.analysis.timing import local_month
from mhc.domain.owner_clock import ClockStyle


def score_person(
    aggregates: PersonAggregates,
    *,
    now: datetime,
    timezone: str,
    clock: ClockStyle = ClockStyle.H24,
) -> PersonAnalysis:
    """Score every dimension and derive the suggestions the owner has not settled yet; hours
    are worded on the owner's `clock`."""
    tips = aggregates.tips
    statbate = aggregates.statbate
    spending_insights = (
        spending.room_spending(tips),
        spending.tip_frequency(tips, aggregates.engagement.sessions_attended, now),
        spending.tip_trend(tips, aggregates.months, local_month(now, timezone)),
        spending.site_wide_spending(statbate.member, tips.total, now),
    )
    engagement_insights = (
        engagement.chat_per_session(aggregates.engagement),
        engagement.attendance(aggregates.engagement),
        engagement.private_messages(aggregates.engagement),
    )
    loyalty_insights = (
        loyalty.recency_frequency_money(aggregates.loyalty, tips, aggregates.engagement, now),
        loyalty.money_over_time(aggregates.months, tips),
        loyalty.fan_club(aggregates.loyalty, now),
        loyalty.follow_history(aggregates.loyalty),
        loyalty.first_and_last_seen(aggregates.loyalty, now),
    )
    timing_insights = (
        timing.room_activity_hours(aggregates.timing, clock),
        timing.statbate_activity_hours(statbate.activity, timezone, now, clock),
    )
    tag_insights = (
        tags.tag_preferences(statbate.tags, now),
        tags.top_models(statbate.top_models, now),
    )
    every = (
        spending_insights + engagement_insights + loyalty_insights + timing_insights + tag_insights
    )
    return PersonAnalysis(
        person_id=aggregates.person_id,
        username=aggregates.username,
        is_excluded=aggregates.is_excluded,
        generated_at=now,
        timezone=timezone,
        spending=spending_insights,
        engagement=engagement_insights,
        loyalty=loyalty_insights,
        timing=timing_insights,
        tags=tag_insights,
        activity_heatmap=timing.heatmap(aggregates.timing.cells),
        months=aggregates.months,
        suggestions=suggest(every, aggregates.attributes, aggregates.dismissals),
    )
