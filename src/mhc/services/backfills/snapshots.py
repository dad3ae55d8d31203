"""The member-snapshots backfill: Statbate snapshots of many names, a chunk per request."""

from __future__ import annotations

from collections import Counter

from mhc.domain.backfills import SNAPSHOT_CHUNK, BackfillParams, chunked
from mhc.domain.errors import ExternalAuthError, ExternalServiceError, NotFound
from mhc.ports.uow import UnitOfWorkFactory
from mhc.services.backfills.progress import ProgressReporter
from mhc.services.capture import CaptureOutcome, CaptureService

_WATCHLIST_PAGE = 200


class SnapshotRunner:
    """Captures the names of the request, or a watchlist's members as it is now.

    A chunk that fails is counted and the next one tried; refused credentials end the run.
    """

    def __init__(self, uow_factory: UnitOfWorkFactory, capture: CaptureService) -> None:
        self._uow_factory = uow_factory
        self._capture = capture

    async def run(self, params: BackfillParams, progress: ProgressReporter) -> None:
        names = list(params.usernames)
        if params.watchlist_id is not None:
            names = await self._watchlist_members(params.watchlist_id)
        await progress.set_total(len(names))
        for chunk in chunked(names, SNAPSHOT_CHUNK):
            try:
                results = await self._capture.capture_members_batch(chunk)
            except ExternalAuthError:
                raise
            except ExternalServiceError as exc:
                # Already in the failure log; the next chunk may well go through.
                await progress.add(failed=len(chunk), counts={"failed": len(chunk)}, error=str(exc))
                continue
            counts = Counter(result.outcome.value for result in results)
            failures = [r for r in results if r.outcome is CaptureOutcome.FAILED]
            error = f"{failures[-1].username}: {failures[-1].detail}" if failures else None
            await progress.add(
                done=len(results) - len(failures), failed=len(failures), counts=counts, error=error
            )

    async def _watchlist_members(self, watchlist_id: int) -> list[str]:
        names: list[str] = []
        async with self._uow_factory() as uow:
            if await uow.watchlists.get(watchlist_id) is None:
                raise NotFound(f"watchlist {watchlist_id} does not exist (any more)")
            offset = 0
            while members := await uow.watchlists.members(
                watchlist_id, limit=_WATCHLIST_PAGE, offset=offset
            ):
                for member in members:
                    person = await uow.people.get(member.person_id)
                    if person is not None:
                        names.append(person.username)
                offset += len(members)
        return names
