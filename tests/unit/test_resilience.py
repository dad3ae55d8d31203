"""The rate limiter, header parsing and redaction shared by every HTTP client."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.timing import FakeTime

from mhc.adapters.resilience import TokenBucket, redact, retry_after_seconds


async def test_bucket_never_lets_more_than_the_limit_out_when_requests_flood_for_five_minutes() -> (
    None
):
    fake = FakeTime()
    bucket = TokenBucket.per_minute(120, burst=5, clock=fake.clock, sleep=fake.sleep)
    sent = []
    for _ in range(600):
        await bucket.acquire()
        sent.append(fake.now)
    for first, start in enumerate(sent):
        in_window = sum(1 for moment in sent[first:] if moment < start + 60.0)
        assert in_window <= 120
    # No waste either: after the burst of 5, one request every 60/115 seconds.
    assert sent[-1] == pytest.approx((600 - 5) * 60 / 115)


async def test_bucket_lets_a_burst_through_without_waiting_when_it_is_full() -> None:
    fake = FakeTime()
    bucket = TokenBucket.per_minute(120, burst=5, clock=fake.clock, sleep=fake.sleep)
    for _ in range(5):
        await bucket.acquire()
    assert fake.sleeps == []
    await bucket.acquire()
    assert fake.sleeps == [pytest.approx(60 / 115)]


async def test_bucket_refills_while_idle_when_time_passes_between_requests() -> None:
    fake = FakeTime()
    bucket = TokenBucket(rate_per_second=1.0, capacity=2, clock=fake.clock, sleep=fake.sleep)
    await bucket.acquire()
    await bucket.acquire()
    fake.now += 10.0
    await bucket.acquire()
    await bucket.acquire()
    assert fake.sleeps == []


def test_bucket_refuses_a_burst_that_reaches_the_limit_when_configured() -> None:
    with pytest.raises(ValueError, match="burst"):
        TokenBucket.per_minute(5, burst=5)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), (" 1.5 ", 1.5), ("0", 0.0), ("-4", 0.0), ("soon", None), ("", None), (None, None)],
)
def test_retry_after_reads_seconds_when_given_as_a_number(
    header: str | None, seconds: float | None
) -> None:
    assert retry_after_seconds(header) == seconds


def test_retry_after_reads_an_http_date_when_given_one() -> None:
    now = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Mon, 05 Jan 2026 09:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Mon, 05 Jan 2026 08:59:00 GMT", now=now) == 0.0


def test_redact_masks_every_secret_when_text_holds_several() -> None:
    text = "token=sim-statbate-token cookie=sim-plus-session again sim-statbate-token"
    masked = redact(text, ["sim-statbate-token", "sim-plus-session", ""])
    assert masked == "token=*** cookie=*** again ***"
