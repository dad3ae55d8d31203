"""The health check of GET /api/health, one object for the handler to call."""

from __future__ import annotations

from datetime import timedelta

from mhc.adapters.http import presenters
from mhc.adapters.http.schemas.operations import HealthOut
from mhc.ports.clock import Clock
from mhc.ports.read_models import ReadModels


class HealthCheck:
    """GET /api/health: the database and the worker's heartbeat, judged at the time of asking."""

    def __init__(
        self, read_models: ReadModels, clock: Clock, *, stale_after: timedelta, version: str
    ) -> None:
        self._read_models = read_models
        self._clock = clock
        self._stale_after = stale_after
        self._version = version

    async def __call__(self) -> HealthOut:
        report = await self._read_models.health()
        return presenters.health(
            report, now=self._clock.now(), stale_after=self._stale_after, version=self._version
        )
