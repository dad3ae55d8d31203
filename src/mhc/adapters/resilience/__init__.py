"""What every HTTP client shares: the transport, rate limits, and reading answers safely.

- `transport`: ResilientHttp (retries, backoff, secret-safe error translation), the shared
  httpx client and its lifespan.
- `limits`: the client-side TokenBucket and the server's Retry-After.
- `answers`: decoding answers, checking them against their contracts, recording failures.

The backoff arithmetic itself (RetryPolicy) is a domain rule: `mhc.domain.retry`.
"""

from mhc.adapters.resilience.answers import AnswerReader
from mhc.adapters.resilience.limits import MonotonicClock, Sleep, TokenBucket, retry_after_seconds
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
    "MonotonicClock",
    "ResilientHttp",
    "Sleep",
    "TokenBucket",
    "build_http_client",
    "http_client_lifespan",
    "redact",
    "retry_after_seconds",
]
