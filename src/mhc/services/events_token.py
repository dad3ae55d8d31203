"""The Events API token the ingestor uses, followed as it changes.

The token comes from a provider (the environment's, else the one set on the panel), read
again as soon as the panel announces a change, and every `check_seconds` besides: a token set
on the panel starts ingestion, a changed one replaces the one in use (the poll in hand is cut
short), and a removed one stops ingestion, all without a restart.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from mhc.ports.announcements import NO_ANNOUNCEMENTS, Announcements, Topic
from mhc.ports.connections import SecretProvider
from mhc.ports.ingestion import StopRequest
from mhc.services.cancel_once import CancelOnce, OpenBlocks

log = logging.getLogger("mhc.worker")

# The longest the note that a token was accepted may hold up the feed.
NOTE_SECONDS = 2.0
WAITING = (
    "Events API ingestion waits for a token: set it on the Connections page "
    "(CB_EVENTS_TOKEN is not set)"
)


class EventsToken:
    """The token in use (`current`), and the waits a change of it cuts short."""

    def __init__(
        self,
        source: SecretProvider,
        stop: StopRequest,
        *,
        check_seconds: float,
        on_accepted: Callable[[], Awaitable[None]] | None = None,
        announcements: Announcements = NO_ANNOUNCEMENTS,
    ) -> None:
        self.current: str | None = None
        self._source = source
        self._stop = stop
        self._check_seconds = check_seconds
        self._announcements = announcements
        self._on_accepted = on_accepted
        self._accepted: str | None = None
        self._interruptible = OpenBlocks()

    async def wait_until_set(self) -> bool:
        """Wait for a token (saying so once); False when a stop came first."""
        said = False
        async with self._announcements.listen(Topic.CONNECTION_CHANGED) as changed:
            while not self._stop.requested:
                token = await self._read()
                if token:
                    if said:
                        log.info("an Events API token is set: ingestion starts")
                    self.current = token
                    return True
                if not said:
                    log.warning(WAITING)
                    said = True
                async with self._stop.interruptible():
                    await changed.wait(self._check_seconds)
        return False

    async def watch(self) -> None:
        """Re-read the token when a change is announced and every few seconds, for as long as
        the caller runs this."""
        async with self._announcements.listen(Topic.CONNECTION_CHANGED) as changed:
            while True:
                await changed.wait(self._check_seconds)
                token = await self._read()
                if token == self.current:
                    continue
                if not token:
                    log.warning("the Events API token was removed: ingestion stops")
                else:
                    log.info("a new Events API token is set: ingestion goes on with it")
                self.current = token or None
                self._interruptible.cancel()

    @asynccontextmanager
    async def interruptible(self) -> AsyncIterator[None]:
        """A block that a change of the token cancels, once (a poll, the wait after a refusal,
        and the bookkeeping after either: see CancelOnce)."""
        async with self._interruptible.open(CancelOnce()):
            yield

    def refused(self) -> str | None:
        """The token in use was refused: once accepted again, that is said again."""
        self._accepted = None
        return self.current

    async def accepted(self) -> None:
        """The feed answered with the token in use: say so once per token."""
        if self._on_accepted is None or self._accepted == self.current:
            return
        self._accepted = self.current
        async with CancelOnce(within=NOTE_SECONDS):
            try:
                await self._on_accepted()
            except Exception as exc:
                log.debug("could not note the accepted token: %s", type(exc).__name__)

    async def _read(self) -> str | None:
        try:
            return await self._source()
        except Exception as exc:
            # The database may be away: keep the token in hand until it answers.
            log.debug("the Events API token could not be read: %s", type(exc).__name__)
            return self.current
