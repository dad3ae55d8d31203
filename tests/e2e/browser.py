"""The machine's Chromium and how it is started: by the browser tests and by
bench/bench_page_loads.py (no browser is downloaded; Debian's packages are used)."""

from __future__ import annotations

import shutil

from playwright.sync_api import Browser, Playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The browser tests prefer Chromium's headless shell (Debian's chromium-headless-shell, the
# build Playwright itself runs headless tests in): the same engine without the full browser
# around it. The 79 browser tests, in one process, kept the machine busy for 74 core-seconds
# in it where the full browser took 95 and 112 (docs/performance.md section 31).
HEADLESS_SHELL = "chromium-headless-shell"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _first_found(names: tuple[str, ...]) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


def chromium_path() -> str | None:
    """The machine's full Chromium (what the owner's browser runs), or None when it has none."""
    return _first_found(BROWSERS)


def headless_browser_path() -> str | None:
    """What the browser tests drive: the headless shell, else the full browser, else None."""
    return _first_found((HEADLESS_SHELL, *BROWSERS))


def launch_browser(playwright: Playwright) -> Browser:
    """The browser tests' Chromium (`headless_browser_path`), started with `CHROMIUM_ARGS`."""
    return playwright.chromium.launch(executable_path=headless_browser_path(), args=CHROMIUM_ARGS)
