"""The retry policy's backoff arithmetic, shared by the HTTP clients and the worker."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.retry import RetryPolicy


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=2**32))
def test_backoff_stays_within_the_full_jitter_ceiling_when_retrying(retry: int, seed: int) -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=30.0)
    delay = policy.backoff(retry, random.Random(seed))
    assert 0.0 <= delay <= min(30.0, 0.5 * 2**retry)


def test_backoff_ceiling_doubles_until_the_cap_when_retries_add_up() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    ceilings = [max(policy.backoff(n, random.Random(s)) for s in range(300)) for n in range(5)]
    assert ceilings[0] <= 1.0 < ceilings[1] <= 2.0 < ceilings[2] <= 4.0 < ceilings[3] <= 8.0
    assert ceilings[4] <= 8.0
