"""What a stream report is made from: one session's stored data, as the report source reads it."""

from __future__ import annotations

from datetime import datetime

import msgspec

from mhc.domain.coverage import ListeningSpan
from mhc.domain.models import InteractionType, SessionStatus


class ReportEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One interaction linked to the session; `tokens` only for a tip that carries a number.

    `from_owner` marks a private message the owner sent (the person is the other party).
    """

    id: int
    person_id: int
    type: InteractionType
    occurred_at: datetime
    content: str | None = None
    tokens: int | None = None
    from_owner: bool = False


class ReportPerson(msgspec.Struct, frozen=True, kw_only=True):
    """Someone the session's events name, with what the panel knew of them before it began."""

    id: int
    username: str
    is_excluded: bool = False
    lists: tuple[str, ...] = ()
    # Their latest interaction before the session started (None: the first time seen).
    last_seen_before: datetime | None = None
    tipped_before: bool = False


class ViewerCount(msgspec.Struct, frozen=True, kw_only=True):
    """A Chaturbate Stats capture taken during the show."""

    captured_at: datetime
    viewers: int | None = None
    registered: int | None = None


class SubjectChange(msgspec.Struct, frozen=True, kw_only=True):
    subject: str
    at: datetime


class ReportData(msgspec.Struct, frozen=True, kw_only=True):
    """One session's stored data; `as_of` is when a live session's report stops (the newest
    thing the panel heard of it), the end for an ended one."""

    session_id: int
    broadcaster: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    as_of: datetime
    events: tuple[ReportEvent, ...] = ()
    people: tuple[ReportPerson, ...] = ()
    # The newest subject set before the show began; the changes during it are events.
    subject_before: SubjectChange | None = None
    viewer_counts: tuple[ViewerCount, ...] = ()
    listening: tuple[ListeningSpan, ...] = ()
    listening_tracked_since: datetime | None = None
    theme: str = ""

    @property
    def end(self) -> datetime:
        return self.ended_at or self.as_of
