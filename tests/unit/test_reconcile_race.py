"""The Stats API check and the Events API ingestion race at a worker's start: when the
broadcastStart event's session lands first, the check must not claim it found a missed start."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from mhc.ports.ingestion import LiveSession
from mhc.services.ingestion import reconcile_with_stats

OWNER = "hudson_cage"
NOW = datetime(2026, 1, 5, 21, 0, tzinfo=UTC)
STARTED_BY_EVENT = LiveSession(id=1, started_at=NOW - timedelta(seconds=2))


class RacedBatch:
    """A transaction that read no LIVE session, while another one then started it."""

    committed = False

    async def live_session(self, broadcaster: str) -> LiveSession | None:
        return None

    async def last_session_end(self, broadcaster: str) -> datetime | None:
        return None

    async def start_session(self, broadcaster: str, started_at: datetime) -> LiveSession:
        # What the database answers: the LIVE session already there (one per broadcaster).
        return STARTED_BY_EVENT

    async def commit(self) -> None:
        self.committed = True


class RacedStore:
    def __init__(self) -> None:
        self.tx = RacedBatch()

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[RacedBatch]:
        yield self.tx


async def test_online_report_changes_nothing_when_the_events_session_started_meanwhile() -> None:
    store = RacedStore()

    change = await reconcile_with_stats(
        store,
        broadcaster=OWNER,
        online_minutes=0,
        now=NOW,
    )

    assert change is None
    assert not store.tx.committed
