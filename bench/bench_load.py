"""A busy show for a minute: open radars, the owner's pages, the worker ingesting, then a raid;
the memory of the web and worker processes all along.

Run: `uv run python bench/bench_load.py [--seconds 60] [--streams 50] [--requests 100]
[--events 200] [--raid 1000] [--persons 20000] [--interactions 200000] [--database-url URL]`.

It fills a fresh database (as `bench_lookup.py` does, smaller by default), starts the simulator
as the Events API (a live broadcast, in a process of its own) and the real panel (`mhc worker`
and `mhc web` as processes, `MHC_MAX_OPEN_STREAMS` raised to let the streams in) on loopback,
and then:

1. Load: `--streams` radar streams stay open and are read continuously (`--watched` of them are
   parsed, the others read as bytes), `--requests` API requests a second go out on a fixed
   schedule, mixed like the SPA's pages (lookup, person overview, interactions, analysis,
   people directory, Hudson, sessions, a session and its report, watchlists and members, the
   radar room), and the simulator emits `--events` room events a second for the worker to
   ingest. `--warmup` seconds of that come first and are not counted; then `--seconds` are
   measured. Every second it reads the resident memory (VmRSS, with any children) of each
   process. Figures: p50/p99 per route, errors (any answer that is not 2xx, any failed request,
   any stream that ends or fails), peak RSS per process, and the mean RSS over the first and the
   last 10 s of the measured part (and over each minute, in a run of two minutes or more).
2. Raid: `--raid` new viewers walk in within two seconds (the load goes on). For each one it
   times from the moment the simulator holds the enter to its arrival (the enter with its
   card) on each parsed stream: p50/p99, and apart, to the first stream and from the first
   stream to the last. Then the simulator stops emitting, the worker catches up, and the radar
   room's list must name exactly the people the simulator has present (the raiders who are
   still in, plus everyone else).

Where the machine's cores went, in the measured part and in the raid (from its first enter to
its last arrival): the CPU used by the web, the worker, PostgreSQL, the simulator and the bench
itself, and how late the bench's own loop woke during the raid (a late loop would time
arrivals late).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Collection
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

import httpx
import msgspec
import psycopg

from bench_lookup import KNOWN, fill_rows
from mhc.simulator import SimulatorConfig
from room_panel import (
    SimulatorHost,
    cpu_seconds,
    database,
    lines_of,
    log_in,
    panel,
    percentile,
    postmaster_pid,
    rss_kib,
    simulator_process,
    sse_messages,
    stream_body,
)

TARGET_RSS_MIB = 150.0
TARGET_RAID_P99_SECONDS = 1.0
RAID_SECONDS = 2.0
RAID_STEP_SECONDS = 0.05
EDGE_SECONDS = 10.0
MINUTE_SECONDS = 60.0
SETTLE_SECONDS = 60.0
EXCLUDED = "smk_lover"
LAG_TICK_SECONDS = 0.01
# How many API requests may be in flight at once before the schedule waits (a stalled server
# must not make the client pile up thousands of them).
MAX_IN_FLIGHT = 64
# They go out through several clients, in turn: a client looks at every connection of its pool
# (a system call each) to place each request, so one client of 64 connections made the bench
# itself the busiest process on the machine.
API_CLIENTS = 8


# ---- The data --------------------------------------------------------------------------------


@dataclass
class Targets:
    """Ids the requests pick from."""

    known_id: int
    person_ids: list[int]
    names: list[str]
    session_ids: list[int]
    watchlist_ids: list[int]


def fill(database_url: str, persons: int, interactions: int) -> Targets:
    started = time.perf_counter()
    fill_rows(database_url, persons, interactions)
    with psycopg.connect(database_url, autocommit=True) as conn:
        known = conn.execute("SELECT id FROM persons WHERE username = %s", (KNOWN,)).fetchone()
        assert known is not None
        people = conn.execute(
            "SELECT id, username FROM persons TABLESAMPLE BERNOULLI (5) REPEATABLE (7) LIMIT 500"
        ).fetchall()
        sessions = [r[0] for r in conn.execute("SELECT id FROM stream_sessions").fetchall()]
        watchlists = [r[0] for r in conn.execute("SELECT id FROM watchlists").fetchall()]
    print(
        f"filled in {time.perf_counter() - started:.1f} s: {persons:,} persons, "
        f"{interactions:,} interactions, {len(sessions)} sessions"
    )
    return Targets(
        known_id=known[0],
        person_ids=[r[0] for r in people],
        names=[r[1] for r in people],
        session_ids=sessions,
        watchlist_ids=watchlists,
    )


# ---- The page mix ------------------------------------------------------------------------------

Request = tuple[str, str, dict[str, Any] | None]


Route = tuple[str, float, Callable[[], Request]]


def route_mix(targets: Targets, rng: random.Random) -> list[Route]:
    """(route, weight, a request of it): the calls the SPA's pages make, weighted by how often
    an owner opens them during a show."""

    def person() -> int:
        return targets.known_id if rng.random() < 0.2 else rng.choice(targets.person_ids)

    def name() -> str:
        return KNOWN if rng.random() < 0.2 else rng.choice(targets.names)

    sorts = ["lastSeen", "firstSeen", "username", "spend"]
    return [
        ("POST /api/lookup", 14, lambda: ("POST", "/api/lookup", {"username": name()})),
        ("GET /api/person/{id}", 14, lambda: ("GET", f"/api/person/{person()}", None)),
        (
            "GET /api/person/{id}/interactions",
            14,
            lambda: ("GET", f"/api/person/{person()}/interactions?limit=50", None),
        ),
        (
            "GET /api/person/{id}/analysis",
            6,
            lambda: ("GET", f"/api/person/{person()}/analysis", None),
        ),
        (
            "GET /api/people",
            10,
            lambda: ("GET", f"/api/people?limit=50&sort={rng.choice(sorts)}&order=desc", None),
        ),
        ("GET /api/hudson", 6, lambda: ("GET", "/api/hudson", None)),
        ("GET /api/sessions", 6, lambda: ("GET", "/api/sessions?limit=20", None)),
        (
            "GET /api/session/{id}",
            6,
            lambda: ("GET", f"/api/session/{rng.choice(targets.session_ids)}?limit=50", None),
        ),
        (
            "GET /api/sessions/{id}/report",
            3,
            lambda: ("GET", f"/api/sessions/{rng.choice(targets.session_ids)}/report", None),
        ),
        ("GET /api/watchlists", 6, lambda: ("GET", "/api/watchlists", None)),
        (
            "GET /api/watchlist/{id}/members",
            5,
            lambda: (
                "GET",
                f"/api/watchlist/{rng.choice(targets.watchlist_ids)}/members?limit=50",
                None,
            ),
        ),
        ("GET /api/radar/room", 10, lambda: ("GET", "/api/radar/room", None)),
    ]


# ---- The run ---------------------------------------------------------------------------------


@dataclass
class Run:
    measuring: bool = False
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    samples: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    # username -> parsed stream -> when it first received their enter.
    arrivals: dict[str, dict[int, float]] = field(default_factory=dict)
    raiders: set[str] = field(default_factory=set)
    stream_bytes: int = 0
    stream_messages: int = 0
    last_event_id: int = 0
    stopping: bool = False
    # How late the bench's loop woke from a LAG_TICK_SECONDS sleep, during the raid.
    loop_lags: list[float] = field(default_factory=list)
    # The cores each process used, in the measured part and in the raid (cores_used).
    cores_measured: str = ""
    cores_raid: str = ""

    def error(self, text: str) -> None:
        if len(self.errors) < 1000:
            self.errors.append(text)


async def read_stream(
    base_url: str,
    headers: dict[str, str],
    run: Run,
    index: int,
    parsed: bool,
    opened: asyncio.Event,
) -> None:
    try:
        async with aclosing(stream_body(base_url, "/api/radar/stream", headers)) as body:
            await anext(body)
            opened.set()
            if not parsed:
                async for chunk in body:
                    run.stream_bytes += len(chunk)
            else:
                async for message in sse_messages(lines_of(body)):
                    run.stream_messages += 1
                    data = message.get("data")
                    if not data or message.get("event") != "interaction":
                        continue
                    event_id = int(message.get("id", "0"))
                    run.last_event_id = max(run.last_event_id, event_id)
                    if '"USER_ENTER"' not in data:
                        continue
                    event = msgspec.json.decode(data)
                    if event["username"] in run.raiders and event.get("card") is not None:
                        seen = run.arrivals.setdefault(event["username"], {})
                        seen.setdefault(index, time.time())
        if not run.stopping:
            run.error("a radar stream ended")
    except (OSError, StopAsyncIteration) as exc:
        if not run.stopping:
            run.error(f"a radar stream failed: {type(exc).__name__}: {exc}")
    finally:
        opened.set()


async def request_load(
    clients: list[httpx.AsyncClient],
    run: Run,
    targets: Targets,
    rate: float,
    stop: asyncio.Event,
) -> None:
    rng = random.Random(5)
    mix = route_mix(targets, rng)
    routes = [m[0] for m in mix]
    weights = [m[1] for m in mix]
    builders = {m[0]: m[2] for m in mix}
    slots = asyncio.Semaphore(MAX_IN_FLIGHT)
    tasks: set[asyncio.Task[None]] = set()

    async def one(client: httpx.AsyncClient, route: str) -> None:
        method, url, body = builders[route]()
        counted = run.measuring
        started = time.perf_counter()
        try:
            answer = await client.request(method, url, json=body)
            await answer.aread()
            if not 200 <= answer.status_code < 300:
                run.error(f"{route} answered {answer.status_code}: {answer.text[:200]}")
        except httpx.HTTPError as exc:
            run.error(f"{route} failed: {type(exc).__name__}: {exc}")
        finally:
            slots.release()
        if counted and run.measuring:
            run.latencies.setdefault(route, []).append(time.perf_counter() - started)

    started = time.monotonic()
    sent = 0
    while not stop.is_set():
        await asyncio.sleep(max(0.0, started + sent / rate - time.monotonic()))
        await slots.acquire()
        client = clients[sent % len(clients)]
        task = asyncio.create_task(one(client, rng.choices(routes, weights)[0]))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        sent += 1
    await asyncio.gather(*tasks)


async def sample_memory(pids: dict[str, int], run: Run, stop: asyncio.Event) -> None:
    while not stop.is_set():
        if run.measuring:
            now = time.monotonic()
            for name, pid in pids.items():
                run.samples.setdefault(name, []).append((now, rss_kib(pid)))
        await asyncio.sleep(1.0)


async def time_loop_lag(run: Run, stop: asyncio.Event) -> None:
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(LAG_TICK_SECONDS)
        run.loop_lags.append(time.perf_counter() - before - LAG_TICK_SECONDS)


CpuTimes = dict[str, float]


def cpu_times(pids: dict[str, int]) -> tuple[float, CpuTimes]:
    """Now, and the CPU seconds each process has used so far (the bench's own without those of
    the processes it started)."""
    return time.monotonic(), {
        name: cpu_seconds(pid, children=pid != os.getpid()) for name, pid in pids.items()
    }


def cores_used(before: tuple[float, CpuTimes], after: tuple[float, CpuTimes]) -> str:
    seconds = after[0] - before[0]
    used = {name: (after[1][name] - spent) / seconds for name, spent in before[1].items()}
    each = ", ".join(f"{name} {cores:.2f}" for name, cores in used.items())
    return f"{each} (all {sum(used.values()):.2f})"


async def raid(simulator: SimulatorHost, run: Run, count: int) -> dict[str, float]:
    """`count` new viewers enter within RAID_SECONDS, in steps; when each enter was emitted."""
    names = [f"raider_{n:04d}" for n in range(count)]
    run.raiders.update(names)
    steps = max(1, round(RAID_SECONDS / RAID_STEP_SECONDS))
    per_step = -(-count // steps)
    emitted: dict[str, float] = {}
    started = time.monotonic()
    for step in range(steps):
        batch = names[step * per_step : (step + 1) * per_step]
        if not batch:
            break
        await asyncio.sleep(max(0.0, started + step * RAID_STEP_SECONDS - time.monotonic()))
        await asyncio.to_thread(simulator.enter_all, batch)
        at = time.time()
        emitted.update(dict.fromkeys(batch, at))
    return emitted


async def room_matches(
    client: httpx.AsyncClient, simulator: SimulatorHost, run: Run, newest_id: int
) -> tuple[bool, str]:
    """Once the streams have shown the last event, the room list against the simulator's."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while run.last_event_id < newest_id and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.2)
    room = (await client.get("/api/radar/room")).json()
    listed = [p["username"] for p in room["present"]]
    truth = await asyncio.to_thread(simulator.present)
    truth.discard(EXCLUDED)
    raiders_in = len(run.raiders & set(listed))
    raiders_true = len(run.raiders & truth)
    same = sorted(listed) == sorted(truth) and len(listed) == len(set(listed))
    missing = sorted(truth - set(listed))[:5]
    extra = sorted(set(listed) - truth)[:5]
    return same, (
        f"room list: {len(listed)} present ({raiders_in} raiders); the simulator has "
        f"{len(truth)} present ({raiders_true} raiders)"
        + ("" if same else f"; missing e.g. {missing}, extra e.g. {extra}")
    )


