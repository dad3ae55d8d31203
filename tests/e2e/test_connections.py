"""The first ten minutes of a new owner, in the browser: a fresh panel with no token anywhere, its
home page saying what to do, the Connections page, the Events API token set there, and the
Radar filling within ten seconds while the worker keeps running: no restart, no settings file.

The panel here is its own (web + worker on a fresh database, the simulator's addresses but none
of its tokens), so the shared panel of the other browser tests keeps its environment tokens.
The flow is a list of steps: choosing the owner's password on first run comes first once the
panel has a setup screen.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Browser, Page, Playwright, expect
from psycopg import sql

from mhc.simulator import SimulatorConfig, run_simulator
from mhc.simulator.server import Simulator
from tests.conftest import database_url_for
from tests.e2e.browser import launch_browser
from tests.e2e.conftest import (
    OWNER_PASSWORD,
    ROOT,
    SPA_DIR,
    Panel,
    _wait_for_health,
    expect_fits_the_screen,
    require_browser_and_spa,
    screenshot,
)
from tests.processes import clean_environment, free_port, mhc_command

pytestmark = pytest.mark.e2e

# The promise: the Radar fills within ten seconds of the token being saved.
RADAR_FILLS_SECONDS = 10.0
SECRET_KEY = "e2e-first-run-secret-key-0123456789abcdef"


@pytest.fixture(scope="module")
def fresh_panel(
    server_url: str, template_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Panel]:
    """Web and worker on a database of their own, pointed at the simulator, with no token."""
    require_browser_and_spa()
    name = f"mhc_e2e_first_run_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template_database)
            )
        )
    database_url = database_url_for(server_url, name)
    logs = tmp_path_factory.mktemp("first-run-logs")
    with run_simulator(SimulatorConfig(seed=12, events_per_second=3.0, viewers=20)) as simulator:
        addresses = {
            key: value for key, value in simulator.environment().items() if key.endswith("_URL")
        }
        port = free_port()
        environment = clean_environment(
            **addresses,
            MHC_BROADCASTER=simulator.config.broadcaster,
            DATABASE_URL=database_url,
            MHC_ADMIN_PASSWORD=OWNER_PASSWORD,
            MHC_SECRET_KEY=SECRET_KEY,
            MHC_DATA_DIR=str(logs / "data"),
            HOST="127.0.0.1",
            PORT=str(port),
            LOG_LEVEL="INFO",
        )
        children = []
        for mode in ("worker", "web"):
            log_file = (logs / f"{mode}.log").open("wb")
            command = mhc_command(mode)
            if mode == "web":
                command += ["--spa-dir", str(SPA_DIR)]
            children.append(
                subprocess.Popen(
                    command, env=environment, cwd=ROOT, stdout=log_file, stderr=log_file
                )
            )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_for_health(base_url, children, logs)
            yield Panel(base_url, simulator, database_url, logs)
        finally:
            for child in children:
                child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()


@pytest.fixture(scope="module")
def fresh_browser(playwright: Playwright, fresh_panel: Panel) -> Iterator[Browser]:
    launched = launch_browser(playwright)
    yield launched
    launched.close()


@pytest.fixture
def fresh_page(fresh_browser: Browser, fresh_panel: Panel) -> Iterator[Page]:
    context = fresh_browser.new_context(
        base_url=fresh_panel.base_url, viewport={"width": 1440, "height": 900}
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


# --- the steps of a first run ------------------------------------------------------------


def log_in(page: Page) -> None:
    """The owner logs in (on a panel with a setup screen, choosing the password comes first)."""
    page.goto("/login")
    page.get_by_test_id("login-password").fill(OWNER_PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("lookup-form").wait_for()


def sees_what_to_do_next(page: Page) -> None:
    """An unconnected panel's home page says what to do, and the header says it is not connected."""
    guide = page.get_by_test_id("get-started")
    expect(guide).to_be_visible()
    expect(guide).to_contain_text("not connected to your Chaturbate room yet")
    expect(guide.get_by_role("link", name="Create it ↗").first).to_have_attribute(
        "href", "https://chaturbate.com/statsapi/authtoken/"
    )
    expect(page.get_by_test_id("connection-indicator")).to_contain_text("Not connected")


def sets_the_events_token(page: Page, token: str) -> float:
    """Through the header's link to Connections: the token saved, tested, working. Returns the
    moment it was saved."""
    page.get_by_test_id("connection-indicator").click()
    expect(page.get_by_test_id("connections-page")).to_be_visible()
    card = page.get_by_test_id("connection-cb_events")
    expect(card.get_by_test_id("connection-state")).to_have_text("Not set")
    card.get_by_test_id("connection-input-token").fill(token)
    card.get_by_test_id("connection-save").click()
    saved_at = time.monotonic()
    # The test's answer, or the worker's once it has taken the token up, whichever came last.
    expect(card.get_by_test_id("connection-message")).to_contain_text(
        re.compile(
            "the token belongs to the room hudson_cage|the worker receives the room's events"
        )
    )
    expect(card).to_have_attribute("data-state", "working")
    expect(card.get_by_test_id("connection-source")).to_contain_text(f"…{token[-4:]}")
    expect(card).not_to_contain_text(token)
    expect(page.get_by_test_id("connection-indicator")).to_have_count(0)
    return saved_at


def radar_fills(page: Page, simulator: Simulator, saved_at: float) -> float:
    """The Radar shows the room's events, the worker having picked the token up by itself."""
    page.get_by_test_id("nav-radar").click()
    expect(page.get_by_test_id("radar-connection")).to_have_attribute("data-state", "live")
    if not simulator.world.live:
        simulator.start_broadcast()
    viewer = next(name for name in simulator.world.viewers if name != "smk_lover")
    simulator.tip(viewer, 321, "first run")
    page.locator('[data-testid="radar-event"]').first.wait_for(
        state="visible", timeout=RADAR_FILLS_SECONDS * 1000
    )
    return time.monotonic() - saved_at


def at_phone_width(page: Page, name: str) -> None:
    """The page at 390 px: nothing wider than the screen; a screenshot to look at."""
    page.set_viewport_size({"width": 390, "height": 844})
    expect_fits_the_screen(page)
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_a_fresh_panel_is_connected_from_the_browser_and_the_radar_fills_without_a_restart(
    fresh_page: Page, fresh_panel: Panel
) -> None:
    page = fresh_page
    log_in(page)
    sees_what_to_do_next(page)
    screenshot(page, "first-run-home-1440")
    at_phone_width(page, "first-run-home")

    saved_at = sets_the_events_token(page, fresh_panel.simulator.config.events_token)
    screenshot(page, "connections-1440")
    at_phone_width(page, "connections")

    took = radar_fills(page, fresh_panel.simulator, saved_at)
    screenshot(page, "first-run-radar-1440")

    assert took < RADAR_FILLS_SECONDS
    worker_log = Path(fresh_panel.logs, "worker.log").read_text(errors="replace")
    assert "an Events API token is set: ingestion starts" in worker_log
    assert fresh_panel.simulator.config.events_token not in worker_log
