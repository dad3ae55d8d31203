"""What the benchmarks share: a fresh database (on a given server or an embedded one), the web
app served in a child process (its log-in, an API key), a real panel (the `mhc worker` and
`mhc web` processes) fed by the simulator, and figures over latencies and the simulator's log.

Not a benchmark itself (no `bench_` prefix): the benchmarks import what they need from it.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
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
from multiprocessing.managers import BaseManager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httptools
import httpx
import msgspec
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.simulator import Simulator, SimulatorConfig

PASSWORD = "bench-owner-password"
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# ---- The database ---------------------------------------------------------------------------


@contextmanager
def postgres_server(server_url: str | None, **settings: str) -> Iterator[str]:
    """`server_url` as it is, or else the URL of an embedded server in a temporary directory,
    started with `settings` and stopped and removed after the block."""
    if server_url is not None:
        yield server_url
        return
    import pgserver

    data_dir = Path(tempfile.mkdtemp(prefix="mhc-bench-pg-"))
    server: Any = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        if settings:
            # Some settings (wal_level) are read only at the server's start: stop it, start again.
            with psycopg.connect(server.get_uri(), autocommit=True) as conn:
                for name, value in settings.items():
                    conn.execute(
                        sql.SQL("ALTER SYSTEM SET {} = {}").format(
                            sql.Identifier(name), sql.Literal(value)
                        )
                    )
            server.cleanup()
            server = pgserver.get_server(data_dir, cleanup_mode="stop")
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(data_dir, ignore_errors=True)


def database_url_for(server_url: str, name: str) -> str:
    """The postgresql:// URL of database `name` on the server of `server_url`."""
    params = conninfo_to_dict(server_url)
    params["dbname"] = name
    url = make_conninfo(**params)  # type: ignore[arg-type]
    return url if "://" in url else _as_url(url)


def fresh_database(server_url: str, name: str) -> str:
    """Database `name` on the server of `server_url`, dropped if it was there, created and
    migrated: its URL."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = database_url_for(server_url, name)
    MigrationRunner(url).up()
    return url


@contextmanager
def database(name: str, server_url: str | None) -> Iterator[str]:
    """A fresh, migrated database `name`: on `server_url`, or an embedded server of its own."""
    with postgres_server(server_url) as server:
        yield fresh_database(server, name)


def _as_url(conninfo: str) -> str:
    from urllib.parse import urlencode

    params = conninfo_to_dict(conninfo)
    user, dbname = params.pop("user", "postgres"), params.pop("dbname")
    return f"postgresql://{user}@/{dbname}?{urlencode(params)}"


# ---- The web app ----------------------------------------------------------------------------


def serve(database_url: str, port: int, **settings: Any) -> None:
    """The web process as `mhc web` runs it, without the SPA (run in a child process)."""
    from mhc.entrypoints import web
    from mhc.entrypoints.settings import Settings

    config = Settings(
        database_url=database_url, admin_password=PASSWORD, secret_key=SECRET_KEY, **settings
    )
    web.serve(config, host="127.0.0.1", port=port, spa_dir=None, migrate=False)


@contextmanager
def web_server(database_url: str, **settings: Any) -> Iterator[str]:
    """`serve` in a child process on a free port, for the block: its base URL. `settings` go to
    the app's `Settings`. The caller waits for it (`wait_until_up`)."""
    port = free_port()
    process = multiprocessing.get_context("spawn").Process(
        target=serve, args=(database_url, port), kwargs=settings, daemon=True
    )
    process.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.join(10)


