"""Every page of the panel, on a desktop and on a phone: no wider than the screen, no serious
or critical accessibility violation (axe-core), and a screenshot for a person to look at.

Each route of `routes.py` is opened once per viewport; the three checks share that visit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.conftest import ROOT, Panel, Seeded, log_in, overflow_of, screenshot
from tests.e2e.routes import ROUTES, Route

pytestmark = pytest.mark.e2e

AXE_SCRIPT = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    mobile: bool


VIEWPORTS = (Viewport("desktop", 1440, 900, False), Viewport("phone", 390, 844, True))


@pytest.fixture(scope="module", params=VIEWPORTS, ids=lambda viewport: viewport.name)
def viewport_page(
    request: pytest.FixtureRequest, browser: Browser, panel: Panel
) -> Iterator[tuple[Viewport, Page]]:
    viewport: Viewport = request.param
    context: BrowserContext = browser.new_context(
        base_url=panel.base_url,
        viewport={"width": viewport.width, "height": viewport.height},
        is_mobile=viewport.mobile,
        has_touch=viewport.mobile,
        reduced_motion="reduce",
    )
    context.set_default_timeout(15_000)
    # axe-core is handed to the browser once and set up in every page the context opens, under
    # the panel's own Content-Security-Policy (a script tag added to each page sent its 650 KB
    # again every time, and needed the policy bypassed).
    context.add_init_script(path=AXE_SCRIPT)
    page = context.new_page()
    yield viewport, page
    context.close()


def _wait_until_loaded(page: Page, route: Route) -> None:
    page.locator(route.ready).first.wait_for(state="visible")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"loading\"]')", timeout=15_000
    )
    # Fonts and the chart settle in the frame after the data arrives.
    page.evaluate("() => document.fonts.ready.then(() => new Promise(requestAnimationFrame))")


def _axe_violations(page: Page) -> list[str]:
    result: dict[str, Any] = page.evaluate(
        """() => axe.run(document, {
            resultTypes: ['violations'],
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        })"""
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:4])
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_page_fits_the_screen_and_passes_axe_when_opened(
    viewport_page: tuple[Viewport, Page], route: Route, seeded: Seeded
) -> None:
    viewport, page = viewport_page
    if route.public:
        page.context.clear_cookies()
    elif not page.context.cookies():
        log_in(page)

    page.goto(route.path.format(person=seeded.person, model=seeded.model))
    _wait_until_loaded(page, route)

    screenshot(page, f"{viewport.name}-{route.name}")
    problems = []
    if overflow := overflow_of(page):
        problems.append(overflow)
    problems += _axe_violations(page)
    assert not problems, f"{route.path} on {viewport.name}:\n" + "\n".join(problems)
