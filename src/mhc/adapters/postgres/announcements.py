"""The Announcements port on PostgreSQL: triggers NOTIFY (see the migration
notify_the_worker.sql), and one listening connection per process hears every topic."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio

from mhc.adapters.postgres.listener import SharedListener, Subscription
from mhc.ports.announcements import Bell, Topic
from mhc.ports.radar import LiveFeedUnavailable

log = logging.getLogger("mhc.announcements")

CHANNELS = {
    Topic.BACKFILL_QUEUED: "mhc_backfills",
    Topic.CONNECTION_CHANGED: "mhc_connections",
}


class PostgresAnnouncements:
    def __init__(self, database_url: str) -> None:
        self._listener = SharedListener(database_url, tuple(CHANNELS.values()))

    @asynccontextmanager
    async def listen(self, topic: Topic) -> AsyncIterator[Bell]:
        bell = _Bell(self._listener, CHANNELS[topic])
        await bell.subscribe()
        try:
            yield bell
        finally:
            with anyio.CancelScope(shield=True):
                await bell.unsubscribe()


class _Bell:
    """A subscription to one channel, taken again after the listening connection is lost."""

    def __init__(self, listener: SharedListener, channel: str) -> None:
        self._listener = listener
        self._channel = channel
        self._subscription: Subscription | None = None

    async def subscribe(self) -> bool:
        """Whether the channel is heard now."""
        if self._subscription is None:
            try:
                self._subscription = await self._listener.subscribe((self._channel,))
            except LiveFeedUnavailable as exc:
                log.debug("%s not heard for now: %s", self._channel, exc)
                return False
        return True

    async def unsubscribe(self) -> None:
        if self._subscription is not None:
            await self._listener.unsubscribe(self._subscription)
            self._subscription = None

    async def wait(self, seconds: float) -> bool:
        if self._subscription is None:
            if await self.subscribe():
                return True
            await anyio.sleep(seconds)
            return False
        try:
            return await self._subscription.wait(seconds)
        except LiveFeedUnavailable as exc:
            log.debug("%s no longer heard: %s", self._channel, exc)
            self._subscription = None
            return True
