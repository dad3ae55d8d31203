"""A live stream ended while it reads its next item from the database (the process stops, the
owner logs out): the read's query is cancelled once, cleanly, and its pooled connection kept."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator

import pytest
from psycopg_pool import AsyncConnectionPool
from tests.timing import wait_until

from mhc.adapters.http.streams import StreamGuard, StreamSlots, guarded

SLEEPING = "SELECT pg_sleep(30) -- the stream's read"


async def test_a_stream_ended_mid_read_cancels_the_query_once_and_keeps_its_connection(
    pool: AsyncConnectionPool, caplog: pytest.LogCaptureFixture
) -> None:
    async def items() -> AsyncGenerator[str, None]:
        while True:
            async with pool.connection() as connection:
                await connection.execute(SLEEPING)
            yield "an item"

    async def reading() -> bool:
        async with pool.connection() as connection:
            rows = await connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE query = %s AND state = 'active'",
                (SLEEPING,),
            )
            found = await rows.fetchone()
            return found is not None and found[0] == 1

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

    with caplog.at_level(logging.WARNING, logger="psycopg"):
        streaming = asyncio.create_task(stream())
        await wait_until(reading, what="the stream's query to be running")
        shutting_down.set()
        await asyncio.wait_for(streaming, 10)

    assert sent == []
    assert not [record.getMessage() for record in caplog.records], "psycopg had to give up"
    stats = pool.get_stats()
    assert stats.get("connections_lost", 0) == 0, stats
    assert not await reading()
