"""The ChatRecords port on PostgreSQL: reads for saving pasted chat and for a person's threads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.ports.chatlog import Correspondence, LiveProbe

_CORRESPONDENCE = msgspec.json.Decoder(Correspondence)


class PostgresChatRecords:
    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._sql = load_queries("chatlog")

    async def stored_keys(self, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        rows = await self._all("stored_keys", {"keys": list(keys)})
        return {str(row[0]) for row in rows}

    async def recorded_elsewhere(self, probes: Sequence[LiveProbe]) -> set[int]:
        if not probes:
            return set()
        params = {
            "usernames": [p.username for p in probes],
            "types": [p.type.value for p in probes],
            "contents": [p.content for p in probes],
            "tokens": [p.tokens for p in probes],
            "sinces": [p.since for p in probes],
            "untils": [p.until for p in probes],
        }
        # Positions from WITH ORDINALITY count from 1.
        return {int(row[0]) - 1 for row in await self._all("recorded_elsewhere", params)}

    async def correspondence(self, person_id: int, *, limit: int) -> Correspondence | None:
        rows = await self._all("correspondence", {"person_id": person_id, "limit": limit})
        return _CORRESPONDENCE.decode(rows[0][0]) if rows else None

    async def _all(self, name: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql[name], params)
            return await cur.fetchall()
