"""Latency of one person's full analysis (SQL aggregation + scoring) with 100,000 interactions.

Run: `uv run python bench/bench_analysis.py [--interactions 100000] [--runs 50]`.
It starts an embedded PostgreSQL in a temporary directory, applies the migrations, seeds a
room from a fixed seed (the analysed regular plus a crowd of others sharing the table), and
times `AnalysisService.person` through the real PostgreSQL adapter. Target: p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import psycopg

from mhc.adapters.postgres.analysis import PostgresAnalysisSource
from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.adapters.postgres.pool import create_pool
from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.ports.clock import SystemClock
from mhc.services.analysis import AnalysisService

BROADCASTER = "hudson_cage"
TIMEZONE = "Europe/Berlin"
REGULAR = "big_tipper_77"
SEED = 20260101
# Type mix of a chatty regular: mostly chat, a tenth tips, enters and leaves around them.
TYPE_WEIGHTS = {
    "CHAT_MESSAGE": 70,
    "TIP": 10,
    "USER_ENTER": 8,
    "USER_LEAVE": 8,
    "PRIVATE_MESSAGE": 3,
    "FOLLOW": 0.5,
    "UNFOLLOW": 0.3,
    "FANCLUB_JOIN": 0.2,
}
METHODS = {
    "CHAT_MESSAGE": "chatMessage",
    "TIP": "tip",
    "USER_ENTER": "userEnter",
    "USER_LEAVE": "userLeave",
    "PRIVATE_MESSAGE": "privateMessage",
    "FOLLOW": "follow",
    "UNFOLLOW": "unfollow",
    "FANCLUB_JOIN": "fanclubJoin",
}


def _metadata(kind: str, username: str, rng: random.Random, at: datetime) -> dict[str, Any]:
    """Metadata shaped like the worker's: user flags, the method's fields and the raw event."""
    user = {
        "username": username,
        "inFanclub": rng.random() < 0.3,
        "hasTokens": True,
        "isMod": False,
        "gender": "m",
        "recentTips": rng.choice(["none", "some", "lots"]),
    }
    obj: dict[str, Any] = {"broadcaster": BROADCASTER, "user": user}
    metadata: dict[str, Any] = {"user": {k: v for k, v in user.items() if k != "username"}}
    if kind == "TIP":
        tokens = rng.choice((1, 5, 10, 25, 25, 50, 100, 100, 250, 500, 1000))
        obj["tip"] = {"tokens": tokens, "isAnon": False, "message": "for you"}
        metadata.update(tokens=tokens, isAnon=False, message="for you")
    elif kind in ("CHAT_MESSAGE", "PRIVATE_MESSAGE"):
        obj["message"] = {
            "message": "hello there, great show",
            "color": "#494949",
            "font": "default",
        }
        metadata.update(color="#494949", font="default")
    event_id = f"{int(at.timestamp() * 1000)}-{rng.randrange(1000)}"
    metadata["receivedAt"] = at.isoformat()
    metadata["raw"] = {"method": METHODS[kind], "id": event_id, "object": obj}
    return metadata


def seed(url: str, *, interactions: int, crowd: int, now: datetime) -> int:
    """Fill the database; returns the analysed person's id."""
    rng = random.Random(SEED)
    kinds = list(TYPE_WEIGHTS)
    weights = list(TYPE_WEIGHTS.values())
    with psycopg.connect(url) as conn:
        person_id = conn.execute(
            "INSERT INTO persons (username, role, first_seen_at, last_seen_at)"
            " VALUES (%s, 'VIEWER', %s, %s) RETURNING id",
            (REGULAR, now - timedelta(days=730), now),
        ).fetchone()[0]  # type: ignore[index]
        others = [
            row[0]
            for row in conn.execute(
                "INSERT INTO persons (username, role, first_seen_at, last_seen_at)"
                " SELECT 'viewer_' || n, 'VIEWER', %s, %s FROM generate_series(1, %s) n"
                " RETURNING id",
                (now - timedelta(days=700), now, crowd // 100 or 1),
            ).fetchall()
        ]
        # Two years of four-hour evening shows, one almost every day.
        starts = [
            (now - timedelta(days=730 - day)).replace(hour=18, minute=0, second=0, microsecond=0)
            for day in range(730)
            if rng.random() < 0.9
        ]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO stream_sessions (broadcaster, started_at, ended_at, status)"
                " VALUES (%s, %s, %s, 'ENDED')",
                [(BROADCASTER, start, start + timedelta(hours=4)) for start in starts],
            )
        session_ids = [
            row[0]
            for row in conn.execute("SELECT id FROM stream_sessions ORDER BY started_at").fetchall()
        ]
        sessions = list(zip(session_ids, starts, strict=True))
        encoder = msgspec.json.Encoder()
        counter = 0
        with conn.cursor().copy(
            "COPY interactions (person_id, stream_session_id, type, content, occurred_at,"
            " source, metadata, source_event_id) FROM STDIN"
        ) as copy:
            for owner, total in ((person_id, interactions), *((o, 100) for o in others)):
                username = REGULAR if owner == person_id else f"viewer_{owner}"
                for _ in range(total):
                    session_id, start = rng.choice(sessions)
                    at = start + timedelta(seconds=rng.randrange(4 * 3600))
                    kind = rng.choices(kinds, weights)[0]
                    counter += 1
                    copy.write_row(
                        (
                            owner,
                            session_id,
                            kind,
                            "hello there, great show" if "MESSAGE" in kind else None,
                            at,
                            "cb_events",
                            encoder.encode(_metadata(kind, username, rng, at)).decode(),
                            f"bench-{counter}",
                        )
                    )
        conn.execute(
            "INSERT INTO snapshots"
            " (person_id, source, captured_at, raw_payload, normalized_metrics)"
            " VALUES (%s, 'statbate_member', %s, %s, %s)",
            (
                person_id,
                now - timedelta(days=1),
                psycopg.types.json.Jsonb(
                    {
                        "data": {
                            "name": REGULAR,
                            "did": 77,
                            "all_time_tokens": 250_000,
                            "last_tip_date": "2026-01-01 20:00:00",
                            "last_tip_amount": 100,
                            "models_tipped_2weeks": 6,
                        }
                    }
                ),
                psycopg.types.json.Jsonb({"did": 77, "all_time_tokens": 250_000}),
            ),
        )
        conn.commit()
    # What autovacuum does to an append-only table: statistics, and the visibility map that
    # lets the covering index answer without visiting the table.
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return int(person_id)


