"""The worker's scheduled jobs as use cases: whom the watchlist snapshots cover, and how the
Stats API's time online sets the sessions right."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tests.fakes import (
    EVENING,
    FakeCbStats,
    FakeChatHistory,
    FakeDatabase,
    FakeIngestionStore,
    FakeStatbate,
    FakeWatchlistReads,
    IngestedSession,
    ManualClock,
)

from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import Snapshot, SnapshotSource
from mhc.domain.normalizers import normalize_cb_stats
from mhc.domain.watchlists import EXCLUDED, FRIENDS, ONES_TO_WATCH
from mhc.services.capture import CaptureService
from mhc.services.worker_jobs import BroadcastReport, WorkerJobs, broadcast_report

OWNER = "hudson_cage"
STATS = {
    "username": OWNER,
    "token_balance": 1200,
    "tips_in_last_hour": 3,
    "votes_up": 10,
    "votes_down": 1,
    "satisfaction_score": 91,
    "last_broadcast": "2026-01-10T18:00:00",
    "num_followers": 5000,
    "num_viewers": 40,
    "num_registered_viewers": 30,
    "num_tokened_viewers": 12,
}


def jobs(
    *,
    stats: dict[str, Any] | None = None,
    lists: dict[str, list[tuple[str, bool]]] | None = None,
    store: FakeIngestionStore | None = None,
    clock: ManualClock | None = None,
) -> WorkerJobs:
    clock = clock or ManualClock(EVENING)
    capture = CaptureService(
        FakeDatabase(clock).unit_of_work,
        ExclusionPolicy([]),
        clock,
        statbate=FakeStatbate(),
        cb_stats=FakeCbStats(stats),
        chat_history=FakeChatHistory(),
        broadcaster=OWNER,
    )
    return WorkerJobs(
        capture=capture,
        read_models=FakeWatchlistReads(clock, lists or {}),  # type: ignore[arg-type]
        store=store or FakeIngestionStore(),
        clock=clock,
        broadcaster=OWNER,
    )


def snapshot(raw: dict[str, Any]) -> Snapshot:
    return Snapshot(
        id=1,
        person_id=1,
        source=SnapshotSource.CB_STATS,
        captured_at=EVENING,
        raw_payload=raw,
        normalized_metrics=normalize_cb_stats(raw),
    )


@pytest.mark.parametrize(
    ("time_online", "report"),
    [
        (42, BroadcastReport(online_minutes=42)),
        ("42", BroadcastReport(online_minutes=42)),
        (0, BroadcastReport(online_minutes=0)),
        (-1, BroadcastReport(online_minutes=None)),
        ("-1", BroadcastReport(online_minutes=None)),
        (-5, BroadcastReport(online_minutes=None)),
        (12.5, None),
        ("soon", None),
        (None, None),
        (True, None),
    ],
)
def test_time_online_reads_as_the_reconciliation_always_read_it(
    time_online: Any, report: BroadcastReport | None
) -> None:
    assert broadcast_report(snapshot({**STATS, "time_online": time_online})) == report


def test_an_answer_without_time_online_reports_nothing_when_the_key_is_missing() -> None:
    assert broadcast_report(snapshot(STATS)) is None


async def test_the_live_session_ends_when_the_stats_api_reports_the_room_offline() -> None:
    store = FakeIngestionStore()
    started = EVENING - timedelta(minutes=40)
    store.tables.sessions.append(IngestedSession(id=7, started_at=started))

    change = await jobs(stats={**STATS, "time_online": -1}, store=store).snapshot_owner_stats()

    assert change is not None
    assert store.tables.sessions == [IngestedSession(id=7, started_at=started, ended_at=started)]


async def test_the_live_session_stays_when_the_stats_answer_lacks_time_online() -> None:
    store = FakeIngestionStore()
    started = EVENING - timedelta(minutes=40)
    store.tables.sessions.append(IngestedSession(id=7, started_at=started))

    change = await jobs(stats=STATS, store=store).snapshot_owner_stats()

    assert change is None
    assert store.tables.sessions == [IngestedSession(id=7, started_at=started)]


async def test_a_session_starts_when_the_stats_api_reports_the_room_online_without_one() -> None:
    store = FakeIngestionStore()

    change = await jobs(stats={**STATS, "time_online": 42}, store=store).snapshot_owner_stats()

    assert change is not None
    [session] = store.tables.sessions
    assert session.started_at == EVENING - timedelta(minutes=42)
    assert session.ended_at is None


async def test_nothing_changes_when_the_stats_api_does_not_know_the_room() -> None:
    store = FakeIngestionStore()

    assert await jobs(stats=None, store=store).snapshot_owner_stats() is None
    assert store.tables.sessions == []


async def test_watchlist_snapshots_cover_every_list_but_excluded_and_no_excluded_person() -> None:
    lists = {
        FRIENDS: [("big_tipper_77", False), ("quiet_owl_12", False), ("smk_lover", True)],
        ONES_TO_WATCH: [("lucky_fox_3", False), ("big_tipper_77", False)],
        EXCLUDED: [("ex_partner_1", True), ("spam_bot_9", False)],
        "Regulars": [(f"night_owl_{n}", False) for n in range(450)],
    }

    names = await jobs(lists=lists).watchlist_usernames()

    regulars = [f"night_owl_{n}" for n in range(450)]
    assert names == ["big_tipper_77", "quiet_owl_12", "lucky_fox_3", *regulars]


async def test_no_statbate_call_is_made_when_the_watchlists_are_empty() -> None:
    assert await jobs(lists={FRIENDS: []}).snapshot_watchlists() == []
