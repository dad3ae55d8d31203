"""Bodies of health, the failure log and the scheduled jobs (controllers/operations.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

from mhc.adapters.http.schemas.common import (
    Body,
    PageMeta,
)


class FailureOut(Body):
    id: int
    service: str
    endpoint: str
    status: int | None
    message: str
    occurred_at: datetime


class FailurePage(PageMeta):
    items: list[FailureOut]


class WorkerOut(Body):
    last_poll_at: datetime | None
    last_event_at: datetime | None
    lag_seconds: float | None
    last_error: str | None
    stale: bool


class HealthOut(Body):
    """`worker` and `version` are only sent to a caller with credentials: an anonymous one (a
    load balancer) learns the status alone."""

    status: Literal["ok", "degraded"]
    database: Literal["ok", "down"]
    worker: WorkerOut | msgspec.UnsetType | None = msgspec.UNSET
    version: str | msgspec.UnsetType = msgspec.UNSET


class JobOut(Body):
    name: str
    next_run_at: datetime
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_status: Literal["ok", "failed"] | None
    last_error: str | None
    last_worker: str | None
