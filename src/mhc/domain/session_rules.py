"""The stream session state machine: LIVE -> ENDED, once, and one LIVE session per broadcaster."""

from __future__ import annotations

from datetime import datetime

import msgspec

from mhc.domain.errors import Conflict
from mhc.domain.models import Platform, SessionStatus, StreamSession


def start_session(
    current: StreamSession | None,
    *,
    new_id: int,
    broadcaster: str,
    platform: Platform,
    started_at: datetime,
) -> StreamSession:
    """The session to use after a start: `current` when it is LIVE, else a new LIVE one."""
    if current is not None and current.status == SessionStatus.LIVE:
        return current
    return StreamSession(
        id=new_id,
        platform=platform,
        broadcaster=broadcaster,
        started_at=started_at,
        ended_at=None,
        status=SessionStatus.LIVE,
    )


def ending_time(session: StreamSession, ended_at: datetime) -> datetime:
    """When `session` ends if asked to end at `ended_at`; Conflict if it already ended.

    An end earlier than the start (a late event, a skewed clock) is moved to the start, so a
    session never lasts less than nothing.
    """
    if session.status == SessionStatus.ENDED:
        raise Conflict(f"session {session.id} of {session.broadcaster} has already ended")
    return max(ended_at, session.started_at)


def end_session(session: StreamSession, ended_at: datetime) -> StreamSession:
    """The session ENDED at `ending_time(session, ended_at)`."""
    return msgspec.structs.replace(
        session, ended_at=ending_time(session, ended_at), status=SessionStatus.ENDED
    )
