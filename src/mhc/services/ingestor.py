"""Live Events API ingestion: one broadcaster's feed consumed for as long as this worker may.

- The ingestor holds a per-broadcaster lease while it longpolls the feed from the stored
  cursor; each batch and the cursor after it commit in one transaction (`store_batch`). A
  second worker waits as a hot standby until the lease is free.
- The token is followed as it changes (`events_token`): ingestion starts once one is set,
  goes on with a new one, and stops (letting go of the lease) when it is removed.
- Every failure is waited out: the feed's with backoff (or its Retry-After), a refused token
  until a new one is set, the database's until it answers. A bug restarts at the stored cursor.
- A stop request cuts polls and sleeps short, lets the batch in hand commit within the grace
  the stop leaves, and saves the cursor with it.
- Bookkeeping (heartbeat, failure records, drift records) never holds up ingestion longer than
  BOOKKEEPING_SECONDS.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from mhc.domain.contracts.findings import DriftObservation
from mhc.domain.contracts.shapes import CB_EVENTS, EVENTS
from mhc.domain.errors import ExternalAuthError, ExternalServiceError, RateLimited, StoreUnavailable
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import NewApiFailure
from mhc.domain.retry import RetryPolicy
from mhc.ports.announcements import NO_ANNOUNCEMENTS, Announcements
from mhc.ports.connections import SecretProvider
from mhc.ports.drift import DriftReporter
from mhc.ports.ingestion import (
    CursorMoved,
    EventsCursor,
    EventsFeed,
    FeedPage,
    HeartbeatStore,
    IngestionStore,
    Lease,
    Leases,
    StopRequest,
)
from mhc.ports.operations import FailureLog
from mhc.services.cancel_once import CancelOnce, SideTasks
from mhc.services.events_token import EventsToken
from mhc.services.ingestion import (
    IngestOutcome,
    PreparedBatch,
    combine_batches,
    prepare_batch,
    store_batch,
)
from mhc.services.listening import ListeningRecorder

log = logging.getLogger("mhc.worker")

EVENTS_SERVICE = CB_EVENTS
# Heartbeats and failure and drift records never hold up ingestion longer than this.
BOOKKEEPING_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class IngestorTuning:
    """Timings of the ingestion loop; the defaults are production's."""

    # Backoff of the feed and of the database: full jitter, capped.
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(base_delay=0.5, max_delay=30))
    standby_seconds: float = 2.0
    # How often the lease holder checks that its lock's session is still alive.
    lease_check_seconds: float = 2.0
    # How often the token is read again (a change is used within this), and after a refusal how
    # often the same token is tried again anyway (a refusal may have been the service's hiccup).
    token_check_seconds: float = 3.0
    same_token_retry_seconds: float = 300.0
    heartbeat_seconds: float = 5.0
    # Answers read and parsed ahead of the database, at most: the next transaction stores
    # all that wait.
    read_ahead_pages: int = 64
    # A 429's Retry-After is honoured up to this: a longer (or absurd) one would stall the
    # room's record for as long as the server says; the next try comes after the cap.
    max_retry_after_seconds: float = 300.0


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
        token_source: SecretProvider,
        stop: StopRequest,
        worker_id: str,
        tuning: IngestorTuning | None = None,
        on_sessions_ended: Callable[[Sequence[int]], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
        drift: DriftReporter | None = None,
        on_token_accepted: Callable[[], Awaitable[None]] | None = None,
        listening: ListeningRecorder | None = None,
        announcements: Announcements = NO_ANNOUNCEMENTS,
    ) -> None:
        self.broadcaster = broadcaster
        self.state = IngestorState()
        self._exclusion = exclusion
        self._store = store
        self._leases = leases
        self._heartbeats = heartbeats
        self._failure_log = failure_log
        self._feed_for = feed_for
        self._stop = stop
        self._worker_id = worker_id
        self._tuning = tuning or IngestorTuning()
        self._on_sessions_ended = on_sessions_ended
        self._rng = rng or random.Random()
        self._tokens = EventsToken(
            token_source,
            stop,
            check_seconds=self._tuning.token_check_seconds,
            on_accepted=on_token_accepted,
            announcements=announcements,
        )
        self._feed: EventsFeed | None = None
        self._feed_token: str | None = None
        self._refused_token: str | None = None
        self._odd_methods: set[str] = set()
        self._drift = drift
        self._listening = listening or ListeningRecorder.disabled()

    @property
    def lease_name(self) -> str:
        return f"mhc.events:{self.broadcaster}"

    async def run(self) -> None:
        """Consume while a token is set, until a stop is requested; stand by whenever another
        worker holds the lease."""
        while await self._tokens.wait_until_set():
            lease = await self._acquire_lease()
            if lease is None:
                return
            try:
                await self._load_last_heartbeat()
                async with SideTasks() as beside:
                    beside.start_soon(self._heartbeat_loop)
                    beside.start_soon(self._tokens.watch)
                    await self._consume(lease)
            except Exception:
                # A bug must not end ingestion for good: start over from the stored cursor.
                log.exception("Events API ingestion failed; starting over from the stored cursor")
                self.state.last_error = "ingestion failed (see the worker log)"
                await self._stop.sleep(self._tuning.standby_seconds)
            finally:
                grace = self._stop.grace_left()
                bound = BOOKKEEPING_SECONDS if grace is None else max(0.5, grace)
                # Each write is cancelled once past its own bound; this bound is the hard one.
                with anyio.move_on_after(bound, shield=True):
                    await self._listening.flush()
                    await self._beat()
                    await lease.release()

    # --- the lease -----------------------------------------------------------------------

    async def _acquire_lease(self) -> Lease | None:
        standing_by = False
        failures = 0
        while not self._stop.requested:
            try:
                lease = None
                async with self._stop.interruptible():
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
        # The feed is read and parsed ahead while a batch is stored: answers that arrive
        # meanwhile wait here, and the next transaction stores all of them, with the cursor
        # after the last. A worker that keeps up stores each answer alone; one catching up
        # (after a stop, an outage, a burst) writes fewer, larger batches, which the database
        # takes much faster, while the next answers are parsed.
        send, waiting = anyio.create_memory_object_stream[_Answer](self._tuning.read_ahead_pages)
        async with SideTasks() as reading:
            reading.start_soon(self._read_ahead, cursor, send)
            await self._store_answers(lease, cursor, waiting)

    async def _read_ahead(
        self, cursor: EventsCursor | None, send: MemoryObjectSendStream[_Answer]
    ) -> None:
        """Poll and parse the feed from `cursor` on, handing each answer over; closing the
        stream once stopping or once the token is removed."""
        async with send:
            while not self._stop.requested:
                page = await self._next_page(cursor)
                if page is None:
                    return
                self.state.last_poll_at = page.received_at
                batch = prepare_batch(page, broadcaster=self.broadcaster)
                self._log_odd_events(batch)
                await send.send(_Answer(page, batch, self._note_drift(page, batch)))
                cursor = page.next_cursor

    async def _store_answers(
        self,
        lease: Lease,
        cursor: EventsCursor | None,
        waiting: MemoryObjectReceiveStream[_Answer],
    ) -> None:
        checked = anyio.current_time()
        while not self._stop.requested:
            if anyio.current_time() - checked >= self._tuning.lease_check_seconds:
                # A database restart ends the session that held the lock, silently: another
                # worker may hold it now.
                if not await lease.still_held():
                    log.warning("the database dropped this worker's lease: taking it again")
                    return
                checked = anyio.current_time()
            # An answer comes at least once per longpoll hold, empty when nothing happened.
            answers = await _all_waiting(waiting)
            if not answers:
                return
            batch = combine_batches([answer.batch for answer in answers])
            outcome = await self._store_with_retries(batch, cursor, lease)
            if outcome is None:
                return
            cursor = batch.next_cursor
            self._note_stored(batch, outcome)
            for answer in answers:
                await self._listening.heard(answer.page)
            drift = [observation for answer in answers for observation in answer.drift]
            if drift and self._drift is not None:
                await self._drift.record(drift)
            if outcome.ended_sessions and self._on_sessions_ended is not None:
                await self._on_sessions_ended(outcome.ended_sessions)

    async def _load_cursor(self, lease: Lease) -> EventsCursor | _Lost | None:
        failures = 0
        while not self._stop.requested:
            try:
                async with self._stop.interruptible():
                    return await self._store.load_cursor(self.broadcaster)
            except StoreUnavailable as exc:
                failures += 1
                self._note_store_failure(exc, failures)
                if not await lease.still_held():
                    return _LOST
                await self._stop.sleep(self._backoff(failures))
        return _LOST

    async def _next_page(self, cursor: EventsCursor | None) -> FeedPage | None:
        """The next page from the feed, waiting out every failure; None once stopping or once
        the token is removed."""
        failures = 0
        while not self._stop.requested:
            if not self._tokens.current:
                self.state.last_error = "no Events API token is set"
                return None
            feed = self._current_feed()
            async with self._stop.interruptible(), self._tokens.interruptible():
                try:
                    page = await feed.poll(cursor or EventsCursor())
                except ExternalAuthError as exc:
                    await self._wait_for_new_token(exc)
                    continue
                except RateLimited as exc:
                    failures += 1
                    delay = (
                        self._backoff(failures)
                        if exc.retry_after is None
                        else min(max(0.0, exc.retry_after), self._tuning.max_retry_after_seconds)
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
                await self._tokens.accepted()
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
            outcome: IngestOutcome | None = None
            try:
                async with self._stop.graced():
                    outcome = await store_batch(
                        self._store,
                        batch,
                        broadcaster=self.broadcaster,
                        exclusion=self._exclusion,
                        expected_cursor=cursor,
                    )
                if outcome is None:
                    # The stop's grace ran out: the next turn lets the batch go.
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
        """Wait for the time to try the same token again; a new token cuts the wait short
        (the caller's block is interruptible by a change)."""
        refused = self._tokens.refused()
        message = str(exc).removeprefix(f"{EVENTS_SERVICE}: ")
        self.state.last_error = message
        if refused != self._refused_token:
            self._refused_token = refused
            log.error("Events API ingestion paused: %s", message)
            await self._record_failure(exc.status, message)
        await anyio.sleep(self._tuning.same_token_retry_seconds)

    async def _record_failure(self, status: int | None, message: str) -> None:
        endpoint = f"GET /events/{self.broadcaster}/***/"
        failure = NewApiFailure(
            service=EVENTS_SERVICE, endpoint=endpoint, status=status, message=message
        )
        # The database may be down too: the failure is in the log line either way.
        async with CancelOnce(within=BOOKKEEPING_SECONDS):
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
        token = self._tokens.current
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
        """The batch's differences from the contract, counted (each new one logged once).

        Counted per batch so the drift log costs one write per batch that has any, never one
        per event; the events themselves are stored whatever their differences.
        """
        if self._drift is None:
            return []
        findings = [*page.drift, *(f for event in batch.events for f in event.drift)]
        if not findings:
            return []
        hidden = (self._tokens.current,) if self._tokens.current else ()
        return self._drift.note(EVENTS, findings, secrets=hidden)

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
        async with CancelOnce(within=BOOKKEEPING_SECONDS):
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


@dataclass(frozen=True, slots=True)
class _Answer:
    """One longpoll answer, parsed, with the contract drift it showed."""

    page: FeedPage
    batch: PreparedBatch
    drift: list[DriftObservation]


async def _all_waiting(waiting: MemoryObjectReceiveStream[_Answer]) -> list[_Answer]:
    """The next answer and every one already waiting behind it; empty once the stream ended."""
    try:
        answers = [await waiting.receive()]
    except anyio.EndOfStream:
        return []
    while True:
        try:
            answers.append(waiting.receive_nowait())
        except (anyio.WouldBlock, anyio.EndOfStream):
            return answers
