"""Snapshots: append-only captures of a person's figures from an external API."""

from __future__ import annotations

from datetime import datetime

from mhc.adapters.postgres.jsonb import to_jsonb
from mhc.adapters.postgres.repositories.base import SqlRepository
from mhc.domain.models import JsonObject, Metrics, Snapshot, SnapshotSource


class PostgresSnapshotRepository(SqlRepository):
    sql_folder = "snapshots"

    async def add(
        self,
        *,
        person_id: int,
        source: SnapshotSource,
        raw_payload: JsonObject,
        normalized_metrics: Metrics,
        captured_at: datetime,
    ) -> Snapshot:
        params = {
            "person_id": person_id,
            "source": source,
            "captured_at": captured_at,
            "raw_payload": to_jsonb(raw_payload),
            "normalized_metrics": to_jsonb(normalized_metrics),
        }
        snapshot = await self._write_one("add", params, Snapshot)
        assert snapshot is not None, "INSERT ... RETURNING returns the new row"
        return snapshot

    async def latest(
        self, person_id: int, source: SnapshotSource, count: int = 1
    ) -> list[Snapshot]:
        """The newest `count` snapshots of one person and source, newest first."""
        params = {"person_id": person_id, "source": source, "count": count}
        return await self._fetch_all("latest", params, Snapshot)

    async def timeline(
        self,
        person_id: int,
        source: SnapshotSource | None = None,
        *,
        limit: int = 500,
        offset: int = 0,
    ) -> list[Snapshot]:
        """Snapshots oldest first, optionally of one source."""
        params = {"person_id": person_id, "source": source, "limit": limit, "offset": offset}
        return await self._fetch_all("timeline", params, Snapshot)
