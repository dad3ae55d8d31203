"""Bodies of login, the current caller, the second factor and API keys (controllers/auth.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from mhc.adapters.http.schemas.common import (
    Body,
    Name,
)


class LoginRequest(Body):
    password: Annotated[str, msgspec.Meta(max_length=1024)]
    totp_code: Annotated[str, msgspec.Meta(max_length=16)] | None = None


class LoginOut(Body):
    csrf_token: str
    totp_enabled: bool


class MeOut(Body):
    """`csrfToken` is null when the request came with an API key (no cookie, no CSRF)."""

    authenticated: bool
    csrf_token: str | None
    totp_enabled: bool


class ApiKeyOut(Body):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyRequest(Body):
    name: Name


class ApiKeyCreatedOut(Body):
    """The new key; `key` is shown this once and never again."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    key: str


class TotpSetupOut(Body):
    secret: str
    uri: str


class TotpCodeRequest(Body):
    """The six digits the authenticator app shows now (spaces around are ignored)."""

    code: Annotated[str, msgspec.Meta(max_length=16, pattern=r"^\s*[0-9]{6}\s*$")]


class TotpStatusOut(Body):
    totp_enabled: bool
