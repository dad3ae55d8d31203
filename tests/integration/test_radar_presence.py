"""The radar's room and cards on the real database, beyond enters: presence from any sign of
someone, the Stats API's counts beside it, Chaturbate's flags and the look-up's state on the
cards, the person page's flags, and highlight grounds the card can show with its own figures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from tests.fakes import ManualClock
from tests.integration.http_app import (
    BROADCASTER,
    Api,
    add_interaction,
    add_person,
    add_snapshot,
    open_api,
)

from mhc.domain.models import InteractionSource, InteractionType, Role, SnapshotSource

NOW = datetime(2026, 2, 1, 23, 0, tzinfo=UTC)
ENTER, LEAVE, TIP, CHAT, FOLLOW, PM = (
    InteractionType.USER_ENTER,
    InteractionType.USER_LEAVE,
    InteractionType.TIP,
    InteractionType.CHAT_MESSAGE,
    InteractionType.FOLLOW,
    InteractionType.PRIVATE_MESSAGE,
)
USER = {
    "username": "big_tipper_77",
    "inFanclub": True,
    "hasTokens": True,
    "isMod": False,
    "gender": "m",
    "subgender": "",
    "recentTips": "tons",
}


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Api]:
    async with open_api(database_url, clock=ManualClock(NOW)) as opened:
        yield opened


def minutes_ago(minutes: int) -> datetime:
    return NOW - timedelta(minutes=minutes)


def add_event(
    api: Api,
    person_id: int,
    kind: InteractionType,
    at: datetime,
    metadata: dict[str, Any],
    content: str | None = None,
) -> None:
    api.call(
        api.container.interactions().create,
        person_id,
        kind,
        content,
        at,
        InteractionSource.CB_EVENTS,
        metadata=metadata,
        source_event_id=f"presence-{person_id}-{kind}-{at.isoformat()}",
    )


async def room(api: Api) -> dict[str, Any]:
    answer = await api.get("/api/radar/room")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_anyone_who_chats_tips_or_follows_is_in_the_room_when_no_enter_came(
    api: Api,
) -> None:
    owner = add_person(api, BROADCASTER, Role.MODEL)
    chatter = add_person(api, "night_owl_3", Role.VIEWER)
    tipper = add_person(api, "big_tipper_77", Role.VIEWER)
    follower = add_person(api, "shy_viewer_8", Role.VIEWER)
    gone = add_person(api, "early_bird_1", Role.VIEWER)
    addressee = add_person(api, "cam_fan_2", Role.VIEWER)
    add_interaction(api, owner, InteractionType.BROADCAST_START, minutes_ago(60))
    add_interaction(api, chatter, CHAT, minutes_ago(40), content="hi")
    add_interaction(api, chatter, CHAT, minutes_ago(30), content="still here")
    add_interaction(api, tipper, TIP, minutes_ago(20), tokens=50)
    add_interaction(api, follower, FOLLOW, minutes_ago(10))
    add_interaction(api, gone, CHAT, minutes_ago(9), content="bye")
    add_interaction(api, gone, LEAVE, minutes_ago(8))
    add_interaction(api, owner, CHAT, minutes_ago(7), content="thanks all")
    add_event(api, addressee, PM, minutes_ago(6), {"fromUser": BROADCASTER}, "a note")

    body = await room(api)

    assert [(p["username"], p["enteredAt"]) for p in body["present"]] == [
        ("shy_viewer_8", "2026-02-01T22:50:00Z"),
        ("big_tipper_77", "2026-02-01T22:40:00Z"),
        ("night_owl_3", "2026-02-01T22:20:00Z"),
    ]


async def test_the_room_says_how_much_of_it_the_panel_knows_when_the_stats_api_counted_it(
    api: Api,
) -> None:
    owner = add_person(api, BROADCASTER, Role.MODEL)
    add_snapshot(
        api,
        owner,
        SnapshotSource.CB_STATS,
        minutes_ago(2),
        {"num_viewers": 24, "num_registered_viewers": 19, "num_tokened_viewers": 7},
    )

    counts = (await room(api))["counts"]

    assert counts == {
        "viewers": 24,
        "registered": 19,
        "tokened": 7,
        "capturedAt": "2026-02-01T22:58:00Z",
    }


async def test_a_card_shows_chaturbates_flags_and_where_the_look_up_stands_when_someone_enters(
    api: Api,
) -> None:
    whale = add_person(api, "big_tipper_77", Role.VIEWER)
    add_event(api, whale, ENTER, minutes_ago(3), {"user": {**USER, "recentTips": "some"}})
    add_event(api, whale, CHAT, minutes_ago(1), {"user": USER}, "hello")
    queued = api.call(
        api.container.lookup_queue().enqueue,
        {whale},
        owner=BROADCASTER,
        freshness=timedelta(hours=24),
    )

    [card] = (await room(api))["present"]

    assert queued == [whale]
    assert card["flags"] == {
        "seenAt": "2026-02-01T22:59:00Z",
        "inFanclub": True,
        "isMod": False,
        "hasTokens": True,
        "recentTips": "tons",
        "gender": "m",
        "subgender": "",
    }
    assert card["lookup"]["state"] == "queued"
    assert card["firstRoomEventAt"] == "2026-02-01T22:57:00Z"
    assert card["highlight"] == "big_spender"
    assert card["highlightGrounds"] == [
        {"kind": "recent_tips", "tokens": None, "level": "tons", "watchlists": []}
    ]
    person = await api.get(f"/api/person/{whale}/chaturbate")
    assert person.status_code == 200
    assert person.json()["flags"] == card["flags"]
    assert person.json()["lookup"]["state"] == "queued"
    assert (await api.get("/api/person/999999/chaturbate")).status_code == 404


async def test_a_highlight_gives_its_grounds_as_the_cards_own_figures_when_tips_are_big(
    api: Api,
) -> None:
    whale = add_person(api, "big_tipper_77", Role.VIEWER)
    add_interaction(api, whale, TIP, minutes_ago(30), tokens=1_200)
    add_interaction(api, whale, ENTER, minutes_ago(1))

    [card] = (await room(api))["present"]

    assert card["roomTipsTotal"] == 1_200
    assert card["highlightGrounds"] == [
        {"kind": "room_tips", "tokens": 1_200, "level": None, "watchlists": []}
    ]
    assert card["highlightReason"] == "1,200 tokens tipped in this room"


async def test_the_owner_and_excluded_people_are_never_queued_when_they_show_up(
    api: Api,
) -> None:
    owner = add_person(api, BROADCASTER, Role.MODEL)
    excluded = add_person(api, "smk_lover", Role.VIEWER)

    queued = api.call(
        api.container.lookup_queue().enqueue,
        {owner, excluded},
        owner=BROADCASTER,
        freshness=timedelta(hours=24),
    )

    assert queued == []


async def test_an_excluded_persons_flags_are_empty_and_an_unknown_persons_are_not_found(
    api: Api,
) -> None:
    excluded = add_person(api, "smk_lover", Role.VIEWER)
    add_interaction(api, excluded, ENTER, minutes_ago(1))

    flags = await api.get(f"/api/person/{excluded}/chaturbate")

    assert flags.status_code == 200, flags.text
    assert flags.json() == {"flags": None, "lookup": None}
    assert (await api.get("/api/person/999999/chaturbate")).status_code == 404


async def test_a_card_says_through_which_room_event_its_figures_count_when_it_is_read(
    api: Api, database_url: str
) -> None:
    owner = add_person(api, BROADCASTER, Role.MODEL)
    tipper = add_person(api, "big_tipper_77", Role.VIEWER)
    add_interaction(api, owner, InteractionType.BROADCAST_START, minutes_ago(60))
    add_interaction(api, tipper, ENTER, minutes_ago(30))
    add_interaction(api, tipper, TIP, minutes_ago(20), tokens=50)
    # Imported history is not a room event the radar streams: it does not move the mark.
    add_interaction(
        api, tipper, CHAT, minutes_ago(10), content="old", source=InteractionSource.STATBATE_PLUS
    )

    body = await room(api)

    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cur = await conn.execute(
            "SELECT max(id) FROM interactions WHERE source = %s", (InteractionSource.CB_EVENTS,)
        )
        row = await cur.fetchone()
    assert row is not None
    [card] = body["present"]
    assert (card["roomTipsTotal"], card["countedThrough"]) == (50, row[0])
