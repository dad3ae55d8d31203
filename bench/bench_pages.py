"""Every page of the SPA at the size of years: per-route latency over HTTP next to the same SQL.

Run: `uv run python bench/bench_pages.py [--interactions 10000000] [--persons N]
[--requests 40] [--seconds 5] [--database-url URL] [--only SUBSTRING] [--markdown FILE]`.

It fills a fresh database (an embedded PostgreSQL in a temporary directory unless
`--database-url` names a server where it may create databases) with COPY: persons with aliases,
notes and tags, stream sessions over ten years (the last one live), interactions with a
realistic skew (a few whales with 100k+ interactions, among them `big_tipper_77`, and a long
tail), snapshots, watchlists with members. By default 10M interactions, 1M persons, 5,000
sessions and 2M snapshots; `--interactions` scales persons, sessions and snapshots with it, so
`--interactions 1000000` is the 1M comparison (each session and each whale keeps its size: what
a page shows does not change, only how much else the database holds).

The load does what pg_restore does: it reads the secondary indexes of the big tables from
pg_indexes, drops them, copies the rows with triggers and foreign-key checks off
(`session_replication_role = replica`, as `pg_dump --disable-triggers` arranges), fills the
derived `person_search` rows itself, then recreates the indexes (two at a time) and runs
VACUUM ANALYZE, which is what autovacuum does soon after a bulk load (statistics, and the
visibility map that lets index-only scans skip the table).

Then it serves the real app (`mhc web`'s build, under uvicorn, in a separate process), logs in,
creates an API key, and times every route the SPA's pages call over keep-alive HTTP, one client,
one request at a time: p50, p95 and p99. Next to each it runs the statements that route runs
(the API-key check and the route's SQL, loaded from the adapter's own files with the same
parameters) on one psycopg connection; routes that run several statements in one adapter call
(analysis, report, radar room) are timed through that adapter, on a psycopg pool, without the
HTTP layer and the use case. The figures print as a markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import hashlib
import multiprocessing
import os
import random
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from mhc.adapters.postgres.analysis import PostgresAnalysisSource
from mhc.adapters.postgres.interaction_filters import interaction_filter_params
from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.adapters.postgres.pool import create_pool
from mhc.adapters.postgres.queries import load_queries
from mhc.adapters.postgres.radar import PostgresLiveFeed
from mhc.adapters.postgres.read_models import COUNT_AHEAD
from mhc.adapters.postgres.reports import PostgresReportSource
from mhc.domain.models import InteractionFilters, InteractionSource, InteractionType
from mhc.domain.radar import CARD_NOTES
from room_panel import (
    KeepAliveClient,
    create_api_key,
    database_url_for,
    fresh_database,
    postgres_server,
    wait_until_up,
    web_server,
)

OWNER = "hudson_cage"
KNOWN = "big_tipper_77"
BENCH_DB = "mhc_bench_pages"  # --database-name changes it
YEARS = 10
# The bench's own server is set up for the load as the PostgreSQL manual advises ("Populating a
# Database"): with no WAL kept for replicas, a table emptied in the transaction that fills it, and
# an index built, are written without WAL. A server given by --database-url is used as it is.
BULK_LOAD = {"wal_level": "minimal", "max_wal_senders": "0"}
SESSION_HOURS = 3
KNOWN_INTERACTIONS = 120_000
# The other whales at full size (10M interactions); fewer at smaller sizes.
OTHER_WHALES = (150_000, 130_000, 110_000, 100_000)
BIG_TABLES = (
    "persons",
    "person_aliases",
    "stream_sessions",
    "interactions",
    "snapshots",
    "notes",
    "attributes",
    "watchlist_members",
    "person_search",
    "person_totals",
)

ADJECTIVES = [
    "big",
    "sly",
    "red",
    "blue",
    "shy",
    "wild",
    "calm",
    "dark",
    "fast",
    "gold",
    "lazy",
    "lucky",
    "happy",
    "quiet",
    "brave",
    "cool",
    "mad",
    "neat",
    "pink",
    "soft",
    "tall",
    "tiny",
    "warm",
    "wise",
    "young",
    "old",
    "grey",
    "sunny",
    "rainy",
    "jolly",
]
NOUNS = [
    "fox",
    "bear",
    "wolf",
    "cat",
    "dog",
    "owl",
    "hawk",
    "lion",
    "tiger",
    "eagle",
    "moose",
    "otter",
    "panda",
    "koala",
    "shark",
    "whale",
    "frog",
    "duck",
    "goose",
    "crow",
    "raven",
    "swan",
    "deer",
    "horse",
    "pony",
    "mule",
    "bull",
    "goat",
    "lamb",
]
PHRASES = (
    "hello room",
    "hi hudson",
    "great show tonight",
    "lol",
    "how are you",
    "nice music",
    "brb",
    "what is the goal",
    "love this",
    "good evening everyone",
)
TIP_SIZES = (1, 5, 10, 10, 25, 25, 35, 50, 100, 100, 200, 500, 1000)
# (type, cumulative share) of an ordinary event.
TYPES = (
    ("CHAT_MESSAGE", 0.45),
    ("USER_ENTER", 0.65),
    ("USER_LEAVE", 0.82),
    ("TIP", 0.92),
    ("PRIVATE_MESSAGE", 0.96),
    ("FOLLOW", 0.985),
    ("UNFOLLOW", 0.99),
    ("FANCLUB_JOIN", 0.995),
    ("MEDIA_PURCHASE", 1.0),
)
USER_OBJECT = (
    '"user": {"inFanclub": false, "hasTokens": true, "isMod": false, '
    '"recentTips": "some", "gender": "m", "subgender": ""}'
)


# ---- The data -------------------------------------------------------------------------------


@dataclass
class Shape:
    """How much of everything: persons, sessions and snapshots scale with the interactions."""

    interactions: int
    persons: int
    sessions: int
    snapshots: int
    whales: tuple[int, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, interactions: int, persons: int | None) -> Shape:
        scale = interactions / 10_000_000
        others = OTHER_WHALES[: round(len(OTHER_WHALES) * scale)]
        return cls(
            interactions=interactions,
            persons=persons or max(1_000, round(1_000_000 * scale)),
            sessions=max(10, round(5_000 * scale)),
            snapshots=max(1_000, round(2_000_000 * scale)),
            whales=(KNOWN_INTERACTIONS, *others),
        )


class Population:
    """Who is who: person 1 is the owner, 2 is big_tipper_77, then the other whales, then the
    long tail (a permutation spreads the busy ones over the ids)."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.first_tail = 2 + len(shape.whales)
        self.tail = shape.persons - self.first_tail + 1
        self.prime = 1_000_003 if self.tail % 1_000_003 else 999_983

    def username(self, pid: int) -> str:
        if pid == 1:
            return OWNER
        if pid == 2:
            return KNOWN
        if pid < self.first_tail:
            return f"whale_{pid}"
        return f"{ADJECTIVES[pid % len(ADJECTIVES)]}_{NOUNS[(pid // 7) % len(NOUNS)]}_{pid}"

    def tail_person(self, index: int) -> int:
        return self.first_tail + (index * self.prime) % self.tail

    @staticmethod
    def has_alias(pid: int) -> bool:
        return pid == 2 or pid % 50 == 0

    @staticmethod
    def has_notes(pid: int) -> bool:
        return pid == 2 or pid % 100 == 0

    @staticmethod
    def is_excluded(pid: int) -> bool:
        return pid > 2 and pid % 1000 == 7


