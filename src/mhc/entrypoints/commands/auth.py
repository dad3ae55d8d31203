"""`mhc auth reset`: the way back for an owner locked out of the panel (someone enabled a second
factor, a key leaked, the chosen password is forgotten)."""

from __future__ import annotations

import argparse
import sys

import anyio

from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings

CONFIRMATION = "reset"
# Exit code of a refusal that asks for confirmation (a typo gets 1: it was confirmed wrongly).
NEEDS_CONFIRMATION = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    auth = subparsers.add_parser("auth", help="the owner's account: the way back when locked out")
    actions = auth.add_subparsers(dest="auth_command", metavar="ACTION", required=True)
    reset = actions.add_parser(
        "reset",
        help="log every browser out, revoke every API key and turn the second factor off",
        description="Ends every browser session, revokes every API key and turns the second "
        "factor (TOTP and its recovery codes) off; asks to type 'reset' first.",
    )
    reset.add_argument("--yes", action="store_true", help="reset without asking (for scripts)")
    reset.add_argument(
        "--forget-password",
        action="store_true",
        help="forget the password chosen in the panel too: the next start prints a setup link "
        "(a password set by MHC_ADMIN_PASSWORD stays)",
    )
    reset.set_defaults(handler=run_reset)


def run_reset(args: argparse.Namespace, settings: Settings) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            print(
                "mhc: nothing reset: type 'reset' in a terminal to confirm, or pass --yes",
                file=sys.stderr,
            )
            return NEEDS_CONFIRMATION
        print(
            "This logs every browser out, revokes every API key and turns the second factor off"
            + (", and forgets the password." if args.forget_password else ".")
        )
        try:
            typed = input(f"Type {CONFIRMATION} to go on: ")
        except EOFError:
            typed = ""
        if typed.strip().lower() != CONFIRMATION:
            print("mhc: nothing reset", file=sys.stderr)
            return 1
    sessions, keys = anyio.run(_reset, settings, args.forget_password)
    print(
        f"reset: {sessions} browser session(s) ended, {keys} API key(s) revoked, "
        "second factor off"
        + (
            "; the password is forgotten: start the panel for a setup link"
            if args.forget_password
            else ""
        )
    )
    return 0


async def _reset(settings: Settings, forget_password: bool) -> tuple[int, int]:
    # Imported here, where only this command needs it (see cli.py).
    from mhc.adapters.http.auth import OwnerAuth

    async with open_container(settings, migrate=True) as container:
        owner_auth = OwnerAuth(
            store=container.auth_store(),
            clock=container.clock(),
            secret_key=container.secret_key(),
            environment_password=settings.admin_password,
        )
        return await owner_auth.reset(
            forget_password=forget_password and settings.admin_password is None
        )
