"""GET /api/radar/room on the real database: who is in the room, their entry cards and
highlights, the recent events, and exclusion."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

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

from mhc.domain.models import InteractionType, Role, SnapshotSource

NOW = datetime(2026, 2, 1, 23, 0, tzinfo=UTC)
ENTER, LEAVE, TIP, CHAT = (
    InteractionType.USER_ENTER,
    InteractionType.USER_LEAVE,
    InteractionType.TIP,
    InteractionType.CHAT_MESSAGE,
)


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Api]:
    async with open_api(database_url, clock=ManualClock(NOW)) as opened:
        yield opened


def minutes_ago(minutes: int) -> datetime:
    return NOW - timedelta(minutes=minutes)


async def room(api: Api) -> dict[str, Any]:
    answer = await api.get("/api/radar/room")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def present(body: dict[str, Any]) -> list[str]:
    return [card["username"] for card in body["present"]]


async def test_room_counts_only_who_entered_since_the_broadcast_started_when_one_did(
    api: Api,
) -> None:
    owner = add_person(api, BROADCASTER, Role.MODEL)
    early_bird = add_person(api, "early_bird_1", Role.VIEWER)
    night_owl = add_person(api, "night_owl_3", Role.VIEWER)
    shy_viewer = add_person(api, "shy_viewer_8", Role.VIEWER)
    add_interaction(api, early_bird, ENTER, minutes_ago(50))
    add_interaction(api, owner, InteractionType.BROADCAST_START, minutes_ago(40))
    add_interaction(api, night_owl, ENTER, minutes_ago(30))
    add_interaction(api, shy_viewer, ENTER, minutes_ago(20))
    add_interaction(api, night_owl, CHAT, minutes_ago(15), content="hi Hudson")
    add_interaction(api, shy_viewer, LEAVE, minutes_ago(10))

    during = await room(api)
    add_interaction(api, owner, InteractionType.BROADCAST_STOP, minutes_ago(5))
    after = await room(api)

    assert present(during) == ["night_owl_3"]
    assert during["present"][0]["enteredAt"] == "2026-02-01T22:30:00Z"
    assert during["since"] == "2026-02-01T22:20:00Z"
    assert present(after) == []
    assert after["since"] == "2026-02-01T22:55:00Z"


async def test_room_forgets_an_enter_without_a_leave_when_it_is_older_than_twelve_hours(
    api: Api,
) -> None:
    ghost = add_person(api, "ghost_viewer_4", Role.VIEWER)
    regular = add_person(api, "night_owl_3", Role.VIEWER)
    add_interaction(api, ghost, ENTER, NOW - timedelta(hours=13))
    add_interaction(api, regular, ENTER, minutes_ago(3))

    body = await room(api)

    assert present(body) == ["night_owl_3"]
    assert body["since"] is None


async def test_room_says_which_session_is_live_and_where_to_stream_from_when_one_is(
    api: Api,
) -> None:
    session_id = api.call(api.container.sessions().start).id
    viewer = add_person(api, "night_owl_3", Role.VIEWER)
    add_interaction(api, viewer, ENTER, minutes_ago(2), session_id=session_id)
    add_interaction(api, viewer, CHAT, minutes_ago(1), content="hello", session_id=session_id)

    body = await room(api)

    assert (body["live"], body["sessionId"]) == (True, session_id)
    assert [(e["type"], e["content"]) for e in body["recent"]] == [
        ("USER_ENTER", None),
        ("CHAT_MESSAGE", "hello"),
    ]
    assert body["recent"][0]["card"]["username"] == "night_owl_3"
    assert body["recent"][1]["card"] is None
    assert body["recent"][1]["sessionId"] == session_id
    assert body["lastEventId"] == body["recent"][-1]["id"]


async def test_entry_card_shows_what_we_know_and_highlights_a_big_spender_when_they_enter(
    api: Api,
) -> None:
    whale = add_person(api, "big_tipper_77", Role.VIEWER)
    add_interaction(api, whale, ENTER, NOW - timedelta(days=3))
    add_interaction(api, whale, TIP, NOW - timedelta(days=3, minutes=-5), tokens=600)
    add_interaction(api, whale, TIP, NOW - timedelta(days=2), tokens=450)
    add_interaction(api, whale, ENTER, minutes_ago(1))
    add_snapshot(
        api,
        whale,
        SnapshotSource.STATBATE_MEMBER,
        NOW - timedelta(days=1),
        {"all_time_tokens": 25_000, "last_tip_date": "2026-01-31"},
    )
    friends = await friends_list(api)
    await api.post(f"/api/watchlist/{friends}/member", json={"personId": whale})
    for text in ("tips on Fridays", "likes the blue outfit", "asked for a shout-out", "newest"):
        assert (await api.post(f"/api/person/{whale}/note", json={"content": text})).is_success
    await api.put(
        f"/api/person/{whale}/attributes",
        json={"attributes": [{"key": "spender_tier", "value": "whale"}]},
    )

    card = (await room(api))["present"][0]

    assert (card["username"], card["roomTipsTotal"], card["roomTipCount"]) == (
        "big_tipper_77",
        1_050,
        2,
    )
    assert (card["lastTipAt"], card["lastTipTokens"], card["visits"]) == (
        "2026-01-30T23:00:00Z",
        450,
        2,
    )
    assert (card["statbateAllTimeTokens"], card["statbateLastTipDate"]) == (25_000, "2026-01-31")
    assert card["statbateCapturedAt"] == "2026-01-31T23:00:00Z"
    assert [w["name"] for w in card["watchlists"]] == ["Friends"]
    assert len(card["notes"]) == 3
    assert [t["value"] for t in card["tags"]] == ["whale"]
    assert card["highlight"] == "big_spender"
    assert card["highlightReason"] == (
        "25,000 tokens tipped all-time on Statbate; 1,050 tokens tipped in this room; on Friends"
    )
    assert card["enteredAt"] == "2026-02-01T22:59:00Z"


async def friends_list(api: Api) -> int:
    lists = (await api.get("/api/watchlists")).json()
    return int(next(w["id"] for w in lists if w["name"] == "Friends"))


async def test_entry_card_highlights_a_watchlist_member_when_they_spend_little(api: Api) -> None:
    friend = add_person(api, "loyal_friend_5", Role.VIEWER)
    stranger = add_person(api, "shy_viewer_8", Role.VIEWER)
    add_interaction(api, friend, ENTER, minutes_ago(2))
    add_interaction(api, stranger, ENTER, minutes_ago(1))
    friends = await friends_list(api)
    await api.post(f"/api/watchlist/{friends}/member", json={"personId": friend})

    cards = {c["username"]: c for c in (await room(api))["present"]}

    assert (cards["loyal_friend_5"]["highlight"], cards["loyal_friend_5"]["highlightReason"]) == (
        "watchlist",
        "on Friends",
    )
    assert (cards["shy_viewer_8"]["highlight"], cards["shy_viewer_8"]["statbateAllTimeTokens"]) == (
        None,
        None,
    )
    assert cards["shy_viewer_8"]["lastTipAt"] is None


async def test_room_never_shows_an_excluded_person_when_they_are_in_it(api: Api) -> None:
    excluded = add_person(api, "smk_lover")
    viewer = add_person(api, "night_owl_3", Role.VIEWER)
    add_interaction(api, excluded, ENTER, minutes_ago(3))
    add_interaction(api, excluded, TIP, minutes_ago(2), tokens=9_999)
    add_interaction(api, viewer, ENTER, minutes_ago(1))

    answer = await api.get("/api/radar/room")

    assert present(answer.json()) == ["night_owl_3"]
    assert [e["username"] for e in answer.json()["recent"]] == ["night_owl_3"]
    assert "smk_lover" not in answer.text
