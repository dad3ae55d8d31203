"""Bodies of the watchlist routes (controllers/watchlists.py)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from mhc.adapters.http.schemas.common import (
    Body,
    DeltaOut,
    Id,
    Name,
    PageMeta,
    PersonOut,
    Username,
    WatchlistRefOut,
    cross_field_rule,
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


@cross_field_rule(oneOf=[{"required": ["personId"]}, {"required": ["username"]}])
class MemberRequest(Body):
    """Who to add: an existing person's id, or a username (found or created); one of them."""

    person_id: Id | msgspec.UnsetType = msgspec.UNSET
    username: Username | msgspec.UnsetType = msgspec.UNSET


class MemberAddedOut(Body):
    person: PersonOut
    added_at: datetime
