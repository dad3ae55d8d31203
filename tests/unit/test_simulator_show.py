"""The simulator's opening show: a broadcast that starts busy, the same for the same seed."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from mhc.simulator.cast import event_key
from mhc.simulator.world import World

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
EVERY_KIND = {
    "broadcastStart",
    "roomSubjectChange",
    "userEnter",
    "chatMessage",
    "tip",
    "follow",
    "fanclubJoin",
    "privateMessage",
    "mediaPurchase",
}


def world(seed: int, viewers: int = 40) -> World:
    return World(
        seed=seed,
        broadcaster="hudson_cage",
        viewer_count=viewers,
        start=START,
        broadcast_length=(150, 600),
    )


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_opening_show_has_every_kind_of_event_when_the_room_has_forty_viewers(seed: int) -> None:
    room = world(seed)

    show = room.opening_show()

    assert show == room.events
    assert show[0]["method"] == "broadcastStart"
    assert {event["method"] for event in show} == EVERY_KIND
    # A first long poll replays at most 100 events: the whole show fits in it.
    assert len(show) <= 60
    keys = [event_key(event["id"]) for event in show]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), viewers=st.integers(0, 8))
def test_opening_show_starts_the_broadcast_when_the_room_is_small(seed: int, viewers: int) -> None:
    room = world(seed, viewers)

    show = room.opening_show()

    assert room.live
    entered = [event for event in show if event["method"] == "userEnter"]
    assert len(entered) == min(viewers, 12)
    assert sum(viewer.present for viewer in room.viewers.values()) == len(entered)


def test_opening_show_is_the_same_when_the_seed_is_the_same() -> None:
    assert world(7).opening_show() == world(7).opening_show()
    assert world(7).opening_show() != world(8).opening_show()


def test_room_carries_on_after_the_show_when_stepped() -> None:
    room = world(3)
    show = room.opening_show()

    after = [room.step() for _ in range(30)]

    assert event_key(after[0]["id"]) > event_key(show[-1]["id"])
    assert all(event["method"] != "broadcastStart" for event in after)
