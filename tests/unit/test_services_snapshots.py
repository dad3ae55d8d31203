from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from tests.fakes import EVENING, FakeDatabase, ManualClock

from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.models import Person, SnapshotSource
from mhc.services.snapshots import SnapshotService

MEMBER = SnapshotSource.STATBATE_MEMBER


@pytest.fixture
def snapshots(database: FakeDatabase, clock: ManualClock) -> SnapshotService:
    return SnapshotService(database.unit_of_work, clock)


async def _capture(
    snapshots: SnapshotService, person: Person, at: datetime, metrics: dict[str, object]
) -> None:
    await snapshots.create(person.id, MEMBER, {"data": metrics}, dict(metrics), captured_at=at)


async def test_create_stamps_the_snapshot_now_when_no_time_is_given(
    snapshots: SnapshotService, tipper: Person, database: FakeDatabase
) -> None:
    raw = {"data": {"name": "big_tipper_77", "all_time_tokens": 10000}}

    snapshot = await snapshots.create(tipper.id, MEMBER, raw, {"all_time_tokens": 10000})

    assert snapshot.captured_at == EVENING
    assert snapshot.raw_payload == raw
    assert snapshot.normalized_metrics == {"all_time_tokens": 10000}
    assert list(database.tables.snapshots.values()) == [snapshot]


async def test_create_raises_not_found_when_the_person_is_unknown(
    snapshots: SnapshotService,
) -> None:
    with pytest.raises(NotFound):
        await snapshots.create(404, MEMBER, {}, {})


async def test_create_raises_invalid_input_when_the_time_has_no_zone(
    snapshots: SnapshotService, tipper: Person
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await snapshots.create(tipper.id, MEMBER, {}, {}, captured_at=datetime(2026, 1, 10, 20))
    assert raised.value.field == "captured_at"


async def test_create_raises_conflict_when_the_same_moment_is_captured_twice(
    snapshots: SnapshotService, tipper: Person, database: FakeDatabase
) -> None:
    await _capture(snapshots, tipper, EVENING, {"tips": 1})
    with pytest.raises(Conflict):
        await _capture(snapshots, tipper, EVENING, {"tips": 2})
    assert len(database.tables.snapshots) == 1


async def test_get_latest_returns_the_newest_capture_when_stored_out_of_order(
    snapshots: SnapshotService, tipper: Person
) -> None:
    await _capture(snapshots, tipper, EVENING, {"all_time_tokens": 12000})
    await _capture(snapshots, tipper, EVENING - timedelta(days=1), {"all_time_tokens": 10000})
    await snapshots.create(tipper.id, SnapshotSource.MANUAL, {}, {}, EVENING + timedelta(days=1))

    latest = await snapshots.get_latest(tipper.id, MEMBER)

    assert latest is not None
    assert latest.normalized_metrics == {"all_time_tokens": 12000}


async def test_get_latest_returns_none_when_nothing_was_captured(
    snapshots: SnapshotService, tipper: Person
) -> None:
    assert await snapshots.get_latest(tipper.id, MEMBER) is None


async def test_compute_deltas_returns_none_when_nothing_was_captured(
    snapshots: SnapshotService, tipper: Person
) -> None:
    assert await snapshots.compute_deltas(tipper.id, MEMBER) is None


async def test_compute_deltas_gives_none_for_every_metric_when_there_is_one_snapshot(
    snapshots: SnapshotService, tipper: Person
) -> None:
    await _capture(snapshots, tipper, EVENING, {"all_time_tokens": 10000, "tips": 50})

    delta = await snapshots.compute_deltas(tipper.id, MEMBER)

    assert delta is not None
    assert delta.older is None
    assert delta.deltas == {"all_time_tokens": None, "tips": None}


async def test_compute_deltas_compares_the_two_newest_when_there_are_more(
    snapshots: SnapshotService, tipper: Person
) -> None:
    await _capture(snapshots, tipper, EVENING - timedelta(days=2), {"all_time_tokens": 5})
    await _capture(
        snapshots, tipper, EVENING - timedelta(days=1), {"all_time_tokens": 10000, "tips": 50}
    )
    await _capture(
        snapshots, tipper, EVENING, {"all_time_tokens": 12000, "models_tipped_2weeks": 5}
    )

    delta = await snapshots.compute_deltas(tipper.id, MEMBER)

    assert delta is not None
    assert (delta.person_id, delta.source) == (tipper.id, MEMBER)
    assert delta.newer.captured_at == EVENING
    assert delta.older is not None
    assert delta.older.captured_at == EVENING - timedelta(days=1)
    assert delta.deltas == {"all_time_tokens": 2000, "tips": None, "models_tipped_2weeks": None}


async def test_timeline_lists_oldest_first_when_sources_are_mixed(
    snapshots: SnapshotService, tipper: Person
) -> None:
    await _capture(snapshots, tipper, EVENING, {"tips": 2})
    await snapshots.create(tipper.id, SnapshotSource.MANUAL, {}, {}, EVENING - timedelta(hours=1))
    await _capture(snapshots, tipper, EVENING - timedelta(hours=2), {"tips": 1})

    everything = await snapshots.timeline(tipper.id)
    members_only = await snapshots.timeline(tipper.id, MEMBER)
    second_page = await snapshots.timeline(tipper.id, limit=1, offset=1)

    assert [s.captured_at.hour for s in everything] == [18, 19, 20]
    assert [s.normalized_metrics for s in members_only] == [{"tips": 1}, {"tips": 2}]
    assert [s.source for s in second_page] == [SnapshotSource.MANUAL]


@pytest.mark.parametrize(
    ("limit", "offset", "field"), [(0, 0, "limit"), (1001, 0, "limit"), (10, -1, "offset")]
)
async def test_timeline_raises_invalid_input_when_the_page_is_out_of_range(
    snapshots: SnapshotService, tipper: Person, limit: int, offset: int, field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await snapshots.timeline(tipper.id, limit=limit, offset=offset)
    assert raised.value.field == field


async def test_reads_raise_not_found_when_the_person_is_unknown(
    snapshots: SnapshotService,
) -> None:
    with pytest.raises(NotFound):
        await snapshots.get_latest(404, MEMBER)
    with pytest.raises(NotFound):
        await snapshots.compute_deltas(404, MEMBER)
    with pytest.raises(NotFound):
        await snapshots.timeline(404)
