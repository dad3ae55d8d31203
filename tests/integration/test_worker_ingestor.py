"""The worker's ingestion loop in-process: real PostgreSQL, the simulator over loopback HTTP,
fast timings. Faults come from the simulator and from the database itself."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx
import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import AsyncConnectionPool
from tests.timing import WAIT_SECONDS, wait_until

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.adapters.postgres.failures import PostgresFailureLog
from mhc.adapters.postgres.ingestion import PostgresIngestionStore
from mhc.adapters.postgres.worker_state import PostgresHeartbeats, PostgresLeases
from mhc.adapters.resilience import build_http_client
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.retry import RetryPolicy
from mhc.entrypoints.stop import StopSignal
from mhc.entrypoints.worker import WorkerTuning
from mhc.ports.connections import SecretProvider, fixed_secret
from mhc.services.ingestor import EventsIngestor
from mhc.simulator import EVENTS, Simulator, SimulatorConfig, run_simulator_async

OWNER = "hudson_cage"
STANDING_BY = f"another worker consumes the Events API of {OWNER}: standing by"
START = datetime(2025, 8, 16, 20, 0, tzinfo=UTC)
FAST = WorkerTuning(
    retry=RetryPolicy(base_delay=0.05, max_delay=0.2),
    standby_seconds=0.1,
    lease_check_seconds=0.1,
    token_check_seconds=0.1,
    same_token_retry_seconds=1.0,
    heartbeat_seconds=0.2,
    shutdown_grace_seconds=3.0,
)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    config = SimulatorConfig(seed=5, start_time=START, broadcast_length=(50, 80))
    async with run_simulator_async(config) as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with build_http_client() as opened:
        yield opened


@pytest.fixture
async def resumable(pool: AsyncConnectionPool) -> AsyncConnectionPool:
    """The pool, with a cursor that replays from the start and holds polls for one second."""
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO events_cursor (broadcaster, last_event_id, timeout_seconds) "
            "VALUES (%s, '0-0', 1)",
            (OWNER,),
        )
    return pool


def ingestor(
    pool: AsyncConnectionPool,
    sim: Simulator,
    client: httpx.AsyncClient,
    stop: StopSignal,
    *,
    token_source: SecretProvider | None = None,
    worker_id: str = "test_host:1",
) -> EventsIngestor:
    return EventsIngestor(
        broadcaster=OWNER,
        exclusion=ExclusionPolicy(["smk_lover"]),
        store=PostgresIngestionStore(pool),
        leases=PostgresLeases(pool),
        heartbeats=PostgresHeartbeats(pool),
        failure_log=PostgresFailureLog(pool),
        feed_for=lambda token: ChaturbateEventsFeed(
            client, broadcaster=OWNER, token=token, base_url=sim.base_url
        ),
        token_source=token_source or fixed_secret(sim.config.events_token),
        stop=stop,
        worker_id=worker_id,
        tuning=FAST,
    )


async def scalar(pool: AsyncConnectionPool, sql: str, *params: Any) -> Any:
    async with pool.connection() as conn:
        cur = await conn.execute(sql, params)
        row = await cur.fetchone()
        assert row is not None
        return row[0]


async def wait_for(condition: Callable[[], Any], *, within: float = WAIT_SECONDS) -> None:
    """Poll `condition` (a coroutine function) until it holds; fail after `within` seconds."""
    await wait_until(condition, within=within)


async def stored_ids(pool: AsyncConnectionPool) -> list[str]:
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT source_event_id FROM interactions ORDER BY id")
        return [row[0] for row in await cur.fetchall()]


def all_stored(pool: AsyncConnectionPool, sim: Simulator) -> Callable[[], Any]:
    async def check() -> bool:
        return sorted(await stored_ids(pool)) == sorted(e["id"] for e in sim.events)

    return check


async def test_bursts_of_5xx_429_and_dropped_answers_lose_nothing_when_retried(
    resumable: AsyncConnectionPool, sim: Simulator, client: httpx.AsyncClient
) -> None:
    stop = StopSignal(grace_seconds=3)
    sim.emit(30)
    sim.fail_next(3, status=503, route=EVENTS)
    sim.fail_next(2, status=522, route=EVENTS)
    sim.fail_next(1, status=429, retry_after=0.3, route=EVENTS)
    sim.drop_next(1, route=EVENTS)
    async with anyio.create_task_group() as tg:
        tg.start_soon(ingestor(resumable, sim, client, stop).run)
        await wait_for(all_stored(resumable, sim))
        sim.emit(20)
        await wait_for(all_stored(resumable, sim))
        stop.request()

    statuses = [r.status for r in sim.requests(EVENTS)]
    assert statuses[:4] == [503, 503, 503, 522]
    assert 429 in statuses
    failures = await scalar(resumable, "SELECT count(*) FROM api_failures")
    # One row per episode of trouble, not one per attempt.
    assert 1 <= failures <= 3
    assert len(await stored_ids(resumable)) == 50


async def test_retry_after_is_waited_out_when_the_feed_answers_429(
    resumable: AsyncConnectionPool, sim: Simulator, client: httpx.AsyncClient
) -> None:
    stop = StopSignal(grace_seconds=3)
    sim.emit(5)
    sim.fail_next(1, status=429, retry_after=0.8, route=EVENTS)
    started = time.monotonic()
    async with anyio.create_task_group() as tg:
        tg.start_soon(ingestor(resumable, sim, client, stop).run)
        await wait_for(all_stored(resumable, sim))
        waited = time.monotonic() - started
        stop.request()

    assert waited >= 0.8
    assert [r.status for r in sim.requests(EVENTS)][:2] == [429, 200]


async def test_refused_token_is_reported_once_and_not_hammered_until_a_new_one_is_set(
    resumable: AsyncConnectionPool,
    sim: Simulator,
    client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stop = StopSignal(grace_seconds=3)
    configured = {"token": "revoked-token-0001"}
    sim.emit(10)

    async def configured_token() -> str | None:
        return configured["token"]

    worker = ingestor(resumable, sim, client, stop, token_source=configured_token)
    async with anyio.create_task_group() as tg:
        with caplog.at_level(logging.WARNING, logger="mhc.worker"):
            tg.start_soon(worker.run)
            await wait_until(lambda: sim.requests(EVENTS), what="the first refused request")
            await anyio.sleep(1.5)
        refused_requests = len(sim.requests(EVENTS))
        heartbeat_error = await scalar(resumable, "SELECT last_error FROM worker_heartbeat")
        configured["token"] = sim.config.events_token
        await wait_for(all_stored(resumable, sim))
        stop.request()

    # 1.5 s at a 1 s same-token retry: the first try and at most two more, never a hammering.
    assert 1 <= refused_requests <= 3
    assert {r.status for r in sim.requests(EVENTS)[:refused_requests]} == {401}
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "CB_EVENTS_TOKEN" in errors[0].getMessage()
    assert "revoked-token-0001" not in caplog.text
    assert await scalar(resumable, "SELECT count(*) FROM api_failures WHERE status = 401") == 1
    assert "token" in (heartbeat_error or "")
    assert await scalar(resumable, "SELECT last_error FROM worker_heartbeat") is None


async def test_stop_request_ends_a_held_long_poll_at_once_when_no_events_come(
    pool: AsyncConnectionPool, sim: Simulator, client: httpx.AsyncClient
) -> None:
    async with pool.connection() as conn:
        await conn.execute("INSERT INTO events_cursor VALUES (%s, '0-0', 60)", (OWNER,))
    stop = StopSignal(grace_seconds=3)
    worker = ingestor(pool, sim, client, stop)
    async with anyio.create_task_group() as tg:
        tg.start_soon(worker.run)
        await wait_for(lambda: scalar(pool, "SELECT count(*) FROM worker_heartbeat"))
        # The poll is now held by the simulator: no events will come for a minute.
        await anyio.sleep(0.3)
        asked = time.monotonic()
        stop.request()
    stopped_after = time.monotonic() - asked

    assert stopped_after < 2.0
    assert await scalar(pool, "SELECT last_event_id FROM events_cursor") == "0-0"


async def test_nothing_is_lost_or_doubled_when_the_database_drops_every_connection(
    resumable: AsyncConnectionPool,
    database_url: str,
    sim: Simulator,
    client: httpx.AsyncClient,
) -> None:
    stop = StopSignal(grace_seconds=3)
    sim.emit(40)
    async with anyio.create_task_group() as tg:
        tg.start_soon(ingestor(resumable, sim, client, stop).run)
        await wait_for(all_stored(resumable, sim))
        sim.set_rate(200)
        await anyio.sleep(0.3)
        await _outage(database_url, seconds=1.0)
        await anyio.sleep(0.3)
        sim.set_rate(0)
        await wait_for(all_stored(resumable, sim), within=20)
        stop.request()

    ids = await stored_ids(resumable)
    assert len(ids) == len(set(ids)) == len(sim.events)


async def _outage(database_url: str, *, seconds: float) -> None:
    """Kill every connection to the test database and refuse new ones for a while."""
    name = conninfo_to_dict(database_url)["dbname"]
    admin = make_conninfo(database_url, dbname="postgres")
    async with await psycopg.AsyncConnection.connect(admin, autocommit=True) as conn:
        await conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        await conn.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = %s",
            (name,),
        )
        await anyio.sleep(seconds)
        await conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')


async def test_second_ingestor_stands_by_and_takes_over_when_the_first_stops(
    database_url: str, sim: Simulator, client: httpx.AsyncClient
) -> None:
    async with (
        AsyncConnectionPool(database_url, min_size=1, max_size=4, open=False) as pool_a,
        AsyncConnectionPool(database_url, min_size=1, max_size=4, open=False) as pool_b,
    ):
        async with pool_a.connection() as conn:
            await conn.execute("INSERT INTO events_cursor VALUES (%s, '0-0', 1)", (OWNER,))
        first_stop, second_stop = StopSignal(grace_seconds=3), StopSignal(grace_seconds=3)
        first = ingestor(pool_a, sim, client, first_stop, worker_id="host_a:1")
        second = ingestor(pool_b, sim, client, second_stop, worker_id="host_b:2")
        sim.emit(20)
        async with anyio.create_task_group() as tg:
            tg.start_soon(first.run)
            await wait_for(all_stored(pool_a, sim))
            tg.start_soon(second.run)
            await anyio.sleep(0.5)
            writers_while_both_ran = await scalar(
                pool_a, "SELECT array_agg(worker_id) FROM worker_heartbeat"
            )
            first_stop.request()
            sim.emit(20)
            await wait_for(all_stored(pool_a, sim))
            second_stop.request()

        assert writers_while_both_ran == ["host_a:1"]
        assert (
            await scalar(
                pool_a, "SELECT worker_id FROM worker_heartbeat ORDER BY updated_at DESC LIMIT 1"
            )
            == "host_b:2"
        )
        assert len(await stored_ids(pool_a)) == 40


async def test_only_one_ingestor_consumes_when_the_holders_lock_session_dies(
    database_url: str,
    sim: Simulator,
    client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with (
        AsyncConnectionPool(database_url, min_size=1, max_size=4, open=False) as pool_a,
        AsyncConnectionPool(database_url, min_size=1, max_size=4, open=False) as pool_b,
    ):
        async with pool_a.connection() as conn:
            await conn.execute("INSERT INTO events_cursor VALUES (%s, '0-0', 5)", (OWNER,))
        stop = StopSignal(grace_seconds=3)
        first = ingestor(pool_a, sim, client, stop, worker_id="host_a:1")
        second = ingestor(pool_b, sim, client, stop, worker_id="host_b:2")
        sim.emit(20)
        with caplog.at_level(logging.INFO, logger="mhc.worker"):
            async with anyio.create_task_group() as tg:
                tg.start_soon(first.run)
                await wait_for(all_stored(pool_a, sim))
                tg.start_soon(second.run)
                await wait_for(lambda: STANDING_BY in caplog.messages)
                async with pool_b.connection() as conn:
                    # What a database restart does to the holder's session, and to its lock.
                    await conn.execute(
                        "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks "
                        "WHERE locktype = 'advisory' AND pid <> pg_backend_pid()"
                    )
                sim.emit(20)
                await wait_for(all_stored(pool_a, sim))
                # The old holder may store a batch before it notices (the new one's write is then
                # refused by the moved cursor, and it stands by and takes the lease again): after
                # that, one worker consumes.
                await wait_for(lambda: one_worker_beats(pool_a))
                stop.request()
        ids = await stored_ids(pool_a)

    assert len(ids) == len(set(ids)) == 40


async def one_worker_beats(pool: AsyncConnectionPool) -> bool:
    """Whether exactly one worker's heartbeat advances over a window of several heartbeats."""
    before = await heartbeats(pool)
    await anyio.sleep(0.6)
    after = await heartbeats(pool)
    return len([worker for worker in after if after[worker] != before.get(worker)]) == 1


async def heartbeats(pool: AsyncConnectionPool) -> dict[str, datetime]:
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT worker_id, updated_at FROM worker_heartbeat")
        return dict(await cur.fetchall())
