"""The data export port: one consistent snapshot of the panel's data, table by table."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol

import msgspec


class ExportedPerson(msgspec.Struct, frozen=True, kw_only=True):
    """Whose data an export of one person holds."""

    id: int
    username: str


class Export(Protocol):
    """An open export: every read sees the same moment of the database.

    `tables` lists the exported tables in the order they are written; an export of one person
    holds only the rows about them (and the sessions and watchlists those rows point to).
    `counts` holds the rows of each table streamed so far.
    """

    @property
    def schema_version(self) -> str | None:
        """The newest applied migration."""
        ...

    @property
    def person(self) -> ExportedPerson | None:
        """The person exported, or None for everything."""
        ...

    @property
    def tables(self) -> Sequence[str]: ...

    @property
    def counts(self) -> dict[str, int]: ...

    def json_rows(self, table: str) -> AsyncIterator[list[str]]:
        """The table's rows as JSON objects (column names as keys), in batches, by id."""
        ...

    def csv(self, table: str) -> AsyncIterator[bytes]:
        """The table as CSV with a header line, in chunks, by id."""
        ...


class Exporter(Protocol):
    async def person(self, person_id: int) -> ExportedPerson:
        """Who an export of `person_id` would be about; NotFound for an unknown person."""
        ...

    def open(self, person_id: int | None = None) -> AbstractAsyncContextManager[Export]:
        """An export of everything, or of one person; NotFound for an unknown person."""
        ...
