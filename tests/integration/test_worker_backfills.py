"""The worker's backfill queue, composed as `mhc worker` composes it: a backfill the panel
queued runs once however many workers share the database, a row whose process died is ended as
failed, and live ingestion plus the tip history count every tip of the room once."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

import anyio
import pytest
from psycopg_pool import AsyncConnectionPool
from tests.timing import WAIT_SECONDS, wait_until

from mhc.domain.backfills import Backfill, BackfillKind, BackfillRequest
from mhc.domain.retry import RetryPolicy
from mhc.entrypoints.container import Container
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.stop import StopSignal
from mhc.entrypoints.worker import WorkerTuning, run_worker
from mhc.services.backfills import BackfillService
from mhc.simulator import STATBATE, Simulator, SimulatorConfig, run_simulator_async

OWNER = "hudson_cage"
START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
FAST = WorkerTuning(
    retry=RetryPolicy(base_delay=0.05, max_delay=0.2),
    standby_seconds=0.1,
    heartbeat_seconds=0.2,
    scheduler_tick_seconds=0.1,
    backfill_poll_seconds=0.05,
    shutdown_grace_seconds=3.0,
)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with run_simulator_async(SimulatorConfig(seed=9, start_time=START)) as running:
        yield running


def settings_for(sim: Simulator, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "run_mode": "worker",
        "broadcaster": OWNER,
        "statbate_api_token": sim.config.statbate_token,
        "statbate_api_base_url": sim.statbate_api_base_url,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def panel(settings: Settings) -> AsyncIterator[BackfillService]:
    """The backfills as the web process holds them, to queue from the panel's side."""
    async with open_container(settings) as container:
        yield container.backfills()


@asynccontextmanager
async def workers(
    settings: Settings, count: int, tuning: WorkerTuning = FAST
) -> AsyncIterator[None]:
    stops = [StopSignal(grace_seconds=3) for _ in range(count)]
    async with anyio.create_task_group() as tg:
        for stop in stops:
            tg.start_soon(
                partial(
                    run_worker,
                    settings,
                    container=Container(settings=settings),
                    tuning=tuning,
                    stop=stop,
                    handle_signals=False,
                )
            )
        yield
        for stop in stops:
            stop.request()


async def scalar(pool: AsyncConnectionPool, sql: str, *params: Any) -> Any:
    async with pool.connection() as conn:
        row = await (await conn.execute(sql, params)).fetchone()
    assert row is not None
    return row[0]


async def statuses_until(
    backfills: BackfillService, backfill: Backfill, final: str, *, within: float = WAIT_SECONDS
) -> list[str]:
    """Every status the row showed while polling, up to `final` (within `within` seconds)."""
    seen: list[str] = []
    deadline = time.monotonic() + within
    while True:
        status = (await backfills.get(backfill.id)).status.value
        if not seen or seen[-1] != status:
            seen.append(status)
        if status == final:
            return seen
        if time.monotonic() > deadline:
            raise AssertionError(f"backfill {backfill.id} never became {final}: {seen}")
        await anyio.sleep(0.02)


def known_members(sim: Simulator) -> Sequence[str]:
    return sorted(n for n, v in sim.world.viewers.items() if v.known_to_statbate and v.tips)[:20]


async def test_queued_backfill_runs_once_when_two_workers_share_the_queue(
    pool: AsyncConnectionPool, database_url: str, sim: Simulator
) -> None:
    settings = settings_for(sim, database_url)
    names = known_members(sim)
    # Slow enough answers that the row is seen running.
    sim.set_faults(latency=0.3, routes=frozenset({STATBATE}))
    async with panel(settings) as backfills:
        queued = await backfills.queue(
            BackfillRequest(kind=BackfillKind.STATBATE_SNAPSHOTS, usernames=tuple(names))
        )
        async with workers(settings, 2):
            seen = await statuses_until(backfills, queued, "done")
        finished = await backfills.get(queued.id)

    assert seen == ["queued", "running", "done"]
    assert (finished.total, finished.done, finished.failed) == (len(names), len(names), 0)
    assert finished.worker_id is not None
    batches = [r for r in sim.requests(STATBATE) if r.method == "POST"]
    assert len(batches) == 1
    snapshots = await scalar(
        pool, "SELECT count(*) FROM snapshots WHERE source = 'statbate_member'"
    )
    assert snapshots == len(names)


