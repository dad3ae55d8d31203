"""What the tests that start `mhc` as real processes share: a free port, the command line, an
environment without the developer's own panel settings, and a probe of the web's health."""

from __future__ import annotations

import itertools
import os
import random
import socket
import sys

import httpx

# Settings a developer's shell may carry; a process under test must see only what the test sets.
_PANEL_SETTINGS = ("MHC_", "CB_", "STATBATE_", "DATABASE_URL", "RUN_MODE", "LOG_", "HOST", "PORT")


# Ports handed to processes under test come from below Linux's ephemeral range (32768 and up),
# so no outgoing connection of the suite can take one between the pick and the child's bind,
# and each xdist worker has a block of its own, so parallel workers never pick the same port.
_FIRST_PORT = 20_000
_PORTS_PER_WORKER = 500
_WORKERS = 25


def _worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    digits = worker.removeprefix("gw")
    return int(digits) % _WORKERS if digits.isdigit() else 0


_block_start = _FIRST_PORT + _worker_index() * _PORTS_PER_WORKER
# A random start: two test runs at once on one machine rarely begin on the same port.
_candidates = itertools.count(random.randrange(_PORTS_PER_WORKER))


def free_port() -> int:
    """A loopback port nobody listens on right now, in this worker's own block."""
    for _ in range(_PORTS_PER_WORKER):
        port = _block_start + next(_candidates) % _PORTS_PER_WORKER
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    last = _block_start + _PORTS_PER_WORKER - 1
    raise RuntimeError(f"no free loopback port in {_block_start}-{last}")


def mhc_command(*argv: str) -> list[str]:
    """`mhc ARGV...` run by the interpreter of the tests."""
    return [sys.executable, "-m", "mhc.entrypoints.cli", *argv]


def clean_environment(**values: str) -> dict[str, str]:
    """This process's environment without any panel setting, plus `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_PANEL_SETTINGS)}
    env.update(values)
    return env


def answers_health(probe: httpx.Client, base_url: str) -> bool:
    """Whether the panel at `base_url` answers its health check with 200 (False while it does
    not listen yet, or no longer)."""
    try:
        return probe.get(f"{base_url}/api/health").status_code == 200
    except httpx.HTTPError:
        return False
