"""Login, logout, the current caller, the password and the open browser sessions."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.params import JSONBody

from mhc.adapters.http.auth import OwnerAuth, session_cookie_name
from mhc.adapters.http.authentication import PUBLIC
from mhc.adapters.http.controllers.params import Injected, path_id
from mhc.adapters.http.principals import Caller, IssuedSession, Principal
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.auth import (
    BrowserSessionOut,
    LoginOut,
    LoginRequest,
    MeOut,
    PasswordChangeRequest,
    SessionsEndedOut,
)

OwnerRequest = Request[Principal, Principal, Any]
SessionId = Annotated[int, path_id("an open browser session's id")]


def caller_of(request: Request[Any, Any, Any]) -> Caller:
    """The address the throttle counts (set by the edge middleware) and the browser."""
    return Caller(
        address=request.client.host if request.client else "unknown",
        user_agent=request.headers.get("user-agent"),
    )


def _secure(request: Request[Any, Any, Any]) -> bool:
    return request.url.scheme == "https"


def session_cookie(request: Request[Any, Any, Any], issued: IssuedSession) -> Cookie:
    secure = _secure(request)
    return Cookie(
        key=session_cookie_name(secure),
        value=issued.token,
        max_age=issued.max_age_seconds,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )


def cleared_cookie(request: Request[Any, Any, Any]) -> Cookie:
    secure = _secure(request)
    return Cookie(
        key=session_cookie_name(secure),
        value="",
        max_age=0,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post(
        "/login",
        operation_id="login",
        status_code=200,
        opt={PUBLIC: True},
        responses=PROBLEM_RESPONSES,
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginRequest],
        owner_auth: Injected[OwnerAuth],
    ) -> Response[LoginOut]:
        """Open a browser session; 429 with Retry-After while failed logins are slowed down
        (from this address, or on the whole panel)."""
        issued = await owner_auth.login(
            caller_of(request), data.password, data.totp_code, data.recovery_code
        )
        return Response(
            LoginOut(
                csrf_token=issued.csrf_token,
                totp_enabled=issued.totp_enabled,
                password_from_environment=owner_auth.password_from_environment,
            ),
            cookies=[session_cookie(request, issued)],
        )

    @post("/logout", operation_id="logout", status_code=204, responses=PROBLEM_RESPONSES)
    async def logout(
        self, request: OwnerRequest, owner_auth: Injected[OwnerAuth]
    ) -> Response[None]:
        """End the browser session (with an API key there is nothing to end)."""
        await owner_auth.logout(request.user)
        return Response(None, status_code=204, cookies=[cleared_cookie(request)])

    @get("/me", operation_id="me", responses=PROBLEM_RESPONSES)
    async def me(self, request: OwnerRequest, owner_auth: Injected[OwnerAuth]) -> MeOut:
        token = request.user.session_token
        return MeOut(
            authenticated=True,
            csrf_token=None if token is None else owner_auth.csrf_token(token),
            totp_enabled=await owner_auth.totp_enabled(),
            password_from_environment=owner_auth.password_from_environment,
        )

    @post("/password", operation_id="changePassword", status_code=200, responses=PROBLEM_RESPONSES)
    async def change_password(
        self,
        request: OwnerRequest,
        data: JSONBody[PasswordChangeRequest],
        owner_auth: Injected[OwnerAuth],
    ) -> Response[LoginOut]:
        """Choose a new password (not while MHC_ADMIN_PASSWORD sets it: 409). Every session
        ends; this browser gets a new one."""
        totp_enabled = await owner_auth.totp_enabled()
        issued = await owner_auth.change_password(
            caller_of(request), data.current_password, data.new_password, totp_enabled=totp_enabled
        )
        return Response(
            LoginOut(
                csrf_token=issued.csrf_token,
                totp_enabled=issued.totp_enabled,
                password_from_environment=owner_auth.password_from_environment,
            ),
            cookies=[session_cookie(request, issued)],
        )

    @get("/sessions", operation_id="listBrowserSessions", responses=PROBLEM_RESPONSES)
    async def sessions(
        self, request: OwnerRequest, owner_auth: Injected[OwnerAuth]
    ) -> list[BrowserSessionOut]:
        """The open browser sessions, most recently seen first; `current` is this one."""
        return [
            BrowserSessionOut(
                id=open_.session.id,
                client=open_.session.client,
                user_agent=open_.session.user_agent,
                created_at=open_.session.created_at,
                last_seen_at=open_.session.last_seen_at,
                expires_at=open_.session.expires_at,
                current=open_.current,
            )
            for open_ in await owner_auth.list_sessions(request.user)
        ]

    @delete(
        "/sessions/{session_id:int}",
        operation_id="endBrowserSession",
        status_code=204,
        responses=PROBLEM_RESPONSES,
    )
    async def end_session(self, session_id: SessionId, owner_auth: Injected[OwnerAuth]) -> None:
        """Log one browser session out (its open radar streams close too)."""
        await owner_auth.end_session(session_id)

    @post(
        "/sessions/end-all",
        operation_id="endEveryBrowserSession",
        status_code=200,
        responses=PROBLEM_RESPONSES,
    )
    async def end_every_session(
        self, request: OwnerRequest, owner_auth: Injected[OwnerAuth]
    ) -> Response[SessionsEndedOut]:
        """Log out everywhere, this browser included (API keys stay: revoke them one by one)."""
        ended = await owner_auth.end_every_session()
        return Response(SessionsEndedOut(ended=ended), cookies=[cleared_cookie(request)])
