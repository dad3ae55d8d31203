"""The ingest-batch use case against an in-memory bulk store that keeps the database's rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.fakes import FakeIngestionStore

from mhc.domain.errors import StoreUnavailable
from mhc.domain.events import SessionChange
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import InteractionType
from mhc.ports.ingestion import CursorMoved, EventsCursor, FeedPage
from mhc.services.ingestion import (
    combine_batches,
    ingest_page,
    prepare_batch,
    reconcile_with_stats,
    store_batch,
)

OWNER = "hudson_cage"
T0 = datetime(2025, 8, 16, 20, 0, tzinfo=UTC)
EXCLUSION = ExclusionPolicy(["smk_lover"])


def at(seconds: int) -> str:
    """An event id `seconds` after T0."""
    return f"{int((T0 + timedelta(seconds=seconds)).timestamp() * 1000)}-0"


def ev(method: str, seconds: int, username: str = "quiet_owl_12", **obj: Any) -> dict[str, Any]:
    return {
        "method": method,
        "id": at(seconds),
        "object": {"broadcaster": OWNER, "user": {"username": username}, **obj},
    }


def page(*events: dict[str, Any], last: str | None = None) -> FeedPage:
    last_id = last or (events[-1]["id"] if events else None)
    return FeedPage(
        events=list(events),
        next_cursor=EventsCursor(last_event_id=last_id),
        received_at=T0 + timedelta(hours=1),
    )


async def ingest(
    store: FakeIngestionStore, feed_page: FeedPage, expected: EventsCursor | None = None
) -> Any:
    return await ingest_page(
        store, feed_page, broadcaster=OWNER, exclusion=EXCLUSION, expected_cursor=expected
    )


async def test_events_between_start_and_stop_are_linked_when_both_arrive_in_one_batch() -> None:
    store = FakeIngestionStore()
    events = (
        ev("userEnter", 1),
        ev("broadcastStart", 2, OWNER),
        ev("chatMessage", 3, message={"message": "hi"}),
        ev("tip", 4, "big_tipper_77", tip={"tokens": 100}),
        ev("broadcastStop", 5, OWNER),
        ev("userLeave", 6),
    )

    outcome = await ingest(store, page(*events))

    rows = store.tables.interactions
    session = store.tables.sessions[0]
    assert outcome.stored == 6
    assert outcome.started_sessions == outcome.ended_sessions == [session.id]
    assert [rows[at(s)].stream_session_id for s in range(1, 7)] == [
        None,
        session.id,
        session.id,
        session.id,
        session.id,
        None,
    ]
    assert session.started_at == T0 + timedelta(seconds=2)
    assert session.ended_at == T0 + timedelta(seconds=5)


async def test_events_join_the_live_session_when_it_started_in_an_earlier_batch() -> None:
    store = FakeIngestionStore()
    await ingest(store, page(ev("broadcastStart", 1, OWNER)))
    cursor = store.tables.cursors[OWNER]

    await ingest(store, page(ev("follow", 2, "lucky_fox_3")), expected=cursor)

    assert store.tables.interactions[at(2)].stream_session_id == store.tables.sessions[0].id


async def test_second_start_keeps_the_live_session_when_the_room_is_already_live() -> None:
    store = FakeIngestionStore()

    await ingest(store, page(ev("broadcastStart", 1, OWNER), ev("broadcastStart", 2, OWNER)))

    assert len(store.tables.sessions) == 1


async def test_replayed_session_events_change_no_session_when_a_cold_start_repeats_them() -> None:
    store = FakeIngestionStore()
    first = page(ev("broadcastStart", 1, OWNER), ev("broadcastStop", 2, OWNER))
    await ingest(store, first)
    cursor = store.tables.cursors[OWNER]

    # A first request without `i` replays "all latest events", these two included.
    outcome = await ingest(store, first, expected=cursor)

    assert outcome.stored == 0
    assert outcome.started_sessions == []
    assert len(store.tables.sessions) == 1
    assert store.tables.sessions[0].ended_at is not None


async def test_nothing_is_stored_when_another_worker_moved_the_cursor() -> None:
    store = FakeIngestionStore()
    await ingest(store, page(ev("userEnter", 1)))

    with pytest.raises(CursorMoved):
        await ingest(store, page(ev("userEnter", 2)), expected=EventsCursor(last_event_id="1-0"))

    assert list(store.tables.interactions) == [at(1)]
    assert store.tables.cursors[OWNER].last_event_id == at(1)


async def test_cursor_and_events_stay_unchanged_when_the_database_is_unreachable() -> None:
    store = FakeIngestionStore()
    store.unavailable = True

    with pytest.raises(StoreUnavailable):
        await ingest(store, page(ev("userEnter", 1)))

    assert store.tables.interactions == {}
    assert store.tables.cursors == {}


async def test_idle_poll_opens_no_transaction_when_the_cursor_did_not_move() -> None:
    store = FakeIngestionStore()
    cursor = EventsCursor(last_event_id=at(9))

    outcome = await ingest(store, page(last=at(9)), expected=cursor)

    assert outcome.received == 0
    assert store.batches_opened == 0


async def test_excluded_viewer_is_flagged_when_the_policy_lists_them() -> None:
    store = FakeIngestionStore()

    await ingest(store, page(ev("chatMessage", 1, "smk_lover"), ev("chatMessage", 2, "owl_7")))

    assert store.tables.interactions[at(1)].is_excluded is True
    assert store.tables.interactions[at(2)].is_excluded is False


async def test_an_id_repeated_within_a_page_is_stored_once_when_delivered_twice() -> None:
    batch = prepare_batch(
        page(ev("tip", 1, tip={"tokens": 5}), ev("tip", 1, tip={"tokens": 5})), broadcaster=OWNER
    )

    assert len(batch.events) == 1


def test_combined_answers_keep_every_event_once_in_order_and_end_at_the_last_cursor() -> None:
    answers = [
        page(ev("tip", 1, tip={"tokens": 5}), ev("userEnter", 2)),
        page(ev("userEnter", 2), ev("chatMessage", 3, message={"message": "hi"})),
        page(last=at(3)),
    ]
    combined = combine_batches([prepare_batch(a, broadcaster=OWNER) for a in answers])

    assert [e.event_id for e in combined.events] == [at(1), at(2), at(3)]
    assert combined.next_cursor == answers[-1].next_cursor
    assert combined.received_at == answers[-1].received_at


async def test_unknown_method_is_stored_when_the_batch_carries_one() -> None:
    store = FakeIngestionStore()

    await ingest(store, page(ev("spinTheWheel", 1, prize="a song")))

    assert store.tables.interactions[at(1)].type is InteractionType.UNKNOWN_EVENT


async def test_offline_room_ends_the_live_session_at_its_last_event_when_stop_was_missed() -> None:
    store = FakeIngestionStore()
    await ingest(store, page(ev("broadcastStart", 1, OWNER), ev("tip", 60, tip={"tokens": 5})))

    change = await reconcile_with_stats(
        store, broadcaster=OWNER, online_minutes=None, now=T0 + timedelta(hours=2)
    )

    assert change is not None
    assert change.change is SessionChange.STOP
    assert store.tables.sessions[0].ended_at == T0 + timedelta(seconds=60)


async def test_live_session_stays_when_offline_report_may_predate_its_last_event() -> None:
    store = FakeIngestionStore()
    await ingest(store, page(ev("broadcastStart", 1, OWNER), ev("tip", 60, tip={"tokens": 5})))

    change = await reconcile_with_stats(
        store, broadcaster=OWNER, online_minutes=None, now=T0 + timedelta(minutes=5)
    )

    assert change is None
    assert store.tables.sessions[0].ended_at is None


async def test_online_room_starts_a_session_when_start_was_missed() -> None:
    store = FakeIngestionStore()
    now = T0 + timedelta(hours=3)

    change = await reconcile_with_stats(store, broadcaster=OWNER, online_minutes=42, now=now)

    assert change is not None
    assert change.change is SessionChange.START
    assert store.tables.sessions[0].started_at == now - timedelta(minutes=42)


async def test_online_report_starts_nothing_when_it_describes_the_session_that_just_ended() -> None:
    store = FakeIngestionStore()
    await ingest(store, page(ev("broadcastStart", 1, OWNER), ev("broadcastStop", 3600, OWNER)))

    change = await reconcile_with_stats(
        store, broadcaster=OWNER, online_minutes=62, now=T0 + timedelta(minutes=62)
    )

    assert change is None
    assert len(store.tables.sessions) == 1


async def test_store_batch_reports_newest_event_time_when_events_are_out_of_order() -> None:
    store = FakeIngestionStore()
    batch = prepare_batch(page(ev("userEnter", 9), ev("userLeave", 4)), broadcaster=OWNER)

    outcome = await store_batch(
        store, batch, broadcaster=OWNER, exclusion=EXCLUSION, expected_cursor=None
    )

    assert outcome.last_event_at == T0 + timedelta(seconds=9)
