"""The Connections routes on a real database, tested against the simulator over loopback: values
are sealed at rest and never come back, the environment wins, each test makes a real call."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from litestar.routes import HTTPRoute
from tests.integration.http_app import Api, open_api

from mhc.domain.connections import ConnectionName
from mhc.simulator import Simulator, SimulatorConfig, run_simulator_async

# Values long and odd enough that any piece of them in an answer would be noticed.
VALUES: dict[str, dict[str, str]] = {
    "cb_events": {"value": "evt-Q7d9xWm2Lp4Zr8Kt6Vb3Nc1"},
    "cb_stats": {"value": "sts-H5j2Gf8Rw1Ty6Ui9Op3As7"},
    "statbate": {"value": "sbt-Mn4Bv7Cx2Zl9Kj5Hg1Fd8Sa"},
    "statbate_plus": {
        "value": "plus-cookie-Ee3Rr6Tt9Yy2Uu5Ii8",
        "xsrfToken": "plus-xsrf-Oo1Pp4Aa7Ss0Dd3Ff6",
    },
    "pushover": {"value": "po-app-Gg2Hh5Jj8Kk1Ll4Zz7", "userKey": "po-user-Xx0Cc3Vv6Bb9Nn2Mm5"},
}


def pieces(value: str) -> list[str]:
    """Every run of eight characters of `value`: none may show anywhere but the last four."""
    return [value[start : start + 8] for start in range(len(value) - 7)]


def secrets_of(values: dict[str, dict[str, str]]) -> list[str]:
    return [part for body in values.values() for part in body.values()]


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with run_simulator_async(SimulatorConfig(seed=11)) as simulator:
        yield simulator


@pytest.fixture
async def bare_api(database_url: str, sim: Simulator) -> AsyncIterator[Api]:
    """The panel pointed at the simulator with no token in its environment."""
    async with open_api(database_url, simulator=sim, tokens=False) as opened:
        yield opened


@pytest.fixture
async def env_api(database_url: str, sim: Simulator) -> AsyncIterator[Api]:
    """The panel whose environment sets the Stats and Statbate tokens."""
    async with open_api(database_url, simulator=sim) as opened:
        yield opened


async def connection(api: Api, name: str) -> dict[str, Any]:
    answer = await api.get("/api/connections")
    assert answer.status_code == 200, answer.text
    (found,) = [item for item in answer.json()["items"] if item["name"] == name]
    return found


def simulator_values(sim: Simulator) -> dict[str, dict[str, str]]:
    config = sim.config
    return {
        "cb_events": {"value": config.events_token},
        "cb_stats": {"value": config.stats_token},
        "statbate": {"value": config.statbate_token},
        "statbate_plus": {
            "value": config.plus_session_cookie,
            "xsrfToken": config.plus_xsrf_token,
        },
    }


async def test_every_connection_is_listed_not_set_when_nothing_is_configured(
    bare_api: Api,
) -> None:
    answer = await bare_api.get("/api/connections")

    assert answer.status_code == 200
    items = answer.json()["items"]
    assert [item["name"] for item in items] == [name.value for name in ConnectionName]
    assert {item["state"] for item in items} == {"not_set"}
    assert all(item["source"] is None and not item["stored"] for item in items)
    assert all(item["whereUrl"].startswith("https://") for item in items)


async def test_a_value_set_here_shows_only_its_last_four_characters(bare_api: Api) -> None:
    answer = await bare_api.put("/api/connections/statbate", json=VALUES["statbate"])

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["state"] == "set"
    assert body["source"] == "panel"
    assert body["stored"] is True
    assert body["parts"][0]["hint"] == VALUES["statbate"]["value"][-4:]
    assert body["parts"][0]["env"] == "STATBATE_API_TOKEN"


async def test_no_route_ever_returns_a_stored_value_when_every_connection_is_set(
    bare_api: Api,
) -> None:
    answers = [
        await bare_api.put(f"/api/connections/{name}", json=body) for name, body in VALUES.items()
    ]
    answers += [await bare_api.post(f"/api/connections/{name}/test") for name in VALUES]
    for route in bare_api.app.routes:
        if not isinstance(route, HTTPRoute) or "GET" not in route.methods:
            continue
        if route.path.endswith("/stream"):
            continue  # the radar's and the alerts' streams: endless by design, no credentials
        path = route.path.replace("{name:str}", "statbate")
        for parameter in ("{person_id:int}", "{session_id:int}", "{watchlist_id:int}"):
            path = path.replace(parameter, "1")
        path = path.split("{", 1)[0].rstrip("/") or "/"
        answers.append(await bare_api.get(path))
    answers.append(await bare_api.get("/api/export", params={"format": "csv"}))
    answers.append(await bare_api.get("/api/failures"))

    for answer in answers:
        content = answer.content
        for secret in secrets_of(VALUES):
            for piece in pieces(secret):
                assert piece.encode() not in content, (str(answer.url), piece)


async def test_the_stored_column_holds_no_plaintext_when_values_are_set(
    bare_api: Api, database_url: str
) -> None:
    for name, body in VALUES.items():
        assert (await bare_api.put(f"/api/connections/{name}", json=body)).status_code == 200

    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT name, secret, connections::text FROM connections").fetchall()

    assert {row[0] for row in rows} == set(VALUES)
    for _, sealed, whole_row in rows:
        for secret in secrets_of(VALUES):
            for piece in pieces(secret):
                assert piece.encode() not in bytes(sealed)
                assert piece not in whole_row


async def test_a_sealed_value_moved_to_another_connection_cannot_be_read_there(
    bare_api: Api, database_url: str
) -> None:
    await bare_api.put("/api/connections/statbate", json=VALUES["statbate"])
    await bare_api.put("/api/connections/cb_stats", json=VALUES["cb_stats"])
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "UPDATE connections SET secret = (SELECT secret FROM connections "
            "WHERE name = 'statbate') WHERE name = 'cb_stats'"
        )

    moved = await connection(bare_api, "cb_stats")

    assert moved["state"] == "unreadable"
    assert moved["source"] is None
    assert "cannot be read" in moved["message"]


async def test_removing_a_value_forgets_it_and_removing_again_is_harmless(bare_api: Api) -> None:
    await bare_api.put("/api/connections/cb_events", json=VALUES["cb_events"])

    first = await bare_api.delete("/api/connections/cb_events")
    second = await bare_api.delete("/api/connections/cb_events")

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["state"] == second.json()["state"] == "not_set"
    assert first.json()["stored"] is False


async def test_the_environment_wins_and_the_page_says_so_when_both_set_a_value(
    env_api: Api, sim: Simulator
) -> None:
    answer = await env_api.put("/api/connections/statbate", json=VALUES["statbate"])

    body = answer.json()
    assert body["source"] == "environment"
    assert body["stored"] is True
    assert body["parts"][0]["hint"] == sim.config.statbate_token[-4:]
    tested = await env_api.post("/api/connections/statbate/test")
    assert tested.json()["outcome"] == "working"


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("statbate_plus", {"value": "plus-cookie-0123456789"}, "xsrfToken"),
        ("pushover", {"value": "po-app-0123456789"}, "userKey"),
        ("cb_events", {"value": "evt-0123456789", "userKey": "po-user-0123456789"}, "userKey"),
        ("cb_stats", {"value": "has a space"}, "value"),
    ],
)
async def test_a_value_of_the_wrong_shape_is_refused_naming_the_field(
    bare_api: Api, name: str, body: dict[str, str], field: str
) -> None:
    answer = await bare_api.put(f"/api/connections/{name}", json=body)

    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert field in answer.text


async def test_an_unknown_connection_is_refused(bare_api: Api) -> None:
    answer = await bare_api.put("/api/connections/onlyfans", json={"value": "abcdefgh12"})

    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_testing_a_connection_that_is_not_set_answers_409(bare_api: Api) -> None:
    answer = await bare_api.post("/api/connections/cb_events/test")

    assert answer.status_code == 409
    assert "not set" in answer.json()["detail"]


async def test_each_test_makes_a_real_call_and_says_what_it_found(
    bare_api: Api, sim: Simulator
) -> None:
    for name, body in simulator_values(sim).items():
        assert (await bare_api.put(f"/api/connections/{name}", json=body)).status_code == 200

    found = {}
    for name in simulator_values(sim):
        answer = await bare_api.post(f"/api/connections/{name}/test")
        assert answer.status_code == 200, answer.text
        found[name] = answer.json()
        assert found[name]["outcome"] == "working", found[name]
        assert found[name]["connection"]["state"] == "working"
        assert found[name]["connection"]["lastSuccessAt"] is not None

    assert "the token belongs to the room hudson_cage" in found["cb_events"]["message"]
    assert "hudson_cage" in found["cb_stats"]["message"]
    assert "hudson_cage" in found["statbate"]["message"]
    assert "accepts the session" in found["statbate_plus"]["message"]
    paths = {request.path for request in sim.requests()}
    assert any(path.startswith("/events/hudson_cage/") for path in paths)
    assert "/statsapi/" in paths


async def test_a_refused_token_shows_as_refused_with_its_time(bare_api: Api) -> None:
    await bare_api.put("/api/connections/cb_events", json={"value": "revoked-token-0000001"})

    answer = await bare_api.post("/api/connections/cb_events/test")

    assert answer.json()["outcome"] == "refused"
    listed = await connection(bare_api, "cb_events")
    assert listed["state"] == "refused"
    assert listed["checkedAt"] is not None
    assert "refused the token" in listed["message"]
    assert listed["lastSuccessAt"] is None


async def test_a_new_value_starts_with_no_health_of_its_own(bare_api: Api, sim: Simulator) -> None:
    await bare_api.put("/api/connections/cb_stats", json={"value": "revoked-token-0000001"})
    await bare_api.post("/api/connections/cb_stats/test")
    assert (await connection(bare_api, "cb_stats"))["state"] == "refused"

    await bare_api.put("/api/connections/cb_stats", json={"value": sim.config.stats_token})

    assert (await connection(bare_api, "cb_stats"))["state"] == "set"


async def test_pushover_keys_are_refused_until_the_right_ones_are_set_and_tested(
    bare_api: Api, sim: Simulator
) -> None:
    await bare_api.put("/api/connections/pushover", json=VALUES["pushover"])
    refused = await bare_api.post("/api/connections/pushover/test")
    await bare_api.put(
        "/api/connections/pushover",
        json={"value": sim.config.pushover_token, "userKey": sim.config.pushover_user},
    )
    working = await bare_api.post("/api/connections/pushover/test")

    assert refused.status_code == 200
    assert refused.json()["outcome"] == "refused"
    assert refused.json()["connection"]["state"] == "refused"
    assert working.json()["outcome"] == "working"
    assert working.json()["connection"]["state"] == "working"
    hints = [part["hint"] for part in working.json()["connection"]["parts"]]
    assert hints == [sim.config.pushover_token[-4:], sim.config.pushover_user[-4:]]


async def test_a_lookup_uses_a_statbate_token_set_here_at_once(
    bare_api: Api, sim: Simulator
) -> None:
    name = next(n for n in sim.world.viewers if n != "smk_lover")
    before = await bare_api.post("/api/lookup", json={"username": name, "includeStatbate": True})
    assert "needs Statbate" in before.json()["failures"][0]["message"]

    await bare_api.put("/api/connections/statbate", json={"value": sim.config.statbate_token})
    after = await bare_api.post("/api/lookup", json={"username": name, "includeStatbate": True})

    assert after.json()["failures"] == []
    assert after.json()["people"][0]["latestSnapshots"]
