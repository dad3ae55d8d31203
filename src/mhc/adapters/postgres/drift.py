"""The contract drift log on PostgreSQL: one upsert per answer or batch, never one per event."""

from __future__ import annotations

from collections.abc import Sequence

from mhc.adapters.postgres.ingestion import clean_text, encode_metadata
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.adapters.postgres.repositories.base import struct_row
from mhc.domain.contracts.findings import DriftObservation
from mhc.ports.drift import DriftEntry
from mhc.ports.read_models import Page


class PostgresDriftLog:
    """The DriftLog port. Each write borrows its own pooled connection and commits at once."""

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._queries = load_queries("drift")

    async def record(self, observations: Sequence[DriftObservation]) -> None:
        merged = _merged(observations)
        if not merged:
            return
        params = {
            "services": [clean_text(o.service) for o in merged],
            "endpoints": [clean_text(o.endpoint) for o in merged],
            "kinds": [o.kind.value for o in merged],
            "subjects": [clean_text(o.subject) for o in merged],
            "details": [clean_text(o.detail) for o in merged],
            "counts": [o.count for o in merged],
            "examples": [encode_metadata(o.example) for o in merged],
        }
        async with self._pool.connection() as conn:
            await conn.execute(self._queries["record"], params)

    async def entries(self, *, limit: int = 50, offset: int = 0) -> Page[DriftEntry]:
        async with self._pool.connection() as conn:
            async with conn.cursor(row_factory=struct_row(DriftEntry)) as cur:
                await cur.execute(self._queries["entries"], {"limit": limit, "offset": offset})
                items = await cur.fetchall()
            cur_total = await conn.execute(self._queries["total"])
            row = await cur_total.fetchone()
        total = int(row[0]) if row else 0
        return Page(items=items, total=total, limit=limit, offset=offset)


def _merged(observations: Sequence[DriftObservation]) -> list[DriftObservation]:
    """One observation per key, counts added up, the first example kept."""
    by_key: dict[tuple[str, str, str, str], DriftObservation] = {}
    for seen in observations:
        key = (seen.service, seen.endpoint, seen.kind.value, seen.subject)
        earlier = by_key.get(key)
        if earlier is None:
            by_key[key] = seen
        else:
            by_key[key] = DriftObservation(
                service=earlier.service,
                endpoint=earlier.endpoint,
                kind=earlier.kind,
                subject=earlier.subject,
                detail=earlier.detail,
                count=earlier.count + seen.count,
                example=earlier.example,
            )
    return list(by_key.values())
