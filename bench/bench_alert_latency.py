"""From a watched person's enter to the Pushover request leaving the panel.

Run: `uv run python bench/bench_alert_latency.py [--alerts 60] [--background 3]
[--database-url URL]`.

It puts `alerts` made-up people on the Friends list of a fresh database, starts the simulator
(a live broadcast with `background` random events a second, so the worker is busy as in a
show) and the real panel (`mhc worker` and `mhc web` as processes), then has the friends walk
in one at a time. Each latency runs from the moment the simulator emits the enter to the moment
the simulator's Pushover receives the message naming that friend (loopback: the request leaves
the panel a fraction of a millisecond earlier). It reports the median, p95 and maximum.
"""

from __future__ import annotations

import argparse
import os
import time

import psycopg

from mhc.simulator import Simulator, SimulatorConfig, run_simulator
from room_panel import database, describe, panel, percentile

TARGET_P95_SECONDS = 1.0
WAIT_SECONDS = 10.0
GAP_SECONDS = 0.5


def add_friends(database_url: str, names: list[str]) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        for name in names:
            conn.execute(
                "WITH p AS (INSERT INTO persons (username, role) VALUES (%s, 'VIEWER') "
                "RETURNING id) INSERT INTO watchlist_members (watchlist_id, person_id) "
                "SELECT w.id, p.id FROM watchlists w, p WHERE w.name = 'Friends'",
                (name,),
            )


def pushed_at(simulator: Simulator, name: str) -> float | None:
    for message in simulator.pushover_messages:
        if message.title and message.title.startswith(f"{name}:"):
            return message.received_at
    return None


def measure(simulator: Simulator, friends: list[str], background: float) -> None:
    # The first friend warms the path up (connections, plans); it is not counted.
    latencies: list[float] = []
    missing = 0
    simulator.set_rate(background)
    for index, name in enumerate(friends):
        entered = time.time()
        simulator.enter(name)
        deadline = time.monotonic() + WAIT_SECONDS
        while (received := pushed_at(simulator, name)) is None and time.monotonic() < deadline:
            time.sleep(0.005)
        if received is None:
            missing += 1
        elif index > 0:
            latencies.append(received - entered)
        time.sleep(GAP_SECONDS)
    simulator.set_rate(0)
    p95 = percentile(latencies, 0.95)
    print(
        f"\n{os.cpu_count()} CPU(s); {len(friends)} friends walk in, {background:g} events/s around"
    )
    print(f"enter -> Pushover request received: {describe(latencies)}; never sent: {missing}")
    verdict = "ok" if p95 <= TARGET_P95_SECONDS and not missing else "MISSED"
    print(f"p95 {p95:.3f} s (target <= {TARGET_P95_SECONDS:g} s): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alerts", type=int, default=60)
    parser.add_argument("--background", type=float, default=3.0, help="random events per second")
    parser.add_argument("--database-url", help="a server where the bench may create its database")
    args = parser.parse_args()
    friends = [f"bench_friend_{n:03d}" for n in range(args.alerts + 1)]
    config = SimulatorConfig(seed=12, viewers=60, broadcast_length=(10**6, 10**6 + 1))
    with run_simulator(config) as simulator:
        simulator.start_broadcast()
        with database("mhc_bench_alerts", args.database_url) as url:
            add_friends(url, friends)
            with panel(simulator, url):
                measure(simulator, friends, args.background)


if __name__ == "__main__":
    main()
