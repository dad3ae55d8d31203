"""The worker process: live Events API ingestion, scheduled jobs, heartbeat, graceful exit.

- The ingestor holds a per-broadcaster lease (a PostgreSQL advisory lock) while it longpolls
  the Events API from the stored cursor; each batch and the cursor after it commit in one
  transaction. A second worker waits as a hot standby until the lease is free.
- The scheduler runs jobs claimed through the worker_jobs table (FOR UPDATE SKIP LOCKED), so
  several workers against one database never double the work.
- Backfills the panel queued are claimed the same way and run one at a time (backfill_runner).
- SIGTERM or SIGINT stops polling at once, lets the batch in hand commit, saves the cursor
  with it and returns within ten seconds.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import socket
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import anyio

from mhc.adapters.resilience import RetryPolicy
from mhc.domain.contracts.examples import safe_example
from mhc.domain.contracts.findings import DriftObservation, tally
from mhc.domain.contracts.shapes import EVENTS
from mhc.domain.errors import (
    ConfigurationError,
    ExternalAuthError,
    ExternalServiceError,
    RateLimited,
    StoreUnavailable,
)
from mhc.domain.events import SessionChange
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import NewApiFailure
from mhc.domain.usernames import normalize_username
from mhc.domain.watchlists import EXCLUDED
from mhc.entrypoints.backfill_runner import serve_backfills
from mhc.entrypoints.container import Container
from mhc.entrypoints.settings import Settings, load_settings
from mhc.ports.clock import Clock
from mhc.ports.drift import DriftRecorder
from mhc.ports.ingestion import (
    CursorMoved,
    EventsCursor,
    EventsFeed,
    FeedPage,
    HeartbeatStore,
    IngestionStore,
    JobRuns,
    Lease,
    Leases,
)
from mhc.ports.operations import FailureLog
from mhc.ports.read_models import ReadModels
from mhc.services.capture import CaptureOutcome, CaptureService
from mhc.services.ingestion import (
    IngestOutcome,
    PreparedBatch,
    prepare_batch,
    reconcile_with_stats,
    store_batch,
)

log = logging.getLogger("mhc.worker")

EVENTS_SERVICE = "cb_events"
_MEMBERS_PAGE = 200
# Heartbeats and failure records never hold up ingestion longer than this.
_BOOKKEEPING_SECONDS = 2.0
# Differences from the contract logged at WARNING once each, up to this many per process.
_DRIFT_WARNINGS = 1000


@dataclass(frozen=True, slots=True)
class WorkerTuning:
    """Timings of the worker; the defaults are production's."""

    # Backoff of the feed and of the database: full jitter, capped.
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(base_delay=0.5, max_delay=30))
    standby_seconds: float = 2.0
    # How often the lease holder checks that its lock's session is still alive.
    lease_check_seconds: float = 2.0
    # After a refused token: how often the configuration is re-read for a new one, and how
    # often the same token is tried again anyway (a refusal may have been the service's hiccup).
    token_check_seconds: float = 15.0
    same_token_retry_seconds: float = 300.0
    heartbeat_seconds: float = 5.0
    scheduler_tick_seconds: float = 5.0
    # How often an idle worker looks for a backfill the panel queued.
    backfill_poll_seconds: float = 2.0
    # From SIGTERM: how long the batch in hand may take to commit; with the cleanup after it,
    # the process exits within 10 s even when the database does not answer.
    shutdown_grace_seconds: float = 6.0


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class StopSignal:
    """A stop request, and the waits it interrupts: polls and sleeps, never a commit."""

    def __init__(self, *, grace_seconds: float) -> None:
        self._event = anyio.Event()
        self._scopes: set[anyio.CancelScope] = set()
        self._grace = grace_seconds
        self._deadline: float | None = None

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def request(self) -> None:
        if self._event.is_set():
            return
        self._deadline = anyio.current_time() + self._grace
        self._event.set()
        for scope in list(self._scopes):
            scope.cancel()

    def grace_left(self) -> float | None:
        """Seconds left to finish the work in hand; None while no stop was requested."""
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - anyio.current_time())

    @contextmanager
    def interruptible(self) -> Iterator[anyio.CancelScope]:
        """A scope that a stop request cancels (at once if one came already)."""
        scope = anyio.CancelScope()
        if self.requested:
            scope.cancel()
        self._scopes.add(scope)
        try:
            with scope:
                yield scope
        finally:
            self._scopes.discard(scope)

    async def sleep(self, seconds: float) -> None:
        with self.interruptible():
            await anyio.sleep(seconds)

    async def wait(self) -> None:
        await self._event.wait()


