"""Backfills: Statbate snapshots of many names, the room's tip history, its chat history; each
one recorded as it goes, so the CLI draws a bar and the panel shows how far it got.

Progress goes to the store at most every `progress_interval` seconds (and when the run ends),
never once per row; listeners (the CLI's bar) hear every step. A failure of one chunk or page
is counted and the run goes on; refused credentials, or a first page that never comes, end the
run as failed. A progress write also reads whether the owner cancelled the run from the
panel; if so the run stops there, between two chunks or pages, and ends as cancelled.

The tip history only keeps tips older than the first interaction the Events API delivered for
the room: from then on the worker records every tip live, and a tip must not count twice.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from mhc.domain.backfills import (
    MAX_USERNAMES,
    SNAPSHOT_CHUNK,
    UNITS,
    Backfill,
    BackfillKind,
    BackfillOrigin,
    BackfillPage,
    BackfillParams,
    BackfillRequest,
    BackfillStatus,
    NewBackfill,
    Progress,
    ProgressListener,
    Throttle,
    chunked,
    label_for,
    parse_statbate_time,
    tip_source_event_id,
)
from mhc.domain.errors import (
    Conflict,
    ExternalAuthError,
    ExternalServiceError,
    InvalidInput,
    NotFound,
    StoreUnavailable,
)
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import InteractionSource, InteractionType, NewInteraction, Role
from mhc.domain.usernames import normalize_username
from mhc.ports.backfills import BackfillStore, RoomHistory
from mhc.ports.clock import Clock
from mhc.ports.gateways import Fetched, ModelTip, StatbateGateway, TimeRange
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.capture import CaptureOutcome, CaptureService
from mhc.services.people import find_or_create_person

# Statbate's largest page.
TIPS_PER_PAGE = 200
# A tip history without a start goes back to before Statbate existed.
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_WATCHLIST_PAGE = 200
STATBATE_MISSING = "needs Statbate Premium credentials: STATBATE_API_TOKEN is not set"
PLUS_MISSING = (
    "needs a Statbate Plus session: STATBATE_PLUS_SESSION_COOKIE and STATBATE_PLUS_XSRF_TOKEN "
    "are not set"
)
# What a run cancelled from the panel says of itself.
PANEL_CANCELLED = "cancelled from the panel"


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
        statbate_configured: bool,
        chat_history_configured: bool,
        site: str = "chaturbate",
        progress_interval: float = 0.5,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._uow_factory = uow_factory
        self._store = store
        self._room_history = room_history
        self._capture = capture
        self._statbate = statbate
        self._exclusion = exclusion
        self._clock = clock
        self._broadcaster = normalize_username(broadcaster)
        self._missing = {
            BackfillKind.STATBATE_SNAPSHOTS: None if statbate_configured else STATBATE_MISSING,
            BackfillKind.TIP_HISTORY: None if statbate_configured else STATBATE_MISSING,
            BackfillKind.CHAT_IMPORT: None if chat_history_configured else PLUS_MISSING,
        }
        self._site = site
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
        progress = _Reporter(
            self._store,
            backfill,
            listener,
            Throttle(self._progress_interval, self._monotonic),
        )
        params = backfill.decoded_params()
        try:
            if backfill.kind is BackfillKind.STATBATE_SNAPSHOTS:
                await self._snapshots(params, progress)
            elif backfill.kind is BackfillKind.TIP_HISTORY:
                await self._tip_history(params, progress)
            else:
                await self._chat_history(params, progress)
        except _CancelRequested:
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
            await self._store.cancel(backfill_id, "cancelled before it finished")

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
            params = _snapshot_params(request)
        elif kind is BackfillKind.TIP_HISTORY:
            params = self._tip_params(request)
        else:
            params = self._chat_params(request)
        missing = self._missing[kind]
        if missing is not None:
            raise Conflict(f"{kind.value} {missing}")
        if kind is BackfillKind.CHAT_IMPORT and params.room is not None:
            await self._capture.check_allowed(params.room)
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

    def _tip_params(self, request: BackfillRequest) -> BackfillParams:
        if request.usernames or request.room not in (None, self._broadcaster):
            raise InvalidInput(
                f"the tip history is the owner's room's ({self._broadcaster}); it takes no names",
                field="usernames",
            )
        _refuse_watchlist(request)
        return BackfillParams(room=self._broadcaster, since=request.since, until=request.until)

    def _chat_params(self, request: BackfillRequest) -> BackfillParams:
        _refuse_watchlist(request)
        names = [*request.usernames, *([request.room] if request.room else [])]
        if len(names) > 1:
            raise InvalidInput("a chat import is of one room", field="usernames")
        room = normalize_username(names[0]) if names else self._broadcaster
        return BackfillParams(room=room, since=request.since, until=request.until)

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

    # --- the three kinds --------------------------------------------------------------------

    async def _snapshots(self, params: BackfillParams, progress: _Reporter) -> None:
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

    async def _tip_history(self, params: BackfillParams, progress: _Reporter) -> None:
        room = params.room or self._broadcaster
        live_start = await self._room_history.live_history_start(room)
        if live_start is not None:
            # Statbate gives tips to the second: one in the same second as the first live event
            # may be either side of it, and is left to the live record.
            live_start = live_start.replace(microsecond=0)
        end = min(m for m in (params.until, live_start, self._clock.now()) if m is not None)
        start = params.since or _EARLIEST
        if start >= end:
            await progress.set_total(0)
            return
        pages = _TipPages(self._statbate, self._site, room, TimeRange(start, end))
        first = await pages.fetch(1)
        if first is None:
            raise NotFound(f"statbate: model {room} not found on {self._site}")
        last_page = first.pagination.last_page if first.pagination else None
        await progress.set_total(max(1, last_page or 1))
        tips = _TipWriter(self._uow_factory, self._exclusion, room, end)
        await progress.add(done=1, counts=await tips.store(first))
        for number in range(2, (progress.total or 1) + 1):
            try:
                page = await pages.fetch(number)
            except ExternalAuthError:
                raise
            except ExternalServiceError as exc:
                await progress.add(failed=1, counts={"failed_pages": 1}, error=str(exc))
                continue
            counts = await tips.store(page) if page is not None else {}
            await progress.add(done=1, counts=counts)

    async def _chat_history(self, params: BackfillParams, progress: _Reporter) -> None:
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


def _snapshot_params(request: BackfillRequest) -> BackfillParams:
    by_list = request.watchlist_id is not None or request.watchlist_name is not None
    if request.since is not None or request.until is not None:
        raise InvalidInput("snapshots are taken now; they take no dates", field="since")
    if by_list == bool(request.usernames):
        raise InvalidInput("give either usernames or a watchlist", field="usernames")
    if by_list:
        return BackfillParams()
    names = list(dict.fromkeys(normalize_username(name) for name in request.usernames))
    if len(names) > MAX_USERNAMES:
        raise InvalidInput(
            f"at most {MAX_USERNAMES} names at a time ({len(names)} given); "
            "put them on a watchlist instead",
            field="usernames",
        )
    return BackfillParams(usernames=tuple(names))


def _refuse_watchlist(request: BackfillRequest) -> None:
    if request.watchlist_id is not None or request.watchlist_name is not None:
        raise InvalidInput("only snapshots take a watchlist", field="watchlistId")


class _CancelRequested(Exception):
    """The owner cancelled the run from the panel; raised between two chunks, never inside
    one's transaction, so everything counted so far is stored."""


