"""How the suite's tests are shared between pytest-xdist's workers (`make test-python`).

Two modules' tests spend most of their time waiting rather than computing: on the worker's
restarts and its shutdown grace, a database server's restart, backoffs after a 429. Alone
(`pytest -n 0`), they took 42.8 and 18.1 s and used 13.8 and 3.5 CPU-s. Side by side on both
workers, they left the two cores about half idle for half a minute. They now run one after
another on one worker, just before the browser tests, so that the other worker's browser tests
(whose browser, panel and database keep more than a core busy) use what they leave idle.

The group is kept shorter than the browser tests, so that both workers share the last of those:
with the worker's backfills and connections too, the group outlasted them and ended the run
alone, and with the ingestor's tests too it ended within a few seconds of them, either side.
Nothing is queued on the group's worker behind the group until its last test, a short one,
starts: tests queued there earlier waited out the group's last minute while the other worker
had nothing left to do.
"""

from __future__ import annotations

from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling
from xdist.workermanage import WorkerController

# In the order they run: the longest first, and last a module whose last test is short.
WAITING_MODULES = tuple(
    f"tests/integration/test_{name}.py" for name in ("worker_process", "room_watch")
)
WAITING = "tests that mostly wait"


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def unit_of_work(nodeid: str) -> str:
    """What a test is handed to a worker with: the waiting modules' tests together, the others
    each alone."""
    return WAITING if module_of(nodeid) in WAITING_MODULES else nodeid


def waiting_before_the_browser_tests(items: list[pytest.Item]) -> None:
    """Move the waiting modules' tests to just before the first browser test, module by module
    in WAITING_MODULES's order, each module's tests in theirs."""
    waiting = sorted(
        (item for item in items if module_of(item.nodeid) in WAITING_MODULES),
        key=lambda item: WAITING_MODULES.index(module_of(item.nodeid)),
    )
    rest = [item for item in items if module_of(item.nodeid) not in WAITING_MODULES]
    browser = next(
        (index for index, item in enumerate(rest) if item.get_closest_marker("e2e")), len(rest)
    )
    items[:] = [*rest[:browser], *waiting, *rest[browser:]]


class WaitingTestsOnOneWorker(LoadScopeScheduling):
    """xdist's `load` distribution (each test to the next worker free, in the collection's
    order), except that the waiting modules' tests are one unit of work, given to one worker,
    which is given nothing more until the last of them runs."""

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        # Units are handed out in the collection's order, not largest first.
        config.option.loadscopereorder = False

    def _split_scope(self, nodeid: str) -> str:
        return unit_of_work(nodeid)

    def _reschedule(self, node: WorkerController) -> None:
        # A worker runs a test once the next one has reached it (or the run is over), so the
        # group's last test needs one unit queued behind it, and no test needs more.
        if waiting_left(self.assigned_work.get(node, {})) > 1:
            return
        super()._reschedule(node)


def waiting_left(assigned: dict[str, dict[str, bool]]) -> int:
    """How many of the waiting tests a worker was given it has not finished."""
    return sum(not done for done in assigned.get(WAITING, {}).values())
