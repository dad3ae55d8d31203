"""Throughput of the Events API ingestion path, next to a raw COPY of the same rows.

Run: `uv run python bench/bench_ingestion.py [--events 100000] [--page-size 100]
[--viewers 400] [--read-ahead 64] [--rounds 3] [--database-url URL]`.

The simulator's seeded room produces the events (chat, tips, enters, leaves, follows,
broadcast starts and stops...), cut into longpoll answers of `--page-size` events, each
encoded as the JSON body the Events API sends. The timed path is the worker's own ingestion
loop (`EventsIngestor`, with its lease, heartbeat and listening record) catching up on those
answers, all waiting as after an outage: reading each body (`ChaturbateEventsFeed.
read_response`), parsing the events, and transactions that find or create the persons, link
sessions, insert the interactions and move the cursor, committed; the clock stops when the
cursor after the last answer is committed. The loop reads up to `--read-ahead` answers ahead
of the database and stores all that wait in one transaction. Then the same rows (same person
ids, sessions, metadata JSON) are written with COPY into the same table, once per answer (a
commit each, with the worker's asynchronous commit) and once in a single COPY, under another
source so they do not collide. Each of `--rounds` rounds starts on a fresh database (an
embedded PostgreSQL in a temporary directory unless `--database-url` names a server where the
benchmark may create a database); the figures are medians, and the ratio is each round's.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from statistics import median
from typing import Any

import anyio
import httpx
import msgspec
import psycopg

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.adapters.postgres.failures import PostgresFailureLog
from mhc.adapters.postgres.ingestion import PostgresIngestionStore, clean_text
from mhc.adapters.postgres.listening import PostgresListeningLog
from mhc.adapters.postgres.pool import create_pool
from mhc.adapters.postgres.worker_state import PostgresHeartbeats, PostgresLeases
from mhc.domain.contracts.shapes import CB_EVENTS
from mhc.domain.errors import ExternalServiceError
from mhc.domain.exclusion import ExclusionPolicy
from mhc.entrypoints.stop import StopSignal
from mhc.ports.connections import fixed_secret
from mhc.ports.ingestion import EventsCursor, FeedPage
from mhc.services.ingestor import EventsIngestor, IngestorTuning
from mhc.services.listening import ListeningRecorder
from mhc.simulator.world import World
from room_panel import fresh_database, postgres_server

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


class RecordedFeed:
    """The Events API as a worker catching up meets it: every answer is already waiting.

    Each poll reads the next body as the worker reads a longpoll answer
    (`ChaturbateEventsFeed.read_response`); after the last one a poll holds until the stop.
    """

    def __init__(self, bodies: list[bytes], stop: StopSignal) -> None:
        self._bodies = iter(bodies)
        self._stop = stop
        self._reader = ChaturbateEventsFeed(
            httpx.AsyncClient(), broadcaster=OWNER, token=TOKEN, base_url=BASE_URL
        )

    async def poll(self, cursor: EventsCursor) -> FeedPage:
        body = next(self._bodies, None)
        if body is None:
            await self._stop.wait()
            raise ExternalServiceError(CB_EVENTS, "the recorded answers are all read")
        return self._reader.read_response(200, body, cursor=cursor, received_at=datetime.now(UTC))


async def ingest_all(database_url: str, bodies: list[bytes], read_ahead: int) -> tuple[float, int]:
    """Seconds the worker's ingestion loop takes from the first body to the last committed
    cursor, and the rows stored."""
    last_event_id = msgspec.json.decode(bodies[-1])["events"][-1]["id"]
    pool = await create_pool(database_url, min_size=2, max_size=4)
    stop = StopSignal(grace_seconds=5.0)
    feed = RecordedFeed(bodies, stop)
    ingestor = EventsIngestor(
        broadcaster=OWNER,
        exclusion=ExclusionPolicy(["smk_lover"]),
        store=PostgresIngestionStore(pool),
        leases=PostgresLeases(pool),
        heartbeats=PostgresHeartbeats(pool),
        failure_log=PostgresFailureLog(pool),
        feed_for=lambda _token: feed,
        token_source=fixed_secret(TOKEN),
        stop=stop,
        worker_id="bench:1",
        tuning=IngestorTuning(read_ahead_pages=read_ahead),
        listening=ListeningRecorder(
            PostgresListeningLog(pool), broadcaster=OWNER, worker_id="bench:1"
        ),
    )
    async with pool.connection() as watcher:
        await watcher.set_autocommit(True)
        async with anyio.create_task_group() as worker:
            started = time.perf_counter()
            worker.start_soon(ingestor.run)
            # Seen from another connection: what is timed is the commit.
            while not await _cursor_at(watcher, last_event_id):  # noqa: ASYNC110
                await anyio.sleep(0.005)
            elapsed = time.perf_counter() - started
            stop.request()
        cur = await watcher.execute("SELECT count(*) FROM interactions")
        row = await cur.fetchone()
    await pool.close()
    return elapsed, row[0] if row else 0


async def _cursor_at(conn: psycopg.AsyncConnection[Any], event_id: str) -> bool:
    cur = await conn.execute(
        "SELECT 1 FROM events_cursor WHERE broadcaster = %s AND last_event_id = %s",
        (OWNER, event_id),
    )
    return await cur.fetchone() is not None


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


def run(args: argparse.Namespace, server_url: str) -> None:
    print(f"generating {args.events:,} events in answers of {args.page_size} ...", flush=True)
    bodies = longpoll_bodies(args.events, args.page_size, args.viewers)
    megabytes = sum(len(b) for b in bodies) / 1e6
    ingested, per_answer, single, ratios = [], [], [], []
    for round_ in range(1, args.rounds + 1):
        database_url = fresh_database(server_url, BENCH_DB)
        elapsed, stored = anyio.run(ingest_all, database_url, bodies, args.read_ahead)
        rows = stored_rows(database_url)
        ingested.append(args.events / elapsed)
        per_answer.append(len(rows) / copy_rows(database_url, rows, args.page_size, "page:"))
        single.append(len(rows) / copy_rows(database_url, rows, len(rows), "all:"))
        ratios.append(ingested[-1] / single[-1])
        print(
            f"round {round_}: {stored:,} stored; ingestion {ingested[-1]:,.0f} events/s, COPY "
            f"{per_answer[-1]:,.0f} rows/s per answer, {single[-1]:,.0f} in one statement "
            f"({ratios[-1]:.2f}x)",
            flush=True,
        )
    with psycopg.connect(database_url) as conn:
        persons, sessions = conn.execute(
            "SELECT (SELECT count(*) FROM persons), (SELECT count(*) FROM stream_sessions)"
        ).fetchone() or (0, 0)
    print(
        f"{args.events:,} events ({megabytes:.1f} MB of JSON, {len(bodies):,} answers), "
        f"{persons} persons, {sessions} sessions; medians of {args.rounds} rounds:"
    )
    print(f"  ingestion path (bytes -> committed rows): {median(ingested):>10,.0f} events/s")
    print(f"  raw COPY, one commit per answer:          {median(per_answer):>10,.0f} rows/s")
    print(f"  raw COPY, one statement:                  {median(single):>10,.0f} rows/s")
    print(f"  ingestion / one-statement COPY:           {median(ratios):>10.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--viewers", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3, help="each on a fresh database")
    parser.add_argument(
        "--read-ahead",
        type=int,
        default=IngestorTuning().read_ahead_pages,
        help="answers the worker reads ahead of the database (1: about one per transaction)",
    )
    parser.add_argument("--database-url", help="a server where the benchmark may create a db")
    args = parser.parse_args()
    with postgres_server(args.database_url) as server_url:
        run(args, server_url)


if __name__ == "__main__":
    main()
