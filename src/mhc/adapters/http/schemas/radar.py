"""Bodies of the live room radar (controllers/radar.py)."""

from __future__ import annotations

from datetime import datetime

from mhc.adapters.http.schemas.common import (
    AttributeOut,
    Body,
    NoteOut,
    WatchlistRefOut,
)
from mhc.domain.lookups import LookupState
from mhc.domain.models import (
    InteractionType,
)
from mhc.domain.radar import GroundKind, Highlight


class ViewerFlagsOut(Body):
    """What Chaturbate's latest user object said about someone, and when (`seenAt`). Gender
    and subgender are Chaturbate's codes (m, f, t, c; tf, tm, tn); `recentTips` is none, few,
    some, lots or tons."""

    seen_at: datetime
    in_fanclub: bool | None
    is_mod: bool | None
    has_tokens: bool | None
    recent_tips: str | None
    gender: str | None
    subgender: str | None


class LookupStatusOut(Body):
    """The automatic Statbate look-up: queued (`at` = since when; with `error` when the last
    try failed and it is retried), found, not_found (not on Statbate) or failed, `at` = when."""

    state: LookupState
    at: datetime | None
    error: str | None
    attempts: int


class HighlightGroundOut(Body):
    """One reason for the highlight: `tokens` for Statbate's all-time total and the room's
    tips, `level` for Chaturbate's recent tips, `watchlists` for lists."""

    kind: GroundKind
    tokens: int | None
    level: str | None
    watchlists: list[str]


class EntryCardOut(Body):
    """What we know about someone in the room; `highlight` marks big spenders and members of a
    watchlist (big spender wins when both hold; `highlightReason` names every ground, and
    `highlightGrounds` gives them as data)."""

    person_id: int
    username: str
    room_tips_total: int
    room_tip_count: int
    last_tip_at: datetime | None
    last_tip_tokens: int | None
    visits: int
    statbate_all_time_tokens: int | None
    statbate_last_tip_date: str | None
    statbate_captured_at: datetime | None
    watchlists: list[WatchlistRefOut]
    notes: list[NoteOut]
    tags: list[AttributeOut]
    highlight: Highlight | None
    highlight_reason: str | None
    highlight_grounds: list[HighlightGroundOut]
    flags: ViewerFlagsOut | None
    lookup: LookupStatusOut | None
    first_room_event_at: datetime | None
    # The newest room event these figures count: a later tip adds to them, an earlier one is in.
    counted_through: int | None


class PresentPersonOut(EntryCardOut):
    entered_at: datetime


class CardUpdateOut(Body):
    """A card that changed without a room event (the SSE `data` of a `card` message)."""

    person_id: int
    card: EntryCardOut


class ViewerCountsOut(Body):
    """The room's size from the owner's latest Chaturbate Stats API snapshot."""

    viewers: int | None
    registered: int | None
    tokened: int | None
    captured_at: datetime


class RadarEventOut(Body):
    """One room event (the SSE `data` of an `interaction` message); `id` is the interaction's."""

    id: int
    type: InteractionType
    occurred_at: datetime
    person_id: int
    username: str
    content: str | None
    tokens: int | None
    session_id: int | None
    # Only the first sighting of a person since the last broadcast start or stop carries one.
    card: EntryCardOut | None = None


class RoomOut(Body):
    """The room now; open the stream with `?after=<lastEventId>` to continue from here."""

    live: bool
    session_id: int | None
    since: datetime | None
    present: list[PresentPersonOut]
    recent: list[RadarEventOut]
    last_event_id: int | None
    counts: ViewerCountsOut | None


class PersonFlagsOut(Body):
    """What Chaturbate last said about a person in the room (null: nothing yet, or excluded),
    and where their automatic Statbate look-up stands (null: never queued)."""

    flags: ViewerFlagsOut | None
    lookup: LookupStatusOut | None
