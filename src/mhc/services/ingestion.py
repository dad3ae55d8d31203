"""Ingesting Events API batches: one transaction stores the events and moves the cursor.

Exactly-once effect comes from two things together: a batch's interactions and the cursor
that follows them commit in the same transaction, and every interaction carries its Events
API id (stored once, whatever the number of deliveries). A crash before the commit loses
nothing (the cursor did not move, the batch is fetched again); a crash after it doubles
nothing (the ids are known).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import msgspec

from mhc.domain.events import ParsedEvent, SessionChange, parse_event
from mhc.domain.exclusion import ExclusionPolicy
from mhc.ports.ingestion import EventRow, EventsCursor, FeedPage, IngestionStore


class PreparedBatch(msgspec.Struct, frozen=True, kw_only=True):
    """Longpoll answers read and checked, ready to store: what is left to do needs the database."""

    events: list[ParsedEvent]
    next_cursor: EventsCursor
    received_at: datetime


class IngestOutcome(msgspec.Struct, frozen=True, kw_only=True):
    received: int
    stored: int
    last_event_at: datetime | None
    started_sessions: list[int]
    ended_sessions: list[int]


class Reconciliation(msgspec.Struct, frozen=True, kw_only=True):
    """A session started or ended from the Stats API because its event never arrived."""

    session_id: int
    change: SessionChange
    at: datetime


# The Stats API refreshes every five minutes: younger evidence of "offline" may be stale.
RECONCILE_GRACE = timedelta(minutes=10)


def prepare_batch(page: FeedPage, *, broadcaster: str) -> PreparedBatch:
    """Parse every event of `page` (never raises); an id repeated within the page is kept once."""
    seen: set[str] = set()
    events: list[ParsedEvent] = []
    for raw in page.events:
        event = parse_event(raw, broadcaster=broadcaster, received_at=page.received_at)
        if event.event_id not in seen:
            seen.add(event.event_id)
            events.append(event)
    return PreparedBatch(events=events, next_cursor=page.next_cursor, received_at=page.received_at)


def combine_batches(batches: Sequence[PreparedBatch]) -> PreparedBatch:
    """Consecutive batches as one that ends at the last one's cursor; an id repeated across
    them is kept once."""
    if len(batches) == 1:
        return batches[0]
    seen: set[str] = set()
    events: list[ParsedEvent] = []
    for batch in batches:
        for event in batch.events:
            if event.event_id not in seen:
                seen.add(event.event_id)
                events.append(event)
    last = batches[-1]
    return PreparedBatch(events=events, next_cursor=last.next_cursor, received_at=last.received_at)


async def store_batch(
    store: IngestionStore,
    batch: PreparedBatch,
    *,
    broadcaster: str,
    exclusion: ExclusionPolicy,
    expected_cursor: EventsCursor | None,
) -> IngestOutcome:
    """Store a prepared batch and advance the cursor from `expected_cursor`, in one transaction.

    broadcastStart starts a LIVE session (or keeps the one already LIVE), broadcastStop ends
    it, and every event in between is linked to it. A session event that was stored before (a
    replay after a cold start) changes no session. Raises StoreUnavailable when the database
    cannot be reached and CursorMoved when another worker took over; either way nothing of
    the batch is stored.
    """
    if not batch.events and batch.next_cursor == expected_cursor:
        return IngestOutcome(
            received=0, stored=0, last_event_at=None, started_sessions=[], ended_sessions=[]
        )
    started: list[int] = []
    ended: list[int] = []
    async with store.batch() as tx:
        live = await tx.live_session(broadcaster)
        changes = [e.event_id for e in batch.events if e.session_change is not None]
        replayed = await tx.stored_event_ids(changes) if changes else set()
        rows: list[EventRow] = []
        for event in batch.events:
            fresh = event.event_id not in replayed
            if event.session_change is SessionChange.START and fresh and live is None:
                live = await tx.start_session(broadcaster, event.occurred_at)
                started.append(live.id)
            rows.append(_row(event, exclusion, live.id if live is not None else None))
            if event.session_change is SessionChange.STOP and fresh and live is not None:
                await tx.end_session(live.id, event.occurred_at)
                ended.append(live.id)
                live = None
        stored = await tx.store_events(rows) if rows else 0
        await tx.advance_cursor(broadcaster, expected=expected_cursor, new=batch.next_cursor)
        await tx.commit()
    return IngestOutcome(
        received=len(batch.events),
        stored=stored,
        last_event_at=max((e.occurred_at for e in batch.events), default=None),
        started_sessions=started,
        ended_sessions=ended,
    )


async def ingest_page(
    store: IngestionStore,
    page: FeedPage,
    *,
    broadcaster: str,
    exclusion: ExclusionPolicy,
    expected_cursor: EventsCursor | None,
) -> IngestOutcome:
    """Parse and store one longpoll page: see `prepare_batch` and `store_batch`."""
    return await store_batch(
        store,
        prepare_batch(page, broadcaster=broadcaster),
        broadcaster=broadcaster,
        exclusion=exclusion,
        expected_cursor=expected_cursor,
    )


async def reconcile_with_stats(
    store: IngestionStore, *, broadcaster: str, online_minutes: int | None, now: datetime
) -> Reconciliation | None:
    """Bring sessions in line with the Stats API after a missed broadcastStop or broadcastStart.

    `online_minutes` is the Stats API's time_online (None when it reports the room offline).
    Offline with a session LIVE: the session ends when its last event happened (its start if
    it has none). Online with none LIVE: a session starts `online_minutes` ago, unless that
    falls before the end of the last session (then the report describes that broadcast).
    Evidence younger than the Stats API's refresh window is not acted on: it may be stale.
    """
    async with store.batch() as tx:
        live = await tx.live_session(broadcaster)
        if online_minutes is None:
            if live is None:
                return None
            last_event_at = await tx.last_event_at(live.id)
            moment = max(live.started_at, last_event_at or live.started_at)
            if now - moment < RECONCILE_GRACE:
                return None
            await tx.end_session(live.id, moment)
            change = SessionChange.STOP
            session_id = live.id
        else:
            if live is not None:
                return None
            moment = now - timedelta(minutes=max(0, online_minutes))
            last_end = await tx.last_session_end(broadcaster)
            if last_end is not None and (moment <= last_end or now - last_end < RECONCILE_GRACE):
                return None
            started = await tx.start_session(broadcaster, moment)
            if started.started_at != moment:
                # The broadcastStart event won the race (another transaction started the
                # session since `live` was read): nothing was missed.
                return None
            session_id = started.id
            change = SessionChange.START
        await tx.commit()
    return Reconciliation(session_id=session_id, change=change, at=moment)


def _row(event: ParsedEvent, exclusion: ExclusionPolicy, session_id: int | None) -> EventRow:
    return EventRow(
        event_id=event.event_id,
        username=event.username,
        role=event.role,
        is_excluded=exclusion.is_excluded(event.username),
        type=event.type,
        content=event.content,
        occurred_at=event.occurred_at,
        metadata=event.metadata,
        stream_session_id=session_id,
    )
