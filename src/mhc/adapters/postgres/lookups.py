"""The LookupQueue and FollowerPositions ports on PostgreSQL.

The queue is the `statbate_lookups` table: a row per person, whose status says whether they
wait for a look-up, were found, are not on Statbate or failed, and `next_attempt_at` when
they are due. Cards that changed are announced on the `mhc_cards` channel, which the radar's
listeners hear beside new interactions.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import timedelta
from typing import Any

import psycopg
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.ingestion import CONNECT_TIMEOUT, database_unavailable
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.lookups import DueLookup, LookupAnswer, LookupState, LookupStatus

CARDS_CHANNEL = "mhc_cards"
# A NOTIFY payload holds at most 8000 bytes: ids go out in groups this large.
_ANNOUNCE_GROUP = 200


class _Store:
    def __init__(self, pool: ConnectionPool, folder: str) -> None:
        self._pool = pool
        self._sql = load_queries(folder)

    async def _rows(self, name: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        try:
            async with self._pool.connection(timeout=CONNECT_TIMEOUT) as conn:
                cur = await conn.execute(self._sql[name], params)
                return await cur.fetchall() if cur.description else []
        except (PoolTimeout, psycopg.Error) as exc:
            raise (database_unavailable(exc) or exc) from None


class PostgresLookupQueue(_Store):
    def __init__(self, pool: ConnectionPool) -> None:
        super().__init__(pool, "lookups")

    async def enqueue(
        self, person_ids: Collection[int], *, owner: str, freshness: timedelta
    ) -> list[int]:
        if not person_ids:
            return []
        params = {"person_ids": sorted(person_ids), "owner": owner, "freshness": freshness}
        return [row[0] for row in await self._rows("enqueue", params)]

    async def due(self, *, limit: int) -> list[DueLookup]:
        rows = await self._rows("due", {"limit": limit})
        return [DueLookup(person_id=r[0], username=r[1], attempts=r[2]) for r in rows]

    async def settle(self, answers: Sequence[LookupAnswer]) -> None:
        if not answers:
            return
        await self._rows(
            "settle",
            {
                "person_ids": [a.person_id for a in answers],
                "statuses": [a.state.value for a in answers],
                "retry_at": [a.retry_at for a in answers],
                "errors": [a.error for a in answers],
            },
        )

    async def postpone(self, person_ids: Collection[int], *, delay: float, error: str) -> None:
        if person_ids:
            params = {"person_ids": sorted(person_ids), "delay": delay, "error": error}
            await self._rows("postpone", params)

    async def forget(self, person_ids: Collection[int]) -> None:
        if person_ids:
            await self._rows("forget", {"person_ids": sorted(person_ids)})

    async def announce(self, person_ids: Collection[int]) -> None:
        ids = sorted(person_ids)
        for start in range(0, len(ids), _ANNOUNCE_GROUP):
            group = ",".join(str(i) for i in ids[start : start + _ANNOUNCE_GROUP])
            await self._rows("announce", {"ids": group})

    async def statuses(self, person_ids: Collection[int]) -> dict[int, LookupStatus]:
        if not person_ids:
            return {}
        rows = await self._rows("statuses", {"person_ids": sorted(person_ids)})
        return {
            row[0]: LookupStatus(
                state=LookupState(row[1]), at=row[2], error=row[3], attempts=row[4]
            )
            for row in rows
        }


class PostgresFollowerPositions(_Store):
    def __init__(self, pool: ConnectionPool) -> None:
        super().__init__(pool, "room_followers")

    async def position(self, name: str, *, start_before: timedelta) -> int:
        rows = await self._rows("position", {"name": name})
        if rows:
            return int(rows[0][0])
        start = await self._rows("start_position", {"look_back": start_before})
        return int(start[0][0])

    async def save(self, name: str, last_interaction_id: int) -> None:
        await self._rows("save", {"name": name, "last_interaction_id": last_interaction_id})
