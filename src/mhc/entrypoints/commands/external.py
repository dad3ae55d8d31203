"""Operator commands for the external APIs; every answer is JSON on stdout.

`mhc statbate member-info NAME`, `mhc statbate model-info NAME`, `mhc cb-stats` only read: they
need no database, and record failures in the api_failures log only when DATABASE_URL is set.
`mhc snapshot capture NAME --source ...` and `mhc chat import MODEL` store what they fetch.
A failure ends with a non-zero exit and one line on stderr (cli.py masks secrets in it).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import anyio
import msgspec

from mhc.domain.errors import InvalidInput, NotFound
from mhc.domain.models import SnapshotSource
from mhc.domain.normalizers import (
    normalize_cb_stats,
    normalize_statbate_member,
    normalize_statbate_model,
)
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.commands import backfill
from mhc.entrypoints.container import Container
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings
from mhc.ports.gateways import TimeRange
from mhc.services.capture import CaptureOutcome, CaptureResult

T = TypeVar("T")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    statbate = subparsers.add_parser("statbate", help="ask the Statbate Premium API (JSON out)")
    statbate_commands = statbate.add_subparsers(dest="statbate_command", metavar="COMMAND")
    statbate_commands.required = True
    member = statbate_commands.add_parser("member-info", help="a member's site-wide numbers")
    member.add_argument("name")
    member.add_argument("--timezone", help="IANA time zone of the dates (default UTC)")
    member.set_defaults(handler=member_info)
    model = statbate_commands.add_parser("model-info", help="a model's rank, sessions, income")
    model.add_argument("name")
    _add_interval(model)
    model.add_argument("--timezone", help="IANA time zone of the dates (default UTC)")
    model.set_defaults(handler=model_info)

    cb_stats = subparsers.add_parser(
        "cb-stats", help="the broadcaster's Chaturbate Stats API numbers (JSON out)"
    )
    cb_stats.set_defaults(handler=show_cb_stats)

    snapshot = subparsers.add_parser("snapshot", help="store snapshots of external numbers")
    snapshot_commands = snapshot.add_subparsers(dest="snapshot_command", metavar="COMMAND")
    snapshot_commands.required = True
    capture = snapshot_commands.add_parser("capture", help="fetch one person's numbers and store")
    capture.add_argument("name", nargs="?", help="username (cb_stats: the broadcaster, default)")
    capture.add_argument(
        "--source",
        choices=[SnapshotSource.STATBATE_MEMBER, SnapshotSource.STATBATE_MODEL, "cb_stats"],
        default=SnapshotSource.STATBATE_MEMBER.value,
    )
    capture.set_defaults(handler=snapshot_capture)

    chat = subparsers.add_parser("chat", help="chat history from Statbate Plus")
    chat_commands = chat.add_subparsers(dest="chat_command", metavar="COMMAND")
    chat_commands.required = True
    chat_import = chat_commands.add_parser(
        "import", help="import a room's chat history as interactions (re-runs add nothing)"
    )
    chat_import.add_argument("model")
    _add_interval(chat_import)
    backfill.add_include_erased(chat_import)
    chat_import.set_defaults(handler=import_chat)


def member_info(args: argparse.Namespace, settings: Settings) -> int:
    async def run(container: Container) -> object:
        name = await _allowed(container, settings, args.name)
        fetched = await container.statbate().get_member_info(
            settings.statbate_site, name, timezone=args.timezone
        )
        if fetched is None:
            raise NotFound(f"statbate: member {name} not found on {settings.statbate_site}")
        return _answer(SnapshotSource.STATBATE_MEMBER, name, normalize_statbate_member, fetched.raw)

    return _run_read_only(settings, run)


def model_info(args: argparse.Namespace, settings: Settings) -> int:
    async def run(container: Container) -> object:
        name = await _allowed(container, settings, args.name)
        fetched = await container.statbate().get_model_info(
            settings.statbate_site, name, range=_interval(args), timezone=args.timezone
        )
        if fetched is None:
            raise NotFound(f"statbate: model {name} not found on {settings.statbate_site}")
        return _answer(SnapshotSource.STATBATE_MODEL, name, normalize_statbate_model, fetched.raw)

    return _run_read_only(settings, run)


def show_cb_stats(args: argparse.Namespace, settings: Settings) -> int:
    async def run(container: Container) -> object:
        fetched = await container.cb_stats().get_stats(settings.broadcaster)
        if fetched is None:
            raise NotFound(f"cb_stats: no Stats API room for {settings.broadcaster}")
        return _answer(
            SnapshotSource.CB_STATS, settings.broadcaster, normalize_cb_stats, fetched.raw
        )

    return _run_read_only(settings, run)


def snapshot_capture(args: argparse.Namespace, settings: Settings) -> int:
    source = SnapshotSource(args.source)
    if source != SnapshotSource.CB_STATS and not args.name:
        raise InvalidInput(f"a username is needed to capture {source.value}", field="name")
    if (
        source == SnapshotSource.CB_STATS
        and args.name
        and normalize_username(args.name) != normalize_username(settings.broadcaster)
    ):
        raise InvalidInput(
            f"the Stats API only serves the broadcaster ({settings.broadcaster}, "
            "set by MHC_BROADCASTER)",
            field="name",
        )

    async def run(container: Container) -> CaptureResult:
        capture = container.capture()
        if source == SnapshotSource.STATBATE_MEMBER:
            return await capture.capture_member(args.name)
        if source == SnapshotSource.STATBATE_MODEL:
            return await capture.capture_model(args.name)
        return await capture.capture_cb_stats()

    result = anyio.run(_with_database, settings, run)
    if result.outcome == CaptureOutcome.NOT_FOUND:
        raise NotFound(f"{source.value}: {result.username} not found, nothing stored")
    _print(result)
    return 0


def import_chat(args: argparse.Namespace, settings: Settings) -> int:
    # A backfill: progress on stderr, and the run recorded for the panel.
    return backfill.import_chat(
        settings, args.model, *_bounds(args), include_erased=args.include_erased
    )


def _quiet_logs(settings: Settings) -> None:
    """Output is JSON on stdout and, on failure, one line on stderr (the api_failures log and
    LOG_LEVEL=DEBUG keep the detail): retries and start-up chatter stay out of the way."""
    if settings.log_level != "DEBUG":
        logging.getLogger().setLevel(logging.ERROR)


def _run_read_only(settings: Settings, run: Callable[[Container], Awaitable[object]]) -> int:
    _quiet_logs(settings)

    async def main() -> object:
        database = bool(settings.database_url)
        async with open_container(settings, migrate=database, database=database) as container:
            return await run(container)

    _print(anyio.run(main))
    return 0


async def _with_database(settings: Settings, run: Callable[[Container], Awaitable[T]]) -> T:
    _quiet_logs(settings)
    async with open_container(settings, migrate=True) as container:
        return await run(container)


async def _allowed(container: Container, settings: Settings, username: str) -> str:
    """Refuse excluded people before any paid call; with a database, stored flags count too."""
    if settings.database_url:
        return await container.capture().check_allowed(username)
    name = normalize_username(username)
    if container.exclusion_policy().is_excluded(name):
        raise InvalidInput(f"{name} is excluded and is never sent to Statbate", field="name")
    return name


def _answer(source: SnapshotSource, name: str, normalize: Any, raw: dict[str, Any]) -> object:
    return {"source": source.value, "name": name, "normalized": normalize(raw), "raw": raw}


def _add_interval(parser: argparse.ArgumentParser) -> None:
    help_text = "ISO date or date-time, UTC unless it carries an offset"
    parser.add_argument("--since", type=_moment, help=f"start ({help_text})")
    parser.add_argument("--until", type=_moment, help=f"end ({help_text})")


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or date-time: {text!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _bounds(args: argparse.Namespace) -> tuple[datetime | None, datetime | None]:
    since, until = args.since, args.until
    if since is not None and until is not None and since > until:
        raise InvalidInput("--since must not be later than --until", field="since")
    return since, until


def _interval(args: argparse.Namespace) -> TimeRange | None:
    since, until = _bounds(args)
    if since is None and until is None:
        return None
    return TimeRange(since or datetime(2000, 1, 1, tzinfo=UTC), until or datetime.now(UTC))


def _print(value: object) -> None:
    print(msgspec.json.format(msgspec.json.encode(value), indent=2).decode())
