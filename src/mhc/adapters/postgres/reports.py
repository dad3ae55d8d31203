"""The ReportSource port on PostgreSQL: one session's data for its report, read in the snapshot
of one REPEATABLE READ transaction so its parts agree while the worker keeps writing (its people
on more connections that import that snapshot, side by side with the rest)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import anyio
import msgspec
from psycopg import AsyncConnection, sql
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.analysis.aggregates import ACTIVITY_TYPES
from mhc.domain.coverage import ShowListening
from mhc.domain.models import InteractionType, SessionStatus
from mhc.domain.report.data import (
    ReportData,
    ReportEvent,
    ReportPerson,
    SubjectChange,
    ViewerCount,
)

_ACTIVITY = [str(t) for t in ACTIVITY_TYPES]
_REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
# The people statement is the report's longest (three index probes for each of a big show's
# two thousand people): it is read in this many parts on connections of their own, side by
# side with the other statements, all in the snapshot of the report's transaction.
PEOPLE_PARTS = 2
# How long a part waits for a connection of its own before it is read on the report's.
SPARE_CONNECTION_WAIT_SECONDS = 0.1
_OTHER_STATEMENTS = ("events", "subject_before", "viewer_counts")
_listening = msgspec.json.Decoder(ShowListening)


class PostgresReportSource:
    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._sql = load_queries("reports")

    async def report_data(self, session_id: int, *, broadcaster: str) -> ReportData | None:
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute(_REPEATABLE_READ)
            session = await self._rows(conn, "session", {"session_id": session_id})
            if not session:
                return None
            sid, owner, started_at, ended_at, status, theme, listening_text = session[0]
            listening = _listening.decode(listening_text)
            params = {
                "session_id": sid,
                "broadcaster": owner,
                "started_at": started_at,
                "ends_at": listening.ends_at,
                "activity_types": _ACTIVITY,
            }
            snapshot = (await self._rows(conn, "export_snapshot", {}))[0][0]
            rows: dict[str, list[tuple[Any, ...]]] = {}
            parts: list[list[tuple[Any, ...]]] = [[] for _ in range(PEOPLE_PARTS)]

            async def others() -> None:
                for name in _OTHER_STATEMENTS:
                    rows[name] = await self._rows(conn, name, params)

            async def people_part(part: int) -> None:
                parts[part] = await self._people(conn, snapshot, params, part)

            # A part that fails cancels the others before the transaction ends.
            async with anyio.create_task_group() as reads:
                reads.start_soon(others)
                for part in range(PEOPLE_PARTS):
                    reads.start_soon(people_part, part)
        events, subject, counts = (rows[name] for name in _OTHER_STATEMENTS)
        people = sorted((row for part in parts for row in part), key=lambda row: row[0])
        report_events = tuple(
            ReportEvent(
                id=row[0],
                person_id=row[1],
                type=_interaction_type(row[2]),
                occurred_at=row[3],
                content=row[4],
                tokens=row[5],
                from_owner=bool(row[6]),
            )
            for row in events
        )
        return ReportData(
            session_id=sid,
            broadcaster=owner,
            started_at=started_at,
            ended_at=ended_at,
            status=SessionStatus(status),
            as_of=ended_at or _heard_until(started_at, report_events, listening),
            events=report_events,
            people=tuple(
                ReportPerson(
                    id=pid,
                    username=username,
                    is_excluded=is_excluded,
                    lists=tuple(lists),
                    last_seen_before=last_seen,
                    tipped_before=tipped,
                )
                for pid, username, is_excluded, lists, last_seen, tipped in people
            ),
            subject_before=(
                SubjectChange(subject=subject[0][0], at=subject[0][1]) if subject else None
            ),
            viewer_counts=tuple(
                ViewerCount(captured_at=at, viewers=viewers, registered=registered)
                for at, viewers, registered in counts
            ),
            listening=listening.spans,
            listening_tracked_since=listening.tracked_since,
            theme=theme,
        )

    async def _people(
        self, report: AsyncConnection[Any], snapshot: str, params: dict[str, Any], part: int
    ) -> list[tuple[Any, ...]]:
        """Part `part` of the session's people, in the report transaction's `snapshot`: on a
        connection of its own when the pool hands one out soon, else on the `report`'s (reports
        that held a connection while waiting for more could starve the pool)."""
        part_params = {**params, "part": part, "parts": PEOPLE_PARTS}
        try:
            async with (
                self._pool.connection(timeout=SPARE_CONNECTION_WAIT_SECONDS) as conn,
                conn.transaction(),
            ):
                await conn.execute(_REPEATABLE_READ)
                await conn.execute(
                    sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot))
                )
                return await self._rows(conn, "people", part_params)
        except PoolTimeout:
            return await self._rows(report, "people", part_params)

    async def latest_session_id(self, broadcaster: str) -> int | None:
        async with self._pool.connection() as conn:
            rows = await self._rows(conn, "latest_session", {"broadcaster": broadcaster})
        return rows[0][0] if rows else None

    async def set_theme(self, session_id: int, theme: str) -> bool:
        async with self._pool.connection() as conn:
            rows = await self._rows(conn, "set_theme", {"session_id": session_id, "theme": theme})
        return bool(rows)

    async def _rows(
        self, conn: AsyncConnection[Any], name: str, params: dict[str, Any]
    ) -> list[tuple[Any, ...]]:
        cur = await conn.execute(self._sql[name], params)
        return await cur.fetchall()


def _heard_until(
    started_at: datetime, events: tuple[ReportEvent, ...], listening: ShowListening
) -> datetime:
    """Where the report of a live session stops: the newest event or answered poll, never
    later than now (the listening's end while live)."""
    newest = max(
        (
            started_at,
            *(e.occurred_at for e in events),
            *(span.ended_at for span in listening.spans),
        )
    )
    return min(newest, max(listening.ends_at, started_at))


def _interaction_type(value: str) -> InteractionType:
    try:
        return InteractionType(value)
    except ValueError:
        # A type another version added: kept, counted nowhere.
        return InteractionType.UNKNOWN_EVENT
