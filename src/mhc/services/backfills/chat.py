"""The chat-import backfill: a room's chat history from Statbate Plus, as interactions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection

from mhc.domain.backfills import BackfillParams
from mhc.services.backfills.progress import ProgressReporter
from mhc.services.capture import CaptureService


class ChatImportRunner:
    """Imports one room's chat (the owner's by default); re-runs add nothing."""

    def __init__(
        self,
        capture: CaptureService,
        *,
        broadcaster: str,
        erased_among: Callable[[Collection[str]], Awaitable[set[str]]],
    ) -> None:
        self._capture = capture
        self._broadcaster = broadcaster
        self._erased_among = erased_among

    async def run(self, params: BackfillParams, progress: ProgressReporter) -> None:
        async def fetched(count: int) -> None:
            await progress.add(done=count - progress.done)

        result = await self._capture.import_chat(
            params.room or self._broadcaster,
            params.since,
            params.until,
            progress=fetched,
            leave_out=None if params.include_erased else self._erased_among,
        )
        progress.counts.update(
            fetched=result.fetched,
            stored=result.stored,
            people=result.people,
            skipped=result.skipped,
        )
        if result.skipped_erased:
            # Said in the summary: the owner sees why fewer were stored, and how to get them.
            progress.counts.update(skipped_erased=result.skipped_erased)
        await progress.set_total(result.fetched)
