"""The worker's stop signal on anyio: SIGTERM cuts polls and sleeps short, never a commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import anyio


class StopSignal:
    """A stop request, and the waits it interrupts: polls and sleeps, never a commit.

    Implements the StopRequest port the ingestor and the scheduler wait on.
    """

    def __init__(self, *, grace_seconds: float) -> None:
        self._event = anyio.Event()
        self._scopes: set[anyio.CancelScope] = set()
        self._grace = grace_seconds
        self._deadline: float | None = None

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def request(self) -> None:
        if self._event.is_set():
            return
        self._deadline = anyio.current_time() + self._grace
        self._event.set()
        for scope in list(self._scopes):
            scope.cancel()

    def grace_left(self) -> float | None:
        """Seconds left to finish the work in hand; None while no stop was requested."""
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - anyio.current_time())

    @contextmanager
    def interruptible(self) -> Iterator[anyio.CancelScope]:
        """A scope that a stop request cancels (at once if one came already)."""
        scope = anyio.CancelScope()
        if self.requested:
            scope.cancel()
        self._scopes.add(scope)
        try:
            with scope:
                yield scope
        finally:
            self._scopes.discard(scope)

    async def sleep(self, seconds: float) -> None:
        with self.interruptible():
            await anyio.sleep(seconds)

    async def wait(self) -> None:
        await self._event.wait()
