"""How long the owner waits for each page of the panel when he opens it, in a real browser.

Run: `uv run python bench/bench_page_loads.py [--visits 12] [--database-url URL]` (the SPA must
be built: `make frontend`; headless Chromium from the machine, as the browser tests use).

It starts the simulator (a live show, a few events a second), the real panel (`mhc worker` and
`mhc web`, serving frontend/dist) on a fresh database, lets the room fill for a few seconds, logs
the owner in once, then opens every page `visits` times, each time in a new tab of the same
browser (the SPA's files cached, as for an owner coming back), the pages taken in turn so that a
busy moment falls on all of them. A visit's time runs from the tab's navigation start to the
first moment its content is on screen with no loading placeholder left, as the page itself sees
it (a MutationObserver in the page, not the test driver polling). It reports the median and p95
of each page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from dataclasses import dataclass

import psycopg
from playwright.sync_api import BrowserContext, sync_playwright

from mhc.simulator import SimulatorConfig, run_simulator
from room_panel import PASSWORD, database, panel, percentile

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FILL_SECONDS = 8.0
# Set in the page before its own scripts run: the moment (performance.now(), from the
# navigation's start) when `ready` is first in the page with no loading placeholder left.
READY_WATCH = """
(ready) => {
  const loading = '[data-testid="loading"]';
  const seen = () => document.querySelector(ready) && !document.querySelector(loading);
  new MutationObserver((_, observer) => {
    if (seen()) { window.__readyAt = performance.now(); observer.disconnect(); }
  }).observe(document, { subtree: true, childList: true });
}
"""


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    ready: str


def pages(person: int) -> list[Page]:
    def person_tab(tab: str) -> Page:
        suffix = "" if tab == "overview" else f"?tab={tab}"
        return Page(f"person {tab}", f"/person/{person}{suffix}", '[data-testid="person-page"]')

    return [
        Page("lookup", "/", '[data-testid="lookup-form"]'),
        Page("people", "/people", '[data-testid="people-row"]'),
        *(person_tab(tab) for tab in ("overview", "analysis", "timeline", "interactions")),
        Page("hudson", "/hudson", '[data-testid="hudson-page"]'),
        Page("radar", "/radar", '[data-testid="radar-page"]'),
        Page("watchlists", "/watchlists", '[data-testid="watchlists-page"]'),
        Page("system", "/system", '[data-testid="system-page"]'),
        Page("settings", "/settings", '[data-testid="settings-page"]'),
    ]


def busiest_viewer(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT person_id FROM interactions GROUP BY person_id"
            " ORDER BY count(*) DESC, person_id LIMIT 1"
        ).fetchone()
    assert row is not None, "the room recorded nobody"
    return int(row[0])


def visit(context: BrowserContext, page: Page) -> float:
    """One visit in a new tab: milliseconds from the navigation's start to the page ready."""
    tab = context.new_page()
    try:
        tab.add_init_script(f"({READY_WATCH})({page.ready!r})")
        tab.goto(page.path)
        tab.wait_for_function("() => window.__readyAt !== undefined", timeout=30_000)
        ready_at: float = tab.evaluate("window.__readyAt")
        return ready_at
    finally:
        tab.close()


def measure(base_url: str, person: int, visits: int) -> None:
    chromium = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
    assert chromium is not None, "no Chromium on this machine (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport={"width": 1440, "height": 900})
        login = context.new_page()
        login.goto("/login")
        login.get_by_test_id("login-password").fill(PASSWORD)
        login.get_by_test_id("login-submit").click()
        login.get_by_test_id("lookup-form").wait_for()
        login.close()
        every = pages(person)
        for page in every:  # the first visits fetch the files into the cache: not counted
            visit(context, page)
        times: dict[str, list[float]] = {page.name: [] for page in every}
        for _ in range(visits):
            for page in every:
                times[page.name].append(visit(context, page))
        browser.close()
    print(f"\n{os.cpu_count()} CPU(s); each page opened {visits} times in a new tab")
    print(f"{'page':<22}{'median ms':>10}{'p95 ms':>10}")
    for name, values in times.items():
        print(f"{name:<22}{statistics.median(values):>10.0f}{percentile(values, 0.95):>10.0f}")
    medians = [statistics.median(values) for values in times.values()]
    print(f"{'every page':<22}{statistics.median(medians):>10.0f}  (median of the medians)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=12)
    parser.add_argument("--database-url", help="a server where the bench may create its database")
    args = parser.parse_args()
    config = SimulatorConfig(seed=21, events_per_second=4.0, viewers=40)
    with run_simulator(config) as simulator:
        simulator.start_broadcast()
        with (
            database("mhc_bench_pageloads", args.database_url) as url,
            panel(simulator, url) as running,
        ):
            time.sleep(FILL_SECONDS)
            measure(running.base_url, busiest_viewer(url), args.visits)


if __name__ == "__main__":
    main()
