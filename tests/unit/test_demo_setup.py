"""What `mhc demo` gives its processes and prints, decided before anything starts."""

from __future__ import annotations

import socket
from pathlib import Path

from mhc.entrypoints.demo import DemoOptions, banner, child_environment, run_demo
from mhc.entrypoints.settings import load_settings
from mhc.simulator import Simulator, SimulatorConfig

OPTIONS = DemoOptions(
    host="127.0.0.1",
    port=8123,
    seed=1,
    events_per_second=2.0,
    data_dir=None,
    database_url=None,
)
DATABASE = "postgresql://postgres:@/postgres?host=/tmp/demo-socket"
SIMULATOR = Simulator(SimulatorConfig(seed=1))

# Every process needs a key of at least 32 bytes in production.
PRODUCTION_KEY = "production-secret-key-0123456789abcdef"


def test_demo_logs_in_with_demo_and_snapshots_often_when_nothing_is_configured() -> None:
    settings = load_settings({}, env_file=None)

    env = child_environment(OPTIONS, settings, SIMULATOR, DATABASE)

    assert env["MHC_ADMIN_PASSWORD"] == "demo"
    assert env["DATABASE_URL"] == DATABASE
    assert (env["HOST"], env["PORT"], env["MHC_ENV"]) == ("127.0.0.1", "8123", "development")
    assert env["CB_EVENTS_TOKEN"] == SIMULATOR.config.events_token
    assert env["MHC_CB_STATS_POLL_MINUTES"] == "1"
    assert env["MHC_WATCHLIST_SNAPSHOT_MINUTES"] == "2"


def test_owner_choices_win_when_password_and_intervals_are_configured() -> None:
    settings = load_settings(
        {"MHC_ADMIN_PASSWORD": "harbour-lantern-7", "MHC_CB_STATS_POLL_MINUTES": "15"},
        env_file=None,
    )

    env = child_environment(OPTIONS, settings, SIMULATOR, DATABASE)
    printed = banner("http://127.0.0.1:8123", OPTIONS, settings, SIMULATOR, Path(".mhc/demo"))

    assert env["MHC_ADMIN_PASSWORD"] == "harbour-lantern-7"
    # Left as the owner set it (the processes read it where the owner put it).
    assert env.get("MHC_CB_STATS_POLL_MINUTES") != "1"
    assert env["MHC_WATCHLIST_SNAPSHOT_MINUTES"] == "2"
    assert "harbour-lantern-7" not in printed
    assert "password   the one in MHC_ADMIN_PASSWORD" in printed


def test_banner_names_url_password_data_and_how_to_stop_when_printed() -> None:
    settings = load_settings({}, env_file=None)

    printed = banner("http://127.0.0.1:8123", OPTIONS, settings, SIMULATOR, Path(".mhc/demo"))

    assert "  panel      http://127.0.0.1:8123" in printed
    assert "  password   demo" in printed
    assert "  data       .mhc/demo (kept for the next run)" in printed
    assert printed.endswith("Ctrl-C stops it.")


def test_banner_never_shows_the_database_url_when_one_is_given() -> None:
    options = DemoOptions(
        host="127.0.0.1",
        port=8123,
        seed=1,
        events_per_second=2.0,
        data_dir=None,
        database_url="postgresql://mhc:s3cret-pw@db.example/mhc",
    )

    printed = banner(
        "http://127.0.0.1:8123", options, load_settings({}, env_file=None), SIMULATOR, Path("x")
    )

    assert "s3cret-pw" not in printed
    assert "the database given with --database-url" in printed


def test_demo_refuses_to_start_when_in_production() -> None:
    settings = load_settings(
        {"MHC_ENV": "production", "RUN_MODE": "worker", "MHC_SECRET_KEY": PRODUCTION_KEY},
        env_file=None,
    )

    assert run_demo(OPTIONS, settings) == 2


def test_demo_says_which_port_is_taken_when_it_is_in_use() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        options = DemoOptions(
            host="127.0.0.1",
            port=taken.getsockname()[1],
            seed=1,
            events_per_second=2.0,
            data_dir=None,
            database_url=None,
        )

        assert run_demo(options, load_settings({}, env_file=None)) == 1
