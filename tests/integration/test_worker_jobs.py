"""Scheduled jobs of the worker, composed by the container as `mhc worker` composes them:
Chaturbate Stats snapshots (and session reconciliation), Statbate snapshots of watchlist
members, and two workers against one database that never double the work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import anyio
import pytest
from psycopg_pool import AsyncConnectionPool
from tests.timing import WAIT_SECONDS, wait_until

from mhc.domain.retry import RetryPolicy
from mhc.entrypoints.container import Container
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.stop import StopSignal
from mhc.entrypoints.worker import WorkerTuning, run_worker
from mhc.simulator import STATBATE, STATS, Simulator, SimulatorConfig, run_simulator_async

OWNER = "hudson_cage"
FAST = WorkerTuning(
    retry=RetryPolicy(base_delay=0.05, max_delay=0.2),
    standby_seconds=0.1,
    heartbeat_seconds=0.2,
    scheduler_tick_seconds=0.1,
    shutdown_grace_seconds=3.0,
)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with run_simulator_async(SimulatorConfig(seed=9)) as running:
        yield running


def settings_for(sim: Simulator, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "run_mode": "worker",
        "broadcaster": OWNER,
        "cb_stats_token": sim.config.stats_token,
        "cb_stats_base_url": sim.base_url,
        "statbate_api_token": sim.config.statbate_token,
        "statbate_api_base_url": sim.statbate_api_base_url,
    }
    values.update(overrides)
    return Settings(**values)


async def scalar(pool: AsyncConnectionPool, sql: str, *params: Any) -> Any:
    async with pool.connection() as conn:
        cur = await conn.execute(sql, params)
        row = await cur.fetchone()
        assert row is not None
        return row[0]


async def until(
    pool: AsyncConnectionPool, sql: str, expected: Any, *, within: float = WAIT_SECONDS
) -> None:
    async def gives_expected() -> bool:
        return bool(await scalar(pool, sql) == expected)

    await wait_until(gives_expected, within=within, what=f"{sql!r} to give {expected!r}")


async def add_to_friends(pool: AsyncConnectionPool, usernames: list[str]) -> None:
    async with pool.connection() as conn:
        for name in usernames:
            await conn.execute(
                "WITH p AS (INSERT INTO persons (username, role) VALUES (%s, 'VIEWER') "
                "RETURNING id) INSERT INTO watchlist_members (watchlist_id, person_id) "
                "SELECT w.id, p.id FROM watchlists w, p WHERE w.name = 'Friends'",
                (name,),
            )


async def test_jobs_run_once_when_two_workers_share_the_database(
    pool: AsyncConnectionPool, database_url: str, sim: Simulator
) -> None:
    members = sorted(name for name, v in sim.world.viewers.items() if v.tips)[:3]
    await add_to_friends(pool, members)
    settings = settings_for(sim, database_url)
    stops = [StopSignal(grace_seconds=3), StopSignal(grace_seconds=3)]

    async with anyio.create_task_group() as tg:
        for stop in stops:
            tg.start_soon(
                partial(
                    run_worker,
                    settings,
                    container=Container(settings=settings),
                    tuning=FAST,
                    stop=stop,
                    handle_signals=False,
                )
            )
        await until(pool, "SELECT count(*) FROM snapshots WHERE source = 'cb_stats'", 1)
        await until(pool, "SELECT count(*) FROM snapshots WHERE source = 'statbate_member'", 3)
        await until(pool, "SELECT count(*) FROM snapshots WHERE source = 'statbate_model'", 1)
        # Several more scheduler ticks of both workers: nothing is due again for minutes.
        await anyio.sleep(0.6)
        for stop in stops:
            stop.request()

    assert await scalar(pool, "SELECT count(*) FROM snapshots") == 5
    assert len(sim.requests(STATS)) == 1
    # One batch request for the watchlist members, one for the owner's model numbers.
    assert len(sim.requests(STATBATE)) == 2
    jobs = await scalar(
        pool, "SELECT array_agg(name || ':' || last_status ORDER BY name) FROM worker_jobs"
    )
    assert jobs == [
        "cb_stats_snapshot:ok",
        "statbate_owner_model_snapshot:ok",
        "statbate_watchlist_snapshots:ok",
    ]


async def test_missed_stop_is_reconciled_when_the_stats_api_reports_the_room_offline(
    pool: AsyncConnectionPool, database_url: str, sim: Simulator
) -> None:
    now = datetime.now(UTC)
    last_tip = now - timedelta(hours=1)
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO stream_sessions (broadcaster, started_at) VALUES (%s, %s)",
            (OWNER, now - timedelta(hours=3)),
        )
        await conn.execute("INSERT INTO persons (username) VALUES ('late_tipper_5')")
        await conn.execute(
            "INSERT INTO interactions (person_id, stream_session_id, type, occurred_at, source) "
            "SELECT p.id, s.id, 'TIP', %s, 'cb_events' FROM persons p, stream_sessions s",
            (last_tip,),
        )
    settings = settings_for(sim, database_url, statbate_api_token=None)
    stop = StopSignal(grace_seconds=3)

    async with anyio.create_task_group() as tg:
        tg.start_soon(partial(run_worker, settings, tuning=FAST, stop=stop, handle_signals=False))
        await until(pool, "SELECT status FROM stream_sessions", "ENDED")
        stop.request()

    assert await scalar(pool, "SELECT ended_at FROM stream_sessions") == last_tip
