"""Backfill routes: queueing from the panel (202 with the queued row), listing newest first,
reading one, and the problems a wrong request gets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from psycopg_pool import AsyncConnectionPool
from tests.integration.http_app import Api, open_api

from mhc.simulator import Simulator, SimulatorConfig, run_simulator


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=5)) as simulator:
        yield simulator


@pytest.fixture
async def configured(database_url: str, sim: Simulator) -> AsyncIterator[Api]:
    """The app with Statbate Premium configured (and no Statbate Plus session)."""
    async with open_api(database_url, simulator=sim) as opened:
        yield opened


async def start(api: Api, body: dict[str, Any]) -> Any:
    return await api.post("/api/backfills", json=body)


async def test_start_answers_202_with_the_queued_backfill_when_names_are_given(
    configured: Api,
) -> None:
    answer = await start(
        configured, {"kind": "statbate_snapshots", "usernames": ["Big_Tipper_77", "night_owl_3"]}
    )
    assert answer.status_code == 202
    body = answer.json()
    assert body == {
        **body,
        "kind": "statbate_snapshots",
        "label": "Statbate snapshots of 2 names (big_tipper_77, night_owl_3)",
        "status": "queued",
        "origin": "ui",
        "unit": "names",
        "total": None,
        "done": 0,
        "failed": 0,
        "summary": {},
        "lastError": None,
        "startedAt": None,
        "finishedAt": None,
    }
    fetched = await configured.get(f"/api/backfills/{body['id']}")
    assert fetched.json() == body


async def test_list_shows_backfills_newest_first_with_paging_when_several_were_started(
    configured: Api,
) -> None:
    friends = next(
        w for w in (await configured.get("/api/watchlists")).json() if w["name"] == "Friends"
    )
    first = await start(configured, {"kind": "statbate_snapshots", "watchlistId": friends["id"]})
    second = await start(
        configured, {"kind": "tip_history", "since": "2026-01-01", "until": "2026-01-31"}
    )
    assert (first.status_code, second.status_code) == (202, 202)
    assert second.json()["label"] == "Tip history of hudson_cage from 2026-01-01 until 2026-02-01"

    page = (await configured.get("/api/backfills", params={"limit": 1})).json()
    rest = (await configured.get("/api/backfills", params={"limit": 1, "offset": 1})).json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 1, 0)
    assert [item["id"] for item in page["items"] + rest["items"]] == [
        second.json()["id"],
        first.json()["id"],
    ]
    assert rest["items"][0]["label"] == "Statbate snapshots of watchlist Friends"


WRONG = [
    ({"kind": "statbate_snapshots", "usernames": []}, "usernames"),
    ({"kind": "statbate_snapshots", "usernames": [f"fan_{n}" for n in range(1001)]}, "usernames"),
    ({"kind": "statbate_snapshots", "usernames": ["not a name!"]}, "usernames[0]"),
    ({"kind": "statbate_snapshots"}, "usernames"),
    ({"kind": "tip_history", "usernames": ["big_tipper_77"]}, "usernames"),
    ({"kind": "tip_history", "since": "2026-02-01", "until": "2026-01-01"}, "since"),
    ({"kind": "everything"}, "kind"),
]


async def test_start_answers_400_naming_the_field_when_the_request_is_wrong(
    configured: Api,
) -> None:
    for body, field in WRONG:
        answer = await start(configured, body)
        assert answer.status_code == 400, body
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert [error["field"] for error in answer.json()["errors"]] == [field], body
    assert (await configured.get("/api/backfills")).json()["total"] == 0


async def test_start_answers_404_when_the_watchlist_does_not_exist(configured: Api) -> None:
    answer = await start(configured, {"kind": "statbate_snapshots", "watchlistId": 99_999})
    assert answer.status_code == 404
    assert answer.json()["detail"] == "watchlist 99999 does not exist"


async def test_start_answers_409_naming_the_setting_when_credentials_are_missing(
    api: Api, configured: Api
) -> None:
    no_token = await start(api, {"kind": "tip_history"})
    no_session = await start(configured, {"kind": "chat_import"})
    assert (no_token.status_code, no_session.status_code) == (409, 409)
    assert no_token.json()["detail"] == (
        "tip_history needs Statbate Premium credentials: set the Statbate API token on the "
        "Connections page (STATBATE_API_TOKEN is not set)"
    )
    assert "STATBATE_PLUS_SESSION_COOKIE" in no_session.json()["detail"]


async def test_get_answers_404_when_the_backfill_does_not_exist(api: Api) -> None:
    answer = await api.get("/api/backfills/4242")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "backfill 4242 does not exist"


async def test_backfill_routes_answer_401_when_no_credentials_come(api: Api) -> None:
    listed = await api.client.get("/api/backfills")
    started = await api.client.post("/api/backfills", json={"kind": "tip_history"})
    cancelled = await api.client.post("/api/backfills/1/cancel")
    assert (listed.status_code, started.status_code, cancelled.status_code) == (401, 401, 401)


async def test_cancel_answers_202_with_the_row_cancelled_when_it_was_still_queued(
    configured: Api,
) -> None:
    queued = (await start(configured, {"kind": "statbate_snapshots", "usernames": ["a_1"]})).json()
    answer = await configured.post(f"/api/backfills/{queued['id']}/cancel")
    assert answer.status_code == 202
    body = answer.json()
    assert (body["status"], body["lastError"]) == (
        "cancelled",
        "cancelled from the panel before it started",
    )
    assert body["finishedAt"] is not None
    assert body["cancelRequestedAt"] is not None


async def test_cancel_answers_202_with_the_request_noted_when_asked_twice_while_running(
    configured: Api, pool: AsyncConnectionPool
) -> None:
    queued = (await start(configured, {"kind": "statbate_snapshots", "usernames": ["a_1"]})).json()
    async with pool.connection() as conn:
        # As a worker's claim leaves it.
        await conn.execute(
            "UPDATE backfills SET status = 'running', started_at = now(), worker_id = 'w1'"
            " WHERE id = %s",
            (queued["id"],),
        )
    first = await configured.post(f"/api/backfills/{queued['id']}/cancel")
    second = await configured.post(f"/api/backfills/{queued['id']}/cancel")
    assert (first.status_code, second.status_code) == (202, 202)
    assert first.json()["status"] == "running"
    assert first.json()["finishedAt"] is None
    assert first.json()["cancelRequestedAt"] is not None
    assert second.json() == first.json()


async def test_cancel_answers_409_saying_it_ended_when_the_backfill_is_already_over(
    configured: Api,
) -> None:
    queued = (await start(configured, {"kind": "statbate_snapshots", "usernames": ["a_1"]})).json()
    await configured.post(f"/api/backfills/{queued['id']}/cancel")
    again = await configured.post(f"/api/backfills/{queued['id']}/cancel")
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["detail"] == (
        f"backfill {queued['id']} has already ended (cancelled): there is nothing to cancel"
    )


async def test_cancel_answers_404_when_the_backfill_does_not_exist(api: Api) -> None:
    answer = await api.post("/api/backfills/4242/cancel")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "backfill 4242 does not exist"
