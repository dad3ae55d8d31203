"""`mhc web`: serve the HTTP API and the single-page app."""

from __future__ import annotations

import argparse
from pathlib import Path

from mhc.entrypoints.settings import DEFAULT_SPA_DIR, Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "web", help="serve the HTTP API and the web interface on HOST:PORT"
    )
    parser.add_argument("--host", help="address to bind (default: HOST, else 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to bind (default: PORT, else 8000)")
    parser.add_argument(
        "--spa-dir",
        type=Path,
        default=DEFAULT_SPA_DIR,
        help=f"the built frontend to serve at / (default: {DEFAULT_SPA_DIR})",
    )
    parser.add_argument(
        "--no-migrate",
        action="store_true",
        help="do not apply pending migrations at start-up",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here, where only this command needs it (see cli.py).
    from mhc.entrypoints.web import serve

    serve(
        settings,
        host=args.host,
        port=args.port,
        spa_dir=args.spa_dir,
        migrate=not args.no_migrate,
    )
    return 0
