"""Snapshots: append-only captures of a person's external stats, and the deltas between them."""

from __future__ import annotations

from datetime import datetime

from mhc.domain.deltas import SnapshotDelta, compute_deltas
from mhc.domain.models import JsonObject, Metrics, Snapshot, SnapshotSource
from mhc.ports.clock import Clock
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.guards import check_aware, check_page, require_person

MAX_TIMELINE_PAGE = 1000


async def create_snapshot(
    uow: UnitOfWork,
    clock: Clock,
    *,
    person_id: int,
    source: SnapshotSource,
    raw_payload: JsonObject,
    normalized_metrics: Metrics,
    captured_at: datetime | None = None,
) -> Snapshot:
    """Store a capture (now, unless `captured_at` says when); NotFound for an unknown person."""
    await require_person(uow, person_id)
    moment = clock.now() if captured_at is None else captured_at
    check_aware(moment, "captured_at")
    return await uow.snapshots.add(
        person_id=person_id,
        source=source,
        raw_payload=raw_payload,
        normalized_metrics=normalized_metrics,
        captured_at=moment,
    )


async def latest_snapshot_delta(
    uow: UnitOfWork, person_id: int, source: SnapshotSource
) -> SnapshotDelta | None:
    """Deltas between the two newest snapshots; None without snapshots.

    With one snapshot, every metric's delta is None (see SnapshotDelta).
    """
    await require_person(uow, person_id)
    newest = await uow.snapshots.latest(person_id, source, count=2)
    if not newest:
        return None
    newer = newest[0]
    older = newest[1] if len(newest) > 1 else None
    before = older.normalized_metrics if older is not None else {}
    return SnapshotDelta(
        person_id=person_id,
        source=source,
        newer=newer,
        older=older,
        deltas=compute_deltas(before, newer.normalized_metrics),
    )


class SnapshotService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    async def create(
        self,
        person_id: int,
        source: SnapshotSource,
        raw_payload: JsonObject,
        normalized_metrics: Metrics,
        captured_at: datetime | None = None,
    ) -> Snapshot:
        async with self._uow_factory() as uow:
            snapshot = await create_snapshot(
                uow,
                self._clock,
                person_id=person_id,
                source=source,
                raw_payload=raw_payload,
                normalized_metrics=normalized_metrics,
                captured_at=captured_at,
            )
            await uow.commit()
        return snapshot

    async def get_latest(self, person_id: int, source: SnapshotSource) -> Snapshot | None:
        async with self._uow_factory() as uow:
            await require_person(uow, person_id)
            latest = await uow.snapshots.latest(person_id, source, count=1)
        return latest[0] if latest else None

    async def compute_deltas(self, person_id: int, source: SnapshotSource) -> SnapshotDelta | None:
        async with self._uow_factory() as uow:
            return await latest_snapshot_delta(uow, person_id, source)

    async def timeline(
        self,
        person_id: int,
        source: SnapshotSource | None = None,
        *,
        limit: int = 500,
        offset: int = 0,
    ) -> list[Snapshot]:
        """Snapshots oldest first, of one source or all."""
        check_page(limit, offset, max_limit=MAX_TIMELINE_PAGE)
        async with self._uow_factory() as uow:
            await require_person(uow, person_id)
            return await uow.snapshots.timeline(person_id, source, limit=limit, offset=offset)
