"""Bounds on the endless responses (the radar stream): how many may be open at once, and the
guard that ends one when its credentials stop being valid or the process stops."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import anyio

from mhc.adapters.http.passwords import TooBusy

# A phone, a laptop and a few tabs; more than this from one owner is a leak or an attack.
MAX_OPEN_STREAMS = 16
# How often an open stream asks whether its session still opens the panel (a logout in this
# process ends it at once; this catches expiry and revocations by other processes).
RECHECK_SECONDS = 15.0


class StreamSlots:
    """At most `limit` streams open at once in this process."""

    def __init__(self, limit: int = MAX_OPEN_STREAMS) -> None:
        self.limit = limit
        self.open = 0

    def check(self) -> None:
        """TooBusy (429) when no slot is free, before the stream's answer starts."""
        if self.open >= self.limit:
            raise TooBusy(
                f"{self.limit} live streams are open already: close a tab and try again", 10
            )

    @contextmanager
    def held(self) -> Iterator[None]:
        """Count the block as an open stream."""
        self.open += 1
        try:
            yield
        finally:
            self.open -= 1


class StreamGuard:
    """`ended()` returns once the stream must end: the process is stopping, or the caller's
    credentials no longer open the panel (checked at every change announced in this process
    and every `recheck_seconds`)."""

    def __init__(
        self,
        *,
        shutting_down: asyncio.Event,
        changes: Callable[[], asyncio.Event],
        still_valid: Callable[[], Awaitable[bool]],
        recheck_seconds: float = RECHECK_SECONDS,
    ) -> None:
        self._shutting_down = shutting_down
        self._changes = changes
        self._still_valid = still_valid
        self._recheck = recheck_seconds
        self._next_check = time.monotonic() + recheck_seconds
        self.stopped = False

    async def ended(self) -> None:
        while not self.stopped:
            changed = self._changes()
            with anyio.move_on_after(max(0.0, self._next_check - time.monotonic())):
                async with anyio.create_task_group() as race:

                    async def on(event: asyncio.Event) -> None:
                        await event.wait()
                        race.cancel_scope.cancel()

                    race.start_soon(on, self._shutting_down)
                    race.start_soon(on, changed)
            if self._shutting_down.is_set():
                self.stopped = True
            else:
                self._next_check = time.monotonic() + self._recheck
                self.stopped = not await self._still_valid()
