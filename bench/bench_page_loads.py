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
import statistics
import sys
import time

import psycopg
from playwright.sync_api import BrowserContext, sync_playwright

from mhc.simulator import SimulatorConfig, run_simulator
from room_panel import PASSWORD, ROOT, database, panel, percentile

# The pages are the browser tests' (a new page is one more route there), opened with the same
# Chromium.
sys.path.insert(0, str(ROOT))
from tests.e2e.browser import CHROMIUM_ARGS, chromium_path
from tests.e2e.routes import ROUTES, Route

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


def pages(person: int, model: int) -> list[Route]:
    """Every page the owner opens once logged in, with `person` and `model` in their address."""
    return [
        Route(route.name, route.path.format(person=person, model=model), route.ready)
        for route in ROUTES
        if not route.public
    ]


def busiest_viewer_and_model(database_url: str, broadcaster: str) -> tuple[int, int]:
    """The person with the most interactions in the room, and the room's owner as a person."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        viewer = conn.execute(
            "SELECT person_id FROM interactions GROUP BY person_id"
            " ORDER BY count(*) DESC, person_id LIMIT 1"
        ).fetchone()
        model = conn.execute(
            "INSERT INTO persons (username, role) VALUES (%s, 'MODEL')"
            " ON CONFLICT (platform, lower(username)) DO UPDATE SET role = 'MODEL' RETURNING id",
            (broadcaster,),
        ).fetchone()
    assert viewer is not None, "the room recorded nobody"
    assert model is not None
    return int(viewer[0]), int(model[0])


def visit(context: BrowserContext, route: Route) -> float:
    """One visit in a new tab: milliseconds from the navigation's start to the page ready."""
    tab = context.new_page()
    try:
        tab.add_init_script(f"({READY_WATCH})({route.ready!r})")
        tab.goto(route.path)
        tab.wait_for_function("() => window.__readyAt !== undefined", timeout=30_000)
        ready_at: float = tab.evaluate("window.__readyAt")
        return ready_at
    finally:
        tab.close()


def measure(base_url: str, every: list[Route], visits: int) -> None:
    chromium = chromium_path()
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
        for route in every:  # the first visits fetch the files into the cache: not counted
            visit(context, route)
        times: dict[str, list[float]] = {route.name: [] for route in every}
        for _ in range(visits):
            for route in every:
                times[route.name].append(visit(context, route))
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
            person, model = busiest_viewer_and_model(url, config.broadcaster)
            measure(running.base_url, pages(person, model), args.visits)


if __name__ == "__main__":
    main()
