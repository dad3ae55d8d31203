"""Alerts and the arrival card in a real browser: a watched person walks into the simulated room
while the radar is open, the toast and a browser notification follow; the card's reason and its
figures give one total; the alert settings at desktop and phone widths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Panel, expect_fits_the_screen, log_in, mute_alerts, screenshot

pytestmark = pytest.mark.e2e

# Stands in for the browser's notifications: allowed, as the owner allows them, and recorded.
# Headless Chromium shows none, and its headless shell reports them denied whatever the context
# grants (its requestPermission still answers "granted").
RECORD_NOTIFICATIONS = """
(() => {
  window.__notifications = [];
  class Recorded extends EventTarget {
    static permission = "granted";
    static requestPermission = () => Promise.resolve("granted");
    constructor(title, options) {
      super();
      const { body, tag } = options || {};
      window.__notifications.push({ title, body, tag });
    }
    close() {}
  }
  window.Notification = Recorded;
})();
"""


@contextmanager
def quiet_room(panel: Panel) -> Iterator[None]:
    """The simulated room holds still (nobody else walks in) and alerts are on, for a test."""
    panel.simulator.set_rate(0)
    mute_alerts(panel.database_url, muted=False)
    try:
        yield
    finally:
        mute_alerts(panel.database_url)
        panel.simulator.set_rate(panel.simulator.config.events_per_second)


def add_to_friends(panel: Panel, username: str) -> None:
    with psycopg.connect(panel.database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO persons (username, role) VALUES (%s, 'VIEWER') "
            "ON CONFLICT (platform, lower(username)) DO NOTHING",
            (username,),
        )
        conn.execute(
            "INSERT INTO watchlist_members (watchlist_id, person_id) "
            "SELECT w.id, p.id FROM watchlists w, persons p "
            "WHERE w.name = 'Friends' AND p.username = %s ON CONFLICT DO NOTHING",
            (username,),
        )


def notifications(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate("window.__notifications || []")
    return found


def test_a_watched_person_walking_in_raises_a_toast_and_a_browser_notification(
    browser: Browser, panel: Panel
) -> None:
    friend = "e2e_friend_42"
    add_to_friends(panel, friend)
    context = browser.new_context(base_url=panel.base_url, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(RECORD_NOTIFICATIONS)
    try:
        page = context.new_page()
        log_in(page)
        page.goto("/radar")
        expect(page.get_by_test_id("radar-connection")).to_have_attribute("data-state", "live")
        toggle = page.get_by_test_id("alert-notifications-toggle")
        if toggle.get_attribute("aria-pressed") != "true":
            toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")

        with quiet_room(panel):
            if not panel.simulator.world.live:
                panel.simulator.start_broadcast()
            panel.simulator.enter(friend)
            toast = page.locator(f'[data-testid="alert-toast"]:has-text("{friend}")')
            expect(toast).to_be_visible(timeout=15_000)
            expect(toast).to_contain_text("entered; on Friends")
            page.wait_for_function(
                "name => (window.__notifications || []).some(n => n.title.includes(name))",
                arg=friend,
            )
            screenshot(page, "20-radar-alert-toast")

        [raised] = [n for n in notifications(page) if friend in n["title"]]
        assert raised["body"] == "entered; on Friends"
        assert re.fullmatch(r"mhc-alert-\d+", raised["tag"])
        assert any(friend in (m.title or "") for m in panel.simulator.pushover_messages)
    finally:
        context.close()


def test_the_arrival_cards_reason_and_tips_here_agree_when_they_tip_while_shown(
    page: Page, panel: Panel
) -> None:
    whale = "e2e_agreeing_whale"
    simulator = panel.simulator
    page.goto("/radar")
    expect(page.get_by_test_id("radar-connection")).to_have_attribute("data-state", "live")

    with quiet_room(panel):
        if not simulator.world.live:
            simulator.start_broadcast()
        simulator.tip(whale, 600)
        simulator.tip(whale, 600)
        simulator.enter(whale)
        card = page.locator(
            f'[data-testid="radar-card"][data-spotlight="true"][data-username="{whale}"]'
        )
        expect(card.get_by_test_id("radar-tips-here")).to_have_text("1,200")
        simulator.tip(whale, 55)
        expect(card.get_by_test_id("radar-tips-here")).to_have_text("1,255")

        reason = card.get_by_test_id("radar-highlight-reason").inner_text()
        tips_here = card.get_by_test_id("radar-tips-here").inner_text()
        expect(page.get_by_test_id("radar-legend")).to_contain_text("big spender")
        screenshot(page, "21-radar-card-totals")

    totals = re.findall(r"([\d,]+) tokens tipped in this room", reason)
    assert totals == [tips_here], (reason, tips_here)


@pytest.mark.parametrize(("width", "height", "name"), [(1440, 900, "desktop"), (390, 844, "phone")])
def test_the_alert_settings_fit_the_screen_and_send_a_test_alert(
    browser: Browser, panel: Panel, width: int, height: int, name: str
) -> None:
    context = browser.new_context(
        base_url=panel.base_url, viewport={"width": width, "height": height}
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        log_in(page)
        page.goto("/settings")
        expect(page.get_by_test_id("alert-rule")).to_have_count(5)
        page.get_by_test_id("alert-test").click()
        expect(page.get_by_test_id("alert-test-outcome")).to_contain_text("Pushover took it")
        expect(page.get_by_test_id("alert-log-item").first).to_contain_text("Test alert")
        screenshot(page, f"22-settings-alerts-{name}")
        expect_fits_the_screen(page)
        page.goto("/radar")
        expect(page.get_by_test_id("radar-legend")).to_be_visible()
        expect(page.get_by_test_id("radar-connection")).to_have_attribute("data-state", "live")
        screenshot(page, f"23-radar-{name}")
    finally:
        context.close()
