"""Fixtures of the service tests: the fake database on a hand-moved clock, and a known person."""

from __future__ import annotations

import pytest
from tests.fakes import EVENING, FakeDatabase, ManualClock

from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import Person
from mhc.services.people import PeopleService


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(EVENING)


@pytest.fixture
def database(clock: ManualClock) -> FakeDatabase:
    return FakeDatabase(clock)


@pytest.fixture
async def tipper(database: FakeDatabase, clock: ManualClock) -> Person:
    people = PeopleService(database.unit_of_work, ExclusionPolicy([]), clock)
    return await people.find_or_create("big_tipper_77")
