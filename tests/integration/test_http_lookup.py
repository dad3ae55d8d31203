"""POST /api/lookup on the real database, with the simulator standing in for Statbate."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from tests.integration.http_app import (
    Api,
    add_interaction,
    add_person,
    add_snapshot,
    open_api,
)

from mhc.domain.models import InteractionType, Role, SnapshotSource
from mhc.simulator import STATBATE, Simulator, SimulatorConfig, run_simulator_async

EVENING = datetime(2026, 2, 1, 21, 0, tzinfo=UTC)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with run_simulator_async(SimulatorConfig(seed=7)) as simulator:
        yield simulator


@pytest.fixture
async def sim_api(database_url: str, sim: Simulator) -> AsyncIterator[Api]:
    async with open_api(database_url, simulator=sim) as opened:
        yield opened


def statbate_regulars(sim: Simulator) -> list[str]:
    """Viewers Statbate knows, leaving out the excluded regular the simulator also has."""
    return [
        name
        for name, viewer in sim.world.viewers.items()
        if viewer.known_to_statbate and viewer.tips and name != "smk_lover"
    ]


async def test_lookup_lists_a_new_name_and_creates_the_person_only_when_opened(api: Api) -> None:
    answer = await api.post("/api/lookup", json={"username": "@Big_Tipper_77"})

    assert answer.status_code == 200
    body = answer.json()
    assert body["excluded"] == []
    assert body["failures"] == []
    assert body["people"] == []
    assert body["newNames"] == [{"username": "big_tipper_77", "foundAs": ["typed"]}]
    assert (await api.get("/api/people")).json()["total"] == 0

    opened = await api.post("/api/people", json={"username": "@Big_Tipper_77"})

    assert opened.status_code == 200
    assert opened.json()["created"] is True
    assert opened.json()["username"] == "big_tipper_77"
    answer = await api.post("/api/lookup", json={"username": "@Big_Tipper_77"})
    body = answer.json()
    assert body["newNames"] == []
    [result] = body["people"]
    assert result["person"]["id"] == opened.json()["id"]
    assert result["foundAs"] == ["typed"]
    assert result["person"]["username"] == "big_tipper_77"
    assert result["person"]["role"] == "UNKNOWN"
    assert result["person"]["isExcluded"] is False
    assert result["latestSnapshots"] == []
    assert result["roomStats"] == {
        "tipsTotal": 0,
        "tipCount": 0,
        "lastTipAt": None,
        "messages": 0,
        "visits": 0,
        "lastSeenInRoomAt": None,
    }
    again = await api.post("/api/lookup", json={"username": "big_tipper_77"})
    assert again.json()["people"][0]["person"]["id"] == result["person"]["id"]


async def test_lookup_returns_stats_deltas_and_room_data_when_the_person_is_known(
    api: Api,
) -> None:
    person_id = add_person(api, "big_tipper_77", Role.VIEWER)
    add_snapshot(
        api,
        person_id,
        SnapshotSource.STATBATE_MEMBER,
        EVENING - timedelta(days=7),
        {"all_time_tokens": 10000, "tips": 50},
    )
    add_snapshot(
        api,
        person_id,
        SnapshotSource.STATBATE_MEMBER,
        EVENING,
        {"all_time_tokens": 12000, "models_tipped_2weeks": 5},
    )
    add_interaction(api, person_id, InteractionType.USER_ENTER, EVENING)
    add_interaction(api, person_id, InteractionType.TIP, EVENING + timedelta(minutes=1), tokens=25)
    add_interaction(
        api, person_id, InteractionType.CHAT_MESSAGE, EVENING + timedelta(minutes=2), content="hi"
    )
    add_interaction(api, person_id, InteractionType.TIP, EVENING + timedelta(minutes=3), tokens=100)
    api.call(api.container.notes().add, person_id, "always tips at the start of the show")
    spenders = api.call(api.container.watchlists().create, "Big spenders")
    api.call(api.container.watchlists().add_member, spenders.id, person_id)

    answer = await api.post("/api/lookup", json={"username": "big_tipper_77"})

    [result] = answer.json()["people"]
    assert [s["normalizedMetrics"] for s in result["latestSnapshots"]] == [
        {"all_time_tokens": 12000, "models_tipped_2weeks": 5}
    ]
    [delta] = result["deltas"]
    assert delta["source"] == "statbate_member"
    assert delta["deltas"] == {"all_time_tokens": 2000, "tips": None, "models_tipped_2weeks": None}
    assert delta["olderCapturedAt"] == "2026-01-25T21:00:00Z"
    assert delta["newerCapturedAt"] == "2026-02-01T21:00:00Z"
    assert result["roomStats"] == {
        "tipsTotal": 125,
        "tipCount": 2,
        "lastTipAt": "2026-02-01T21:03:00Z",
        "messages": 1,
        "visits": 1,
        "lastSeenInRoomAt": "2026-02-01T21:03:00Z",
    }
    assert [i["type"] for i in result["interactions"]] == [
        "TIP",
        "CHAT_MESSAGE",
        "TIP",
        "USER_ENTER",
    ]
    assert result["interactions"][0]["metadata"] == {"tokens": 100, "isAnon": False}
    assert [n["content"] for n in result["notes"]] == ["always tips at the start of the show"]
    assert [w["name"] for w in result["watchlists"]] == ["Big spenders"]


async def test_lookup_leaves_out_excluded_names_when_they_are_pasted(api: Api) -> None:
    pasted = "[21:01] smk_lover: hey\n[21:02] big_tipper_77: welcome back @night_owl_3"

    answer = await api.post("/api/lookup", json={"pastedText": pasted})

    body = answer.json()
    assert [n["username"] for n in body["newNames"]] == ["big_tipper_77", "night_owl_3"]
    assert body["newNames"][1]["foundAs"] == ["mention"]
    assert body["people"] == []
    assert body["excluded"] == ["smk_lover"]
    everyone = await api.get("/api/people", params={"excluded": "true"})
    assert everyone.json()["total"] == 0
    assert (await api.get("/api/people")).json()["total"] == 0


async def test_lookup_answers_400_naming_the_field_when_no_username_is_found(api: Api) -> None:
    pasted = await api.post("/api/lookup", json={"pastedText": "🙂 !!! ??? 🙂"})
    empty = await api.post("/api/lookup", json={})

    assert pasted.status_code == 400
    assert pasted.headers["content-type"].startswith("application/problem+json")
    assert pasted.json()["errors"] == [
        {"field": "pastedText", "message": "no username found: type one or paste a chat"}
    ]
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["field"] == "username"


async def test_lookup_answers_400_when_the_typed_username_is_malformed(api: Api) -> None:
    answer = await api.post("/api/lookup", json={"username": "not a name!"})

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "username"


async def test_lookup_answers_400_when_more_than_100_names_are_pasted(api: Api) -> None:
    pasted = "\n".join(f"viewer_{n}: hi" for n in range(101))

    answer = await api.post("/api/lookup", json={"pastedText": pasted})

    assert answer.status_code == 400
    assert "at most 100 usernames" in answer.json()["detail"]


async def test_lookup_omits_room_data_when_my_room_data_is_not_asked_for(api: Api) -> None:
    person_id = add_person(api, "big_tipper_77")
    add_interaction(api, person_id, InteractionType.TIP, EVENING, tokens=25)

    answer = await api.post(
        "/api/lookup", json={"username": "big_tipper_77", "includeMyRoomData": False}
    )

    [result] = answer.json()["people"]
    assert result["interactions"] == []
    assert result["roomStats"] is None


async def test_lookup_finds_one_person_when_a_username_and_its_alias_are_given(api: Api) -> None:
    person_id = add_person(api, "big_tipper_77")
    api.call(api.container.people().add_alias, person_id, "old_tipper_77")

    answer = await api.post(
        "/api/lookup", json={"username": "old_tipper_77", "pastedText": "big_tipper_77: hi"}
    )

    [result] = answer.json()["people"]
    assert result["person"]["id"] == person_id
    assert result["person"]["aliases"] == ["old_tipper_77"]


async def test_lookup_keeps_last_seen_when_the_person_is_known_and_no_role_is_given(
    api: Api,
) -> None:
    person_id = add_person(api, "big_tipper_77")
    before = (await api.get(f"/api/person/{person_id}")).json()["person"]["lastSeenAt"]

    answer = await api.post("/api/lookup", json={"username": "big_tipper_77"})

    assert answer.json()["people"][0]["person"]["lastSeenAt"] == before


async def test_lookup_records_the_role_when_a_role_override_is_given(api: Api) -> None:
    add_person(api, "cam_star_5", Role.VIEWER)

    answer = await api.post("/api/lookup", json={"username": "cam_star_5", "role": "MODEL"})

    assert answer.json()["people"][0]["person"]["role"] == "BOTH"


async def test_lookup_names_the_missing_token_when_statbate_is_not_configured(api: Api) -> None:
    answer = await api.post(
        "/api/lookup", json={"username": "big_tipper_77", "includeStatbate": True}
    )

    assert answer.status_code == 200
    assert answer.json()["failures"] == [
        {
            "service": "statbate",
            "message": (
                "needs Statbate: no Statbate API token is set (Connections page, or "
                "STATBATE_API_TOKEN)"
            ),
        }
    ]
    assert answer.json()["newNames"][0]["username"] == "big_tipper_77"
    failures = (await api.get("/api/failures")).json()
    assert [f["service"] for f in failures["items"]] == ["statbate"]


async def test_lookup_captures_a_statbate_snapshot_when_asked(sim_api: Api, sim: Simulator) -> None:
    name = statbate_regulars(sim)[0]

    answer = await sim_api.post("/api/lookup", json={"username": name, "includeStatbate": True})

    body = answer.json()
    assert body["failures"] == []
    [result] = body["people"]
    [snapshot] = result["latestSnapshots"]
    assert snapshot["source"] == "statbate_member"
    assert snapshot["normalizedMetrics"]["all_time_tokens"] > 0
    assert result["person"]["did"] == sim.world.viewers[name].did


async def test_lookup_returns_what_it_has_when_statbate_fails(sim_api: Api, sim: Simulator) -> None:
    name = statbate_regulars(sim)[0]
    sim.revoke_tokens()

    answer = await sim_api.post("/api/lookup", json={"username": name, "includeStatbate": True})

    assert answer.status_code == 200
    body = answer.json()
    # Statbate could not say whether the name exists: it stays a new name, nobody is stored.
    assert body["newNames"][0]["username"] == name
    [failure] = body["failures"]
    assert failure["service"] == "statbate"
    assert sim.config.statbate_token not in failure["message"]
    logged = (await sim_api.get("/api/failures")).json()["items"]
    assert logged[0]["service"] == "statbate"


async def test_lookup_never_sends_excluded_names_to_statbate_when_a_chat_is_pasted(
    sim_api: Api, sim: Simulator
) -> None:
    regulars = statbate_regulars(sim)[:2]
    pasted = "\n".join(f"{name}: hello" for name in [*regulars, "smk_lover"])

    answer = await sim_api.post("/api/lookup", json={"pastedText": pasted, "includeStatbate": True})

    body = answer.json()
    assert body["excluded"] == ["smk_lover"]
    assert {r["person"]["username"] for r in body["people"]} == set(regulars)
    assert sim.requests(STATBATE)
    assert all("smk_lover" not in r.path for r in sim.requests(STATBATE))
    assert all(r["latestSnapshots"] for r in body["people"])


async def test_lookup_captures_model_info_when_the_person_is_a_model(
    sim_api: Api, sim: Simulator
) -> None:
    model = next(name for name in sim.world.models if name != sim.config.broadcaster)

    answer = await sim_api.post(
        "/api/lookup", json={"username": model, "role": "MODEL", "includeStatbate": True}
    )

    body = answer.json()
    assert body["failures"] == []
    [result] = body["people"]
    assert result["person"]["role"] == "MODEL"
    assert result["person"]["rid"] == sim.world.models[model].rid
    assert [s["source"] for s in result["latestSnapshots"]] == ["statbate_model"]


async def test_lookup_never_answers_the_broadcaster_when_their_lines_are_pasted(api: Api) -> None:
    add_person(api, "hudson_cage")
    pasted = "hudson_cage: welcome in!\nlazy_wolf_39: hi @hudson_cage"

    answer = await api.post("/api/lookup", json={"pastedText": pasted})
    typed = await api.post("/api/lookup", json={"username": "Hudson_Cage"})

    body = answer.json()
    assert [n["username"] for n in body["newNames"]] == ["lazy_wolf_39"]
    assert body["people"] == []
    assert typed.status_code == 400
    assert typed.json()["errors"][0]["field"] == "username"
    assert "broadcaster" in typed.json()["detail"]


async def test_lookup_reads_no_names_from_words_of_a_message_or_an_export_header(
    api: Api,
) -> None:
    pasted = "@lazy_wolf_39 hello, welcome back\ntime,user,type,message"

    answer = await api.post("/api/lookup", json={"pastedText": pasted})
    header = await api.post("/api/lookup", json={"pastedText": "time,user,type,message\n"})

    assert [n["username"] for n in answer.json()["newNames"]] == ["lazy_wolf_39"]
    assert header.status_code == 400


async def test_lookup_says_where_each_known_person_was_found_and_creates_no_one(api: Api) -> None:
    person_id = add_person(api, "shy_owl_87")
    before = (await api.get(f"/api/person/{person_id}")).json()["person"]["lastSeenAt"]
    pasted = "shy_owl_87 tipped 25 tokens - for the shirt\nvelvet_fox_93: hey @shy_owl_87"

    answer = await api.post("/api/lookup", json={"pastedText": pasted})

    body = answer.json()
    [result] = body["people"]
    assert result["person"]["id"] == person_id
    assert result["foundAs"] == ["tip", "mention"]
    assert [n["username"] for n in body["newNames"]] == ["velvet_fox_93"]
    assert (await api.get("/api/people")).json()["total"] == 1
    after = (await api.get(f"/api/person/{person_id}")).json()["person"]["lastSeenAt"]
    assert after == before


async def test_opening_a_known_person_changes_nothing_about_them(api: Api) -> None:
    person_id = add_person(api, "shy_owl_87", Role.VIEWER)
    before = (await api.get(f"/api/person/{person_id}")).json()["person"]

    opened = await api.post("/api/people", json={"username": "shy_owl_87", "role": "MODEL"})

    assert opened.json() == {"id": person_id, "username": "shy_owl_87", "created": False}
    assert (await api.get(f"/api/person/{person_id}")).json()["person"] == before
