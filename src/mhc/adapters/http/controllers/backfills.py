"""Backfills from the panel: queued here, run by a worker, watched as they move."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import JSONBody

from mhc.adapters.http.controllers.params import Injected, Limit, Offset, path_id
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.backfills import BackfillOut, BackfillPage, StartBackfillRequest
from mhc.domain.backfills import BackfillRequest, day_end, day_start
from mhc.services.backfills import BackfillService

BackfillId = Annotated[int, path_id("a backfill's id")]


class BackfillsController(Controller):
    path = "/backfills"
    tags = ["backfills"]

    @get(operation_id="listBackfills", responses=PROBLEM_RESPONSES)
    async def list_backfills(
        self, backfills: Injected[BackfillService], limit: Limit = 20, offset: Offset = 0
    ) -> BackfillPage:
        """Backfills started here or from the CLI, newest first."""
        page = await backfills.recent(limit=limit, offset=offset)
        return present(page, BackfillPage)

    @get("/{backfill_id:int}", operation_id="getBackfill", responses=PROBLEM_RESPONSES)
    async def get_backfill(
        self, backfill_id: BackfillId, backfills: Injected[BackfillService]
    ) -> BackfillOut:
        """One backfill and how far it got."""
        return present(await backfills.get(backfill_id), BackfillOut)

    @post(operation_id="startBackfill", status_code=202, responses=PROBLEM_RESPONSES)
    async def start_backfill(
        self, data: JSONBody[StartBackfillRequest], backfills: Injected[BackfillService]
    ) -> BackfillOut:
        """Queue a backfill for the worker; answered at once with the queued row. 404 for an
        unknown watchlist, 409 when the credentials the kind needs are not configured."""
        request = BackfillRequest(
            kind=data.kind,
            usernames=tuple(data.usernames or ()),
            watchlist_id=data.watchlist_id,
            since=None if data.since is None else day_start(data.since),
            until=None if data.until is None else day_end(data.until),
            include_erased=bool(data.include_erased),
        )
        return present(await backfills.queue(request), BackfillOut)

    @post(
        "/{backfill_id:int}/cancel",
        operation_id="cancelBackfill",
        status_code=202,
        responses=PROBLEM_RESPONSES,
    )
    async def cancel_backfill(
        self, backfill_id: BackfillId, backfills: Injected[BackfillService]
    ) -> BackfillOut:
        """Cancel a backfill. A queued one comes back cancelled; a running one comes back with
        `cancelRequestedAt` set, and the worker or CLI running it stops after the chunk in hand
        (within a few seconds) and records it as cancelled, keeping what it did. Asking again
        is harmless; 409 once it has ended, 404 for an unknown id."""
        return present(await backfills.cancel(backfill_id), BackfillOut)