def ts(epoch: int, _days: dict[int, str] = {}) -> str:  # noqa: B006 - a cache on purpose
    day, second = divmod(epoch, 86400)
    text = _days.get(day)
    if text is None:
        text = _days[day] = datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%d")
    hour, rest = divmod(second, 3600)
    return f"{text} {hour:02d}:{rest // 60:02d}:{rest % 60:02d}+00"


def chunks(lines: Iterator[str], size: int = 20_000) -> Iterator[str]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def copy_blocks(conn: psycopg.Connection[Any], statement: str, blocks: Iterator[str]) -> None:
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for block in blocks:
            copy.write(block)


def copy_text(conn: psycopg.Connection[Any], statement: str, lines: Iterator[str]) -> None:
    copy_blocks(conn, statement, chunks(lines))


class Filler:
    def __init__(self, shape: Shape, now: int) -> None:
        self.shape = shape
        self.people = Population(shape)
        self.now = now
        self.start = now - YEARS * 365 * 86400
        self.random = random.Random(77)

    # Session k (1-based) starts at an even step through the ten years; the last one is live,
    # started an hour ago.
    def session_start(self, k: int) -> int:
        if k == self.shape.sessions:
            return self.now - 3600
        step = (self.now - 86400 - self.start) // self.shape.sessions
        return self.start + (k - 1) * step + 20 * 3600

    def persons(self) -> Iterator[str]:
        people = self.people
        for pid in range(1, self.shape.persons + 1):
            role = (
                "MODEL" if pid == 1 else ("VIEWER", "VIEWER", "VIEWER", "UNKNOWN", "BOTH")[pid % 5]
            )
            first = self.start + (pid * 7919) % (YEARS * 365 * 86400 - 86400)
            last = first + (pid * 104729) % max(1, self.now - first)
            if pid <= 2:
                first, last = self.start, self.now - 60
            excluded = "t" if people.is_excluded(pid) else "f"
            yield f"{people.username(pid)}\t{role}\t{ts(first)}\t{ts(last)}\t{excluded}\n"

    def aliases(self) -> Iterator[str]:
        for pid in range(2, self.shape.persons + 1):
            if self.people.has_alias(pid):
                yield f"{pid}\told_{self.people.username(pid)}\n"

    def notes(self) -> Iterator[str]:
        for pid in range(2, self.shape.persons + 1):
            if self.people.has_notes(pid):
                for n in range(1 + pid % 3):
                    yield f"{pid}\t{self.note(pid, n)}\n"

    @staticmethod
    def note(pid: int, n: int) -> str:
        return f"note {n + 1} met in room {pid % 97} likes {NOUNS[(pid + n) % len(NOUNS)]}"

    @staticmethod
    def tags(pid: int) -> list[tuple[str, str]]:
        return [
            ("country", ("uk", "us", "de", "fr", "br")[pid % 5]),
            ("language", ("en", "de", "fr", "pt")[pid % 4]),
            ("favourite_colour", ("red", "green", "blue")[pid % 3]),
        ]

    def attributes(self) -> Iterator[str]:
        for pid in range(2, self.shape.persons + 1):
            if self.people.has_notes(pid):
                for key, value in self.tags(pid):
                    yield f"{pid}\t{key}\t{value}\n"

    def search_rows(self) -> Iterator[str]:
        """person_search as its migration's functions would compute it (see search_grams)."""
        people = self.people
        for pid in range(1, self.shape.persons + 1):
            name = people.username(pid)
            parts = [name]
            if pid > 1 and people.has_alias(pid):
                parts.append(f"old_{name}")
            if pid > 1 and people.has_notes(pid):
                parts.extend(self.note(pid, n) for n in range(1 + pid % 3))
                parts.extend(f"{k} {v}" for k, v in self.tags(pid))
            document = "\n".join(parts).lower()
            size = len(document)
            grams = {document[i : i + n] for n in (1, 2, 3) for i in range(size - n + 1)}
            array = '"' + '","'.join(g for g in grams if "\n" not in g) + '"'
            yield f"{pid}\t{document.replace(chr(10), chr(92) + 'n')}\t{{{array}}}\n"

    def sessions(self) -> Iterator[str]:
        for k in range(1, self.shape.sessions + 1):
            started = self.session_start(k)
            if k == self.shape.sessions:
                yield f"{OWNER}\t{ts(started)}\t\\N\tLIVE\n"
            else:
                yield f"{OWNER}\t{ts(started)}\t{ts(started + SESSION_HOURS * 3600)}\tENDED\n"

    def interactions(self, part: int = 0, parts: int = 1) -> Iterator[str]:
        """The rows of sessions in the `part`-th of `parts` contiguous ranges, with explicit ids
        in time order (so that ranges can be copied side by side): one block of lines for each
        session (a third less work than a generator's step and a join for each line)."""
        shape, people = self.shape, self.people
        rnd = random.Random(77 + part).random
        whale_cums: list[float] = []
        total = 0.0
        for count in shape.whales:
            total += count / shape.interactions
            whale_cums.append(total)
        whale_total = total
        type_cums = [share for _t, share in TYPES]
        type_names = [t for t, _share in TYPES]
        tail, first_tail, prime = people.tail, people.first_tail, people.prime
        per_session, extra = divmod(shape.interactions, shape.sessions)
        first = 1 + part * shape.sessions // parts
        last = (part + 1) * shape.sessions // parts
        event = (first - 1) * per_session + min(first - 1, extra)
        enter_meta = f"{{{USER_OBJECT}}}"
        for k in range(first, last + 1):
            started = self.session_start(k)
            count = per_session + (1 if k <= extra else 0)
            span = (self.now - started - 1) if k == shape.sessions else SESSION_HOURS * 3600
            session = f"\t{k}\t"
            rows = []
            for j in range(count):
                event += 1
                u = rnd()
                if u < whale_total:
                    pid = 2 + bisect.bisect(whale_cums, u)
                else:
                    pid = first_tail + (int(tail * rnd() ** 3) * prime) % tail
                v = rnd()
                kind = type_names[bisect.bisect(type_cums, v)]
                w = (v * 1000) % 1
                source = "cb_events" if w < 0.95 else ("statbate_plus" if w < 0.99 else "paste")
                content = "\\N"
                metadata = "{}"
                if kind == "CHAT_MESSAGE" or kind == "PRIVATE_MESSAGE":
                    content = f"{PHRASES[event % 10]} {event % 1000}"
                elif kind == "TIP":
                    tokens = TIP_SIZES[event % 13]
                    user = f", {USER_OBJECT}" if source == "cb_events" else ""
                    metadata = f'{{"tokens": {tokens}, "isAnon": false{user}}}'
                elif kind == "USER_ENTER" and source == "cb_events":
                    metadata = enter_meta
                at = ts(started + j * span // count)
                rows.append(
                    f"{event}\t{pid}{session}{kind}\t{content}\t{at}\t{source}\t{metadata}"
                    f"\te{event}\n"
                )
            yield "".join(rows)

    def snapshots(self) -> Iterator[str]:
        shape, people = self.shape, self.people
        written = 0
        # The owner: Chaturbate room stats once per session, a Statbate model profile monthly.
        for k in range(1, shape.sessions + 1):
            at = self.session_start(k) + 600
            viewers = 100 + k % 400
            metrics = (
                f'{{"num_viewers": {viewers}, "num_registered_viewers": {viewers // 2}, '
                f'"num_tokened_viewers": {viewers // 5}, "num_followers": {1000 + k}}}'
            )
            yield f"1\tcb_stats\t{ts(at)}\t{{}}\t{metrics}\n"
            written += 1
        for month in range(YEARS * 12):
            at = self.now - month * 30 * 86400 - 7200
            yield f'1\tstatbate_model\t{ts(at)}\t{{}}\t{{"rank": {month + 1}}}\n'
            written += 1
        for n in range(40):
            at = self.now - n * 7 * 86400 - 3600
            yield (
                f"2\tstatbate_member\t{ts(at)}\t{{}}\t"
                f'{{"all_time_tokens": {500_000 - n * 2_000}, "last_tip_date": "2026-11-01"}}\n'
            )
            written += 1
        index = 0
        while written < shape.snapshots:
            pid = people.tail_person(index)
            index += 1
            for n in range(2):
                at = self.now - n * 7 * 86400 - pid % 86400
                yield (
                    f"{pid}\tstatbate_member\t{ts(at)}\t{{}}\t"
                    f'{{"all_time_tokens": {pid % 100_000 + (2 - n) * 100}, '
                    f'"last_tip_date": "2026-10-{1 + pid % 28:02d}"}}\n'
                )
                written += 1

    def members(self, lists: dict[str, int]) -> Iterator[str]:
        people = self.people
        wanted = {
            "Friends": 1_000,
            "Ones to Watch": 300,
            "Known Streamers": 200,
            "Banned But Craved": 50,
            "Regulars": 2_000,
            "Big spenders": 500,
        }
        for name, size in wanted.items():
            chosen = {people.tail_person(i * 3 + len(name)) for i in range(size)}
            if name in ("Friends", "Big spenders"):
                chosen.add(2)
            for n, pid in enumerate(sorted(chosen)):
                yield f"{lists[name]}\t{pid}\t{ts(self.now - n * 3600)}\n"


def secondary_indexes(conn: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    """The big tables' indexes that back no constraint: (name, definition)."""
    rows = conn.execute(
        """
        SELECT i.indexname, i.indexdef
        FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY (%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                          WHERE c.conindid = (quote_ident(i.indexname))::regclass)
        ORDER BY i.indexname
        """,
        [list(BIG_TABLES)],
    ).fetchall()
    return [(str(name), str(definition)) for name, definition in rows]


def keys_of(conn: psycopg.Connection[Any], table: str) -> tuple[list[str], list[str]]:
    """The statements that drop `table`'s primary key and indexes, and those that build them
    again."""
    constraints = conn.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'p'",
        [table],
    ).fetchall()
    indexes = conn.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
        " WHERE indrelid = %s::regclass AND NOT indisprimary",
        [table],
    ).fetchall()
    drops = [f"ALTER TABLE {table} DROP CONSTRAINT {name}" for name, _ in constraints]
    drops += [f"DROP INDEX {name}" for name, _ in indexes]
    builds = [f"ALTER TABLE {table} ADD CONSTRAINT {name} {key}" for name, key in constraints]
    builds += [str(definition) for _, definition in indexes]
    return drops, builds


