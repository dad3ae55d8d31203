"""`mhc worker --check`: how a heartbeat reads, and when it counts as healthy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mhc.domain.models import WorkerHeartbeat
from mhc.entrypoints.commands.worker import describe_heartbeat, heartbeat_is_healthy

NOW = datetime(2025, 8, 16, 21, 0, tzinfo=UTC)


def heartbeat(*, age: float = 3.0, error: str | None = None) -> WorkerHeartbeat:
    return WorkerHeartbeat(
        worker_id="render-worker:7",
        broadcaster="hudson_cage",
        last_poll_at=NOW - timedelta(seconds=age),
        last_event_at=NOW - timedelta(seconds=age + 1.5),
        lag_seconds=1.5,
        last_error=error,
        updated_at=NOW - timedelta(seconds=age),
    )


def test_fresh_heartbeat_without_error_is_healthy_when_printed() -> None:
    text = describe_heartbeat(heartbeat(), "hudson_cage", now=NOW)

    assert heartbeat_is_healthy(heartbeat(), now=NOW)
    assert "worker render-worker:7" in text
    assert "last poll:   2025-08-16T20:59:57+00:00 (3s ago)" in text
    assert "lag:         1.5s" in text
    assert text.endswith("status: ok")


def test_heartbeat_is_unhealthy_when_it_carries_an_error() -> None:
    sick = heartbeat(error="database: the database is unreachable or busy (OperationalError)")

    assert not heartbeat_is_healthy(sick, now=NOW)
    assert "last error:  database: the database is unreachable" in describe_heartbeat(
        sick, "hudson_cage", now=NOW
    )


def test_heartbeat_is_stale_when_no_worker_wrote_for_minutes() -> None:
    old = heartbeat(age=600)

    assert not heartbeat_is_healthy(old, now=NOW)
    assert "status: stale" in describe_heartbeat(old, "hudson_cage", now=NOW)


def test_missing_heartbeat_says_no_worker_ran_when_there_is_none() -> None:
    assert not heartbeat_is_healthy(None, now=NOW)
    assert "no worker heartbeat for hudson_cage" in describe_heartbeat(None, "hudson_cage", now=NOW)
