"""The migration runner against a real PostgreSQL server."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest

from mhc.adapters.postgres.migrations import (
    MigrationError,
    MigrationRunner,
    default_migrations_dir,
    load_migrations,
)


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return {row[0] for row in rows}


def _applied(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]


def test_up_creates_every_table_when_database_is_fresh(empty_database_url: str) -> None:
    applied = MigrationRunner(empty_database_url).up()

    assert [m.version for m in applied] == [
        m.version for m in load_migrations(default_migrations_dir())
    ]
    assert {
        "persons",
        "person_aliases",
        "snapshots",
        "interactions",
        "stream_sessions",
        "notes",
        "attributes",
        "watchlists",
        "watchlist_members",
        "api_failures",
        "events_cursor",
        "worker_heartbeat",
        "schema_migrations",
    } <= _tables(empty_database_url)


def test_up_is_a_no_op_when_everything_is_applied(empty_database_url: str) -> None:
    runner = MigrationRunner(empty_database_url)
    runner.up()

    assert runner.up() == []
    assert all(status.applied for status in runner.status())


def test_full_down_then_up_restores_the_schema(empty_database_url: str) -> None:
    runner = MigrationRunner(empty_database_url)
    runner.up()
    before = _tables(empty_database_url)

    rolled_back = runner.down(steps=None)

    assert len(rolled_back) == len(load_migrations(default_migrations_dir()))
    assert _tables(empty_database_url) == {"schema_migrations"}
    runner.up()
    assert _tables(empty_database_url) == before
    with psycopg.connect(empty_database_url) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM watchlists ORDER BY id")]
    assert names == ["Friends", "Known Streamers", "Ones to Watch", "Banned But Craved", "Excluded"]


def test_two_concurrent_runners_apply_each_migration_once(empty_database_url: str) -> None:
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(len(MigrationRunner(empty_database_url).up()))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [0, len(load_migrations(default_migrations_dir()))]
    assert len(_applied(empty_database_url)) == len(set(_applied(empty_database_url)))


def test_broken_migration_leaves_database_as_it_was_and_names_the_file(
    empty_database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "001_good.sql").write_text(
        "-- migrate:up\nCREATE TABLE good (id int);\n-- migrate:down\nDROP TABLE good;\n"
    )
    (tmp_path / "002_broken.sql").write_text(
        "-- migrate:up\nCREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n"
        "-- migrate:down\nDROP TABLE half_done;\n"
    )
    runner = MigrationRunner(empty_database_url, tmp_path)

    with pytest.raises(MigrationError, match=r"002_broken\.sql"):
        runner.up()

    assert _applied(empty_database_url) == ["001"]
    assert "half_done" not in _tables(empty_database_url)
    assert "good" in _tables(empty_database_url)


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("abc.sql", "-- migrate:up\nSELECT 1;\n", "numeric version"),
        ("003_empty.sql", "-- migrate:down\nSELECT 1;\n", "migrate:up"),
        ("004_twice.sql", "-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n", "more than one"),
    ],
)
def test_malformed_file_is_rejected_when_loading(
    tmp_path: Path, name: str, text: str, problem: str
) -> None:
    (tmp_path / name).write_text(text)

    with pytest.raises(MigrationError, match=problem):
        load_migrations(tmp_path)


def test_down_refuses_when_a_file_has_no_down_section(
    empty_database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "001_one_way.sql").write_text("-- migrate:up\nCREATE TABLE one_way (id int);\n")
    runner = MigrationRunner(empty_database_url, tmp_path)
    runner.up()

    with pytest.raises(MigrationError, match=r"001_one_way\.sql"):
        runner.down()
    assert _applied(empty_database_url) == ["001"]
