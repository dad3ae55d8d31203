"""How the suite's tests are shared between pytest-xdist's workers (`make test-python`).

Some modules' tests spend most of their time waiting rather than computing: on the worker's
restarts and its shutdown grace, a database server's restart, backoffs after a 429. Alone
(`pytest -n 0`), the first two took 42.8 and 18.1 s and used 13.8 and 3.5 CPU-s. Side by side on
both workers they left the two cores about half idle for half a minute, and on one worker beside
the browser tests they kept that worker from the browser tests for a minute. The other four
wait on a worker, a simulated feed or a panel started for them, on retries and on what a
running worker picks up: alone, 24.7 s in all, with the machine busy for 4.7 core-seconds of
them; on the other workers, they left the two cores a quarter idle for about twenty seconds.

`-n auto` now starts a worker of their own beside one a core, and it runs them, one after
another, from the start and nothing else: the other workers never wait on them, and their waits
cost the cores nothing. Should that worker die, the others take what it left.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling
from xdist.workermanage import WorkerController

WAITING_MODULES = frozenset(
    f"tests/integration/test_{name}.py"
    for name in (
        "worker_process",
        "room_watch",
        "worker_ingestor",
        "worker_backfills",
        "worker_connections",
        "simulator_events",
    )
)
WAITING = "tests that mostly wait"


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def unit_of_work(nodeid: str) -> str:
    """What a test is handed to a worker with: the waiting modules' tests together, the others
    each alone."""
    return WAITING if module_of(nodeid) in WAITING_MODULES else nodeid


class WaitingTestsOnAWorkerOfTheirOwn(LoadScopeScheduling):
    """xdist's `load` distribution (each test to the next worker free, in the collection's
    order; the base class hands out the largest units first, and the others are one test each),
    except that the waiting modules' tests are one unit of work, which the last worker runs, and
    only it."""

    def _split_scope(self, nodeid: str) -> str:
        return unit_of_work(nodeid)

    def _waits(self, node: WorkerController) -> bool:
        """Whether `node` is the waiting tests' worker: the last, when there are two or more."""
        return self.numnodes > 1 and node.gateway.id == f"gw{self.numnodes - 1}"

    def _next_unit_for(self, node: WorkerController) -> str | None:
        if self._waits(node):
            return WAITING if WAITING in self.workqueue else None
        # The first unit in the collection's order; the waiting tests are held for their own
        # worker while it is there to run them.
        held = any(self._waits(other) and not other.shutting_down for other in self.nodes)
        return next((scope for scope in self.workqueue if not (held and scope == WAITING)), None)

    def _assign_work_unit(self, node: WorkerController) -> None:
        scope = self._next_unit_for(node)
        if scope is None:
            return
        work_unit = self.workqueue.pop(scope)
        self.assigned_work.setdefault(node, {})[scope] = work_unit
        collection = self.registered_collections[node]
        node.send_runtest_some(
            [collection.index(nodeid) for nodeid, done in work_unit.items() if not done]
        )

    def _reschedule(self, node: WorkerController) -> None:
        if self._waits(node):
            # Its one unit went out as the run began. A worker runs its last test once it is
            # told there is nothing more: it is told at once.
            if not node.shutting_down:
                node.shutdown()
            return
        super()._reschedule(node)
