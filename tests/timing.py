"""Time in the tests: virtual time for code that waits (retry backoff and rate limiting, proven
without sleeping), and waits on conditions for what happens in another task or process.

A test never sleeps for "long enough": it polls for the condition it needs with `wait_until`
(or `wait_until_sync` outside an event loop). The limit is generous, since reaching it means the
test failed; a condition that holds ends the wait at once, however busy the machine is.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio

T = TypeVar("T")

# How long a wait may take before the test fails: long enough for two workers on two busy cores.
WAIT_SECONDS = 30.0
POLL_SECONDS = 0.05


class FakeTime:
    """A monotonic clock that moves only when the code under test sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _describe(what: str | Callable[[], str]) -> str:
    return what if isinstance(what, str) else what()


async def wait_until(
    condition: Callable[[], Awaitable[T] | T],
    *,
    within: float = WAIT_SECONDS,
    every: float = POLL_SECONDS,
    what: str | Callable[[], str] = "the condition",
) -> T:
    """Poll `condition` (a function or coroutine function) until it returns something truthy,
    and return that; fail after `within` seconds, saying `what` was awaited."""
    deadline = time.monotonic() + within
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {_describe(what)} after {within:g} s")
        await anyio.sleep(every)


def wait_until_sync(
    condition: Callable[[], T],
    *,
    within: float = WAIT_SECONDS,
    every: float = POLL_SECONDS,
    what: str | Callable[[], str] = "the condition",
) -> T:
    """`wait_until` for code outside an event loop: threads, processes, the browser."""
    deadline = time.monotonic() + within
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {_describe(what)} after {within:g} s")
        time.sleep(every)
