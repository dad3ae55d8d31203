"""The simulator's room as it steps: each action drawn for someone who could take it, drawn as
often as their weight says, however the room changed before."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from mhc.simulator.cast import HABITS_BY_NAME, Viewer
from mhc.simulator.world import Draw, World

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
BROADCASTER = "hudson_cage"
State = tuple[bool, bool, bool]


def viewer(name: str) -> Viewer:
    habit = HABITS_BY_NAME["chatter"]
    return Viewer(name, habit, 1, "m", "", True, in_fanclub=False, is_mod=False)


def could_take(kind: str, habit_of: Viewer, state: State) -> bool:
    """Whether a viewer in `state` (present, following, in the fan club) could take `kind`."""
    present, following, in_fanclub = state
    habit = habit_of.habit
    if kind == "userEnter":
        return not present
    rules = {
        "userLeave": True,
        "chatMessage": habit.chat > 0,
        "tip": habit.tip > 0,
        "privateMessage": habit.private > 0,
        "follow": not following,
        "unfollow": following,
        "fanclubJoin": not in_fanclub and habit.tip > 0,
        "mediaPurchase": habit.media > 0,
    }
    return present and rules[kind]


def actor(event: dict[str, object]) -> str | None:
    """Who took the event's action (None for the broadcast's own events)."""
    obj = event["object"]
    assert isinstance(obj, dict)
    if event["method"] == "privateMessage":
        message = obj["message"]
        return next(n for n in (message["fromUser"], message["toUser"]) if n != BROADCASTER)
    user = obj.get("user")
    return None if user is None or user["username"] == BROADCASTER else str(user["username"])


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    steps=st.integers(min_value=1, max_value=400),
    raid=st.integers(min_value=0, max_value=80),
    shows=st.tuples(st.integers(1, 40), st.integers(40, 120)),
)
def test_each_action_is_drawn_for_a_viewer_who_could_take_it_when_the_room_changes(
    seed: int, steps: int, raid: int, shows: tuple[int, int]
) -> None:
    # Short broadcasts: their stops send everyone out, and a raid walks in half way.
    room = World(
        seed=seed, broadcaster=BROADCASTER, viewer_count=30, start=START, broadcast_length=shows
    )
    for step in range(steps):
        if step == steps // 2:
            for number in range(raid):
                room.enter(f"raider_{number}")
        before = {n: (v.present, v.following, v.in_fanclub) for n, v in room.viewers.items()}
        event = room.step()
        name = actor(event)
        if name is not None:
            kind = str(event["method"])
            assert could_take(kind, room.viewers[name], before[name]), (kind, name, before[name])


@given(
    changes=st.lists(
        st.tuples(st.integers(0, 9), st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])), max_size=60
    )
)
def test_draw_holds_each_viewer_at_their_latest_weight_when_weights_change(
    changes: list[tuple[int, float]],
) -> None:
    people = [viewer(f"viewer_{n}") for n in range(10)]
    draw, latest = Draw(), {}
    for index, weight in changes:
        draw.set(people[index], weight)
        latest[people[index].username] = weight

    weighted = {name for name, weight in latest.items() if weight > 0}
    assert len(draw) == len(weighted)
    assert bool(draw) == bool(weighted)
    rng = random.Random(5)
    picked = {draw.pick(rng).username for _ in range(200)} if weighted else set()
    assert picked <= weighted


def test_draw_picks_each_viewer_as_often_as_their_weight() -> None:
    light, heavy, gone = viewer("light"), viewer("heavy"), viewer("gone")
    draw = Draw()
    draw.set(light, 1.0)
    draw.set(gone, 5.0)
    draw.set(heavy, 3.0)
    draw.set(gone, 0)

    rng = random.Random(11)
    picks = Counter(draw.pick(rng).username for _ in range(8_000))

    assert set(picks) == {"light", "heavy"}
    assert 0.72 < picks["heavy"] / 8_000 < 0.78


class HighestDraw(random.Random):
    """A generator whose every draw is the highest `random()` can return."""

    def random(self) -> float:
        return math.nextafter(1.0, 0.0)


def test_draw_picks_the_last_viewer_when_the_generator_draws_its_highest_value() -> None:
    # 17 viewers of weight 0.05: the highest draw divided back by the weight rounds to 17.
    people = [viewer(f"viewer_{n}") for n in range(17)]
    draw = Draw()
    for person in people:
        draw.set(person, 0.05)

    assert draw.pick(HighestDraw()) is people[-1]
