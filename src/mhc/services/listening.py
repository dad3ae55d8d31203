"""Recording when the worker was listening: every answered Events API poll extends a span.

A poll answered covers the time from its request to its answer. Polls that follow each other
within JOIN_SECONDS extend the same span; a longer pause (a stopped worker, an outage, a
refused token) starts a new one, so the pause shows as a gap (domain.coverage).

Cheap by design: a new span is written at once, an extended one at most every
FLUSH_SECONDS (and when the ingestor lets go), one small statement each time, whatever the
rate of polls. Like the heartbeat, it is bookkeeping: it never holds ingestion up longer than
BOOKKEEPING_SECONDS and a failed write is tried again with the next poll.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import anyio

from mhc.ports.ingestion import FeedPage
from mhc.ports.listening import ListeningLog
from mhc.services.cancel_once import CancelOnce

log = logging.getLogger("mhc.worker")

JOIN_SECONDS = 5.0
FLUSH_SECONDS = 5.0
BOOKKEEPING_SECONDS = 2.0


class ListeningRecorder:
    """The spans of one ingestor (one broadcaster, one worker process)."""

    def __init__(
        self,
        log_: ListeningLog | None,
        *,
        broadcaster: str,
        worker_id: str,
        flush_seconds: float = FLUSH_SECONDS,
    ) -> None:
        self._log = log_
        self._broadcaster = broadcaster
        self._worker_id = worker_id
        self._flush_seconds = flush_seconds
        self._span_id: int | None = None
        self._started_at: datetime | None = None
        self._ended_at: datetime | None = None
        self._written_end: datetime | None = None
        self._written_at = float("-inf")

    @classmethod
    def disabled(cls) -> ListeningRecorder:
        """A recorder that records nothing (an ingestor run without a listening log)."""
        return cls(None, broadcaster="", worker_id="")

    async def heard(self, page: FeedPage) -> None:
        """Note an answered poll (after its batch was stored)."""
        if self._log is None:
            return
        requested = page.requested_at or page.received_at
        end = max(page.received_at, requested)
        if self._ended_at is None or requested - self._ended_at > timedelta(seconds=JOIN_SECONDS):
            await self.flush()
            self._span_id, self._started_at, self._ended_at = None, requested, end
            self._written_end = None
            await self.flush()
            return
        self._ended_at = max(self._ended_at, end)
        if anyio.current_time() - self._written_at >= self._flush_seconds:
            await self.flush()

    async def flush(self) -> None:
        """Write what is not written yet (never raises; a failure waits for the next try)."""
        if self._log is None or self._started_at is None or self._ended_at is None:
            return
        if self._span_id is not None and self._written_end == self._ended_at:
            return
        ended_at = self._ended_at
        async with CancelOnce(within=BOOKKEEPING_SECONDS):
            try:
                if self._span_id is None:
                    self._span_id = await self._log.open_span(
                        broadcaster=self._broadcaster,
                        worker_id=self._worker_id,
                        started_at=self._started_at,
                        ended_at=ended_at,
                    )
                else:
                    await self._log.extend_span(self._span_id, ended_at)
            except Exception as exc:
                log.debug("listening span not written: %s", type(exc).__name__)
                return
            self._written_end = ended_at
            self._written_at = anyio.current_time()
