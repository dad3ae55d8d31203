"""Watchlists: the built-in lists, the owner's own lists, and their members."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.integration.http_app import (
    Api,
    add_interaction,
    add_person,
    add_snapshot,
)

from mhc.domain.models import InteractionType, SnapshotSource

EVENING = datetime(2026, 2, 1, 21, 0, tzinfo=UTC)
BUILT_IN = ["Friends", "Known Streamers", "Ones to Watch", "Banned But Craved", "Excluded"]


async def list_named(api: Api, name: str) -> dict[str, object]:
    return next(w for w in (await api.get("/api/watchlists")).json() if w["name"] == name)


async def test_watchlists_list_the_built_in_ones_first_when_nothing_was_added(api: Api) -> None:
    answer = await api.get("/api/watchlists")

    assert [(w["name"], w["isSystem"], w["memberCount"]) for w in answer.json()] == [
        (name, True, 0) for name in BUILT_IN
    ]


async def test_user_lists_are_created_renamed_and_deleted_when_asked(api: Api) -> None:
    created = await api.post("/api/watchlists", json={"name": "  Regulars  "})
    list_id = created.json()["id"]
    duplicate = await api.post("/api/watchlists", json={"name": "regulars"})
    renamed = await api.patch(f"/api/watchlist/{list_id}", json={"name": "Saturday regulars"})
    deleted = await api.delete(f"/api/watchlist/{list_id}")

    assert created.status_code == 201
    assert created.json() == {"id": list_id, "name": "Regulars", "isSystem": False}
    assert duplicate.status_code == 409
    assert renamed.json()["name"] == "Saturday regulars"
    assert deleted.status_code == 204
    assert (await api.delete(f"/api/watchlist/{list_id}")).status_code == 404
    assert [w["name"] for w in (await api.get("/api/watchlists")).json()] == BUILT_IN


async def test_built_in_lists_answer_409_when_deleted_or_renamed(api: Api) -> None:
    friends = await list_named(api, "Friends")

    deleted = await api.delete(f"/api/watchlist/{friends['id']}")
    renamed = await api.patch(f"/api/watchlist/{friends['id']}", json={"name": "Pals"})

    assert deleted.status_code == 409
    assert deleted.headers["content-type"].startswith("application/problem+json")
    assert renamed.status_code == 409
    assert [w["name"] for w in (await api.get("/api/watchlists")).json()] == BUILT_IN


async def test_watchlist_names_answer_400_when_blank_or_too_long(api: Api) -> None:
    blank = await api.post("/api/watchlists", json={"name": "   "})
    long = await api.post("/api/watchlists", json={"name": "x" * 101})

    assert blank.status_code == 400
    assert blank.json()["errors"][0]["field"] == "name"
    assert long.status_code == 400
    assert long.json()["errors"][0]["field"] == "name"


async def test_members_show_last_delta_and_last_interaction_when_listed(api: Api) -> None:
    friends = await list_named(api, "Friends")
    tipper = add_person(api, "big_tipper_77")
    add_snapshot(api, tipper, SnapshotSource.STATBATE_MEMBER, EVENING, {"all_time_tokens": 1000})
    add_snapshot(
        api,
        tipper,
        SnapshotSource.STATBATE_MEMBER,
        EVENING + timedelta(days=1),
        {"all_time_tokens": 1600},
    )
    add_interaction(api, tipper, InteractionType.TIP, EVENING, tokens=10)

    added = await api.post(f"/api/watchlist/{friends['id']}/member", json={"personId": tipper})
    by_name = await api.post(
        f"/api/watchlist/{friends['id']}/member",
        json={"username": "night_owl_3", "createIfUnknown": True},
    )
    page = (await api.get(f"/api/watchlist/{friends['id']}/members")).json()

    assert added.status_code == 201
    assert added.json()["person"]["username"] == "big_tipper_77"
    assert by_name.json()["person"]["username"] == "night_owl_3"
    assert page["total"] == 2
    members = {m["person"]["username"]: m for m in page["items"]}
    assert members["big_tipper_77"]["lastDelta"] == {
        "source": "statbate_member",
        "newerCapturedAt": "2026-02-02T21:00:00Z",
        "olderCapturedAt": "2026-02-01T21:00:00Z",
        "deltas": {"all_time_tokens": 600},
    }
    assert members["big_tipper_77"]["lastInteractionAt"] == "2026-02-01T21:00:00Z"
    assert members["big_tipper_77"]["online"] is None
    assert members["night_owl_3"]["lastDelta"] is None
    assert (await list_named(api, "Friends"))["memberCount"] == 2


async def test_members_are_online_when_their_last_event_of_the_live_session_is_not_a_leave(
    api: Api,
) -> None:
    friends = await list_named(api, "Friends")
    session_id = (await api.post("/api/session/start")).json()["id"]
    inside = add_person(api, "night_owl_3")
    left = add_person(api, "early_bird_4")
    absent = add_person(api, "big_tipper_77")
    add_interaction(api, inside, InteractionType.USER_ENTER, EVENING, session_id=session_id)
    add_interaction(api, left, InteractionType.USER_ENTER, EVENING, session_id=session_id)
    add_interaction(
        api, left, InteractionType.USER_LEAVE, EVENING + timedelta(minutes=5), session_id=session_id
    )
    for person in (inside, left, absent):
        await api.post(f"/api/watchlist/{friends['id']}/member", json={"personId": person})

    page = (await api.get(f"/api/watchlist/{friends['id']}/members")).json()

    online = {m["person"]["username"]: m["online"] for m in page["items"]}
    assert online == {"night_owl_3": True, "early_bird_4": False, "big_tipper_77": False}


async def test_adding_a_member_answers_400_when_neither_id_nor_name_is_given(api: Api) -> None:
    friends = await list_named(api, "Friends")

    neither = await api.post(f"/api/watchlist/{friends['id']}/member", json={})
    unknown_person = await api.post(
        f"/api/watchlist/{friends['id']}/member", json={"personId": 987654}
    )
    unknown_list = await api.post("/api/watchlist/987654/member", json={"username": "night_owl_3"})

    assert neither.status_code == 400
    assert neither.json()["errors"][0]["field"] == "personId"
    assert unknown_person.status_code == 404
    assert unknown_list.status_code == 404


async def test_adding_an_unknown_name_answers_404_and_creates_nobody_when_not_asked_to(
    api: Api,
) -> None:
    friends = await list_named(api, "Friends")
    add_person(api, "night_owl_3")

    misspelled = await api.post(
        f"/api/watchlist/{friends['id']}/member", json={"username": "nigth_owl_3"}
    )
    known = await api.post(
        f"/api/watchlist/{friends['id']}/member", json={"username": "Night_Owl_3"}
    )
    directory = (await api.get("/api/people", params={"q": "owl"})).json()

    assert misspelled.status_code == 404
    assert misspelled.json()["detail"] == (
        "nobody called nigth_owl_3 has been seen: check the spelling, or add them as a new person"
    )
    assert known.status_code == 201
    assert [item["username"] for item in directory["items"]] == ["night_owl_3"]
    assert (await list_named(api, "Friends"))["memberCount"] == 1


async def test_removing_a_member_takes_them_off_the_list_when_asked(api: Api) -> None:
    friends = await list_named(api, "Friends")
    tipper = add_person(api, "big_tipper_77")
    await api.post(f"/api/watchlist/{friends['id']}/member", json={"personId": tipper})

    removed = await api.delete(f"/api/watchlist/{friends['id']}/member/{tipper}")
    again = await api.delete(f"/api/watchlist/{friends['id']}/member/{tipper}")

    assert removed.status_code == 204
    assert again.status_code == 204
    page = (await api.get(f"/api/watchlist/{friends['id']}/members")).json()
    assert page == {"total": 0, "limit": 100, "offset": 0, "items": []}
    assert (await api.get("/api/watchlist/987654/members")).status_code == 404
