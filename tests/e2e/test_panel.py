"""The owner's main flows in a real browser against the real panel, fed by the simulator."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from mhc.simulator.config import ROUTES, STATBATE
from tests.e2e.conftest import Panel, big_tipper, log_in, screenshot

pytestmark = pytest.mark.e2e

PASTED_CHAT = """\
big_tipper_77: hello hudson!
quiet_lurker_12: hi @chatty_friend_3
big_tipper_77 tipped 50 tokens -- for the show
smk_lover: hey
chatty_friend_3: lol
"""


def test_login_page_refuses_a_wrong_password_when_logging_in(context: BrowserContext) -> None:
    page = context.new_page()
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_test_id("login-password").fill("not-the-password")
    page.get_by_test_id("login-submit").click()

    expect(page.get_by_test_id("login-form")).to_contain_text(re.compile("password", re.I))
    screenshot(page, "01-login")


def test_lookup_of_pasted_chat_lists_every_person_but_the_excluded(page: Page) -> None:
    page.get_by_test_id("lookup-paste").fill(PASTED_CHAT)
    page.get_by_test_id("lookup-submit").click()

    # One row a name, known or new (a lookup creates nobody); the excluded name in none.
    rows = page.locator('[data-testid="lookup-row"], [data-testid="lookup-new-row"]')
    expect(rows).to_have_count(3)
    for name in ("big_tipper_77", "quiet_lurker_12", "chatty_friend_3"):
        expect(page.get_by_test_id("lookup-results")).to_contain_text(name)
    expect(page.get_by_test_id("excluded-notice")).to_contain_text("smk_lover")
    screenshot(page, "02-lookup-results")


def test_person_page_keeps_a_note_and_a_tag_when_added(page: Page) -> None:
    page.get_by_test_id("lookup-username").fill("note_taker_5")
    page.get_by_test_id("lookup-submit").click()
    # A name the panel has never seen: opening it creates the person.
    page.get_by_test_id("lookup-new-open").click()
    expect(page.get_by_test_id("person-username")).to_contain_text("note_taker_5")
    screenshot(page, "03-person-overview")

    page.get_by_test_id("tab-notes").click()
    page.get_by_test_id("note-input").fill("Tips big on Fridays")
    page.get_by_test_id("note-add").click()
    expect(page.get_by_test_id("note-content")).to_have_text("Tips big on Fridays")
    screenshot(page, "04-person-notes")

    page.get_by_test_id("tab-attributes").click()
    page.get_by_test_id("tag-key").fill("tipper")
    page.get_by_test_id("tag-value").fill("whale")
    page.get_by_test_id("tag-add").click()
    expect(page.get_by_test_id("attribute-row")).to_contain_text("whale")
    screenshot(page, "05-person-attributes")

    page.reload()
    page.get_by_test_id("tab-notes").click()
    expect(page.get_by_test_id("note-content")).to_have_text("Tips big on Fridays")
    page.get_by_test_id("tab-attributes").click()
    expect(page.get_by_test_id("attribute-row")).to_contain_text("whale")


def test_a_new_names_open_button_stays_where_it_is_when_the_lists_load(page: Page) -> None:
    # The lists the row offers load after it: held back here until the button has been measured.
    held: list[Route] = []
    page.route("**/api/watchlists", lambda route: held.append(route))
    page.get_by_test_id("lookup-username").fill("steady_button_6")
    with page.expect_request("**/api/watchlists"):
        page.get_by_test_id("lookup-submit").click()
    lists = page.get_by_test_id("lookup-new-list")
    expect(lists).to_be_disabled()
    before = page.get_by_test_id("lookup-new-open").bounding_box()

    held[0].continue_()
    expect(lists).to_be_enabled()
    assert page.get_by_test_id("lookup-new-open").bounding_box() == before


def test_session_starts_and_ends_from_the_header(page: Page, panel: Panel) -> None:
    # The simulated room holds still meanwhile: a broadcastStop of its would end the session.
    panel.simulator.set_rate(0)
    try:
        status = page.get_by_test_id("session-status")
        # Whether a session is live is known once the header no longer says "Checking…".
        expect(status).not_to_contain_text("Checking")
        if status.get_attribute("data-live") == "true":
            page.get_by_test_id("session-end").click()
            page.get_by_test_id("session-end-confirm").click()
            expect(status).to_have_attribute("data-live", "false")

        page.get_by_test_id("session-start").click()
        expect(status).to_have_attribute("data-live", "true")
        expect(status).to_contain_text("LIVE")
        screenshot(page, "06-session-live")

        # One click asks first; the show stays live until the owner confirms.
        page.get_by_test_id("session-end").click()
        expect(page.get_by_test_id("session-end-ask")).to_be_visible()
        expect(status).to_have_attribute("data-live", "true")
        page.get_by_test_id("session-end-cancel").click()
        expect(status).to_have_attribute("data-live", "true")
        page.get_by_test_id("session-end").click()
        page.get_by_test_id("session-end-confirm").click()
        expect(status).to_have_attribute("data-live", "false")
    finally:
        panel.simulator.set_rate(panel.simulator.config.events_per_second)


def test_watchlist_member_is_added_and_removed(clocked_page: Page) -> None:
    page = clocked_page
    page.goto("/watchlists")
    page.locator('[data-testid="watchlist-item"][data-name="Ones to Watch"]').click()
    # The list's own form is there once its title is: one typed into before is thrown away.
    expect(page.get_by_test_id("watchlist-title")).to_contain_text("Ones to Watch")

    # Nobody called rising_star_9 was ever seen: the panel says so before creating them.
    page.get_by_test_id("watchlist-add-username").fill("rising_star_9")
    page.get_by_test_id("watchlist-add-submit").click()
    expect(page.get_by_test_id("watchlist-unknown-name")).to_contain_text("rising_star_9")
    page.get_by_test_id("watchlist-add-new-person").click()
    member = page.locator('[data-testid="watchlist-member"][data-username="rising_star_9"]')
    expect(member).to_have_count(1)
    screenshot(page, "07-watchlists")

    # Remove hides the member at once and can be undone for a few seconds.
    member.get_by_test_id("watchlist-member-remove").click()
    expect(member).to_have_count(0)
    expect(page.get_by_test_id("watchlist-undo")).to_contain_text("rising_star_9")
    page.get_by_test_id("watchlist-undo-button").click()
    expect(member).to_have_count(1)
    page.reload()
    expect(member).to_have_count(1)

    # Once the Undo's few seconds are up (the page's clock moved on a minute), the member is
    # taken off for good.
    member.get_by_test_id("watchlist-member-remove").click()
    expect(member).to_have_count(0)
    page.clock.fast_forward("01:00")
    expect(page.get_by_test_id("watchlist-undo")).to_be_hidden()
    page.reload()
    page.get_by_test_id("watchlist-add-username").wait_for()
    expect(member).to_have_count(0)


def test_statbate_failure_is_surfaced_when_lookup_asks_for_it(page: Page, panel: Panel) -> None:
    panel.simulator.set_faults(share_5xx=1.0, routes=frozenset({STATBATE}))
    try:
        page.get_by_test_id("lookup-username").fill("unlucky_viewer_4")
        page.get_by_test_id("lookup-submit").click()

        # Statbate could not tell whether the name exists: it stays new, nobody is created.
        expect(page.get_by_test_id("lookup-new-row")).to_have_count(1)
        expect(page.get_by_test_id("failure-banner")).to_be_visible()
        screenshot(page, "08-lookup-failure")
    finally:
        panel.simulator.set_faults(share_5xx=0.0, routes=ROUTES)

    page.goto("/failures")
    expect(page.get_by_test_id("failure-row").first).to_contain_text(re.compile("statbate", re.I))
    expect(page.get_by_test_id("failures-badge")).to_be_visible()
    screenshot(page, "09-failures")


def test_hudson_page_shows_the_room_the_worker_recorded(page: Page, panel: Panel) -> None:
    panel.simulator.start_broadcast()
    tipper = big_tipper(panel.simulator)
    panel.simulator.tip(tipper, 333, "for the e2e test")

    page.goto("/hudson")
    expect(page.get_by_test_id("hudson-page")).to_be_visible()
    expect(page.get_by_test_id("recent-tip").first).to_be_visible(timeout=20_000)
    page.reload()
    expect(page.get_by_test_id("hudson-page")).to_contain_text(tipper, timeout=20_000)
    expect(page.get_by_test_id("source-label").first).to_be_visible()
    screenshot(page, "10-hudson")


def test_people_directory_lists_people_the_worker_recorded(page: Page) -> None:
    page.goto("/people")

    expect(page.get_by_test_id("people-row").first).to_be_visible()
    screenshot(page, "11-people")


def test_panel_is_usable_on_a_phone_screen(context: BrowserContext, panel: Panel) -> None:
    phone = context.browser.new_context(  # type: ignore[union-attr]
        base_url=panel.base_url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = phone.new_page()
    log_in(page)

    expect(page.get_by_test_id("session-status")).to_be_visible()
    expect(page.get_by_test_id("menu-toggle")).to_be_visible()
    screenshot(page, "12-phone-home")
    phone.close()


def test_api_answers_401_when_no_credentials_are_sent(panel: Panel) -> None:
    assert httpx.get(f"{panel.base_url}/api/people").status_code == 401
    assert httpx.get(f"{panel.base_url}/api/health").status_code == 200


def test_analysis_tab_cites_evidence_for_a_tipper_the_worker_recorded(
    page: Page, panel: Panel
) -> None:
    tipper = big_tipper(panel.simulator)
    panel.simulator.tip(tipper, 120, "for the analysis")
    page.get_by_test_id("lookup-username").fill(tipper)
    page.get_by_test_id("lookup-submit").click()
    page.get_by_test_id("person-card-link").first.click()

    page.get_by_test_id("tab-analysis").click()

    expect(page.get_by_test_id("insight-confidence").first).to_be_visible()
    expect(page.get_by_test_id("evidence-link").first).to_be_visible()
    screenshot(page, "14-person-analysis")
