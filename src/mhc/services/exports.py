"""Exports: everything the panel knows, or everything about one person, as one JSON document.

The document is written as it is read, a batch of rows at a time, so an export of a million
interactions never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Literal

import msgspec

from mhc.ports.clock import Clock
from mhc.ports.exports import Export, ExportedPerson, Exporter

_ENCODER = msgspec.json.Encoder()


class ExportHeader(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """What the document says about itself, before its `tables`."""

    exported_at: datetime
    broadcaster: str
    schema_version: str | None
    scope: Literal["all", "person"]
    person: ExportedPerson | None


class ExportPlan(msgspec.Struct, frozen=True, kw_only=True):
    """Whom an export is about and when it was asked for, settled before its first byte."""

    person: ExportedPerson | None
    at: datetime

    @property
    def name(self) -> str:
        """`mhc-export-<date>`, or `mhc-export-<username>-<date>` for one person."""
        subject = "" if self.person is None else f"-{self.person.username}"
        return f"mhc-export{subject}-{self.at:%Y-%m-%d}"


class ExportService:
    def __init__(self, exporter: Exporter, clock: Clock, broadcaster: str) -> None:
        self._exporter = exporter
        self._clock = clock
        self._broadcaster = broadcaster

    async def plan(self, person_id: int | None = None) -> ExportPlan:
        """The subject and time of an export about to be streamed; NotFound for an unknown
        person (asked before anything is sent)."""
        person = None if person_id is None else await self._exporter.person(person_id)
        return ExportPlan(person=person, at=self._clock.now())

    def open(self, person_id: int | None = None) -> AbstractAsyncContextManager[Export]:
        """An export of everything, or of one person; NotFound for an unknown person."""
        return self._exporter.open(person_id)

    async def json_document(self, export: Export) -> AsyncIterator[bytes]:
        """`{exportedAt, broadcaster, schemaVersion, scope, person, tables: {name: [rows]}}`,
        one row per line."""
        header = ExportHeader(
            exported_at=self._clock.now(),
            broadcaster=self._broadcaster,
            schema_version=export.schema_version,
            scope="all" if export.person is None else "person",
            person=export.person,
        )
        # The header's closing brace gives way to the tables, streamed after it.
        yield _ENCODER.encode(header)[:-1] + b',"tables":{'
        for index, table in enumerate(export.tables):
            yield (b",\n" if index else b"\n") + _ENCODER.encode(table) + b":["
            separator = b"\n"
            async for batch in export.json_rows(table):
                yield separator + ",\n".join(batch).encode()
                separator = b",\n"
            yield b"\n]"
        yield b"\n}}\n"
