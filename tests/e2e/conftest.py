"""End-to-end fixtures: the real panel (web + worker processes) on a real database, fed by the
simulator, driven in Debian's headless Chromium through Playwright.

With no browser (or no built SPA) the tests skip loudly on a developer's machine and fail in CI
(`CI=true`), where `.ci/run` installs Chromium.

In a parallel run the browser tests come last (they are collected last) and are shared out
like the others: each xdist worker that runs some sets up its own panel, Chromium and login,
once. No browser test relies on another having run on the same panel.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    StorageState,
    expect,
    sync_playwright,
)
from psycopg import sql

from mhc.simulator import SimulatorConfig, run_simulator
from mhc.simulator.cast import EXCLUDED_REGULAR
from mhc.simulator.server import Simulator
from tests.conftest import IN_CI, database_url_for
from tests.e2e.browser import HEADLESS_SHELL, headless_browser_path, launch_browser
from tests.processes import answers_health, free_port, mhc_command
from tests.timing import wait_until_sync

ROOT = Path(__file__).resolve().parents[2]
SPA_DIR = ROOT / "frontend" / "dist"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
OWNER_PASSWORD = "e2e-owner-password"
# Ceilings for what the browser waits for, generous for two workers on two busy cores: a page
# that is ready ends the wait at once.
ACTION_TIMEOUT_MS = 30_000
expect.set_options(timeout=20_000)


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"end-to-end tests cannot run in CI: {reason}", pytrace=False)
    print(f"\n\n*** SKIPPING END-TO-END BROWSER TESTS: {reason} ***\n", file=sys.stderr)
    pytest.skip(reason)


def require_browser_and_spa() -> None:
    """What every browser test needs: a Chromium to drive and the built SPA to serve."""
    _require(
        headless_browser_path() is not None,
        f"no Chromium on this machine (apt-get install {HEADLESS_SHELL})",
    )
    _require((SPA_DIR / "index.html").is_file(), "the SPA is not built (make frontend)")


@dataclass
class Panel:
    """A running panel: its address, the simulator feeding it and its database."""

    base_url: str
    simulator: Simulator
    database_url: str
    logs: Path


@pytest.fixture(scope="package")
def e2e_database_url(server_url: str, template_database: str) -> str:
    name = f"mhc_e2e_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template_database)
            )
        )
    return database_url_for(server_url, name)


@pytest.fixture(scope="package")
def panel(e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Panel]:
    require_browser_and_spa()
    logs = tmp_path_factory.mktemp("panel-logs")
    config = SimulatorConfig(seed=7, events_per_second=4.0, viewers=30)
    with run_simulator(config) as simulator:
        port = free_port()
        environment = {
            **os.environ,
            **simulator.environment(),
            "DATABASE_URL": e2e_database_url,
            "MHC_ADMIN_PASSWORD": OWNER_PASSWORD,
            "MHC_SECRET_KEY": "e2e-secret-key-0123456789abcdef0123456789",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "LOG_LEVEL": "INFO",
        }
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
            mute_alerts(e2e_database_url)
            yield Panel(base_url, simulator, e2e_database_url, logs)
        finally:
            for child in children:
                child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()


def mute_alerts(database_url: str, *, muted: bool = True) -> None:
    """Alerts (toasts) come from the simulated room at random: muted, they cannot cover what a
    test clicks. The alert tests unmute them for their own run."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE alert_settings"
            " SET muted_until = CASE WHEN %s THEN now() + interval '1 day' END",
            (muted,),
        )


@dataclass(frozen=True)
class Seeded:
    """The people the person routes show."""

    person: int
    username: str
    model: int


@contextmanager
def api_client(panel: Panel) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=panel.base_url, timeout=30) as client:
        answer = client.post("/api/auth/login", json={"password": OWNER_PASSWORD})
        answer.raise_for_status()
        client.headers["X-CSRF-Token"] = answer.json()["csrfToken"]
        yield client


