"""Stream sessions of the owner's room: start, end, the current one, the history."""

from __future__ import annotations

import builtins
from datetime import datetime

from mhc.domain.models import Platform, StreamSession
from mhc.domain.session_rules import ending_time
from mhc.domain.usernames import normalize_username
from mhc.ports.clock import Clock
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.guards import check_aware, check_page, require_session

MAX_PAGE = 500


async def start_stream_session(
    uow: UnitOfWork,
    clock: Clock,
    broadcaster: str,
    platform: Platform = Platform.CHATURBATE,
    started_at: datetime | None = None,
) -> StreamSession:
    """A LIVE session of `broadcaster`: the one already LIVE, or a new one from `started_at`."""
    moment = clock.now() if started_at is None else started_at
    check_aware(moment, "started_at")
    return await uow.sessions.start(normalize_username(broadcaster), platform, moment)


async def end_stream_session(
    uow: UnitOfWork, clock: Clock, session_id: int, ended_at: datetime | None = None
) -> StreamSession:
    """End a LIVE session; NotFound if unknown, Conflict if it has ended already."""
    moment = clock.now() if ended_at is None else ended_at
    check_aware(moment, "ended_at")
    session = await require_session(uow, session_id)
    return await uow.sessions.end(session_id, ending_time(session, moment))


async def end_current_session(
    uow: UnitOfWork,
    clock: Clock,
    broadcaster: str,
    platform: Platform = Platform.CHATURBATE,
    ended_at: datetime | None = None,
) -> StreamSession | None:
    """End the broadcaster's LIVE session; None when none is LIVE (ending twice is harmless)."""
    current = await uow.sessions.current(normalize_username(broadcaster), platform)
    if current is None:
        return None
    return await end_stream_session(uow, clock, current.id, ended_at)


class SessionService:
    """Sessions of one platform; `broadcaster` is the default room (settings' broadcaster)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        broadcaster: str,
        platform: Platform = Platform.CHATURBATE,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._broadcaster = normalize_username(broadcaster)
        self._platform = platform

    async def start(self, broadcaster: str | None = None) -> StreamSession:
        async with self._uow_factory() as uow:
            session = await start_stream_session(
                uow, self._clock, broadcaster or self._broadcaster, self._platform
            )
            await uow.commit()
        return session

    async def end(self, session_id: int) -> StreamSession:
        async with self._uow_factory() as uow:
            session = await end_stream_session(uow, self._clock, session_id)
            await uow.commit()
        return session

    async def end_current(self, broadcaster: str | None = None) -> StreamSession | None:
        async with self._uow_factory() as uow:
            session = await end_current_session(
                uow, self._clock, broadcaster or self._broadcaster, self._platform
            )
            await uow.commit()
        return session

    async def get_current(self, broadcaster: str | None = None) -> StreamSession | None:
        name = normalize_username(broadcaster or self._broadcaster)
        async with self._uow_factory() as uow:
            return await uow.sessions.current(name, self._platform)

    async def list(
        self, limit: int = 50, offset: int = 0, broadcaster: str | None = None
    ) -> builtins.list[StreamSession]:
        """Sessions of the broadcaster, newest first."""
        check_page(limit, offset, max_limit=MAX_PAGE)
        name = normalize_username(broadcaster or self._broadcaster)
        async with self._uow_factory() as uow:
            return await uow.sessions.list(name, limit=limit, offset=offset)

    async def get(self, session_id: int) -> StreamSession:
        async with self._uow_factory() as uow:
            return await require_session(uow, session_id)
