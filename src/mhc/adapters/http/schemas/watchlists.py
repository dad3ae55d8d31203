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
    """Who to add: an existing person's id, or a username; one of them.

    A username nobody has (a typo, most often) is refused with 404 unless `createIfUnknown`
    says to create that person.
    """

    person_id: Id | msgspec.UnsetType = msgspec.UNSET
    username: Username | msgspec.UnsetType = msgspec.UNSET
    create_if_unknown: bool | msgspec.UnsetType = msgspec.UNSET


class MemberAddedOut(Body):
    person: PersonOut
    added_at: datetime
