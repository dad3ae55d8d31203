"""Bodies of the owner's page (controllers/hudson.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from mhc.adapters.http.schemas.common import (
    Body,
    MetricDelta,
    RoomInteractionOut,
    SessionOut,
    SessionSummaryOut,
)


class CbStatsOut(Body):
    source: Literal["chaturbate"]
    captured_at: datetime
    metrics: dict[str, Any]
    deltas: dict[str, MetricDelta]


class StatbateModelOut(Body):
    source: Literal["statbate"]
    captured_at: datetime
    metrics: dict[str, Any]


class FollowersOut(Body):
    count: int
    delta: int | None
    source: Literal["chaturbate"]
    captured_at: datetime


class HudsonOut(Body):
    broadcaster: str
    live: bool
    current_session: SessionOut | None
    cb_stats: CbStatsOut | None
    statbate_model: StatbateModelOut | None
    followers: FollowersOut | None
    recent_tips: list[RoomInteractionOut]
    recent_interactions: list[RoomInteractionOut]
    sessions: list[SessionSummaryOut]
