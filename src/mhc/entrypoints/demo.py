"""`mhc demo`: the whole panel fed by the loopback simulator, on a database of its own.

One command starts the embedded PostgreSQL in `<MHC_DATA_DIR>/demo` (kept for the next run),
migrates it, starts the simulator with a busy opening show, then the worker and the web
process, and prints where to log in. Ctrl-C ends the simulated broadcast, waits for the worker
to store it, stops everything and the demo's database, and exits 0.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx
import msgspec

from mhc.adapters.postgres.embedded import embedded_database_url
from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.domain.errors import StoreUnavailable
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.library import open_panel
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import DEFAULT_SPA_DIR, Settings
from mhc.entrypoints.supervisor import Supervisor
from mhc.simulator import EVENTS, Simulator, SimulatorConfig, run_simulator
from mhc.simulator.cast import event_key

DEMO_PASSWORD = "demo"
DEMO_WATCHLIST = "Ones to Watch"
# Short job intervals, so snapshot charts and deltas grow while someone watches.
DEMO_CB_STATS_MINUTES = 1
DEMO_WATCHLIST_MINUTES = 2
_WATCHED_HABITS = ("big_tipper", "fan")
_WATCHED_COUNT = 5
_STARTUP_SECONDS = 60.0
_FIRST_POLL_SECONDS = 10.0
# A watched regular walks in this long after the show opens, so an alert fires within the
# first minute (the opening crowd may not hold one).
_WATCHED_ENTRANCE_SECONDS = 12.0
# How long Ctrl-C waits for the worker to store the broadcast's end before stopping it.
_LAST_EVENT_SECONDS = 5.0
_QUIET_SECONDS = 0.2


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoOptions:
    host: str
    port: int
    seed: int
    events_per_second: float
    data_dir: Path | None
    database_url: str | None


def run_demo(options: DemoOptions, settings: Settings) -> int:
    """Run the demo until Ctrl-C; the exit code of the command."""
    if settings.is_production:
        print("mhc: the demo runs in development only (MHC_ENV is production)")
        return 2
    if not _port_is_free(options.host, options.port):
        print(f"mhc: {options.host}:{options.port} is in use: choose another with --port")
        return 1
    data_dir = options.data_dir or settings.data_dir / "demo"
    database_url = options.database_url or embedded_database_url(data_dir, keep_running=False)
    MigrationRunner(database_url).up()
    config = SimulatorConfig(
        seed=options.seed,
        broadcaster=settings.broadcaster,
        # The room stays quiet until the worker's first poll has the opening show: a first
        # poll replays only the latest events.
        events_per_second=0,
    )
    with run_simulator(config) as simulator:
        watched = anyio.run(_watch_regulars, database_url, _regulars(simulator))
        simulator.open_show()
        environment = child_environment(options, settings, simulator, database_url)
        with Supervisor(environment, web_args=["--no-migrate"]) as children:
            url = f"http://{options.host}:{options.port}"
            with httpx.Client(timeout=1.0) as probe:
                started = children.wait_for(lambda: _answers(probe, url), timeout=_STARTUP_SECONDS)
            if started:
                children.wait_for(
                    lambda: bool(simulator.requests(EVENTS)), timeout=_FIRST_POLL_SECONDS
                )
                simulator.set_rate(options.events_per_second)
                entrance = _watched_entrance(simulator, watched)
                print(banner(url, options, settings, simulator, data_dir), flush=True)
                children.wait()
                entrance.cancel()
            if children.stop_requested and simulator.requests(EVENTS):
                demo_settings = msgspec.structs.replace(settings, database_url=database_url)
                _end_broadcast(simulator, demo_settings)
    code = children.exit_code()
    if code:
        print(f"mhc: the demo stopped: a process of the panel exited with code {code}")
    return code


def _regulars(simulator: Simulator) -> list[str]:
    """The room's biggest spenders: the demo puts them on a watchlist for Statbate snapshots."""
    viewers = simulator.world.viewers.values()
    return [v.username for v in viewers if v.habit.name in _WATCHED_HABITS][:_WATCHED_COUNT]


