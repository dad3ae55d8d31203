"""Bodies of the live room radar (controllers/radar.py)."""

from __future__ import annotations

from datetime import datetime

from mhc.adapters.http.schemas.common import (
    AttributeOut,
    Body,
    NoteOut,
    WatchlistRefOut,
)
from mhc.domain.models import (
    InteractionType,
)
from mhc.domain.radar import Highlight


class EntryCardOut(Body):
    """What we know about someone in the room; `highlight` marks big spenders and members of a
    watchlist (big spender wins when both hold; `highlightReason` names every ground)."""

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


class PresentPersonOut(EntryCardOut):
    entered_at: datetime


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
