"""What the tests that start `mhc` as real processes share: a free port, the command line, and
an environment without the developer's own panel settings."""

from __future__ import annotations

import os
import socket
import sys

# Settings a developer's shell may carry; a process under test must see only what the test sets.
_PANEL_SETTINGS = ("MHC_", "CB_", "STATBATE_", "DATABASE_URL", "RUN_MODE", "LOG_", "HOST", "PORT")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def mhc_command(*argv: str) -> list[str]:
    """`mhc ARGV...` run by the interpreter of the tests."""
    return [sys.executable, "-m", "mhc.entrypoints.cli", *argv]


def clean_environment(**values: str) -> dict[str, str]:
    """This process's environment without any panel setting, plus `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_PANEL_SETTINGS)}
    env.update(values)
    return env
