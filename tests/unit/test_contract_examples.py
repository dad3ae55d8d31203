"""Examples kept by the drift log and recorded answers: secrets masked, size bounded, names
replaced on request."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.contracts.examples import (
    MAX_EXAMPLE_BYTES,
    clip,
    mask_value,
    pseudonymise,
    safe_example,
)

EVENTS_TOKEN = "a7Kq2mZp9xW3"
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=8) | st.dictionaries(st.text(), inner, max_size=8),
    max_leaves=60,
)


def test_a_configured_secret_is_masked_when_it_appears_anywhere_in_the_text() -> None:
    answer = {
        "nextUrl": f"https://eventsapi.chaturbate.com/x?t={EVENTS_TOKEN}",
        "n": [EVENTS_TOKEN],
    }

    masked = mask_value(answer, [EVENTS_TOKEN])

    assert EVENTS_TOKEN not in msgspec.json.encode(masked).decode()
    assert masked["n"] == ["***"]


def test_token_shaped_text_is_masked_when_no_secret_was_configured() -> None:
    answer = {
        "nextUrl": "https://eventsapi.chaturbate.com/events/hudson_cage/unknownToken123/?i=1-0",
        "hint": "send Bearer abc.def-123 or ?token=zzz&x=1",
    }

    masked = mask_value(answer)

    assert masked["nextUrl"] == "https://eventsapi.chaturbate.com/events/hudson_cage/***/?i=1-0"
    assert masked["hint"] == "send Bearer *** or ?token=***&x=1"


def test_credential_keys_are_masked_whatever_their_value_when_an_answer_carries_them() -> None:
    answer = {"token": "plain-value", "Authorization": 12345, "tokens": 25, "hasTokens": True}

    assert mask_value(answer) == {
        "token": "***",
        "Authorization": "***",
        "tokens": 25,
        "hasTokens": True,
    }


@given(value=JSON)
def test_an_example_always_encodes_within_the_bound_when_clipped(value: Any) -> None:
    clipped = clip(value)

    assert len(msgspec.json.encode(clipped)) <= MAX_EXAMPLE_BYTES


def test_a_small_example_is_kept_as_it_is_when_it_fits() -> None:
    event = {"method": "tip", "object": {"tip": {"tokens": 25}}}

    assert safe_example(event) == event


def test_long_lists_keep_their_first_items_when_an_example_is_too_big() -> None:
    answer = {"data": [{"name": f"viewer_{n}", "tokens": n} for n in range(400)]}

    clipped = clip(answer)

    assert clipped["data"][:2] == [
        {"name": "viewer_0", "tokens": 0},
        {"name": "viewer_1", "tokens": 1},
    ]
    assert clipped["data"][-1] == "... 395 more"


def test_every_name_gets_one_stand_in_when_an_answer_is_pseudonymised() -> None:
    answer = {
        "events": [
            {"object": {"broadcaster": "hudson_cage", "user": {"username": "Big_Tipper_77"}}},
            {"object": {"broadcaster": "hudson_cage", "message": {"fromUser": "big_tipper_77"}}},
        ],
        "nextUrl": "https://eventsapi.chaturbate.com/events/hudson_cage/***/?i=1-0",
    }

    hidden = pseudonymise(answer)

    assert hidden["events"][0]["object"] == {
        "broadcaster": "person_1",
        "user": {"username": "person_2"},
    }
    assert hidden["events"][1]["object"]["message"] == {"fromUser": "person_2"}
    assert hidden["nextUrl"] == "https://eventsapi.chaturbate.com/events/person_1/***/?i=1-0"


def test_tag_names_stay_when_an_answer_is_pseudonymised() -> None:
    answer = {"data": {"name": "hudson_cage", "tags": [{"name": "feet", "category": "body"}]}}

    assert pseudonymise(answer) == {
        "data": {"name": "person_1", "tags": [{"name": "feet", "category": "body"}]}
    }