async def wait_until_up(
    base_url: str, patience: float = 60.0, failure: str = "the server did not come up"
) -> None:
    """Until GET /api/health answers 200; RuntimeError(`failure`) after `patience` seconds."""
    deadline = time.monotonic() + patience
    async with httpx.AsyncClient(base_url=base_url) as client:
        while True:
            try:
                if (await client.get("/api/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(failure)
            await asyncio.sleep(0.2)


async def log_in(client: httpx.AsyncClient) -> dict[str, str]:
    """Logs `client` in as the owner (it keeps the session cookie): the header that writes with
    that session need (the CSRF token)."""
    login = await client.post("/api/auth/login", json={"password": PASSWORD})
    login.raise_for_status()
    return {"X-CSRF-Token": login.json()["csrfToken"]}


async def create_api_key(base_url: str) -> str:
    """Logs in as the owner and creates an API key: the key."""
    async with httpx.AsyncClient(base_url=base_url) as client:
        created = await client.post(
            "/api/auth/keys",
            json={"name": "bench", "password": PASSWORD},
            headers=await log_in(client),
        )
        created.raise_for_status()
        return str(created.json()["key"])


# Settings of this process's environment that must not leak into a benchmark's `mhc` process.
PANEL_VARIABLES = ("MHC_", "CB_", "STATBATE_", "DATABASE_URL", "RUN_MODE", "LOG_", "HOST", "PORT")


def _address_and_head(base_url: str, headers: dict[str, str]) -> tuple[tuple[str, int], str]:
    """Where `base_url` listens, and the header lines of a request to it with `headers`."""
    parts = urlsplit(base_url)
    head = "".join(
        f"{name}: {value}\r\n" for name, value in {"Host": parts.netloc, **headers}.items()
    )
    return (parts.hostname or "127.0.0.1", parts.port or 80), head


class KeepAliveClient:
    """One kept-alive HTTP/1.1 connection with nothing between the timer and the socket but a C
    parser (httptools). httpx spends about 0.9 ms of its own Python on each request, as much
    as the fastest routes' SQL: timing a route through it measures the client too."""

    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        self._address, self._head = _address_and_head(base_url, headers)
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def __aenter__(self) -> KeepAliveClient:
        self._streams = await asyncio.open_connection(*self._address)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None

    async def request(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | list[tuple[str, Any]] | None = None,
        json: Any = None,
    ) -> tuple[int, bytes]:
        """The status and body of one request."""
        assert self._streams is not None, "use the client in an `async with` block"
        reader, writer = self._streams
        target = f"{path}?{urlencode(params, doseq=True)}" if params else path
        body = b"" if json is None else msgspec.json.encode(json)
        head = f"{method} {target} HTTP/1.1\r\n{self._head}"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        writer.write(head.encode() + b"\r\n" + body)
        answer = _Answer()
        parser = httptools.HttpResponseParser(answer)
        while not answer.complete:
            data = await reader.read(65536)
            if not data:
                raise ConnectionError(f"{method} {target}: the server closed the connection")
            parser.feed_data(data)
        return parser.get_status_code(), b"".join(answer.body)


async def stream_body(base_url: str, path: str, headers: dict[str, str]) -> AsyncIterator[bytes]:
    """The body of a streamed GET (a radar's event stream), as it comes, through httptools on a
    socket of its own: first an empty chunk once the answer's head is in, then the body's
    chunks; raises ConnectionError unless it answers 200. httpx spends its own Python (h11,
    httpcore, anyio) on every chunk: fifty streams read through it made the load client the
    busiest process on the machine under `bench_load.py`."""
    address, head = _address_and_head(base_url, headers)
    reader, writer = await asyncio.open_connection(*address)
    writer.write(f"GET {path} HTTP/1.1\r\n{head}\r\n".encode())
    answer = _Answer()
    parser = httptools.HttpResponseParser(answer)
    opened = False
    try:
        while not answer.complete:
            data = await reader.read(65536)
            if not data:
                return
            parser.feed_data(data)
            if answer.head_complete and not opened:
                if parser.get_status_code() != 200:
                    raise ConnectionError(f"GET {path} answered {parser.get_status_code()}")
                opened = True
                yield b""
            if answer.body:
                yield b"".join(answer.body)
                answer.body.clear()
    finally:
        writer.close()


async def lines_of(chunks: AsyncIterator[bytes]) -> AsyncIterator[str]:
    """The lines of a UTF-8 text that comes in chunks, without their line ends."""
    pending = b""
    async for chunk in chunks:
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            yield line.removesuffix(b"\r").decode()


class _Answer:
    """httptools' callbacks for one response."""

    def __init__(self) -> None:
        self.body: list[bytes] = []
        self.head_complete = False
        self.complete = False

    def on_headers_complete(self) -> None:
        self.head_complete = True

    def on_body(self, data: bytes) -> None:
        self.body.append(data)

    def on_message_complete(self) -> None:
        self.complete = True


def cli_environment(database_url: str, port: int, **settings: str) -> dict[str, str]:
    """The environment of an `mhc` process: this one's without any panel setting, then the
    database, the owner's password, the secret key, the address, and `settings`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(PANEL_VARIABLES)}
    environment.update(
        DATABASE_URL=database_url,
        MHC_ADMIN_PASSWORD=PASSWORD,
        MHC_SECRET_KEY=SECRET_KEY,
        HOST="127.0.0.1",
        PORT=str(port),
        LOG_LEVEL="WARNING",
        **settings,
    )
    return environment


def start_cli(mode: str, environment: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`mhc <mode>` in a child process, its output into `log`; `mhc web` does not migrate (the
    database is migrated already)."""
    argv = [sys.executable, "-m", "mhc.entrypoints.cli", mode]
    if mode == "web":
        argv += ["--no-migrate"]
    with log.open("wb") as out:
        return subprocess.Popen(argv, env=environment, cwd=ROOT, stdout=out, stderr=out)


# ---- The simulator in a process of its own --------------------------------------------------


class SimulatorHost:
    """The simulator's controls a bench drives, on a simulator in a process of its own.

    In the bench's process the simulator shares one interpreter lock with the load client:
    under a heavy load (fifty radar streams read) the Events API it stands in for answered the
    worker's polls late, and the worker received a raid's enters up to 10 s after they happened
    while storing each batch within 10 ms of receiving it.
    """

    def __init__(self, config: SimulatorConfig) -> None:
        self._simulator = Simulator(config)
        self._simulator.start()

    def environment(self) -> dict[str, str]:
        return self._simulator.environment()

    def start_broadcast(self) -> None:
        self._simulator.start_broadcast()

    def set_rate(self, events_per_second: float) -> None:
        self._simulator.set_rate(events_per_second)

    def enter_all(self, usernames: list[str]) -> None:
        self._simulator.enter_all(usernames)

    def present(self) -> set[str]:
        """The usernames of everyone in the room now."""
        simulator = self._simulator
        with simulator.app.lock:
            return {v.username for v in simulator.world.viewers.values() if v.present}

    def pid(self) -> int:
        """The process id of the process the simulator serves from."""
        return os.getpid()

    def last_event_id(self) -> str:
        simulator = self._simulator
        with simulator.app.lock:
            return str(simulator.world.events[-1]["id"])

    def stop(self) -> None:
        self._simulator.stop()


class _SimulatorManager(BaseManager):
    pass


_SimulatorManager.register("SimulatorHost", SimulatorHost)


@contextmanager
def simulator_process(config: SimulatorConfig) -> Iterator[SimulatorHost]:
    """A simulator serving from a process of its own; yields a proxy of its SimulatorHost."""
    manager = _SimulatorManager(ctx=multiprocessing.get_context("spawn"))
    manager.start()
    try:
        host: SimulatorHost = manager.SimulatorHost(config)  # type: ignore[attr-defined]
        try:
            yield host
        finally:
            host.stop()
    finally:
        manager.shutdown()


# ---- The panel ------------------------------------------------------------------------------


@dataclass
class Panel:
    base_url: str
    database_url: str
    logs: Path
    # The process ids of `mhc worker` and `mhc web`, by name.
    pids: dict[str, int]


@contextmanager
def panel(
    simulator: Simulator | SimulatorHost, database_url: str, **settings: str
) -> Iterator[Panel]:
    """`mhc worker` and `mhc web` against `database_url`, pointed at `simulator`."""
    logs = Path(tempfile.mkdtemp(prefix="mhc-bench-logs-"))
    port = free_port()
    environment = cli_environment(database_url, port, **{**simulator.environment(), **settings})
    children = [start_cli(mode, environment, logs / f"{mode}.log") for mode in ("worker", "web")]
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


# ---- Figures --------------------------------------------------------------------------------


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


def cpu_seconds(pid: int, *, children: bool = True) -> float:
    """The CPU time `pid` has used so far, with its children's (the ended ones' included) unless
    `children` is false, in seconds (Linux: /proc); 0 once it is gone."""
    ticks = 0
    for member in process_tree(pid) if children else [pid]:
        try:
            # After the name: the state is field 3, so utime, stime, cutime and cstime (fields
            # 14 to 17) are the 12th to 15th.
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(field) for field in fields[11 : 15 if children else 13])
    return ticks / os.sysconf("SC_CLK_TCK")


def postmaster_pid(database_url: str) -> int | None:
    """The process id of the PostgreSQL server of `database_url`, when it runs on this machine."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
        # Read while the connection is open: its server process ends with it.
        try:
            stat = Path(f"/proc/{row[0] if row else 0}/stat").read_text()
        except OSError:
            return None
    name, after = stat.split("(", 1)[1].rsplit(")", 1)
    return int(after.split()[1]) if name.startswith("postgres") else None


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
