"""Login, logout, the current caller, the second factor and API keys."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.params import JSONBody

from mhc.adapters.http.auth import SESSION_COOKIE, OwnerAuth, Principal
from mhc.adapters.http.authentication import PUBLIC
from mhc.adapters.http.controllers.params import Injected, KeyId
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.auth import (
    ApiKeyCreatedOut,
    ApiKeyOut,
    ApiKeyRequest,
    LoginOut,
    LoginRequest,
    MeOut,
    TotpCodeRequest,
    TotpSetupOut,
    TotpStatusOut,
)

OwnerRequest = Request[Principal, Principal, Any]


def _session_cookie(request: Request[Any, Any, Any], value: str, max_age: int) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
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
        """Open a browser session; 429 with Retry-After while failed logins are slowed down."""
        client = request.client.host if request.client else "unknown"
        issued = await owner_auth.login(client, data.password, data.totp_code)
        return Response(
            LoginOut(csrf_token=issued.csrf_token, totp_enabled=issued.totp_enabled),
            cookies=[_session_cookie(request, issued.token, issued.max_age_seconds)],
        )

    @post(
        "/logout",
        operation_id="logout",
        status_code=204,
        # Clearing needs no Secure flag: over https a plain Set-Cookie may overwrite it.
        response_cookies=[
            Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True, samesite="lax")
        ],
        responses=PROBLEM_RESPONSES,
    )
    async def logout(self, request: OwnerRequest, owner_auth: Injected[OwnerAuth]) -> None:
        """End the browser session (with an API key there is nothing to end)."""
        await owner_auth.logout(request.user)

    @get("/me", operation_id="me", responses=PROBLEM_RESPONSES)
    async def me(self, request: OwnerRequest, owner_auth: Injected[OwnerAuth]) -> MeOut:
        token = request.user.session_token
        return MeOut(
            authenticated=True,
            csrf_token=None if token is None else owner_auth.csrf_token(token),
            totp_enabled=await owner_auth.totp_enabled(),
        )

    @get("/keys", operation_id="listApiKeys", responses=PROBLEM_RESPONSES)
    async def list_keys(self, owner_auth: Injected[OwnerAuth]) -> list[ApiKeyOut]:
        return [present(key, ApiKeyOut) for key in await owner_auth.list_api_keys()]

    @post("/keys", operation_id="createApiKey", status_code=201, responses=PROBLEM_RESPONSES)
    async def create_key(
        self, data: JSONBody[ApiKeyRequest], owner_auth: Injected[OwnerAuth]
    ) -> ApiKeyCreatedOut:
        """A new bearer key for scripts; the key itself is in this answer only."""
        created = await owner_auth.create_api_key(data.name)
        return ApiKeyCreatedOut(
            id=created.key.id,
            name=created.key.name,
            prefix=created.key.prefix,
            created_at=created.key.created_at,
            key=created.secret,
        )

    @delete(
        "/keys/{key_id:int}",
        operation_id="revokeApiKey",
        status_code=204,
        responses=PROBLEM_RESPONSES,
    )
    async def revoke_key(self, key_id: KeyId, owner_auth: Injected[OwnerAuth]) -> None:
        await owner_auth.revoke_api_key(key_id)

    @post("/totp/setup", operation_id="setupTotp", status_code=200, responses=PROBLEM_RESPONSES)
    async def setup_totp(self, owner_auth: Injected[OwnerAuth]) -> TotpSetupOut:
        """A new secret to scan; it takes effect once a code is confirmed with totp/enable."""
        secret, uri = await owner_auth.setup_totp()
        return TotpSetupOut(secret=secret, uri=uri)

    @post("/totp/enable", operation_id="enableTotp", status_code=200, responses=PROBLEM_RESPONSES)
    async def enable_totp(
        self, data: JSONBody[TotpCodeRequest], owner_auth: Injected[OwnerAuth]
    ) -> TotpStatusOut:
        await owner_auth.enable_totp(data.code)
        return TotpStatusOut(totp_enabled=True)

    @post("/totp/disable", operation_id="disableTotp", status_code=200, responses=PROBLEM_RESPONSES)
    async def disable_totp(
        self, data: JSONBody[TotpCodeRequest], owner_auth: Injected[OwnerAuth]
    ) -> TotpStatusOut:
        await owner_auth.disable_totp(data.code)
        return TotpStatusOut(totp_enabled=False)
