"""How the suite's tests are shared between xdist's workers (tests/scheduling.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from tests.scheduling import (
    WAITING_MODULES,
    WaitingTestsOnOneWorker,
    unit_of_work,
    waiting_before_the_browser_tests,
)

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Item:
    nodeid: str
    markers: set[str] = field(default_factory=set)

    def get_closest_marker(self, name: str) -> str | None:
        return name if name in self.markers else None


def test_every_waiting_module_exists_so_a_rename_cannot_leave_the_group_empty() -> None:
    for module in WAITING_MODULES:
        assert (ROOT / module).is_file(), module


def test_waiting_tests_move_module_by_module_to_just_before_the_first_browser_test() -> None:
    first, second = WAITING_MODULES
    items = [
        Item(f"{second}::test_a"),
        Item("tests/unit/test_x.py::test_b"),
        Item(f"{first}::test_c"),
        Item(f"{second}::test_d"),
        Item("tests/contracts/test_y.py::test_e"),
        Item("tests/e2e/test_z.py::test_f", {"e2e"}),
        Item("tests/e2e/test_z.py::test_g", {"e2e"}),
    ]
    waiting_before_the_browser_tests(items)  # type: ignore[arg-type]
    assert [item.nodeid.rsplit("::", 1)[1] for item in items] == [
        "test_b",
        "test_e",
        "test_c",
        "test_a",
        "test_d",
        "test_f",
        "test_g",
    ]


def test_waiting_tests_go_last_when_no_browser_test_was_collected() -> None:
    waiting = WAITING_MODULES[0]
    items = [Item(f"{waiting}::test_a"), Item("tests/unit/test_x.py::test_b")]
    waiting_before_the_browser_tests(items)  # type: ignore[arg-type]
    assert [item.nodeid for item in items] == [
        "tests/unit/test_x.py::test_b",
        f"{waiting}::test_a",
    ]


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
        self.name = name
        self.queued: list[int] = []
        self.shutting_down = False
        self.gateway = SimpleNamespace(id=name)

    def send_runtest_some(self, indices: list[int]) -> None:
        self.queued.extend(indices)

    def shutdown(self) -> None:
        self.shutting_down = True


def scheduler_of(collection: list[str], *workers: Worker) -> WaitingTestsOnOneWorker:
    options = SimpleNamespace(loadscopereorder=True)
    values = {"tx": [f"{len(workers)}*popen"]}
    config: Any = SimpleNamespace(option=options, getvalue=values.__getitem__)
    scheduler = WaitingTestsOnOneWorker(config)
    for worker in workers:
        scheduler.add_node(worker)  # type: ignore[arg-type]
        scheduler.add_node_collection(worker, collection)  # type: ignore[arg-type]
    scheduler.schedule()
    return scheduler


def test_nothing_waits_behind_the_waiting_tests_until_their_last_one_runs() -> None:
    waiting = [f"{WAITING_MODULES[0]}::test_{n}" for n in range(4)]
    browser = [f"tests/e2e/test_z.py::test_{n}" for n in range(6)]
    collection = ["tests/unit/test_x.py::test_a", *waiting, *browser]
    one, other = Worker("gw0"), Worker("gw1")
    scheduler = scheduler_of(collection, one, other)

    def sent(worker: Worker) -> list[str]:
        return [collection[index] for index in worker.queued]

    # The first test to one worker, the waiting ones to the other, and the next to the first.
    assert sent(one) == ["tests/unit/test_x.py::test_a", browser[0]]
    assert sent(other) == waiting
    # The other worker is given nothing more while two or more of the waiting tests are left.
    for index in range(len(waiting) - 2):
        scheduler.mark_test_complete(other, 1 + index)  # type: ignore[arg-type]
        assert sent(other) == waiting
    # Its last one runs once the next test has reached it: one test, and only one, follows.
    scheduler.mark_test_complete(other, 1 + len(waiting) - 2)  # type: ignore[arg-type]
    assert sent(other) == [*waiting, browser[1]]
    # Meanwhile the first worker goes on with the rest.
    scheduler.mark_test_complete(one, 0)  # type: ignore[arg-type]
    assert sent(one) == ["tests/unit/test_x.py::test_a", browser[0], browser[2]]
