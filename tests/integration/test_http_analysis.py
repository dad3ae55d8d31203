"""Analysis routes on the real database: a person, a session, accepting and dismissing inferred
attributes, exclusion, and the rows evidence links open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from tests.fakes import ManualClock
from tests.integration.http_app import (
    Api,
    add_interaction,
    add_person,
    add_snapshot,
    open_api,
)

from mhc.domain.models import InteractionType, Role, SnapshotSource
from mhc.simulator import STATBATE, Simulator, SimulatorConfig, run_simulator_async

NOW = datetime(2026, 2, 1, 23, 0, tzinfo=UTC)
EVENING = NOW - timedelta(hours=2)


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Api]:
    async with open_api(database_url, clock=ManualClock(NOW)) as opened:
        yield opened


def start_session(api: Api, at: datetime) -> int:
    """A session started at `at` (the app's clock then moves back to NOW)."""
    clock = api.container.clock()
    clock.set(at)
    try:
        return api.call(api.container.sessions().start).id
    finally:
        clock.set(NOW)


def tipper_with_history(api: Api) -> int:
    """big_tipper_77 tipped 5,000 then 100 tokens in tonight's session."""
    session_id = start_session(api, EVENING - timedelta(minutes=5))
    tipper = add_person(api, "big_tipper_77", Role.VIEWER)
    add_interaction(api, tipper, InteractionType.USER_ENTER, EVENING, session_id=session_id)
    add_interaction(
        api,
        tipper,
        InteractionType.TIP,
        EVENING + timedelta(minutes=1),
        tokens=5_000,
        session_id=session_id,
    )
    add_interaction(
        api,
        tipper,
        InteractionType.TIP,
        EVENING + timedelta(minutes=2),
        tokens=100,
        session_id=session_id,
    )
    return tipper


async def interaction_ids(api: Api, person_id: int) -> list[int]:
    """The person's interaction ids, oldest first."""
    page = await api.get(f"/api/person/{person_id}/interactions", params={"sort": "asc"})
    return [item["id"] for item in page.json()["items"]]


async def test_person_analysis_answers_every_dimension_in_camel_case_when_the_person_tipped(
    api: Api,
) -> None:
    tipper = tipper_with_history(api)

    answer = await api.get(f"/api/person/{tipper}/analysis")

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["personId"], body["username"], body["isExcluded"]) == (
        tipper,
        "big_tipper_77",
        False,
    )
    assert body["timezone"]
    for dimension in ("spending", "engagement", "loyalty", "timing", "tags"):
        assert isinstance(body[dimension], list)
    room = next(i for i in body["spending"] if i["key"] == "spending.room")
    assert room["enoughData"] is True
    assert room["evidence"]["total"] >= 1
    assert {"type", "id", "source"} <= set(room["evidence"]["items"][0])
    assert len(body["activityHeatmap"]) == 7
    assert all(len(row) == 24 for row in body["activityHeatmap"])
    assert sum(map(sum, body["activityHeatmap"])) == 3
    assert body["months"][-1]["tokens"] == 5_100
    tier = next(s for s in body["suggestions"] if s["key"] == "spender_tier")
    assert (tier["value"], tier["insightKey"], tier["currentValue"]) == (
        "big",
        "spending.room",
        None,
    )


async def test_person_analysis_is_refused_with_409_when_the_person_is_excluded(api: Api) -> None:
    excluded = add_person(api, "smk_lover")
    add_interaction(api, excluded, InteractionType.TIP, EVENING, tokens=9_999)

    refused = await api.get(f"/api/person/{excluded}/analysis")
    asked = await api.get(f"/api/person/{excluded}/analysis", params={"includeExcluded": "true"})

    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "excluded" in refused.json()["detail"]
    assert asked.status_code == 200
    assert asked.json()["isExcluded"] is True


async def test_person_analysis_answers_404_when_the_person_does_not_exist(api: Api) -> None:
    answer = await api.get("/api/person/4242/analysis")

    assert answer.status_code == 404
    assert answer.json()["status"] == 404


