"""The backfills' use cases: queue or start one, run it with the runner of its kind, cancel,
read. A failure of one chunk or page is counted and the run goes on (the runners); refused
credentials, a first page that never comes, or a cancel from the panel end it (here)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Collection
from datetime import timedelta
from typing import Protocol

from mhc.domain.backfills import (
    Backfill,
    BackfillKind,
    BackfillOrigin,
    BackfillPage,
    BackfillParams,
    BackfillRequest,
    BackfillStatus,
    NewBackfill,
    ProgressListener,
    Throttle,
    label_for,
)
from mhc.domain.errors import Conflict, ExternalServiceError, InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.usernames import normalize_username
from mhc.ports.backfills import BackfillStore, RoomHistory
from mhc.ports.clock import Clock
from mhc.ports.gateways import StatbateGateway
from mhc.ports.uow import UnitOfWorkFactory
from mhc.services.backfills.cancellation import INTERRUPTED, PANEL_CANCELLED, CancelRequested
from mhc.services.backfills.chat import ChatImportRunner
from mhc.services.backfills.progress import ProgressReporter
from mhc.services.backfills.requests import chat_params, snapshot_params, tip_params
from mhc.services.backfills.snapshots import SnapshotRunner
from mhc.services.backfills.tips import TipHistoryRunner
from mhc.services.capture import CaptureService

STATBATE_MISSING = (
    "needs Statbate Premium credentials: set the Statbate API token on the Connections page "
    "(STATBATE_API_TOKEN is not set)"
)
PLUS_MISSING = (
    "needs a Statbate Plus session: set its cookies on the Connections page (or "
    "STATBATE_PLUS_SESSION_COOKIE and STATBATE_PLUS_XSRF_TOKEN)"
)
# Whether a service's credentials are set now (they may be set or removed at any time).
Configured = Callable[[], Awaitable[bool]]


ErasedAmong = Callable[[Collection[str]], Awaitable[set[str]]]


async def _nobody_erased(names: Collection[str]) -> set[str]:
    return set()


class KindRunner(Protocol):
    """The work of one kind of backfill, reporting as it goes."""

    async def run(self, params: BackfillParams, progress: ProgressReporter) -> None: ...


class BackfillService:
    """Queues, runs and reports backfills."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        store: BackfillStore,
        room_history: RoomHistory,
        capture: CaptureService,
        statbate: StatbateGateway,
        exclusion: ExclusionPolicy,
        clock: Clock,
        *,
        broadcaster: str,
        statbate_configured: Configured,
        chat_history_configured: Configured,
        site: str = "chaturbate",
        progress_interval: float = 0.5,
        monotonic: Callable[[], float] = time.monotonic,
        erased_among: ErasedAmong = _nobody_erased,
    ) -> None:
        self._uow_factory = uow_factory
        self._erased_among = erased_among
        self._store = store
        self._capture = capture
        self._broadcaster = normalize_username(broadcaster)
        self._needs: dict[BackfillKind, tuple[Configured, str]] = {
            BackfillKind.STATBATE_SNAPSHOTS: (statbate_configured, STATBATE_MISSING),
            BackfillKind.TIP_HISTORY: (statbate_configured, STATBATE_MISSING),
            BackfillKind.CHAT_IMPORT: (chat_history_configured, PLUS_MISSING),
        }
        self._runners: dict[BackfillKind, KindRunner] = {
            BackfillKind.STATBATE_SNAPSHOTS: SnapshotRunner(uow_factory, capture),
            BackfillKind.TIP_HISTORY: TipHistoryRunner(
                uow_factory,
                room_history,
                statbate,
                exclusion,
                clock,
                broadcaster=self._broadcaster,
                site=site,
                erased_among=erased_among,
            ),
            BackfillKind.CHAT_IMPORT: ChatImportRunner(
                capture, broadcaster=self._broadcaster, erased_among=erased_among
            ),
        }
        self._progress_interval = progress_interval
        self._monotonic = monotonic

    # --- starting ---------------------------------------------------------------------------

    async def queue(self, request: BackfillRequest) -> Backfill:
        """Check the request and queue it for a worker (the panel's way)."""
        new = await self._checked(request, BackfillOrigin.UI, BackfillStatus.QUEUED, None)
        return await self._store.create(new)

    async def start(self, request: BackfillRequest, *, worker_id: str) -> Backfill:
        """Check the request and record it as running in this process (the CLI's way)."""
        new = await self._checked(request, BackfillOrigin.CLI, BackfillStatus.RUNNING, worker_id)
        return await self._store.create(new)

    async def claim_next(self, worker_id: str) -> Backfill | None:
        """The oldest queued backfill, now this worker's to run."""
        return await self._store.claim_queued(worker_id)

    # --- running ----------------------------------------------------------------------------

    async def run(self, backfill: Backfill, listener: ProgressListener | None = None) -> Backfill:
        """Do the work of a running backfill and record how it ended."""
        progress = ProgressReporter(
            self._store,
            backfill,
            listener,
            Throttle(self._progress_interval, self._monotonic),
        )
        try:
            await self._runners[backfill.kind].run(backfill.decoded_params(), progress)
        except CancelRequested:
            # A cancel read with the last unit's progress came too late to spare any work.
            if progress.total is None or progress.done + progress.failed < progress.total:
                return await progress.finish(BackfillStatus.CANCELLED, error=PANEL_CANCELLED)
        except (ExternalServiceError, InvalidInput, NotFound, Conflict) as exc:
            return await progress.finish(BackfillStatus.FAILED, error=str(exc))
        except Exception as exc:
            # A bug or a database outage: say what kind of failure without its text (a driver's
            # message may quote data), and let the runner log the rest.
            await progress.finish(BackfillStatus.FAILED, error=type(exc).__name__)
            raise
        everything_failed = progress.failed > 0 and progress.done == 0
        return await progress.finish(
            BackfillStatus.FAILED if everything_failed else BackfillStatus.DONE
        )

    async def keep_alive(self, backfill_id: int) -> None:
        await self._store.touch(backfill_id)

    async def interrupted(self, backfill_id: int, *, requeue: bool) -> None:
        """Its run was stopped from outside: back to the queue (a worker stopping) or
        cancelled (the owner pressed Ctrl-C)."""
        if requeue:
            await self._store.requeue(backfill_id)
            # The owner asked for it to stop anyway: it ends here rather than in the queue.
            await self._store.cancel(backfill_id, PANEL_CANCELLED)
        else:
            await self._store.cancel(backfill_id, INTERRUPTED)

    async def cancel(self, backfill_id: int) -> Backfill:
        """The owner's cancel from the panel: a queued backfill ends cancelled at once; a
        running one is marked, and its process ends it at its next progress write (asking
        again changes nothing). Conflict when it has already ended."""
        backfill = await self._store.request_cancel(
            backfill_id, f"{PANEL_CANCELLED} before it started"
        )
        if backfill is not None:
            return backfill
        ended = await self.get(backfill_id)
        raise Conflict(
            f"backfill {backfill_id} has already ended ({ended.status.value}): "
            "there is nothing to cancel"
        )

    async def fail_stale(self, older_than: timedelta) -> list[int]:
        """Give up on running backfills whose process stopped answering `older_than` ago.

        They end as failed rather than queued again: a run that killed its process would kill
        the next one too, and the owner can start it again from the panel.
        """
        return await self._store.fail_stale(
            older_than, "the process running it stopped (worker or CLI ended without finishing)"
        )

    # --- reading ----------------------------------------------------------------------------

    async def get(self, backfill_id: int) -> Backfill:
        backfill = await self._store.get(backfill_id)
        if backfill is None:
            raise NotFound(f"backfill {backfill_id} does not exist")
        return backfill

    async def recent(self, *, limit: int = 50, offset: int = 0) -> BackfillPage:
        """Newest first."""
        return await self._store.page(limit=limit, offset=offset)

    # --- checking a request -----------------------------------------------------------------

    async def _checked(
        self,
        request: BackfillRequest,
        origin: BackfillOrigin,
        status: BackfillStatus,
        worker_id: str | None,
    ) -> NewBackfill:
        kind = request.kind
        since, until = request.since, request.until
        if since is not None and until is not None and since >= until:
            raise InvalidInput("since must be earlier than until", field="since")
        watchlist_name = None
        if kind is BackfillKind.STATBATE_SNAPSHOTS:
            params = snapshot_params(request)
        elif kind is BackfillKind.TIP_HISTORY:
            params = tip_params(request, self._broadcaster)
        else:
            params = chat_params(request, self._broadcaster)
        configured, missing = self._needs[kind]
        if not await configured():
            raise Conflict(f"{kind.value} {missing}")
        if kind is BackfillKind.CHAT_IMPORT and params.room is not None:
            await self._capture.check_allowed(params.room)
        if not params.include_erased:
            named = [
                *params.usernames,
                *([params.room] if kind is BackfillKind.CHAT_IMPORT else []),
            ]
            erased = sorted(await self._erased_among([n for n in named if n]))
            if erased:
                raise Conflict(
                    f"{', '.join(erased)} {'was' if len(erased) == 1 else 'were'} forgotten on "
                    "purpose (erased); include erased names to bring them back anyway"
                )
        if request.watchlist_id is not None or request.watchlist_name is not None:
            watchlist_id, watchlist_name = await self._watchlist(request)
            params = BackfillParams(watchlist_id=watchlist_id)
        return NewBackfill(
            kind=kind,
            label=label_for(kind, params, watchlist_name=watchlist_name),
            params=params,
            origin=origin,
            status=status,
            worker_id=worker_id,
        )

    async def _watchlist(self, request: BackfillRequest) -> tuple[int, str]:
        async with self._uow_factory() as uow:
            if request.watchlist_id is not None:
                watchlist = await uow.watchlists.get(request.watchlist_id)
                wanted = str(request.watchlist_id)
            else:
                wanted = request.watchlist_name or ""
                watchlist = await uow.watchlists.get_by_name(wanted)
        if watchlist is None:
            raise NotFound(f"watchlist {wanted} does not exist")
        return watchlist.id, watchlist.name
