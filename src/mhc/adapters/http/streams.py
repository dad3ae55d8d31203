"""Bounds on the endless responses (the radar's and the alerts' streams): how many may be open
at once, and the guard that ends one when its credentials stop being valid or the process
stops."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator
from contextlib import aclosing, contextmanager
from typing import Any, TypeVar

import anyio
from litestar.params import HeaderParameter

from mhc.adapters.http.auth import OwnerAuth
from mhc.adapters.http.controllers.params import exact_bounds
from mhc.adapters.http.passwords import TooBusy
from mhc.adapters.http.principals import Principal
from mhc.adapters.http.schemas.common import MAX_ID
from mhc.services.cancel_once import CancelOnce

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


def last_event_id_header(description: str) -> Any:
    """The Last-Event-ID header a reconnecting EventSource sends: an id to catch up after."""
    return HeaderParameter(
        name="Last-Event-ID",
        ge=0,
        le=MAX_ID,
        schema_extra=exact_bounds(0, MAX_ID),
        required=False,
        description=description,
    )


def owner_stream_guard(
    owner_auth: OwnerAuth, principal: Principal, shutting_down: asyncio.Event
) -> StreamGuard:
    """The guard of a stream opened by `principal`: it ends with the process or the session."""
    return StreamGuard(
        shutting_down=shutting_down,
        changes=owner_auth.changes,
        still_valid=lambda: owner_auth.still_valid(principal),
    )


T = TypeVar("T")


async def guarded(
    items: AsyncGenerator[T, None], guard: StreamGuard, slots: StreamSlots
) -> AsyncIterator[T]:
    """`items` until the guard ends the stream (they never end by themselves), held as one
    of the open streams. Closing the generator when the browser goes closes its database
    listening now, not whenever the garbage collector gets to it.

    Each item is awaited in the request's own task, so the generator, and the listening it
    holds, is always run and cleaned up there. One watcher per stream waits on the guard beside
    it and, when the stream must end, cancels the wait for the next item (an item being sent
    is sent; the stream ends before it reads another). A task per item would cost more than
    the item on a busy stream.
    """
    with slots.held():
        async with aclosing(items):
            # The read under way: the watcher cancels it, once (see CancelOnce).
            reading = CancelOnce()
            watcher = asyncio.ensure_future(_watch(guard, lambda: reading.cancel()))
            try:
                while not guard.stopped:
                    reading = CancelOnce()
                    item: T | None = None
                    async with reading:
                        item = await anext(items, None)
                    # An item that lost the race is not sent: a reconnecting browser catches
                    # up on it.
                    if item is None or guard.stopped:
                        break
                    yield item
            finally:
                watcher.cancel()
                with anyio.CancelScope(shield=True):
                    ended = (await asyncio.gather(watcher, return_exceptions=True))[0]
            if isinstance(ended, Exception):
                raise ended


async def _watch(guard: StreamGuard, end_reading: Callable[[], None]) -> None:
    try:
        await guard.ended()
    finally:
        guard.stopped = True
        end_reading()