async def test_accept_stores_the_suggestion_with_its_first_evidence_when_it_is_current(
    api: Api,
) -> None:
    tipper = tipper_with_history(api)
    largest_tip = (await interaction_ids(api, tipper))[1]

    accepted = await api.post(
        f"/api/person/{tipper}/analysis/accept", json={"key": "spender_tier", "value": "big"}
    )

    assert accepted.status_code == 200, accepted.text
    attribute = accepted.json()
    assert (attribute["key"], attribute["value"], attribute["evidenceType"]) == (
        "spender_tier",
        "big",
        "interaction",
    )
    assert attribute["evidenceId"] == largest_tip
    person = (await api.get(f"/api/person/{tipper}")).json()
    assert [(a["key"], a["value"]) for a in person["attributes"]] == [("spender_tier", "big")]
    again = (await api.get(f"/api/person/{tipper}/analysis")).json()
    assert "spender_tier" not in {s["key"] for s in again["suggestions"]}


async def test_accept_answers_409_when_the_analysis_does_not_suggest_that_value(api: Api) -> None:
    tipper = tipper_with_history(api)

    answer = await api.post(
        f"/api/person/{tipper}/analysis/accept", json={"key": "spender_tier", "value": "whale"}
    )

    assert answer.status_code == 409
    assert "'big'" in answer.json()["detail"]


async def test_accept_answers_400_naming_the_key_when_it_is_not_an_inferred_attribute(
    api: Api,
) -> None:
    tipper = tipper_with_history(api)

    answer = await api.post(
        f"/api/person/{tipper}/analysis/accept", json={"key": "favourite_colour", "value": "red"}
    )

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "key"


async def test_dismiss_hides_the_suggestion_when_the_owner_disagrees(api: Api) -> None:
    tipper = tipper_with_history(api)

    dismissed = await api.post(
        f"/api/person/{tipper}/analysis/dismiss", json={"key": "spender_tier", "value": "big"}
    )
    after = (await api.get(f"/api/person/{tipper}/analysis")).json()
    accept = await api.post(
        f"/api/person/{tipper}/analysis/accept", json={"key": "spender_tier", "value": "big"}
    )

    assert dismissed.status_code == 204
    assert dismissed.content == b""
    assert "spender_tier" not in {s["key"] for s in after["suggestions"]}
    assert accept.status_code == 409


async def test_dismiss_answers_404_when_the_person_does_not_exist(api: Api) -> None:
    answer = await api.post(
        "/api/person/4242/analysis/dismiss", json={"key": "loyalty", "value": "regular"}
    )

    assert answer.status_code == 404


async def test_session_analysis_lists_tippers_newcomers_and_conversion_without_excluded_persons(
    api: Api,
) -> None:
    session_id = start_session(api, EVENING - timedelta(minutes=5))
    newcomer = add_person(api, "new_viewer_1", Role.VIEWER)
    lurker = add_person(api, "lurker_2", Role.VIEWER)
    excluded = add_person(api, "smk_lover")
    at = EVENING
    for person, kind, tokens in [
        (newcomer, InteractionType.USER_ENTER, None),
        (newcomer, InteractionType.TIP, 25),
        (lurker, InteractionType.USER_ENTER, None),
        (excluded, InteractionType.USER_ENTER, None),
        (excluded, InteractionType.TIP, 9_999),
    ]:
        at += timedelta(minutes=1)
        add_interaction(api, person, kind, at, tokens=tokens, session_id=session_id)

    answer = await api.get(f"/api/session/{session_id}/analysis")

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["sessionId"] == session_id
    assert body["endedAt"] is None
    assert [(t["username"], t["tokens"], t["tips"]) for t in body["topTippers"]] == [
        ("new_viewer_1", 25, 1)
    ]
    assert {p["username"] for p in body["newcomers"]} == {"new_viewer_1", "lurker_2"}
    assert body["returningRegulars"] == []
    assert body["enterToTipConversion"] == 0.5
    assert "smk_lover" not in answer.text
    assert {i["key"] for i in body["insights"]} >= {"session.top_tippers"}


