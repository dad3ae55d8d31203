"""The alert routes on the real database: the default rules, rules created, tuned, muted and
deleted (bad input refused with a 400 that changes nothing), muting everything, a test alert
through the simulator's Pushover, the log, and the stream every open tab listens to."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import anyio
import httpx
import msgspec
import psycopg
import pytest
import uvicorn
from tests.integration.http_app import OWNER_PASSWORD, Api, build_test_app, open_api
from tests.timing import wait_until

from mhc.adapters.http.streams import StreamSlots
from mhc.entrypoints.container import Container
from mhc.simulator import PUSHOVER, Simulator, SimulatorConfig, run_simulator_async

DEFAULT_KINDS = [
    "watchlist_enters",
    "big_spender_enters",
    "recent_tips",
    "first_visit_tip",
    "noted_enters",
]


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with run_simulator_async(SimulatorConfig(seed=4)) as running:
        yield running


@pytest.fixture
async def sim_api(database_url: str, sim: Simulator) -> AsyncIterator[Api]:
    async with open_api(database_url, simulator=sim) as opened:
        yield opened


async def rules(api: Api) -> list[dict[str, Any]]:
    answer = await api.get("/api/alerts/rules")
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


async def watchlist_ids(api: Api) -> dict[str, int]:
    return {w["name"]: w["id"] for w in (await api.get("/api/watchlists")).json()}


async def test_the_sensible_rules_are_on_when_the_panel_starts(api: Api) -> None:
    found = await rules(api)
    lists = await watchlist_ids(api)

    assert [rule["kind"] for rule in found] == DEFAULT_KINDS
    assert all(rule["enabled"] and rule["oncePerShow"] for rule in found)
    watched = found[0]["params"]["watchlistIds"]
    assert watched == sorted(lists[n] for n in ("Friends", "Ones to Watch", "Banned But Craved"))
    assert found[1]["params"]["minTokens"] == 10_000
    assert found[2]["params"]["levels"] == ["lots", "tons"]
    assert found[3]["params"]["minTokens"] == 100


async def test_a_rule_is_created_tuned_muted_and_deleted_when_the_owner_manages_it(
    api: Api,
) -> None:
    lists = await watchlist_ids(api)
    created = await api.post(
        "/api/alerts/rules",
        json={
            "kind": "watchlist_enters",
            "name": "Known streamers drop by",
            "params": {"watchlistIds": [lists["Known Streamers"]]},
            "oncePerShow": False,
            "cooldownMinutes": 30,
        },
    )
    assert created.status_code == 201, created.text
    rule = created.json()
    assert (rule["enabled"], rule["oncePerShow"], rule["cooldownMinutes"]) == (True, False, 30)

    tuned = await api.patch(
        f"/api/alerts/rules/{rule['id']}", json={"enabled": False, "cooldownMinutes": 90}
    )
    assert tuned.status_code == 200, tuned.text
    assert (tuned.json()["enabled"], tuned.json()["cooldownMinutes"]) == (False, 90)
    assert tuned.json()["params"] == rule["params"]

    muted = await api.post(f"/api/alerts/rules/{rule['id']}/mute", json={"minutes": 15})
    assert muted.status_code == 200
    assert muted.json()["mutedUntil"] is not None
    unmuted = await api.post(f"/api/alerts/rules/{rule['id']}/mute", json={"minutes": 0})
    assert unmuted.json()["mutedUntil"] is None

    assert (await api.delete(f"/api/alerts/rules/{rule['id']}")).status_code == 204
    assert (await api.delete(f"/api/alerts/rules/{rule['id']}")).status_code == 404
    assert [r["kind"] for r in await rules(api)] == DEFAULT_KINDS


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "watchlist_enters", "name": "x", "params": {}}, "params"),
        ({"kind": "watchlist_enters", "name": "x", "params": {"watchlistIds": [987654]}}, "params"),
        ({"kind": "big_spender_enters", "name": "x", "params": {}}, "params"),
        ({"kind": "recent_tips", "name": "x", "params": {"levels": ["loads"]}}, "params.levels"),
        ({"kind": "no_such_kind", "name": "x", "params": {}}, "kind"),
        ({"kind": "noted_enters", "name": "  ", "params": {}}, "name"),
        (
            {"kind": "noted_enters", "name": "x", "params": {}, "cooldownMinutes": 0},
            "cooldownMinutes",
        ),
    ],
)
async def test_bad_rule_input_is_refused_with_a_400_and_changes_nothing_when_created(
    api: Api, body: dict[str, Any], field: str
) -> None:
    before = await rules(api)

    answer = await api.post("/api/alerts/rules", json=body)

    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert field in answer.text
    assert await rules(api) == before


async def test_an_edit_that_does_not_suit_the_rules_kind_changes_nothing_when_refused(
    api: Api,
) -> None:
    watched = (await rules(api))[0]

    answer = await api.patch(
        f"/api/alerts/rules/{watched['id']}", json={"name": "renamed", "params": {}}
    )

    assert answer.status_code == 400
    assert "params" in answer.text
    assert (await rules(api))[0] == watched
    assert (await api.patch("/api/alerts/rules/999999", json={})).status_code == 404


async def test_every_rule_is_muted_and_unmuted_when_the_owner_asks(api: Api) -> None:
    settings = (await api.get("/api/alerts/settings")).json()
    assert settings == {"mutedUntil": None, "pushoverConfigured": False, "publicUrl": None}

    muted = await api.post("/api/alerts/mute", json={"minutes": 30})
    assert muted.status_code == 200
    assert muted.json()["mutedUntil"] is not None
    assert (await api.post("/api/alerts/mute", json={"minutes": 20_000})).status_code == 400
    unmuted = await api.post("/api/alerts/mute", json={"minutes": 0})
    assert unmuted.json()["mutedUntil"] is None


async def test_a_test_alert_reaches_the_phone_and_is_logged_when_pushover_is_set_up(
    sim_api: Api, sim: Simulator
) -> None:
    answer = await sim_api.post("/api/alerts/test")

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["pushover"]["status"] == "sent"
    assert body["alert"]["ruleKind"] == "test"
    assert {d["channel"]: d["status"] for d in body["alert"]["deliveries"]} == {
        "panel": "sent",
        "pushover": "sent",
    }
    [message] = sim.pushover_messages
    assert message.title == "Test alert"
    log = (await sim_api.get("/api/alerts")).json()
    assert log["total"] == 1
    assert log["items"][0]["id"] == body["alert"]["id"]
    assert {d["channel"]: d["status"] for d in log["items"][0]["deliveries"]}["pushover"] == "sent"
    check = await sim_api.post("/api/alerts/pushover/check")
    assert check.json()["ok"] is True


async def test_a_failed_test_alert_says_why_and_is_in_the_failure_log_when_pushover_refuses(
    sim_api: Api, sim: Simulator
) -> None:
    sim.fail_next(3, status=500, route=PUSHOVER)

    body = (await sim_api.post("/api/alerts/test")).json()

    assert body["pushover"]["status"] == "failed"
    assert "HTTP 500" in body["pushover"]["detail"]
    failures = (await sim_api.get("/api/failures")).json()["items"]
    assert failures[0]["service"] == "pushover"
    assert sim.config.pushover_token not in str(failures)


async def test_a_test_alert_stays_in_the_panel_when_pushover_is_not_set_up(api: Api) -> None:
    body = (await api.post("/api/alerts/test")).json()

    assert body["pushover"]["status"] == "skipped"
    assert {d["channel"]: d["status"] for d in body["alert"]["deliveries"]} == {
        "panel": "sent",
        "pushover": "skipped",
    }


@dataclass
class Served:
    """The app under uvicorn on a loopback port, with what a test looks at from outside."""

    url: str
    server: uvicorn.Server
    streams: StreamSlots
    container: Container


@pytest.fixture
def served_app(database_url: str) -> Iterator[Served]:
    streams = StreamSlots()
    app, container, _ = build_test_app(database_url, radar_streams=streams)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            log_config=None,
            lifespan="on",
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, name="alerts-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Served(f"http://127.0.0.1:{port}", server, streams, container)
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def served(served_app: Served) -> str:
    return served_app.url


async def until_live(lines: Any) -> None:
    """Read up to the comment that says the stream listens."""
    with anyio.fail_after(10):
        async for line in lines:
            if line == ": live":
                return
    raise AssertionError("the stream ended")


async def next_alert(lines: Any) -> dict[str, str]:
    fields: dict[str, str] = {}
    with anyio.fail_after(10):
        async for line in lines:
            if not line:
                if "data" in fields:
                    return fields
                fields = {}
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
    raise AssertionError("the stream ended")


async def test_every_open_tab_hears_of_an_alert_when_one_is_recorded(served: str) -> None:
    async with httpx.AsyncClient(base_url=served, timeout=10) as browser:
        login = await browser.post("/api/auth/login", json={"password": OWNER_PASSWORD})
        csrf = {"X-CSRF-Token": login.json()["csrfToken"]}
        async with browser.stream("GET", "/api/alerts/stream") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.aiter_lines()
            await until_live(lines)
            sent = await browser.post("/api/alerts/test", headers=csrf)
            fields = await next_alert(lines)

        async with browser.stream(
            "GET", "/api/alerts/stream", headers={"Last-Event-ID": "0"}
        ) as again:
            missed = await next_alert(again.aiter_lines())
        anonymous = await httpx.AsyncClient(base_url=served).get("/api/alerts/stream")

    assert fields["event"] == "alert"
    data = msgspec.json.decode(fields["data"])
    assert data["id"] == sent.json()["alert"]["id"] == int(fields["id"])
    assert data["reason"].startswith("A test alert")
    assert msgspec.json.decode(missed["data"])["id"] == data["id"]
    assert anonymous.status_code == 401


async def test_a_tab_closed_while_its_stream_reads_lets_the_read_finish_and_keeps_its_connection(
    served_app: Served, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The browser leaves (a page change, a closed tab) while the stream's query runs: the
    query ends as it would have (it takes milliseconds), then the stream; cutting it short
    would cost the pooled connection."""

    async def reading(observer: psycopg.AsyncConnection[Any]) -> bool:
        rows = await observer.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE query LIKE 'SELECT max(id) FROM alerts%%' AND wait_event_type = 'Lock'"
        )
        found = await rows.fetchone()
        return found is not None and found[0] == 1

    async with httpx.AsyncClient(base_url=served_app.url) as browser:
        await browser.post("/api/auth/login", json={"password": OWNER_PASSWORD})
        cookies = browser.cookies
    async with (
        await psycopg.AsyncConnection.connect(database_url, autocommit=True) as observer,
        await psycopg.AsyncConnection.connect(database_url) as locker,
    ):
        # The stream's first read (the newest alert's id) waits behind this lock.
        await locker.execute("LOCK TABLE alerts IN ACCESS EXCLUSIVE MODE")
        with caplog.at_level(logging.WARNING, logger="psycopg"):
            async with (
                httpx.AsyncClient(base_url=served_app.url, cookies=cookies, timeout=10) as tab,
                tab.stream("GET", "/api/alerts/stream") as stream,
            ):
                assert stream.status_code == 200
                await wait_until(lambda: reading(observer), what="the stream's read to wait")
            await wait_until(
                lambda: not served_app.server.server_state.connections,
                what="the server to see the tab go",
            )
            # The time a cancellation of the read would take to reach the server (a few
            # milliseconds); a slow machine can only make this test miss the case, never fail.
            await anyio.sleep(0.5)
            still_reading = await reading(observer)
            await locker.rollback()
            await wait_until(lambda: served_app.streams.open == 0, what="the stream to end")

    assert still_reading, "the read was cut short"
    assert not [record.getMessage() for record in caplog.records], "psycopg had to give up"
    stats = served_app.container.db_pool().get_stats()
    assert stats.get("connections_lost", 0) == 0, stats
