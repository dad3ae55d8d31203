"""Failed logins the panel accepts from many forged addresses, and the web process's memory
under a burst of logins.

Run: `uv run python bench/bench_login.py [--seconds 60] [--addresses 100] [--concurrent 50]
[--database-url URL]`.

It starts the real web process (`mhc web`, in a child process, on a fresh database: an embedded
PostgreSQL in a temporary directory unless `--database-url` names a server where it may create
databases) with the production argon2 parameters and one trusted proxy hop, so every request's
`X-Forwarded-For` names the client the throttle counts: the worst case, an attacker who really
holds `--addresses` addresses (or a proxy chain that let the header through).

1. Guessing: for `--seconds`, wrong passwords round-robin from `--addresses` addresses, one
   after the other. It counts the attempts whose password was checked (401) against those
   refused before hashing (429), and reports checked attempts per minute: the global budget
   (a burst of 10, then 10 a minute), not 100 x the per-address allowance.
2. Memory: `--concurrent` logins at once (the right password), five rounds, while it samples
   the process's resident memory; it reports the peak (VmHWM) and the figure before the burst.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

from room_panel import (
    PASSWORD,
    cli_environment,
    database,
    free_port,
    start_cli,
    wait_until_up,
)

BENCH_DB = "mhc_bench_login"
ROUNDS = 5
NOT_UP = "the web process did not come up (its log follows)"


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident memory) of the process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


async def guessing(base_url: str, seconds: float, addresses: int) -> dict[int, int]:
    """Wrong passwords round-robin from `addresses` addresses; answers counted by status."""
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds
    attempt = 0
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        while time.monotonic() < deadline:
            address = f"198.51.{attempt % addresses // 250}.{attempt % addresses % 250 + 1}"
            answer = await client.post(
                "/api/auth/login",
                json={"password": f"guess-{attempt}"},
                headers={"X-Forwarded-For": address},
            )
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
            attempt += 1
    return statuses


async def burst(base_url: str, pid: int, concurrent: int) -> tuple[int, int, dict[int, int]]:
    """ROUNDS bursts of `concurrent` simultaneous logins; (RSS before, peak RSS) in KiB."""
    before = memory_kib(pid)["VmRSS"]
    statuses: dict[int, int] = {}
    peak = before
    done = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, memory_kib(pid)["VmRSS"])
            await asyncio.sleep(0.01)

    limits = httpx.Limits(max_connections=concurrent)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:

        async def login(n: int) -> None:
            answer = await client.post(
                "/api/auth/login",
                json={"password": PASSWORD},
                headers={"X-Forwarded-For": f"203.0.113.{n % 250 + 1}"},
            )
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

        sampler = asyncio.create_task(sample())
        for _ in range(ROUNDS):
            await asyncio.gather(*(login(n) for n in range(concurrent)))
        done.set()
        await sampler
    return before, max(peak, memory_kib(pid)["VmHWM"]), statuses


def measure(base_url: str, database_url: str, pid: int, args: argparse.Namespace) -> None:
    """The guessing, then the burst, against the web process `pid` at `base_url`; prints both."""
    guessed = asyncio.run(guessing(base_url, args.seconds, args.addresses))
    checked = guessed.get(401, 0)
    per_minute = checked * 60 / args.seconds
    print(f"\n{os.cpu_count()} CPU(s); web process pid {pid}")
    print(
        f"guessing {args.seconds:g} s from {args.addresses} addresses: "
        f"{sum(guessed.values())} attempts, {checked} passwords checked (401), "
        f"{guessed.get(429, 0)} refused before hashing (429), other {guessed}"
    )
    print(f"  failed logins accepted per minute: {per_minute:.1f}")

    # A fresh budget for the burst: the guessing spent it.
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE login_budget SET tokens = 0, updated_at = 'epoch'")
        conn.execute("DELETE FROM login_throttle")
    before, peak, statuses = asyncio.run(burst(base_url, pid, args.concurrent))
    print(
        f"{ROUNDS} bursts of {args.concurrent} concurrent logins: answers {statuses}; "
        f"RSS before {before / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB (target < 300 MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--addresses", type=int, default=100)
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--database-url", help="a server where the bench may create its database")
    args = parser.parse_args()

    logs = Path(tempfile.mkdtemp(prefix="mhc-bench-login-")) / "web.log"
    try:
        with database(BENCH_DB, args.database_url) as database_url:
            port = free_port()
            environment = cli_environment(database_url, port, MHC_TRUSTED_PROXY_HOPS="1")
            process = start_cli("web", environment, logs)
            base_url = f"http://127.0.0.1:{port}"
            try:
                asyncio.run(wait_until_up(base_url, failure=NOT_UP))
                measure(base_url, database_url, process.pid, args)
            finally:
                process.terminate()
                process.wait(15)
    except BaseException:
        if logs.is_file():
            print(
                f"--- web process log\n{logs.read_text(errors='replace')[-4000:]}", file=sys.stderr
            )
        raise
    finally:
        shutil.rmtree(logs.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
