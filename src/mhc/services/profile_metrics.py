"""Normalised metrics of a member's Statbate profile payloads (tag spending, top models,
activity), stored beside the exact payloads as `statbate_member` snapshots.

No key here is one of a member-info snapshot's (`all_time_tokens`, `did`, `last_tip_date`), so
readers that want member info can tell these snapshots apart; `profile_part` names the payload.
"""

from __future__ import annotations

from collections.abc import Sequence

from mhc.domain.models import Metrics
from mhc.ports.gateways import MemberActivity, TagSpending, TopModel

TOP_SHOWN = 5


def tag_spending_metrics(tags: Sequence[TagSpending]) -> Metrics:
    """How many tags, the tokens across them, and the top tag names by tokens."""
    ranked = sorted(
        (t for t in tags if (t.tag or t.name) and t.total_tokens is not None),
        key=lambda t: -(t.total_tokens or 0),
    )
    return {
        "profile_part": "tag_spending",
        "tags_count": len(ranked),
        "tag_tokens": sum(t.total_tokens or 0 for t in ranked),
        "top_tags": [t.tag or t.name for t in ranked[:TOP_SHOWN]],
    }


def top_models_metrics(models: Sequence[TopModel]) -> Metrics:
    """How many models, the tokens across them, and the top model names by tokens."""
    ranked = sorted(
        (m for m in models if m.name and m.total_tokens is not None),
        key=lambda m: -(m.total_tokens or 0),
    )
    return {
        "profile_part": "top_models",
        "models_count": len(ranked),
        "model_tokens": sum(m.total_tokens or 0 for m in ranked),
        "top_models": [m.name for m in ranked[:TOP_SHOWN]],
    }


def activity_metrics(activity: MemberActivity) -> Metrics:
    """Tips and tokens by hour, and the busiest hour and weekday (None without tips)."""
    hours = [h for h in activity.hourly if h.hour is not None and (h.tip_count or 0) > 0]
    days = [d for d in activity.daily if d.day_of_week is not None and (d.tip_count or 0) > 0]
    busiest_hour = max(hours, key=lambda h: (h.tip_count or 0, -(h.hour or 0)), default=None)
    busiest_day = max(days, key=lambda d: (d.tip_count or 0, -(d.day_of_week or 0)), default=None)
    return {
        "profile_part": "activity",
        "tip_count": sum(h.tip_count or 0 for h in activity.hourly),
        "token_sum": sum(h.token_sum or 0 for h in activity.hourly),
        "peak_hour": None if busiest_hour is None else busiest_hour.hour,
        "peak_day_of_week": None if busiest_day is None else busiest_day.day_of_week,
    }
