"""API keys and the second factor. Whatever would turn a stolen session into lasting access
(a new key, revoking keys, setting the second factor up or dropping it) asks for the password."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import JSONBody

from mhc.adapters.http.auth import OwnerAuth
from mhc.adapters.http.controllers.auth import caller_of
from mhc.adapters.http.controllers.params import Injected, KeyId
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.auth import (
    ApiKeyCreatedOut,
    ApiKeyOut,
    ApiKeyRequest,
    PasswordRequest,
    TotpCodeRequest,
    TotpDisableRequest,
    TotpEnabledOut,
    TotpSetupOut,
    TotpStatusOut,
)

AnyRequest = Request[Any, Any, Any]


class ApiKeysController(Controller):
    path = "/auth/keys"
    tags = ["auth"]

    @get(operation_id="listApiKeys", responses=PROBLEM_RESPONSES)
    async def list_keys(self, owner_auth: Injected[OwnerAuth]) -> list[ApiKeyOut]:
        """Every key with its last use (at most a minute behind), revoked ones too."""
        return [present(key, ApiKeyOut) for key in await owner_auth.list_api_keys()]

    @post(operation_id="createApiKey", status_code=201, responses=PROBLEM_RESPONSES)
    async def create_key(
        self, request: AnyRequest, data: JSONBody[ApiKeyRequest], owner_auth: Injected[OwnerAuth]
    ) -> ApiKeyCreatedOut:
        """A new bearer key for scripts, with the password; the key is in this answer only.
        403 for a wrong password."""
        await owner_auth.confirm_password(caller_of(request), data.password)
        created = await owner_auth.create_api_key(data.name)
        return ApiKeyCreatedOut(
            id=created.key.id,
            name=created.key.name,
            prefix=created.key.prefix,
            created_at=created.key.created_at,
            key=created.secret,
        )

    @post(
        "/{key_id:int}/revoke",
        operation_id="revokeApiKey",
        status_code=204,
        responses=PROBLEM_RESPONSES,
    )
    async def revoke_key(
        self,
        request: AnyRequest,
        key_id: KeyId,
        data: JSONBody[PasswordRequest],
        owner_auth: Injected[OwnerAuth],
    ) -> None:
        """Revoke a key for good, with the password (403 when wrong, 404 for no such key)."""
        await owner_auth.confirm_password(caller_of(request), data.password)
        await owner_auth.revoke_api_key(key_id)


class TotpController(Controller):
    path = "/auth/totp"
    tags = ["auth"]

    @get(operation_id="getTotp", responses=PROBLEM_RESPONSES)
    async def status(self, owner_auth: Injected[OwnerAuth]) -> TotpStatusOut:
        return TotpStatusOut(
            totp_enabled=await owner_auth.totp_enabled(),
            recovery_codes_left=await owner_auth.recovery_codes_left(),
        )

    @post("/setup", operation_id="setupTotp", status_code=200, responses=PROBLEM_RESPONSES)
    async def setup_totp(
        self,
        request: AnyRequest,
        data: JSONBody[PasswordRequest],
        owner_auth: Injected[OwnerAuth],
    ) -> TotpSetupOut:
        """A new secret to scan, with the password; it takes effect once a code is confirmed
        with totp/enable."""
        await owner_auth.confirm_password(caller_of(request), data.password)
        secret, uri = await owner_auth.setup_totp()
        return TotpSetupOut(secret=secret, uri=uri)

    @post("/enable", operation_id="enableTotp", status_code=200, responses=PROBLEM_RESPONSES)
    async def enable_totp(
        self, data: JSONBody[TotpCodeRequest], owner_auth: Injected[OwnerAuth]
    ) -> TotpEnabledOut:
        """Turn the second factor on with the code the app shows; the answer holds the
        one-time recovery codes, shown this once."""
        codes = await owner_auth.enable_totp(data.code)
        return TotpEnabledOut(totp_enabled=True, recovery_codes=codes)

    @post("/disable", operation_id="disableTotp", status_code=200, responses=PROBLEM_RESPONSES)
    async def disable_totp(
        self,
        request: AnyRequest,
        data: JSONBody[TotpDisableRequest],
        owner_auth: Injected[OwnerAuth],
    ) -> TotpStatusOut:
        """Turn the second factor off, with the password (and the code, when sent)."""
        await owner_auth.confirm_password(caller_of(request), data.password)
        await owner_auth.disable_totp(data.code)
        return TotpStatusOut(totp_enabled=False, recovery_codes_left=0)
