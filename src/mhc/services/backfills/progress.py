"""One run's progress: every step to the listener (the CLI's bar), now and then to the store.

Progress goes to the store at most every throttle interval (and when the run ends), never once
per row. A progress write also reads whether the owner asked the panel to cancel the run: the
step that wrote it is the last one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from mhc.domain.backfills import (
    UNITS,
    Backfill,
    BackfillStatus,
    Progress,
    ProgressListener,
    Throttle,
)
from mhc.domain.errors import StoreUnavailable
from mhc.ports.backfills import BackfillStore
from mhc.services.backfills.cancellation import CancelRequested


class ProgressReporter:
    """Counts one run's progress; tells the listener every step and the store now and then."""

    def __init__(
        self,
        store: BackfillStore,
        backfill: Backfill,
        listener: ProgressListener | None,
        throttle: Throttle,
    ) -> None:
        self._store = store
        self._backfill = backfill
        self._listener = listener
        self._throttle = throttle
        self.total: int | None = backfill.total
        self.done = 0
        self.failed = 0
        self.counts: Counter[str] = Counter()
        self.last_error: str | None = None

    async def set_total(self, total: int) -> None:
        self.total = total
        await self._report(force=True)

    async def add(
        self,
        *,
        done: int = 0,
        failed: int = 0,
        counts: Mapping[str, int] | None = None,
        error: str | None = None,
    ) -> None:
        self.done += done
        self.failed += failed
        self.counts.update(counts or {})
        if error is not None:
            self.last_error = error
        await self._report(force=False)

    async def finish(self, status: BackfillStatus, *, error: str | None = None) -> Backfill:
        if error is not None:
            self.last_error = error
        self._tell()
        return await self._store.finish(
            self._backfill.id,
            status=status,
            total=self.total,
            done=self.done,
            failed=self.failed,
            summary=self.summary,
            last_error=self.last_error,
        )

    @property
    def summary(self) -> dict[str, int]:
        """The outcomes that happened (none of the zeros)."""
        return dict(+self.counts)

    async def _report(self, *, force: bool) -> None:
        self._tell()
        if not (self._throttle.ready() or force):
            return
        try:
            cancel_requested = await self._store.record_progress(
                self._backfill.id,
                total=self.total,
                done=self.done,
                failed=self.failed,
                summary=self.summary,
                last_error=self.last_error,
            )
        except StoreUnavailable:
            # A progress write is bookkeeping: the next one carries the same counts, and the
            # work in hand is worth more than a moment's display.
            return
        if cancel_requested:
            raise CancelRequested

    def _tell(self) -> None:
        if self._listener is not None:
            self._listener(
                Progress(
                    backfill_id=self._backfill.id,
                    unit=UNITS[self._backfill.kind],
                    total=self.total,
                    done=self.done,
                    failed=self.failed,
                )
            )
