"""The ReadModels port on PostgreSQL: each read is one statement that builds its JSON in SQL.

The JSON text is decoded straight into the port's structs by msgspec, which skips building
intermediate Python dicts.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

import msgspec
import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from mhc.adapters.postgres.interaction_filters import interaction_filter_params
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.models import (
    ApiFailure,
    InteractionFilters,
    InteractionType,
    Platform,
    SnapshotSource,
    WorkerHeartbeat,
)
from mhc.ports.read_models import (
    DirectoryEntry,
    DirectoryQuery,
    Health,
    HudsonOverview,
    InteractionView,
    Page,
    PersonBundle,
    PersonView,
    SessionDetail,
    SessionSummary,
    SnapshotView,
    WatchlistMemberDetail,
    WatchlistOverview,
    WorkerJob,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long a health check waits for a pooled connection before calling the database down.
HEALTH_TIMEOUT_SECONDS = 2.0
# How many of a directory filter's matches past the page's offset are counted: a page of a
# broad filter ("seen in the last 30 days" in a database of years) then costs the same as a
# page of a narrow one, and its total reads "more than" this many.
COUNT_AHEAD = 1_000


# The reads whose plan is the same for any values (see build_pool): the look-up's people by
# name and by id (probes of the persons' keys), and the pages of one owner's sessions, of one
# session, of one list's members and the owner's own page, whose plan for any values has the
# shape of the plan for each page's at ten million interactions (bench_plans.py times them).
PLANNED_ONCE = frozenset(
    {
        "find_persons",
        "person_bundles",
        "session_summaries",
        "session_detail",
        "watchlist_members",
        "hudson_overview",
    }
)


class PostgresReadModels:
    """Read models on a shared pool; statements are prepared by psycopg after a few runs.

    The reads in PLANNED_ONCE run on `generic_plans_pool` when there is one: planned once per
    connection, not again for each look-up.
    """

    def __init__(
        self, pool: AsyncConnectionPool, *, generic_plans_pool: AsyncConnectionPool | None = None
    ) -> None:
        self._pool = pool
        self._generic_plans_pool = generic_plans_pool or pool
        self._sql = load_queries("read_models")
        self._decoders: dict[Any, msgspec.json.Decoder[Any]] = {}

    def _connection(self, query: str) -> AbstractAsyncContextManager[AsyncConnection[Any]]:
        pool = self._generic_plans_pool if query in PLANNED_ONCE else self._pool
        return pool.connection()

    def _decode(self, text: str, kind: type[T]) -> T:
        decoder = self._decoders.get(kind)
        if decoder is None:
            decoder = self._decoders[kind] = msgspec.json.Decoder(kind)
        result: T = decoder.decode(text)
        return result

    async def _one(
        self, query: str, params: dict[str, Any], *, prepare: bool | None = None
    ) -> str | None:
        async with self._connection(query) as conn:
            cur = await conn.execute(self._sql[query], params, prepare=prepare)
            row = await cur.fetchone()
        return None if row is None or row[0] is None else str(row[0])

    async def find_persons(
        self, usernames: Sequence[str], *, platform: Platform
    ) -> dict[str, PersonView]:
        if not usernames:
            return {}
        async with self._connection("find_persons") as conn:
            cur = await conn.execute(
                self._sql["find_persons"], {"names": list(usernames), "platform": platform}
            )
            rows = await cur.fetchall()
        return {row[0]: self._decode(row[1], PersonView) for row in rows}

    async def person_bundles(
        self, person_ids: Sequence[int], *, interactions_limit: int
    ) -> list[PersonBundle]:
        if not person_ids:
            return []
        async with self._connection("person_bundles") as conn:
            cur = await conn.execute(
                self._sql["person_bundles"],
                {"person_ids": list(person_ids), "interactions_limit": interactions_limit},
            )
            rows = await cur.fetchall()
        return [self._decode(row[0], PersonBundle) for row in rows]

    async def people_directory(self, query: DirectoryQuery) -> Page[DirectoryEntry]:
        search = query.q.strip().lstrip("@") if query.q else ""
        statement = self._sql["people_directory_named" if search else "people_directory"]
        params: dict[str, Any] = {
            "search": search or None,
            "role": query.role,
            "watchlist_id": query.watchlist_id,
            "excluded": query.excluded,
            "seen_since": query.seen_since,
            "min_spend": query.min_spend,
            "sort": query.sort,
            "descending": query.descending,
            "limit": query.limit,
            "offset": query.offset,
            # One more than counted past the offset: a count that reaches it is not exact.
            "count_limit": query.offset + COUNT_AHEAD + 1,
        }
        async with self._pool.connection() as conn:
            cur = await conn.execute(statement, params, prepare=False)
            rows = await cur.fetchall()
            counted = rows[0] if rows else None
            if not rows and query.offset > 0:
                # Past the end no row carries the total: ask for the first row instead.
                cur = await conn.execute(
                    statement, {**params, "limit": 1, "offset": 0}, prepare=False
                )
                counted = await cur.fetchone()
        total, exact = (int(counted[0]), bool(counted[1])) if counted else (0, True)
        items = [self._decode(row[2], DirectoryEntry) for row in rows]
        return Page(
            items=items,
            total=total if exact else total - 1,
            limit=query.limit,
            offset=query.offset,
            total_is_exact=exact,
        )

    async def snapshot_timeline(
        self,
        person_id: int,
        *,
        source: SnapshotSource | None,
        include_raw: bool,
        limit: int,
        offset: int,
    ) -> Page[SnapshotView] | None:
        text = await self._one(
            "snapshot_timeline",
            {
                "person_id": person_id,
                "source": source,
                "include_raw": include_raw,
                "limit": limit,
                "offset": offset,
            },
        )
        return None if text is None else self._decode(text, Page[SnapshotView])

    async def person_interactions(
        self, person_id: int, filters: InteractionFilters
    ) -> Page[InteractionView] | None:
        text = await self._one(
            "person_interactions",
            {
                "person_id": person_id,
                "newest_first": filters.newest_first,
                **interaction_filter_params(filters),
            },
            prepare=False,
        )
        return None if text is None else self._decode(text, Page[InteractionView])

    async def session_summaries(
        self, broadcaster: str, *, limit: int, offset: int
    ) -> Page[SessionSummary]:
        text = await self._one(
            "session_summaries", {"broadcaster": broadcaster, "limit": limit, "offset": offset}
        )
        assert text is not None  # an aggregate over the page always yields one document
        return self._decode(text, Page[SessionSummary])

    async def session_detail(
        self,
        session_id: int,
        *,
        types: Sequence[InteractionType],
        limit: int,
        offset: int,
    ) -> SessionDetail | None:
        text = await self._one(
            "session_detail",
            {
                "session_id": session_id,
                "types": [str(t) for t in types] or None,
                "limit": limit,
                "offset": offset,
            },
        )
        return None if text is None else self._decode(text, SessionDetail)

    async def hudson_overview(
        self, broadcaster: str, *, recent_limit: int, session_limit: int
    ) -> HudsonOverview:
        text = await self._one(
            "hudson_overview",
            {
                "broadcaster": broadcaster,
                "recent_limit": recent_limit,
                "session_limit": session_limit,
            },
        )
        assert text is not None  # a SELECT without FROM always yields its one document
        return self._decode(text, HudsonOverview)

    async def watchlists(self) -> list[WatchlistOverview]:
        text = await self._one("watchlists", {})
        return [] if text is None else self._decode(text, list[WatchlistOverview])

    async def watchlist_members(
        self, watchlist_id: int, *, broadcaster: str, limit: int, offset: int
    ) -> Page[WatchlistMemberDetail] | None:
        text = await self._one(
            "watchlist_members",
            {
                "watchlist_id": watchlist_id,
                "broadcaster": broadcaster,
                "limit": limit,
                "offset": offset,
            },
        )
        return None if text is None else self._decode(text, Page[WatchlistMemberDetail])

    async def failures(self, *, limit: int, offset: int) -> Page[ApiFailure]:
        text = await self._one("failures", {"limit": limit, "offset": offset})
        assert text is not None  # an aggregate always yields one document
        return self._decode(text, Page[ApiFailure])

    async def health(self) -> Health:
        try:
            async with self._pool.connection(timeout=HEALTH_TIMEOUT_SECONDS) as conn:
                cur = await conn.execute(self._sql["health"])
                row = await cur.fetchone()
        except (psycopg.Error, PoolTimeout) as exc:
            log.warning("health check: database unavailable (%s)", type(exc).__name__)
            return Health(database_ok=False, heartbeat=None)
        text = row[0] if row else None
        heartbeat = None if text is None else self._decode(text, WorkerHeartbeat)
        return Health(database_ok=True, heartbeat=heartbeat)

    async def worker_jobs(self) -> list[WorkerJob]:
        text = await self._one("worker_jobs", {})
        assert text is not None  # an aggregate always yields one document
        return self._decode(text, list[WorkerJob])
