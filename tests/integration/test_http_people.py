"""People routes: directory, person page, timelines, aliases, notes and attributes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.integration.http_app import (
    Api,
    add_interaction,
    add_person,
    add_snapshot,
)

from mhc.adapters.postgres import read_models
from mhc.domain.models import (
    InteractionFilters,
    InteractionSource,
    InteractionType,
    Role,
    SnapshotSource,
)

EVENING = datetime(2026, 2, 1, 21, 0, tzinfo=UTC)


def usernames(page: dict[str, object]) -> list[str]:
    items = page["items"]
    assert isinstance(items, list)
    return [item["username"] for item in items]


async def test_directory_finds_people_when_a_name_or_alias_prefix_is_searched(api: Api) -> None:
    tipper = add_person(api, "big_tipper_77")
    add_person(api, "big_fan_12")
    add_person(api, "night_owl_3")
    api.call(api.container.people().add_alias, tipper, "night_rider_9")

    by_name = (await api.get("/api/people", params={"q": "BIG_", "sort": "username"})).json()
    by_alias = (await api.get("/api/people", params={"q": "night_r"})).json()
    wildcard = (await api.get("/api/people", params={"q": "%"})).json()

    assert usernames(by_name) == ["big_tipper_77", "big_fan_12"]
    assert by_name["total"] == 2
    assert usernames(by_alias) == ["big_tipper_77"]
    assert wildcard["total"] == 0


async def test_directory_sorts_by_spend_and_filters_by_minimum_when_asked(api: Api) -> None:
    whale = add_person(api, "whale_1")
    minnow = add_person(api, "minnow_2")
    add_person(api, "lurker_3")
    add_interaction(api, whale, InteractionType.TIP, EVENING, tokens=900)
    add_interaction(api, minnow, InteractionType.TIP, EVENING, tokens=20)
    add_interaction(api, minnow, InteractionType.TIP, EVENING + timedelta(minutes=1), tokens=30)

    by_spend = (await api.get("/api/people", params={"sort": "spend"})).json()
    ascending = (await api.get("/api/people", params={"sort": "spend", "order": "asc"})).json()
    big = (await api.get("/api/people", params={"minSpend": 100})).json()

    assert usernames(by_spend) == ["whale_1", "minnow_2", "lurker_3"]
    assert [p["tipsTotal"] for p in by_spend["items"]] == [900, 50, 0]
    assert by_spend["items"][1]["lastInteractionAt"] == "2026-02-01T21:01:00Z"
    assert usernames(ascending) == ["lurker_3", "minnow_2", "whale_1"]
    assert usernames(big) == ["whale_1"]


async def test_directory_filters_by_role_watchlist_and_exclusion_when_asked(api: Api) -> None:
    add_person(api, "cam_star_5", Role.MODEL)
    viewer = add_person(api, "big_tipper_77", Role.VIEWER)
    add_person(api, "smk_lover")
    friends = next(w for w in (await api.get("/api/watchlists")).json() if w["name"] == "Friends")
    api.call(api.container.watchlists().add_member, friends["id"], viewer)

    models = (await api.get("/api/people", params={"role": "MODEL"})).json()
    on_friends = (await api.get("/api/people", params={"watchlistId": friends["id"]})).json()
    default = (await api.get("/api/people")).json()
    excluded = (await api.get("/api/people", params={"excluded": "true"})).json()

    assert usernames(models) == ["cam_star_5"]
    assert usernames(on_friends) == ["big_tipper_77"]
    assert "smk_lover" not in usernames(default)
    assert usernames(excluded) == ["smk_lover"]


async def test_directory_pages_in_sql_when_limit_and_offset_are_given(api: Api) -> None:
    for n in range(5):
        add_person(api, f"viewer_{n}")

    first = (await api.get("/api/people", params={"sort": "username", "limit": 2})).json()
    last = (
        await api.get("/api/people", params={"sort": "username", "limit": 2, "offset": 4})
    ).json()
    beyond = (await api.get("/api/people", params={"limit": 2, "offset": 10})).json()

    assert usernames(first) == ["viewer_4", "viewer_3"]
    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert usernames(last) == ["viewer_0"]
    assert beyond == {"total": 5, "limit": 2, "offset": 10, "items": [], "totalIsExact": True}


@pytest.fixture
def counting_three_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory counts a filter's matches up to 3 past the offset (a thousand in use)."""
    monkeypatch.setattr(read_models, "COUNT_AHEAD", 3)


