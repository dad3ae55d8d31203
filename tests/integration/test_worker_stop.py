"""The worker's stop while a statement runs: the stop cancels the statement once, so it is
cancelled in the server and its pooled connection kept (a cancel scope would cancel psycopg's
clean-up again at its every await, and the connection would be closed and discarded)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from psycopg_pool import AsyncConnectionPool
from tests.timing import wait_until

from mhc.entrypoints.stop import StopSignal

SLEEPING = "SELECT pg_sleep(30) -- a statement the stop cuts short"


async def statement_running(pool: AsyncConnectionPool) -> bool:
    async with pool.connection() as connection:
        rows = await connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE query = %s AND state = 'active'",
            (SLEEPING,),
        )
        found = await rows.fetchone()
        return found is not None and found[0] == 1


async def test_a_stop_mid_statement_cancels_it_once_and_keeps_its_connection(
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

    with caplog.at_level(logging.WARNING, logger="psycopg"):
        working = asyncio.create_task(work())
        await wait_until(lambda: statement_running(pool), what="the statement to run")
        stop.request()
        await asyncio.wait_for(working, 10)

    assert not reached_the_end
    assert not [record.getMessage() for record in caplog.records], "psycopg had to give up"
    stats = pool.get_stats()
    assert stats.get("connections_lost", 0) == 0, stats
    assert not await statement_running(pool)


async def test_a_block_entered_after_the_stop_ends_at_its_first_wait() -> None:
    stop = StopSignal(grace_seconds=5)
    stop.request()
    reached_the_end = False

    async with stop.interruptible():
        await asyncio.sleep(30)
        reached_the_end = True

    assert not reached_the_end