async def test_an_idle_worker_starts_a_backfill_as_soon_as_the_panel_queues_it(
    database_url: str, sim: Simulator
) -> None:
    settings = settings_for(sim, database_url)
    request = BackfillRequest(kind=BackfillKind.STATBATE_SNAPSHOTS, usernames=("night_owl_3",))
    # The worker looks at the queue when it starts, then once an hour: once it has run the
    # first backfill, only the panel's announcement can start the second.
    hourly = replace(FAST, backfill_poll_seconds=3600.0)
    async with panel(settings) as backfills, workers(settings, 1, hourly):
        await statuses_until(backfills, await backfills.queue(request), "done")
        await statuses_until(backfills, await backfills.queue(request), "done")


async def test_worker_ends_a_running_backfill_as_failed_when_its_process_stopped_answering(
    pool: AsyncConnectionPool, database_url: str, sim: Simulator
) -> None:
    settings = settings_for(sim, database_url)
    async with panel(settings) as backfills:
        orphan = await backfills.start(
            BackfillRequest(kind=BackfillKind.TIP_HISTORY), worker_id="cli@gone:41"
        )
        async with pool.connection() as conn:
            await conn.execute(
                "UPDATE backfills SET updated_at = now() - interval '10 minutes' WHERE id = %s",
                (orphan.id,),
            )
        async with workers(settings, 1):
            await statuses_until(backfills, orphan, "failed")
        failed = await backfills.get(orphan.id)
    assert failed.last_error is not None
    assert "stopped" in failed.last_error
    assert [r for r in sim.requests(STATBATE) if "/tips" in r.path] == []


async def test_every_room_tip_counts_once_when_the_worker_records_live_and_backfills_the_rest(
    pool: AsyncConnectionPool, database_url: str, sim: Simulator
) -> None:
    settings = settings_for(
        sim,
        database_url,
        cb_events_token=sim.config.events_token,
        cb_events_base_url=sim.base_url,
    )
    # The first long poll replays only the latest events: the older ones are history.
    sim.emit(300)
    replayed = sim.config.replay_count
    async with panel(settings) as backfills, workers(settings, 1):
        live = "SELECT count(*) FROM interactions WHERE source = 'cb_events'"

        async def replay_stored() -> bool:
            return bool(await scalar(pool, live) == replayed)

        await wait_until(replay_stored, what="the replayed events")
        queued = await backfills.queue(BackfillRequest(kind=BackfillKind.TIP_HISTORY))
        await statuses_until(backfills, queued, "done")

    room_tips = sim.world.room_tips()
    counted = await scalar(
        pool,
        "SELECT array[count(*), sum((metadata ->> 'tokens')::int)] FROM interactions "
        "WHERE type = 'TIP'",
    )
    assert counted == [len(room_tips), sum(tip.tokens for tip in room_tips)]
    live_tips = await scalar(
        pool, "SELECT count(*) FROM interactions WHERE type = 'TIP' AND source = 'cb_events'"
    )
    assert 0 < live_tips < len(room_tips)


async def test_worker_stops_between_chunks_and_keeps_what_it_did_when_the_panel_cancels(
    pool: AsyncConnectionPool, database_url: str, sim: Simulator
) -> None:
    settings = settings_for(sim, database_url)
    names = [*known_members(sim), *(f"quiet_viewer_{n}" for n in range(980))]
    # Ten chunks of a hundred names, each call slow enough to cancel between them.
    sim.set_faults(latency=0.3, routes=frozenset({STATBATE}))
    async with panel(settings) as backfills:
        queued = await backfills.queue(
            BackfillRequest(kind=BackfillKind.STATBATE_SNAPSHOTS, usernames=tuple(names))
        )
        async with workers(settings, 1):

            async def one_chunk_done() -> bool:
                return (await backfills.get(queued.id)).done > 0

            await wait_until(one_chunk_done, every=0.02, what="the first chunk")
            asked = await backfills.cancel(queued.id)
            seen = await statuses_until(backfills, queued, "cancelled")
            cancelled = await backfills.get(queued.id)
            # Long enough for one more chunk, had the worker gone on.
            await anyio.sleep(0.6)
            batches = [r for r in sim.requests(STATBATE) if r.method == "POST"]
        snapshots = await scalar(
            pool, "SELECT count(*) FROM snapshots WHERE source = 'statbate_member'"
        )

    assert (asked.status.value, seen) == ("running", ["running", "cancelled"])
    assert cancelled.last_error == "cancelled from the panel"
    assert cancelled.total == 1000
    assert 0 < cancelled.done < 1000
    assert cancelled.failed == 0
    assert len(batches) * 100 == cancelled.done
    assert snapshots == cancelled.summary["captured"] == len(known_members(sim))
    assert cancelled.summary["captured"] + cancelled.summary["not_found"] == cancelled.done