@dataclass(slots=True)
class IngestorState:
    """What the heartbeat reports."""

    last_poll_at: datetime | None = None
    last_event_at: datetime | None = None
    lag_seconds: float | None = None
    last_error: str | None = None


class EventsIngestor:
    """Consumes the broadcaster's Events API for as long as it holds the lease."""

    def __init__(
        self,
        *,
        broadcaster: str,
        exclusion: ExclusionPolicy,
        store: IngestionStore,
        leases: Leases,
        heartbeats: HeartbeatStore,
        failure_log: FailureLog,
        feed_for: Callable[[str], EventsFeed],
        token: str | None,
        token_source: Callable[[], str | None],
        clock: Clock,
        stop: StopSignal,
        worker_id: str,
        tuning: WorkerTuning | None = None,
        on_sessions_ended: Callable[[Sequence[int]], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
        drift: DriftRecorder | None = None,
    ) -> None:
        self.broadcaster = broadcaster
        self.state = IngestorState()
        self._exclusion = exclusion
        self._store = store
        self._leases = leases
        self._heartbeats = heartbeats
        self._failure_log = failure_log
        self._feed_for = feed_for
        self._token_source = token_source
        self._clock = clock
        self._stop = stop
        self._worker_id = worker_id
        self._tuning = tuning or WorkerTuning()
        self._on_sessions_ended = on_sessions_ended
        self._rng = rng or random.Random()
        self._token = token
        self._feed: EventsFeed | None = None
        self._feed_token: str | None = None
        self._refused_token: str | None = None
        self._odd_methods: set[str] = set()
        self._drift = drift
        self._drift_logged: set[tuple[str, str]] = set()

    @property
    def lease_name(self) -> str:
        return f"mhc.events:{self.broadcaster}"

    async def run(self) -> None:
        """Consume until a stop is requested; stand by whenever another worker holds the lease."""
        if not self._token:
            log.warning("Events API ingestion disabled: CB_EVENTS_TOKEN is not set")
            return
        while not self._stop.requested:
            lease = await self._acquire_lease()
            if lease is None:
                return
            try:
                await self._load_last_heartbeat()
                async with anyio.create_task_group() as beats:
                    beats.start_soon(self._heartbeat_loop)
                    await self._consume(lease)
                    beats.cancel_scope.cancel()
            except Exception:
                # A bug must not end ingestion for good: start over from the stored cursor.
                log.exception("Events API ingestion failed; starting over from the stored cursor")
                self.state.last_error = "ingestion failed (see the worker log)"
                await self._stop.sleep(self._tuning.standby_seconds)
            finally:
                grace = self._stop.grace_left()
                bound = _BOOKKEEPING_SECONDS if grace is None else max(0.5, grace)
                with anyio.move_on_after(bound, shield=True):
                    await self._beat()
                    await lease.release()

    # --- the lease -----------------------------------------------------------------------

    async def _acquire_lease(self) -> Lease | None:
        standing_by = False
        failures = 0
        while not self._stop.requested:
            try:
                lease = None
                with self._stop.interruptible():
                    lease = await self._leases.try_acquire(self.lease_name)
                if self._stop.requested:
                    if lease is not None:
                        await lease.release()
                    return None
            except StoreUnavailable as exc:
                failures += 1
                if failures == 1:
                    log.warning("database unavailable, Events API ingestion waits: %s", exc)
                await self._stop.sleep(self._backoff(failures))
                continue
            if lease is not None:
                log.info(
                    "consuming the Events API of %s (worker %s)", self.broadcaster, self._worker_id
                )
                return lease
            if not standing_by:
                standing_by = True
                log.info(
                    "another worker consumes the Events API of %s: standing by", self.broadcaster
                )
            await self._stop.sleep(self._tuning.standby_seconds)
        return None

    # --- the loop ------------------------------------------------------------------------

    async def _consume(self, lease: Lease) -> None:
        cursor = await self._load_cursor(lease)
        if isinstance(cursor, _Lost):
            return
        checked = anyio.current_time()
        while not self._stop.requested:
            if anyio.current_time() - checked >= self._tuning.lease_check_seconds:
                # A database restart ends the session that held the lock, silently: another
                # worker may hold it now.
                if not await lease.still_held():
                    log.warning("the database dropped this worker's lease: taking it again")
                    return
                checked = anyio.current_time()
            page = await self._next_page(cursor)
            if page is None:
                return
            self.state.last_poll_at = page.received_at
            batch = prepare_batch(page, broadcaster=self.broadcaster)
            self._log_odd_events(batch)
            drift = self._note_drift(page, batch)
            outcome = await self._store_with_retries(batch, cursor, lease)
            if outcome is None:
                return
            cursor = batch.next_cursor
            self._note_stored(batch, outcome)
            if drift:
                await self._record_drift(drift)
            if outcome.ended_sessions and self._on_sessions_ended is not None:
                await self._on_sessions_ended(outcome.ended_sessions)

    async def _load_cursor(self, lease: Lease) -> EventsCursor | _Lost | None:
        failures = 0
        while not self._stop.requested:
            try:
                with self._stop.interruptible():
                    return await self._store.load_cursor(self.broadcaster)
            except StoreUnavailable as exc:
                failures += 1
                self._note_store_failure(exc, failures)
                if not await lease.still_held():
                    return _LOST
                await self._stop.sleep(self._backoff(failures))
        return _LOST

    async def _next_page(self, cursor: EventsCursor | None) -> FeedPage | None:
        """The next page from the feed, waiting out every failure; None once stopping."""
        failures = 0
        while not self._stop.requested:
            feed = self._current_feed()
            with self._stop.interruptible():
                try:
                    page = await feed.poll(cursor or EventsCursor())
                except ExternalAuthError as exc:
                    await self._wait_for_new_token(exc)
                    continue
                except RateLimited as exc:
                    failures += 1
                    delay = (
                        exc.retry_after if exc.retry_after is not None else self._backoff(failures)
                    )
                    await self._feed_failed(exc, failures, delay)
                    continue
                except ExternalServiceError as exc:
                    failures += 1
                    await self._feed_failed(exc, failures, self._backoff(failures))
                    continue
                if failures:
                    log.info("Events API answering again after %d failed attempt(s)", failures)
                self.state.last_error = None
                self._refused_token = None
                return page
        return None

    async def _store_with_retries(
        self, batch: PreparedBatch, cursor: EventsCursor | None, lease: Lease
    ) -> IngestOutcome | None:
        """Store the batch, retrying until it is stored; None when this worker must let go."""
        failures = 0
        while True:
            grace = self._stop.grace_left()
            if grace is not None and grace <= 0:
                log.warning(
                    "stopping with %d event(s) not stored: the cursor did not move, they will be "
                    "fetched again",
                    len(batch.events),
                )
                return None
            try:
                with anyio.fail_after(grace):
                    outcome = await store_batch(
                        self._store,
                        batch,
                        broadcaster=self.broadcaster,
                        exclusion=self._exclusion,
                        expected_cursor=cursor,
                    )
            except TimeoutError:
                continue
            except CursorMoved as exc:
                log.warning("%s: standing by", exc)
                return None
            except StoreUnavailable as exc:
                failures += 1
                self._note_store_failure(exc, failures)
                if not await lease.still_held():
                    log.warning("the database dropped this worker's lease: taking it again")
                    return None
            except Exception:
                failures += 1
                log.exception("could not store a batch of %d event(s); retrying", len(batch.events))
                self.state.last_error = "could not store a batch (see the worker log)"
            else:
                if failures:
                    log.info("database available again: ingestion resumed")
                self.state.last_error = None
                return outcome
            await self._stop.sleep(self._backoff(failures))

    # --- failures --------------------------------------------------------------------------

    async def _feed_failed(self, exc: ExternalServiceError, failures: int, delay: float) -> None:
        message = str(exc).removeprefix(f"{EVENTS_SERVICE}: ")
        self.state.last_error = message
        log.warning("Events API: %s; retry %d in %.1fs", message, failures, delay)
        if failures == 1:
            await self._record_failure(exc.status, message)
        await anyio.sleep(delay)

    async def _wait_for_new_token(self, exc: ExternalAuthError) -> None:
        """Wait for a new token, or for the time to try the same one again."""
        refused = self._token
        message = str(exc).removeprefix(f"{EVENTS_SERVICE}: ")
        self.state.last_error = message
        if refused != self._refused_token:
            self._refused_token = refused
            log.error("Events API ingestion paused: %s", message)
            await self._record_failure(exc.status, message)
        waited = 0.0
        while waited < self._tuning.same_token_retry_seconds:
            await anyio.sleep(self._tuning.token_check_seconds)
            waited += self._tuning.token_check_seconds
            token = self._token_source()
            if token and token != refused:
                log.info("a new Events API token is configured: resuming")
                self._token = token
                return

    async def _record_failure(self, status: int | None, message: str) -> None:
        endpoint = f"GET /events/{self.broadcaster}/***/"
        failure = NewApiFailure(
            service=EVENTS_SERVICE, endpoint=endpoint, status=status, message=message
        )
        # The database may be down too: the failure is in the log line either way.
        with anyio.move_on_after(_BOOKKEEPING_SECONDS):
            try:
                await self._failure_log.record(failure)
            except Exception as exc:
                log.debug("could not record the Events API failure: %s", type(exc).__name__)

    def _note_store_failure(self, exc: StoreUnavailable, failures: int) -> None:
        self.state.last_error = f"database: {exc}"
        if failures == 1:
            log.warning("ingestion paused, nothing acknowledged: %s", exc)

    def _backoff(self, failures: int) -> float:
        return self._tuning.retry.backoff(max(0, failures - 1), self._rng)

    # --- bookkeeping -----------------------------------------------------------------------

    def _current_feed(self) -> EventsFeed:
        token = self._token
        assert token is not None
        if self._feed is None or token != self._feed_token:
            self._feed = self._feed_for(token)
            self._feed_token = token
        return self._feed

    def _note_stored(self, batch: PreparedBatch, outcome: IngestOutcome) -> None:
        if outcome.last_event_at is not None:
            self.state.last_event_at = outcome.last_event_at
            lag = (batch.received_at - outcome.last_event_at).total_seconds()
            self.state.lag_seconds = max(0.0, lag)
        else:
            self.state.lag_seconds = 0.0
        for session_id in outcome.started_sessions:
            log.info("session %d of %s is LIVE", session_id, self.broadcaster)
        if outcome.received:
            log.debug("stored %d new of %d event(s)", outcome.stored, outcome.received)

    def _log_odd_events(self, batch: PreparedBatch) -> None:
        """Warn about odd events, in detail the first time a method is odd, briefly after."""
        for event in batch.events:
            if not event.problems:
                continue
            level = logging.DEBUG if event.method in self._odd_methods else logging.WARNING
            self._odd_methods.add(event.method)
            log.log(
                level,
                "event %.80s (%.40s) is stored raw as %s: %s",
                event.event_id,
                event.method or "no method",
                event.type.value,
                "; ".join(event.problems),
            )

    def _note_drift(self, page: FeedPage, batch: PreparedBatch) -> list[DriftObservation]:
        """The batch's differences from the contract, counted; each new one logged once.

        Counted per batch so the drift log costs one write per batch that has any, never one
        per event; the events themselves are stored whatever their differences.
        """
        findings = [*page.drift, *(f for event in batch.events for f in event.drift)]
        if not findings:
            return []
        hidden = (self._token,) if self._token else ()
        observations = tally(
            findings,
            service=EVENTS.service,
            endpoint=EVENTS.endpoint,
            example_of=lambda finding: safe_example(finding.example, hidden),
        )
        for seen in observations:
            key = (seen.kind.value, seen.subject)
            if key not in self._drift_logged and len(self._drift_logged) < _DRIFT_WARNINGS:
                self._drift_logged.add(key)
                log.warning(
                    "the Events API differs from its contract: %s %.200s (%s); the events are "
                    "stored as they came",
                    seen.kind.value,
                    seen.subject,
                    seen.detail,
                )
        return observations

    async def _record_drift(self, observations: list[DriftObservation]) -> None:
        if self._drift is None:
            return
        # Like the heartbeat: bookkeeping never holds up ingestion for long.
        with anyio.move_on_after(_BOOKKEEPING_SECONDS):
            try:
                await self._drift.record(observations)
            except Exception as exc:
                log.debug("contract drift not recorded: %s", type(exc).__name__)

    async def _load_last_heartbeat(self) -> None:
        """Carry the last event time over from the previous worker's heartbeat."""
        if self.state.last_event_at is not None:
            return
        try:
            previous = await self._heartbeats.latest(self.broadcaster)
        except Exception as exc:
            log.debug("no previous heartbeat: %s", type(exc).__name__)
            return
        if previous is not None:
            self.state.last_event_at = previous.last_event_at

    async def _heartbeat_loop(self) -> None:
        while True:
            await self._beat()
            await anyio.sleep(self._tuning.heartbeat_seconds)

    async def _beat(self) -> None:
        state = self.state
        with anyio.move_on_after(_BOOKKEEPING_SECONDS):
            try:
                await self._heartbeats.beat(
                    worker_id=self._worker_id,
                    broadcaster=self.broadcaster,
                    last_poll_at=state.last_poll_at,
                    last_event_at=state.last_event_at,
                    lag_seconds=state.lag_seconds,
                    last_error=state.last_error,
                )
            except Exception as exc:
                log.debug("heartbeat not written: %s", type(exc).__name__)


class _Lost:
    """The lease went with the database connection (or a stop came): let go of it."""


_LOST = _Lost()


# --- scheduled jobs ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScheduledJob:
    name: str
    every: timedelta
    run: Callable[[], Awaitable[None]]


async def run_scheduler(
    jobs: Sequence[ScheduledJob], job_runs: JobRuns, stop: StopSignal, *, tick_seconds: float
) -> None:
    """Run each job whenever it is due and this process wins its claim, until stopped."""
    if not jobs:
        return
    failing: set[str] = set()
    with stop.interruptible():
        while True:
            for job in jobs:
                await _run_if_due(job, job_runs, failing)
            await anyio.sleep(tick_seconds)


async def _run_if_due(job: ScheduledJob, job_runs: JobRuns, failing: set[str]) -> None:
    try:
        async with job_runs.claim(job.name, job.every) as claimed:
            if claimed:
                log.debug("running job %s", job.name)
                await job.run()
    except StoreUnavailable as exc:
        if job.name not in failing:
            log.warning("job %s waits for the database: %s", job.name, exc)
        failing.add(job.name)
        return
    except ExternalServiceError as exc:
        # Already logged and recorded in the failure log by the client.
        log.warning("job %s failed: %s", job.name, exc)
    except Exception:
        log.exception("job %s failed", job.name)
    if job.name in failing:
        failing.discard(job.name)
        log.info("job %s runs again", job.name)


def build_jobs(
    settings: Settings,
    *,
    capture: Callable[[], CaptureService],
    read_models: ReadModels,
    store: IngestionStore,
    clock: Clock,
) -> list[ScheduledJob]:
    """The jobs whose credentials are configured; each one that is not says so once."""
    broadcaster = normalize_username(settings.broadcaster)
    jobs: list[ScheduledJob] = []
    if settings.cb_stats_token:

        async def snapshot_owner_stats() -> None:
            result = await capture().capture_cb_stats()
            if result.snapshot is None:
                return
            time_online = _whole_number(result.snapshot.raw_payload.get("time_online"))
            if time_online is None:
                return
            change = await reconcile_with_stats(
                store,
                broadcaster=broadcaster,
                # -1 is the Stats API's "not broadcasting".
                online_minutes=time_online if time_online >= 0 else None,
                now=clock.now(),
            )
            if change is not None:
                log.info(
                    "the Stats API reports %s %s: session %d %s at %s (its %s event never came)",
                    broadcaster,
                    "offline" if change.change is SessionChange.STOP else "online",
                    change.session_id,
                    "ended" if change.change is SessionChange.STOP else "started",
                    change.at.isoformat(timespec="seconds"),
                    "broadcastStop" if change.change is SessionChange.STOP else "broadcastStart",
                )

        jobs.append(
            ScheduledJob(
                "cb_stats_snapshot",
                timedelta(minutes=settings.cb_stats_poll_minutes),
                snapshot_owner_stats,
            )
        )
    else:
        log.warning("Chaturbate Stats snapshots disabled: CB_STATS_TOKEN is not set")

    if settings.statbate_api_token:

        async def snapshot_watchlists() -> None:
            names = await _watchlist_usernames(read_models, broadcaster)
            if not names:
                return
            results = await capture().capture_members_batch(names)
            captured = sum(r.outcome is CaptureOutcome.CAPTURED for r in results)
            log.info(
                "Statbate snapshots of watchlist members: %d captured of %d",
                captured,
                len(results),
            )

        async def snapshot_owner_model() -> None:
            await capture().capture_model(broadcaster)

        jobs.append(
            ScheduledJob(
                "statbate_watchlist_snapshots",
                timedelta(minutes=settings.watchlist_snapshot_minutes),
                snapshot_watchlists,
            )
        )
        # The owner's own Statbate model numbers (rank, income, tags) for the Hudson page.
        jobs.append(
            ScheduledJob(
                "statbate_owner_model_snapshot",
                timedelta(minutes=settings.watchlist_snapshot_minutes),
                snapshot_owner_model,
            )
        )
    else:
        log.warning("Statbate snapshots disabled: STATBATE_API_TOKEN is not set")
    return jobs


def _whole_number(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


async def _watchlist_usernames(read_models: ReadModels, broadcaster: str) -> list[str]:
    names: dict[str, None] = {}
    for overview in await read_models.watchlists():
        if overview.name == EXCLUDED:
            continue
        offset = 0
        while True:
            page = await read_models.watchlist_members(
                overview.id, broadcaster=broadcaster, limit=_MEMBERS_PAGE, offset=offset
            )
            if page is None or not page.items:
                break
            for member in page.items:
                if not member.person.is_excluded:
                    names.setdefault(member.person.username, None)
            offset += len(page.items)
            if offset >= page.total:
                break
    return list(names)


async def log_session_summaries(read_models: ReadModels, session_ids: Sequence[int]) -> None:
    """One log line per ended session, from the same read model the panel shows."""
    for session_id in session_ids:
        try:
            detail = await read_models.session_detail(session_id, types=(), limit=1, offset=0)
        except Exception as exc:
            log.info("session %d ended (no summary: %s)", session_id, type(exc).__name__)
            continue
        if detail is None:
            continue
        s = detail.summary
        log.info(
            "session %d of %s ended after %d min: %d tokens in %d tips from %d tippers, %d new "
            "followers, %d unfollows, %d chat and %d private messages, %d visitors",
            s.id,
            s.broadcaster,
            s.duration_seconds // 60,
            s.tokens,
            s.tip_count,
            s.tippers,
            s.new_followers,
            s.unfollows,
            s.chat_messages,
            s.private_messages,
            s.unique_visitors,
        )


# --- the process ---------------------------------------------------------------------------


def events_token_source() -> str | None:
    """The Events API token as configured now: after a refusal, a changed `.env` is read."""
    try:
        return load_settings().cb_events_token
    except ConfigurationError:
        return None


async def run_worker(
    settings: Settings,
    *,
    container: Container | None = None,
    tuning: WorkerTuning | None = None,
    stop: StopSignal | None = None,
    handle_signals: bool = True,
) -> None:
    """Run the worker until SIGTERM/SIGINT (or `stop`); ingestion runs only with a token."""
    tuning = tuning or WorkerTuning()
    container = container or Container(settings=settings)
    stop = stop or StopSignal(grace_seconds=tuning.shutdown_grace_seconds)
    worker_id = worker_identity()
    broadcaster = normalize_username(settings.broadcaster)
    pool = container.db_pool()
    # Not waiting: the worker starts with the database down and waits for it like for an outage.
    await pool.open(wait=False)
    await container.http_client_lifespan.init()  # type: ignore[misc]
    try:
        async with anyio.create_task_group() as process:
            if handle_signals:
                process.start_soon(_stop_on_signals, stop)
            read_models: ReadModels = container.worker_read_models()
            store: IngestionStore = container.ingestion_store()
            ingestor = EventsIngestor(
                broadcaster=broadcaster,
                exclusion=container.exclusion_policy(),
                store=store,
                leases=container.worker_leases(),
                heartbeats=container.worker_heartbeats(),
                failure_log=container.failure_log(),
                feed_for=lambda token: container.events_feed(broadcaster=broadcaster, token=token),
                token=settings.cb_events_token,
                token_source=events_token_source,
                clock=container.clock(),
                stop=stop,
                worker_id=worker_id,
                tuning=tuning,
                on_sessions_ended=lambda ids: log_session_summaries(read_models, ids),
                drift=container.drift_log(),
            )
            jobs = build_jobs(
                settings,
                capture=container.capture,
                read_models=read_models,
                store=store,
                clock=container.clock(),
            )
            job_runs: JobRuns = container.worker_job_runs(worker_id=worker_id)
            async with anyio.create_task_group() as work:
                work.start_soon(ingestor.run)
                work.start_soon(
                    lambda: serve_backfills(
                        container.backfills(),
                        stop,
                        worker_id=worker_id,
                        poll_seconds=tuning.backfill_poll_seconds,
                    )
                )
                work.start_soon(
                    lambda: run_scheduler(
                        jobs, job_runs, stop, tick_seconds=tuning.scheduler_tick_seconds
                    )
                )
                await stop.wait()
            process.cancel_scope.cancel()
    finally:
        with anyio.CancelScope(shield=True):
            await container.http_client_lifespan.shutdown()  # type: ignore[misc]
            await pool.close(timeout=2.0)
    log.info("worker stopped")


async def _stop_on_signals(stop: StopSignal) -> None:
    with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
        async for received in signals:
            if stop.requested:
                log.warning("%s again: stopping now", signal.Signals(received).name)
                raise KeyboardInterrupt
            log.info(
                "%s: finishing the batch in hand, then stopping", signal.Signals(received).name
            )
            stop.request()
