"""The Stats API's view of the room applied to sessions on PostgreSQL (missed broadcastStart)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.ingestion import PostgresIngestionStore
from mhc.domain.events import SessionChange
from mhc.services.ingestion import reconcile_with_stats

OWNER = "hudson_cage"
NOW = datetime(2026, 1, 5, 21, 0, 7, 123456, tzinfo=UTC)


async def test_online_report_starts_one_session_when_no_event_started_it(
    pool: AsyncConnectionPool,
) -> None:
    store = PostgresIngestionStore(pool)

    first = await reconcile_with_stats(store, broadcaster=OWNER, online_minutes=42, now=NOW)
    again = await reconcile_with_stats(
        store, broadcaster=OWNER, online_minutes=47, now=NOW + timedelta(minutes=5)
    )

    assert first is not None
    assert first.change is SessionChange.START
    assert first.at == NOW - timedelta(minutes=42)
    assert again is None
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT id, started_at, status FROM stream_sessions")
        assert await cur.fetchall() == [(first.session_id, first.at, "LIVE")]
