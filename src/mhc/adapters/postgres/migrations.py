"""A dbmate-compatible migration runner on psycopg.

Files are `<digits>_<name>.sql` with `-- migrate:up` and `-- migrate:down` sections; the
version is the leading digits; applied versions live in `schema_migrations(version)`.
Each file runs in its own transaction, and a session advisory lock keeps two runners apart.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from mhc.domain.errors import MhcError

log = logging.getLogger(__name__)

_FILE_NAME = re.compile(r"^(\d+)_.*\.sql$")
_SECTION = re.compile(r"^--\s*migrate:(up|down)\b(.*)$", re.MULTILINE)
# An arbitrary constant shared by every runner of this schema ("mhc" in ASCII).
MIGRATION_LOCK_KEY = 0x6D6863


class MigrationError(MhcError):
    """A migration file is malformed or failed to apply; the message names the file."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: str
    path: Path
    up: str
    down: str

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True, slots=True)
class MigrationStatus:
    version: str
    name: str
    applied: bool


def load_migrations(directory: Path) -> list[Migration]:
    """Read and parse every migration file in `directory`, ordered by version."""
    migrations: list[Migration] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if match is None:
            raise MigrationError(f"{path.name}: file name must start with a numeric version")
        version = match.group(1)
        if version in seen:
            raise MigrationError(
                f"{path.name}: version {version} also used by {seen[version].name}"
            )
        seen[version] = path
        up, down = _parse_sections(path)
        migrations.append(Migration(version=version, path=path, up=up, down=down))
    return sorted(migrations, key=lambda m: int(m.version))


def _parse_sections(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    markers = list(_SECTION.finditer(text))
    sections: dict[str, str] = {}
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        kind = marker.group(1)
        if kind in sections:
            raise MigrationError(f"{path.name}: more than one '-- migrate:{kind}' section")
        if "transaction:false" in marker.group(2).replace(" ", ""):
            raise MigrationError(f"{path.name}: transaction:false is not supported")
        sections[kind] = text[marker.end() : end].strip()
    if not sections.get("up"):
        raise MigrationError(f"{path.name}: missing or empty '-- migrate:up' section")
    return sections["up"], sections.get("down", "")


def default_migrations_dir() -> Path:
    """`db/migrations` in a source checkout, or the copy packaged inside the wheel."""
    packaged = Path(__file__).resolve().parents[2] / "migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[4] / "db" / "migrations"


class MigrationRunner:
    """Applies and rolls back migrations on one database, under an advisory lock."""

    def __init__(self, database_url: str, directory: Path | None = None) -> None:
        self._url = database_url
        self._directory = directory or default_migrations_dir()

    def up(self) -> list[Migration]:
        """Apply every pending migration in order; returns the ones applied."""
        migrations = load_migrations(self._directory)
        with self._locked_connection() as conn:
            applied = _applied_versions(conn)
            pending = [m for m in migrations if m.version not in applied]
            for migration in pending:
                self._apply(conn, migration, migration.up, forward=True)
        return pending

    def down(self, steps: int | None = 1) -> list[Migration]:
        """Roll back the newest `steps` applied migrations (all of them when None)."""
        migrations = {m.version: m for m in load_migrations(self._directory)}
        with self._locked_connection() as conn:
            applied = sorted(_applied_versions(conn), key=int, reverse=True)
            targets = applied if steps is None else applied[:steps]
            rolled_back = []
            for version in targets:
                migration = migrations.get(version)
                if migration is None:
                    raise MigrationError(f"version {version} is applied but its file is missing")
                if not migration.down:
                    raise MigrationError(f"{migration.name}: no '-- migrate:down' section")
                self._apply(conn, migration, migration.down, forward=False)
                rolled_back.append(migration)
        return rolled_back

    def status(self) -> list[MigrationStatus]:
        migrations = load_migrations(self._directory)
        with psycopg.connect(self._url, autocommit=True) as conn:
            _ensure_table(conn)
            applied = _applied_versions(conn)
        return [MigrationStatus(m.version, m.name, m.version in applied) for m in migrations]

    def _locked_connection(self) -> _LockedConnection:
        return _LockedConnection(self._url)

    @staticmethod
    def _apply(
        conn: psycopg.Connection, migration: Migration, script: str, *, forward: bool
    ) -> None:
        direction = "up" if forward else "down"
        try:
            with conn.transaction():
                conn.execute(script.encode())
                if forward:
                    conn.execute(
                        "INSERT INTO schema_migrations (version) VALUES (%s)", (migration.version,)
                    )
                else:
                    conn.execute(
                        "DELETE FROM schema_migrations WHERE version = %s", (migration.version,)
                    )
        except psycopg.Error as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise MigrationError(f"{migration.name} ({direction}) failed: {detail}") from exc
        log.info("migrated %s: %s", direction, migration.name)


class _LockedConnection:
    """An autocommit connection holding the migration advisory lock while open."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._conn: psycopg.Connection | None = None

    def __enter__(self) -> psycopg.Connection:
        conn = psycopg.connect(self._url, autocommit=True)
        try:
            conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
            _ensure_table(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def __exit__(self, *exc_info: object) -> None:
        assert self._conn is not None
        try:
            self._conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
        finally:
            self._conn.close()


def _ensure_table(conn: psycopg.Connection) -> None:
    conn.execute(
        sql.SQL("CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY)")
    )


def _applied_versions(conn: psycopg.Connection) -> set[str]:
    rows: Sequence[tuple[str]] = conn.execute("SELECT version FROM schema_migrations").fetchall()
    return {row[0] for row in rows}
