"""`mhc export`, `mhc forget`, `mhc backup` and `mhc restore` run as the owner runs them: a
process with DATABASE_URL in its environment, and a terminal when a confirmation is typed."""

from __future__ import annotations

import getpass
import json
import os
import pty
import re
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql
from tests.integration.seeded_people import TOTP_SECRET, rows_about, seed_people

from mhc.adapters.postgres.export import ALL_TABLES, PERSON_TABLES

MHC = Path(sys.executable).with_name("mhc")
_ENV_PREFIXES = ("MHC_", "CB_", "STATBATE_", "DATABASE_URL", "RUN_MODE", "LOG_")


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def mhc(database_url: str, cwd: Path, *args: str, terminal_input: str | None = None) -> Ran:
    """Run `mhc ARGS`; with `terminal_input`, its stdin is a terminal where that line is typed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_ENV_PREFIXES)}
    env |= {"DATABASE_URL": database_url, "MHC_DATA_DIR": str(cwd / ".mhc")}
    command = [str(MHC), *args]
    if terminal_input is None:
        done = subprocess.run(
            command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True
        )
        return Ran(done.returncode, done.stdout, done.stderr)
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(controller, terminal_input.encode() + b"\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(terminal)
        os.close(controller)
    return Ran(process.returncode, out, err)


def with_database(url: str, dbname: str, password: str = "") -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.split("@")[-1]
    user = urlsplit(url).username or "postgres"
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{netloc}", path=f"/{dbname}"))


def table_rows(database_url: str) -> dict[str, list[str]]:
    """Every table's rows as text, ordered, and every sequence's position."""
    with psycopg.connect(database_url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        rows = {
            table: [
                r[0]
                for r in conn.execute(
                    sql.SQL("SELECT t::text FROM {} t ORDER BY 1").format(sql.Identifier(table))
                )
            ]
            for table in tables
        }
        rows["(sequences)"] = [
            f"{name}={value}"
            for name, value in conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1"
            )
        ]
    return rows


def usernames(database_url: str) -> list[str]:
    with psycopg.connect(database_url) as conn:
        return [r[0] for r in conn.execute("SELECT username FROM persons ORDER BY id")]


def test_export_writes_json_and_csv_and_prints_counts_when_run(
    database_url: str, tmp_path: Path
) -> None:
    seed_people(database_url)

    ran = mhc(database_url, tmp_path, "export", "--out", "out")

    assert ran.code == 0, ran.err
    document = json.loads((tmp_path / "out" / "mhc-export.json").read_text())
    assert list(document["tables"]) == list(ALL_TABLES)
    assert sorted(p.name for p in (tmp_path / "out" / "csv").iterdir()) == sorted(
        f"{table}.csv" for table in ALL_TABLES
    )
    assert ran.out.startswith("exported everything (schema ")
    assert re.search(r"^  interactions +3$", ran.out, re.MULTILINE)
    assert re.search(r"^  api_failures +5$", ran.out, re.MULTILINE)
    assert TOTP_SECRET not in (tmp_path / "out" / "mhc-export.json").read_text()


def test_export_of_one_person_found_by_alias_writes_only_json_when_asked(
    database_url: str, tmp_path: Path
) -> None:
    seed_people(database_url)

    ran = mhc(
        database_url, tmp_path, "export", "--out", "mine", "--person", "Old_Tipper_1",
        "--format", "json",
    )  # fmt: skip

    assert ran.code == 0, ran.err
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["mhc-export.json"]
    document = json.loads((tmp_path / "mine" / "mhc-export.json").read_text())
    assert list(document["tables"]) == list(PERSON_TABLES)
    assert document["person"]["username"] == "big_tipper_77"
    assert ran.out.startswith("exported big_tipper_77 (schema ")


def test_forget_shows_the_plan_and_erases_nothing_when_not_confirmed_without_a_terminal(
    database_url: str, tmp_path: Path
) -> None:
    people = seed_people(database_url)

    ran = mhc(database_url, tmp_path, "forget", "big_tipper_77")

    assert ran.code == 2
    assert ran.out.startswith(f"big_tipper_77 (person {people.tipper}) and everything about them:")
    assert re.search(r"^  interactions +2$", ran.out, re.MULTILINE)
    assert ran.err.strip() == (
        "mhc: nothing erased: type the name in a terminal to confirm, or pass --yes"
    )
    assert rows_about(database_url, people.tipper)["interactions"] == 2


def test_forget_erases_when_the_name_is_typed_at_the_terminal(
    database_url: str, tmp_path: Path
) -> None:
    people = seed_people(database_url)

    ran = mhc(database_url, tmp_path, "forget", "old_tipper_1", terminal_input="big_tipper_77")

    assert ran.code == 0, ran.err
    assert "Type big_tipper_77 to erase them for good: " in ran.out
    assert "erased big_tipper_77: 13 rows; audit entry 1 keeps a keyed digest" in ran.out
    assert set(rows_about(database_url, people.tipper).values()) == {0}
    assert usernames(database_url) == ["night_owl_3"]
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT actor FROM erasures").fetchall() == [
            (f"cli:{getpass.getuser()}",)
        ]


def test_forget_erases_nothing_when_the_typed_name_differs(
    database_url: str, tmp_path: Path
) -> None:
    seed_people(database_url)

    ran = mhc(database_url, tmp_path, "forget", "big_tipper_77", terminal_input="big_tipper_78")

    assert ran.code == 1
    assert ran.err.strip() == "mhc: the name typed does not match: nothing erased"
    assert usernames(database_url) == ["big_tipper_77", "night_owl_3"]


def test_forget_with_yes_erases_and_audits_the_reason_when_run_from_a_script(
    database_url: str, tmp_path: Path
) -> None:
    people = seed_people(database_url)

    ran = mhc(
        database_url, tmp_path, "forget", "night_owl_3", "--yes", "--reason", "asked by email"
    )

    assert ran.code == 0, ran.err
    assert usernames(database_url) == ["big_tipper_77"]
    with psycopg.connect(database_url) as conn:
        audit = conn.execute("SELECT reason, person_id, counts FROM erasures").fetchall()
    assert len(audit) == 1
    assert audit[0][:2] == ("asked by email", people.owl)
    assert audit[0][2]["interactions"] == 1


def test_forget_fails_with_one_line_when_the_name_is_unknown(
    database_url: str, tmp_path: Path
) -> None:
    ran = mhc(database_url, tmp_path, "forget", "ghost_viewer_1", "--yes")

    assert ran.code == 1
    assert ran.err.splitlines() == [
        "mhc: nobody named ghost_viewer_1 is known (neither a username nor an alias): "
        "nothing to forget"
    ]


def test_backup_restored_into_an_empty_database_reproduces_every_table(
    database_url: str, empty_database_url: str, tmp_path: Path
) -> None:
    seed_people(database_url)
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "INSERT INTO erasures (actor, person_id, username_sha256, counts) "
            "VALUES ('cli:hudson', 99, repeat('ab', 32), '{\"persons\": 1}')"
        )

    backed_up = mhc(database_url, tmp_path, "backup", "--out", "nightly.dump")
    restored = mhc(empty_database_url, tmp_path, "restore", "nightly.dump")

    assert backed_up.code == 0, backed_up.err
    assert re.fullmatch(
        r"backed up the database \(\d+\.\d MB\) into nightly\.dump \(\d+\.\d kB\) in \d+\.\d s\n",
        backed_up.out,
    )
    assert stat.S_IMODE((tmp_path / "nightly.dump").stat().st_mode) == 0o600
    assert restored.code == 0, restored.err
    assert restored.out.startswith("restored nightly.dump (")
    assert table_rows(empty_database_url) == table_rows(database_url)
    with psycopg.connect(empty_database_url) as conn:
        # Identities continue after the restored rows.
        conn.execute("INSERT INTO persons (username) VALUES ('late_arrival_9')")


def test_restore_refuses_a_database_with_tables_unless_told_to_replace_them(
    database_url: str, tmp_path: Path
) -> None:
    seed_people(database_url)
    assert mhc(database_url, tmp_path, "backup", "--out", "before.dump").code == 0
    with psycopg.connect(database_url) as conn:
        conn.execute("INSERT INTO persons (username) VALUES ('late_arrival_9')")

    refused = mhc(database_url, tmp_path, "restore", "before.dump")
    names_after_refusal = usernames(database_url)
    replaced = mhc(database_url, tmp_path, "restore", "before.dump", "--yes")

    assert refused.code == 2
    assert refused.err.strip() == (
        "mhc: the database already holds tables; nothing restored. Pass --yes to replace them "
        "with the backup's"
    )
    assert names_after_refusal == ["big_tipper_77", "night_owl_3", "late_arrival_9"]
    assert replaced.code == 0, replaced.err
    assert usernames(database_url) == ["big_tipper_77", "night_owl_3"]


def test_backup_fails_with_one_line_and_no_password_when_the_database_is_missing(
    database_url: str, tmp_path: Path
) -> None:
    missing = with_database(database_url, "no_such_db", password="hunter2-secret")

    ran = mhc(missing, tmp_path, "backup", "--out", "never.dump")

    assert ran.code == 1
    assert ran.err.startswith("mhc: the database does not answer: ")
    assert 'database "no_such_db" does not exist' in ran.err
    assert "hunter2-secret" not in ran.out + ran.err
    assert not list(tmp_path.glob("never.dump*"))


def test_restore_fails_with_the_tools_message_when_the_file_is_no_backup(
    empty_database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("Tips big on Fridays\n")

    ran = mhc(empty_database_url, tmp_path, "restore", "notes.txt")

    assert ran.code == 1
    assert ran.err.startswith("mhc: pg_restore exited with 1: pg_restore: error: ")
    assert "does not appear to be a valid archive" in ran.err


def test_export_files_are_readable_by_the_owner_only_whatever_the_umask(
    database_url: str, tmp_path: Path
) -> None:
    seed_people(database_url)
    stale = tmp_path / "out" / "mhc-export.json"
    stale.parent.mkdir()
    stale.write_text("an older export")
    stale.chmod(0o644)

    ran = mhc(database_url, tmp_path, "export", "--out", "out")

    assert ran.code == 0, ran.err
    written = [stale, *(tmp_path / "out" / "csv").iterdir()]
    assert {path.stat().st_mode & 0o777 for path in written} == {0o600}
    assert (tmp_path / "out" / "csv").stat().st_mode & 0o077 == 0


def test_auth_reset_ends_sessions_keys_and_the_second_factor_when_confirmed(
    database_url: str, tmp_path: Path
) -> None:
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "INSERT INTO auth_sessions (token_hash, expires_at) VALUES (%s, now() + '1 day')",
            (b"s" * 32,),
        )
        conn.execute(
            "INSERT INTO api_keys (name, prefix, key_hash) VALUES ('script', 'mhc_ab', %s)",
            (b"k" * 32,),
        )
        conn.execute("UPDATE auth_owner SET totp_secret = %s", (TOTP_SECRET,))

    unconfirmed = mhc(database_url, tmp_path, "auth", "reset")
    mistyped = mhc(database_url, tmp_path, "auth", "reset", terminal_input="yes")
    typed = mhc(database_url, tmp_path, "auth", "reset", terminal_input="reset")

    assert unconfirmed.code == 2
    assert mistyped.code == 1
    assert typed.code == 0, typed.err
    assert "1 browser session(s) ended, 1 API key(s) revoked, second factor off" in typed.out
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM auth_sessions").fetchone() == (0,)
        assert conn.execute(
            "SELECT count(*) FROM api_keys WHERE revoked_at IS NULL"
        ).fetchone() == (0,)
        assert conn.execute("SELECT totp_secret FROM auth_owner").fetchone() == (None,)


def test_auth_reset_with_yes_can_forget_the_chosen_password_for_a_new_setup_link(
    database_url: str, tmp_path: Path
) -> None:
    with psycopg.connect(database_url) as conn:
        conn.execute("UPDATE auth_owner SET password_hash = '$argon2id$v=19$stored'")

    ran = mhc(database_url, tmp_path, "auth", "reset", "--yes", "--forget-password")

    assert ran.code == 0, ran.err
    assert "start the panel for a setup link" in ran.out
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT password_hash FROM auth_owner").fetchone() == (None,)
