"""The library surface behind `mhc.connect()`: the use cases on one database, for scripts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import msgspec

from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import load_settings
from mhc.services.attributes import AttributeService
from mhc.services.interactions import InteractionService
from mhc.services.notes import NoteService
from mhc.services.people import PeopleService
from mhc.services.sessions import SessionService
from mhc.services.snapshots import SnapshotService
from mhc.services.watchlists import WatchlistService


@dataclass(frozen=True, slots=True, kw_only=True)
class Panel:
    """The panel's use cases, as `mhc.connect()` hands them out."""

    people: PeopleService
    snapshots: SnapshotService
    interactions: InteractionService
    sessions: SessionService
    watchlists: WatchlistService
    notes: NoteService
    attributes: AttributeService


@asynccontextmanager
async def open_panel(database_url: str | None = None) -> AsyncIterator[Panel]:
    """Connect to `database_url` (default: DATABASE_URL, else the embedded server in
    MHC_DATA_DIR), apply pending migrations, and close the pool on leaving."""
    settings = load_settings()
    if database_url is not None:
        settings = msgspec.structs.replace(settings, database_url=database_url)
    async with open_container(settings, migrate=True) as container:
        yield Panel(
            people=container.people(),
            snapshots=container.snapshots(),
            interactions=container.interactions(),
            sessions=container.sessions(),
            watchlists=container.watchlists(),
            notes=container.notes(),
            attributes=container.attributes(),
        )
