"""`mhc migrate up|down|status`."""

from __future__ import annotations

import argparse

from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.entrypoints.database import resolve_database_url
from mhc.entrypoints.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("migrate", help="apply, roll back or list schema migrations")
    parser.add_argument("direction", choices=("up", "down", "status"), nargs="?", default="up")
    parser.add_argument(
        "--steps", type=int, default=1, help="migrations to roll back with 'down' (default 1)"
    )
    parser.add_argument("--all", action="store_true", help="roll back every migration")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    runner = MigrationRunner(resolve_database_url(settings))
    if args.direction == "up":
        applied = runner.up()
        print(f"applied {len(applied)} migration(s)" + "".join(f"\n  {m.name}" for m in applied))
    elif args.direction == "down":
        rolled_back = runner.down(None if args.all else args.steps)
        print(
            f"rolled back {len(rolled_back)} migration(s)"
            + "".join(f"\n  {m.name}" for m in rolled_back)
        )
    else:
        for status in runner.status():
            print(f"[{'x' if status.applied else ' '}] {status.name}")
    return 0
