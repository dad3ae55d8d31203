"""Bodies of a person's threads and of a PM or DM entered by hand
(controllers/communications.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from mhc.adapters.http.schemas.common import NOT_BLANK, Body
from mhc.domain.models import InteractionSource, InteractionType


class ThreadMessageOut(Body):
    """A bubble: the owner's side when `fromOwner`."""

    id: int
    type: InteractionType
    content: str | None
    occurred_at: datetime
    source: InteractionSource
    from_owner: bool
    session_id: int | None
    tokens: int | None


class ThreadTotalsOut(Body):
    pm: int
    dm: int
    public: int
    tips: int


class TipMenuPriceOut(Body):
    item: str
    price: int


class TipMenuSeenOut(Body):
    interaction_id: int
    seen_at: datetime
    items: list[TipMenuPriceOut]


class CommunicationsOut(Body):
    """PM, DM and public chat threads and tips, each oldest first (its newest `limit`);
    `totals` counts all of each; `tipMenu` is the newest tip menu seen of a model; `isOwner`
    when the person is the broadcaster (who has no PM or DM thread)."""

    is_owner: bool
    pm: list[ThreadMessageOut]
    dm: list[ThreadMessageOut]
    public: list[ThreadMessageOut]
    tips: list[ThreadMessageOut]
    totals: ThreadTotalsOut
    tip_menu: TipMenuSeenOut | None


class NewMessageRequest(Body):
    """A PM (in a room, during a show) or a DM (site mail), from them or from the owner;
    `occurredAt` defaults to now."""

    thread: Literal["pm", "dm"]
    from_owner: bool
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=NOT_BLANK)]
    occurred_at: datetime | None = None
