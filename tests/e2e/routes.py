"""Every page of the SPA that the browser tests visit, in one place.

Each page is opened once per viewport (desktop and phone) by `test_pages.py`, which checks it
is no wider than the screen, runs axe-core on it and writes its screenshot. A new page (or a new
tab of the person page) is one more `Route` here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    """A page: its screenshot name, its address and what shows once it has loaded.

    `path` may name `{person}` (a viewer the tests filled with tips, notes, tags and
    snapshots) or `{model}` (the room's owner, who has model snapshots).
    """

    name: str
    path: str
    ready: str
    public: bool = False


def person_tab(tab: str) -> Route:
    suffix = "" if tab == "overview" else f"?tab={tab}"
    return Route(f"person-{tab}", f"/person/{{person}}{suffix}", '[data-testid="person-page"]')


PERSON_TABS = ("overview", "analysis", "timeline", "interactions", "notes", "attributes")

ROUTES: tuple[Route, ...] = (
    Route("login", "/login", '[data-testid="login-form"]', public=True),
    Route("lookup", "/", '[data-testid="lookup-form"]'),
    Route("people", "/people", '[data-testid="people-row"]'),
    *(person_tab(tab) for tab in PERSON_TABS),
    Route("person-model", "/person/{model}", '[data-testid="person-page"]'),
    Route("person-missing", "/person/987654321", '[data-testid="person-not-found"]'),
    Route("watchlists", "/watchlists", '[data-testid="watchlists-page"]'),
    Route("hudson", "/hudson", '[data-testid="hudson-page"]'),
    Route("radar", "/radar", '[data-testid="radar-page"]'),
    Route("failures", "/failures", '[data-testid="failures-page"]'),
    Route("system", "/system", '[data-testid="system-page"]'),
    Route("settings", "/settings", '[data-testid="settings-page"]'),
    Route("not-found", "/no-such-page", '[data-testid="not-found-page"]'),
)
