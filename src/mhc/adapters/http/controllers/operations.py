"""Health (public), the external-API failure log and the workers' scheduled jobs."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.openapi import ResponseSpec

from mhc.adapters.http.auth import OwnerAuth
from mhc.adapters.http.authentication import PUBLIC, optional_principal
from mhc.adapters.http.controllers.params import Injected, Limit, Offset
from mhc.adapters.http.health import HealthCheck
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.operations import FailurePage, HealthOut, JobOut
from mhc.ports.read_models import ReadModels

HEALTH_RESPONSES = {
    **PROBLEM_RESPONSES,
    503: ResponseSpec(
        data_container=HealthOut,
        description="The database does not answer (the same body, database: down)",
        generate_examples=False,
    ),
}


class HealthController(Controller):
    path = "/health"
    tags = ["operations"]

    @get(operation_id="getHealth", opt={PUBLIC: True}, responses=HEALTH_RESPONSES)
    async def health(
        self,
        request: Request[Any, Any, Any],
        health: Injected[HealthCheck],
        owner_auth: Injected[OwnerAuth],
    ) -> Response[HealthOut]:
        """Database and worker heartbeat; 503 when the database does not answer. Without
        credentials only `status` and `database`: the worker's lag, last event and last error
        (and the version) are for the owner."""
        body = await health()
        if await optional_principal(request, owner_auth) is None:
            body = HealthOut(status=body.status, database=body.database)
        return Response(body, status_code=200 if body.database == "ok" else 503)


class FailuresController(Controller):
    path = "/failures"
    tags = ["operations"]

    @get(operation_id="listFailures", responses=PROBLEM_RESPONSES)
    async def failures(
        self, read_models: Injected[ReadModels], limit: Limit = 50, offset: Offset = 0
    ) -> FailurePage:
        """Failed external API calls, newest first."""
        page = await read_models.failures(limit=limit, offset=offset)
        return present(page, FailurePage)


class JobsController(Controller):
    path = "/jobs"
    tags = ["operations"]

    @get(operation_id="listJobs", responses=PROBLEM_RESPONSES)
    async def jobs(self, read_models: Injected[ReadModels]) -> list[JobOut]:
        """The workers' scheduled jobs: next run, and the outcome of the last one."""
        jobs = await read_models.worker_jobs()
        return present(jobs, list[JobOut])
