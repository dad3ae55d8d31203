"""A statement under way when its work is cut short: a live stream ends (the process stops, the
owner logs out), the worker is asked to stop, bookkeeping outlasts its bound, or the work a task
ran beside ends. The statement is cancelled once, cleanly, in the server, and its pooled
connection kept (a cancel scope would cancel psycopg's clean-up again at its every await, and
the connection would be closed and discarded)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence

import pytest
from psycopg_pool import AsyncConnectionPool
from tests.timing import wait_until

from mhc.adapters.http.streams import StreamGuard, StreamSlots, guarded
from mhc.domain.contracts.findings import DriftKind, DriftObservation
from mhc.entrypoints.stop import StopSignal
from mhc.services.cancel_once import SideTasks
from mhc.services.drift import ContractDriftReporter

SLEEPING = "SELECT pg_sleep(30) -- a statement cut short"


async def running(pool: AsyncConnectionPool) -> bool:
    async with pool.connection() as connection:
        rows = await connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE query = %s AND state = 'active'",
            (SLEEPING,),
        )
        found = await rows.fetchone()
        return found is not None and found[0] == 1


async def cut_short(
    pool: AsyncConnectionPool,
    caplog: pytest.LogCaptureFixture,
    work: Callable[[], Awaitable[None]],
    cut: Callable[[], None] | None = None,
) -> None:
    """Run `work` until its statement runs, `cut` it (or let it run out of time), and check
    the statement ended cleanly."""
    with caplog.at_level(logging.WARNING, logger="psycopg"):
        working = asyncio.create_task(work())
        await wait_until(lambda: running(pool), what="the statement to run")
        if cut is not None:
            cut()
        await asyncio.wait_for(working, 10)

    gave_up = [r.getMessage() for r in caplog.records if r.name.startswith("psycopg")]
    assert not gave_up, "psycopg had to give up"
    stats = pool.get_stats()
    assert stats.get("connections_lost", 0) == 0, stats
    assert not await running(pool)


async def test_a_stream_ended_mid_read_cancels_the_query_once_and_keeps_its_connection(
    pool: AsyncConnectionPool, caplog: pytest.LogCaptureFixture
) -> None:
    async def items() -> AsyncGenerator[str, None]:
        while True:
            async with pool.connection() as connection:
                await connection.execute(SLEEPING)
            yield "an item"

    async def always_valid() -> bool:
        return True

    shutting_down = asyncio.Event()
    guard = StreamGuard(
        shutting_down=shutting_down, changes=asyncio.Event, still_valid=always_valid
    )
    sent: list[str] = []

    async def stream() -> None:
        async for item in guarded(items(), guard, StreamSlots()):
            sent.append(item)

    await cut_short(pool, caplog, stream, shutting_down.set)

    assert sent == []


async def test_a_worker_stop_mid_statement_cancels_it_once_and_keeps_its_connection(
    pool: AsyncConnectionPool, caplog: pytest.LogCaptureFixture
) -> None:
    stop = StopSignal(grace_seconds=5)
    reached_the_end = False

    async def work() -> None:
        nonlocal reached_the_end
        async with stop.interruptible():
            async with pool.connection() as connection:
                await connection.execute(SLEEPING)
            reached_the_end = True

    await cut_short(pool, caplog, work, stop.request)

    assert not reached_the_end


async def test_bookkeeping_that_outlasts_its_bound_cancels_its_statement_once_and_keeps_it(
    pool: AsyncConnectionPool, caplog: pytest.LogCaptureFixture
) -> None:
    class SlowDriftLog:
        async def record(self, observations: Sequence[DriftObservation]) -> None:
            async with pool.connection() as connection:
                await connection.execute(SLEEPING)

    reporter = ContractDriftReporter(SlowDriftLog(), record_within=0.5)
    observation = DriftObservation(
        service="statbate",
        endpoint="GET /members",
        kind=DriftKind.UNKNOWN_FIELD,
        subject="rank_change",
        detail="a field the contract does not name",
        count=1,
        example=None,
    )

    with caplog.at_level(logging.WARNING, logger="mhc.drift"):
        await cut_short(pool, caplog, lambda: reporter.record([observation]))

    assert "drift not recorded: the drift log took longer than" in caplog.text


async def test_a_task_mid_statement_when_the_work_it_ran_beside_ends_cancels_it_once(
    pool: AsyncConnectionPool, caplog: pytest.LogCaptureFixture
) -> None:
    done = asyncio.Event()

    async def heartbeat() -> None:
        while True:
            async with pool.connection() as connection:
                await connection.execute(SLEEPING)

    async def work() -> None:
        async with SideTasks() as beside:
            beside.start_soon(heartbeat)
            await done.wait()

    await cut_short(pool, caplog, work, done.set)
