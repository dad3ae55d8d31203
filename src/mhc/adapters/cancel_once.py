"""A block cancelled once, the way asyncio cancels a task, rather than at its every await until
it ends, the way an anyio cancel scope does.

A statement the block is running is then cancelled in the server and its pooled connection
kept: psycopg answers a cancellation by cancelling the query in the server and waiting for the
server to say so, and a second cancellation during that wait makes it close the connection
("query cancellation interrupted"). What the block awaits after that one cancellation is
cancelled no more: code that catches it must end the block itself.
"""

from __future__ import annotations

import asyncio
from types import TracebackType


class CancelOnce:
    """`async with block:` runs until `block.cancel()` is called; a call before the block is
    entered cancels it at its first wait. The cancellation ends the block quietly."""

    def __init__(self) -> None:
        self._timeout: asyncio.Timeout | None = None
        self.cancelled = False

    def cancel(self) -> None:
        """Cancel the block once: now if it runs, at its first wait if it is yet to run, not
        at all if it has ended."""
        self.cancelled = True
        if self._timeout is not None and not self._timeout.expired():
            self._timeout.reschedule(asyncio.get_running_loop().time())

    async def __aenter__(self) -> CancelOnce:
        self._timeout = asyncio.timeout(None)
        await self._timeout.__aenter__()
        if self.cancelled:
            self._timeout.reschedule(asyncio.get_running_loop().time())
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
            return True
        return False