async def stored_at(database_url: str, names: Collection[str]) -> dict[str, float]:
    """When the worker stored each of these people's first enter (the transaction's start)."""
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cur = await conn.execute(
            "SELECT p.username, extract(epoch FROM min(i.created_at))::float8 "
            "FROM interactions i JOIN persons p ON p.id = i.person_id "
            "WHERE i.type = 'USER_ENTER' AND p.username = ANY(%s) GROUP BY p.username",
            (list(names),),
        )
        return dict(await cur.fetchall())


async def newest_interaction(database_url: str) -> int:
    """The id of the newest enter or leave a stream shows (the excluded person's never do)."""
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cur = await conn.execute(
            "SELECT coalesce(max(i.id), 0) FROM interactions i JOIN persons p "
            "ON p.id = i.person_id WHERE i.type IN ('USER_ENTER', 'USER_LEAVE') "
            "AND p.username <> %s",
            (EXCLUDED,),
        )
        row = await cur.fetchone()
        return int(row[0]) if row else 0


async def drained(simulator: SimulatorHost, database_url: str, patience: float) -> None:
    """Wait until the worker has stored the simulator's last event."""
    last = await asyncio.to_thread(simulator.last_event_id)
    deadline = time.monotonic() + patience
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            cur = await conn.execute(
                "SELECT 1 FROM events_cursor WHERE last_event_id = %s", (last,)
            )
            if await cur.fetchone() is not None:
                return
            await asyncio.sleep(0.2)


