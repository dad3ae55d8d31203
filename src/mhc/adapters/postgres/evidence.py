"""The EvidenceReader port on PostgreSQL: one row by primary key, built as JSON in SQL."""

from __future__ import annotations

from typing import Any

import msgspec

from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.ports.read_models import InteractionView, SnapshotView

_INTERACTION = msgspec.json.Decoder(InteractionView)
_SNAPSHOT = msgspec.json.Decoder(SnapshotView)


class PostgresEvidence:
    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._sql = load_queries("evidence")

    async def interaction(self, interaction_id: int) -> InteractionView | None:
        text = await self._one("interaction", {"id": interaction_id})
        return None if text is None else _INTERACTION.decode(text)

    async def snapshot(self, snapshot_id: int, *, include_raw: bool) -> SnapshotView | None:
        text = await self._one("snapshot", {"id": snapshot_id, "include_raw": include_raw})
        return None if text is None else _SNAPSHOT.decode(text)

    async def _one(self, name: str, params: dict[str, Any]) -> str | None:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql[name], params)
            row = await cur.fetchone()
        return None if row is None else str(row[0])