async def _watch_regulars(database_url: str, usernames: Sequence[str]) -> list[str]:
    """Fill the demo's watchlist on the first run; later runs keep what the owner made of it.
    The usernames on the list."""
    async with open_panel(database_url) as panel:
        watchlist = next(w for w in await panel.watchlists.list() if w.name == DEMO_WATCHLIST)
        if not await panel.watchlists.members(watchlist.id, limit=1):
            for username in usernames:
                person = await panel.people.find_or_create(username)
                await panel.watchlists.add_member(watchlist.id, person.id)
        members = await panel.watchlists.members(watchlist.id, limit=100)
        names = []
        for member in members:
            person = await panel.people.find_by_id(member.person_id)
            names.append(person.username)
        return names


def _watched_entrance(simulator: Simulator, watched: Sequence[str]) -> threading.Timer:
    """A watched regular of the simulated room walks in shortly (the alert the demo shows)."""
    regulars = [name for name in watched if name in simulator.world.viewers]

    def walk_in() -> None:
        if regulars:
            simulator.enter(regulars[0])

    timer = threading.Timer(_WATCHED_ENTRANCE_SECONDS, walk_in)
    timer.daemon = True
    timer.start()
    return timer


def child_environment(
    options: DemoOptions, settings: Settings, simulator: Simulator, database_url: str
) -> dict[str, str]:
    """The worker's and the web's environment: the simulator's accounts, the demo's database."""
    environment = dict(os.environ)
    environment.update(simulator.environment())
    environment.update(
        DATABASE_URL=database_url,
        MHC_ENV="development",
        HOST=options.host,
        PORT=str(options.port),
        MHC_ADMIN_PASSWORD=settings.admin_password or DEMO_PASSWORD,
    )
    # Intervals the owner chose (in the environment or .env) win over the demo's.
    defaults = Settings()
    if settings.cb_stats_poll_minutes == defaults.cb_stats_poll_minutes:
        environment["MHC_CB_STATS_POLL_MINUTES"] = str(DEMO_CB_STATS_MINUTES)
    if settings.watchlist_snapshot_minutes == defaults.watchlist_snapshot_minutes:
        environment["MHC_WATCHLIST_SNAPSHOT_MINUTES"] = str(DEMO_WATCHLIST_MINUTES)
    return environment


def banner(
    url: str, options: DemoOptions, settings: Settings, simulator: Simulator, data_dir: Path
) -> str:
    """What the owner needs to start: the URL, the login, where the data is, how to stop."""
    password = "the one in MHC_ADMIN_PASSWORD" if settings.admin_password else DEMO_PASSWORD
    if options.database_url:
        data = "the database given with --database-url"
    else:
        data = f"{data_dir} (kept for the next run)"
    lines = [
        "",
        "MHC Control Panel demo is running",
        f"  panel      {url}",
        f"  password   {password}",
        f"  data       {data}",
        f"  simulator  {simulator.base_url} (seed {options.seed}, "
        f"{options.events_per_second:g} events/s)",
    ]
    if not (DEFAULT_SPA_DIR / "index.html").is_file():
        lines.append("  (the web interface is not built: `make demo` builds it)")
    lines.append("Ctrl-C stops it.")
    return "\n".join(lines)


def _end_broadcast(simulator: Simulator, settings: Settings) -> None:
    """End the simulated broadcast and give the worker a moment to store it, so the next run
    starts a new session instead of continuing this one."""
    simulator.set_rate(0)
    # The simulator's generator may have read the old rate: its last events land first.
    time.sleep(_QUIET_SECONDS)
    stop = simulator.stop_broadcast()
    try:
        anyio.run(_wait_for_cursor, settings, stop["id"])
    except (TimeoutError, StoreUnavailable):
        print("the worker did not store the end of the broadcast: the next run continues it")


async def _wait_for_cursor(settings: Settings, event_id: str) -> None:
    """Return once the worker's stored cursor has passed `event_id`."""
    broadcaster = normalize_username(settings.broadcaster)
    with anyio.fail_after(_LAST_EVENT_SECONDS):
        async with open_container(settings) as container:
            store = container.ingestion_store()
            while True:
                cursor = await store.load_cursor(broadcaster)
                last = cursor.last_event_id if cursor is not None else None
                if last is not None and event_key(last) >= event_key(event_id):
                    return
                await anyio.sleep(0.05)


def _answers(probe: httpx.Client, url: str) -> bool:
    try:
        return probe.get(f"{url}/api/health").status_code < 500
    except httpx.HTTPError:
        return False


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True