def in_fresh_tables(conn: psycopg.Connection[Any], *fills: tuple[str, str]) -> str:
    """Each (table, insert) of `fills`, in order, after emptying the tables, in one transaction:
    with `wal_level = minimal` (the bench's own server, BULK_LOAD) PostgreSQL writes the pages of
    a table emptied in the same transaction without WAL, and syncs them at commit. As
    `pg_restore` does, a table's primary key and indexes are built after its rows (sorted once,
    rather than kept row by row), before the next insert reads the table."""
    keys = {table: keys_of(conn, table) for table, _insert in fills}
    statements = [f"TRUNCATE {', '.join(keys)}"]
    statements += [drop for drops, _builds in keys.values() for drop in drops]
    for table, insert in fills:
        statements += [insert, *keys[table][1]]
    return "; ".join(statements)


def derived_rows(url: str) -> list[str]:
    """The statements that fill the tables the triggers keep (off during the load), as the
    migrations that created those tables fill them."""
    with psycopg.connect(url) as conn:
        present = conn.execute(
            "SELECT to_regclass('person_totals') IS NOT NULL,"
            " to_regclass('person_counts') IS NOT NULL,"
            " to_regclass('session_totals') IS NOT NULL,"
            " to_regclass('person_activity_hours') IS NOT NULL,"
            " to_regclass('person_activity_by_hour') IS NOT NULL,"
            " to_regclass('person_tips') IS NOT NULL"
        ).fetchone()
        assert present is not None
        statements = []
        if present[0]:
            statements.append(
                in_fresh_tables(
                    conn,
                    (
                        "person_totals",
                        "INSERT INTO person_totals SELECT * FROM person_totals_of(NULL)"
                        " UNION ALL SELECT * FROM person_totals_zero(NULL)",
                    ),
                )
            )
        if present[1]:
            statements.append(
                "INSERT INTO person_counts (role, is_excluded, persons)"
                " SELECT role, is_excluded, count(*) FROM persons GROUP BY role, is_excluded"
            )
        if present[2]:
            # One job: the sessions' totals are summed from the (session, person) rows.
            statements.append(
                in_fresh_tables(conn, *own_rows("session_person_totals", "session_totals"))
            )
        if present[3]:
            # One job: the folds (migration 20261205000200) are folded from the hourly groups.
            tables = ["person_activity_hours"]
            if present[4]:
                tables += [f"person_activity_by_{fold}" for fold in ("hour", "session", "kind")]
            statements.append(in_fresh_tables(conn, *own_rows(*tables)))
        if present[5]:
            statements.append(in_fresh_tables(conn, *own_rows("person_tips")))
        return statements


