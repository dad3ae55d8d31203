"""What every HTTP client shares: the transport, rate limits, and reading answers safely.

- `transport`: ResilientHttp (retries, backoff, secret-safe error translation), the shared
  httpx client and its lifespan.
- `limits`: the client-side TokenBucket (a RateLimiter) and the server's Retry-After.
- `budget`: a paid account's call budget shared by every process, in priority lanes.
- `answers`: decoding answers, checking them against their contracts, recording failures.

The backoff arithmetic itself (RetryPolicy) is a domain rule: `mhc.domain.retry`.
"""

from mhc.adapters.resilience.answers import AnswerReader
from mhc.adapters.resilience.budget import BudgetLane, LocalBudgetStore, SharedCallBudget
from mhc.adapters.resilience.limits import (
    MonotonicClock,
    RateLimiter,
    Sleep,
    TokenBucket,
    retry_after_seconds,
)
from mhc.adapters.resilience.transport import (
    AuthProbe,
    ResilientHttp,
    build_http_client,
    http_client_lifespan,
    redact,
)

__all__ = [
    "AnswerReader",
    "AuthProbe",
    "BudgetLane",
    "LocalBudgetStore",
    "MonotonicClock",
    "RateLimiter",
    "ResilientHttp",
    "SharedCallBudget",
    "Sleep",
    "TokenBucket",
    "build_http_client",
    "http_client_lifespan",
    "redact",
    "retry_after_seconds",
]
