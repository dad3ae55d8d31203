"""How the suite's tests are shared between xdist's workers (tests/scheduling.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.scheduling import (
    WAITING_MODULES,
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


def test_waiting_tests_move_in_their_order_to_just_before_the_first_browser_test() -> None:
    first, second = sorted(WAITING_MODULES)[:2]
    items = [
        Item(f"{first}::test_a"),
        Item("tests/unit/test_x.py::test_b"),
        Item(f"{second}::test_c"),
        Item(f"{first}::test_d"),
        Item("tests/contracts/test_y.py::test_e"),
        Item("tests/e2e/test_z.py::test_f", {"e2e"}),
        Item("tests/e2e/test_z.py::test_g", {"e2e"}),
    ]
    waiting_before_the_browser_tests(items)  # type: ignore[arg-type]
    assert [item.nodeid.rsplit("::", 1)[1] for item in items] == [
        "test_b",
        "test_e",
        "test_a",
        "test_c",
        "test_d",
        "test_f",
        "test_g",
    ]


def test_waiting_tests_go_last_when_no_browser_test_was_collected() -> None:
    (waiting,) = sorted(WAITING_MODULES)[:1]
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
