"""Who lives in the simulated world: viewers and their habits, models, and what they did.

Plain records drawn by `World`; Statbate's simulated answers are computed from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

Event = dict[str, Any]

HOUR = timedelta(hours=1)
HISTORY_DAYS = 60


@dataclass(frozen=True, slots=True)
class Habit:
    """How a kind of viewer behaves: relative weights of each action while in the room."""

    name: str
    share: float
    chat: float
    tip: float
    tip_range: tuple[int, int]
    private: float
    media: float
    past_tips: tuple[int, int]
    fanclub: bool = False
    mod: bool = False


HABITS = (
    Habit("lurker", 0.34, 0.0, 0.0, (1, 1), 0.0, 0.0, (0, 0)),
    Habit("chatter", 0.24, 3.0, 0.05, (1, 10), 0.05, 0.0, (0, 3)),
    Habit("small_tipper", 0.20, 1.0, 1.0, (1, 50), 0.05, 0.05, (5, 30)),
    Habit("big_tipper", 0.07, 0.8, 1.2, (50, 1000), 0.5, 0.3, (10, 60)),
    Habit("fan", 0.10, 1.5, 0.8, (10, 200), 0.3, 0.5, (5, 40), fanclub=True),
    Habit("mod", 0.05, 2.5, 0.2, (5, 50), 0.1, 0.0, (2, 10), mod=True),
)
HABITS_BY_NAME = {habit.name: habit for habit in HABITS}
EXCLUDED_REGULAR = "smk_lover"


@dataclass(frozen=True, slots=True)
class Tip:
    at: datetime
    model: str
    rid: int
    tokens: int


@dataclass(frozen=True, slots=True)
class ChatLine:
    """A public chat message as Statbate Plus records it (private messages are not seen)."""

    id: int
    room: str
    username: str
    text: str
    at: datetime


@dataclass(slots=True)
class Span:
    start: datetime
    end: datetime | None = None

    def seconds(self, now: datetime) -> int:
        return int(((self.end or now) - self.start).total_seconds())


@dataclass(slots=True)
class ModelProfile:
    name: str
    rid: int
    gender: int
    rank: int
    tags: list[tuple[str, str]]
    sessions: list[Span]
    # Tokens from members the simulation does not model, so income exceeds our viewers' tips.
    outside_income: int


@dataclass(slots=True)
class Viewer:
    username: str
    habit: Habit
    did: int
    gender: str
    subgender: str
    has_tokens: bool
    in_fanclub: bool
    is_mod: bool
    following: bool = False
    present: bool = False
    tips: list[Tip] = field(default_factory=list)
    messaged: dict[str, datetime] = field(default_factory=dict)
    first_message_at: datetime | None = None

    @property
    def known_to_statbate(self) -> bool:
        return bool(self.tips) or self.first_message_at is not None


def event_key(event_id: str) -> tuple[int, int]:
    """Orderable form of an event id `<ms epoch>-<seq>`; ValueError when malformed."""
    millis, _, seq = event_id.partition("-")
    return int(millis), int(seq or 0)


def user_payload(viewer: Viewer, *, recent_tips: str) -> dict[str, Any]:
    """The Events API's user object for a viewer."""
    return {
        "username": viewer.username,
        "inFanclub": viewer.in_fanclub,
        "hasTokens": viewer.has_tokens,
        "isMod": viewer.is_mod,
        "gender": viewer.gender,
        "subgender": viewer.subgender,
        "recentTips": recent_tips,
        # Real payloads carry keys the documentation does not list; clients must cope.
        "language": "en",
    }


def owner_payload(broadcaster: str) -> dict[str, Any]:
    """The Events API's user object for the broadcaster."""
    return {
        "username": broadcaster,
        "inFanclub": False,
        "hasTokens": True,
        "isMod": False,
        "gender": "m",
        "subgender": "",
        "recentTips": "none",
        "language": "en",
    }


def recent_tips_band(viewer: Viewer, broadcaster: str, now: datetime) -> str:
    """How much the viewer tipped the room in the last hour, in the Events API's words."""
    since = now - HOUR
    total = 0
    for tip in reversed(viewer.tips):
        if tip.at < since:
            break
        if tip.model == broadcaster:
            total += tip.tokens
    if total == 0:
        return "none"
    if total < 100:
        return "some"
    return "lots" if total < 1_000 else "tons"
