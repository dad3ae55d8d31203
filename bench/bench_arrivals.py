"""Arrivals looked up in time: new faces walk in at a steady rate, and each one's card on the
radar stream must carry their Statbate answer within seconds, while the whole panel stays
within Statbate's 120 calls a minute.

Run: `uv run python bench/bench_arrivals.py [--rate 5] [--seconds 120] [--database-url URL]`.

It starts the simulator (a live broadcast, nobody else moving) and the real panel (`mhc worker`
and `mhc web` as processes) on a fresh database, opens the radar's event stream as the browser
does, then has `rate` different viewers walk in every second for `seconds`. For each one it
times from the moment the simulator emits the enter (a little before the worker receives it,
so the figure is an upper bound) to the first card on the stream that carries their look-up's
answer (found, or not on Statbate). It reports the median, p95 and maximum, how many never got
one, and the most Statbate requests the simulator's log holds in any 60 seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

import httpx
import msgspec

from mhc.simulator import STATBATE, Simulator, SimulatorConfig, run_simulator
from room_panel import (
    PASSWORD,
    database,
    describe,
    most_in_any_window,
    panel,
    percentile,
    sse_messages,
)

TARGET_P95_SECONDS = 5.0
STATBATE_LIMIT = 120
SETTLE_SECONDS = 30.0


def answered(card: dict[str, Any] | None) -> bool:
    lookup = (card or {}).get("lookup") or {}
    return lookup.get("state") in ("found", "not_found")


async def read_stream(base_url: str, answered_at: dict[str, float], ready: asyncio.Event) -> None:
    # The stream stays open for the whole run: no read timeout.
    timeout = httpx.Timeout(10.0, read=None)
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
        login = await client.post("/api/auth/login", json={"password": PASSWORD})
        login.raise_for_status()
        async with client.stream("GET", "/api/radar/stream") as stream:
            ready.set()
            async for fields in sse_messages(stream.aiter_lines()):
                data = fields.get("data")
                if not data:
                    continue
                body = msgspec.json.decode(data)
                card = body.get("card")
                if answered(card):
                    answered_at.setdefault(card["username"], time.time())


async def measure(simulator: Simulator, base_url: str, rate: float, seconds: float) -> None:
    names = [v.username for v in simulator.world.viewers.values() if v.username != "smk_lover"]
    count = int(rate * seconds)
    if len(names) < count:
        raise SystemExit(f"the simulated room has {len(names)} viewers, {count} are needed")
    names = names[:count]
    answered_at: dict[str, float] = {}
    entered_at: dict[str, float] = {}
    ready = asyncio.Event()
    reader = asyncio.create_task(read_stream(base_url, answered_at, ready))
    await ready.wait()
    await asyncio.sleep(1.0)
    started = time.monotonic()
    for index, name in enumerate(names):
        await asyncio.sleep(max(0.0, started + index / rate - time.monotonic()))
        entered_at[name] = time.time()
        simulator.enter(name)
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline and not all(name in answered_at for name in names):  # noqa: ASYNC110
        await asyncio.sleep(0.2)
    reader.cancel()

    latencies = [answered_at[name] - entered_at[name] for name in names if name in answered_at]
    missing = [name for name in names if name not in answered_at]
    calls = list(simulator.requests(STATBATE))
    batch = sum(1 for r in calls if r.path.endswith("/info/batch"))
    most = most_in_any_window([r.at for r in calls])
    p95 = percentile(latencies, 0.95)
    print(f"\n{os.cpu_count()} CPU(s); {count} new arrivals at {rate:g}/s for {seconds:g} s")
    print(f"enter -> card with the look-up's answer on the radar stream: {describe(latencies)}")
    print(f"never answered within {SETTLE_SECONDS:g} s of the last enter: {len(missing)}")
    print(
        f"Statbate requests: {len(calls)} ({batch} batch look-ups), at most {most} in any 60 s "
        f"(limit {STATBATE_LIMIT})"
    )
    print(
        f"p95 {p95:.3f} s (target <= {TARGET_P95_SECONDS:g} s): "
        f"{'ok' if p95 <= TARGET_P95_SECONDS and not missing else 'MISSED'}; "
        f"Statbate {'ok' if most <= STATBATE_LIMIT else 'OVER THE LIMIT'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=5.0, help="new arrivals per second")
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--database-url", help="a server where the bench may create its database")
    args = parser.parse_args()
    viewers = int(args.rate * args.seconds) + 20
    config = SimulatorConfig(seed=11, viewers=viewers, broadcast_length=(10**6, 10**6 + 1))
    with run_simulator(config) as simulator:
        simulator.start_broadcast()
        with (
            database("mhc_bench_arrivals", args.database_url) as url,
            panel(simulator, url) as running,
        ):
            asyncio.run(measure(simulator, running.base_url, args.rate, args.seconds))


if __name__ == "__main__":
    main()