def own_rows(*tables: str) -> list[tuple[str, str]]:
    """Each of `tables` with the insert of the rows its migration's `<table>_of` function reads."""
    return [(table, f"INSERT INTO {table} SELECT * FROM {table}_of(NULL)") for table in tables]  # noqa: S608


# The longest jobs of the rebuild at 10M (the hourly groups and their folds about 60 s, the
# session totals 25, the search grams 18, the person totals 20), started first so that neither
# worker is left with one of them when the other has finished.
LONGEST_FIRST = (
    "INSERT INTO person_activity_hours",
    "INSERT INTO session_person_totals",
    "USING gin",
    "INSERT INTO person_totals",
)


def _rebuild_order(definition: str) -> tuple[int, bool]:
    """Longest first, then the derived rows and the interactions' indexes, then the rest."""
    rank = next(
        (rank for rank, part in enumerate(LONGEST_FIRST) if part in definition),
        len(LONGEST_FIRST),
    )
    return rank, " interactions " not in definition and "INSERT" not in definition


def vacuums(url: str) -> list[str]:
    """VACUUM (ANALYZE) of each table, the largest first (as `vacuumdb --jobs` would)."""
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT c.oid::regclass::text FROM pg_class c"
            " WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace"
            " ORDER BY pg_total_relation_size(c.oid) DESC"
        ).fetchall()
    return [f"VACUUM (ANALYZE) {table}" for (table,) in tables]


