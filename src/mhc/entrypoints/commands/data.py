"""`mhc export`, `mhc forget`, `mhc backup`, `mhc restore`: the owner's data out, away and back.

Export writes JSON and CSV from one consistent snapshot; forget erases one person after showing
what would go and asking for their name; backup and restore use PostgreSQL's own tools.
Failures end with a non-zero exit and one line on stderr.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import anyio
import anyio.to_thread

from mhc.adapters.postgres import backup
from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.domain.errors import NotFound
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.database import resolve_database_url
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings
from mhc.ports.exports import Export
from mhc.services.erasure import ErasurePlan
from mhc.services.exports import ExportService

JSON_FILE = "mhc-export.json"
CSV_DIR = "csv"
# Exit code of a refusal that asks for confirmation (a typo gets 1: it was confirmed wrongly).
NEEDS_CONFIRMATION = 2
WRITE_BYTES = 1_048_576
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = subparsers.add_parser(
        "export", help="write all data, or one person's, as JSON and CSV (never credentials)"
    )
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    export.add_argument("--person", metavar="NAME", help="only this person (username or alias)")
    export.add_argument("--format", choices=("json", "csv", "both"), default="both")
    export.set_defaults(handler=run_export)

    forget = subparsers.add_parser(
        "forget", help="erase one person and everything about them (audited, asks first)"
    )
    forget.add_argument("name", help="username or alias")
    forget.add_argument("--yes", action="store_true", help="erase without asking")
    forget.add_argument("--reason", help="why, kept in the audit (at most 500 characters)")
    forget.set_defaults(handler=run_forget)

    dump = subparsers.add_parser("backup", help="back the database up with pg_dump")
    dump.add_argument(
        "--out", type=Path, metavar="FILE", help="default: backups/mhc-<UTC time>.dump"
    )
    dump.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore", help="restore a backup into the configured database (all or nothing)"
    )
    restore.add_argument("file", type=Path, help="a file written by `mhc backup`")
    restore.add_argument(
        "--yes", action="store_true", help="replace a database that already holds tables"
    )
    restore.set_defaults(handler=run_restore)


# ---- export ------------------------------------------------------------------------------


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    return anyio.run(_export, args, settings)


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    out: Path = args.out
    _quiet_logs(settings)
    async with open_container(settings, migrate=True) as container:
        person_id = None
        if args.person is not None:
            person = await container.people().find_by_username(args.person)
            if person is None:
                name = normalize_username(args.person)
                raise NotFound(f"nobody named {name} is known (neither a username nor an alias)")
            person_id = person.id
        exports = container.exports()
        async with exports.open(person_id) as export:
            written = []
            if args.format in ("json", "both"):
                written.append(await _write_json(exports, export, out / JSON_FILE))
            if args.format in ("csv", "both"):
                written.append(await _write_csv(export, out / CSV_DIR))
            counts = dict(export.counts)
    scope = "everything" if export.person is None else export.person.username
    print(f"exported {scope} (schema {export.schema_version}):")
    for line in written:
        print(f"  {line}")
    print(_table_of(counts))
    return 0


async def _write_json(exports: ExportService, export: Export, path: Path) -> str:
    size = await _write(path, exports.json_document(export))
    return f"{path} ({_size(size)})"


async def _write_csv(export: Export, folder: Path) -> str:
    total = 0
    for table in export.tables:
        total += await _write(folder / f"{table}.csv", export.csv(table))
    return f"{folder}/<table>.csv ({len(export.tables)} files, {_size(total)})"


async def _write(path: Path, chunks: AsyncIterator[bytes]) -> int:
    """Write `chunks` into `path` a megabyte at a time (COPY hands out about a row per chunk);
    returns the bytes written. The file is the owner's only (0600), whatever the umask: an
    export is everything the panel knows about people."""
    await anyio.Path(path.parent).mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    await anyio.to_thread.run_sync(_private_file, path)
    pending = bytearray()
    written = 0
    async with await anyio.open_file(path, "wb") as file:
        async for chunk in chunks:
            pending += chunk
            if len(pending) >= WRITE_BYTES:
                written += await file.write(pending)
                pending.clear()
        written += await file.write(pending)
    return written


def _private_file(path: Path) -> None:
    """Create (or truncate) `path` readable by the owner only, tightening an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.close(fd)
    os.chmod(path, PRIVATE_FILE)


