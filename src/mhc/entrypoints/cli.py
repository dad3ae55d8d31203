"""`mhc` command line: one subcommand module per concern under `entrypoints/commands/`.

Every command module is imported to build the parser, so a module imports at its top only what
registering its commands needs; what one command alone needs (the web app, the simulator, the
demo) is imported in that command's handler. A process then loads only what it runs: the worker
never loads the HTTP app (about 330 modules fewer).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from mhc.domain.errors import ConfigurationError, MhcError
from mhc.domain.secrets import mask_secrets
from mhc.entrypoints import commands
from mhc.entrypoints.garbage import collector_paused
from mhc.entrypoints.logs import configure_logging
from mhc.entrypoints.settings import load_settings
from mhc.entrypoints.stop import hold_stop_signals, release_stop_signals
from mhc.entrypoints.supervisor import stop_with_supervisor

log = logging.getLogger("mhc")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mhc", description="MHC Control Panel")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, load settings, run the chosen command; return the exit code."""
    # Until the command runs: a command that handles them itself (`takes_stop_signals`) gets
    # the ones that came meanwhile once it does; the others as it starts.
    hold_stop_signals()
    try:
        return _run(argv)
    finally:
        release_stop_signals()


def _run(argv: Sequence[str] | None) -> int:
    with collector_paused():
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            # RUN_MODE picks the process when no command is given (Render's start command: `mhc`).
            args = parser.parse_args([_default_command()])
    try:
        settings = load_settings()
    except ConfigurationError as exc:
        print(f"mhc: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format, settings.secrets)
    stop_with_supervisor()
    try:
        if not getattr(args, "takes_stop_signals", False):
            release_stop_signals()
        code: int = args.handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except MhcError as exc:
        print(f"mhc: {mask_secrets(str(exc), settings.secrets)}", file=sys.stderr)
        return 1
    return code


def _default_command() -> str:
    try:
        return load_settings().run_mode
    except ConfigurationError:
        return "web"


if __name__ == "__main__":
    sys.exit(main())
