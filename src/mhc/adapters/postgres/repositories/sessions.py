"""Stream sessions: the broadcasts of the owner's room."""

from __future__ import annotations

import builtins
from datetime import datetime

from mhc.adapters.postgres.repositories.base import SqlRepository
from mhc.domain.errors import Conflict, NotFound
from mhc.domain.models import Platform, StreamSession


class PostgresSessionRepository(SqlRepository):
    sql_folder = "sessions"

    async def get(self, session_id: int) -> StreamSession | None:
        return await self._fetch_one("get", {"session_id": session_id}, StreamSession)

    async def current(self, broadcaster: str, platform: Platform) -> StreamSession | None:
        params = {"broadcaster": broadcaster, "platform": platform}
        return await self._fetch_one("current", params, StreamSession)

    async def start(
        self, broadcaster: str, platform: Platform, started_at: datetime
    ) -> StreamSession:
        """Start a LIVE session, or return the one already LIVE (never a second)."""
        params = {"broadcaster": broadcaster, "platform": platform, "started_at": started_at}
        started = await self._write_one("start", params, StreamSession)
        if started is not None:
            return started
        live = await self.current(broadcaster, platform)
        if live is None:
            # The LIVE session that blocked the insert ended in between; the caller may retry.
            raise Conflict(f"{broadcaster!r} had a LIVE session that ended while starting")
        return live

    async def end(self, session_id: int, ended_at: datetime) -> StreamSession:
        """End a LIVE session; Conflict if it is already ENDED, NotFound if unknown."""
        params = {"session_id": session_id, "ended_at": ended_at}
        ended = await self._write_one("end", params, StreamSession)
        if ended is not None:
            return ended
        if await self.get(session_id) is None:
            raise NotFound(f"stream session {session_id} does not exist")
        raise Conflict(f"stream session {session_id} has already ended")

    async def list(
        self, broadcaster: str, *, limit: int = 50, offset: int = 0
    ) -> builtins.list[StreamSession]:
        """A broadcaster's sessions, newest first."""
        params = {"broadcaster": broadcaster, "limit": limit, "offset": offset}
        return await self._fetch_all("list", params, StreamSession)
