"""Bodies of the stream-session routes (controllers/sessions.py)."""

from __future__ import annotations

from mhc.adapters.http.schemas.common import (
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
