"""Domain and read-model structs turned into response bodies."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

import msgspec

from mhc.adapters.http.schemas.common import (
    DeltaOut,
    PersonOut,
    RoomInteractionOut,
    SessionOut,
    SessionSummaryOut,
)
from mhc.adapters.http.schemas.hudson import CbStatsOut, FollowersOut, HudsonOut, StatbateModelOut
from mhc.adapters.http.schemas.operations import HealthOut, WorkerOut
from mhc.adapters.http.schemas.watchlists import WatchlistMemberOut, WatchlistMemberPage
from mhc.domain.deltas import snapshot_deltas
from mhc.ports.read_models import Health, HudsonOverview, Page, WatchlistMemberDetail

T = TypeVar("T")


def present(value: object, kind: type[T]) -> T:
    """Copy `value` into the response struct `kind`, field by field (nested ones too)."""
    return msgspec.convert(value, kind, from_attributes=True)


def hudson(overview: HudsonOverview) -> HudsonOut:
    cb_stats = followers = None
    if overview.cb_stats_snapshots:
        newest = overview.cb_stats_snapshots[0]
        deltas = snapshot_deltas(overview.cb_stats_snapshots)[0].deltas
        cb_stats = CbStatsOut(
            source="chaturbate",
            captured_at=newest.captured_at,
            metrics=newest.normalized_metrics,
            deltas=deltas,
        )
        count = newest.normalized_metrics.get("num_followers")
        if isinstance(count, int) and not isinstance(count, bool):
            delta = deltas.get("num_followers")
            followers = FollowersOut(
                count=count,
                delta=None if delta is None else int(delta),
                source="chaturbate",
                captured_at=newest.captured_at,
            )
    statbate_model = None
    if overview.statbate_model_snapshot is not None:
        statbate_model = StatbateModelOut(
            source="statbate",
            captured_at=overview.statbate_model_snapshot.captured_at,
            metrics=overview.statbate_model_snapshot.normalized_metrics,
        )
    current = overview.current_session
    return HudsonOut(
        broadcaster=overview.broadcaster,
        live=current is not None,
        current_session=None if current is None else present(current, SessionOut),
        cb_stats=cb_stats,
        statbate_model=statbate_model,
        followers=followers,
        recent_tips=[present(i, RoomInteractionOut) for i in overview.recent_tips],
        recent_interactions=[present(i, RoomInteractionOut) for i in overview.recent_interactions],
        sessions=[present(s, SessionSummaryOut) for s in overview.sessions],
    )


def watchlist_members(page: Page[WatchlistMemberDetail]) -> WatchlistMemberPage:
    return WatchlistMemberPage(
        items=[_member(member) for member in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )


def _member(member: WatchlistMemberDetail) -> WatchlistMemberOut:
    deltas = snapshot_deltas(member.last_snapshots)
    return WatchlistMemberOut(
        person=present(member.person, PersonOut),
        added_at=member.added_at,
        last_interaction_at=member.last_interaction_at,
        last_delta=present(deltas[0], DeltaOut) if deltas else None,
        online=member.online,
    )


def health(report: Health, *, now: datetime, stale_after: timedelta, version: str) -> HealthOut:
    worker = None
    if report.heartbeat is not None:
        beat = report.heartbeat
        last_sign = beat.last_poll_at or beat.updated_at
        worker = WorkerOut(
            last_poll_at=beat.last_poll_at,
            last_event_at=beat.last_event_at,
            lag_seconds=beat.lag_seconds,
            last_error=beat.last_error,
            stale=now - last_sign > stale_after,
        )
    healthy = report.database_ok and (worker is None or not worker.stale)
    return HealthOut(
        status="ok" if healthy else "degraded",
        database="ok" if report.database_ok else "down",
        worker=worker,
        version=version,
    )
