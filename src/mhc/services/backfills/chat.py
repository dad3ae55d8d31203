"""The chat-import backfill: a room's chat history from Statbate Plus, as interactions."""

from __future__ import annotations

from mhc.domain.backfills import BackfillParams
from mhc.services.backfills.progress import ProgressReporter
from mhc.services.capture import CaptureService


class ChatImportRunner:
    """Imports one room's chat (the owner's by default); re-runs add nothing."""

    def __init__(self, capture: CaptureService, *, broadcaster: str) -> None:
        self._capture = capture
        self._broadcaster = broadcaster

    async def run(self, params: BackfillParams, progress: ProgressReporter) -> None:
        async def fetched(count: int) -> None:
            await progress.add(done=count - progress.done)

        result = await self._capture.import_chat(
            params.room or self._broadcaster, params.since, params.until, progress=fetched
        )
        progress.counts.update(
            fetched=result.fetched,
            stored=result.stored,
            people=result.people,
            skipped=result.skipped,
        )
        await progress.set_total(result.fetched)
