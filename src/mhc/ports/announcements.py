"""What the panel announces to the worker, so that a loop which polls for work hears of it at
once rather than at its next poll. Announcements are hints: the loop still polls, and reads
what there is to do either way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from enum import StrEnum
from typing import Protocol

import anyio


class Topic(StrEnum):
    # A backfill was queued (from the panel, or put back by a worker that stopped).
    BACKFILL_QUEUED = "backfill_queued"
    # A connection's value was set, changed or removed on the panel.
    CONNECTION_CHANGED = "connection_changed"


class Bell(Protocol):
    async def wait(self, seconds: float) -> bool:
        """Wait up to `seconds`, less when the topic is announced (or was, since the last wait
        returned); whether it was. Never raises: while announcements cannot be heard (the
        database is away) each wait lasts its whole time, and the first wait once they can be
        again returns True at once (one may have been missed meanwhile)."""
        ...


class Announcements(Protocol):
    def listen(self, topic: Topic) -> AbstractAsyncContextManager[Bell]:
        """A bell for `topic`, for the duration of the block: what is announced after the block
        opened is heard."""
        ...


class _Silence:
    async def wait(self, seconds: float) -> bool:
        await anyio.sleep(seconds)
        return False


class NoAnnouncements:
    """Announcements that never come: every wait lasts its whole time (a loop then polls)."""

    @asynccontextmanager
    async def listen(self, topic: Topic) -> AsyncIterator[Bell]:
        yield _Silence()


# The default of a loop given no announcements: it polls.
NO_ANNOUNCEMENTS: Announcements = NoAnnouncements()