class _Reporter:
    """Counts one run's progress; tells listeners every step and the store now and then.

    A progress write also reads whether the owner asked the panel to cancel the run: the
    step that wrote it is the last one.
    """

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
            raise _CancelRequested

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


class _TipPages:
    """Pages of a room's tip history over one interval, in UTC."""

    def __init__(self, statbate: StatbateGateway, site: str, room: str, span: TimeRange) -> None:
        self._statbate = statbate
        self._site = site
        self._room = room
        # Statbate's bounds are whole seconds and inclusive: the last second before the end.
        end = span.end.replace(microsecond=0)
        self._range = TimeRange(span.start, end if end < span.end else end - timedelta(seconds=1))

    async def fetch(self, number: int) -> Fetched[list[ModelTip]] | None:
        return await self._statbate.get_model_tips(
            self._site,
            self._room,
            range=self._range,
            timezone="UTC",
            page=number,
            per_page=TIPS_PER_PAGE,
        )


class _TipWriter:
    """Stores pages of a room's tip history as TIP interactions of their tippers."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, exclusion: ExclusionPolicy, room: str, end: datetime
    ) -> None:
        self._uow_factory = uow_factory
        self._exclusion = exclusion
        self._room = room
        self._end = end
        # Identical tips (same tipper, second and amount) seen so far in this run.
        self._seen: Counter[tuple[str, datetime, int]] = Counter()

    async def store(self, page: Fetched[list[ModelTip]]) -> dict[str, int]:
        """Store one page; counts of what became of its tips."""
        raw_items = page.raw.get("data")
        raws = raw_items if isinstance(raw_items, list) and len(raw_items) == len(page.data) else []
        readable: list[tuple[str, datetime, int, ModelTip, object]] = []
        counts: Counter[str] = Counter(fetched=len(page.data))
        for position, tip in enumerate(page.data):
            at = parse_statbate_time(tip.time)
            tipper = _username_or_none(tip.name)
            if at is None or tipper is None or tip.tokens is None:
                counts["unreadable"] += 1
            elif at >= self._end:
                # The worker has it from the Events API (or it is after the asked-for end).
                counts["recorded_live"] += 1
            else:
                raw = raws[position] if raws else None
                readable.append((tipper, at, tip.tokens, tip, raw))
        if readable:
            stored = await self._store_readable(readable)
            counts["stored"] += stored
            counts["already_stored"] += len(readable) - stored
        return dict(counts)

    async def _store_readable(
        self, tips: Sequence[tuple[str, datetime, int, ModelTip, object]]
    ) -> int:
        async with self._uow_factory() as uow:
            people = await self._tippers(uow, tips)
            interactions = []
            for tipper, at, tokens, tip, raw in tips:
                key = (tipper, at, tokens)
                self._seen[key] += 1
                interactions.append(
                    NewInteraction(
                        person_id=people[tipper],
                        type=InteractionType.TIP,
                        content=None,
                        occurred_at=at,
                        source=InteractionSource.STATBATE,
                        metadata={
                            "tokens": tokens,
                            "usd": tip.usd,
                            "room": self._room,
                            "statbate_did": tip.did,
                            "raw": raw,
                        },
                        source_event_id=tip_source_event_id(
                            self._room, tipper, at, tokens, self._seen[key]
                        ),
                    )
                )
            stored = await uow.interactions.add_many(interactions)
            await uow.commit()
        return stored

    async def _tippers(
        self, uow: UnitOfWork, tips: Sequence[tuple[str, datetime, int, ModelTip, object]]
    ) -> dict[str, int]:
        """Each tipper's person id, created as first seen at their earliest tip of the page."""
        earliest: dict[str, datetime] = {}
        dids: dict[str, int] = {}
        for tipper, at, _, tip, _ in tips:
            earliest[tipper] = min(at, earliest.get(tipper, at))
            if tip.did is not None:
                dids[tipper] = tip.did
        latest: dict[str, datetime] = {}
        for tipper, at, _, _, _ in tips:
            latest[tipper] = max(at, latest.get(tipper, at))
        people: dict[str, int] = {}
        for tipper, first in earliest.items():
            person = await find_or_create_person(
                uow, self._exclusion, _At(first), tipper, role=Role.VIEWER
            )
            if latest[tipper] > first:
                person = await uow.people.touch(person.id, role=person.role, seen_at=latest[tipper])
            if tipper in dids:
                await uow.people.set_external_ids(person.id, rid=None, did=dids[tipper])
            people[tipper] = person.id
        return people


class _At:
    """A clock stopped at one moment: a tipper backfilled from history was seen when they
    tipped, not when the backfill ran."""

    def __init__(self, moment: datetime) -> None:
        self._moment = moment

    def now(self) -> datetime:
        return self._moment


def _username_or_none(name: str | None) -> str | None:
    try:
        return normalize_username(name or "")
    except InvalidInput:
        return None
