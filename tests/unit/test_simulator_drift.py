"""The simulator's drift knob: answers changed the way a real service changes its contract."""

from __future__ import annotations

from typing import Any

import msgspec

from mhc.simulator.drift import AnswerDrift

PAGE = {
    "events": [
        {"method": "tip", "object": {"user": {"username": "big_tipper_77"}, "tip": {"tokens": 25}}},
        {"method": "follow", "object": {"user": {"username": "quiet_lurker_12"}}},
    ],
    "nextUrl": "https://eventsapi.chaturbate.com/events/hudson_cage/***/?i=1-0",
}


def drifted(drift: AnswerDrift, body: object = PAGE) -> Any:
    return msgspec.json.decode(drift.apply(msgspec.json.encode(body)))


def test_a_key_is_added_to_every_item_when_the_path_walks_an_array() -> None:
    page = drifted(AnswerDrift(add={"events[].object.user.age": 31}))

    assert [e["object"]["user"]["age"] for e in page["events"]] == [31, 31]


def test_a_value_changes_only_where_it_exists_when_replaced() -> None:
    page = drifted(AnswerDrift(replace={"events[].object.tip.tokens": "25"}))

    assert page["events"][0]["object"]["tip"] == {"tokens": "25"}
    assert "tip" not in page["events"][1]["object"]


def test_a_key_disappears_when_removed() -> None:
    page = drifted(AnswerDrift(remove=("nextUrl",)))

    assert page == {"events": PAGE["events"]}


def test_the_answer_stays_as_it_is_when_a_path_leads_nowhere_or_the_body_is_not_json() -> None:
    drift = AnswerDrift(add={"data.loyalty_score": 7}, remove=("meta.site",))

    assert drifted(drift) == PAGE
    assert drift.apply(b"<html>Error 522</html>") == b"<html>Error 522</html>"
