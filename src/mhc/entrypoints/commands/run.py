"""`mhc run` and `mhc demo`: the whole panel (web + worker) from one command.

`run` uses the configured accounts and database; `demo` feeds the panel from the loopback
simulator, on a database of its own (see `mhc.entrypoints.demo`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.entrypoints.database import resolve_database_url
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.supervisor import Supervisor


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run_parser = subparsers.add_parser("run", help="run the web process and the worker together")
    run_parser.set_defaults(handler=run)
    demo = subparsers.add_parser(
        "demo",
        help="run the panel fed by the loopback simulator of Chaturbate and Statbate",
        description="The panel, the worker and a simulated room on a database of the demo's "
        "own; log in with the password 'demo' (or MHC_ADMIN_PASSWORD). Ctrl-C stops it all.",
    )
    demo.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    demo.add_argument("--port", type=int, help="port of the panel (default: PORT, else 8000)")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same synthetic room")
    demo.add_argument(
        "--events-per-second", type=float, default=2.0, help="room activity after the opening"
    )
    demo.add_argument(
        "--data-dir",
        type=Path,
        help="where the demo's embedded PostgreSQL lives (default: MHC_DATA_DIR/demo)",
    )
    demo.add_argument(
        "--database-url",
        help="use this PostgreSQL database instead of the embedded one (DATABASE_URL is not "
        "used, so the demo never writes into the panel's real database)",
    )
    demo.set_defaults(handler=demo_handler)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # The children share one database: started (when embedded) and migrated here, once.
    database_url = resolve_database_url(settings)
    MigrationRunner(database_url).up()
    environment = {**os.environ, "DATABASE_URL": database_url}
    with Supervisor(environment, web_args=["--no-migrate"]) as children:
        children.wait()
    return children.exit_code()


def demo_handler(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here, where only this command needs it (see cli.py).
    from mhc.entrypoints.demo import DemoOptions, run_demo

    options = DemoOptions(
        host=args.host,
        port=args.port or settings.port,
        seed=args.seed,
        events_per_second=max(0.0, args.events_per_second),
        data_dir=args.data_dir,
        database_url=args.database_url,
    )
    return run_demo(options, settings)
