"""The JSON export document, streamed from an export's batches of rows."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fakes import EVENING, ManualClock

from mhc.domain.errors import NotFound
from mhc.ports.exports import Export, ExportedPerson
from mhc.services.exports import ExportService

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)
rows = st.dictionaries(st.text(max_size=10), json_values, max_size=4)
tables = st.dictionaries(
    st.from_regex(r"[a-z_]{1,20}", fullmatch=True), st.lists(rows, max_size=5), max_size=4
)


class InMemoryExport:
    """An open export over rows held in memory, handed out `batch` rows at a time."""

    def __init__(
        self,
        rows_by_table: dict[str, list[dict[str, Any]]],
        *,
        person: ExportedPerson | None = None,
        batch: int = 2,
    ) -> None:
        self._rows = rows_by_table
        self._batch = batch
        self.schema_version = "20260101000014"
        self.person = person
        self.tables = list(rows_by_table)
        self.counts: dict[str, int] = {}

    async def json_rows(self, table: str) -> AsyncIterator[list[str]]:
        self.counts[table] = 0
        table_rows = self._rows[table]
        for start in range(0, len(table_rows), self._batch):
            batch = [
                msgspec.json.encode(row).decode() for row in table_rows[start : start + self._batch]
            ]
            self.counts[table] += len(batch)
            yield batch

    async def csv(self, table: str) -> AsyncIterator[bytes]:
        raise AssertionError("the JSON document never reads CSV")
        yield b""


class InMemoryExporter:
    def __init__(self, export: InMemoryExport) -> None:
        self.export = export

    async def person(self, person_id: int) -> ExportedPerson:
        if self.export.person is None or self.export.person.id != person_id:
            raise NotFound(f"person {person_id} does not exist")
        return self.export.person

    def open(self, person_id: int | None = None) -> Any:
        raise AssertionError("the tests hand the export in")


def document(export: Export) -> dict[str, Any]:
    service = ExportService(InMemoryExporter(export), ManualClock(EVENING), "hudson_cage")

    async def collect() -> bytes:
        return b"".join([chunk async for chunk in service.json_document(export)])

    decoded: dict[str, Any] = msgspec.json.decode(asyncio.run(collect()))
    return decoded


@given(tables)
def test_document_holds_every_row_of_every_table_in_order_whatever_the_rows(
    rows_by_table: dict[str, list[dict[str, Any]]],
) -> None:
    export = InMemoryExport(rows_by_table)

    parsed = document(export)

    assert parsed["tables"] == rows_by_table
    assert list(parsed["tables"]) == list(rows_by_table)
    assert export.counts == {table: len(table_rows) for table, table_rows in rows_by_table.items()}


def test_document_names_its_time_schema_and_scope_when_everything_is_exported() -> None:
    parsed = document(InMemoryExport({"persons": [{"id": 1, "username": "big_tipper_77"}]}))

    assert {key: value for key, value in parsed.items() if key != "tables"} == {
        "exportedAt": "2026-01-10T20:00:00Z",
        "broadcaster": "hudson_cage",
        "schemaVersion": "20260101000014",
        "scope": "all",
        "person": None,
    }


def test_document_names_the_person_when_one_person_is_exported() -> None:
    person = ExportedPerson(id=7, username="night_owl_3")

    parsed = document(InMemoryExport({"persons": [], "notes": []}, person=person))

    assert parsed["scope"] == "person"
    assert parsed["person"] == {"id": 7, "username": "night_owl_3"}
    assert parsed["tables"] == {"persons": [], "notes": []}


def test_plan_names_the_file_after_the_person_and_the_day_when_one_person_is_exported() -> None:
    person = ExportedPerson(id=7, username="night_owl_3")
    exporter = InMemoryExporter(InMemoryExport({}, person=person))
    service = ExportService(exporter, ManualClock(EVENING), "hudson_cage")

    everything = asyncio.run(service.plan())
    one = asyncio.run(service.plan(7))

    assert (everything.name, everything.at) == ("mhc-export-2026-01-10", EVENING)
    assert (one.name, one.person) == ("mhc-export-night_owl_3-2026-01-10", person)


def test_plan_refuses_before_anything_is_sent_when_the_person_is_unknown() -> None:
    service = ExportService(InMemoryExporter(InMemoryExport({})), ManualClock(EVENING), "x")

    with pytest.raises(NotFound):
        asyncio.run(service.plan(987654))
