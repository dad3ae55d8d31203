"""The account's rules without I/O: the client address behind proxies, what a TOTP code is,
recovery codes, the argon2 budget, the private socket folder, the capped Retry-After, and the
project settings that keep production lean."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import anyio
import pyotp
import pytest
from argon2 import PasswordHasher
from hypothesis import given
from hypothesis import strategies as st

from mhc.adapters.http import passwords
from mhc.adapters.http.edge import MAX_CLIENT_LENGTH, client_address, host_name, loopback_bound
from mhc.adapters.http.passwords import PasswordChecks, TooBusy
from mhc.adapters.http.second_factor import (
    clean_totp_code,
    matching_step,
    new_recovery_codes,
    recovery_code_digest,
)
from mhc.adapters.postgres.embedded import _short_enough, private_runtime_dir
from mhc.domain.credentials import erased_name_digest
from mhc.domain.errors import ConfigurationError

ROOT = Path(__file__).parents[2]
NOW = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)


# ---- The client's address ---------------------------------------------------------------


def test_the_client_is_the_entry_the_trusted_proxies_appended_when_the_caller_forged_more() -> None:
    forged = "1.2.3.4, 5.6.7.8, 203.0.113.9, 104.22.17.40"

    assert client_address("10.0.0.1", forged, hops=2) == "203.0.113.9"
    assert client_address("10.0.0.1", forged, hops=1) == "104.22.17.40"
    # Without proxies the header is the caller's own writing: the peer counts.
    assert client_address("10.0.0.1", forged, hops=0) == "10.0.0.1"


@given(st.lists(st.text(max_size=80), max_size=6), st.integers(min_value=0, max_value=3))
def test_the_client_address_is_short_whatever_the_header_says(
    entries: list[str], hops: int
) -> None:
    address = client_address("127.0.0.1", ",".join(entries), hops)

    assert 0 < len(address) <= MAX_CLIENT_LENGTH


def test_host_names_are_compared_without_port_or_brackets() -> None:
    assert host_name("LocalHost:8000") == "localhost"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("127.0.0.1") == "127.0.0.1"
    assert all(loopback_bound(host) for host in ("127.0.0.1", "::1", "localhost"))
    assert not loopback_bound("0.0.0.0")


# ---- The second factor ------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["١٢٣٤٥٦", "\uff11\uff12\uff13\uff14\uff15\uff16", "12345", "1234567", "12 345", "abcdef", ""],
)
def test_only_six_ascii_digits_are_a_totp_code(code: str) -> None:
    secret = pyotp.random_base32()

    assert clean_totp_code(code) is None
    assert matching_step(secret, code, NOW) is None


def test_the_current_code_matches_its_step_when_six_ascii_digits() -> None:
    secret = pyotp.random_base32()
    code = pyotp.TOTP(secret).at(NOW)

    assert matching_step(secret, f" {code} ", NOW) == pyotp.TOTP(secret).timecode(NOW)


def test_recovery_codes_are_distinct_and_read_in_any_case_or_spacing() -> None:
    codes = new_recovery_codes()

    assert len(set(codes)) == len(codes) == 10
    first = codes[0]
    assert recovery_code_digest(first) == recovery_code_digest(first.upper().replace("-", " "))
    assert recovery_code_digest("not a code at all") is None


# ---- Password checks within a small server's memory ---------------------------------------


def test_argon2_parameters_fit_a_512_mb_instance_when_two_checks_run_at_once() -> None:
    hasher = passwords.password_hasher()
    mebibytes = hasher.memory_cost / 1024

    assert hasher.type.name == "ID"
    assert mebibytes * passwords.CONCURRENT_CHECKS <= 64
    assert hasher.time_cost >= 2
    assert mebibytes >= 19


async def test_password_checks_run_two_at_a_time_and_refuse_beyond_the_queue() -> None:
    running = 0
    most = 0
    lock = threading.Lock()

    class SlowHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.05)
            with lock:
                running -= 1
            return True

    checks = PasswordChecks(SlowHasher(), concurrent=2, waiting=3)
    outcomes: list[str] = []

    async def attempt() -> None:
        try:
            await checks.verify("$argon2id$whatever", "password")
            outcomes.append("checked")
        except TooBusy:
            outcomes.append("refused")

    async with anyio.create_task_group() as burst:
        for _ in range(12):
            burst.start_soon(attempt)

    assert most == 2
    assert outcomes.count("checked") == 5
    assert outcomes.count("refused") == 7


# ---- Erasure digests --------------------------------------------------------------------


def test_erased_names_are_digested_with_the_key_and_normalised_first() -> None:
    key = b"k" * 32

    assert erased_name_digest("@Big_Tipper_77", key) == erased_name_digest("big_tipper_77", key)
    assert erased_name_digest("big_tipper_77", key) != erased_name_digest("big_tipper_77", b"x")


# ---- The embedded database's socket folder ----------------------------------------------


def test_socket_folder_link_is_private_to_the_user_when_the_data_dir_is_deep(
    tmp_path: Path,
) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60) / "pg"
    runtime = tmp_path / "run"
    runtime.mkdir()

    link = _short_enough(deep, runtime)

    assert link.resolve() == deep.resolve()
    folder = link.parent
    info = folder.lstat()
    assert folder.parent == runtime
    assert info.st_uid == os.getuid()
    assert info.st_mode & 0o077 == 0


def test_a_folder_someone_else_could_enter_is_refused_when_it_takes_the_runtime_name(
    tmp_path: Path,
) -> None:
    planted = tmp_path / f"mhc-{os.getuid()}"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)

    with pytest.raises(ConfigurationError, match="not a folder private"):
        private_runtime_dir(tmp_path)


def test_a_symlink_planted_at_the_runtime_name_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / f"mhc-{os.getuid()}").symlink_to(elsewhere)

    with pytest.raises(ConfigurationError):
        private_runtime_dir(tmp_path)


# ---- What production installs and lint refuses --------------------------------------------


def test_production_code_paths_import_pgserver_only_when_embedding() -> None:
    code = (
        "import sys\n"
        "import mhc.entrypoints.cli, mhc.entrypoints.web, mhc.entrypoints.worker\n"
        "import mhc.entrypoints.container, mhc.entrypoints.database\n"
        "from mhc.entrypoints.cli import build_parser\n"
        "build_parser()\n"
        "assert 'pgserver' not in sys.modules, 'pgserver imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_worker_process_loads_neither_the_web_app_nor_the_simulator() -> None:
    # A process imports the command it runs: the worker's memory is not spent on the HTTP app.
    code = (
        "import sys\n"
        "from mhc.entrypoints.cli import build_parser\n"
        "build_parser()\n"
        "import mhc.entrypoints.worker\n"
        "unneeded = ('litestar', 'uvicorn', 'mhc.adapters.http', 'mhc.simulator')\n"
        "loaded = [name for name in unneeded if name in sys.modules]\n"
        "assert not loaded, f'the worker imports {loaded}'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_ruff_refuses_sql_built_from_strings_everywhere() -> None:
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]

    assert "S" in lint["select"]
    assert "S608" not in lint["ignore"]
    for ignored in lint["per-file-ignores"].values():
        assert not {"S", "S608"} & set(ignored)


def test_exports_and_backups_are_git_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text().splitlines()

    assert "exports/" in ignored
    assert "backups/" in ignored
