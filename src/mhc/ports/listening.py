"""Where the worker writes when it was listening to the Events API (see domain.coverage)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class ListeningLog(Protocol):
    async def open_span(
        self, *, broadcaster: str, worker_id: str, started_at: datetime, ended_at: datetime
    ) -> int:
        """Record a new span of answered polls; returns its id."""
        ...

    async def extend_span(self, span_id: int, ended_at: datetime) -> None:
        """Move the span's end forward to `ended_at` (never back)."""
        ...
