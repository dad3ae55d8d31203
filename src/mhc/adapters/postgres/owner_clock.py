"""The OwnerClockStore port on PostgreSQL: one row, upserted."""

from __future__ import annotations

from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.owner_clock import ClockStyle, OwnerClock, is_timezone


class PostgresOwnerClockStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._sql = load_queries("owner_clock")

    async def load(self) -> OwnerClock | None:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql["load"])
            row = await cur.fetchone()
        # A zone this machine's database does not know (saved elsewhere) counts as unset.
        if row is None or not is_timezone(row[0]):
            return None
        return OwnerClock(timezone=row[0], clock=ClockStyle(row[1]))

    async def save(self, clock: OwnerClock) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(
                self._sql["save"], {"timezone": clock.timezone, "clock": clock.clock.value}
            )