# ---- forget ------------------------------------------------------------------------------


def run_forget(args: argparse.Namespace, settings: Settings) -> int:
    return anyio.run(_forget, args, settings)


async def _forget(args: argparse.Namespace, settings: Settings) -> int:
    _quiet_logs(settings)
    async with open_container(settings, migrate=True) as container:
        erasures = container.erasures()
        plan = await erasures.plan(args.name)
        print(_describe(plan))
        if not args.yes:
            if not sys.stdin.isatty():
                print(
                    "mhc: nothing erased: type the name in a terminal to confirm, or pass --yes",
                    file=sys.stderr,
                )
                return NEEDS_CONFIRMATION
            if not await _confirmed(plan.person.username):
                print("mhc: the name typed does not match: nothing erased", file=sys.stderr)
                return 1
        record = await erasures.erase(plan, actor=_actor(), reason=args.reason)
    print(
        f"erased {plan.person.username}: {sum(record.counts.values())} rows; audit entry "
        f"{record.id} keeps a keyed digest of the name, not the name"
    )
    return 0


def _describe(plan: ErasurePlan) -> str:
    person = plan.person
    return "\n".join(
        [
            f"{person.username} (person {person.id}) and everything about them:",
            _table_of(plan.counts),
            "Other people's rows stay, even where they mention the name. Backups made before",
            "now still hold the person.",
        ]
    )


async def _confirmed(username: str) -> bool:
    try:
        typed = await anyio.to_thread.run_sync(input, f"Type {username} to erase them for good: ")
    except EOFError:
        return False
    return typed.strip().lstrip("@").lower() == username


def _actor() -> str:
    """Who erased: the command line and the operating-system account that ran it."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        # A container user without a passwd entry has no login name.
        return "cli"


# ---- backup and restore ------------------------------------------------------------------


def run_backup(args: argparse.Namespace, settings: Settings) -> int:
    _quiet_logs(settings)
    url = resolve_database_url(settings)
    target: Path = args.out or Path("backups") / f"mhc-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump"
    done = backup.dump(url, target)
    # A dump holds everything, credentials included: the owner's only.
    os.chmod(done.path, PRIVATE_FILE)
    print(
        f"backed up the database ({_size(done.database_bytes)}) into {done.path} "
        f"({_size(done.archive_bytes)}) in {done.seconds:.1f} s"
    )
    return 0


def run_restore(args: argparse.Namespace, settings: Settings) -> int:
    _quiet_logs(settings)
    url = resolve_database_url(settings)
    occupied = backup.has_tables(url)
    if occupied and not args.yes:
        print(
            "mhc: the database already holds tables; nothing restored. Pass --yes to replace "
            "them with the backup's",
            file=sys.stderr,
        )
        return NEEDS_CONFIRMATION
    done = backup.restore(url, args.file, replace=occupied)
    print(
        f"restored {done.path} ({_size(done.archive_bytes)}) into the database "
        f"({_size(done.database_bytes)}) in {done.seconds:.1f} s"
    )
    pending = [status.name for status in MigrationRunner(url).status() if not status.applied]
    if pending:
        print(
            f"{len(pending)} migration(s) newer than the backup apply when the panel starts "
            "(or run `mhc migrate up`)"
        )
    return 0


# ---- shared ------------------------------------------------------------------------------


def _quiet_logs(settings: Settings) -> None:
    if settings.log_level != "DEBUG":
        # The output is the command's answer; start-up chatter stays out of the way.
        logging.getLogger().setLevel(logging.ERROR)


def _table_of(counts: Mapping[str, int]) -> str:
    width = max((len(table) for table in counts), default=0)
    lines = [f"  {table:<{width}}  {count:>9,}" for table, count in counts.items()]
    lines.append(f"  {'total':<{width}}  {sum(counts.values()):>9,}")
    return "\n".join(lines)


def _size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    scaled = size / 1000
    for unit in ("kB", "MB"):
        if scaled < 1000:
            return f"{scaled:.1f} {unit}"
        scaled /= 1000
    return f"{scaled:.1f} GB"
