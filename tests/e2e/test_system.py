"""The System page: the worker's pulse, its jobs, backfills moving to done, and exports."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from mhc.simulator import STATBATE
from mhc.simulator.cast import EXCLUDED_REGULAR
from tests.e2e.conftest import Panel, add_to_watchlist, log_in, screenshot

pytestmark = pytest.mark.e2e

# A backfill is queued, claimed by the worker, run against the simulator's Statbate and
# marked done: a few seconds on a quiet machine, more on a busy one.
BACKFILL_SECONDS = 45


@pytest.fixture
def page(page: Page) -> Page:
    """The logged-in page without animations, so screenshots show bars where they stopped."""
    page.emulate_media(reduced_motion="reduce")
    return page


def _viewers(panel: Panel, count: int) -> list[str]:
    # The excluded regular is never looked up on Statbate, so it would never count as done.
    names = sorted(name for name in panel.simulator.world.viewers if name != EXCLUDED_REGULAR)
    return names[:count]


def test_system_page_shows_the_worker_live_and_its_scheduled_jobs(page: Page) -> None:
    page.get_by_test_id("nav-system").click()

    expect(page.get_by_test_id("system-page")).to_be_visible()
    indicator = page.get_by_test_id("worker-indicator")
    expect(indicator).to_have_attribute("data-state", "live", timeout=20_000)
    expect(indicator).to_contain_text("Worker live")
    expect(page.get_by_test_id("worker-state")).to_contain_text("Worker live")
    expect(page.get_by_test_id("job-row").first).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("drift-card")).to_be_visible()
    expect(page.get_by_test_id("recent-failures-card")).to_be_visible()
    expect(page.get_by_test_id("erasures-card")).to_be_visible()


def test_snapshot_backfill_of_a_watchlist_reaches_done_when_started_from_the_list(
    page: Page, panel: Panel
) -> None:
    page.goto("/watchlists")
    page.get_by_test_id("watchlist-create-name").fill("Backfill crew")
    page.get_by_test_id("watchlist-create-submit").click()
    expect(page.get_by_test_id("watchlist-title")).to_contain_text("Backfill crew")
    for name in _viewers(panel, 3):
        add_to_watchlist(page, name)

    page.get_by_test_id("watchlist-snapshot").click()

    progress = page.get_by_test_id("watchlist-snapshot-progress")
    expect(progress).to_have_attribute("data-status", "done", timeout=BACKFILL_SECONDS * 1000)
    expect(progress.get_by_test_id("backfill-counts")).to_contain_text("3 / 3 names")
    screenshot(page, "16-watchlist-snapshot")


def test_snapshot_backfill_of_usernames_reaches_done_when_started_on_the_system_page(
    page: Page, panel: Panel
) -> None:
    names = _viewers(panel, 5)[3:]
    page.goto("/system")

    page.get_by_test_id("backfill-usernames").fill("\n".join(names))
    page.get_by_test_id("backfill-submit").click()

    queued = page.get_by_test_id("backfill-queued")
    expect(queued).to_be_visible()
    backfill_id = queued.get_attribute("data-backfill-id")
    newest = page.locator(f'[data-testid="backfill-row"][data-backfill-id="{backfill_id}"]')
    expect(newest).to_have_attribute("data-status", "done", timeout=BACKFILL_SECONDS * 1000)
    expect(newest.get_by_role("progressbar")).to_have_attribute("data-percent", "100")
    expect(newest.get_by_test_id("backfill-counts")).to_contain_text("2 / 2 names")
    screenshot(page, "15-system")


def test_a_backfill_ends_cancelled_when_its_cancel_button_is_clicked(
    page: Page, panel: Panel
) -> None:
    # Ten slow chunks: the run is still queued or running when the button is clicked.
    before = panel.simulator.set_faults()
    panel.simulator.set_faults(latency=0.3, routes=frozenset({STATBATE}))
    try:
        page.goto("/system")
        names = [f"quiet_viewer_{n}" for n in range(1000)]
        # Spaces between them, which the form takes as well as lines: Playwright's fill enters
        # each line break as a new paragraph, and 1,000 of them take seconds (a paste does not).
        page.get_by_test_id("backfill-usernames").fill(" ".join(names))
        page.get_by_test_id("backfill-submit").click()
        queued = page.get_by_test_id("backfill-queued")
        expect(queued).to_be_visible()
        backfill_id = queued.get_attribute("data-backfill-id")
        row = page.locator(f'[data-testid="backfill-row"][data-backfill-id="{backfill_id}"]')

        row.get_by_test_id("backfill-cancel").click()

        expect(row).to_have_attribute("data-status", "cancelled", timeout=BACKFILL_SECONDS * 1000)
        expect(row.get_by_test_id("backfill-cancel")).to_have_count(0)
        reason = row.get_by_test_id("backfill-last-error")
        expect(reason).to_contain_text("cancelled from the panel")
    finally:
        panel.simulator.set_faults(latency=before.latency, routes=before.routes)


def test_backfill_form_shows_what_is_wrong_when_a_name_is_invalid(page: Page) -> None:
    page.goto("/system")

    page.get_by_test_id("backfill-usernames").fill("https://example.com/not a name!")
    page.get_by_test_id("backfill-submit").click()

    expect(page.get_by_test_id("backfill-validation")).to_contain_text("Not a username")


def test_person_export_downloads_json_that_names_the_person(page: Page) -> None:
    page.get_by_test_id("lookup-username").fill("exported_fan_8")
    page.get_by_test_id("lookup-submit").click()
    # A name the panel has never seen: opening it creates the person.
    page.get_by_test_id("lookup-new-open").click()
    expect(page.get_by_test_id("person-username")).to_contain_text("exported_fan_8")

    with page.expect_download() as download_info:
        page.get_by_test_id("person-export-json").click()

    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    document = json.loads(download.path().read_text(encoding="utf-8"))
    persons = document["tables"]["persons"]
    assert [row["username"] for row in persons] == ["exported_fan_8"]
    screenshot(page, "17-person-export")


def test_system_page_is_usable_on_a_phone_screen(context: BrowserContext, panel: Panel) -> None:
    phone = context.browser.new_context(  # type: ignore[union-attr]
        base_url=panel.base_url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = phone.new_page()
    page.emulate_media(reduced_motion="reduce")
    log_in(page)
    page.goto("/system")

    indicator = page.get_by_test_id("worker-indicator")
    expect(indicator).to_have_attribute("data-state", "live", timeout=20_000)
    expect(indicator).to_be_visible()
    expect(page.get_by_test_id("backfills-card")).to_be_visible()
    screenshot(page, "18-phone-system")
    phone.close()
