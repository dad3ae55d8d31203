"""PostgresFailureLog: the api_failures log outlives the business transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from psycopg_pool import AsyncConnectionPool
from tests.integration.viewers import insert_viewer

from mhc.adapters.postgres.failures import PostgresFailureLog
from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.models import NewApiFailure, Platform

MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _failure(endpoint: str, status: int | None = 503) -> NewApiFailure:
    return NewApiFailure(
        service="statbate", endpoint=endpoint, status=status, message="upstream unavailable"
    )


async def _lookup_that_fails_after_recording(
    pool: AsyncConnectionPool, log: PostgresFailureLog
) -> None:
    async with PostgresUnitOfWork(pool) as uow:
        await insert_viewer(uow, "big_tipper_77", MONDAY)
        await log.record(_failure("/members/chaturbate/big_tipper_77/info"))
        raise RuntimeError("lookup failed")


async def test_recent_lists_newest_first_when_several_were_recorded(
    pool: AsyncConnectionPool,
) -> None:
    log = PostgresFailureLog(pool)
    await log.record(_failure("/members/chaturbate/big_tipper_77/info"))
    await log.record(_failure("/model/chaturbate/hudson_cage/info", status=None))

    recent = await log.recent()

    assert [(f.endpoint, f.status) for f in recent] == [
        ("/model/chaturbate/hudson_cage/info", None),
        ("/members/chaturbate/big_tipper_77/info", 503),
    ]
    assert recent[0].service == "statbate"
    assert recent[0].message == "upstream unavailable"
    assert recent[0].occurred_at >= recent[1].occurred_at


async def test_recent_pages_when_limit_and_offset_are_given(pool: AsyncConnectionPool) -> None:
    log = PostgresFailureLog(pool)
    for number in range(4):
        await log.record(_failure(f"/attempt/{number}"))

    page = await log.recent(limit=2, offset=1)

    assert [f.endpoint for f in page] == ["/attempt/2", "/attempt/1"]


async def test_failure_is_kept_when_the_business_transaction_rolls_back(
    pool: AsyncConnectionPool,
) -> None:
    log = PostgresFailureLog(pool)

    with pytest.raises(RuntimeError, match="lookup failed"):
        await _lookup_that_fails_after_recording(pool, log)

    assert [f.endpoint for f in await log.recent()] == ["/members/chaturbate/big_tipper_77/info"]
    async with PostgresUnitOfWork(pool) as uow:
        assert await uow.people.find_by_username("big_tipper_77", Platform.CHATURBATE) is None
