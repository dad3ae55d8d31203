"""Bodies of the stream-session routes (controllers/sessions.py)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from mhc.adapters.http.schemas.common import (
    NO_NUL,
    Body,
    Id,
    PageMeta,
    RoomInteractionOut,
    SessionOut,
    SessionSummaryOut,
)


class SessionEndRequest(Body):
    session_id: Id | None = None


class CurrentSessionOut(Body):
    session: SessionOut | None


class RoomInteractionPage(PageMeta):
    items: list[RoomInteractionOut]


class SessionDetailOut(Body):
    summary: SessionSummaryOut
    interactions: RoomInteractionPage


class SessionSummaryPage(PageMeta):
    items: list[SessionSummaryOut]


class SessionThemeRequest(Body):
    """The show's theme for its report's label line; empty clears it."""

    theme: Annotated[str, msgspec.Meta(max_length=200, pattern=NO_NUL)]


class SessionThemeOut(Body):
    session_id: int
    theme: str
