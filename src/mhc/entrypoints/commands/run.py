"""`mhc run` and `mhc demo`: the whole panel (web + worker) from one command.

`run` uses the configured accounts; `demo` first starts the loopback simulator and points both
processes at it, so the panel fills with a synthetic room without any real account.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from types import FrameType

from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.entrypoints.database import resolve_database_url
from mhc.entrypoints.settings import Settings
from mhc.simulator import SimulatorConfig, run_simulator

# How long the children get to finish their batch and exit after SIGTERM.
_SHUTDOWN_GRACE_SECONDS = 15.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run_parser = subparsers.add_parser("run", help="run the web process and the worker together")
    run_parser.set_defaults(handler=run)
    demo = subparsers.add_parser(
        "demo", help="run the panel fed by the loopback simulator of Chaturbate and Statbate"
    )
    demo.add_argument("--seed", type=int, default=1, help="same seed, same synthetic room")
    demo.add_argument("--events-per-second", type=float, default=2.0)
    demo.set_defaults(handler=run_demo)


def run(args: argparse.Namespace, settings: Settings) -> int:
    return supervise(_child_environment(settings, {}))


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    config = SimulatorConfig(
        seed=args.seed, broadcaster=settings.broadcaster, events_per_second=args.events_per_second
    )
    with run_simulator(config) as simulator:
        print(f"simulated Chaturbate and Statbate on {simulator.base_url}", flush=True)
        return supervise(_child_environment(settings, simulator.environment()))


def _child_environment(settings: Settings, overrides: Mapping[str, str]) -> dict[str, str]:
    """The children share one database: started (when embedded) and migrated here, once."""
    database_url = resolve_database_url(settings)
    MigrationRunner(database_url).up()
    environment = dict(os.environ)
    environment.update(overrides)
    environment["DATABASE_URL"] = database_url
    return environment


def supervise(environment: dict[str, str]) -> int:
    """Start `mhc worker` and `mhc web`; when the web process ends or a signal comes, stop both.

    A worker that exits on its own (say, with no Events API token) leaves the web running.
    """
    worker, web = (
        subprocess.Popen([sys.executable, "-m", "mhc.entrypoints.cli", mode], env=environment)
        for mode in ("worker", "web")
    )
    children = [worker, web]
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping and web.poll() is None:
            time.sleep(0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        codes = _terminate(children)
    return 0 if stopping else max(codes)


def _terminate(children: list[subprocess.Popen[bytes]]) -> list[int]:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + _SHUTDOWN_GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return [child.returncode or 0 for child in children]