@pytest.mark.usefixtures("counting_three_ahead")
async def test_directory_counts_a_filters_matches_up_to_a_bound_past_the_offset_and_says_so(
    api: Api,
) -> None:
    for n in range(8):
        add_person(api, f"viewer_{n}")
    since = {"seenSince": "2020-01-01T00:00:00Z", "sort": "username", "limit": 2}

    first = (await api.get("/api/people", params=since)).json()
    later = (await api.get("/api/people", params={**since, "offset": 5})).json()
    unfiltered = (await api.get("/api/people", params={"limit": 2})).json()

    # Counted up to 3 past the offset: from the first page, more than 3 match; from the sixth
    # person on, the count reaches the end (8 in all).
    assert (first["total"], first["totalIsExact"]) == (3, False)
    assert usernames(first) == ["viewer_7", "viewer_6"]
    assert (later["total"], later["totalIsExact"]) == (8, True)
    assert usernames(later) == ["viewer_2", "viewer_1"]
    # Without a filter the kept counts give the exact total at once.
    assert (unfiltered["total"], unfiltered["totalIsExact"]) == (8, True)


@pytest.mark.usefixtures("counting_three_ahead")
async def test_directory_search_with_more_matches_than_it_counts_walks_the_sort_order(
    api: Api,
) -> None:
    for name in [*(f"sly_fox_{n}" for n in range(8)), "bear_9"]:
        add_person(api, name)
    search = {"q": "fox", "sort": "username", "limit": 2}

    first = (await api.get("/api/people", params=search)).json()
    ascending = (await api.get("/api/people", params={**search, "order": "asc"})).json()
    later = (await api.get("/api/people", params={**search, "offset": 5})).json()
    rare = (await api.get("/api/people", params={**search, "q": "fox_3"})).json()

    assert (first["total"], first["totalIsExact"]) == (3, False)
    assert usernames(first) == ["sly_fox_7", "sly_fox_6"]
    assert usernames(ascending) == ["sly_fox_0", "sly_fox_1"]
    assert (later["total"], later["totalIsExact"]) == (8, True)
    assert usernames(later) == ["sly_fox_2", "sly_fox_1"]
    assert (rare["total"], rare["totalIsExact"], usernames(rare)) == (1, True, ["sly_fox_3"])


async def test_directory_answers_400_naming_the_parameter_when_it_is_invalid(api: Api) -> None:
    sort = await api.get("/api/people", params={"sort": "height"})
    limit = await api.get("/api/people", params={"limit": 0})
    nul = await api.get("/api/people", params={"q": "big\x00"})

    assert sort.status_code == 400
    assert sort.json()["errors"][0]["field"] == "sort"
    assert limit.status_code == 400
    assert limit.json()["errors"][0]["field"] == "limit"
    assert nul.status_code == 400


async def test_person_page_answers_404_problem_when_the_id_is_unknown(api: Api) -> None:
    answer = await api.get("/api/person/987654")

    assert answer.status_code == 404
    assert answer.json() == {
        "type": "urn:mhc:problem:not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "person 987654 does not exist",
    }


async def test_person_page_shows_latest_figures_per_source_when_snapshots_exist(api: Api) -> None:
    person_id = add_person(api, "cam_star_5", Role.BOTH)
    add_snapshot(api, person_id, SnapshotSource.STATBATE_MODEL, EVENING, {"rank": 500})
    add_snapshot(
        api, person_id, SnapshotSource.STATBATE_MODEL, EVENING + timedelta(days=1), {"rank": 420}
    )
    add_snapshot(api, person_id, SnapshotSource.STATBATE_MEMBER, EVENING, {"all_time_tokens": 7})

    answer = await api.get(f"/api/person/{person_id}")

    body = answer.json()
    assert body["person"]["username"] == "cam_star_5"
    assert [(s["source"], s["normalizedMetrics"]) for s in body["latestSnapshots"]] == [
        ("statbate_member", {"all_time_tokens": 7}),
        ("statbate_model", {"rank": 420}),
    ]
    assert [(d["source"], d["deltas"]) for d in body["deltas"]] == [
        ("statbate_member", {"all_time_tokens": None}),
        ("statbate_model", {"rank": -80}),
    ]
    assert "rawPayload" not in body["latestSnapshots"][0]
    assert body["roomStats"]["tipCount"] == 0


