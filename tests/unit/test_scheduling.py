"""How the suite's tests are shared between xdist's workers (tests/scheduling.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from tests.scheduling import WAITING_MODULES, WaitingTestsOnAWorkerOfTheirOwn, unit_of_work

ROOT = Path(__file__).resolve().parents[2]
FIRST = "tests/unit/test_x.py::test_a"
WAITING_TESTS = [f"{module}::test_{n}" for module in sorted(WAITING_MODULES) for n in range(2)]
OTHERS = [f"tests/e2e/test_z.py::test_{n}" for n in range(8)]
COLLECTION = [FIRST, *WAITING_TESTS, *OTHERS]


def test_every_waiting_module_exists_so_a_rename_cannot_leave_the_group_empty() -> None:
    for module in WAITING_MODULES:
        assert (ROOT / module).is_file(), module


@pytest.mark.parametrize("test", ["test_a", "test_b[param-1]"])
def test_waiting_modules_tests_are_one_unit_of_work_and_the_others_each_their_own(
    test: str,
) -> None:
    units = {unit_of_work(f"{module}::{test}") for module in WAITING_MODULES}
    assert len(units) == 1
    other = f"tests/integration/test_http_people.py::{test}"
    assert unit_of_work(other) == other


class Worker:
    """What the scheduler sees of an xdist worker: the tests sent to it, and its shutdown."""

    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)
        self.sent: list[str] = []
        self.ran = 0
        self.shutting_down = False

    def send_runtest_some(self, indices: list[int]) -> None:
        self.sent.extend(COLLECTION[index] for index in indices)

    def has_work(self) -> bool:
        return self.ran < len(self.sent)

    def shutdown(self) -> None:
        self.shutting_down = True


def started(count: int) -> tuple[WaitingTestsOnAWorkerOfTheirOwn, list[Worker]]:
    """A scheduler for `count` workers that have collected COLLECTION, and the workers, after
    the first tests went out."""
    options = SimpleNamespace(loadscopereorder=True)
    values = {"tx": [f"{count}*popen"]}
    config: Any = SimpleNamespace(option=options, getvalue=values.__getitem__)
    scheduler = WaitingTestsOnAWorkerOfTheirOwn(config)
    workers = [Worker(f"gw{n}") for n in range(count)]
    # Workers report in any order.
    for worker in reversed(workers):
        scheduler.add_node(worker)  # type: ignore[arg-type]
        scheduler.add_node_collection(worker, COLLECTION)  # type: ignore[arg-type]
    scheduler.schedule()
    return scheduler, workers


def run_next(scheduler: WaitingTestsOnAWorkerOfTheirOwn, worker: Worker) -> None:
    """`worker` runs the first test it was sent and has not run."""
    worker.ran += 1
    nodeid = worker.sent[worker.ran - 1]
    scheduler.mark_test_complete(worker, COLLECTION.index(nodeid))  # type: ignore[arg-type]


def run_all(scheduler: WaitingTestsOnAWorkerOfTheirOwn, *workers: Worker) -> None:
    """The workers run what they are sent, one test each in turn, until none has work left."""
    while any(worker.has_work() for worker in workers):
        for worker in workers:
            if worker.has_work():
                run_next(scheduler, worker)


def test_the_last_worker_runs_the_waiting_tests_and_nothing_else() -> None:
    scheduler, (one, two, waiting) = started(3)

    # All of them at once, and then it is told there is nothing more (so it runs the last one).
    assert waiting.sent == WAITING_TESTS
    assert waiting.shutting_down
    # The others take the rest in the collection's order, two tests each to begin with.
    assert sorted([*one.sent, *two.sent]) == sorted([FIRST, *OTHERS[:3]])

    run_all(scheduler, one, two, waiting)

    assert sorted([*one.sent, *two.sent]) == sorted([FIRST, *OTHERS])
    assert one.shutting_down
    assert two.shutting_down
    assert waiting.sent == WAITING_TESTS


def test_the_others_take_the_waiting_tests_when_their_worker_dies() -> None:
    scheduler, (one, two, waiting) = started(3)
    run_next(scheduler, waiting)

    crashed = scheduler.remove_node(waiting)  # type: ignore[arg-type]
    run_all(scheduler, one, two)

    assert crashed == WAITING_TESTS[1]
    assert set(WAITING_TESTS[1:]) <= {*one.sent, *two.sent}
    assert one.shutting_down
    assert two.shutting_down


def test_one_worker_runs_everything() -> None:
    scheduler, (alone,) = started(1)

    run_all(scheduler, alone)

    assert sorted(alone.sent) == sorted(COLLECTION)
    assert alone.shutting_down
