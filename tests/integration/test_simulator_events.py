"""The simulator's Events API long poll and its seeded room, over loopback HTTP."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from mhc.simulator import EVENTS, Simulator, SimulatorConfig, run_simulator
from mhc.simulator.cast import event_key

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
EVENT_ID = re.compile(r"^\d{13}-\d+$")
OBJECT_KEYS = {
    "broadcastStart": {"broadcaster", "user"},
    "broadcastStop": {"broadcaster", "user"},
    "fanclubJoin": {"broadcaster", "user"},
    "follow": {"broadcaster", "user"},
    "unfollow": {"broadcaster", "user"},
    "userEnter": {"broadcaster", "user"},
    "userLeave": {"broadcaster", "user"},
    "chatMessage": {"broadcaster", "user", "message"},
    "privateMessage": {"broadcaster", "user", "message"},
    "tip": {"broadcaster", "user", "tip"},
    "mediaPurchase": {"broadcaster", "user", "media"},
    "roomSubjectChange": {"broadcaster", "subject"},
}
USER_KEYS = {"username", "inFanclub", "hasTokens", "isMod", "gender", "subgender", "recentTips"}


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=3, start_time=START)) as simulator:
        yield simulator


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0) as client:
        yield client


def feed_url(sim: Simulator, token: str | None = None) -> str:
    return f"{sim.base_url}/events/hudson_cage/{token or sim.config.events_token}/"


def test_event_ids_are_unique_and_increasing_when_the_room_runs_for_a_while(sim: Simulator) -> None:
    events = sim.emit(1500)
    ids = [event["id"] for event in events]
    assert all(EVENT_ID.match(event_id) for event_id in ids)
    keys = [event_key(event_id) for event_id in ids]
    assert keys == sorted(keys)
    assert len(set(ids)) == len(ids)


def test_events_have_the_documented_shapes_when_every_method_has_occurred(sim: Simulator) -> None:
    events = sim.emit(1500)
    methods = Counter(event["method"] for event in events)
    assert set(methods) == set(OBJECT_KEYS)
    for event in events:
        obj = event["object"]
        assert set(obj) == OBJECT_KEYS[event["method"]]
        assert obj["broadcaster"] == "hudson_cage"
        if "user" in obj:
            assert set(obj["user"]) >= USER_KEYS
            assert obj["user"]["recentTips"] in {"none", "few", "some", "lots", "tons"}
        if event["method"] == "tip":
            assert set(obj["tip"]) == {"tokens", "isAnon", "message"}
            assert obj["tip"]["tokens"] > 0
        if event["method"] == "privateMessage":
            assert {obj["message"]["fromUser"], obj["message"]["toUser"]} >= {"hudson_cage"}
        if event["method"] == "mediaPurchase":
            assert obj["media"]["type"] in {"photos", "video"}


def test_same_seed_builds_the_same_world_when_run_twice() -> None:
    config = SimulatorConfig(seed=21, start_time=START)
    with run_simulator(config) as first, run_simulator(config) as second:
        assert first.emit(800) == second.emit(800)
        assert list(first.world.viewers) == list(second.world.viewers)
        assert first.world.chat_lines == second.world.chat_lines
    with run_simulator(SimulatorConfig(seed=22, start_time=START)) as other:
        assert list(other.world.viewers) != list(first.world.viewers)


def test_room_content_does_not_depend_on_the_clock_when_time_is_real_or_virtual() -> None:
    with (
        run_simulator(SimulatorConfig(seed=4, start_time=START)) as virtual,
        run_simulator(SimulatorConfig(seed=4)) as wall,
    ):
        strip = [
            [{k: v for k, v in e.items() if k != "id"} for e in sim.emit(300)]
            for sim in (virtual, wall)
        ]
    assert strip[0] == strip[1]


def test_first_poll_replays_the_latest_events_when_no_cursor_is_given(
    sim: Simulator, http: httpx.Client
) -> None:
    emitted = sim.emit(250)
    body = http.get(feed_url(sim), params={"timeout": 0}).json()
    assert body["events"] == emitted[-sim.config.replay_count :]


def test_next_urls_deliver_every_event_once_in_order_when_followed(
    sim: Simulator, http: httpx.Client
) -> None:
    emitted = sim.emit(350)
    url = f"{feed_url(sim)}?i={emitted[0]['id']}&timeout=0"
    received = []
    while True:
        body = http.get(url).json()
        if not body["events"]:
            break
        received += body["events"]
        url = body["nextUrl"]
    assert received == emitted[1:]
    next_url = urlsplit(url)
    assert f"{next_url.scheme}://{next_url.netloc}" == sim.base_url
    assert parse_qs(next_url.query) == {"i": [emitted[-1]["id"]], "timeout": ["0"]}


def test_poll_returns_as_soon_as_events_arrive_when_it_is_holding(
    sim: Simulator, http: httpx.Client
) -> None:
    last = sim.emit(5)[-1]["id"]
    timer = threading.Timer(0.2, lambda: sim.emit(3))
    timer.start()
    started = time.monotonic()
    response = http.get(feed_url(sim), params={"i": last, "timeout": 20})
    timer.join()
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert response.json()["events"] == sim.events[5:]


def test_poll_answers_waited_too_long_with_a_next_url_when_nothing_happens(
    sim: Simulator, http: httpx.Client
) -> None:
    last = sim.emit(2)[-1]["id"]
    response = http.get(feed_url(sim), params={"i": last, "timeout": 1})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "waited too long for events"
    assert body["events"] == []
    assert parse_qs(urlsplit(body["nextUrl"]).query) == {"i": [last], "timeout": ["1"]}


def test_poll_answers_empty_with_200_when_configured_that_way() -> None:
    config = SimulatorConfig(seed=3, start_time=START, timeout_answer="empty")
    with run_simulator(config) as sim, httpx.Client() as http:
        response = http.get(feed_url(sim), params={"timeout": 1})
    assert response.status_code == 200
    assert response.json()["events"] == []
    assert "i=0-0" in response.json()["nextUrl"]


def test_poll_refuses_with_401_when_the_token_is_wrong_or_revoked(
    sim: Simulator, http: httpx.Client
) -> None:
    assert http.get(feed_url(sim, "stolen-token-1"), params={"timeout": 0}).status_code == 401
    sim.revoke_tokens()
    assert http.get(feed_url(sim), params={"timeout": 0}).status_code == 401
    assert all("***" in r.path and "token" not in r.path for r in sim.requests(EVENTS))


def test_poll_refuses_with_400_when_the_cursor_is_malformed(
    sim: Simulator, http: httpx.Client
) -> None:
    assert http.get(feed_url(sim), params={"i": "yesterday", "timeout": 0}).status_code == 400


def test_burst_shares_one_millisecond_with_rising_sequence_when_on_a_virtual_clock(
    sim: Simulator,
) -> None:
    ids = [event["id"] for event in sim.burst(12)]
    assert len({event_id.split("-")[0] for event_id in ids}) == 1
    assert [int(event_id.split("-")[1]) for event_id in ids] == list(range(12))


def test_rate_knob_produces_events_in_the_background_when_set(sim: Simulator) -> None:
    sim.set_rate(200)
    time.sleep(0.3)
    sim.set_rate(0)
    produced = len(sim.events)
    time.sleep(0.1)
    assert 20 <= produced <= 200
    assert len(sim.events) == produced


def test_injected_events_are_served_as_given_when_the_method_is_unknown(
    sim: Simulator, http: httpx.Client
) -> None:
    event = sim.inject("mysteryMethod", {"sparkle": 3})
    body = http.get(feed_url(sim), params={"timeout": 0}).json()
    assert body["events"] == [event]
    assert event["object"] == {"broadcaster": "hudson_cage", "sparkle": 3}


def test_tip_and_chat_controls_emit_events_from_the_named_viewer_when_called(
    sim: Simulator,
) -> None:
    sim.start_broadcast()
    tip = sim.tip("big_tipper_77", 250, "for you")
    chat = sim.chat("big_tipper_77", "great show")
    assert tip["object"]["tip"] == {"tokens": 250, "isAnon": False, "message": "for you"}
    assert tip["object"]["user"]["username"] == "big_tipper_77"
    assert tip["object"]["user"]["recentTips"] == "lots"
    assert chat["object"]["message"]["message"] == "great show"
    assert sim.events[-2:] == [tip, chat]


def test_enter_all_brings_every_raider_in_as_one_served_batch_when_a_raid_arrives(
    sim: Simulator, http: httpx.Client
) -> None:
    before = sim.emit(1)[-1]["id"]
    raiders = [f"raider_{n:04d}" for n in range(250)]
    entered = sim.enter_all(raiders)
    assert [e["method"] for e in entered] == ["userEnter"] * 250
    assert [e["object"]["user"]["username"] for e in entered] == raiders
    assert all(sim.world.viewers[name].present for name in raiders)
    received = []
    url = f"{feed_url(sim)}?i={before}&timeout=0"
    while (body := http.get(url).json())["events"]:
        received += body["events"]
        url = body["nextUrl"]
    assert received == entered
