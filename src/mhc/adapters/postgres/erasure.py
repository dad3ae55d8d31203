"""The ErasureStore port on PostgreSQL: a person and every row about them, in one transaction.

Each table is deleted explicitly, rather than left to ON DELETE CASCADE, so the audit counts
every row; snapshots and interactions would refuse anyway (append-only), unless the
transaction opened their triggers to itself (see `sql/erasure/allow_erasure.sql`).
"""

from __future__ import annotations

from mhc.adapters.postgres.jsonb import to_jsonb
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.adapters.postgres.repositories.base import struct_row
from mhc.domain.errors import NotFound
from mhc.ports.erasures import ErasureRecord
from mhc.ports.read_models import Page

# The tables an erasure deletes from, as counts are shown (the person first).
ERASED_TABLES = (
    "persons",
    "person_aliases",
    "snapshots",
    "interactions",
    "notes",
    "attributes",
    "watchlist_members",
    "analysis_dismissals",
    "alerts",
    "statbate_lookups",
    "api_failures",
    "contract_drift",
    "backfills",
)
# Rows that refer to the person go before the person; rows naming them (failures, drift
# examples, backfill lists) before the aliases that tell which rows name them.
DELETION_ORDER = (
    "interactions",
    "snapshots",
    "analysis_dismissals",
    "attributes",
    "notes",
    "watchlist_members",
    "alerts",
    "statbate_lookups",
    "api_failures",
    "contract_drift",
    "backfills",
    "person_aliases",
    "persons",
)


class PostgresErasures:
    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._queries = load_queries("erasure")

    async def preview(self, person_id: int) -> dict[str, int]:
        async with self._pool.connection() as conn, conn.cursor() as cur:
            await cur.execute(self._queries["preview"], {"person_id": person_id})
            row = await cur.fetchone()
        assert row is not None, "preview returns one row"
        return dict(zip(ERASED_TABLES, (int(count) for count in row), strict=True))

    async def erase(
        self, person_id: int, *, actor: str, reason: str | None, username_hmac: str
    ) -> ErasureRecord:
        params = {"person_id": person_id}
        async with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            await cur.execute(self._queries["lock_person"], params)
            if await cur.fetchone() is None:
                raise NotFound(f"person {person_id} does not exist")
            await cur.execute(self._queries["allow_erasure"])
            deleted = {}
            for table in DELETION_ORDER:
                await cur.execute(self._queries[f"delete_{table}"], params)
                deleted[table] = cur.rowcount
            audit = {
                "actor": actor,
                "reason": reason,
                "person_id": person_id,
                "username_hmac": username_hmac,
                "counts": to_jsonb({table: deleted[table] for table in ERASED_TABLES}),
            }
            async with conn.cursor(row_factory=struct_row(ErasureRecord)) as audit_cur:
                await audit_cur.execute(self._queries["record"], audit)
                record = await audit_cur.fetchone()
        assert record is not None, "the audit insert returns its row"
        return record

    async def erased(self, *, hmacs: list[str], sha256s: list[str]) -> set[str]:
        async with self._pool.connection() as conn, conn.cursor() as cur:
            await cur.execute(self._queries["erased"], {"hmacs": hmacs, "sha256s": sha256s})
            return {str(row[0]) for row in await cur.fetchall()}

    async def history(self, *, limit: int, offset: int) -> Page[ErasureRecord]:
        async with self._pool.connection() as conn:
            async with conn.cursor(row_factory=struct_row(ErasureRecord)) as cur:
                await cur.execute(self._queries["history"], {"limit": limit, "offset": offset})
                items = await cur.fetchall()
            async with conn.cursor() as cur:
                await cur.execute(self._queries["count"])
                total = await cur.fetchone()
        assert total is not None, "count returns one row"
        return Page(items=items, total=int(total[0]), limit=limit, offset=offset)
