"""Ports of the live Events API ingestion: the feed, the bulk store, heartbeats, leases, jobs,
and the process's stop signal as the ingestor sees it.

The bulk store is a port of its own, beside the unit of work, because the worker's hot path
needs set-at-a-time writes: one transaction stores a whole longpoll batch (persons found or
created by username, interactions, session starts and stops) together with the new cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any, Protocol

import msgspec

from mhc.domain.contracts.findings import Finding
from mhc.domain.errors import Conflict
from mhc.domain.models import InteractionType, JsonObject, Role, WorkerHeartbeat


class CursorMoved(Conflict):
    """Another worker advanced the cursor since this one read it: this one must stand by."""


class EventsCursor(msgspec.Struct, frozen=True, kw_only=True):
    """Where the feed resumes: the `i` and `timeout` of the last nextUrl, never its token."""

    last_event_id: str | None = None
    timeout_seconds: int = 10


class FeedPage(msgspec.Struct, frozen=True, kw_only=True):
    """One longpoll answer: the raw events, in order, and the cursor that follows them.

    `drift` holds how the answer around the events differed from the contract (each event is
    checked as it is parsed). `requested_at` is when the poll was sent: from then until
    `received_at` the panel was listening.
    """

    events: list[Any]
    next_cursor: EventsCursor
    received_at: datetime
    drift: tuple[Finding, ...] = ()
    requested_at: datetime | None = None


class EventsFeed(Protocol):
    """The Events API longpoll of the configured broadcaster."""

    async def poll(self, cursor: EventsCursor) -> FeedPage:
        """Wait for the next events after `cursor` (an empty page when the hold times out).

        Raises ExternalAuthError for a refused token, RateLimited for 429 and
        ExternalServiceError for anything else that went wrong; it never retries by itself.
        """
        ...


class EventRow(msgspec.Struct, frozen=True, kw_only=True):
    """One event as the bulk store writes it: the person by name, the interaction, its session."""

    event_id: str
    username: str
    role: Role
    is_excluded: bool
    type: InteractionType
    content: str | None
    occurred_at: datetime
    metadata: JsonObject
    stream_session_id: int | None


class LiveSession(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    started_at: datetime


class IngestionBatch(Protocol):
    """One transaction of the bulk store; leaving it without `commit()` rolls everything back."""

    async def live_session(self, broadcaster: str) -> LiveSession | None: ...

    async def start_session(self, broadcaster: str, started_at: datetime) -> LiveSession:
        """Start a LIVE session, or return the one already LIVE (never a second)."""
        ...

    async def end_session(self, session_id: int, ended_at: datetime) -> None:
        """End a LIVE session, never before it started; a session already ended stays as is."""
        ...

    async def last_session_end(self, broadcaster: str) -> datetime | None:
        """When the broadcaster's most recently ended session ended."""
        ...

    async def last_event_at(self, session_id: int) -> datetime | None:
        """When the newest interaction linked to the session happened."""
        ...

    async def stored_event_ids(self, event_ids: Sequence[str]) -> set[str]:
        """Which of these Events API ids are stored already."""
        ...

    async def store_events(self, rows: Sequence[EventRow]) -> int:
        """Find or create every person by username (alias-aware, exclusion applied), then
        insert the interactions; an id stored before is skipped. Returns how many were new."""
        ...

    async def advance_cursor(
        self, broadcaster: str, *, expected: EventsCursor | None, new: EventsCursor
    ) -> None:
        """Save `new` if the stored cursor is still `expected`; CursorMoved otherwise."""
        ...

    async def commit(self) -> None: ...


class IngestionStore(Protocol):
    def batch(self) -> AbstractAsyncContextManager[IngestionBatch]:
        """Open a transaction; StoreUnavailable when the database cannot be reached."""
        ...

    async def load_cursor(self, broadcaster: str) -> EventsCursor | None: ...


class HeartbeatStore(Protocol):
    """The worker's health row, written by the worker and read by the web side and the CLI."""

    async def beat(
        self,
        *,
        worker_id: str,
        broadcaster: str,
        last_poll_at: datetime | None,
        last_event_at: datetime | None,
        lag_seconds: float | None,
        last_error: str | None,
    ) -> None: ...

    async def latest(self, broadcaster: str) -> WorkerHeartbeat | None:
        """The most recently written heartbeat of the broadcaster's worker."""
        ...


class Lease(Protocol):
    """An exclusive claim held for as long as its database session lives."""

    async def still_held(self) -> bool:
        """False once the session holding the claim is gone (a database restart)."""
        ...

    async def release(self) -> None: ...


class Leases(Protocol):
    async def try_acquire(self, name: str) -> Lease | None:
        """Take the claim called `name` if nobody holds it; None when another process does."""
        ...


class StopRequest(Protocol):
    """The process's stop signal: a stop cuts polls and sleeps short, and gives a commit under
    way its grace to finish."""

    @property
    def requested(self) -> bool: ...

    def grace_left(self) -> float | None:
        """Seconds left to finish the work in hand; None while no stop was requested."""
        ...

    def interruptible(self) -> AbstractAsyncContextManager[None]:
        """A block that a stop request cancels, once (at once if one came already): a loop in
        it checks `requested` at every turn, in case what it awaited caught the cancellation."""
        ...

    def graced(self) -> AbstractAsyncContextManager[None]:
        """A block that a stop request leaves to finish within the grace: cancelled once if it
        still runs when the grace runs out (ends at once when the grace has run out already)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Sleep, unless a stop comes first."""
        ...


class JobRuns(Protocol):
    """Scheduled jobs shared by every worker process: each due run is claimed by exactly one."""

    def claim(self, name: str, every: timedelta) -> AbstractAsyncContextManager[bool]:
        """Yield True when the job is due and this process now runs it (no other process can
        until the block ends), else False. Leaving the block records the outcome and makes the
        job due again `every` later, whether it succeeded or raised."""
        ...
