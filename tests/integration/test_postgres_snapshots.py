"""PostgresSnapshotRepository against a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.integration.viewers import insert_viewer

from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.errors import Conflict, NotFound
from mhc.domain.models import Person, Snapshot, SnapshotSource

MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
MEMBER = SnapshotSource.STATBATE_MEMBER
CB_STATS = SnapshotSource.CB_STATS


@pytest.fixture
async def tipper(uow: PostgresUnitOfWork) -> Person:
    return await insert_viewer(uow, "big_tipper_77", MONDAY)


async def _add(
    uow: PostgresUnitOfWork,
    person: Person,
    tokens: int,
    *,
    day: int = 0,
    source: SnapshotSource = MEMBER,
) -> Snapshot:
    return await uow.snapshots.add(
        person_id=person.id,
        source=source,
        raw_payload={"data": {"all_time_tokens": tokens}},
        normalized_metrics={"all_time_tokens": tokens},
        captured_at=MONDAY + timedelta(days=day),
    )


async def test_add_keeps_payload_and_metrics_when_they_are_nested(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    raw = {
        "data": {"name": "big_tipper_77", "did": 9001, "tipped": [{"model": "hudson_cage"}]},
        "meta": {"fetched": MONDAY},
    }

    snapshot = await uow.snapshots.add(
        person_id=tipper.id,
        source=MEMBER,
        raw_payload=raw,
        normalized_metrics={"all_time_tokens": 12000, "last_tip_amount": 25.5},
        captured_at=MONDAY,
    )

    assert snapshot.person_id == tipper.id
    assert snapshot.source is SnapshotSource.STATBATE_MEMBER
    assert snapshot.captured_at == MONDAY
    assert snapshot.raw_payload == {
        "data": {"name": "big_tipper_77", "did": 9001, "tipped": [{"model": "hudson_cage"}]},
        "meta": {"fetched": "2026-01-05T09:00:00Z"},
    }
    assert snapshot.normalized_metrics == {"all_time_tokens": 12000, "last_tip_amount": 25.5}


async def test_add_raises_conflict_when_the_same_capture_is_stored_twice(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await _add(uow, tipper, 10000)

    with pytest.raises(Conflict, match="already has a statbate_member snapshot captured at"):
        await _add(uow, tipper, 10000)


async def test_add_raises_not_found_when_person_is_unknown(uow: PostgresUnitOfWork) -> None:
    with pytest.raises(NotFound, match="person 424242 does not exist"):
        await uow.snapshots.add(
            person_id=424242,
            source=MEMBER,
            raw_payload={},
            normalized_metrics={},
            captured_at=MONDAY,
        )


async def test_latest_returns_newest_first_when_asked_for_two(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await _add(uow, tipper, 10000, day=0)
    await _add(uow, tipper, 12000, day=2)
    await _add(uow, tipper, 11000, day=1)
    await _add(uow, tipper, 99, day=5, source=CB_STATS)

    latest = await uow.snapshots.latest(tipper.id, MEMBER, count=2)

    assert [s.normalized_metrics["all_time_tokens"] for s in latest] == [12000, 11000]


async def test_latest_returns_one_when_count_is_left_out(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await _add(uow, tipper, 10000, day=0)
    newest = await _add(uow, tipper, 12000, day=1)

    assert await uow.snapshots.latest(tipper.id, MEMBER) == [newest]


async def test_latest_is_empty_when_person_has_no_snapshot_of_that_source(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await _add(uow, tipper, 10000, source=CB_STATS)

    assert await uow.snapshots.latest(tipper.id, MEMBER) == []


async def test_timeline_lists_every_source_oldest_first_when_source_is_left_out(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await _add(uow, tipper, 3, day=2)
    await _add(uow, tipper, 1, day=0, source=CB_STATS)
    await _add(uow, tipper, 2, day=1)

    timeline = await uow.snapshots.timeline(tipper.id)

    assert [s.normalized_metrics["all_time_tokens"] for s in timeline] == [1, 2, 3]


async def test_timeline_keeps_one_source_and_pages_when_asked(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    for day in range(5):
        await _add(uow, tipper, day, day=day)
    await _add(uow, tipper, 99, day=9, source=CB_STATS)

    page = await uow.snapshots.timeline(tipper.id, MEMBER, limit=2, offset=1)

    assert [s.normalized_metrics["all_time_tokens"] for s in page] == [1, 2]
