"""What must not bite mid-show: filters that work and stay put, search that finds, one clock,
and nothing that keeps the browser drawing while the page sits still."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Seeded

pytestmark = pytest.mark.e2e


def test_type_filter_is_clickable_above_the_table_and_closes_on_an_outside_click(
    page: Page, seeded: Seeded
) -> None:
    page.goto(f"/person/{seeded.person}?tab=interactions")
    expect(page.get_by_test_id("interaction-row").first).to_be_visible()

    page.get_by_test_id("interaction-type-toggle").click()
    menu = page.get_by_test_id("interaction-type-menu")
    expect(menu).to_be_visible()
    # A plain click: Playwright refuses it when the table covers the menu.
    page.get_by_test_id("interaction-type-TIP").click()

    expect(page).to_have_url(re.compile(r"types=TIP"))
    expect(page.get_by_test_id("interaction-row").first).to_have_attribute("data-type", "TIP")
    page.get_by_test_id("person-username").click()
    expect(menu).to_be_hidden()

    # The filter and the order live in the address: a reload keeps them.
    page.get_by_test_id("interaction-order").select_option("asc")
    expect(page).to_have_url(re.compile(r"order=asc"))
    page.reload()
    expect(page.get_by_test_id("interaction-type-toggle")).to_contain_text("Tip")
    expect(page.get_by_test_id("interaction-order")).to_have_value("asc")
    for row in page.get_by_test_id("interaction-row").all():
        expect(row).to_have_attribute("data-type", "TIP")


def test_people_search_finds_a_note_and_shows_tags_and_lists(page: Page, seeded: Seeded) -> None:
    page.goto("/people")

    page.get_by_test_id("people-search").fill("FOX COST")

    row = page.locator(f'[data-testid="people-row"][data-username="{seeded.username}"]')
    expect(row).to_have_count(1)
    expect(page.get_by_test_id("people-row")).to_have_count(1)
    expect(row.get_by_test_id("people-note")).to_contain_text("fox costume")
    expect(row.get_by_test_id("people-tags").first).to_contain_text("tipper=whale")


def _go_live(page: Page) -> Locator:
    """The header's session status, live (started from the header if it was not)."""
    status = page.get_by_test_id("session-status")
    expect(status).not_to_contain_text("Checking")
    if status.get_attribute("data-live") != "true":
        page.get_by_test_id("session-start").click()
        expect(status).to_have_attribute("data-live", "true")
    return status


def _endless_animations(page: Page, test_id: str) -> list[str]:
    """The animations that never end in the element with `test_id` (a live indicator): each
    has the browser draw frame after frame for as long as the page stays open."""
    found: list[str] = page.evaluate(
        """(testId) => {
            const indicator = document.querySelector(`[data-testid="${testId}"]`);
            return document.getAnimations()
                .filter((animation) => animation.effect.getTiming().iterations === Infinity)
                .filter((endless) => indicator.contains(endless.effect.target))
                .map((endless) => `${endless.animationName} on ${endless.effect.target.outerHTML}`);
        }""",
        test_id,
    )
    return found


def test_the_live_indicators_of_a_show_do_not_animate_without_end(
    page: Page, seeded: Seeded
) -> None:
    _go_live(page)
    assert not _endless_animations(page, "session-status")

    page.goto("/radar")
    expect(page.get_by_test_id("radar-broadcast")).to_have_attribute("data-live", "true")
    assert not _endless_animations(page, "radar-broadcast")

    page.goto("/hudson")
    expect(page.get_by_test_id("hudson-live")).to_have_attribute("data-live", "true")
    assert not _endless_animations(page, "hudson-live")


def test_no_page_blurs_what_lies_behind_its_parts(page: Page, seeded: Seeded) -> None:
    """A blurred backdrop is drawn again for every frame the page draws, and during a show the
    header's clock draws one every second: the header and the cards blurring theirs kept an
    idle page at about a third of a core of Chromium (software compositing), a phone's GPU
    awake for the whole show."""
    _go_live(page)
    for path in ("/", f"/person/{seeded.person}", "/radar", "/hudson"):
        page.goto(path)
        expect(page.get_by_test_id("session-status")).to_have_attribute("data-live", "true")
        blurred: list[str] = page.evaluate(
            """() => [...document.querySelectorAll('*')]
                .filter((element) => getComputedStyle(element).backdropFilter !== 'none')
                .map((element) => element.outerHTML.slice(0, 120))"""
        )
        assert not blurred, (path, blurred)


def test_header_and_radar_show_the_same_live_clock(page: Page, seeded: Seeded) -> None:
    status = _go_live(page)

    page.goto("/radar")
    expect(page.get_by_test_id("radar-elapsed")).to_be_visible(timeout=15_000)

    header, radar = page.evaluate(
        """() => [
            document.querySelector('[data-testid="session-elapsed"]').textContent,
            document.querySelector('[data-testid="radar-elapsed"]').textContent,
        ]"""
    )
    assert header == radar

    page.get_by_test_id("session-end").click()
    page.get_by_test_id("session-end-confirm").click()
    expect(status).to_have_attribute("data-live", "false")
