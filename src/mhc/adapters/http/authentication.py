"""The middleware that makes every /api route private unless it is marked public, and the one
that keeps the OpenAPI document private in production."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp, Receive, Scope, Send

from mhc.adapters.http.auth import CSRF_HEADER, OwnerAuth, session_cookie_name
from mhc.adapters.http.edge import send_problem
from mhc.adapters.http.principals import Principal
from mhc.domain.errors import AuthError

PUBLIC = "public"
"""Route `opt` key: handlers with `opt={PUBLIC: True}` need no credentials."""
OWNER_AUTH_STATE = "owner_auth"
"""Where the app state holds the OwnerAuth (Litestar deep-copies routers and their middleware
arguments when it registers them, which must not happen to a live connection pool)."""
SCHEMA_PATH = "/schema"

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_UNAUTHORIZED = (
    b'{"type":"urn:mhc:problem:unauthorized","title":"Unauthorized","status":401,'
    b'"detail":"log in, or send an API key"}'
)


async def _principal(
    connection: ASGIConnection[Any, Any, Any, Any], owner_auth: OwnerAuth
) -> Principal:
    return await owner_auth.authenticate(
        authorization=connection.headers.get("authorization"),
        # Over https only the __Host- cookie counts, the one no sibling site can set.
        cookie=connection.cookies.get(session_cookie_name(connection.url.scheme == "https")),
    )


async def optional_principal(
    connection: ASGIConnection[Any, Any, Any, Any], owner_auth: OwnerAuth
) -> Principal | None:
    """The caller on a public route when it sent valid credentials, else None."""
    try:
        return await _principal(connection, owner_auth)
    except AuthError:
        return None


class OwnerAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    """Authenticates the caller, and checks the CSRF token of cookie-authenticated writes.

    Failures raise domain errors, which the problem mapper turns into 401 and 403.
    """

    def __init__(self, app: ASGIApp, **kwargs: Any) -> None:
        super().__init__(app, exclude_from_auth_key=PUBLIC, **kwargs)

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        owner_auth: OwnerAuth = connection.app.state[OWNER_AUTH_STATE]
        principal = await _principal(connection, owner_auth)
        if connection.scope.get("method", "GET") not in _SAFE_METHODS:
            owner_auth.check_csrf(principal, connection.headers.get(CSRF_HEADER))
        return AuthenticationResult(user=principal, auth=principal)


class PrivateSchemaMiddleware:
    """ASGI middleware: /schema answers only callers with credentials (the SPA's types are
    generated at build time, so nobody else needs the map of the API)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == ScopeType.HTTP else ""
        if path == SCHEMA_PATH or path.startswith(SCHEMA_PATH + "/"):
            connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope, receive)
            owner_auth: OwnerAuth = connection.app.state[OWNER_AUTH_STATE]
            if await optional_principal(connection, owner_auth) is None:
                await _unauthorized(send)
                return
        await self.app(scope, receive, send)


async def _unauthorized(send: Send) -> None:
    await send_problem(send, 401, _UNAUTHORIZED, ((b"www-authenticate", b'Bearer realm="mhc"'),))
