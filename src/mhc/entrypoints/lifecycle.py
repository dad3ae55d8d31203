"""Opening and closing the container: the one way every process (web, worker, CLI commands,
`mhc.connect()`) starts its resources and stops them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from contextlib import ExitStack, asynccontextmanager

import anyio
import anyio.to_thread
from dependency_injector import providers

from mhc.adapters.postgres.pool import OPEN_WAIT_SECONDS
from mhc.entrypoints.connection_wiring import NoStoredConnections
from mhc.entrypoints.container import Container
from mhc.entrypoints.settings import Settings


@asynccontextmanager
async def open_container(
    settings: Settings,
    *,
    container: Container | None = None,
    migrate: bool = False,
    database: bool = True,
    database_wait: float = OPEN_WAIT_SECONDS,
) -> AsyncIterator[Container]:
    """The container on `settings` with its resources open for the block, closed after (also
    when the block is cancelled).

    - `migrate`: apply pending migrations first.
    - `database=False`: no database at all, only the HTTP client; what the clients notice
      (failures, contract drift) is then not recorded, and only the environment's
      credentials are used.
    - `database_wait`: seconds to wait for the first connections (PoolTimeout after); 0 opens
      without waiting, for the worker: it starts with the database down and waits for it like
      for an outage.
    - `container`: one built beforehand on the same settings (the web app is wired from it
      before it serves); built here otherwise.
    """
    container = container or Container(settings=settings)
    opening: Awaitable[object] | None
    with ExitStack() as overrides:
        if database:
            # Starting the embedded server and migrating block: off the event loop.
            await anyio.to_thread.run_sync(container.database_url)
            if migrate:
                await anyio.to_thread.run_sync(lambda: container.migrations().up())
            overrides.enter_context(container.db_wait_seconds.override(float(database_wait)))
            opening = container.init_resources()
        else:
            overrides.enter_context(container.failure_log.override(providers.Object(None)))
            overrides.enter_context(container.client_failure_log.override(providers.Object(None)))
            overrides.enter_context(container.drift_log.override(providers.Object(None)))
            # Only the environment's credentials: the panel's are in the database.
            overrides.enter_context(
                container.connection_store.override(providers.Object(NoStoredConnections()))
            )
            # The Statbate budget then counts in this process alone.
            overrides.enter_context(container.call_budget_store.override(providers.Object(None)))
            opening = container.http_client_lifespan.init()
        try:
            await _settled(opening)
            yield container
        finally:
            with anyio.CancelScope(shield=True):
                await _settled(container.shutdown_resources())


async def _settled(pending: Awaitable[object] | None) -> None:
    # dependency-injector returns an awaitable from init/shutdown only when a resource is
    # async, so its signatures say "maybe": every resource here is.
    if pending is not None:
        await pending