def _look_up(
    client: httpx.Client, username: str, role: str | None = None, *, statbate: bool = True
) -> int:
    """Open the person (a lookup creates nobody) and, with `statbate`, capture their Statbate
    numbers (not for the owner: a lookup never reads the owner as a name)."""
    body: dict[str, Any] = {"username": username}
    if role:
        body["role"] = role
    opened = client.post("/api/people", json=body)
    opened.raise_for_status()
    if statbate:
        client.post("/api/lookup", json={**body, "includeStatbate": True}).raise_for_status()
    person_id: int = opened.json()["id"]
    return person_id


@pytest.fixture(scope="package")
def seeded(panel: Panel) -> Seeded:
    """A regular with tips, two Statbate captures, a note and tags; and the room's model."""
    simulator = panel.simulator
    regular = next(
        viewer
        for viewer in simulator.world.with_habit("big_tipper")
        if viewer.username != EXCLUDED_REGULAR
    )
    simulator.tip(regular.username, 250, "for the page tour")
    with api_client(panel) as client:
        person = _look_up(client, regular.username)
        _look_up(client, regular.username)
        client.post(
            f"/api/person/{person}/note",
            json={"content": "Tips big on Fridays; asks for the fox costume."},
        ).raise_for_status()
        client.put(
            f"/api/person/{person}/attributes",
            json={"attributes": [{"key": "tipper", "value": "whale"}]},
        ).raise_for_status()
        model = _look_up(client, simulator.config.broadcaster, role="MODEL", statbate=False)
    return Seeded(person=person, username=regular.username, model=model)


def _wait_for_health(base_url: str, children: list[subprocess.Popen[bytes]], logs: Path) -> None:
    def settled(probe: httpx.Client) -> str | None:
        if any(child.poll() is not None for child in children):
            return "a process exited"
        return "healthy" if answers_health(probe, base_url) else None

    try:
        with httpx.Client(timeout=2) as probe:
            outcome = wait_until_sync(
                lambda: settled(probe), within=120, every=0.1, what="the panel's health"
            )
    except AssertionError:
        outcome = "no answer within 120 s"
    if outcome == "healthy":
        return
    output = "\n".join(
        f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}" for p in logs.iterdir()
    )
    pytest.fail(f"the panel did not become healthy ({outcome}):\n{output}", pytrace=False)


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="package")
def browser(playwright: Playwright, panel: Panel) -> Iterator[Browser]:
    launched = launch_browser(playwright)
    yield launched
    launched.close()


def new_context(
    browser: Browser, panel: Panel, *, storage_state: StorageState | None = None
) -> BrowserContext:
    """A fresh browser context on the panel: nobody logged in, or the cookies and storage of
    `storage_state` (another context's)."""
    created = browser.new_context(
        base_url=panel.base_url,
        viewport={"width": 1366, "height": 900},
        storage_state=storage_state,
    )
    created.set_default_timeout(ACTION_TIMEOUT_MS)
    return created


@pytest.fixture(scope="package")
def owner_context(browser: Browser, panel: Panel) -> Iterator[BrowserContext]:
    """The owner's browser, logged in once through the login page (each login hashes the
    password, slowly on purpose), and with the SPA's assets cached after the first page."""
    created = new_context(browser, panel)
    log_in(created.new_page())
    yield created
    created.close()


@pytest.fixture
def context(browser: Browser, panel: Panel) -> Iterator[BrowserContext]:
    """A browser context nobody is logged in to."""
    created = new_context(browser, panel)
    yield created
    created.close()


@pytest.fixture
def page(owner_context: BrowserContext) -> Iterator[Page]:
    """A new page of the owner's logged-in browser, on the home page."""
    opened = owner_context.new_page()
    opened.goto("/")
    opened.get_by_test_id("lookup-form").wait_for()
    yield opened
    opened.close()


