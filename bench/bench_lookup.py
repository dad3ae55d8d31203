"""Latency of POST /api/lookup for one known person, next to the same SQL run directly.

Run: `uv run python bench/bench_lookup.py [--persons 100000] [--interactions 1000000]
[--requests 3000] [--concurrency 8] [--database-url URL]`.

It fills a fresh database (an embedded PostgreSQL in a temporary directory unless
`--database-url` names a server where it may create databases) with generate_series: persons,
aliases, sessions, interactions, snapshots, notes, attributes and watchlist members, with one
known person, `big_tipper_77`, who has a long history. Then it serves the real app
(`mhc web`'s build, under uvicorn, in a separate process), logs in, creates an API key, and
times the lookup over keep-alive HTTP: sequentially (p50, p99, requests/s) and with several
clients at once (requests/s). Finally it issues the statements one such request runs (the
API-key check, the name resolution, the bundle query) on one psycopg connection, and reports
the same figures.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import httpx
import msgspec
import psycopg

from mhc.adapters.postgres.queries import load_queries
from room_panel import create_api_key, database, wait_until_up, web_server

KNOWN = "big_tipper_77"
BENCH_DB = "mhc_bench_lookup"
SESSIONS = 500

FILL = (
    """
    INSERT INTO persons (username, role, first_seen_at, last_seen_at)
    SELECT 'viewer_' || lpad(g::text, 7, '0'),
           (ARRAY['VIEWER', 'VIEWER', 'VIEWER', 'MODEL', 'BOTH', 'UNKNOWN'])[1 + g %% 6],
           now() - (g %% 1000) * interval '1 day',
           now() - (g %% 100) * interval '1 hour'
    FROM generate_series(1, %(persons)s - 1) AS g
    """,
    """
    INSERT INTO persons (username, role, first_seen_at, last_seen_at)
    VALUES (%(known)s, 'VIEWER', now() - interval '2 years', now())
    """,
    """
    INSERT INTO person_aliases (person_id, alias)
    SELECT id, 'old_' || username FROM persons WHERE id %% 50 = 0 OR username = %(known)s
    """,
    """
    INSERT INTO stream_sessions (broadcaster, started_at, ended_at, status)
    SELECT 'hudson_cage', now() - g * interval '1 day',
           now() - g * interval '1 day' + interval '3 hours', 'ENDED'
    FROM generate_series(1, %(sessions)s) AS g
    """,
    # Every 400th interaction is the known person's (2,500 of a million); the rest spread
    # over everyone. Session s started s days ago; its events fall in its first 3 hours.
    """
    INSERT INTO interactions
        (person_id, stream_session_id, type, content, occurred_at, source, metadata,
         source_event_id)
    SELECT CASE WHEN g %% 400 = 0 THEN (SELECT id FROM persons WHERE username = %(known)s)
                ELSE 1 + (g::bigint * 7919) %% (%(persons)s - 1) END,
           1 + g %% %(sessions)s,
           t.type,
           CASE WHEN t.type IN ('CHAT_MESSAGE', 'PRIVATE_MESSAGE') THEN 'hello room ' || g END,
           now() - (1 + g %% %(sessions)s) * interval '1 day' + (g %% 10000) * interval '1 second',
           'cb_events',
           CASE WHEN t.type = 'TIP'
                THEN jsonb_build_object('tokens', 1 + g %% 500, 'isAnon', false)
                ELSE '{}'::jsonb END,
           'bench-' || g
    FROM generate_series(1, %(interactions)s) AS g
    CROSS JOIN LATERAL (
        SELECT (ARRAY['CHAT_MESSAGE', 'CHAT_MESSAGE', 'CHAT_MESSAGE', 'USER_ENTER', 'USER_LEAVE',
                      'TIP', 'FOLLOW', 'PRIVATE_MESSAGE'])[1 + (g + g / 400) %% 8] AS type
    ) AS t
    """,
    """
    INSERT INTO snapshots (person_id, source, captured_at, raw_payload, normalized_metrics)
    SELECT p.id, 'statbate_member', now() - k * interval '7 days', '{}'::jsonb,
           jsonb_build_object('all_time_tokens', p.id * 10 + (3 - k) * 100,
                              'models_tipped_2weeks', k)
    FROM persons p CROSS JOIN generate_series(1, 2) AS k
    """,
    """
    INSERT INTO snapshots (person_id, source, captured_at, raw_payload, normalized_metrics)
    SELECT p.id, 'statbate_member', now() - k * interval '1 day', '{}'::jsonb,
           jsonb_build_object('all_time_tokens', 50000 + (40 - k) * 250, 'last_tip_amount', k)
    FROM persons p CROSS JOIN generate_series(3, 40) AS k
    WHERE p.username = %(known)s
    """,
    """
    INSERT INTO notes (person_id, content)
    SELECT p.id, 'note ' || k || ' about ' || p.username
    FROM persons p CROSS JOIN generate_series(1, 3) AS k
    WHERE p.id %% 100 = 0 OR p.username = %(known)s
    """,
    """
    INSERT INTO attributes (person_id, key, value)
    SELECT p.id, k, 'value of ' || k
    FROM persons p CROSS JOIN unnest(ARRAY['country', 'language', 'favourite_colour']) AS k
    WHERE p.id %% 100 = 0 OR p.username = %(known)s
    """,
    """
    INSERT INTO watchlist_members (watchlist_id, person_id)
    SELECT w.id, p.id
    FROM persons p
    JOIN watchlists w ON w.name IN ('Friends', 'Ones to Watch')
    WHERE p.id %% 200 = 0 OR p.username = %(known)s
    """,
    # What autovacuum does to an append-only table soon after a bulk load: statistics, and the
    # visibility map that lets index-only scans skip the table.
    "VACUUM ANALYZE",
)


# ---- The database ---------------------------------------------------------------------------


def fill_rows(database_url: str, persons: int, interactions: int) -> None:
    """FILL into the migrated, empty database of `database_url`: `persons` persons (KNOWN among
    them), `interactions` interactions, and the rest in proportion."""
    params = {
        "persons": persons,
        "interactions": interactions,
        "sessions": SESSIONS,
        "known": KNOWN,
    }
    with psycopg.connect(database_url, autocommit=True) as conn:
        for statement in FILL:
            conn.execute(statement, params)  # type: ignore[arg-type]


def fill_database(database_url: str, persons: int, interactions: int) -> None:
    started = time.perf_counter()
    fill_rows(database_url, persons, interactions)
    with psycopg.connect(database_url, autocommit=True) as conn:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM persons), (SELECT count(*) FROM interactions),"
            " (SELECT count(*) FROM snapshots)"
        ).fetchone()
    assert counts is not None
    print(
        f"filled in {time.perf_counter() - started:.1f} s: {counts[0]:,} persons, "
        f"{counts[1]:,} interactions, {counts[2]:,} snapshots"
    )


# ---- Measuring ----------------------------------------------------------------------------


class Figures:
    def __init__(self, label: str, latencies: list[float], wall: float) -> None:
        self.label = label
        self.latencies = sorted(latencies)
        self.wall = wall

    def percentile(self, share: float) -> float:
        index = min(len(self.latencies) - 1, round(share * (len(self.latencies) - 1)))
        return self.latencies[index] * 1000

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.wall

    def line(self) -> str:
        return (
            f"{self.label:<34} n={len(self.latencies):>5}  "
            f"p50={self.percentile(0.50):6.2f} ms  p99={self.percentile(0.99):6.2f} ms  "
            f"mean={statistics.fmean(self.latencies) * 1000:6.2f} ms  "
            f"{self.per_second:8.0f} req/s"
        )


async def measure(
    label: str, call: Callable[[], Awaitable[None]], requests: int, warmup: int
) -> Figures:
    for _ in range(warmup):
        await call()
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(requests):
        before = time.perf_counter()
        await call()
        latencies.append(time.perf_counter() - before)
    return Figures(label, latencies, time.perf_counter() - started)


async def measure_concurrent(
    label: str, calls: list[Callable[[], Awaitable[None]]], requests: int
) -> Figures:
    latencies: list[float] = []
    per_worker = requests // len(calls)

    async def worker(call: Callable[[], Awaitable[None]]) -> None:
        for _ in range(per_worker):
            before = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - before)

    started = time.perf_counter()
    await asyncio.gather(*(worker(call) for call in calls))
    return Figures(label, latencies, time.perf_counter() - started)


async def bench_api(base_url: str, key: str, requests: int, concurrency: int) -> list[Figures]:
    body = {"username": KNOWN, "includeStatbate": False, "includeMyRoomData": True}
    headers = {"Authorization": f"Bearer {key}"}
    clients = [httpx.AsyncClient(base_url=base_url, headers=headers) for _ in range(concurrency)]
    try:

        def lookup_with(client: httpx.AsyncClient) -> Callable[[], Awaitable[None]]:
            async def call() -> None:
                answer = await client.post("/api/lookup", json=body)
                if answer.status_code != 200:
                    raise RuntimeError(f"lookup answered {answer.status_code}: {answer.text}")

            return call

        first = await clients[0].post("/api/lookup", json=body)
        person = first.json()["people"][0]
        print(
            f"lookup of {KNOWN}: {len(first.content):,} bytes, "
            f"{len(person['interactions'])} interactions, "
            f"{person['roomStats']['tipCount']} tips in room, "
            f"{len(person['latestSnapshots'])} latest snapshots"
        )
        sequential = await measure(
            "API  POST /api/lookup (1 client)", lookup_with(clients[0]), requests, 200
        )
        parallel = await measure_concurrent(
            f"API  POST /api/lookup ({concurrency} clients)",
            [lookup_with(client) for client in clients],
            requests,
        )
        return [sequential, parallel]
    finally:
        for client in clients:
            await client.aclose()


async def bench_raw_sql(database_url: str, key: str, requests: int) -> Figures:
    """The statements of one lookup request (API-key check, name resolution, bundle), each in
    its own transaction as the app runs them, on one connection."""
    auth_sql = load_queries("auth")["use_api_key"]
    queries = load_queries("read_models")
    key_hash = hashlib.sha256(key.encode()).digest()
    async with await psycopg.AsyncConnection.connect(database_url) as conn:

        async def call() -> None:
            await conn.execute(auth_sql, {"key_hash": key_hash, "now": datetime.now(UTC)})
            await conn.commit()
            cur = await conn.execute(
                queries["find_persons"], {"names": [KNOWN], "platform": "chaturbate"}
            )
            found = await cur.fetchall()
            await conn.commit()
            cur = await conn.execute(
                queries["person_bundles"],
                {
                    "person_ids": [int(msgspec.json.decode(found[0][1])["id"])],
                    "interactions_limit": 20,
                },
            )
            await cur.fetchall()
            await conn.commit()

        return await measure("SQL  same statements via psycopg", call, requests, 200)


# ---- Main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", help="a server where the bench may create its database")
    args = parser.parse_args()

    with database(BENCH_DB, args.database_url) as database_url:
        fill_database(database_url, args.persons, args.interactions)
        with web_server(database_url) as base_url:

            async def run() -> list[Figures]:
                await wait_until_up(base_url)
                key = await create_api_key(base_url)
                api = await bench_api(base_url, key, args.requests, args.concurrency)
                raw = await bench_raw_sql(database_url, key, args.requests)
                return [*api, raw]

            figures = asyncio.run(run())
            print(f"\n{os.cpu_count()} CPU(s); lookup of one known person ({KNOWN})")
            for figure in figures:
                print(figure.line())
            api_p50, raw_p50 = figures[0].percentile(0.5), figures[-1].percentile(0.5)
            print(
                f"API p99 {figures[0].percentile(0.99):.2f} ms (target < 25 ms); "
                f"API/SQL at p50: {api_p50 / raw_p50:.2f}x (target <= 3x)"
            )


if __name__ == "__main__":
    main()
