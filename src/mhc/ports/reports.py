"""What the stream report reads, and the one thing the owner writes for it (a show's theme)."""

from __future__ import annotations

from typing import Protocol

from mhc.domain.report.data import ReportData


class ReportSource(Protocol):
    async def report_data(self, session_id: int, *, broadcaster: str) -> ReportData | None:
        """Everything the report of the session needs, read from one snapshot; None when the
        session does not exist. The people are those the session's events name, with the
        lists they are on and what the panel knew of them before the session began."""
        ...

    async def latest_session_id(self, broadcaster: str) -> int | None:
        """The broadcaster's most recently started session."""
        ...

    async def set_theme(self, session_id: int, theme: str) -> bool:
        """Store the show's theme ("" clears it); False when the session does not exist."""
        ...
