"""MHC Control Panel as a library for scripts.

async with mhc.connect() as panel:
    person = await panel.people.find_or_create("big_tipper_77")
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mhc.entrypoints.library import Panel

__all__ = ["connect"]


def connect(database_url: str | None = None) -> AbstractAsyncContextManager[Panel]:
    """Open the panel on a PostgreSQL database, applying pending migrations first.

    Without `database_url`: DATABASE_URL when set, else the embedded server kept in
    MHC_DATA_DIR (default `.mhc`), started on first use and reused afterwards.
    The panel gives the use cases: `people`, `snapshots`, `interactions`, `sessions`,
    `watchlists`, `notes` and `attributes`.
    """
    # Imported on use: Python runs this file before any `mhc.*` import, and the domain
    # must not pay for (nor depend on) the composition root.
    from mhc.entrypoints.library import open_panel

    return open_panel(database_url)
