"""Health, the failure log, the one error format, limits, the OpenAPI schema and the SPA."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool
from tests.integration.http_app import Api, open_api

from mhc.adapters.http.openapi import openapi_document
from mhc.adapters.http.spa import CONTENT_SECURITY_POLICY
from mhc.adapters.postgres.read_models import PostgresReadModels
from mhc.domain.models import NewApiFailure

INDEX = "<!doctype html><title>MHC</title><div id=root></div>"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    built = tmp_path / "dist"
    (built / "assets").mkdir(parents=True)
    (built / "index.html").write_text(INDEX)
    (built / "assets" / "app-3f9a.js").write_text("console.log('panel')")
    (built / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("not for the web")
    return built


@pytest.fixture
async def spa_api(database_url: str, dist: Path) -> AsyncIterator[Api]:
    async with open_api(database_url, spa_dir=dist) as opened:
        yield opened


async def test_health_needs_no_credentials_and_reports_the_database_when_up(api: Api) -> None:
    answer = await api.client.get("/api/health")

    assert answer.status_code == 200
    # Anonymous callers (a load balancer) learn the status only.
    assert answer.json() == {"status": "ok", "database": "ok"}
    owner = await api.get("/api/health")
    assert owner.json() == {"status": "ok", "database": "ok", "worker": None, "version": "test"}


async def test_health_is_degraded_when_the_worker_heartbeat_is_stale(
    api: Api, database_url: str
) -> None:
    old = datetime.now(UTC) - timedelta(minutes=30)
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "INSERT INTO worker_heartbeat"
            " (worker_id, broadcaster, last_poll_at, last_event_at, lag_seconds, last_error,"
            "  updated_at)"
            " VALUES ('worker-1', 'hudson_cage', %s, %s, 0.4, 'events API: HTTP 503', %s)",
            (old, old, old),
        )

    body = (await api.get("/api/health")).json()
    anonymous = (await api.client.get("/api/health")).json()

    assert anonymous == {"status": "degraded", "database": "ok"}
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["worker"]["stale"] is True
    assert body["worker"]["lastError"] == "events API: HTTP 503"
    assert body["worker"]["lagSeconds"] == 0.4


async def test_health_reports_the_database_down_when_it_cannot_answer(server_url: str) -> None:
    missing = psycopg.conninfo.make_conninfo(server_url, dbname="mhc_no_such_database")
    pool = AsyncConnectionPool(missing, min_size=1, max_size=1, open=False)
    await pool.open(wait=False)
    try:
        health = await PostgresReadModels(pool).health()
    finally:
        await pool.close()

    assert health.database_ok is False
    assert health.heartbeat is None


async def test_failures_are_listed_newest_first_when_some_were_recorded(api: Api) -> None:
    log = api.container.failure_log()
    for status in (502, 429):
        api.call(
            log.record,
            NewApiFailure(
                service="statbate",
                endpoint="GET /members/{site}/{name}/info",
                status=status,
                message=f"HTTP {status}",
            ),
        )

    page = (await api.get("/api/failures", params={"limit": 1})).json()

    assert page["total"] == 2
    assert [(f["service"], f["status"]) for f in page["items"]] == [("statbate", 429)]
    assert page["items"][0]["endpoint"] == "GET /members/{site}/{name}/info"


async def test_bodies_over_one_megabyte_answer_413_problem_when_posted(api: Api) -> None:
    answer = await api.post("/api/lookup", json={"pastedText": "a" * 1_100_000})

    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["status"] == 413


async def test_malformed_json_answers_400_problem_when_posted(api: Api) -> None:
    answer = await api.client.post(
        "/api/lookup",
        content=b'{"username": ',
        headers={**api.bearer, "Content-Type": "application/json"},
    )

    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_unknown_api_paths_answer_404_problem_when_requested(api: Api) -> None:
    answer = await api.get("/api/no-such-thing")

    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_wrong_methods_answer_405_problem_with_allow_when_requested(api: Api) -> None:
    answer = await api.delete("/api/health")

    assert answer.status_code == 405
    assert "GET" in answer.headers["allow"]
    assert answer.json()["title"] == "Method Not Allowed"


async def test_api_answers_are_never_cached_and_carry_security_headers(api: Api) -> None:
    answer = await api.get("/api/watchlists")

    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "no-referrer"


async def test_openapi_schema_is_served_completed_with_every_operation_named_when_fetched(
    api: Api,
) -> None:
    answer = await api.client.get("/schema/openapi.json")

    schema = answer.json()
    operations = [
        operation["operationId"] for path in schema["paths"].values() for operation in path.values()
    ]
    assert answer.status_code == 200
    # What the handlers cannot say is in it: the same document the SPA's types come from.
    assert schema == openapi_document(api.app)
    assert schema["paths"]["/api/auth/login"]["post"]["security"] == []
    assert len(operations) == len(set(operations)) == 88
    assert {"lookup", "login", "listPeople", "getHudson", "addWatchlistMember"} <= set(operations)
    assert {"getSessionReport", "setSessionTheme", "getSettings", "updateSettings"} <= set(
        operations
    )
    assert "LookupRequest" in schema["components"]["schemas"]
    assert set(schema["components"]["securitySchemes"]) == {"session", "csrf", "apiKey"}


async def test_spa_serves_index_for_client_side_routes_when_built(spa_api: Api) -> None:
    root = await spa_api.client.get("/")
    deep = await spa_api.client.get("/person/42/interactions")

    for answer in (root, deep):
        assert answer.status_code == 200
        assert answer.text == INDEX
        assert answer.headers["content-type"].startswith("text/html")
        assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert answer.headers["cache-control"] == "no-cache"


async def test_spa_serves_built_files_with_long_caching_when_fingerprinted(spa_api: Api) -> None:
    script = await spa_api.client.get("/assets/app-3f9a.js")
    icon = await spa_api.client.get("/favicon.svg")

    assert script.text == "console.log('panel')"
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert icon.headers["cache-control"] == "no-cache"


async def test_spa_never_serves_files_outside_the_build_when_a_path_climbs_out(
    spa_api: Api,
) -> None:
    answer = await spa_api.client.get("/assets/%2e%2e/%2e%2e/secret.txt")

    assert "not for the web" not in answer.text


async def test_spa_shows_a_placeholder_when_the_frontend_is_not_built(api: Api) -> None:
    answer = await api.client.get("/watchlists")

    assert answer.status_code == 200
    assert "npm run build" in answer.text


async def test_schema_paths_are_not_swallowed_by_the_spa_when_unknown(spa_api: Api) -> None:
    answer = await spa_api.client.get("/schema/nothing-here")

    assert answer.status_code == 404
    assert json.loads(answer.text)["status"] == 404
