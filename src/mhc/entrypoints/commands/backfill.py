"""`mhc backfill snapshots NAME... | --watchlist NAME`, `mhc backfill tips [--since] [--until]`
and `mhc backfill list`: long imports with progress on stderr and the final record as JSON on
stdout. `mhc chat import` runs through here too.

Every run is recorded in the backfills table (origin `cli`) as it goes, so the panel shows it
next to the ones it queued. A run that ends as failed exits 1 with one line on stderr; Ctrl-C
records it as cancelled; one cancelled from the panel stops after the chunk in hand and exits
EXIT_CANCELLED.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from datetime import UTC, date, datetime

import anyio
import msgspec

from mhc.domain.backfills import (
    Backfill,
    BackfillKind,
    BackfillRequest,
    BackfillStatus,
    day_end,
    day_start,
)
from mhc.domain.errors import InvalidInput
from mhc.entrypoints.backfill_runner import run_backfill
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.progress import ProgressDisplay
from mhc.entrypoints.settings import Settings

# Neither success nor failure: the owner stopped the run from the panel (1 is a failed run, 2 a
# usage error, 130 Ctrl-C).
EXIT_CANCELLED = 3
_DATE_HELP = "ISO date (whole day, UTC) or date-time (UTC unless it carries an offset)"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backfill = subparsers.add_parser(
        "backfill", help="long imports with progress, recorded for the panel"
    )
    commands = backfill.add_subparsers(dest="backfill_command", metavar="COMMAND")
    commands.required = True

    snapshots = commands.add_parser(
        "snapshots", help="Statbate member snapshots of names, or of a watchlist's members"
    )
    snapshots.add_argument("names", nargs="*", metavar="NAME")
    snapshots.add_argument("--watchlist", metavar="NAME", help="every member of this watchlist")
    add_include_erased(snapshots)
    snapshots.set_defaults(handler=backfill_snapshots)

    tips = commands.add_parser(
        "tips",
        help="the room's tip history from Statbate, older than what the worker recorded live",
    )
    tips.add_argument("--since", type=_since, help=f"start ({_DATE_HELP})")
    tips.add_argument("--until", type=_until, help=f"end ({_DATE_HELP}; a date counts whole)")
    add_include_erased(tips)
    tips.set_defaults(handler=backfill_tips)

    listing = commands.add_parser("list", help="recent backfills, newest first (JSON)")
    listing.add_argument("--limit", type=int, default=20)
    listing.set_defaults(handler=list_backfills)


def backfill_snapshots(args: argparse.Namespace, settings: Settings) -> int:
    if bool(args.names) == bool(args.watchlist):
        raise InvalidInput("give either names or --watchlist NAME", field="names")
    request = BackfillRequest(
        kind=BackfillKind.STATBATE_SNAPSHOTS,
        usernames=tuple(args.names),
        watchlist_name=args.watchlist,
        include_erased=args.include_erased,
    )
    return _finish(run_attended(settings, request))


def backfill_tips(args: argparse.Namespace, settings: Settings) -> int:
    request = BackfillRequest(
        kind=BackfillKind.TIP_HISTORY,
        since=args.since,
        until=args.until,
        include_erased=args.include_erased,
    )
    return _finish(run_attended(settings, request))


def list_backfills(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.limit <= 500:
        raise InvalidInput("--limit must be between 1 and 500", field="limit")

    async def main() -> object:
        async with open_container(settings, migrate=True) as container:
            return await container.backfills().recent(limit=args.limit)

    _print(anyio.run(main))
    return 0


def import_chat(
    settings: Settings,
    model: str,
    since: datetime | None,
    until: datetime | None,
    *,
    include_erased: bool = False,
) -> int:
    """`mhc chat import`: the chat-import backfill, answered in the import's own terms."""
    request = BackfillRequest(
        kind=BackfillKind.CHAT_IMPORT,
        room=model,
        since=since,
        until=until,
        include_erased=include_erased,
    )
    finished = run_attended(settings, request)
    if finished.status is not BackfillStatus.DONE:
        return _finish(finished)
    summary = finished.summary
    counts: tuple[str, ...] = ("fetched", "stored", "people", "skipped")
    if summary.get("skipped_erased"):
        counts += ("skipped_erased",)
    _print({"model": finished.params.get("room"), **{key: summary.get(key, 0) for key in counts}})
    return 0


def add_include_erased(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--include-erased",
        action="store_true",
        help="import people an erasure forgot as well (they are left out otherwise)",
    )


def run_attended(settings: Settings, request: BackfillRequest) -> Backfill:
    """Record and run one backfill in this process, drawing its progress on stderr."""
    _quiet_logs(settings)
    display = ProgressDisplay(sys.stderr)

    async def main() -> Backfill:
        async with open_container(settings, migrate=True) as container:
            service = container.backfills()
            backfill = await service.start(request, worker_id=_identity())
            print(f"backfill {backfill.id}: {backfill.label}", file=sys.stderr, flush=True)
            try:
                return await run_backfill(
                    service, backfill, listener=display, requeue_on_stop=False
                )
            finally:
                display.close()

    return anyio.run(main)


def _finish(backfill: Backfill) -> int:
    _print(backfill)
    if backfill.status is BackfillStatus.FAILED:
        print(f"mhc: backfill {backfill.id} failed: {backfill.last_error}", file=sys.stderr)
        return 1
    if backfill.status is BackfillStatus.CANCELLED:
        so_far = backfill.done + backfill.failed
        of = "" if backfill.total is None else f"/{backfill.total}"
        print(
            f"mhc: backfill {backfill.id} cancelled from the panel after {so_far}{of} "
            f"{backfill.unit}",
            file=sys.stderr,
        )
        return EXIT_CANCELLED
    return 0


def _identity() -> str:
    return f"cli@{socket.gethostname()}:{os.getpid()}"


def _quiet_logs(settings: Settings) -> None:
    """The bar and the answer are the output: retries and start-up chatter stay out of the way
    (the api_failures log and LOG_LEVEL=DEBUG keep the detail)."""
    if settings.log_level != "DEBUG":
        logging.getLogger().setLevel(logging.ERROR)


def _since(text: str) -> datetime:
    moment = _moment(text)
    return moment if isinstance(moment, datetime) else day_start(moment)


def _until(text: str) -> datetime:
    moment = _moment(text)
    return moment if isinstance(moment, datetime) else day_end(moment)


def _moment(text: str) -> date | datetime:
    """A bare date stays a date (its meaning depends on the bound); a date-time is UTC-aware."""
    try:
        if len(text.strip()) == len("2026-01-31"):
            return date.fromisoformat(text.strip())
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or date-time: {text!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _print(value: object) -> None:
    print(msgspec.json.format(msgspec.json.encode(value), indent=2).decode())