async def test_snapshot_timeline_is_oldest_first_and_filtered_when_a_source_is_given(
    api: Api,
) -> None:
    person_id = add_person(api, "cam_star_5")
    for day in range(3):
        add_snapshot(
            api,
            person_id,
            SnapshotSource.STATBATE_MODEL,
            EVENING + timedelta(days=day),
            {"rank": 500 - day},
        )
    add_snapshot(api, person_id, SnapshotSource.MANUAL, EVENING, {"note_score": 1})

    models = (
        await api.get(
            f"/api/person/{person_id}/snapshots",
            params={"source": "statbate_model", "includeRaw": "true", "limit": 2},
        )
    ).json()
    everything = (await api.get(f"/api/person/{person_id}/snapshots")).json()
    missing = await api.get("/api/person/987654/snapshots")

    assert [s["normalizedMetrics"]["rank"] for s in models["items"]] == [500, 499]
    assert models["total"] == 3
    assert models["items"][0]["rawPayload"] == {"captured": "in a test"}
    assert everything["total"] == 4
    assert missing.status_code == 404


async def test_library_and_api_exclude_an_interaction_at_until_when_both_are_asked(
    api: Api,
) -> None:
    """The same filter through the use case and through the route: the end is exclusive."""
    person_id = add_person(api, "big_tipper_77")
    for minutes in (1, 2, 3):
        add_interaction(api, person_id, InteractionType.TIP, EVENING + timedelta(minutes=minutes))
    since, until = EVENING + timedelta(minutes=1), EVENING + timedelta(minutes=3)
    filters = InteractionFilters(since=since, until=until, newest_first=False)

    interactions = api.container.interactions()
    listed = api.call(interactions.get_by_person, person_id, filters)
    counted = api.call(interactions.count_by_person, person_id, filters)
    page = (
        await api.get(
            f"/api/person/{person_id}/interactions",
            params={"since": since.isoformat(), "until": until.isoformat(), "sort": "asc"},
        )
    ).json()

    from_library = [i.occurred_at for i in listed]
    from_api = [datetime.fromisoformat(i["occurredAt"]) for i in page["items"]]
    assert from_library == from_api == [EVENING + timedelta(minutes=m) for m in (1, 2)]
    assert counted == page["total"] == 2


async def test_interactions_are_filtered_sorted_and_paged_when_asked(api: Api) -> None:
    person_id = add_person(api, "big_tipper_77")
    session = api.call(api.container.sessions().start)
    add_interaction(api, person_id, InteractionType.USER_ENTER, EVENING, session_id=session.id)
    add_interaction(
        api,
        person_id,
        InteractionType.TIP,
        EVENING + timedelta(minutes=1),
        tokens=50,
        session_id=session.id,
    )
    add_interaction(api, person_id, InteractionType.TIP, EVENING + timedelta(minutes=2), tokens=5)
    add_interaction(
        api,
        person_id,
        InteractionType.CHAT_IMPORT,
        EVENING + timedelta(minutes=3),
        content="imported line",
        source=InteractionSource.STATBATE_PLUS,
    )
    path = f"/api/person/{person_id}/interactions"

    tips = (await api.get(path, params={"type": "TIP"})).json()
    several = (await api.get(path, params=[("type", "TIP"), ("type", "USER_ENTER")])).json()
    imported = (await api.get(path, params={"source": "statbate_plus"})).json()
    in_session = (await api.get(path, params={"sessionId": session.id, "sort": "asc"})).json()
    window = (
        await api.get(
            path, params={"since": "2026-02-01T21:01:00Z", "until": "2026-02-01T21:03:00Z"}
        )
    ).json()
    paged = (await api.get(path, params={"limit": 1, "offset": 1})).json()

    assert [i["metadata"]["tokens"] for i in tips["items"]] == [5, 50]
    assert several["total"] == 3
    assert [i["content"] for i in imported["items"]] == ["imported line"]
    assert [i["type"] for i in in_session["items"]] == ["USER_ENTER", "TIP"]
    assert all(i["sessionId"] == session.id for i in in_session["items"])
    assert window["total"] == 2
    assert (paged["total"], len(paged["items"])) == (4, 1)
    assert paged["items"][0]["type"] == "TIP"