async def measure(url: str, person_id: int, runs: int) -> list[float]:
    pool = await create_pool(url, min_size=1, max_size=2)
    try:
        service = AnalysisService(
            PostgresAnalysisSource(pool),
            lambda: PostgresUnitOfWork(pool),
            SystemClock(),
            broadcaster=BROADCASTER,
            timezone=TIMEZONE,
        )
        for _ in range(3):  # warm the connection, the plan and the caches
            await service.person(person_id)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            analysis = await service.person(person_id)
            timings.append((time.perf_counter() - started) * 1000)
        tips = analysis.spending[0].facts["tip_count"]
        print(
            f"analysed {analysis.username}: {tips:,} tips, {len(analysis.suggestions)} suggestions"
        )
        return timings
    finally:
        await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--crowd", type=int, default=100_000, help="interactions of others")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    import pgserver

    data_dir = Path(tempfile.mkdtemp(prefix="mhc-bench-pg-"))
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        url = server.get_uri()
        MigrationRunner(url).up()
        now = datetime.now(UTC)
        started = time.perf_counter()
        person_id = seed(url, interactions=args.interactions, crowd=args.crowd, now=now)
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        timings = sorted(asyncio.run(measure(url, person_id, args.runs)))
        p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
        print(
            f"person analysis, {args.interactions:,} interactions: median "
            f"{statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms "
            f"over {args.runs} runs (target p95 < 100 ms)"
        )
    finally:
        server.cleanup()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
