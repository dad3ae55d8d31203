"""The bulk ingestion store and the worker's shared state on a real PostgreSQL, fed by the
simulator's Events API over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
from psycopg_pool import AsyncConnectionPool
from tests.timing import wait_until

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.adapters.postgres.ingestion import PostgresIngestionStore
from mhc.adapters.postgres.worker_state import PostgresHeartbeats, PostgresJobRuns, PostgresLeases
from mhc.adapters.resilience import build_http_client
from mhc.domain.exclusion import ExclusionPolicy
from mhc.ports.ingestion import CursorMoved, EventsCursor, FeedPage
from mhc.services.ingestion import IngestOutcome, ingest_page
from mhc.simulator import Simulator, SimulatorConfig, run_simulator_async

OWNER = "hudson_cage"
START = datetime(2025, 8, 16, 20, 0, tzinfo=UTC)
EXCLUSION = ExclusionPolicy(["smk_lover"])


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    config = SimulatorConfig(seed=7, start_time=START, broadcast_length=(40, 60))
    async with run_simulator_async(config) as running:
        yield running


@pytest.fixture
async def feed(sim: Simulator) -> AsyncIterator[ChaturbateEventsFeed]:
    async with build_http_client() as client:
        yield ChaturbateEventsFeed(
            client,
            broadcaster=OWNER,
            token=sim.config.events_token,
            base_url=sim.base_url,
        )


async def drain(feed: ChaturbateEventsFeed, store: PostgresIngestionStore) -> list[IngestOutcome]:
    """Poll (without holding) and store until the feed has nothing new."""
    outcomes = []
    while True:
        cursor = await store.load_cursor(OWNER)
        page = await feed.poll(cursor or EventsCursor(last_event_id="0-0", timeout_seconds=0))
        outcome = await ingest_page(
            store, page, broadcaster=OWNER, exclusion=EXCLUSION, expected_cursor=cursor
        )
        outcomes.append(outcome)
        if not page.events:
            return outcomes


async def rows(pool: AsyncConnectionPool, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    async with pool.connection() as conn:
        cur = await conn.execute(sql, params)
        return await cur.fetchall()


async def test_every_emitted_event_is_stored_once_with_its_person_and_session_when_drained(
    pool: AsyncConnectionPool, sim: Simulator, feed: ChaturbateEventsFeed
) -> None:
    sim.emit(150)
    store = PostgresIngestionStore(pool)

    await drain(feed, store)

    emitted = sim.events
    stored = await rows(
        pool,
        "SELECT i.source_event_id, i.type, p.username, i.occurred_at, i.stream_session_id, "
        "i.metadata FROM interactions i JOIN persons p ON p.id = i.person_id ORDER BY i.id",
    )
    assert [r[0] for r in stored] == [e["id"] for e in emitted]
    by_id = {r[0]: r for r in stored}
    for event in emitted:
        _, kind, _, occurred_at, _, metadata = by_id[event["id"]]
        millis = int(event["id"].split("-")[0])
        assert occurred_at == datetime.fromtimestamp(millis / 1000, UTC)
        assert metadata["raw"] == event
        assert "receivedAt" in metadata
        assert kind != "UNKNOWN_EVENT"
    starts = [e for e in emitted if e["method"] == "broadcastStart"]
    sessions = await rows(pool, "SELECT id, started_at, ended_at FROM stream_sessions ORDER BY id")
    assert len(sessions) == len(starts) >= 2
    for event in emitted:
        linked = by_id[event["id"]][4]
        assert linked is not None, f"{event['method']} outside any session"
    cursor = await rows(pool, "SELECT last_event_id, timeout_seconds FROM events_cursor")
    assert cursor == [(emitted[-1]["id"], 0)]


async def test_no_token_is_stored_anywhere_when_batches_are_committed(
    pool: AsyncConnectionPool, sim: Simulator, feed: ChaturbateEventsFeed
) -> None:
    sim.emit(30)

    await drain(feed, PostgresIngestionStore(pool))

    token = sim.config.events_token
    leaks = await rows(
        pool,
        "SELECT (SELECT count(*) FROM interactions WHERE metadata::text LIKE %s) + "
        "(SELECT count(*) FROM events_cursor WHERE last_event_id LIKE %s)",
        f"%{token}%",
        f"%{token}%",
    )
    assert leaks == [(0,)]


async def test_person_is_found_by_alias_and_excluded_viewer_is_listed_when_they_appear(
    pool: AsyncConnectionPool, sim: Simulator, feed: ChaturbateEventsFeed
) -> None:
    async with pool.connection() as conn:
        cur = await conn.execute(
            "INSERT INTO persons (username, role) VALUES ('old_tipper_name', 'VIEWER') RETURNING id"
        )
        row = await cur.fetchone()
        assert row is not None
        old_id = row[0]
        await conn.execute(
            "INSERT INTO person_aliases (person_id, alias) VALUES (%s, 'big_tipper_77')", (old_id,)
        )
    sim.start_broadcast()
    sim.tip("big_tipper_77", 500, "for you")
    sim.chat("smk_lover", "hello again")

    await drain(feed, PostgresIngestionStore(pool))

    tip = await rows(
        pool,
        "SELECT person_id, metadata->'tokens', content FROM interactions WHERE type = 'TIP'",
    )
    assert tip == [(old_id, 500, "for you")]
    assert await rows(pool, "SELECT count(*) FROM persons WHERE username = 'big_tipper_77'") == [
        (0,)
    ]
    excluded = await rows(
        pool,
        "SELECT p.is_excluded, w.name FROM persons p "
        "JOIN watchlist_members m ON m.person_id = p.id JOIN watchlists w ON w.id = m.watchlist_id "
        "WHERE p.username = 'smk_lover'",
    )
    assert excluded == [(True, "Excluded")]
    owner = await rows(pool, "SELECT role FROM persons WHERE username = %s", OWNER)
    assert owner == [("MODEL",)]


async def test_redelivered_page_stores_nothing_new_when_ingested_again(
    pool: AsyncConnectionPool, sim: Simulator, feed: ChaturbateEventsFeed
) -> None:
    sim.emit(60)
    store = PostgresIngestionStore(pool)
    page = await feed.poll(EventsCursor(last_event_id="0-0", timeout_seconds=0))
    first = await ingest_page(
        store, page, broadcaster=OWNER, exclusion=EXCLUSION, expected_cursor=None
    )
    sessions = await rows(pool, "SELECT id, status, ended_at FROM stream_sessions ORDER BY id")

    again = await ingest_page(
        store, page, broadcaster=OWNER, exclusion=EXCLUSION, expected_cursor=page.next_cursor
    )

    assert first.stored == 60
    assert again.stored == 0
    assert await rows(pool, "SELECT count(*) FROM interactions") == [(60,)]
    assert (
        await rows(pool, "SELECT id, status, ended_at FROM stream_sessions ORDER BY id") == sessions
    )


async def test_second_writer_stores_nothing_when_the_cursor_moved_under_it(
    pool: AsyncConnectionPool, sim: Simulator, feed: ChaturbateEventsFeed
) -> None:
    sim.emit(10)
    store = PostgresIngestionStore(pool)
    page = await feed.poll(EventsCursor(last_event_id="0-0", timeout_seconds=0))
    await ingest_page(store, page, broadcaster=OWNER, exclusion=EXCLUSION, expected_cursor=None)
    sim.emit(5)
    later = await feed.poll(page.next_cursor)

    with pytest.raises(CursorMoved):
        await ingest_page(
            store, later, broadcaster=OWNER, exclusion=EXCLUSION, expected_cursor=None
        )

    assert await rows(pool, "SELECT count(*) FROM interactions") == [(10,)]


async def test_odd_strings_and_numbers_are_stored_raw_when_postgres_would_refuse_them(
    pool: AsyncConnectionPool,
) -> None:
    nasty = {
        "method": "chatMessage",
        "id": "1755376889458-0",
        "object": {
            "message": {"message": "nul \x00 and lone \ud800 surrogate"},
            "user": {"username": "quiet_owl_12", "isMod": "maybe"},
            "extra": {"huge": 10**30, "key\x00": ["\udfff"]},
        },
    }
    unknown = {"method": "spinTheWheel", "id": "1755376889459-0", "object": "a string"}
    page = FeedPage(
        events=[nasty, unknown, 42],
        next_cursor=EventsCursor(last_event_id="1755376889459-0"),
        received_at=START,
    )

    outcome = await ingest_page(
        PostgresIngestionStore(pool),
        page,
        broadcaster=OWNER,
        exclusion=EXCLUSION,
        expected_cursor=None,
    )

    assert outcome.stored == 3
    stored = await rows(
        pool,
        "SELECT type, content, metadata->'raw'->'object'->'extra'->>'huge' FROM interactions "
        "ORDER BY id",
    )
    assert stored[0] == (
        "CHAT_MESSAGE",
        "nul \ufffd and lone ? surrogate",
        "1000000000000000000000000000000",
    )
    assert [r[0] for r in stored[1:]] == ["UNKNOWN_EVENT", "UNKNOWN_EVENT"]


async def test_only_one_process_holds_a_lease_until_it_is_released(
    pool: AsyncConnectionPool,
) -> None:
    leases = PostgresLeases(pool)
    first = await leases.try_acquire("mhc.events:hudson_cage")
    assert first is not None

    second = await leases.try_acquire("mhc.events:hudson_cage")
    other_room = await leases.try_acquire("mhc.events:another_room")
    await first.release()
    third = await leases.try_acquire("mhc.events:hudson_cage")

    assert second is None
    assert other_room is not None
    assert third is not None
    await other_room.release()
    await third.release()


async def test_lease_is_lost_when_its_database_session_is_killed(
    pool: AsyncConnectionPool,
) -> None:
    leases = PostgresLeases(pool)
    lease = await leases.try_acquire("mhc.events:hudson_cage")
    assert lease is not None
    assert await lease.still_held()

    async with pool.connection() as conn:
        await conn.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks "
            "WHERE locktype = 'advisory' AND pid <> pg_backend_pid()"
        )

    assert not await lease.still_held()
    await lease.release()
    again = await leases.try_acquire("mhc.events:hudson_cage")
    assert again is not None
    await again.release()


async def test_a_due_job_runs_in_one_process_only_when_two_claim_it_at_once(
    pool: AsyncConnectionPool,
) -> None:
    runs: list[str] = []
    tried: list[str] = []
    release = anyio.Event()

    async def worker(name: str) -> None:
        async with PostgresJobRuns(pool, worker_id=name).claim(
            "cb_stats_snapshot", timedelta(minutes=5)
        ) as claimed:
            if claimed:
                runs.append(name)
                await release.wait()
        tried.append(name)

    async with anyio.create_task_group() as tg:
        tg.start_soon(worker, "worker_a")
        await wait_until(lambda: runs, what="worker_a's claim")
        tg.start_soon(worker, "worker_b")
        await wait_until(lambda: "worker_b" in tried, what="worker_b's attempt")
        release.set()

    assert runs == ["worker_a"]
    async with PostgresJobRuns(pool, worker_id="worker_b").claim(
        "cb_stats_snapshot", timedelta(minutes=5)
    ) as claimed_again:
        assert claimed_again is False
    recorded = await rows(
        pool, "SELECT last_status, last_worker, next_run_at > now() FROM worker_jobs"
    )
    assert recorded == [("ok", "worker_a", True)]


async def test_failed_job_is_recorded_and_due_again_later_when_it_raises(
    pool: AsyncConnectionPool,
) -> None:
    jobs = PostgresJobRuns(pool, worker_id="worker_a")

    async def failing_run() -> None:
        async with jobs.claim("statbate_watchlist_snapshots", timedelta(hours=1)) as claimed:
            assert claimed
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await failing_run()

    recorded = await rows(
        pool,
        "SELECT last_status, last_error, next_run_at > now() + interval '50 minutes' "
        "FROM worker_jobs",
    )
    assert recorded == [("failed", "RuntimeError", True)]


async def test_latest_heartbeat_is_the_newest_worker_row_when_several_wrote(
    pool: AsyncConnectionPool,
) -> None:
    heartbeats = PostgresHeartbeats(pool)
    polled = datetime(2025, 8, 16, 21, 0, tzinfo=UTC)
    await heartbeats.beat(
        worker_id="host_a:1",
        broadcaster=OWNER,
        last_poll_at=None,
        last_event_at=None,
        lag_seconds=None,
        last_error="database: unreachable",
    )
    await heartbeats.beat(
        worker_id="host_b:2",
        broadcaster=OWNER,
        last_poll_at=polled,
        last_event_at=polled - timedelta(seconds=2),
        lag_seconds=2.0,
        last_error=None,
    )

    latest = await heartbeats.latest(OWNER)

    assert latest is not None
    assert (latest.worker_id, latest.last_poll_at, latest.lag_seconds, latest.last_error) == (
        "host_b:2",
        polled,
        2.0,
        None,
    )
    assert await heartbeats.latest("another_room") is None