async def measure(
    simulator: SimulatorHost, running: Any, targets: Targets, args: argparse.Namespace
) -> bool:
    run = Run()
    stop = asyncio.Event()
    async with httpx.AsyncClient(base_url=running.base_url, timeout=30) as login_client:
        headers = await log_in(login_client)
    cookies = login_client.cookies

    def client(**extra: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=running.base_url, cookies=cookies, headers=headers, **extra
        )

    api = [
        client(timeout=30, limits=httpx.Limits(max_connections=MAX_IN_FLIGHT // API_CLIENTS))
        for _ in range(API_CLIENTS)
    ]
    readers = []
    stream_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    for index in range(args.streams):
        opened = asyncio.Event()
        parsed = index < args.watched
        readers.append(
            asyncio.create_task(
                read_stream(running.base_url, stream_headers, run, index, parsed, opened)
            )
        )
        await opened.wait()
    print(f"{args.streams} radar streams open ({args.watched} parsed)")

    await asyncio.to_thread(simulator.set_rate, args.events)
    load = asyncio.create_task(request_load(api, run, targets, args.requests, stop))
    sampler = asyncio.create_task(sample_memory(running.pids, run, stop))
    processes = {
        **running.pids,
        "postgres": await asyncio.to_thread(postmaster_pid, running.database_url),
        "simulator": await asyncio.to_thread(simulator.pid),
        "bench": os.getpid(),
    }
    counted = {name: pid for name, pid in processes.items() if pid is not None}
    await asyncio.sleep(args.warmup)
    errors_in_warmup = len(run.errors)
    run.measuring = True
    measured_from = time.monotonic()
    cpu_from = cpu_times(counted)
    await asyncio.sleep(args.seconds)
    run.measuring = False
    measured = time.monotonic() - measured_from
    run.cores_measured = cores_used(cpu_from, cpu_times(counted))
    samples = {name: list(values) for name, values in run.samples.items()}

    # The raid, with the load still on.
    lag_stop = asyncio.Event()
    lags = asyncio.create_task(time_loop_lag(run, lag_stop))
    raid_from = cpu_times(counted)
    emitted = await raid(simulator, run, args.raid)
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline and any(  # noqa: ASYNC110
        len(run.arrivals.get(name, ())) < args.watched for name in emitted
    ):
        await asyncio.sleep(0.1)
    run.cores_raid = cores_used(raid_from, cpu_times(counted))
    lag_stop.set()
    await lags
    await asyncio.to_thread(simulator.set_rate, 0)
    stop.set()
    await load
    await sampler
    await drained(simulator, running.database_url, SETTLE_SECONDS)
    newest_id = await newest_interaction(running.database_url)
    stored = await stored_at(running.database_url, emitted)
    same, room_line = await room_matches(api[0], simulator, run, newest_id)
    run.stopping = True
    for reader in readers:
        reader.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    for each in api:
        await each.aclose()
    return report(run, samples, measured, emitted, stored, args, errors_in_warmup, same, room_line)


def minute_means(values: list[tuple[float, int]]) -> list[float]:
    """The mean of RSS samples `(at, KiB)` over each minute from the first, in MiB (the last
    minute's may be of a part of one)."""
    start = values[0][0]
    minutes: dict[int, list[int]] = {}
    for at, kib in values:
        minutes.setdefault(int((at - start) // MINUTE_SECONDS), []).append(kib)
    return [statistics.fmean(kibs) / 1024 for kibs in minutes.values()]


def report(
    run: Run,
    samples: dict[str, list[tuple[float, int]]],
    measured: float,
    emitted: dict[str, float],
    stored: dict[str, float],
    args: argparse.Namespace,
    errors_in_warmup: int,
    room_same: bool,
    room_line: str,
) -> bool:
    total = sum(len(v) for v in run.latencies.values())
    print(
        f"\n{os.cpu_count()} CPU(s); {measured:.0f} s measured after {args.warmup:g} s of warm-up: "
        f"{args.streams} radar streams, {total / measured:.1f} API requests/s, "
        f"{args.events:g} room events/s emitted"
    )
    print(f"{'route':<36} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for route in sorted(run.latencies):
        values = run.latencies[route]
        print(
            f"{route:<36} {len(values):>6} {percentile(values, 0.5) * 1000:>8.1f} "
            f"{percentile(values, 0.99) * 1000:>8.1f} {max(values) * 1000:>8.1f}"
        )
    every = [v for values in run.latencies.values() for v in values]
    print(
        f"{'all':<36} {len(every):>6} {percentile(every, 0.5) * 1000:>8.1f} "
        f"{percentile(every, 0.99) * 1000:>8.1f} {max(every, default=math.nan) * 1000:>8.1f}"
    )
    print(
        f"parsed stream messages: {run.stream_messages:,}; raw stream bytes: "
        f"{run.stream_bytes / 2**20:.1f} MiB"
    )
    ok = True
    for name, values in samples.items():
        start = values[0][0]
        end = values[-1][0]
        first = [kib for at, kib in values if at - start < EDGE_SECONDS]
        last = [kib for at, kib in values if end - at < EDGE_SECONDS]
        peak = max(kib for _, kib in values) / 1024
        first_mean = statistics.fmean(first) / 1024
        last_mean = statistics.fmean(last) / 1024
        print(
            f"{name} RSS: peak {peak:.1f} MiB; mean first 10 s {first_mean:.1f} MiB, "
            f"last 10 s {last_mean:.1f} MiB ({last_mean - first_mean:+.1f} MiB)"
        )
        if end - start >= 2 * MINUTE_SECONDS:
            by_minute = minute_means(values)
            print(f"  mean by minute: {', '.join(f'{mib:.1f}' for mib in by_minute)} MiB")
        ok &= peak < TARGET_RSS_MIB
    print(f"errors: {len(run.errors)} ({errors_in_warmup} during the warm-up)")
    for text in run.errors[:10]:
        print(f"  {text}")
    ok &= not run.errors

    latencies = [
        at - emitted[name]
        for name, ats in run.arrivals.items()
        if name in emitted
        for at in ats.values()
    ]
    never = sum(1 for name in emitted if len(run.arrivals.get(name, ())) < args.watched)
    p99 = percentile(latencies, 0.99)
    print(
        f"raid: {len(emitted)} enters in {RAID_SECONDS:g} s; enter -> arrival card on "
        f"{args.watched} streams: n={len(latencies)} p50 {percentile(latencies, 0.5):.3f} s, "
        f"p99 {p99:.3f} s, max {max(latencies, default=float('nan')):.3f} s; "
        f"missing on some stream: {never}"
    )
    to_store = [stored[name] - at for name, at in emitted.items() if name in stored]
    print(
        f"  of which enter -> stored by the worker: p50 {percentile(to_store, 0.5):.3f} s, "
        f"p99 {percentile(to_store, 0.99):.3f} s"
    )
    first = [
        min(ats.values()) - emitted[name] for name, ats in run.arrivals.items() if name in emitted
    ]
    spread = [max(ats.values()) - min(ats.values()) for ats in run.arrivals.values()]
    print(
        f"  enter -> the first stream: p50 {percentile(first, 0.5):.3f} s, p99 "
        f"{percentile(first, 0.99):.3f} s; the first stream -> the last: p50 "
        f"{percentile(spread, 0.5):.3f} s, p99 {percentile(spread, 0.99):.3f} s"
    )
    print(
        f"  the bench's loop woke late by p50 {percentile(run.loop_lags, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(run.loop_lags, 0.99) * 1000:.1f} ms"
    )
    print(f"{room_line}: {'right' if room_same else 'WRONG'}")
    print(f"cores used ({os.cpu_count()} in all): measured part: {run.cores_measured}")
    print(f"  the raid: {run.cores_raid}")
    ok &= p99 < TARGET_RAID_P99_SECONDS and not never and room_same
    print(
        f"targets (RSS < {TARGET_RSS_MIB:g} MiB each, 0 errors, raid p99 < "
        f"{TARGET_RAID_P99_SECONDS:g} s, room right): {'ok' if ok else 'MISSED'}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--watched", type=int, default=5, help="streams parsed (of --streams)")
    parser.add_argument("--requests", type=float, default=100.0, help="API requests per second")
    parser.add_argument("--events", type=float, default=200.0, help="room events per second")
    parser.add_argument("--raid", type=int, default=1000)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--database-url", help="a server where the bench may create its database")
    args = parser.parse_args()
    config = SimulatorConfig(seed=13, viewers=300, broadcast_length=(10**6, 10**6 + 1))
    with simulator_process(config) as simulator:
        simulator.start_broadcast()
        with database("mhc_bench_load", args.database_url) as url:
            targets = fill(url, args.persons, args.interactions)
            settings = {"MHC_MAX_OPEN_STREAMS": str(args.streams + 10)}
            with panel(simulator, url, **settings) as running:
                ok = asyncio.run(measure(simulator, running, targets, args))
                print(f"logs: {running.logs}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
