"""The owner's account in the browser: the first run's setup link, the Account settings (a key
made with the password, the open sessions) and "Forget this person", at desktop and phone
widths."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect
from psycopg import sql

from tests.conftest import database_url_for
from tests.e2e.conftest import OWNER_PASSWORD, ROOT, SPA_DIR, expect_fits_the_screen, screenshot
from tests.processes import answers_health, clean_environment, free_port, mhc_command
from tests.timing import wait_until_sync

pytestmark = pytest.mark.e2e

SETUP_LINK = re.compile(r"(http://\S+/setup\?token=\S+)")
CHOSEN_PASSWORD = "first-run-password-2026"
PHONE = {"width": 390, "height": 844}


def test_account_settings_make_a_key_with_the_password_and_list_the_sessions(
    page: Page,
) -> None:
    page.goto("/settings")
    section = page.get_by_test_id("account-section")
    expect(section).to_be_visible()
    # Other tests' logins are open sessions too: this browser's is one of them, marked.
    expect(page.get_by_test_id("session-row").filter(has_text="this browser")).to_have_count(1)

    page.get_by_test_id("api-key-name").fill("e2e script")
    page.get_by_test_id("api-key-create-password").fill("not-the-password")
    page.get_by_test_id("api-key-create-submit").click()
    expect(page.get_by_test_id("api-key-create-error")).to_contain_text("password", timeout=15_000)
    page.get_by_test_id("api-key-create-password").fill(OWNER_PASSWORD)
    page.get_by_test_id("api-key-create-submit").click()
    expect(page.get_by_test_id("api-key-secret")).to_contain_text("mhc_", timeout=15_000)
    screenshot(page, "settings-account-1440")

    page.set_viewport_size(PHONE)
    page.get_by_test_id("totp-setup-password").fill(OWNER_PASSWORD)
    page.get_by_test_id("totp-setup-submit").click()
    expect(page.get_by_test_id("totp-confirm")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    screenshot(page, "settings-account-390")
    expect_fits_the_screen(page)


def test_forget_this_person_asks_for_the_name_typed(page: Page) -> None:
    page.get_by_test_id("lookup-username").fill("forget_me_e2e")
    page.get_by_test_id("lookup-submit").click()
    # A name the panel has never seen: opening it creates the person.
    page.get_by_test_id("lookup-new-open").click()
    expect(page.get_by_test_id("person-username")).to_have_text("forget_me_e2e")

    page.get_by_test_id("forget-person").click()
    expect(page.get_by_test_id("forget-dialog")).to_contain_text("persons 1")
    page.get_by_test_id("forget-confirm").fill("someone_else")
    expect(page.get_by_test_id("forget-submit")).to_be_disabled()
    page.get_by_test_id("forget-confirm").fill("forget_me_e2e")
    screenshot(page, "forget-person-1440")
    page.get_by_test_id("forget-submit").click()

    expect(page).to_have_url(re.compile(r"/people"))


@pytest.fixture
def unconfigured_panel(
    server_url: str, template_database: str, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """`mhc web` on a fresh database with no password anywhere: (base URL, printed output)."""
    if not (SPA_DIR / "index.html").is_file():
        pytest.skip("the SPA is not built (make frontend)")
    name = f"mhc_e2e_setup_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template_database)
            )
        )
    port = free_port()
    output = tmp_path / "web.log"
    environment = clean_environment(
        DATABASE_URL=database_url_for(server_url, name),
        MHC_DATA_DIR=str(tmp_path / ".mhc"),
        HOST="127.0.0.1",
        PORT=str(port),
    )
    with output.open("wb") as log:
        web = subprocess.Popen(
            [*mhc_command("web", "--spa-dir", str(SPA_DIR))],
            env=environment,
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not SETUP_LINK.search(output.read_text(errors="replace")):
            assert web.poll() is None, output.read_text(errors="replace")
            assert time.monotonic() < deadline, output.read_text(errors="replace")
            time.sleep(0.2)
        with httpx.Client(timeout=2) as probe:
            # The link is printed as the app starts, before the server listens.
            wait_until_sync(
                lambda: answers_health(probe, base_url),
                within=60,
                every=0.2,
                what="the web's health",
            )
        yield base_url, output.read_text(errors="replace")
    finally:
        web.send_signal(signal.SIGTERM)
        web.wait(15)
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_the_first_run_link_chooses_the_password_and_the_owner_logs_in_with_it(
    browser: Browser, unconfigured_panel: tuple[str, str]
) -> None:
    base_url, printed = unconfigured_panel
    match = SETUP_LINK.search(printed)
    assert match is not None
    assert match.group(1).startswith(f"{base_url}/setup?token=")
    assert "MHC_ADMIN_PASSWORD" not in printed
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(match.group(1))
        page.get_by_test_id("setup-password").fill(CHOSEN_PASSWORD)
        page.get_by_test_id("setup-password-again").fill(CHOSEN_PASSWORD)
        screenshot(page, "setup-390")
        page.get_by_test_id("setup-submit").click()

        expect(page.get_by_test_id("login-welcome")).to_be_visible()
        page.get_by_test_id("login-password").fill(CHOSEN_PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.get_by_test_id("lookup-form").wait_for()
        # The link is used up.
        page.goto(match.group(1))
        expect(page.get_by_test_id("setup-done-already")).to_be_visible()
    finally:
        context.close()
