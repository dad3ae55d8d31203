"""Throughput of the Events API ingestion path, next to a raw COPY of the same rows.

Run: `uv run python bench/bench_ingestion.py [--events 100000] [--page-size 100]
[--viewers 400] [--database-url URL]`.

The simulator's seeded room produces the events (chat, tips, enters, leaves, follows,
broadcast starts and stops...), cut into longpoll answers of `--page-size` events, each
encoded as the JSON body the Events API sends. The timed ingestion path is the worker's, per
answer: reading the body (`ChaturbateEventsFeed.read_response`), parsing the events, and one
transaction that finds or creates the persons, links sessions, inserts the interactions and
moves the cursor, committed. Then the same rows (same person ids, sessions, metadata JSON) are
written with COPY into the same table, once per page (a commit each, like the worker, with the
same asynchronous commit) and once in a single COPY, under another source so they do not
collide. The database is fresh (an
embedded PostgreSQL in a temporary directory unless `--database-url` names a server where the
benchmark may create a database).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import msgspec
import psycopg
from psycopg import sql

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.adapters.postgres.ingestion import PostgresIngestionStore, clean_text
from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.adapters.postgres.pool import create_pool
from mhc.domain.exclusion import ExclusionPolicy
from mhc.ports.ingestion import EventsCursor
from mhc.services.ingestion import ingest_page
from mhc.simulator.world import World

OWNER = "hudson_cage"
TOKEN = "bench-events-token"
BASE_URL = "https://eventsapi.chaturbate.com"
BENCH_DB = "mhc_bench_ingestion"
START = datetime(2025, 8, 16, 20, 0, tzinfo=UTC)
COPY_COLUMNS = (
    "person_id, stream_session_id, type, content, occurred_at, source, metadata, source_event_id"
)


def longpoll_bodies(events: int, page_size: int, viewers: int) -> list[bytes]:
    """The answers a worker catching up on `events` events would read, as raw bytes."""
    world = World(
        seed=20250816,
        broadcaster=OWNER,
        viewer_count=viewers,
        start=START,
        broadcast_length=(2_000, 6_000),
    )
    produced = [world.step() for _ in range(events)]
    bodies = []
    for first in range(0, events, page_size):
        page = produced[first : first + page_size]
        next_url = f"{BASE_URL}/events/{OWNER}/{TOKEN}/?i={page[-1]['id']}&timeout=10"
        bodies.append(msgspec.json.encode({"events": page, "nextUrl": next_url}))
    return bodies


async def ingest_all(database_url: str, bodies: list[bytes]) -> tuple[float, int]:
    """Seconds to take every body from bytes to committed rows, and the rows stored."""
    pool = await create_pool(database_url, min_size=1, max_size=2)
    exclusion = ExclusionPolicy(["smk_lover"])
    stored = 0
    async with httpx.AsyncClient() as client:
        feed = ChaturbateEventsFeed(client, broadcaster=OWNER, token=TOKEN, base_url=BASE_URL)
        store = PostgresIngestionStore(pool)
        cursor: EventsCursor | None = None
        started = time.perf_counter()
        for body in bodies:
            page = feed.read_response(
                200,
                body,
                cursor=cursor or EventsCursor(),
                received_at=datetime.now(UTC),
            )
            outcome = await ingest_page(
                store, page, broadcaster=OWNER, exclusion=exclusion, expected_cursor=cursor
            )
            stored += outcome.stored
            cursor = page.next_cursor
        elapsed = time.perf_counter() - started
    await pool.close()
    return elapsed, stored


def stored_rows(database_url: str) -> list[tuple[Any, ...]]:
    """The ingested rows, in order, as COPY will write them again (under another source)."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT person_id, stream_session_id, type, content, occurred_at, metadata::text, "
            "source_event_id FROM interactions ORDER BY id"
        ).fetchall()
    return [
        (person, session, kind, clean_text(content), at, "bench_copy", meta, f"copy:{event}")
        for person, session, kind, content, at, meta, event in rows
    ]


def copy_rows(database_url: str, rows: list[tuple[Any, ...]], page_size: int, tag: str) -> float:
    """Seconds to COPY `rows` in pages of `page_size`, one transaction per page."""
    statement = f"COPY interactions ({COPY_COLUMNS}) FROM STDIN"
    tagged = [(*row[:7], f"{tag}{row[7]}") for row in rows]
    with psycopg.connect(database_url) as conn:
        # The same durability as the worker's batches: commits do not wait for the disk.
        conn.execute("SET synchronous_commit = off")
        conn.commit()
        started = time.perf_counter()
        for first in range(0, len(tagged), page_size):
            with conn.cursor().copy(statement) as copy:
                for row in tagged[first : first + page_size]:
                    copy.write_row(row)
            conn.commit()
        return time.perf_counter() - started


def fresh_database(server_url: str) -> str:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DB))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{BENCH_DB}"))
    MigrationRunner(url).up()
    return url


def run(args: argparse.Namespace, server_url: str) -> None:
    print(f"generating {args.events:,} events in answers of {args.page_size} ...", flush=True)
    bodies = longpoll_bodies(args.events, args.page_size, args.viewers)
    megabytes = sum(len(b) for b in bodies) / 1e6
    database_url = fresh_database(server_url)

    elapsed, stored = asyncio.run(ingest_all(database_url, bodies))
    rows = stored_rows(database_url)
    per_page = copy_rows(database_url, rows, args.page_size, "page:")
    single = copy_rows(database_url, rows, len(rows), "all:")

    with psycopg.connect(database_url) as conn:
        persons, sessions = conn.execute(
            "SELECT (SELECT count(*) FROM persons), (SELECT count(*) FROM stream_sessions)"
        ).fetchone() or (0, 0)
    print(
        f"{args.events:,} events ({megabytes:.1f} MB of JSON, {len(bodies):,} answers), "
        f"{stored:,} stored, {persons} persons, {sessions} sessions"
    )
    print(
        f"  ingestion path (bytes -> committed rows): {args.events / elapsed:>10,.0f} events/s"
        f"  ({elapsed:.2f} s)"
    )
    print(
        f"  raw COPY, one commit per answer:          {len(rows) / per_page:>10,.0f} rows/s"
        f"  ({per_page:.2f} s)"
    )
    print(
        f"  raw COPY, one statement:                  {len(rows) / single:>10,.0f} rows/s"
        f"  ({single:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--viewers", type=int, default=400)
    parser.add_argument("--database-url", help="a server where the benchmark may create a db")
    args = parser.parse_args()
    if args.database_url:
        run(args, args.database_url)
        return
    import pgserver

    data_dir = Path(tempfile.mkdtemp(prefix="mhc-bench-pg-"))
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        run(args, server.get_uri())
    finally:
        server.cleanup()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
