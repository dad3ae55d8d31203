"""The connections from a shell: `mhc connections list` and `rekey` (rotating MHC_SECRET_KEY),
and a backup, which holds the values sealed, never in clear."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from mhc.adapters.postgres.backup import tool_path
from mhc.domain.connections import ConnectionName, ConnectionState
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings

MHC = Path(sys.executable).with_name("mhc")
_ENV_PREFIXES = ("MHC_", "CB_", "STATBATE_", "DATABASE_URL", "RUN_MODE", "LOG_")
OLD_KEY = "old-secret-key-of-the-panel-0123456789abcdef"
NEW_KEY = "new-secret-key-of-the-panel-fedcba9876543210"
EVENTS_TOKEN = "evt-Rotate7Keys3Often9Kx4"
XSRF = "plus-xsrf-Aq1Sw2De3Fr4Gt5Hy6"
COOKIE = "plus-cookie-Zx9Cv8Bn7Mm6Ll5Kk4"


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def mhc(database_url: str, cwd: Path, *args: str, **variables: str) -> Ran:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_ENV_PREFIXES)}
    env |= {"DATABASE_URL": database_url, "MHC_DATA_DIR": str(cwd / ".mhc"), **variables}
    done = subprocess.run(
        [str(MHC), *args],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def archive_sql(archive: Path) -> bytes:
    """The SQL of a backup as pg_restore writes it out (the archive itself is compressed)."""
    pg_restore = tool_path("pg_restore", server_major=16)
    return subprocess.run(
        [str(pg_restore), "--file=-", str(archive)], capture_output=True, check=True
    ).stdout


async def set_values(database_url: str, key: str) -> None:
    settings = Settings(database_url=database_url, secret_key=key)
    async with open_container(settings) as container:
        connections = container.connections()
        await connections.set(ConnectionName.CB_EVENTS, EVENTS_TOKEN)
        await connections.set(ConnectionName.STATBATE_PLUS, COOKIE, {"xsrfToken": XSRF})


async def states(database_url: str, key: str) -> dict[str, tuple[ConnectionState, str | None]]:
    """Each stored connection's state and the last four characters shown, under `key`."""
    settings = Settings(database_url=database_url, secret_key=key)
    async with open_container(settings) as container:
        views = await container.connections().views()
    return {view.name.value: (view.state, view.parts[0].hint) for view in views if view.stored}


async def test_rekey_seals_every_value_under_the_new_key_when_given_the_old_one(
    database_url: str, tmp_path: Path
) -> None:
    await set_values(database_url, OLD_KEY)
    before = await states(database_url, NEW_KEY)

    ran = mhc(
        database_url,
        tmp_path,
        "connections",
        "rekey",
        MHC_SECRET_KEY=NEW_KEY,
        MHC_OLD_SECRET_KEY=OLD_KEY,
    )

    assert before == {
        "cb_events": (ConnectionState.UNREADABLE, None),
        "statbate_plus": (ConnectionState.UNREADABLE, None),
    }
    assert ran.code == 0, ran.err
    assert ran.out == "sealed again under the current MHC_SECRET_KEY: cb_events, statbate_plus\n"
    assert await states(database_url, NEW_KEY) == {
        "cb_events": (ConnectionState.SET, EVENTS_TOKEN[-4:]),
        "statbate_plus": (ConnectionState.SET, COOKIE[-4:]),
    }
    assert {state for state, _ in (await states(database_url, OLD_KEY)).values()} == {
        ConnectionState.UNREADABLE
    }
    for secret in (EVENTS_TOKEN, COOKIE, XSRF, OLD_KEY, NEW_KEY):
        assert secret not in ran.out + ran.err


async def test_rekey_fails_naming_what_neither_key_opens_when_the_old_key_is_wrong(
    database_url: str, tmp_path: Path
) -> None:
    await set_values(database_url, OLD_KEY)

    ran = mhc(
        database_url,
        tmp_path,
        "connections",
        "rekey",
        MHC_SECRET_KEY=NEW_KEY,
        MHC_OLD_SECRET_KEY="not-the-previous-key-at-all-0123456789",
    )

    assert ran.code == 1
    assert "still unreadable (neither key opens them): cb_events, statbate_plus" in ran.err


def test_rekey_asks_for_the_old_key_when_it_is_not_given(database_url: str, tmp_path: Path) -> None:
    ran = mhc(database_url, tmp_path, "connections", "rekey", MHC_SECRET_KEY=NEW_KEY)

    assert ran.code == 2
    assert "MHC_OLD_SECRET_KEY" in ran.err


async def test_list_shows_states_and_last_four_characters_never_a_value(
    database_url: str, tmp_path: Path
) -> None:
    await set_values(database_url, OLD_KEY)

    ran = mhc(database_url, tmp_path, "connections", "list", MHC_SECRET_KEY=OLD_KEY)

    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    assert [line.split()[0] for line in lines] == [name.value for name in ConnectionName]
    assert f"cb_events      set        from the panel (…{EVENTS_TOKEN[-4:]})" in lines
    assert EVENTS_TOKEN not in ran.out
    assert XSRF[-4:] in ran.out
    assert XSRF[:-4] not in ran.out


async def test_a_backup_holds_the_values_sealed_and_restores_them_readable(
    database_url: str, empty_database_url: str, tmp_path: Path
) -> None:
    await set_values(database_url, OLD_KEY)

    backed_up = mhc(database_url, tmp_path, "backup", "--out", "nightly.dump")
    restored = mhc(empty_database_url, tmp_path, "restore", "nightly.dump")

    assert backed_up.code == 0, backed_up.err
    script = archive_sql(tmp_path / "nightly.dump")
    assert b"COPY public.connections" in script
    for secret in (EVENTS_TOKEN, COOKIE, XSRF):
        for start in range(len(secret) - 7):
            assert secret[start : start + 8].encode() not in script
    assert restored.code == 0, restored.err
    assert await states(empty_database_url, OLD_KEY) == {
        "cb_events": (ConnectionState.SET, EVENTS_TOKEN[-4:]),
        "statbate_plus": (ConnectionState.SET, COOKIE[-4:]),
    }
