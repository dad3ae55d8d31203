"""Reading Events API payloads: documented shapes, odd ones, and anything at all."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.events import (
    MAX_EVENT_ID_LENGTH,
    MAX_TOKENS,
    SessionChange,
    event_time,
    parse_event,
)
from mhc.domain.models import InteractionType, Role

OWNER = "hudson_cage"
RECEIVED = datetime(2025, 8, 16, 20, 45, tzinfo=UTC)


def viewer(username: str = "big_tipper_77", **flags: Any) -> dict[str, Any]:
    user: dict[str, Any] = {
        "username": username,
        "inFanclub": False,
        "hasTokens": True,
        "isMod": False,
        "gender": "m",
        "subgender": "",
        "recentTips": "some",
    }
    user.update(flags)
    return user


def event(method: str, event_id: str = "1755376889458-0", **obj: Any) -> dict[str, Any]:
    return {"method": method, "id": event_id, "object": {"broadcaster": OWNER, **obj}}


def parse(raw: Any) -> Any:
    return parse_event(raw, broadcaster=OWNER, received_at=RECEIVED)


def test_tip_keeps_tokens_anonymity_message_and_user_flags_when_payload_is_documented() -> None:
    raw = event(
        "tip",
        tip={"tokens": 25, "isAnon": True, "message": "great show"},
        user=viewer(inFanclub=True, recentTips="lots"),
    )

    parsed = parse(raw)

    assert parsed.type is InteractionType.TIP
    assert parsed.username == "big_tipper_77"
    assert parsed.role is Role.VIEWER
    assert parsed.content == "great show"
    assert parsed.metadata["tokens"] == 25
    assert parsed.metadata["isAnon"] is True
    assert parsed.metadata["message"] == "great show"
    assert parsed.metadata["user"] == {
        "inFanclub": True,
        "hasTokens": True,
        "isMod": False,
        "gender": "m",
        "subgender": "",
        "recentTips": "lots",
    }
    assert parsed.metadata["receivedAt"] == RECEIVED.isoformat()
    assert parsed.metadata["raw"] == raw
    assert parsed.problems == ()


def test_event_time_comes_from_the_id_when_the_id_carries_milliseconds() -> None:
    parsed = parse(
        event("chatMessage", "1755376889458-3", message={"message": "hi"}, user=viewer())
    )

    assert parsed.occurred_at == datetime(2025, 8, 16, 20, 41, 29, 458000, tzinfo=UTC)
    assert parsed.occurred_at != RECEIVED


def test_event_time_is_the_receive_time_when_the_id_carries_none() -> None:
    parsed = parse(event("userEnter", "not-a-time", user=viewer()))

    assert parsed.occurred_at == RECEIVED
    assert parsed.event_id == "not-a-time"
    assert any("no usable time" in problem for problem in parsed.problems)


def test_event_time_is_none_when_the_prefix_is_out_of_any_plausible_range() -> None:
    assert event_time("99999999999999999-0") is None
    assert event_time("12-0") is None
    assert event_time("") is None


def test_chat_message_content_and_colours_when_message_is_an_object() -> None:
    raw = event(
        "chatMessage",
        message={"message": "hi hudson!", "color": "#494949", "bgColor": None, "font": "default"},
        user=viewer("quiet_owl_12"),
    )

    parsed = parse(raw)

    assert parsed.type is InteractionType.CHAT_MESSAGE
    assert parsed.content == "hi hudson!"
    assert parsed.metadata["color"] == "#494949"
    assert parsed.metadata["bgColor"] is None
    assert parsed.metadata["font"] == "default"


def test_private_message_belongs_to_the_viewer_when_the_owner_sent_it() -> None:
    raw = event(
        "privateMessage",
        message={"message": "thanks!", "fromUser": OWNER, "toUser": "lucky_fox_3"},
        user=viewer(OWNER),
    )

    parsed = parse(raw)

    assert parsed.type is InteractionType.PRIVATE_MESSAGE
    assert parsed.username == "lucky_fox_3"
    assert parsed.metadata["fromUser"] == OWNER
    assert parsed.metadata["toUser"] == "lucky_fox_3"


def test_room_events_belong_to_the_broadcaster_when_they_carry_no_viewer() -> None:
    subject = parse(event("roomSubjectChange", subject="goal: shirt off at 500 tks"))
    start = parse(event("broadcastStart", user=viewer(OWNER)))
    stop = parse(event("broadcastStop", user=viewer(OWNER)))

    assert (subject.username, subject.role, subject.content) == (
        OWNER,
        Role.MODEL,
        "goal: shirt off at 500 tks",
    )
    assert subject.session_change is None
    assert start.session_change is SessionChange.START
    assert stop.session_change is SessionChange.STOP
    assert start.type is InteractionType.BROADCAST_START
    assert stop.type is InteractionType.BROADCAST_STOP


def test_media_purchase_keeps_media_and_tokens_when_documented() -> None:
    media = {"id": 7001, "type": "video", "name": "Morning routine", "tokens": 120}

    parsed = parse(event("mediaPurchase", media=media, user=viewer("velvet_fox_8")))

    assert parsed.type is InteractionType.MEDIA_PURCHASE
    assert parsed.content == "Morning routine"
    assert parsed.metadata["media"] == media
    assert parsed.metadata["tokens"] == 120


def test_unknown_method_is_stored_raw_with_its_user_when_the_user_is_readable() -> None:
    raw = event("spinTheWheel", user=viewer("wild_bear_41"), prize="a song")

    parsed = parse(raw)

    assert parsed.type is InteractionType.UNKNOWN_EVENT
    assert parsed.username == "wild_bear_41"
    assert parsed.method == "spinTheWheel"
    assert parsed.metadata["raw"] == raw
    assert parsed.problems == ("unknown method 'spinTheWheel'",)


def test_tip_without_a_readable_user_is_an_unknown_event_of_the_broadcaster() -> None:
    raw = event("tip", tip={"tokens": 50, "isAnon": False, "message": ""}, user={"username": "x y"})

    parsed = parse(raw)

    assert parsed.type is InteractionType.UNKNOWN_EVENT
    assert parsed.username == OWNER
    assert parsed.content is None
    assert any("not a username" in problem for problem in parsed.problems)


def test_tokens_are_read_leniently_when_sent_as_text_or_whole_float() -> None:
    as_text = parse(event("tip", tip={"tokens": "35"}, user=viewer()))
    as_float = parse(event("tip", tip={"tokens": 35.0}, user=viewer()))
    as_bool = parse(event("tip", tip={"tokens": True}, user=viewer()))
    too_many = parse(event("tip", tip={"tokens": MAX_TOKENS + 1}, user=viewer()))

    assert as_text.metadata["tokens"] == 35
    assert as_float.metadata["tokens"] == 35
    assert "tokens" not in as_bool.metadata
    assert "tokens" not in too_many.metadata
    assert too_many.type is InteractionType.TIP
    assert too_many.problems


def test_mistyped_user_flags_are_left_to_the_raw_event_when_not_booleans() -> None:
    parsed = parse(event("follow", user=viewer(isMod="yes", gender=3)))

    assert "isMod" not in parsed.metadata["user"]
    assert "gender" not in parsed.metadata["user"]
    assert parsed.metadata["raw"]["object"]["user"]["isMod"] == "yes"
    assert len(parsed.problems) == 2


def test_event_without_id_gets_the_same_content_hash_when_delivered_twice() -> None:
    raw = {"method": "follow", "object": {"user": viewer("gentle_lynx_2")}}

    first, second = parse(raw), parse(dict(raw))
    other = parse({"method": "follow", "object": {"user": viewer("gentle_lynx_3")}})

    assert first.event_id == second.event_id
    assert first.event_id.startswith("sha256:")
    assert other.event_id != first.event_id


def test_giant_id_is_replaced_by_its_stable_hash_when_longer_than_an_index_allows() -> None:
    giant = "1755376889458-" + "9" * 5000

    first = parse(event("follow", giant, user=viewer()))
    again = parse(event("follow", giant, user=viewer()))

    assert first.event_id == again.event_id
    assert len(first.event_id) <= MAX_EVENT_ID_LENGTH
    assert first.metadata["raw"]["id"] == giant


def test_event_that_is_not_an_object_is_an_unknown_event_of_the_broadcaster() -> None:
    parsed = parse(["not", "an", "event"])

    assert parsed.type is InteractionType.UNKNOWN_EVENT
    assert parsed.username == OWNER
    assert parsed.metadata["raw"] == ["not", "an", "event"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
methods = st.sampled_from(
    [
        "tip",
        "chatMessage",
        "privateMessage",
        "follow",
        "mediaPurchase",
        "roomSubjectChange",
        "broadcastStart",
        "broadcastStop",
        "userEnter",
        "fanclubJoin",
        "???",
    ]
) | st.text(max_size=10)
odd_events = st.fixed_dictionaries(
    {},
    optional={
        "method": methods | json_values,
        "id": st.text(max_size=20) | st.integers() | json_values,
        "object": st.fixed_dictionaries(
            {},
            optional={
                "broadcaster": st.text(max_size=10) | json_values,
                "user": st.fixed_dictionaries(
                    {}, optional={"username": st.text(max_size=70) | json_values}
                )
                | json_values,
                "tip": json_values,
                "message": json_values,
                "media": json_values,
                "subject": json_values,
            },
        )
        | json_values,
    },
)


@given(odd_events | json_values)
def test_parsing_never_raises_and_always_names_a_person_when_payload_is_arbitrary(raw: Any) -> None:
    parsed = parse(raw)

    assert re.fullmatch(r"[a-z0-9_]{1,64}", parsed.username)
    assert 0 < len(parsed.event_id) <= MAX_EVENT_ID_LENGTH
    assert parsed.occurred_at.tzinfo is not None
    assert parsed.metadata["raw"] is raw
    assert "receivedAt" in parsed.metadata
    assert (parsed.type is InteractionType.UNKNOWN_EVENT) <= bool(parsed.problems)


@given(st.integers(min_value=946_684_800_000, max_value=7_258_118_399_999), st.integers(0, 99))
def test_event_time_is_the_id_prefix_in_milliseconds_when_in_range(millis: int, seq: int) -> None:
    moment = event_time(f"{millis}-{seq}")

    assert moment is not None
    assert round(moment.timestamp() * 1000) == millis