def run_side_by_side(url: str, statements: list[str], workers: int = 2) -> None:
    """Run `statements` in their order, `workers` at a time (each on a connection of its own)."""
    pending = list(statements)
    lock = threading.Lock()

    def work() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            conn.execute("SET max_parallel_maintenance_workers = 0")
            # The kept totals group 10M rows into about a million groups each, more than the
            # planner expects: sorted, they cost less than a hash table spilled in hundreds of
            # batches (alone: the person totals 26.1 -> 21.1 s, the session totals 28.8 -> 22.8).
            conn.execute("SET enable_hashagg = off")
            while True:
                with lock:
                    if not pending:
                        return
                    definition = pending.pop(0)
                started = time.perf_counter()
                conn.execute(definition)
                print(f"    {time.perf_counter() - started:6.1f} s  {definition[:90]}", flush=True)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


INTERACTION_COLUMNS = (
    "COPY interactions (id, person_id, stream_session_id, type, content, occurred_at, source,"
    " metadata, source_event_id) FROM STDIN"
)


def copy_job(url: str, shape: Shape, now: int, job: tuple[str, int, int]) -> float:
    """One table's COPY on a connection of its own (a process of its own: two run at once)."""
    started = time.perf_counter()
    filler = Filler(shape, now)
    name, part, parts = job
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET synchronous_commit = off")
        with conn.transaction():
            if name == "interactions":
                # In parts side by side: none of them may empty the table for the others.
                copy_blocks(conn, INTERACTION_COLUMNS, filler.interactions(part, parts))
            elif name == "search":
                # Emptied first: written without WAL (in_fresh_tables), and frozen as it is
                # copied, so that VACUUM has nothing to do on its pages.
                conn.execute("TRUNCATE person_search")
                copy_text(
                    conn,
                    "COPY person_search (person_id, document, grams) FROM STDIN (FREEZE)",
                    filler.search_rows(),
                )
            else:
                conn.execute("TRUNCATE snapshots")
                copy_text(
                    conn,
                    "COPY snapshots (person_id, source, captured_at, raw_payload,"
                    " normalized_metrics) FROM STDIN (FREEZE)",
                    filler.snapshots(),
                )
    return time.perf_counter() - started


def fill_database(server_url: str, shape: Shape, name: str) -> tuple[str, float]:
    url = fresh_database(server_url, name)
    filler = Filler(shape, now=int(time.time()))
    started = time.perf_counter()
    steps: list[tuple[str, float]] = []

    def step(label: str) -> None:
        steps.append((label, time.perf_counter()))

    with psycopg.connect(url, autocommit=True) as conn:
        indexes = secondary_indexes(conn)
        for name, _definition in indexes:
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET synchronous_commit = off")
        jobs = [
            ("interactions", 0, 2),
            ("interactions", 1, 2),
            ("search", 0, 1),
            ("snapshots", 0, 1),
        ]
        with multiprocessing.get_context("spawn").Pool(2) as workers:
            pending = workers.starmap_async(
                copy_job, [(url, shape, filler.now, job) for job in jobs]
            )
            with conn.transaction():
                copy_text(
                    conn,
                    "COPY persons (username, role, first_seen_at, last_seen_at, is_excluded)"
                    " FROM STDIN",
                    filler.persons(),
                )
                copy_text(
                    conn, "COPY person_aliases (person_id, alias) FROM STDIN", filler.aliases()
                )
                copy_text(conn, "COPY notes (person_id, content) FROM STDIN", filler.notes())
                copy_text(
                    conn, "COPY attributes (person_id, key, value) FROM STDIN", filler.attributes()
                )
                copy_text(
                    conn,
                    "COPY stream_sessions (broadcaster, started_at, ended_at, status) FROM STDIN",
                    filler.sessions(),
                )
                conn.execute("INSERT INTO watchlists (name) VALUES ('Regulars'), ('Big spenders')")
                lists: dict[str, int] = dict(
                    conn.execute("SELECT name, id FROM watchlists").fetchall()
                )
                copy_text(
                    conn,
                    "COPY watchlist_members (watchlist_id, person_id, added_at) FROM STDIN",
                    filler.members(lists),
                )
            step("persons, aliases, notes, tags, sessions, lists")
            for (name, part, _parts), seconds in zip(jobs, pending.get(), strict=True):
                print(f"  ({name} {part}: {seconds:.1f} s in its own process)")
        step("interactions, search rows, snapshots")
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('interactions', 'id'),"
            " (SELECT max(id) FROM interactions))"
        )
        check = conn.execute(
            "SELECT (SELECT max(id) FROM persons), (SELECT username FROM persons WHERE id = 2),"
            " (SELECT max(id) FROM stream_sessions)"
        ).fetchone()
        assert check == (shape.persons, KNOWN, shape.sessions), check
    rebuild = [*derived_rows(url), *[definition for _name, definition in indexes]]
    run_side_by_side(url, sorted(rebuild, key=_rebuild_order))
    step(f"{len(indexes)} indexes, derived totals")
    run_side_by_side(url, vacuums(url))
    step("vacuum analyze")
    elapsed = time.perf_counter() - started
    previous = started
    for label, at in steps:
        print(f"  {label}: {at - previous:.1f} s")
        previous = at
    with psycopg.connect(url) as conn:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM persons), (SELECT count(*) FROM interactions),"
            " (SELECT count(*) FROM snapshots), (SELECT count(*) FROM stream_sessions),"
            " (SELECT count(*) FROM interactions WHERE person_id = 2),"
            " pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()
    assert counts is not None
    print(
        f"filled in {elapsed:.1f} s: {counts[0]:,} persons, {counts[1]:,} interactions, "
        f"{counts[2]:,} snapshots, {counts[3]:,} sessions; {KNOWN} has {counts[4]:,} "
        f"interactions; database {counts[5]}"
    )
    return url, elapsed


