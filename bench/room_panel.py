"""What the room benchmarks share: a real panel (the `mhc worker` and `mhc web` processes) on a
fresh database, fed by the simulator, and figures over latencies and the simulator's log.

Not a benchmark itself (no `bench_` prefix): `bench_arrivals.py`, `bench_alert_latency.py` and
`bench_load.py` start it.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.simulator import Simulator

PASSWORD = "bench-owner-password"
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def database(name: str, server_url: str | None) -> Iterator[str]:
    """A fresh, migrated database `name`: on `server_url`, or an embedded server of its own."""
    data_dir: Path | None = None
    server: Any = None
    if server_url is None:
        import pgserver

        data_dir = Path(tempfile.mkdtemp(prefix="mhc-bench-pg-"))
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        server_url = server.get_uri()
    try:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        params = conninfo_to_dict(server_url)
        params["dbname"] = name
        url = make_conninfo(**params)
        if "://" not in url:
            url = _as_url(url)
        MigrationRunner(url).up()
        yield url
    finally:
        if server is not None:
            server.cleanup()
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)


def _as_url(conninfo: str) -> str:
    from urllib.parse import urlencode

    params = conninfo_to_dict(conninfo)
    user, dbname = params.pop("user", "postgres"), params.pop("dbname")
    return f"postgresql://{user}@/{dbname}?{urlencode(params)}"


@dataclass
class Panel:
    base_url: str
    database_url: str
    logs: Path
    # The process ids of `mhc worker` and `mhc web`, by name.
    pids: dict[str, int]


@contextmanager
def panel(simulator: Simulator, database_url: str, **settings: str) -> Iterator[Panel]:
    """`mhc worker` and `mhc web` against `database_url`, pointed at `simulator`."""
    logs = Path(tempfile.mkdtemp(prefix="mhc-bench-logs-"))
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MHC_", "CB_", "STATBATE_", "DATABASE_URL", "RUN_MODE", "LOG_"))
    }
    env.update(simulator.environment())
    env.update(
        DATABASE_URL=database_url,
        MHC_ADMIN_PASSWORD=PASSWORD,
        MHC_SECRET_KEY=SECRET_KEY,
        HOST="127.0.0.1",
        PORT=str(port),
        LOG_LEVEL="WARNING",
        **settings,
    )
    children = []
    for mode in ("worker", "web"):
        argv = [sys.executable, "-m", "mhc.entrypoints.cli", mode]
        if mode == "web":
            argv += ["--no-migrate"]
        log = (logs / f"{mode}.log").open("wb")
        children.append(subprocess.Popen(argv, env=env, cwd=ROOT, stdout=log, stderr=log))
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base_url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or any(c.poll() is not None for c in children):
                raise RuntimeError(f"the panel did not start; see {logs}")
            time.sleep(0.2)
        pids = {mode: child.pid for mode, child in zip(("worker", "web"), children, strict=True)}
        yield Panel(base_url, database_url, logs, pids)
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    index = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[index]


def describe(values: Sequence[float]) -> str:
    return (
        f"n={len(values)} median {statistics.median(values):.3f} s, "
        f"p95 {percentile(values, 0.95):.3f} s, max {max(values):.3f} s"
    )


def most_in_any_window(times: Sequence[float], window: float = 60.0) -> int:
    """The most timestamps any half-open window of `window` seconds holds."""
    ordered = sorted(times)
    most, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        most = max(most, end - start + 1)
    return most


def process_tree(pid: int) -> list[int]:
    """`pid` and every process below it (Linux: /proc)."""
    tree, index = [pid], 0
    while index < len(tree):
        for task in Path(f"/proc/{tree[index]}/task").glob("*/children"):
            with suppress(OSError):
                tree += [int(child) for child in task.read_text().split()]
        index += 1
    return tree


def rss_kib(pid: int) -> int:
    """Resident memory (VmRSS) of `pid` and its children, in KiB; 0 once it is gone."""
    total = 0
    for member in process_tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


async def sse_messages(lines: AsyncIterator[str]) -> AsyncIterator[dict[str, str]]:
    """The messages of a server-sent event stream (`event`, `data`, `id` fields), comments and
    all: a message is the fields up to a blank line."""
    fields: dict[str, str] = {}
    async for line in lines:
        if line:
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
            continue
        if fields:
            yield fields
        fields = {}
