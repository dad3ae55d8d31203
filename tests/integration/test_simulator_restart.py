"""The demo restarts its simulator with the same seed: the worker's stored cursor must carry it
over, with nothing skipped and nothing stored twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
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
from mhc.ports.connections import fixed_secret
from mhc.services.ingestor import EventsIngestor
from mhc.simulator import Simulator, SimulatorConfig, run_simulator_async

OWNER = "hudson_cage"
FAST = WorkerTuning(
    retry=RetryPolicy(base_delay=0.05, max_delay=0.2),
    standby_seconds=0.1,
    lease_check_seconds=0.1,
    heartbeat_seconds=0.2,
    shutdown_grace_seconds=3.0,
)


async def stored_ids(pool: AsyncConnectionPool) -> list[str]:
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT source_event_id FROM interactions ORDER BY id")
        return [row[0] for row in await cur.fetchall()]


async def session_states(pool: AsyncConnectionPool) -> list[str]:
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT status FROM stream_sessions ORDER BY id")
        return [row[0] for row in await cur.fetchall()]


async def wait_for(
    condition: Callable[[], Awaitable[bool]], *, within: float = WAIT_SECONDS
) -> None:
    await wait_until(condition, within=within)


async def ingest_until_stored(
    pool: AsyncConnectionPool, sim: Simulator, expected: Callable[[], set[str]]
) -> None:
    """Run a worker's ingestion against `sim` until every id of `expected()` is stored."""
    stop = StopSignal(grace_seconds=FAST.shutdown_grace_seconds)
    async with build_http_client() as client:
        ingestor = EventsIngestor(
            broadcaster=OWNER,
            exclusion=ExclusionPolicy(["smk_lover"]),
            store=PostgresIngestionStore(pool),
            leases=PostgresLeases(pool),
            heartbeats=PostgresHeartbeats(pool),
            failure_log=PostgresFailureLog(pool),
            feed_for=lambda token: ChaturbateEventsFeed(
                client, broadcaster=OWNER, token=token, base_url=sim.base_url
            ),
            token_source=fixed_secret(sim.config.events_token),
            stop=stop,
            worker_id="demo-host:1",
            tuning=FAST,
        )

        async def all_stored() -> bool:
            return expected() <= set(await stored_ids(pool))

        async with anyio.create_task_group() as group:
            group.start_soon(ingestor.run)
            await wait_for(all_stored)
            stop.request()


async def test_second_run_stores_every_new_event_once_when_the_simulator_restarts_with_its_seed(
    pool: AsyncConnectionPool,
) -> None:
    config = SimulatorConfig(seed=1, events_per_second=0)
    async with run_simulator_async(config) as first:
        first.open_show()
        first.emit(20)
        await ingest_until_stored(pool, first, lambda: {e["id"] for e in first.events})
        # What the demo does on Ctrl-C: the broadcast ends, so the next run starts a new one.
        first.stop_broadcast()
        await ingest_until_stored(pool, first, lambda: {e["id"] for e in first.events})
        first_ids = [e["id"] for e in first.events]

    async with run_simulator_async(config) as second:
        second.open_show()
        second.emit(20)
        second_ids = [e["id"] for e in second.events]
        await ingest_until_stored(pool, second, lambda: set(second_ids))

    stored = await stored_ids(pool)
    assert sorted(stored) == sorted(first_ids + second_ids)
    assert len(set(stored)) == len(stored)
    assert await session_states(pool) == ["ENDED", "LIVE"]


async def test_second_run_meets_the_same_viewers_when_the_seed_is_the_same() -> None:
    config = SimulatorConfig(seed=1, events_per_second=0)
    async with run_simulator_async(config) as first:
        first_names = {e["object"].get("user", {}).get("username") for e in first.open_show()}
    async with run_simulator_async(config) as second:
        second_names = {e["object"].get("user", {}).get("username") for e in second.open_show()}

    assert first_names == second_names
    assert len(first_names) > 10