async def test_interactions_answer_400_when_a_time_has_no_zone(api: Api) -> None:
    person_id = add_person(api, "big_tipper_77")

    answer = await api.get(
        f"/api/person/{person_id}/interactions", params={"since": "2026-02-01T21:00:00"}
    )

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "since"


async def test_aliases_are_listed_and_a_taken_name_conflicts_when_added(api: Api) -> None:
    tipper = add_person(api, "big_tipper_77")
    add_person(api, "night_owl_3")

    added = await api.post(f"/api/person/{tipper}/aliases", json={"alias": "Old_Tipper"})
    taken = await api.post(f"/api/person/{tipper}/aliases", json={"alias": "night_owl_3"})
    listed = await api.get(f"/api/person/{tipper}/aliases")

    assert added.status_code == 201
    assert added.json()["alias"] == "old_tipper"
    assert added.json()["validTo"] is None
    assert taken.status_code == 409
    assert [a["alias"] for a in listed.json()] == ["old_tipper"]
    assert (await api.get("/api/person/987654/aliases")).status_code == 404


async def test_notes_are_added_edited_and_deleted_when_asked(api: Api) -> None:
    person_id = add_person(api, "big_tipper_77")

    added = await api.post(f"/api/person/{person_id}/note", json={"content": " likes jazz "})
    note_id = added.json()["id"]
    edited = await api.patch(f"/api/note/{note_id}", json={"content": "likes jazz and blues"})
    page = (await api.get(f"/api/person/{person_id}")).json()
    deleted = await api.delete(f"/api/note/{note_id}")
    again = await api.delete(f"/api/note/{note_id}")

    assert added.status_code == 201
    assert added.json()["content"] == "likes jazz"
    assert edited.json()["content"] == "likes jazz and blues"
    assert [n["content"] for n in page["notes"]] == ["likes jazz and blues"]
    assert deleted.status_code == 204
    assert again.status_code == 404


async def test_notes_answer_400_naming_the_field_when_the_content_is_blank(api: Api) -> None:
    person_id = add_person(api, "big_tipper_77")

    blank = await api.post(f"/api/person/{person_id}/note", json={"content": "   "})
    missing = await api.post(f"/api/person/{person_id}/note", json={})
    unknown = await api.post("/api/person/987654/note", json={"content": "hello"})

    assert blank.status_code == 400
    assert blank.json()["errors"] == [{"field": "content", "message": "cannot be empty"}]
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "content"
    assert unknown.status_code == 404


async def test_attributes_become_exactly_the_given_set_when_put(api: Api) -> None:
    person_id = add_person(api, "big_tipper_77")
    path = f"/api/person/{person_id}/attributes"
    await api.put(
        path,
        json={"attributes": [{"key": "country", "value": "NL"}, {"key": "age", "value": "30s"}]},
    )

    answer = await api.put(
        path,
        json={
            "attributes": [
                {"key": "country", "value": "BE", "confidence": "medium"},
                {"key": "language", "value": "nl", "evidenceType": "interaction", "evidenceId": 7},
            ]
        },
    )

    assert answer.status_code == 200
    assert [(a["key"], a["value"], a["confidence"]) for a in answer.json()] == [
        ("country", "BE", "medium"),
        ("language", "nl", "high"),
    ]
    assert answer.json()[1]["evidenceType"] == "interaction"
    assert answer.json()[1]["evidenceId"] == 7


async def test_attributes_answer_400_naming_the_field_when_it_is_not_a_list(api: Api) -> None:
    person_id = add_person(api, "big_tipper_77")

    answer = await api.put(f"/api/person/{person_id}/attributes", json={"attributes": True})

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "attributes"


