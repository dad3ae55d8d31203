"""`mhc connections list` and `mhc connections rekey`: the panel's connections from a shell.

`list` prints each connection's state and where its value comes from (never the value: the
last four characters at most). `rekey` seals every value stored on the panel again under the
current MHC_SECRET_KEY, opening them with the previous key, read from MHC_OLD_SECRET_KEY or
typed at a terminal (never taken from the command line, where other users could see it).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

import anyio

from mhc.adapters.crypto import SecretBox
from mhc.domain.connections import ConnectionView
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.logs import mask_in_logs
from mhc.entrypoints.settings import Settings

OLD_KEY_VARIABLE = "MHC_OLD_SECRET_KEY"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    connections = subparsers.add_parser(
        "connections", help="the services' credentials set on the panel"
    )
    commands = connections.add_subparsers(dest="connections_command", metavar="COMMAND")
    commands.required = True
    listing = commands.add_parser("list", help="each connection's state (never its value)")
    listing.set_defaults(handler=list_connections)
    rekey = commands.add_parser(
        "rekey",
        help=f"seal the stored values under the current MHC_SECRET_KEY ({OLD_KEY_VARIABLE} "
        "holds the previous one)",
    )
    rekey.set_defaults(handler=rekey_connections)


def list_connections(args: argparse.Namespace, settings: Settings) -> int:
    return anyio.run(_list, settings)


async def _list(settings: Settings) -> int:
    async with open_container(settings, migrate=True) as container:
        views = await container.connections().views()
    for view in views:
        print(describe(view))
    return 0


def describe(view: ConnectionView) -> str:
    """One line: name, state, where the value comes from and its last four characters."""
    hints = ", ".join(f"…{part.hint}" for part in view.parts if part.hint)
    source = f" from the {view.source.value}" if view.source is not None else ""
    line = f"{view.name.value:<14} {view.state.value:<10}{source}"
    if hints:
        line += f" ({hints})"
    if view.message:
        line += f": {view.message}"
    return line


def rekey_connections(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.secret_key:
        print("mhc: set MHC_SECRET_KEY to the new key first", file=sys.stderr)
        return 2
    old_key = os.environ.get(OLD_KEY_VARIABLE) or _typed_old_key()
    if not old_key:
        print(
            f"mhc: the previous key is needed: set {OLD_KEY_VARIABLE} (or run this at a terminal)",
            file=sys.stderr,
        )
        return 2
    mask_in_logs(old_key)
    return anyio.run(_rekey, settings, old_key)


async def _rekey(settings: Settings, old_key: str) -> int:
    async with open_container(settings, migrate=True) as container:
        connections = container.connections()
        resealed = await connections.rekey(SecretBox(old_key))
        views = await connections.views()
    names = ", ".join(name.value for name in resealed) or "none"
    print(f"sealed again under the current MHC_SECRET_KEY: {names}")
    unreadable = [view.name.value for view in views if view.state.value == "unreadable"]
    if unreadable:
        print(
            f"mhc: still unreadable (neither key opens them): {', '.join(unreadable)}; set them "
            "again on the Connections page",
            file=sys.stderr,
        )
        return 1
    return 0


def _typed_old_key() -> str:
    if not sys.stdin.isatty():
        return ""
    return getpass.getpass("previous MHC_SECRET_KEY: ").strip()
