"""Fixtures the integration tests share: a unit of work, the app, and what HTTP clients need."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from psycopg_pool import AsyncConnectionPool
from tests.fakes import EVENING, FakeFailureLog, ManualClock
from tests.integration.http_app import Api, open_api
from tests.timing import FakeTime

from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.adapters.resilience import build_http_client


@pytest.fixture
async def uow(pool: AsyncConnectionPool) -> AsyncIterator[PostgresUnitOfWork]:
    async with PostgresUnitOfWork(pool) as opened:
        yield opened


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Api]:
    async with open_api(database_url) as opened:
        yield opened


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with build_http_client(timeout=2.0, connect_timeout=2.0) as client:
        yield client


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def failures() -> FakeFailureLog:
    # The tests read what was recorded, never when: any fixed moment will do.
    return FakeFailureLog(ManualClock(EVENING))
