"""A statement under way when its work is cut short: a live stream ends (the process stops, the
owner logs out) or the worker is asked to stop. The statement is cancelled once, cleanly, in the
server, and its pooled connection kept (a cancel scope would cancel psycopg's clean-up again at
its every await, and the connection would be closed and discarded)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable

import pytest
from psycopg_pool import AsyncConnectionPool
from tests.timing import wait_until

from mhc.adapters.http.streams import StreamGuard, StreamSlots, guarded
from mhc.entrypoints.stop import StopSignal

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
    cut: Callable[[], None],
) -> None:
    """Run `work` until its statement runs, `cut` it, and check the statement ended cleanly."""
    with caplog.at_level(logging.WARNING, logger="psycopg"):
        working = asyncio.create_task(work())
        await wait_until(lambda: running(pool), what="the statement to run")
        cut()
        await asyncio.wait_for(working, 10)

    assert not [record.getMessage() for record in caplog.records], "psycopg had to give up"
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


async def test_a_block_entered_after_the_stop_ends_at_its_first_wait() -> None:
    stop = StopSignal(grace_seconds=5)
    stop.request()
    reached_the_end = False

    async with stop.interruptible():
        await asyncio.sleep(30)
        reached_the_end = True

    assert not reached_the_end
