"""Ports of the backfills: their rows and progress, and what the tip history must not double."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Protocol

from mhc.domain.backfills import Backfill, BackfillPage, BackfillStatus, NewBackfill


class BackfillStore(Protocol):
    """The backfills table. Every write commits at once, outside any business transaction, so
    the panel sees progress while the work goes on and a rolled-back page keeps its count.

    Progress and finishing only change a row that is running: a run that was given up on (its
    process looked dead) cannot come back to life by writing late.
    """

    async def create(self, backfill: NewBackfill) -> Backfill: ...

    async def claim_queued(self, worker_id: str) -> Backfill | None:
        """The oldest queued backfill, now running for `worker_id`; None when none is queued.

        Several workers may claim at once: each row goes to one of them (SKIP LOCKED).
        """
        ...

    async def record_progress(
        self,
        backfill_id: int,
        *,
        total: int | None,
        done: int,
        failed: int,
        summary: Mapping[str, int],
        last_error: str | None,
    ) -> bool:
        """True when the owner has asked for the run to be cancelled."""
        ...

    async def finish(
        self,
        backfill_id: int,
        *,
        status: BackfillStatus,
        total: int | None,
        done: int,
        failed: int,
        summary: Mapping[str, int],
        last_error: str | None,
    ) -> Backfill:
        """The row after it ended (unchanged when it was not running any more)."""
        ...

    async def touch(self, backfill_id: int) -> None:
        """Note that the running row's process is alive although it has nothing new to say."""
        ...

    async def requeue(self, backfill_id: int) -> None:
        """Give a running row back to the queue, its progress reset (its worker is stopping);
        a row whose cancel was requested stays running, to be cancelled."""
        ...

    async def cancel(self, backfill_id: int, reason: str) -> None:
        """End a running row as cancelled, keeping the progress it last recorded."""
        ...

    async def request_cancel(self, backfill_id: int, queued_reason: str) -> Backfill | None:
        """The owner's cancel: a queued row ends cancelled (`queued_reason` its last error), a
        running one notes when it was asked; the row after it, None when it was not open."""
        ...

    async def fail_stale(self, older_than: timedelta, reason: str) -> list[int]:
        """End as failed every running row nobody has touched for `older_than`; their ids."""
        ...

    async def get(self, backfill_id: int) -> Backfill | None: ...

    async def page(self, *, limit: int, offset: int) -> BackfillPage:
        """Newest first."""
        ...


class RoomHistory(Protocol):
    """What the panel recorded of a room itself, which a backfill must not count twice."""

    async def live_history_start(self, room: str) -> datetime | None:
        """When the first interaction of `room` the Events API delivered happened; None when
        the worker has recorded nothing of the room yet."""
        ...
