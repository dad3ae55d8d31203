"""The worker's stop signal: what it cuts short at once, and what it leaves the grace to finish."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager

import anyio
import pytest

from mhc.entrypoints.stop import (
    StopSignal,
    hold_stop_signals,
    release_stop_signals,
    replay_held_stop_signals,
)


async def stopped_while_running(stop: StopSignal, work: Callable[[], Awaitable[None]]) -> None:
    """Start `work`, request the stop once it waits, and wait for it to end."""
    working = asyncio.create_task(work())
    await asyncio.sleep(0)
    stop.request()
    await asyncio.wait_for(working, 5)


async def ran_to_the_end(block: AbstractAsyncContextManager[object], seconds: float) -> bool:
    """Whether a wait of `seconds` inside `block` reached its end (a cut block goes on after it)."""
    async with block:
        await asyncio.sleep(seconds)
        return True
    return False


async def test_a_block_entered_after_the_stop_ends_at_its_first_wait() -> None:
    stop = StopSignal(grace_seconds=5)
    stop.request()

    assert not await ran_to_the_end(stop.interruptible(), 30)


async def test_a_graced_block_the_stop_finds_running_finishes_when_done_within_the_grace() -> None:
    stop = StopSignal(grace_seconds=5)
    finished = False

    async def commit() -> None:
        nonlocal finished
        async with stop.graced():
            await asyncio.sleep(0.05)
            finished = True

    await stopped_while_running(stop, commit)

    assert finished


async def test_a_graced_block_still_running_when_the_grace_runs_out_is_cancelled_once() -> None:
    stop = StopSignal(grace_seconds=0.05)
    cleaned_up = False

    async def commit() -> None:
        nonlocal cleaned_up
        async with stop.graced():
            try:
                await asyncio.sleep(30)
            finally:
                await asyncio.sleep(0.01)
                cleaned_up = True

    await stopped_while_running(stop, commit)

    assert cleaned_up


async def test_a_graced_block_entered_during_the_grace_has_what_is_left_of_it() -> None:
    stop = StopSignal(grace_seconds=0.05)
    stop.request()

    assert not await ran_to_the_end(stop.graced(), 30)


async def test_a_graced_block_is_not_cut_while_no_stop_comes() -> None:
    stop = StopSignal(grace_seconds=0.01)

    assert await ran_to_the_end(stop.graced(), 0.05)


@pytest.fixture
def own_signal_handling() -> Iterator[None]:
    """The test process's handling of SIGTERM and SIGINT, as it was, after the test."""
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in previous.items():
        signal.signal(sig, handler)


async def test_a_stop_held_while_the_worker_starts_is_received_once_it_listens(
    own_signal_handling: None,
) -> None:
    hold_stop_signals()
    # With Python's own handling, this would end the process here.
    signal.raise_signal(signal.SIGTERM)
    with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
        replay_held_stop_signals()
        with anyio.fail_after(10):
            received = [signum async for signum in _first(signals)]
    assert received == [signal.SIGTERM]


def test_a_command_that_does_not_listen_gets_the_held_stop_as_it_starts(
    own_signal_handling: None,
) -> None:
    # Python's own handling of SIGINT (a test worker's process may ignore it).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    before = signal.getsignal(signal.SIGTERM)
    hold_stop_signals()
    signal.raise_signal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        release_stop_signals()
    assert signal.getsignal(signal.SIGTERM) is before


async def _first(signals: AsyncIterator[int]) -> AsyncIterator[int]:
    async for signum in signals:
        yield signum
        return
