"""A LISTEN connection shared by everything in the process that waits on its channels (the
radar's streams, the alerts' streams, the worker's queues: one connection each, however many
wait).

The connection is opened outside the pool (a wait may last hours, which would starve the pool)
when the first subscriber comes and closed when the last one goes, in autocommit so that a
notification arrives as soon as the statement that sent it commits. Its reader wakes every
subscriber that hears the notification's channel; a lost connection fails every subscription
(each subscribes again, to a new connection).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from typing import Any

import anyio
import psycopg
from psycopg import AsyncConnection, sql
from psycopg_pool import PoolTimeout

from mhc.ports.radar import LiveFeedUnavailable

# How long opening a listening connection or borrowing a pooled one may take before the
# database counts as unreachable (the waiter then retries).
CONNECT_TIMEOUT_SECONDS = 5
# Lost connections, shut-down servers and exhausted pools: the waiter retries.
RETRYABLE = (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout)


def unavailable(exc: Exception) -> LiveFeedUnavailable:
    if isinstance(exc, PoolTimeout):
        return LiveFeedUnavailable("the database did not hand out a connection in time")
    return LiveFeedUnavailable(f"the database is unreachable ({type(exc).__name__})")


def _ids(payload: str) -> list[int]:
    """The ids a notification names (comma-separated)."""
    return [int(part) for part in payload.split(",") if part.isdigit()]


class Subscription:
    """One waiter's share of the process's listening connection."""

    def __init__(self, channels: Collection[str]) -> None:
        self.channels = frozenset(channels)
        self._woken = asyncio.Event()
        self._ids: set[int] = set()
        self.failure: LiveFeedUnavailable | None = None

    def wake(self, ids: Collection[int] = ()) -> None:
        self._ids.update(ids)
        self._woken.set()

    def fail(self, failure: LiveFeedUnavailable) -> None:
        self.failure = failure
        self._woken.set()

    async def wait(self, seconds: float) -> bool:
        with anyio.move_on_after(seconds):
            await self._woken.wait()
        if self.failure is not None:
            raise self.failure
        woken = self._woken.is_set()
        # Announcements while the waiter was busy are kept: the next wait ends at once, and
        # the waiter finds what they announced (or nothing).
        self._woken.clear()
        return woken

    def changed_cards(self) -> set[int]:
        """The ids the announcements since the last call named (the radar's changed cards)."""
        changed, self._ids = self._ids, set()
        return changed


class SharedListener:
    """The one connection of the process that LISTENs to `channels`, opened for the first
    subscriber and closed after the last. The payloads of `ids_channel` name ids, which each
    subscriber collects."""

    def __init__(
        self, database_url: str, channels: Sequence[str], *, ids_channel: str | None = None
    ) -> None:
        self._database_url = database_url
        self._channels = channels
        self._ids_channel = ids_channel
        self._subscribers: set[Subscription] = set()
        self._conn: AsyncConnection[Any] | None = None
        self._reader: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        # Counts the notifications received: a read that starts after notification n sees
        # what the statement it announces committed.
        self.generation = 0

    @property
    def connections(self) -> int:
        return 0 if self._conn is None else 1

    @asynccontextmanager
    async def listen(self, channels: Collection[str] | None = None) -> AsyncIterator[Subscription]:
        """A subscription to `channels` (every channel by default) for the duration of the
        block."""
        subscription = await self.subscribe(channels)
        try:
            yield subscription
        finally:
            with anyio.CancelScope(shield=True):
                await self.unsubscribe(subscription)

    async def subscribe(self, channels: Collection[str] | None = None) -> Subscription:
        """A subscription to `channels` (every channel by default); LiveFeedUnavailable when
        the database cannot be reached."""
        async with self._lock:
            if self._conn is None:
                self._conn = await self._connect()
                self._reader = asyncio.create_task(self._read(self._conn))
            subscription = Subscription(self._channels if channels is None else channels)
            self._subscribers.add(subscription)
            return subscription

    async def unsubscribe(self, subscription: Subscription) -> None:
        async with self._lock:
            self._subscribers.discard(subscription)
            if not self._subscribers:
                await self._close()

    async def _connect(self) -> AsyncConnection[Any]:
        try:
            conn = await AsyncConnection.connect(
                self._database_url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
            )
        except RETRYABLE as exc:
            raise unavailable(exc) from None
        try:
            for channel in self._channels:
                await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except RETRYABLE as exc:
            await conn.close()
            raise unavailable(exc) from None
        return conn

    async def _read(self, conn: AsyncConnection[Any]) -> None:
        try:
            async for note in conn.notifies():
                self.generation += 1
                ids = _ids(note.payload) if note.channel == self._ids_channel else ()
                for subscriber in list(self._subscribers):
                    if note.channel in subscriber.channels:
                        subscriber.wake(ids)
        except RETRYABLE as exc:
            failure = unavailable(exc)
        else:
            failure = LiveFeedUnavailable("the database closed the listening connection")
        # Every waiter learns at its next wait and subscribes again (to a new connection).
        for subscriber in list(self._subscribers):
            subscriber.fail(failure)
        self._subscribers.clear()
        if self._conn is conn:
            self._conn, self._reader = None, None
        with anyio.CancelScope(shield=True):
            await conn.close()

    async def _close(self) -> None:
        conn, reader = self._conn, self._reader
        self._conn, self._reader = None, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        if conn is not None:
            # Closing does not wait on the server, so it also runs while a waiter is cancelled.
            with anyio.CancelScope(shield=True):
                await conn.close()