async def test_attributes_answer_400_naming_the_field_when_evidence_is_incomplete(
    api: Api,
) -> None:
    person_id = add_person(api, "big_tipper_77")

    answer = await api.put(
        f"/api/person/{person_id}/attributes",
        json={"attributes": [{"key": "country", "value": "NL", "evidenceType": "snapshot"}]},
    )

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "evidenceId"


async def test_directory_finds_any_part_of_a_name_alias_note_or_tag_when_searched(
    api: Api,
) -> None:
    fox = add_person(api, "big_fox_7")
    add_person(api, "foxy_lady_2")
    renamed = add_person(api, "quiet_one_4")
    noted = add_person(api, "night_owl_3")
    tagged = add_person(api, "early_bird_4")
    add_person(api, "cam_star_5")
    api.call(api.container.people().add_alias, renamed, "silver_fox_9")
    await api.post(f"/api/person/{noted}/note", json={"content": "Asks for the FOX costume"})
    await api.put(
        f"/api/person/{tagged}/attributes",
        json={"attributes": [{"key": "timezone", "value": "Europe/Berlin"}]},
    )

    fox_page = (await api.get("/api/people", params={"q": "fox", "sort": "username"})).json()
    berlin = (await api.get("/api/people", params={"q": "berl"})).json()
    two_letters = (await api.get("/api/people", params={"q": "ox"})).json()
    nobody = (await api.get("/api/people", params={"q": "fox_costume"})).json()

    assert usernames(fox_page) == ["quiet_one_4", "night_owl_3", "foxy_lady_2", "big_fox_7"]
    assert usernames(berlin) == ["early_bird_4"]
    assert fox in [item["id"] for item in two_letters["items"]]
    assert two_letters["total"] == 4
    assert nobody["total"] == 0


async def test_directory_rows_carry_tags_lists_and_the_newest_note_when_listed(api: Api) -> None:
    person = add_person(api, "big_tipper_77")
    friends = next(w for w in (await api.get("/api/watchlists")).json() if w["name"] == "Friends")
    api.call(api.container.watchlists().add_member, friends["id"], person)
    await api.post(f"/api/person/{person}/note", json={"content": "Old note"})
    await api.post(f"/api/person/{person}/note", json={"content": "Tips big on Fridays " * 20})
    await api.put(
        f"/api/person/{person}/attributes",
        json={"attributes": [{"key": "tipper", "value": "whale"}]},
    )
    add_person(api, "quiet_lurker_12")

    rows = {row["username"]: row for row in (await api.get("/api/people")).json()["items"]}

    tipper = rows["big_tipper_77"]
    assert tipper["tags"] == [{"key": "tipper", "value": "whale"}]
    assert tipper["watchlists"] == [{"id": friends["id"], "name": "Friends"}]
    assert tipper["latestNote"].startswith("Tips big on Fridays")
    assert len(tipper["latestNote"]) == 160
    assert rows["quiet_lurker_12"]["tags"] == []
    assert rows["quiet_lurker_12"]["watchlists"] == []
    assert rows["quiet_lurker_12"]["latestNote"] is None


@pytest.mark.parametrize("value", ["47082880", "8.65e-228", "false", "[]", ""])
async def test_times_answer_400_naming_the_field_when_they_are_not_dates_and_times(
    api: Api, value: str
) -> None:
    person_id = add_person(api, "big_tipper_77")

    directory = await api.get("/api/people", params={"seenSince": value})
    interactions = await api.get(f"/api/person/{person_id}/interactions", params={"until": value})

    assert directory.status_code == 400, directory.text
    assert directory.json()["errors"][0]["field"] == "seenSince"
    assert interactions.status_code == 400, interactions.text
    assert interactions.json()["errors"][0]["field"] == "until"


async def test_a_time_answers_400_when_it_is_given_twice(api: Api) -> None:
    person_id = add_person(api, "big_tipper_77")
    twice = [("since", "2026-02-01T21:00:00Z"), ("since", "2026-02-02T21:00:00Z")]

    answer = await api.get(f"/api/person/{person_id}/interactions", params=twice)
    one = await api.get(f"/api/person/{person_id}/interactions", params=twice[:1])

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "since"
    assert one.status_code == 200