async def test_session_analysis_answers_404_when_the_session_does_not_exist(api: Api) -> None:
    assert (await api.get("/api/session/31337/analysis")).status_code == 404


async def test_evidence_links_open_the_interaction_and_the_snapshot_when_they_exist(
    api: Api,
) -> None:
    tipper = tipper_with_history(api)
    tip_id = (await interaction_ids(api, tipper))[1]
    add_snapshot(
        api,
        tipper,
        SnapshotSource.STATBATE_MEMBER,
        NOW - timedelta(days=1),
        {"all_time_tokens": 25_000},
    )
    snapshots = await api.get(f"/api/person/{tipper}/snapshots")
    snapshot_id = snapshots.json()["items"][0]["id"]

    interaction = await api.get(f"/api/interaction/{tip_id}")
    snapshot = await api.get(f"/api/snapshot/{snapshot_id}")
    raw = await api.get(f"/api/snapshot/{snapshot_id}", params={"includeRaw": "true"})

    assert interaction.status_code == 200
    assert (interaction.json()["username"], interaction.json()["type"]) == ("big_tipper_77", "TIP")
    assert interaction.json()["metadata"]["tokens"] == 5_000
    assert snapshot.json()["normalizedMetrics"] == {"all_time_tokens": 25_000}
    assert "rawPayload" not in snapshot.json()
    assert raw.json()["rawPayload"] == {"captured": "in a test"}
    assert (await api.get("/api/interaction/987654")).status_code == 404
    assert (await api.get("/api/snapshot/987654")).status_code == 404


@pytest.fixture
async def sim_api(database_url: str) -> AsyncIterator[tuple[Api, Simulator]]:
    async with (
        run_simulator_async(SimulatorConfig(seed=7)) as sim,
        open_api(database_url, simulator=sim, clock=ManualClock(NOW)) as opened,
    ):
        yield opened, sim


async def test_statbate_profile_fetch_gives_tag_preferences_when_statbate_knows_the_member(
    sim_api: tuple[Api, Simulator],
) -> None:
    api, sim = sim_api
    tipper = sim.world.with_habit("big_tipper")[0]
    person_id = add_person(api, tipper.username, Role.VIEWER)

    fetched = await api.post(f"/api/person/{person_id}/statbate-profile")
    analysed = await api.get(f"/api/person/{person_id}/analysis")

    assert fetched.status_code == 200, fetched.text
    body = fetched.json()
    assert body["personId"] == person_id
    assert [(p["part"], p["outcome"]) for p in body["parts"]] == [
        ("tag_spending", "captured"),
        ("top_models", "captured"),
        ("activity", "captured"),
    ]
    tags_snapshot = body["parts"][0]["snapshotId"]
    [preferences] = [i for i in analysed.json()["tags"] if i["key"] == "tags.preferences"]
    assert preferences["confidence"] in ("medium", "high")
    assert preferences["evidence"]["items"] == [
        {"type": "snapshot", "id": tags_snapshot, "source": "statbate_profile"}
    ]


async def test_statbate_profile_fetch_is_refused_with_409_when_the_person_is_excluded(
    sim_api: tuple[Api, Simulator],
) -> None:
    api, sim = sim_api
    excluded = add_person(api, "smk_lover")

    refused = await api.post(f"/api/person/{excluded}/statbate-profile")

    assert refused.status_code == 409
    assert sim.requests(STATBATE) == []


async def test_statbate_profile_fetch_answers_502_when_statbate_refuses_every_part(
    sim_api: tuple[Api, Simulator],
) -> None:
    api, sim = sim_api
    person_id = add_person(api, "big_tipper_77", Role.VIEWER)
    # A refused token is not retried, so each part fails at its first request.
    sim.fail_next(3, status=401, route=STATBATE)

    failed = await api.post(f"/api/person/{person_id}/statbate-profile")
    failures = await api.get("/api/failures")

    assert failed.status_code == 502
    assert failed.headers["content-type"].startswith("application/problem+json")
    assert [f["service"] for f in failures.json()["items"]] == ["statbate"] * 3
