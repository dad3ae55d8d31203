"""The middleware that makes every /api route private unless it is marked public."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp

from mhc.adapters.http.auth import CSRF_HEADER, SESSION_COOKIE, OwnerAuth

PUBLIC = "public"
"""Route `opt` key: handlers with `opt={PUBLIC: True}` need no credentials."""
OWNER_AUTH_STATE = "owner_auth"
"""Where the app state holds the OwnerAuth (Litestar deep-copies routers and their middleware
arguments when it registers them, which must not happen to a live connection pool)."""

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
        principal = await owner_auth.authenticate(
            authorization=connection.headers.get("authorization"),
            cookie=connection.cookies.get(SESSION_COOKIE),
        )
        if connection.scope.get("method", "GET") not in _SAFE_METHODS:
            owner_auth.check_csrf(principal, connection.headers.get(CSRF_HEADER))
        return AuthenticationResult(user=principal, auth=principal)
