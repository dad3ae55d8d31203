"""The stream report of a session: generated from stored data, in the owner's time zone and
clock, the same text for the same data (domain.report)."""

from __future__ import annotations

import msgspec

from mhc.domain.errors import InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.owner_clock import date_text
from mhc.domain.report import stream_report
from mhc.domain.usernames import normalize_username
from mhc.ports.owner_clock import OwnerClockSource
from mhc.ports.reports import ReportSource

MAX_THEME_LENGTH = 200


class StreamReport(msgspec.Struct, frozen=True, kw_only=True):
    session_id: int
    markdown: str
    # What to call the file when the owner downloads it.
    filename: str


class ReportService:
    def __init__(
        self,
        source: ReportSource,
        owner_clock: OwnerClockSource,
        exclusion: ExclusionPolicy,
        *,
        broadcaster: str,
    ) -> None:
        self._source = source
        self._owner_clock = owner_clock
        self._exclusion = exclusion
        self._broadcaster = normalize_username(broadcaster)

    async def report(self, session_id: int) -> StreamReport:
        """The report of the session; NotFound when there is no such session."""
        data = await self._source.report_data(session_id, broadcaster=self._broadcaster)
        if data is None:
            raise NotFound(f"session {session_id} does not exist")
        clock = await self._owner_clock.current()
        return StreamReport(
            session_id=session_id,
            markdown=stream_report(data, exclusion=self._exclusion, clock=clock),
            filename=f"stream-report-{date_text(data.started_at, clock)}-{session_id}.md",
        )

    async def latest(self) -> StreamReport:
        """The report of the most recently started session; NotFound when there is none."""
        session_id = await self._source.latest_session_id(self._broadcaster)
        if session_id is None:
            raise NotFound(f"{self._broadcaster} has no session yet")
        return await self.report(session_id)

    async def set_theme(self, session_id: int, theme: str) -> str:
        """Give the show its theme (blank clears it); returns it as stored."""
        cleaned = " ".join(theme.split())
        if len(cleaned) > MAX_THEME_LENGTH:
            raise InvalidInput(
                f"the theme may have at most {MAX_THEME_LENGTH} characters", field="theme"
            )
        if not await self._source.set_theme(session_id, cleaned):
            raise NotFound(f"session {session_id} does not exist")
        return cleaned
