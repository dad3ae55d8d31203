"""Waiting politely: the client-side rate limiter and the server's Retry-After."""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol

import anyio

Sleep = Callable[[float], Awaitable[None]]
MonotonicClock = Callable[[], float]


class RateLimiter(Protocol):
    """What a client waits on before each request (TokenBucket, or a lane of a shared budget)."""

    async def acquire(self) -> None:
        """Return when a request may go out."""
        ...

    async def slow_down(self, seconds: float | None) -> None:
        """The service answered 429: hold every request back for `seconds` (None: the
        limiter's own pause), and go slower after."""
        ...


class TokenBucket:
    """Client-side rate limiter; `acquire()` waits until a request may go out.

    The clock and sleep are injectable so tests can prove the limit without real waiting.
    """

    def __init__(
        self,
        *,
        rate_per_second: float,
        capacity: float,
        clock: MonotonicClock = time.monotonic,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        if rate_per_second <= 0 or capacity < 1:
            raise ValueError("a token bucket needs a positive rate and room for one token")
        self._rate = rate_per_second
        self._capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._tokens = capacity
        self._updated = clock()
        self._lock = anyio.Lock()

    @classmethod
    def per_minute(
        cls,
        limit: int,
        *,
        burst: int = 5,
        clock: MonotonicClock = time.monotonic,
        sleep: Sleep = anyio.sleep,
    ) -> TokenBucket:
        """A bucket that never lets more than `limit` requests out in any 60-second window.

        A full bucket can spend `burst` at once and refills `limit - burst` per minute, so the
        worst window holds burst + (limit - burst) = limit requests.
        """
        if not 1 <= burst < limit:
            raise ValueError("burst must be at least 1 and below the limit")
        return cls(rate_per_second=(limit - burst) / 60.0, capacity=burst, clock=clock, sleep=sleep)

    async def slow_down(self, seconds: float | None) -> None:
        """Nothing to do: a bucket serves one client, whose transport waits the pause out
        before it retries (a budget shared by several clients holds them all back)."""

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                elapsed = max(0.0, now - self._updated)
                self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
                self._updated = now
                # Float rounding may leave a hair below one token after an exact wait.
                if self._tokens >= 1.0 - 1e-9:
                    self._tokens -= 1.0
                    return
                await self._sleep((1.0 - self._tokens) / self._rate)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if unusable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)
