"""How the suite's tests are shared between pytest-xdist's workers (`make test-python`).

Three modules' tests spend most of their time waiting rather than computing: on the worker's
restarts and its shutdown grace, a database server's restart, backoffs after a 429. Alone
(`pytest -n 0`), they took 42.8, 18.1 and 12.1 s and used 13.8, 3.5 and 3.3 CPU-s. Side by
side on both workers, they left the two cores about half idle for half a minute. They now run
one after another on one worker, just before the browser tests, so that the other worker's
browser tests (whose browser, panel and database keep more than a core busy) use what they
leave idle. Two more modules that mostly wait (the worker's backfills and connections) stay
out: with them the group outlasted the browser tests and ended the run alone.
"""

from __future__ import annotations

from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

WAITING_MODULES = frozenset(
    f"tests/integration/test_{name}.py"
    for name in ("room_watch", "worker_ingestor", "worker_process")
)
WAITING = "tests that mostly wait"


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def unit_of_work(nodeid: str) -> str:
    """What a test is handed to a worker with: the waiting modules' tests together, the others
    each alone."""
    return WAITING if module_of(nodeid) in WAITING_MODULES else nodeid


def waiting_before_the_browser_tests(items: list[pytest.Item]) -> None:
    """Move the waiting modules' tests, in their order, to just before the first browser test."""
    waiting = [item for item in items if module_of(item.nodeid) in WAITING_MODULES]
    rest = [item for item in items if module_of(item.nodeid) not in WAITING_MODULES]
    browser = next(
        (index for index, item in enumerate(rest) if item.get_closest_marker("e2e")), len(rest)
    )
    items[:] = [*rest[:browser], *waiting, *rest[browser:]]


class WaitingTestsOnOneWorker(LoadScopeScheduling):
    """xdist's `load` distribution (each test to the next worker free, in the collection's
    order), except that the waiting modules' tests are one unit of work, given to one worker."""

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        # Units are handed out in the collection's order, not largest first.
        config.option.loadscopereorder = False

    def _split_scope(self, nodeid: str) -> str:
        return unit_of_work(nodeid)
