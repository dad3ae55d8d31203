"""The simulator's Statbate and Stats answers: valid against the OpenAPI file, true to the room."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from mhc.simulator import Simulator, SimulatorConfig, run_simulator

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
SPEC = json.loads(
    (Path(__file__).parents[2] / "docs" / "reference" / "statbate_openapi.json").read_text()
)


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=13, start_time=START)) as simulator:
        simulator.emit(1200)
        yield simulator


@pytest.fixture(scope="module")
def api(sim: Simulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {sim.config.statbate_token}"}
    with httpx.Client(base_url=sim.statbate_api_base_url, headers=headers) as client:
        yield client


def schema_of(path: str, method: str, status: int) -> dict[str, Any]:
    response = SPEC["paths"][path][method]["responses"][str(status)]
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return schema


def problems(schema: dict[str, Any], value: Any, where: str = "$") -> list[str]:
    """Keys the schema does not declare, and date-times that are not RFC 3339 with an offset.

    jsonschema checks types; these two checks are what it lets through (no
    additionalProperties in the spec, and no format checker for date-time installed).
    """
    found: list[str] = []
    if isinstance(value, dict) and "properties" in schema:
        declared = schema["properties"]
        found += [f"{where}.{key} is not in the spec" for key in value if key not in declared]
        for key, item in value.items():
            if key in declared:
                found += problems(declared[key], item, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for position, item in enumerate(value):
            found += problems(schema["items"], item, f"{where}[{position}]")
    is_date_time = isinstance(value, str) and schema.get("format") == "date-time"
    if is_date_time and datetime.fromisoformat(value).utcoffset() is None:
        found.append(f"{where} has no UTC offset")
    if isinstance(value, str) and schema.get("format") == "date":
        date.fromisoformat(value)
    return found


def assert_valid(path: str, method: str, response: httpx.Response) -> Any:
    body = response.json()
    schema = schema_of(path, method, response.status_code)
    Draft202012Validator(schema).validate(body)
    assert problems(schema, body) == []
    return body


def known_members(sim: Simulator) -> list[str]:
    return [v.username for v in sim.world.viewers.values() if v.known_to_statbate]


def room_tips_by_viewer(sim: Simulator) -> dict[str, list[int]]:
    """Tips as the Events API told them, per tipper (the truth Statbate must agree with)."""
    tips: dict[str, list[int]] = defaultdict(list)
    for event in sim.events:
        if event["method"] == "tip":
            tips[event["object"]["user"]["username"]].append(event["object"]["tip"]["tokens"])
    return tips


@pytest.mark.parametrize("endpoint", ["info", "tips", "tag-spending", "top-models", "activity"])
def test_member_endpoints_match_the_openapi_schema_when_the_member_is_known(
    sim: Simulator, api: httpx.Client, endpoint: str
) -> None:
    for name in known_members(sim)[:8]:
        response = api.get(
            f"/members/chaturbate/{name}/{endpoint}",
            params={"range[0]": "2025-11-01 00:00:00", "range[1]": "2026-02-01 00:00:00"},
        )
        assert response.status_code == 200
        assert_valid(f"/members/{{site}}/{{name}}/{endpoint}", "get", response)


@pytest.mark.parametrize("endpoint", ["info", "activity"])
def test_model_endpoints_match_the_openapi_schema_when_found_or_not(
    sim: Simulator, api: httpx.Client, endpoint: str
) -> None:
    path = f"/model/{{site}}/{{name}}/{endpoint}"
    for name in list(sim.world.models)[:5]:
        found = api.get(f"/model/chaturbate/{name}/{endpoint}", params={"timezone": "Asia/Tokyo"})
        assert found.status_code == 200
        assert_valid(path, "get", found)
    missing = api.get(f"/model/chaturbate/not_a_model_99/{endpoint}")
    assert missing.status_code == 404
    assert assert_valid(path, "get", missing) == {"error": "Model not found"}


def test_top_models_404_matches_the_schema_when_the_member_is_unknown(api: httpx.Client) -> None:
    response = api.get("/members/chaturbate/nobody_like_this_42/top-models")
    assert response.status_code == 404
    assert_valid("/members/{site}/{name}/top-models", "get", response)


def test_batch_matches_the_openapi_schema_when_names_are_known_and_unknown(
    sim: Simulator, api: httpx.Client
) -> None:
    names = [*known_members(sim)[:20], "nobody_like_this_42"]
    response = api.post("/members/chaturbate/info/batch", json={"names": names})
    body = assert_valid("/members/{site}/info/batch", "post", response)
    assert body["meta"]["requested"] == len(names)
    assert body["meta"]["found"] == len(names) - 1
    assert body["data"][-1] == {"name": "nobody_like_this_42", "error": "Member not found"}


@pytest.mark.parametrize(
    "payload", [{}, {"names": "big_tipper_77"}, {"names": [f"viewer_{n}" for n in range(101)]}]
)
def test_batch_refuses_with_422_in_the_schema_when_names_are_wrong(
    api: httpx.Client, payload: dict[str, Any]
) -> None:
    response = api.post("/members/chaturbate/info/batch", json=payload)
    assert response.status_code == 422
    assert_valid("/members/{site}/info/batch", "post", response)


def test_bearer_token_is_required_when_calling_statbate(sim: Simulator) -> None:
    with httpx.Client(base_url=sim.statbate_api_base_url) as anonymous:
        assert anonymous.get("/model/chaturbate/hudson_cage/info").status_code == 401


def test_member_numbers_cover_every_room_tip_when_viewers_tipped(
    sim: Simulator, api: httpx.Client
) -> None:
    room_tips = room_tips_by_viewer(sim)
    assert len(room_tips) >= 5
    response = api.post("/members/chaturbate/info/batch", json={"names": sorted(room_tips)})
    members = {item["name"]: item for item in response.json()["data"]}
    for name, tokens in room_tips.items():
        member = members[name]
        assert member["all_time_tokens"] >= sum(tokens)
        assert "hudson_cage" in member["models_tipped_2weeks_list"]
        assert member["last_tip_amount"] == tokens[-1]


def test_member_tips_list_the_room_tips_when_a_viewer_tipped_the_room(
    sim: Simulator, api: httpx.Client
) -> None:
    name, tokens = max(room_tips_by_viewer(sim).items(), key=lambda item: len(item[1]))
    response = api.get(f"/members/chaturbate/{name}/tips", params={"per_page": 200})
    listed = [tip["tokens"] for tip in response.json()["data"] if tip["model"] == "hudson_cage"]
    # Newest first, and the room's own tips are the newest.
    assert listed[: len(tokens)] == tokens[::-1]


def test_stats_balance_moves_by_tips_and_media_when_the_room_earns(sim: Simulator) -> None:
    params = {"username": "hudson_cage", "token": sim.config.stats_token}
    with httpx.Client(base_url=sim.base_url) as http:
        before = http.get("/statsapi/", params=params).json()
        events = sim.emit(300)
        after = http.get("/statsapi/", params=params).json()
    earned = sum(e["object"]["tip"]["tokens"] for e in events if e["method"] == "tip")
    earned += sum(e["object"]["media"]["tokens"] for e in events if e["method"] == "mediaPurchase")
    assert after["token_balance"] - before["token_balance"] == earned
    assert after["num_viewers"] >= after["num_registered_viewers"] >= after["num_tokened_viewers"]


def test_plus_history_holds_every_chat_message_when_the_room_chatted(sim: Simulator) -> None:
    said = [
        (e["object"]["user"]["username"], e["object"]["message"]["message"])
        for e in sim.events
        if e["method"] == "chatMessage"
    ]
    cookies = f"statbate_plus_session={sim.config.plus_session_cookie}; "
    cookies += f"XSRF-TOKEN={sim.config.plus_xsrf_token}"
    headers = {"Cookie": cookies, "X-XSRF-TOKEN": "sim-xsrf-token="}
    history: list[dict[str, Any]] = []
    params: dict[str, str | int] = {"per_page": 100, "range[0]": "2026-01-05 20:00:00"}
    with httpx.Client(base_url=sim.base_url, headers=headers) as http:
        while True:
            page = http.get("/model/chaturbate/hudson_cage/chat", params=params).json()
            history += page["data"]
            if page["meta"]["next_cursor"] is None:
                break
            params["cursor"] = page["meta"]["next_cursor"]
    assert [(line["username"], line["message"]) for line in history] == said