# ---- The routes -----------------------------------------------------------------------------

Call = Callable[[], Awaitable[None]]


@dataclass
class Route:
    label: str
    method: str
    path: str
    params: dict[str, Any] | list[tuple[str, Any]] | None = None
    body: dict[str, Any] | None = None
    sql: Callable[[Any], Call] | None = None  # given the SQL context, the call to time


class SqlContext:
    """One autocommit connection for single statements, a pool for the adapters."""

    def __init__(self, conn: psycopg.AsyncConnection[Any], pool: Any, key: str) -> None:
        self.conn = conn
        self.pool = pool
        self.key_hash = hashlib.sha256(key.encode()).digest()
        self.auth = load_queries("auth")["use_api_key"]

    async def authorize(self) -> None:
        await (
            await self.conn.execute(
                self.auth, {"key_hash": self.key_hash, "now": datetime.now(UTC)}
            )
        ).fetchall()

    def statement(
        self, folder: str, name: str, params: dict[str, Any], prepare: bool | None = None
    ) -> Call:
        text = load_queries(folder)[name]

        async def call() -> None:
            await self.authorize()
            await (await self.conn.execute(text, params, prepare=prepare)).fetchall()

        return call

    def statements(self, parts: list[tuple[str, str, dict[str, Any]]]) -> Call:
        texts = [(load_queries(folder)[name], params) for folder, name, params in parts]

        async def call() -> None:
            await self.authorize()
            for text, params in texts:
                await (await self.conn.execute(text, params)).fetchall()

        return call

    def adapter(self, run: Callable[[], Awaitable[Any]]) -> Call:
        async def call() -> None:
            await self.authorize()
            await run()

        return call


def directory_params(**given: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "search": None,
        "role": None,
        "watchlist_id": None,
        "excluded": None,
        "seen_since": None,
        "min_spend": None,
        "sort": "lastSeen",
        "descending": True,
        "limit": 25,
        "offset": 0,
    }
    params.update(given)
    params["needs_spend"] = params["sort"] == "spend" or params["min_spend"] is not None
    params["count_limit"] = params["offset"] + COUNT_AHEAD + 1
    return params


def interaction_params(person_id: int, **given: Any) -> dict[str, Any]:
    newest_first = given.pop("newest_first", True)
    filters = InteractionFilters(newest_first=newest_first, **given)
    return {
        "person_id": person_id,
        "newest_first": filters.newest_first,
        **interaction_filter_params(filters),
    }


