"""Bodies of the watchlist routes (controllers/watchlists.py)."""

from __future__ import annotations

from datetime import datetime

from mhc.adapters.http.schemas.common import (
    Body,
    DeltaOut,
    Id,
    Name,
    PageMeta,
    PersonOut,
    Username,
    WatchlistRefOut,
)


class WatchlistOut(WatchlistRefOut):
    member_count: int


class WatchlistRequest(Body):
    name: Name


class WatchlistMemberOut(Body):
    person: PersonOut
    added_at: datetime
    last_interaction_at: datetime | None
    last_delta: DeltaOut | None
    online: bool | None


class WatchlistMemberPage(PageMeta):
    items: list[WatchlistMemberOut]


class MemberRequest(Body):
    """Who to add: an existing person's id, or a username (found or created)."""

    person_id: Id | None = None
    username: Username | None = None


class MemberAddedOut(Body):
    person: PersonOut
    added_at: datetime
