"""GET /api/jobs: the workers' scheduled jobs as the worker's own job bookkeeping left them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from psycopg_pool import AsyncConnectionPool
from tests.integration.http_app import Api

from mhc.adapters.postgres.worker_state import PostgresJobRuns
from mhc.domain.errors import ExternalServiceError

WORKER = "render-srv-7f3c:41"


async def run_failing_job(runs: PostgresJobRuns, name: str, every: timedelta) -> None:
    async with runs.claim(name, every) as claimed:
        assert claimed
        raise ExternalServiceError("statbate", "HTTP 503 after 3 attempts", status=503)


async def test_jobs_is_an_empty_list_when_no_worker_has_run_yet(api: Api) -> None:
    answer = await api.get("/api/jobs")

    assert answer.status_code == 200
    assert answer.json() == []


async def test_jobs_shows_each_job_with_its_last_outcome_when_a_worker_ran_them(
    api: Api, pool: AsyncConnectionPool
) -> None:
    runs = PostgresJobRuns(pool, worker_id=WORKER)
    async with runs.claim("cb_stats_snapshot", timedelta(minutes=5)) as claimed:
        assert claimed
    with pytest.raises(ExternalServiceError):
        await run_failing_job(runs, "statbate_watchlist_snapshots", timedelta(hours=1))

    answer = await api.get("/api/jobs")

    assert answer.status_code == 200
    stats, watchlists = answer.json()
    assert stats["name"] == "cb_stats_snapshot"
    assert stats["lastStatus"] == "ok"
    assert stats["lastError"] is None
    assert stats["lastWorker"] == WORKER
    assert watchlists["name"] == "statbate_watchlist_snapshots"
    assert watchlists["lastStatus"] == "failed"
    assert watchlists["lastError"] == "ExternalServiceError: statbate: HTTP 503 after 3 attempts"
    for job, every in ((stats, timedelta(minutes=5)), (watchlists, timedelta(hours=1))):
        started = datetime.fromisoformat(job["lastStartedAt"])
        finished = datetime.fromisoformat(job["lastFinishedAt"])
        assert started <= finished
        assert datetime.fromisoformat(job["nextRunAt"]) - finished == every


async def test_jobs_needs_credentials_when_asked_anonymously(api: Api) -> None:
    answer = await api.client.get("/api/jobs")

    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
