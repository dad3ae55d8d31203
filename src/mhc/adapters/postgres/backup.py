"""Backups with PostgreSQL's own tools: `pg_dump -Fc` and `pg_restore`.

The tools come from the pgserver wheel (the embedded server's own version), or from PATH when
the wheel has none. The database password never reaches a command line, where `ps` would show
it, nor an error message: the tools get it through PGPASSWORD in their environment.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from mhc.adapters.postgres.queries import load_queries
from mhc.domain.errors import MhcError
from mhc.domain.secrets import MASK


class BackupError(MhcError):
    """A dump or a restore failed; the message is the tool's own (without the password)."""


@dataclass(frozen=True, slots=True)
class ToolConnection:
    """How a PostgreSQL tool reaches the database: a conninfo without the password, and the
    environment that carries it."""

    conninfo: str
    env: dict[str, str]
    password: str | None


@dataclass(frozen=True, slots=True)
class Transfer:
    """A finished dump or restore: the archive, its size, and how long it took."""

    path: Path
    archive_bytes: int
    database_bytes: int
    seconds: float


def tool_path(name: str, *, server_major: int) -> Path:
    """The PostgreSQL program `name` of the pgserver wheel, else the one on PATH: the first whose
    major version is at least the server's (pg_dump refuses a newer server, and pg_restore cannot
    read the archives of a newer pg_dump)."""
    spec = importlib.util.find_spec("pgserver")
    locations = (spec.submodule_search_locations or []) if spec is not None else []
    candidates = [Path(location) / "pginstall" / "bin" / name for location in locations]
    on_path = shutil.which(name)
    if on_path is not None:
        candidates.append(Path(on_path))
    too_old = []
    for candidate in candidates:
        if not candidate.is_file():
            continue
        major = _major_version(candidate)
        if major >= server_major:
            return candidate
        too_old.append(f"{candidate} is version {major}")
    found = f" ({'; '.join(too_old)})" if too_old else ""
    raise BackupError(
        f"no {name} of PostgreSQL {server_major} or newer{found}: install the PostgreSQL "
        f"{server_major} client programs"
    )


def tool_connection(database_url: str, environ: dict[str, str] | None = None) -> ToolConnection:
    """Split `database_url` into a password-free conninfo and an environment holding it."""
    params = conninfo_to_dict(database_url)
    password = params.pop("password", None)
    env = dict(os.environ if environ is None else environ)
    if password:
        env["PGPASSWORD"] = str(password)
    return ToolConnection(
        conninfo=make_conninfo("", **params), env=env, password=str(password) if password else None
    )


def has_tables(database_url: str) -> bool:
    """Whether the database holds any table of its own (a restore would overwrite it)."""
    return _scalar(database_url, "user_tables") > 0


def dump(database_url: str, target: Path) -> Transfer:
    """Dump the database into `target` (custom format); the file appears only when complete.

    The file is readable by its owner only: a backup holds everything, the owner's TOTP secret
    and the hashes of their keys included.
    """
    started = time.monotonic()
    connection = tool_connection(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # pg_dump truncates the file it is given and keeps its mode.
    partial.touch(mode=0o600)
    try:
        pg_dump = tool_path("pg_dump", server_major=_scalar(database_url, "server_major_version"))
        _run(connection, [str(pg_dump), "--format=custom", f"--file={partial}"])
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return Transfer(
        path=target,
        archive_bytes=target.stat().st_size,
        database_bytes=_scalar(database_url, "database_size"),
        seconds=time.monotonic() - started,
    )


def restore(database_url: str, source: Path, *, replace: bool) -> Transfer:
    """Restore `source` into the database in one transaction: all of it or nothing.

    With `replace`, the archive's objects already in the database are dropped first.
    """
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    started = time.monotonic()
    connection = tool_connection(database_url)
    options = ["--single-transaction", "--no-owner", "--no-privileges"]
    if replace:
        options += ["--clean", "--if-exists"]
    pg_restore = tool_path("pg_restore", server_major=_scalar(database_url, "server_major_version"))
    _run(connection, [str(pg_restore), *options, str(source)])
    return Transfer(
        path=source,
        archive_bytes=source.stat().st_size,
        database_bytes=_scalar(database_url, "database_size"),
        seconds=time.monotonic() - started,
    )


def _run(connection: ToolConnection, command: list[str]) -> None:
    completed = subprocess.run(
        [*command, f"--dbname={connection.conninfo}"],
        env=connection.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        message = (completed.stderr or completed.stdout).strip() or "failed without a message"
        name = Path(command[0]).name
        raise BackupError(
            f"{name} exited with {completed.returncode}: {_masked(message, connection.password)}"
        )


def _major_version(program: Path) -> int:
    """16 for a program that says "pg_dump (PostgreSQL) 16.2"."""
    answer = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"\) (\d+)", answer)
    if match is None:
        raise BackupError(f"{program} --version answered {answer.strip()!r}")
    return int(match.group(1))


def _scalar(database_url: str, query: str) -> int:
    try:
        with psycopg.connect(database_url, autocommit=True) as conn:
            row = conn.execute(load_queries("backup")[query]).fetchone()
    except psycopg.Error as exc:
        password = tool_connection(database_url, environ={}).password
        raise BackupError(
            f"the database does not answer: {_masked(str(exc).strip(), password)}"
        ) from None
    assert row is not None, f"{query} returns one row"
    return int(row[0])


def _masked(message: str, password: str | None) -> str:
    return message.replace(password, MASK) if password else message
