"""Stream sessions of the owner's room: start, end, the current one, the history."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post, put
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody, QueryParameter

from mhc.adapters.http.controllers.params import Injected, Limit, Offset, SessionId
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.common import SessionOut
from mhc.adapters.http.schemas.sessions import (
    CurrentSessionOut,
    SessionDetailOut,
    SessionEndRequest,
    SessionSummaryPage,
    SessionThemeOut,
    SessionThemeRequest,
)
from mhc.domain.errors import Conflict, NotFound
from mhc.domain.models import InteractionType
from mhc.ports.read_models import ReadModels
from mhc.services.reports import ReportService
from mhc.services.sessions import SessionService

MARKDOWN = "text/markdown; charset=utf-8"
_REPORT_RESPONSES = {
    **PROBLEM_RESPONSES,
    200: ResponseSpec(
        data_container=str,
        media_type=MARKDOWN,
        description="The stream report as Markdown, in the owner's time zone and clock.",
        generate_examples=False,
    ),
}


class SessionController(Controller):
    path = "/session"
    tags = ["sessions"]

    @post("/start", operation_id="startSession", status_code=200, responses=PROBLEM_RESPONSES)
    async def start(self, sessions: Injected[SessionService]) -> SessionOut:
        """Start a session of the broadcaster's room, or return the one already LIVE."""
        return present(await sessions.start(), SessionOut)

    @post("/end", operation_id="endSession", status_code=200, responses=PROBLEM_RESPONSES)
    async def end(
        self, sessions: Injected[SessionService], data: JSONBody[SessionEndRequest | None] = None
    ) -> SessionOut:
        """End the given session, or the LIVE one; 409 when it has ended or none is LIVE."""
        if data is not None and data.session_id is not None:
            return present(await sessions.end(data.session_id), SessionOut)
        ended = await sessions.end_current()
        if ended is None:
            raise Conflict("no session is live")
        return present(ended, SessionOut)

    @get("/current", operation_id="getCurrentSession", responses=PROBLEM_RESPONSES)
    async def current(self, sessions: Injected[SessionService]) -> CurrentSessionOut:
        session = await sessions.get_current()
        return CurrentSessionOut(session=None if session is None else present(session, SessionOut))

    @get("/{session_id:int}", operation_id="getSession", responses=PROBLEM_RESPONSES)
    async def detail(
        self,
        session_id: SessionId,
        read_models: Injected[ReadModels],
        types: Annotated[list[InteractionType] | None, QueryParameter(name="type")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> SessionDetailOut:
        """The session's totals and its interactions, oldest first (excluded persons left out)."""
        detail = await read_models.session_detail(
            session_id, types=types or (), limit=limit, offset=offset
        )
        if detail is None:
            raise NotFound(f"session {session_id} does not exist")
        return present(detail, SessionDetailOut)


class SessionsController(Controller):
    path = "/sessions"
    tags = ["sessions"]

    @get(operation_id="listSessions", responses=PROBLEM_RESPONSES)
    async def summaries(
        self,
        read_models: Injected[ReadModels],
        broadcaster: Injected[str],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> SessionSummaryPage:
        """The broadcaster's sessions with their totals, newest first."""
        page = await read_models.session_summaries(broadcaster, limit=limit, offset=offset)
        return present(page, SessionSummaryPage)

    @get(
        "/{session_id:int}/report",
        operation_id="getSessionReport",
        media_type=MARKDOWN,
        responses=_REPORT_RESPONSES,
    )
    async def report(
        self, session_id: SessionId, reports: Injected[ReportService]
    ) -> Response[str]:
        """The session's stream report (Markdown), generated from stored data: the same text
        for the same data. Figures that need every event read `at least N` or `Unknown` when
        the worker was not listening for part of the show; 404 for an unknown session."""
        report = await reports.report(session_id)
        return Response(
            report.markdown,
            media_type=MARKDOWN,
            headers={"Content-Disposition": f'inline; filename="{report.filename}"'},
        )

    @put("/{session_id:int}/theme", operation_id="setSessionTheme", responses=PROBLEM_RESPONSES)
    async def set_theme(
        self,
        session_id: SessionId,
        data: JSONBody[SessionThemeRequest],
        reports: Injected[ReportService],
    ) -> SessionThemeOut:
        """Give the show the theme its report's label line names (spaces collapsed; empty
        clears it); 404 for an unknown session."""
        theme = await reports.set_theme(session_id, data.theme)
        return SessionThemeOut(session_id=session_id, theme=theme)
