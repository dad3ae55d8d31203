"""Pasting chat in a real browser: a PM log previewed, saved and read back as a thread; the
lookup's table and its cards; the pages looked at on a desktop (1440 px) and a phone (390 px)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import Panel, Seeded, expect_fits_the_screen, log_in, screenshot

pytestmark = pytest.mark.e2e

PM_LOG = """\
Timestamp: [21:42:31] | Username: [velvet_fox_e2e] | Message: [hey, got a minute?] | isBroadcaster: [false]
Timestamp: [21:42:40] | Username: [hudson_cage] | Message: [sure, what's up] | isBroadcaster: [true]
Timestamp: [21:43:10] | Username: [velvet_fox_e2e] | Message: [loved the show | see you friday] | isBroadcaster: [false]
Timestamp: [21:43:29] | Username: [hudson_cage] | Message: [see you then :)] | isBroadcaster: [true]
"""  # noqa: E501

# Each width pastes its own room (its own names and lines): the second paste must have
# something new to save.
ROOM_CHAT = """\
Notice: ⭐ Flex (35)
lazy_wolf_{size} |100| nice shirt
shy_owl_{size} tipped 25 tokens - for the shirt
@lazy_wolf_{size} hello, welcome back
midnight_falcon_{size} has joined the room.
hudson_cage: thanks everyone on the {size}!
"""

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, context: BrowserContext, panel: Panel) -> Iterator[Page]:
    """A logged-in page at a desktop's or a phone's width; its name is `page.size`."""
    width, height = SIZES[request.param]
    opened = context.browser.new_context(  # type: ignore[union-attr]
        base_url=panel.base_url,
        viewport={"width": width, "height": height},
        is_mobile=request.param == "phone",
    )
    opened.set_default_timeout(15_000)
    page = opened.new_page()
    page.size = request.param  # type: ignore[attr-defined]
    log_in(page)
    yield page
    opened.close()


def test_pm_log_is_previewed_saved_and_read_back_as_a_thread(page: Page) -> None:
    page.get_by_test_id("lookup-paste").fill(PM_LOG)
    page.get_by_test_id("lookup-save").click()
    page.get_by_test_id("paste-kind-pm").check(force=True)
    page.get_by_test_id("paste-preview").click()

    summary = page.get_by_test_id("paste-preview-summary")
    expect(summary).to_contain_text("4 messages")
    expect(page.get_by_test_id("paste-person")).to_contain_text("velvet_fox_e2e · new")
    page.get_by_test_id("paste-save").click()
    expect(page.get_by_test_id("paste-saved")).to_contain_text("Saved 4 messages")
    page.get_by_test_id("paste-saved-person").click()

    expect(page.get_by_test_id("person-username")).to_have_text("velvet_fox_e2e")
    thread = page.get_by_test_id("thread")
    expect(thread).to_have_attribute("data-thread", "pm")
    bubbles = thread.get_by_test_id("thread-message")
    expect(bubbles).to_have_count(4)
    expect(bubbles.nth(1)).to_have_attribute("data-from-owner", "true")
    expect(bubbles.nth(1)).to_contain_text("sure, what's up")
    expect(bubbles.nth(2)).to_contain_text("loved the show | see you friday")

    # The same paste again stores nothing.
    page.goto("/")
    page.get_by_test_id("lookup-paste").fill(PM_LOG)
    page.get_by_test_id("lookup-save").click()
    page.get_by_test_id("paste-kind-pm").check(force=True)
    page.get_by_test_id("paste-preview").click()
    expect(page.get_by_test_id("paste-new-count")).to_have_text("0 new")
    expect(page.get_by_test_id("paste-save")).to_be_disabled()


def test_owner_adds_a_dm_by_hand_on_the_person_page(page: Page) -> None:
    page.get_by_test_id("lookup-username").fill("dm_friend_e2e")
    page.get_by_test_id("lookup-submit").click()
    page.get_by_test_id("lookup-new-open").click()
    page.get_by_test_id("tab-communications").click()

    page.get_by_test_id("message-thread-dm").check(force=True)
    page.get_by_test_id("message-from-me").check(force=True)
    page.get_by_test_id("message-text").fill("see you saturday")
    page.get_by_test_id("message-add").click()

    page.get_by_test_id("thread-dm").click()
    bubble = page.get_by_test_id("thread-message")
    expect(bubble).to_contain_text("see you saturday")
    expect(bubble).to_have_attribute("data-from-owner", "true")


def test_a_looked_up_persons_card_names_every_stat_in_full(sized: Page, seeded: Seeded) -> None:
    """The card's Stats column is the narrowest of four on a desktop: names there were cut to
    their first letter ("L." for "Last tip"), and on a phone beside a long date too."""
    page = sized
    page.get_by_test_id("lookup-username").fill(seeded.username)
    page.get_by_test_id("lookup-submit").click()
    # One typed name: its card opens by itself.
    expect(page.get_by_test_id("lookup-card-toggle")).to_have_attribute("aria-expanded", "true")

    names = page.get_by_test_id("stats-panel").locator('[data-testid="metric-row"] dt')
    expect(names.first).to_be_visible()
    cut = names.evaluate_all(
        "names => names.filter((name) => name.scrollWidth > name.clientWidth)"
        ".map((name) => name.textContent)"
    )
    assert not cut, cut
    expect_fits_the_screen(page)


def test_pasting_pages_at_desktop_and_phone_width(sized: Page) -> None:
    page, size = sized, sized.size  # type: ignore[attr-defined]
    page.get_by_test_id("lookup-paste").fill(ROOM_CHAT.format(size=size))
    page.get_by_test_id("lookup-submit").click()

    # New on the first run, known once saved: one row a name either way.
    rows = page.locator('[data-testid="lookup-row"], [data-testid="lookup-new-row"]')
    expect(rows).to_have_count(2)
    expect(page.get_by_test_id("lookup-results")).not_to_contain_text("hello")
    expect(page.get_by_test_id("lookup-results")).not_to_contain_text(f"midnight_falcon_{size}")
    expect_fits_the_screen(page)
    # Nothing of the table is hidden to the side: a new name's Open and its list are on screen.
    table = page.get_by_role("region", name="People looked up")
    assert table.evaluate("box => box.scrollWidth <= box.clientWidth")
    width = SIZES[size][0]
    for control in ("lookup-new-open", "lookup-new-list"):
        for box in (found.bounding_box() for found in page.get_by_test_id(control).all()):
            assert box is not None, control
            assert box["x"] + box["width"] <= width, (control, box)
    screenshot(page, f"20-lookup-table-{size}")

    page.get_by_test_id("lookup-save").click()
    page.get_by_test_id("paste-preview").click()
    expect(page.get_by_test_id("paste-preview-summary")).to_contain_text("1 tip-menu item")
    expect_fits_the_screen(page)
    screenshot(page, f"21-save-paste-preview-{size}")
    page.get_by_test_id("paste-save").click()
    expect(page.get_by_test_id("paste-saved")).to_be_visible()

    page.get_by_test_id("paste-saved-person").filter(has_text="hudson_cage").click()
    expect(page.get_by_test_id("communications-tab")).to_be_visible()
    expect(page.get_by_test_id("tip-menu")).to_contain_text("Flex")
    expect_fits_the_screen(page)
    screenshot(page, f"22-person-communications-{size}")
