"""The stream report and the owner's clock in a real browser: open a session's report, copy it
and download it; switch to the 12-hour clock and see AM/PM on a person's page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import (
    Panel,
    big_tipper,
    expect_fits_the_screen,
    log_in,
    screenshot,
)
from tests.timing import wait_until_sync

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
AM_PM = re.compile(r"\d{1,2}:\d{2} (AM|PM)")
# Wider than a phone on one line: the recent tips cut it short, the page stays as wide as the phone.
LONG_TIP_NOTE = "for the song at the start of the show, the dance after it and the chat all evening"


@pytest.fixture
def desktop(browser: Browser, panel: Panel) -> Iterator[BrowserContext]:
    """A 1440 px wide browser that lets the page use the clipboard."""
    created = browser.new_context(base_url=panel.base_url, viewport=DESKTOP)
    created.grant_permissions(["clipboard-read", "clipboard-write"])
    created.set_default_timeout(15_000)
    yield created
    created.close()


def a_show(panel: Panel) -> None:
    """A show with a tip in it, ended, so the Hudson page lists a finished session."""
    simulator = panel.simulator
    simulator.start_broadcast()
    simulator.tip(big_tipper(simulator), 250, "for the report")
    simulator.stop_broadcast()


def test_session_report_opens_and_is_copied_and_downloaded(
    desktop: BrowserContext, panel: Panel, tmp_path: Path
) -> None:
    a_show(panel)
    page = desktop.new_page()
    log_in(page)
    page.goto("/hudson")

    ended = page.get_by_test_id("session-row").filter(has_not_text="LIVE").first
    expect(ended).to_be_visible(timeout=20_000)
    ended.get_by_test_id("session-report-open").click()
    dialog = page.get_by_test_id("session-report")
    markdown = dialog.get_by_test_id("report-markdown")
    expect(markdown).to_contain_text("## Top Lovers Board")
    expect(markdown).to_contain_text(re.compile(r"^S: \d{4}-\d{2}-\d{2}"))
    expect(markdown).not_to_contain_text("smk_lover")
    shown = markdown.text_content() or ""
    screenshot(page, "20-session-report", full_page=False)

    dialog.get_by_test_id("report-copy").click()

    expect(dialog.get_by_test_id("report-copy-status")).to_have_text("Copied to the clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == shown
    with page.expect_download() as download:
        dialog.get_by_test_id("report-download").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("stream-report-")
    assert saved.suffix == ".md"
    assert saved.read_text(encoding="utf-8") == shown
    dialog.get_by_test_id("report-close").click()
    expect(dialog).to_be_hidden()


def test_session_report_reads_well_on_a_phone(browser: Browser, panel: Panel) -> None:
    panel.simulator.tip(big_tipper(panel.simulator), 40, LONG_TIP_NOTE)
    phone = browser.new_context(base_url=panel.base_url, viewport=PHONE, is_mobile=True)
    page = phone.new_page()
    log_in(page)
    long_tip = page.get_by_test_id("recent-tip").filter(has_text=LONG_TIP_NOTE)

    def long_tip_shown() -> bool:
        page.goto("/hudson")
        expect(page.get_by_test_id("session-row").first).to_be_visible(timeout=20_000)
        return long_tip.count() == 1

    wait_until_sync(long_tip_shown, every=0.5, what="the long tip among the recent tips")
    expect_fits_the_screen(page)
    screenshot(page, "21-hudson-phone")
    page.get_by_test_id("session-report-open").first.click()
    expect(page.get_by_test_id("report-markdown")).to_contain_text("## Tokens")
    box = page.get_by_test_id("session-report").bounding_box()
    assert box is not None
    assert box["width"] <= PHONE["width"]
    screenshot(page, "21-session-report-phone-dialog", full_page=False)
    phone.close()


def choose_clock(page: Page, clock: str, timezone: str | None = None) -> None:
    page.goto("/settings")
    section = page.get_by_test_id("clock-section")
    expect(section.get_by_test_id("clock-timezone")).to_be_visible()
    if timezone is not None:
        section.get_by_test_id("clock-timezone").fill(timezone)
    section.get_by_test_id(f"clock-{clock}").check()
    if section.get_by_test_id("clock-save").is_enabled():
        section.get_by_test_id("clock-save").click()
        expect(section.get_by_test_id("clock-saved")).to_be_visible()


def test_twelve_hour_clock_shows_am_and_pm_on_the_person_page(
    desktop: BrowserContext, panel: Panel
) -> None:
    tipper = big_tipper(panel.simulator)
    panel.simulator.tip(tipper, 75, "for the clock")
    page = desktop.new_page()
    log_in(page)
    try:
        choose_clock(page, "12h", "America/New_York")
        expect(page.get_by_test_id("clock-preview")).to_have_text(AM_PM)
        screenshot(page, "22-settings-clock")

        page.goto("/")
        page.get_by_test_id("lookup-username").fill(tipper)
        page.get_by_test_id("lookup-submit").click()
        page.get_by_test_id("person-card-link").first.click()

        first_seen = page.locator("time").filter(has_text=AM_PM).first
        expect(first_seen).to_be_visible()
        expect(first_seen).to_contain_text(re.compile(r"E[SD]T$"))
        page.get_by_test_id("tab-interactions").click()
        expect(page.locator("time").filter(has_text=AM_PM).first).to_be_visible()
        screenshot(page, "23-person-12h-clock")
    finally:
        choose_clock(page, "24h", "UTC")
    page.goto("/settings")
    expect(page.get_by_test_id("clock-preview")).not_to_have_text(AM_PM)


def test_settings_page_reads_well_on_a_phone(browser: Browser, panel: Panel) -> None:
    phone = browser.new_context(base_url=panel.base_url, viewport=PHONE, is_mobile=True)
    page = phone.new_page()
    log_in(page)
    page.goto("/settings")

    expect(page.get_by_test_id("clock-section")).to_be_visible()
    screenshot(page, "24-settings-phone")
    expect_fits_the_screen(page)
    phone.close()