def routes(ids: dict[str, Any]) -> list[Route]:
    whale, typical, session, live = ids["whale"], ids["typical"], ids["session"], ids["live"]
    friends, regulars = ids["friends"], ids["regulars"]
    since, until = ids["month_start"], ids["month_end"]
    names: list[str] = ids["names"]
    dir_sql = "people_directory"
    found = ids["found"]

    def people(label: str, query: dict[str, Any], **sql_params: Any) -> Route:
        params = directory_params(**sql_params)
        statement = "people_directory_named" if params["search"] else dir_sql
        return Route(
            label,
            "GET",
            "/api/people",
            {"limit": 25, **query},
            sql=lambda c: c.statement("read_models", statement, params, prepare=False),
        )

    def history(label: str, query: list[tuple[str, Any]], **given: Any) -> Route:
        params = interaction_params(whale, limit=25, **given)
        return Route(
            label,
            "GET",
            f"/api/person/{whale}/interactions",
            [("limit", 25), *query],
            sql=lambda c: c.statement("read_models", "person_interactions", params, prepare=False),
        )

    def overview(label: str, person_id: int) -> Route:
        params = {"person_ids": [person_id], "interactions_limit": 0}
        return Route(
            label,
            "GET",
            f"/api/person/{person_id}",
            sql=lambda c: c.statement("read_models", "person_bundles", params),
        )

    def session_page(label: str, session_id: int, limit: int) -> Route:
        params = {"session_id": session_id, "types": None, "limit": limit, "offset": 0}
        return Route(
            label,
            "GET",
            f"/api/session/{session_id}",
            {"limit": limit, "offset": 0},
            sql=lambda c: c.statement("read_models", "session_detail", params),
        )

    def sessions_page(label: str, offset: int = 0) -> Route:
        # The first page as the SPA asks for it: without an offset.
        query = {"limit": 20, "offset": offset} if offset else {"limit": 20}
        params = {"broadcaster": OWNER, "limit": 20, "offset": offset}
        return Route(
            label,
            "GET",
            "/api/sessions",
            query,
            sql=lambda c: c.statement("read_models", "session_summaries", params),
        )

    def lookup_sql(c: SqlContext, wanted: list[str], ids_found: list[int]) -> Call:
        return c.statements(
            [
                ("read_models", "find_persons", {"names": wanted, "platform": "chaturbate"}),
                (
                    "read_models",
                    "person_bundles",
                    {"person_ids": ids_found, "interactions_limit": 20},
                ),
            ]
        )

    analysis = PostgresAnalysisSource
    return [
        Route(
            "lookup: one name",
            "POST",
            "/api/lookup",
            body={"username": KNOWN, "includeStatbate": False, "includeMyRoomData": True},
            sql=lambda c: lookup_sql(c, [KNOWN], [whale]),
        ),
        Route(
            "lookup: 100-name paste (the most a lookup takes)",
            "POST",
            "/api/lookup",
            body={"pastedText": "\n".join(names), "includeStatbate": False},
            sql=lambda c: lookup_sql(c, names, found),
        ),
        overview("person overview (whale)", whale),
        overview("person overview (typical)", typical),
        Route(
            "person snapshots (whale)",
            "GET",
            f"/api/person/{whale}/snapshots",
            {"limit": 500},
            sql=lambda c: c.statement(
                "read_models",
                "snapshot_timeline",
                {
                    "person_id": whale,
                    "source": None,
                    "include_raw": False,
                    "limit": 500,
                    "offset": 0,
                },
            ),
        ),
        Route(
            "person radar flags (whale)",
            "GET",
            f"/api/person/{whale}/chaturbate",
            sql=lambda c: c.statement(
                "radar", "card_facts", {"person_ids": [whale], "notes": CARD_NOTES}
            ),
        ),
        history("interactions: first page", []),
        history("interactions: oldest first", [("sort", "asc")], newest_first=False),
        history("interactions: deep page (offset 50,000)", [("offset", 50_000)], offset=50_000),
        history("interactions: type TIP", [("type", "TIP")], types=(InteractionType.TIP,)),
        history(
            "interactions: type CHAT_MESSAGE, oldest first",
            [("type", "CHAT_MESSAGE"), ("sort", "asc")],
            types=(InteractionType.CHAT_MESSAGE,),
            newest_first=False,
        ),
        history(
            "interactions: source statbate_plus",
            [("source", "statbate_plus")],
            sources=(InteractionSource.STATBATE_PLUS,),
        ),
        history(
            "interactions: one month",
            [("since", since.isoformat()), ("until", until.isoformat())],
            since=since,
            until=until,
        ),
        history("interactions: one session", [("sessionId", session)], session_id=session),
        Route(
            "analysis of the whale",
            "GET",
            f"/api/person/{whale}/analysis",
            sql=lambda c: c.adapter(
                lambda: analysis(c.pool).person_aggregates(
                    whale, broadcaster=OWNER, timezone="UTC", include_excluded=False
                )
            ),
        ),
        people("people: last seen (default)", {}),
        people(
            "people: username A-Z",
            {"sort": "username", "order": "asc"},
            sort="username",
            descending=False,
        ),
        people("people: first seen", {"sort": "firstSeen"}, sort="firstSeen"),
        people("people: spend", {"sort": "spend"}, sort="spend"),
        people("people: role MODEL", {"role": "MODEL"}, role="MODEL"),
        people("people: watchlist Friends", {"watchlistId": friends}, watchlist_id=friends),
        people("people: excluded", {"excluded": "true"}, excluded=True),
        people(
            "people: seen in the last 30 days",
            {"seenSince": ids["seen_since"].isoformat()},
            seen_since=ids["seen_since"],
        ),
        people("people: min spend 1,000", {"minSpend": 1000}, min_spend=1000),
        people("people: deep page (offset 10,000)", {"offset": 10_000}, offset=10_000),
        people("people: search 'fox'", {"q": "fox"}, search="fox"),
        people("people: search 'tipper_7'", {"q": "tipper_7"}, search="tipper_7"),
        Route(
            "Hudson page",
            "GET",
            "/api/hudson",
            sql=lambda c: c.statement(
                "read_models",
                "hudson_overview",
                {"broadcaster": OWNER, "recent_limit": 25, "session_limit": 10},
            ),
        ),
        session_page("Hudson: live session (50 events)", live, limit=50),
        sessions_page("sessions list"),
        sessions_page("sessions list: deep page", offset=ids["sessions"] - 40),
        session_page("session summary", session, limit=100),
        Route(
            "session report",
            "GET",
            f"/api/sessions/{session}/report",
            sql=lambda c: c.adapter(
                lambda: PostgresReportSource(c.pool).report_data(session, broadcaster=OWNER)
            ),
        ),
        Route(
            "watchlists",
            "GET",
            "/api/watchlists",
            sql=lambda c: c.statement("read_models", "watchlists", {}),
        ),
        Route(
            "watchlist members (Regulars)",
            "GET",
            f"/api/watchlist/{regulars}/members",
            {"limit": 25},
            sql=lambda c: c.statement(
                "read_models",
                "watchlist_members",
                {"watchlist_id": regulars, "broadcaster": OWNER, "limit": 25, "offset": 0},
            ),
        ),
        Route(
            "radar room",
            "GET",
            "/api/radar/room",
            sql=lambda c: c.adapter(lambda: radar_room(c)),
        ),
    ]


async def radar_room(c: SqlContext) -> None:
    """The radar's room read (one repeatable-read transaction) and its cards."""
    from mhc.domain.radar import RADAR_TYPES  # noqa: F401 - the adapter's own constants

    feed = PostgresLiveFeed(c.pool, "")
    state = await feed.room_state(OWNER, now=datetime.now(UTC), recent=50)
    wanted = {e.person_id for e in (*state.presence_events, *state.recent) if e.person_id}
    await feed.card_facts(wanted)


# ---- Measuring ------------------------------------------------------------------------------


@dataclass
class Figures:
    latencies: list[float]

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, round(share * (len(ordered) - 1)))
        return ordered[index] * 1000


async def measure(call: Call, requests: int, seconds: float, warmup: int = 3) -> Figures:
    for _ in range(warmup):
        await call()
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(latencies) < requests and (len(latencies) < 10 or time.perf_counter() < deadline):
        before = time.perf_counter()
        await call()
        latencies.append(time.perf_counter() - before)
    return Figures(latencies)