@pytest.fixture
def clocked_page(browser: Browser, owner_context: BrowserContext, panel: Panel) -> Iterator[Page]:
    """A page of the owner's session in a context of its own, whose clock the test moves on
    (`page.clock.fast_forward`) rather than waiting out what the SPA times, such as an Undo."""
    created = new_context(browser, panel, storage_state=owner_context.storage_state())
    created.clock.install()
    yield created.new_page()
    created.close()


def big_tipper(simulator: Simulator) -> str:
    """The username of the simulated room's first big tipper."""
    return simulator.world.with_habit("big_tipper")[0].username


def log_in(page: Page) -> None:
    page.goto("/login")
    page.get_by_test_id("login-password").fill(OWNER_PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("lookup-form").wait_for()


def add_to_watchlist(page: Page, username: str) -> Locator:
    """Add someone on the open watchlist by name, as a new person if the panel never saw them."""
    page.get_by_test_id("watchlist-add-username").fill(username)
    page.get_by_test_id("watchlist-add-submit").click()
    member = page.locator(f'[data-testid="watchlist-member"][data-username="{username}"]')
    unknown = page.get_by_test_id("watchlist-unknown-name")
    expect(member.or_(unknown).first).to_be_visible()
    if unknown.is_visible():
        expect(unknown).to_contain_text(username)
        page.get_by_test_id("watchlist-add-new-person").click()
    expect(member).to_have_count(1)
    return member


def screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    """Save a screenshot of the page (or of the screen) for a person to look at
    (tests/e2e/screenshots/), with every animation at its end: a card that has just come in as
    it settles, not half faded in. In CI, where nobody looks at them, none is taken."""
    if IN_CI:
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page, animations="disabled"
    )


def overflow_of(page: Page) -> str | None:
    """What makes the page wider than its screen (the innermost boxes past the right edge), or
    None when it fits. Content that scrolls inside its own box (a tab strip, a wide table) fits."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    found: dict[str, Any] = page.evaluate(
        """(width) => {
            const scrollWidth = Math.max(
                document.documentElement.scrollWidth, document.body.scrollWidth);
            if (scrollWidth <= width) return {scrollWidth, culprits: []};
            // Past the edge, unless a box that scrolls or clips it ends within the screen.
            const clipped = (element) => {
                for (let up = element.parentElement; up; up = up.parentElement) {
                    const scrolls = getComputedStyle(up).overflowX !== 'visible';
                    if (scrolls && up.getBoundingClientRect().right <= width) return true;
                }
                return false;
            };
            const past = [...document.body.querySelectorAll('*')].filter((element) => {
                const box = element.getBoundingClientRect();
                return box.right > width && box.width > 0 && !clipped(element);
            });
            // The innermost of them say why.
            const innermost = (element) =>
                !past.some((other) => other !== element && element.contains(other));
            const culprits = past
                .filter(innermost)
                .slice(0, 8)
                .map((element) => {
                    const box = element.getBoundingClientRect();
                    const id = element.getAttribute('data-testid');
                    const classes = element.getAttribute('class');
                    const name = id ? `[${id}]` : classes ? `.${classes.split(' ')[0]}` : '';
                    const text = (element.textContent || '').trim().slice(0, 40);
                    return `${element.tagName.toLowerCase()}${name}`
                        + ` ${box.left.toFixed(1)}-${box.right.toFixed(1)}px "${text}"`;
                });
            return {scrollWidth, culprits};
        }""",
        width,
    )
    if found["scrollWidth"] <= width:
        return None
    return f"{found['scrollWidth']} px wide on a {width} px screen: {'; '.join(found['culprits'])}"


def expect_fits_the_screen(page: Page, within: float = 10.0) -> None:
    """Wait until the page (whose parts may still be loading) is no wider than its screen; fail
    naming what sticks out, with a screenshot of it (`did-not-fit.png`)."""
    overflow: str | None = None

    def fits() -> bool:
        nonlocal overflow
        overflow = overflow_of(page)
        return overflow is None

    try:
        wait_until_sync(fits, within=within, every=0.2, what=lambda: f"the page to fit: {overflow}")
    except AssertionError:
        screenshot(page, "did-not-fit")
        raise
