"""The worker's stop signal on anyio: SIGTERM cuts polls and sleeps short, and gives the work in
hand (a commit) the grace to finish."""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import FrameType
from typing import Any

import anyio

from mhc.services.cancel_once import CancelOnce, OpenBlocks


class StopSignal:
    """A stop request, and the waits it interrupts: polls and sleeps, never a commit.

    Implements the StopRequest port the ingestor and the scheduler wait on.
    """

    def __init__(self, *, grace_seconds: float) -> None:
        self._event = anyio.Event()
        self._interruptible = OpenBlocks()
        self._graced = OpenBlocks()
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
        self._interruptible.cancel()
        self._graced.cancel_after(self._grace)

    def grace_left(self) -> float | None:
        """Seconds left to finish the work in hand; None while no stop was requested."""
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - anyio.current_time())

    @asynccontextmanager
    async def interruptible(self) -> AsyncIterator[None]:
        """A block that a stop request cancels (at once if one came already), once: a statement
        it is running is cancelled in the server and its connection kept (see CancelOnce)."""
        block = CancelOnce()
        if self.requested:
            block.cancel()
        async with self._interruptible.open(block):
            yield

    @asynccontextmanager
    async def graced(self) -> AsyncIterator[None]:
        """A block that a stop request leaves to finish, for the grace: cancelled once if it
        still runs when the grace runs out (the work in hand when the stop came, a commit)."""
        async with self._graced.open(CancelOnce(within=self.grace_left())):
            yield

    async def sleep(self, seconds: float) -> None:
        async with self.interruptible():
            await anyio.sleep(seconds)

    async def wait(self) -> None:
        await self._event.wait()


# The stop signals that came before the process's own handling of them (`hold_stop_signals`),
# and the handling they had before.
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_held: list[int] = []
_before: dict[int, Any] = {}


def hold_stop_signals() -> None:
    """Note SIGTERM and SIGINT instead of ending the process, until `replay_held_stop_signals`
    or `release_stop_signals`. A process starting up (importing, opening its pool) has not yet
    set its own handling: a supervisor that stops it then (`mhc run`, whose web could not start)
    would otherwise end it at once, with no orderly stop."""
    _held.clear()

    def hold(signum: int, frame: FrameType | None) -> None:
        _held.append(signum)

    for sig in _STOP_SIGNALS:
        _before[sig] = signal.signal(sig, hold)


def replay_held_stop_signals() -> None:
    """Send this process again the stop signals held so far: once its own handling is set, it
    receives them as if they came now."""
    held, _held[:] = list(_held), []
    for signum in held:
        signal.raise_signal(signum)


def release_stop_signals() -> None:
    """The handling SIGTERM and SIGINT had before `hold_stop_signals` again, then the signals
    held so far. Once released, nothing more happens here."""
    while _before:
        sig, handler = _before.popitem()
        signal.signal(sig, signal.SIG_DFL if handler is None else handler)
    replay_held_stop_signals()
