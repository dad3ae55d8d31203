"""Bodies of the backfill routes (controllers/backfills.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec

from mhc.adapters.http.schemas.common import (
    USERNAME_SCHEMA,
    Body,
    Id,
    PageMeta,
    Username,
)
from mhc.domain.backfills import BackfillKind, BackfillOrigin, BackfillStatus


class StartBackfillRequest(Body):
    """Snapshots take `usernames` or `watchlistId`; the tip history takes an optional date
    range (`until` included) and no names; a chat import is of the owner's room (or of the one
    name given), optionally within dates."""

    kind: BackfillKind
    usernames: (
        Annotated[
            list[Username],
            msgspec.Meta(
                min_length=1,
                max_length=1000,
                # Litestar's schema of a list drops its items' constraints: stated here.
                extra_json_schema={
                    "extra": {
                        "oneOf": [{"type": "array", "items": USERNAME_SCHEMA}, {"type": "null"}]
                    }
                },
            ),
        ]
        | None
    ) = None
    watchlist_id: Id | None = None
    since: date | None = None
    until: date | None = None
    # Names an erasure forgot are refused (snapshots, a chat room) or skipped (tips, chat
    # senders) unless this is true.
    include_erased: bool | None = None


class BackfillOut(Body):
    """A backfill and how far it got: `done` units succeeded and `failed` did not, out of
    `total` (null while unknown) `unit`s; `summary` counts outcomes (captured, stored...)."""

    id: int
    kind: BackfillKind
    label: str
    status: BackfillStatus
    origin: BackfillOrigin
    unit: str
    total: int | None
    done: int
    failed: int
    summary: dict[str, int]
    last_error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime
    # Set once the owner cancelled a running backfill here; its process stops at its next
    # chunk and ends it as cancelled.
    cancel_requested_at: datetime | None


class BackfillPage(PageMeta):
    items: list[BackfillOut]
