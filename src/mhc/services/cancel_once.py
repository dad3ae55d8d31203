"""A block cancelled once, the way asyncio cancels a task, rather than at its every await until
it ends, the way an anyio cancel scope does; and tasks run beside a block, each cancelled that
way when the block ends.

A statement the block is running is then cancelled in the server and its pooled connection
kept: psycopg answers a cancellation by cancelling the query in the server and waiting for the
server to say so, and a second cancellation during that wait makes it close the connection
("query cancellation interrupted"). What the block awaits after that one cancellation is
cancelled no more: code that catches it must end the block itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any

import anyio

# How long a task run beside a block has to end once cancelled, before it is cancelled for good.
SIDE_TASK_GRACE_SECONDS = 5.0


class CancelOnce:
    """`async with block:` runs until `block.cancel()` is called, or for at most `within`
    seconds; a call before the block is entered cancels it at its first wait. The cancellation
    ends the block quietly; `cut_short` then says so."""

    def __init__(self, *, within: float | None = None) -> None:
        self._within = within
        self._timeout: asyncio.Timeout | None = None
        self.cancelled = False
        self.cut_short = False

    def cancel(self) -> None:
        """Cancel the block once: now if it runs, at its first wait if it is yet to run, not
        at all if it has ended."""
        self.cancelled = True
        if self._timeout is not None and not self._timeout.expired():
            self._timeout.reschedule(asyncio.get_running_loop().time())

    def cancel_after(self, seconds: float) -> None:
        """Cancel the block once `seconds` from now (from its start if it is yet to run),
        unless its time runs out sooner."""
        if self._timeout is None:
            self._within = seconds if self._within is None else min(self._within, seconds)
            return
        if self._timeout.expired():
            return
        when = asyncio.get_running_loop().time() + seconds
        current = self._timeout.when()
        if current is None or when < current:
            self._timeout.reschedule(when)

    async def __aenter__(self) -> CancelOnce:
        now = asyncio.get_running_loop().time()
        if self.cancelled:
            deadline: float | None = now
        else:
            deadline = None if self._within is None else now + self._within
        self._timeout = asyncio.timeout_at(deadline)
        await self._timeout.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        timeout, self._timeout = self._timeout, None
        assert timeout is not None
        try:
            await timeout.__aexit__(exc_type, exc, traceback)
        except TimeoutError:
            # asyncio.timeout turns its own cancellation into a TimeoutError: that is this
            # block's end, not a failure. Any other TimeoutError goes on.
            if not timeout.expired():
                raise
            self.cut_short = True
            return True
        return False


class OpenBlocks:
    """The blocks open now that one signal cuts short together (a stop, a new token):
    `async with blocks.open(CancelOnce()):`, then `blocks.cancel()` or `blocks.cancel_after(s)`."""

    def __init__(self) -> None:
        self._open: set[CancelOnce] = set()

    @asynccontextmanager
    async def open(self, block: CancelOnce) -> AsyncIterator[None]:
        self._open.add(block)
        try:
            async with block:
                yield
        finally:
            self._open.discard(block)

    def cancel(self) -> None:
        for block in list(self._open):
            block.cancel()

    def cancel_after(self, seconds: float) -> None:
        for block in list(self._open):
            block.cancel_after(seconds)


class SideTasks:
    """Tasks run beside a block: `async with SideTasks() as side:` then `side.start_soon(f)`.
    Once the block ends, each task still running is cancelled once (see CancelOnce) and waited
    for; one that has caught its cancellation and goes on is cancelled for good after `grace`
    seconds. Errors come out grouped, as from a task group."""

    def __init__(self, *, grace: float = SIDE_TASK_GRACE_SECONDS) -> None:
        self._grace = grace
        self._group = anyio.create_task_group()
        self._running: set[CancelOnce] = set()

    def start_soon(self, function: Callable[..., Awaitable[None]], *args: Any) -> None:
        block = CancelOnce()
        self._running.add(block)

        async def run() -> None:
            try:
                async with block:
                    await function(*args)
            finally:
                self._running.discard(block)

        self._group.start_soon(run)

    async def __aenter__(self) -> SideTasks:
        await self._group.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        for block in list(self._running):
            block.cancel()
        self._group.cancel_scope.deadline = anyio.current_time() + self._grace
        return await self._group.__aexit__(exc_type, exc, traceback)
