"""The seeded world behind the simulator: one broadcaster's room, its viewers, and the history
Statbate knows about them.

Everything is drawn from `random.Random(seed)`, so the same seed and the same sequence of calls
give the same world. Time comes from a virtual clock when a start time is given (fully
reproducible event ids) and from the wall clock otherwise (demo). Statbate's numbers are derived
from the same records the room produces, so they agree with it: a member's all-time tokens
include every tip the room saw from them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from mhc.simulator import vocabulary
from mhc.simulator.cast import (
    EXCLUDED_REGULAR,
    HABITS,
    HABITS_BY_NAME,
    HISTORY_DAYS,
    ChatLine,
    Event,
    Habit,
    ModelProfile,
    Span,
    Tip,
    Viewer,
    event_key,
    owner_payload,
    recent_tips_band,
    user_payload,
)


class Draw:
    """Viewers to pick one of, each as likely as their weight, kept as the room changes.

    Viewers of the same weight share a bucket, so a pick costs the number of distinct weights
    (a habit's few), not the number of viewers: a raid of a thousand must not make each of the
    room's next events a walk through all of them.
    """

    def __init__(self) -> None:
        self._buckets: dict[float, list[Viewer]] = {}
        self._weights: dict[str, float] = {}
        self._positions: dict[str, int] = {}

    def __bool__(self) -> bool:
        return bool(self._weights)

    def __len__(self) -> int:
        return len(self._weights)

    def set(self, viewer: Viewer, weight: float) -> None:
        """Make `viewer`'s weight `weight` (0 or less: not in the draw)."""
        if self._weights.get(viewer.username, 0.0) == weight:
            return
        self._remove(viewer.username)
        if weight > 0:
            bucket = self._buckets.setdefault(weight, [])
            self._weights[viewer.username] = weight
            self._positions[viewer.username] = len(bucket)
            bucket.append(viewer)

    def pick(self, rng: random.Random) -> Viewer:
        """One viewer, drawn with one `rng.random()`; the draw must not be empty."""
        buckets = list(self._buckets.items())
        left = rng.random() * sum(weight * len(bucket) for weight, bucket in buckets)
        for weight, bucket in buckets:
            if left < weight * len(bucket):
                # Rounding can carry `left / weight` to the bucket's length itself.
                return bucket[min(int(left / weight), len(bucket) - 1)]
            left -= weight * len(bucket)
        # Rounding carried the draw past the last bucket: its last viewer.
        return buckets[-1][1][-1]

    def _remove(self, username: str) -> None:
        weight = self._weights.pop(username, None)
        if weight is None:
            return
        bucket = self._buckets[weight]
        position = self._positions.pop(username)
        last = bucket.pop()
        if last.username != username:
            bucket[position] = last
            self._positions[last.username] = position
        if not bucket:
            del self._buckets[weight]


# What each kind of action weighs for a viewer in the room (0: they cannot take it), and how
# much the kind weighs against the others.
ACTIONS: dict[str, tuple[float, Callable[[Viewer], float]]] = {
    "userLeave": (0.8, lambda v: 1),
    "chatMessage": (5.0, lambda v: v.habit.chat),
    "tip": (2.0, lambda v: v.habit.tip),
    "privateMessage": (0.4, lambda v: v.habit.private),
    "follow": (0.3, lambda v: 0 if v.following else 1),
    "unfollow": (0.04, lambda v: 1 if v.following else 0),
    "fanclubJoin": (0.05, lambda v: 0 if v.in_fanclub else v.habit.tip),
    "mediaPurchase": (0.15, lambda v: v.habit.media),
}
ENTER_WEIGHT, ENTER_WEIGHT_CROWDED = 3.0, 0.6
SUBJECT_CHANGE_WEIGHT = 0.03


class World:
    """The room and its people. Not thread-safe: the simulator serialises access."""

    def __init__(
        self,
        *,
        seed: int,
        broadcaster: str,
        viewer_count: int,
        start: datetime | None,
        broadcast_length: tuple[int, int],
        include_excluded_regular: bool = True,
    ) -> None:
        self._rng = random.Random(seed)
        # Time draws come from their own generator so the room's content is the same whether
        # the clock is virtual or the wall clock.
        self._time_rng = random.Random(seed * 7919 + 17)
        self._virtual = start is not None
        self._now_ms = _to_ms(start) if start is not None else _wall_ms()
        self._last_id_ms = -1
        self._seq = 0
        self._broadcast_length = broadcast_length
        self._remaining = 0
        self.broadcaster = broadcaster.lower()
        self.live = False
        self.subject = vocabulary.SUBJECTS[0]
        self.events: list[Event] = []
        self.event_keys: list[tuple[int, int]] = []
        self.chat_lines: list[ChatLine] = []
        self._next_chat_id = 900_001
        self.models: dict[str, ModelProfile] = {}
        self.viewers: dict[str, Viewer] = {}
        # Who can walk in, and who in the room can take each action (everyone in it can leave):
        # kept by `_place`.
        self._absent = Draw()
        self._actions = {kind: Draw() for kind in ACTIONS}
        self.received_tokens = 0
        rng = self._rng
        self.balance_base = rng.randint(1_000, 20_000)
        self.followers_elsewhere = rng.randint(500, 3_000)
        self.votes_up = rng.randint(200, 2_000)
        self.votes_down = rng.randint(0, 150)
        self._build_models()
        self._build_viewers(viewer_count, include_excluded_regular)
        self._build_room_history()

    def with_habit(self, habit: str) -> list[Viewer]:
        """The viewers of one habit (say `big_tipper`), in the order they were made."""
        return [viewer for viewer in self.viewers.values() if viewer.habit.name == habit]

    # --- time and ids -------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._now_ms / 1000, UTC)

    def pass_time(self, seconds: float) -> None:
        """Let `seconds` go by with nothing happening (a virtual clock only)."""
        if not self._virtual:
            raise RuntimeError("only a virtual clock (a start time) can be moved on")
        self._now_ms += max(0, round(seconds * 1000))

    def _advance(self) -> None:
        if self._virtual:
            self._now_ms += self._time_rng.randint(40, 2_500)
        else:
            self._now_ms = max(self._now_ms, _wall_ms())

    def _next_id(self) -> str:
        if self._now_ms == self._last_id_ms:
            self._seq += 1
        else:
            self._last_id_ms, self._seq = self._now_ms, 0
        return f"{self._now_ms}-{self._seq}"

    # --- the generated history ------------------------------------------------------------

    def _build_models(self) -> None:
        rng = self._rng
        now = self.now()
        names = (self.broadcaster, *(n for n in vocabulary.MODEL_NAMES if n != self.broadcaster))
        for position, name in enumerate(names):
            is_owner = position == 0
            days = sorted(
                rng.sample(range(1, HISTORY_DAYS), 20 if is_owner else rng.randint(8, 30))
            )
            sessions = []
            for day in reversed(days):
                start = now - timedelta(
                    days=day, hours=rng.randint(0, 12), minutes=rng.randint(0, 59)
                )
                sessions.append(Span(start, start + timedelta(minutes=rng.randint(45, 240))))
            self.models[name] = ModelProfile(
                name=name,
                rid=100_000 + rng.randint(1, 899_999),
                gender=0 if is_owner else rng.randint(0, 3),
                rank=rng.randint(50, 40_000),
                tags=rng.sample(vocabulary.TAGS, rng.randint(2, 4)),
                sessions=sessions,
                outside_income=rng.randint(20_000, 400_000),
            )

    def _build_viewers(self, count: int, include_excluded_regular: bool) -> None:
        rng = self._rng
        habits = list(HABITS[: min(count, len(HABITS))])
        shares = [habit.share for habit in HABITS]
        habits += rng.choices(HABITS, weights=shares, k=max(0, count - len(habits)))
        rng.shuffle(habits)
        names: set[str] = set()
        for position, habit in enumerate(habits):
            if position == 0 and include_excluded_regular:
                name = EXCLUDED_REGULAR
                habit = HABITS_BY_NAME["chatter"]
            else:
                name = self._fresh_name(names)
            names.add(name)
            self._add_viewer(name, habit)

    def _fresh_name(self, taken: set[str]) -> str:
        rng = self._rng
        while True:
            name = (
                f"{rng.choice(vocabulary.ADJECTIVES)}_{rng.choice(vocabulary.NOUNS)}"
                f"_{rng.randint(1, 99)}"
            )
            if name not in taken and name not in self.models:
                return name

    def _add_viewer(self, name: str, habit: Habit) -> Viewer:
        rng = self._rng
        viewer = Viewer(
            username=name,
            habit=habit,
            did=1_000_000 + rng.randint(1, 8_999_999),
            gender=rng.choices("mftc", weights=(70, 15, 10, 5))[0],
            subgender="",
            has_tokens=habit.tip > 0 or rng.random() < 0.3,
            in_fanclub=habit.fanclub,
            is_mod=habit.mod,
            following=rng.random() < (0.8 if habit.tip >= 0.8 else 0.2),
        )
        if viewer.gender == "t":
            viewer.subgender = rng.choice(("tf", "tm", "tn"))
        self.viewers[name] = viewer
        self._place(viewer)
        low, high = habit.past_tips
        if habit.name == "lurker" and rng.random() < 0.3:
            low, high = 1, 3
        others = [m for m in self.models.values() if m.name != self.broadcaster]
        for _ in range(rng.randint(low, high)):
            model = rng.choice(others) if rng.random() < 0.7 else self.models[self.broadcaster]
            low_tip, high_tip = habit.tip_range if habit.tip > 0 else (1, 25)
            tip_at = self._moment_in(rng.choice(model.sessions))
            viewer.tips.append(Tip(tip_at, model.name, model.rid, rng.randint(low_tip, high_tip)))
        viewer.tips.sort(key=lambda tip: tip.at)
        if habit.chat > 0:
            for model in rng.sample(others, rng.randint(0, 5)):
                self._note_message(viewer, model.name, self._moment_in(rng.choice(model.sessions)))
        return viewer

    def _build_room_history(self) -> None:
        """Chat of the owner's last three broadcasts, for Statbate Plus history imports."""
        rng = self._rng
        speakers = [v for v in self.viewers.values() if v.habit.chat > 0]
        if not speakers:
            return
        weights = [v.habit.chat for v in speakers]
        for span in self.models[self.broadcaster].sessions[-3:]:
            moments = sorted(self._moment_in(span) for _ in range(30))
            for moment in moments:
                viewer = rng.choices(speakers, weights=weights)[0]
                self._chat_line(viewer, rng.choice(vocabulary.CHAT_LINES), moment)

    def _moment_in(self, span: Span) -> datetime:
        seconds = max(1, span.seconds(self.now()))
        return span.start + timedelta(seconds=self._rng.randint(0, seconds - 1))

    def _note_message(self, viewer: Viewer, model: str, at: datetime) -> None:
        viewer.messaged[model] = max(at, viewer.messaged.get(model, at))
        if viewer.first_message_at is None or at < viewer.first_message_at:
            viewer.first_message_at = at

    def _chat_line(self, viewer: Viewer, text: str, at: datetime) -> None:
        self.chat_lines.append(
            ChatLine(self._next_chat_id, self.broadcaster, viewer.username, text, at)
        )
        self._next_chat_id += 1
        self._note_message(viewer, self.broadcaster, at)

    # --- the live room --------------------------------------------------------------------

    def step(self, *, advance_time: bool = True) -> Event:
        """Let the room do one thing and return the event it produced."""
        if advance_time:
            self._advance()
        if not self.live:
            return self.start_broadcast(advance_time=False)
        if self._remaining <= 0:
            return self.stop_broadcast(advance_time=False)
        self._remaining -= 1
        return self._random_action()

    def start_broadcast(self, *, advance_time: bool = True) -> Event:
        if advance_time:
            self._advance()
        if not self.live:
            self.live = True
            self._remaining = self._rng.randint(*self._broadcast_length)
            self.models[self.broadcaster].sessions.append(Span(self.now()))
        return self._emit("broadcastStart", {"user": self._owner_user()})

    def stop_broadcast(self, *, advance_time: bool = True) -> Event:
        if advance_time:
            self._advance()
        if self.live:
            self.live = False
            self.models[self.broadcaster].sessions[-1].end = self.now()
            for viewer in self.viewers.values():
                viewer.present = False
                self._place(viewer)
        return self._emit("broadcastStop", {"user": self._owner_user()})

    def opening_show(self, crowd: int = 12) -> list[Event]:
        """A broadcast's busy first minutes, played at once: the start, a crowd entering, chat,
        a round of tips, follows, a fan-club join, a private message and a media purchase.

        The crowd has one viewer of each habit where there is one, and someone who can still
        follow or join the fan club, so every kind of event is there whatever the seed.
        """
        rng = self._rng
        events = [self.start_broadcast()]
        self.subject = rng.choice([s for s in vocabulary.SUBJECTS if s != self.subject])
        self._advance()
        events.append(self._emit("roomSubjectChange", {"subject": self.subject}))
        guests = self._crowd(crowd)
        for viewer in guests:
            events.append(self._scripted("userEnter", viewer))
        events += [self._scripted("chatMessage", v) for v in guests if v.habit.chat > 0]
        events += [self._scripted("tip", v) for v in guests if v.habit.tip > 0]
        followers = [v for v in guests if not v.following][:2]
        events += [self._scripted("follow", v) for v in followers]
        joiner = next((v for v in guests if v.habit.tip > 0 and not v.in_fanclub), None)
        if joiner is not None:
            events.append(self._scripted("fanclubJoin", joiner))
        for kind, likes in (("privateMessage", "private"), ("mediaPurchase", "media")):
            fan = max(guests, key=lambda v: getattr(v.habit, likes), default=None)
            if fan is not None and getattr(fan.habit, likes) > 0:
                events.append(self._scripted(kind, fan))
        events += [self._scripted("chatMessage", v) for v in guests if v.habit.chat >= 1.5]
        return events

    def _crowd(self, size: int) -> list[Viewer]:
        waiting = [v for v in self.viewers.values() if not v.present]
        wanted = [
            *(next((v for v in waiting if v.habit is habit), None) for habit in HABITS),
            *[v for v in waiting if not v.following][:2],
            next((v for v in waiting if v.habit.tip > 0 and not v.in_fanclub), None),
            *waiting,
        ]
        chosen: dict[str, Viewer] = {}
        for viewer in wanted:
            if viewer is not None and len(chosen) < size:
                chosen.setdefault(viewer.username, viewer)
        return list(chosen.values())

    def _scripted(self, kind: str, viewer: Viewer) -> Event:
        self._advance()
        return self._act(kind, viewer)

    def tip(self, username: str, tokens: int, message: str = "", anonymous: bool = False) -> Event:
        """A tip from `username` (a newcomer joins the population as a small tipper)."""
        self._advance()
        viewer = self._viewer(username)
        return self._tip(viewer, tokens, message, anonymous)

    def chat(self, username: str, text: str) -> Event:
        self._advance()
        return self._chat(self._viewer(username), text)

    def enter(self, username: str) -> Event:
        """`username` walks in (a newcomer joins the population as a small tipper)."""
        self._advance()
        viewer = self._viewer(username)
        viewer.present = True
        self._place(viewer)
        return self._emit("userEnter", {"user": self._user(viewer)})

    def inject(self, method: str, obj: dict[str, Any]) -> Event:
        """Emit any event as given (unknown methods included), with a fresh id."""
        self._advance()
        return self._emit(method, obj)

    def _viewer(self, username: str) -> Viewer:
        name = username.lower()
        return self.viewers.get(name) or self._add_viewer(name, HABITS_BY_NAME["small_tipper"])

    def _random_action(self) -> Event:
        rng = self._rng
        crowd = max(3, len(self.viewers) // 2)
        in_room = len(self._actions["userLeave"])
        candidates: dict[str, tuple[float, Draw]] = {}
        if self._absent:
            enter = ENTER_WEIGHT if in_room < crowd else ENTER_WEIGHT_CROWDED
            candidates["userEnter"] = (enter, self._absent)
        for kind, (weight, _) in ACTIONS.items():
            if self._actions[kind] and (kind != "userLeave" or in_room > 2):
                candidates[kind] = (weight, self._actions[kind])
        kinds = [*candidates, "roomSubjectChange"]
        weights = [*(c[0] for c in candidates.values()), SUBJECT_CHANGE_WEIGHT]
        kind = rng.choices(kinds, weights=weights)[0]
        if kind == "roomSubjectChange":
            self.subject = rng.choice([s for s in vocabulary.SUBJECTS if s != self.subject])
            return self._emit("roomSubjectChange", {"subject": self.subject})
        return self._act(kind, candidates[kind][1].pick(rng))

    def _place(self, viewer: Viewer) -> None:
        """Put `viewer` in the draws their state allows (after it changed)."""
        self._absent.set(viewer, 0 if viewer.present else 1)
        for kind, (_, weight) in ACTIONS.items():
            self._actions[kind].set(viewer, float(weight(viewer)) if viewer.present else 0)

    def _act(self, kind: str, viewer: Viewer) -> Event:
        rng = self._rng
        if kind == "userEnter":
            viewer.present = True
        elif kind == "userLeave":
            viewer.present = False
        elif kind == "chatMessage":
            return self._chat(viewer, rng.choice(vocabulary.CHAT_LINES))
        elif kind == "tip":
            low, high = viewer.habit.tip_range
            # Most tips sit at the low end of a viewer's range; a few are generous.
            tokens = min(high, int(low * rng.paretovariate(2.5)))
            return self._tip(
                viewer, tokens, rng.choice(vocabulary.TIP_NOTES), anonymous=rng.random() < 0.05
            )
        elif kind == "privateMessage":
            outgoing = rng.random() < 0.35
            sender, receiver = (
                (self.broadcaster, viewer.username)
                if outgoing
                else (viewer.username, self.broadcaster)
            )
            message = self._message(rng.choice(vocabulary.PRIVATE_LINES))
            message.update({"fromUser": sender, "toUser": receiver})
            user = self._owner_user() if outgoing else self._user(viewer)
            return self._emit("privateMessage", {"message": message, "user": user})
        elif kind == "follow":
            viewer.following = True
        elif kind == "unfollow":
            viewer.following = False
        elif kind == "fanclubJoin":
            viewer.in_fanclub = True
        elif kind == "mediaPurchase":
            position = rng.randrange(len(vocabulary.MEDIA))
            media_type, name, tokens = vocabulary.MEDIA[position]
            self.received_tokens += tokens
            media = {"id": 7_000 + position, "type": media_type, "name": name, "tokens": tokens}
            return self._emit("mediaPurchase", {"media": media, "user": self._user(viewer)})
        self._place(viewer)
        return self._emit(kind, {"user": self._user(viewer)})

    def _chat(self, viewer: Viewer, text: str) -> Event:
        self._chat_line(viewer, text, self.now())
        return self._emit(
            "chatMessage", {"message": self._message(text), "user": self._user(viewer)}
        )

    def _tip(self, viewer: Viewer, tokens: int, message: str, anonymous: bool) -> Event:
        owner = self.models[self.broadcaster]
        viewer.tips.append(Tip(self.now(), owner.name, owner.rid, tokens))
        self.received_tokens += tokens
        tip = {"tokens": tokens, "isAnon": anonymous, "message": message}
        return self._emit("tip", {"tip": tip, "user": self._user(viewer)})

    def _message(self, text: str) -> dict[str, Any]:
        color = self._rng.choice(vocabulary.COLORS)
        return {"message": text, "color": color, "bgColor": None, "font": "default"}

    def _emit(self, method: str, obj: dict[str, Any]) -> Event:
        event_id = self._next_id()
        event = {
            "method": method,
            "id": event_id,
            "object": {"broadcaster": self.broadcaster, **obj},
        }
        self.events.append(event)
        self.event_keys.append(event_key(event_id))
        return event

    def _user(self, viewer: Viewer) -> dict[str, Any]:
        return user_payload(
            viewer, recent_tips=recent_tips_band(viewer, self.broadcaster, self.now())
        )

    def _owner_user(self) -> dict[str, Any]:
        return owner_payload(self.broadcaster)

    # --- what the room's numbers say ------------------------------------------------------

    def room_tips(self, since: datetime | None = None) -> list[Tip]:
        return [
            tip
            for viewer in self.viewers.values()
            for tip in viewer.tips
            if tip.model == self.broadcaster and (since is None or tip.at >= since)
        ]

    def tips_to(self, model: str) -> list[Tip]:
        return [tip for v in self.viewers.values() for tip in v.tips if tip.model == model]


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000


def _to_ms(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)