async def find_ids(database_url: str, shape: Shape) -> dict[str, Any]:
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:

        async def one(query: str, *params: Any) -> Any:
            row = await (await conn.execute(query, params)).fetchone()
            assert row is not None
            return row[0]

        whale = await one("SELECT id FROM persons WHERE username = %s", KNOWN)
        # A typical person: the median of those with any history.
        typical = await one(
            "SELECT person_id FROM (SELECT person_id, count(*) AS n FROM interactions"
            " WHERE person_id > %s GROUP BY person_id) c ORDER BY n, person_id"
            " OFFSET (SELECT count(DISTINCT person_id) / 2 FROM interactions WHERE person_id > %s)"
            " LIMIT 1",
            2 + len(shape.whales),
            2 + len(shape.whales),
        )
        sessions = await one("SELECT count(*) FROM stream_sessions")
        live = await one("SELECT id FROM stream_sessions WHERE status = 'LIVE'")
        session = await one(
            "SELECT id FROM stream_sessions WHERE status = 'ENDED' ORDER BY started_at DESC"
            " OFFSET 1 LIMIT 1"
        )
        friends = await one("SELECT id FROM watchlists WHERE name = 'Friends'")
        regulars = await one("SELECT id FROM watchlists WHERE name = 'Regulars'")
        month_start = await one(
            "SELECT date_trunc('month', now() - interval '5 years') AT TIME ZONE 'UTC'"
        )
        rows = await (
            await conn.execute(
                "SELECT username, id FROM persons WHERE id > 2 AND NOT is_excluded"
                " ORDER BY id % 9973, id LIMIT 94"
            )
        ).fetchall()
    names = [KNOWN, *[str(r[0]) for r in rows], *[f"never_seen_{n}" for n in range(5)]]
    start = month_start.replace(tzinfo=UTC)
    return {
        "whale": whale,
        "typical": typical,
        "session": session,
        "live": live,
        "sessions": sessions,
        "friends": friends,
        "regulars": regulars,
        "month_start": start,
        "month_end": (start + timedelta(days=32)).replace(day=1),
        "seen_since": datetime.now(UTC) - timedelta(days=30),
        "names": names,
        "found": [whale, *[int(r[1]) for r in rows]],
    }


@dataclass
class Row:
    label: str
    api: Figures
    sql: Figures | None

    def cells(self) -> list[str]:
        api50, api95, api99 = (self.api.percentile(p) for p in (0.5, 0.95, 0.99))
        cells = [self.label, f"{api50:.1f}", f"{api95:.1f}", f"{api99:.1f}"]
        if self.sql is None:
            return [*cells, "-", "-"]
        sql50 = self.sql.percentile(0.5)
        return [*cells, f"{sql50:.1f}", f"{api50 / sql50:.2f}x"]


def table(rows: list[Row]) -> str:
    lines = [
        "| route | p50 ms | p95 ms | p99 ms | SQL p50 ms | API/SQL |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines.extend("| " + " | ".join(row.cells()) + " |" for row in rows)
    return "\n".join(lines)


async def bench(
    base_url: str, database_url: str, shape: Shape, args: argparse.Namespace
) -> list[Row]:
    await wait_until_up(base_url)
    key = await create_api_key(base_url)
    ids = await find_ids(database_url, shape)
    headers = {"Authorization": f"Bearer {key}"}
    rows: list[Row] = []
    pool = await create_pool(database_url, min_size=2, max_size=4)
    async with (
        KeepAliveClient(base_url, headers) as client,
        await psycopg.AsyncConnection.connect(
            database_url, autocommit=True, options="-c TimeZone=UTC"
        ) as conn,
    ):
        context = SqlContext(conn, pool, key)
        for route in routes(ids):
            if args.only and args.only not in route.label:
                continue

            async def api(route: Route = route) -> None:
                status, body = await client.request(
                    route.method, route.path, params=route.params, json=route.body
                )
                if status != 200:
                    raise RuntimeError(f"{route.label}: {status} {body[:300]!r}")

            api_figures = await measure(api, args.requests, args.seconds)
            sql_figures = None
            if route.sql is not None:
                sql_figures = await measure(route.sql(context), args.requests, args.seconds)
            row = Row(route.label, api_figures, sql_figures)
            print(" | ".join(row.cells()), flush=True)
            rows.append(row)
    await pool.close()
    return rows


# ---- Main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interactions", type=int, default=10_000_000)
    parser.add_argument("--persons", type=int, help="default: one per ten interactions")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per route")
    parser.add_argument("--seconds", type=float, default=5.0, help="time budget per route")
    parser.add_argument("--only", help="time only the routes whose label contains this")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--database-url", help="a server where the bench may create its database")
    parser.add_argument(
        "--keep", action="store_true", help="reuse the filled database of --database-url"
    )
    parser.add_argument("--database-name", default=BENCH_DB, help="the database to fill and use")
    parser.add_argument("--fill-only", action="store_true", help="fill, then stop")
    args = parser.parse_args()
    shape = Shape.of(args.interactions, args.persons)

    with postgres_server(args.database_url, **BULK_LOAD) as server_url:
        if args.keep:
            database_url, fill_seconds = database_url_for(server_url, args.database_name), 0.0
            MigrationRunner(database_url).up()
        else:
            database_url, fill_seconds = fill_database(server_url, shape, args.database_name)
        if args.fill_only:
            return
        with web_server(database_url, broadcaster=OWNER) as base_url:
            rows = asyncio.run(bench(base_url, database_url, shape, args))
        heading = (
            f"{shape.interactions:,} interactions, {shape.persons:,} persons, "
            f"{shape.sessions:,} sessions, {shape.snapshots:,} snapshots; "
            f"fill {fill_seconds:.0f} s; {os.cpu_count()} CPU(s); one client"
        )
        text = f"{heading}\n\n{table(rows)}\n"
        print(f"\n{text}")
        if args.markdown:
            args.markdown.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
