"""Bodies of login, the current caller, the password, sessions, the second factor, API keys
and the first run's setup (controllers/auth.py, account.py, setup.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from mhc.adapters.http.schemas.common import NO_NUL, Body, Name
from mhc.domain.credentials import MIN_PASSWORD_LENGTH

# Exactly six ASCII digits (spaces around are ignored); [0-9], unlike \d, is ASCII only.
TOTP_CODE_PATTERN = r"^\s*[0-9]{6}\s*$"
TotpCode = Annotated[str, msgspec.Meta(max_length=16, pattern=TOTP_CODE_PATTERN)]
Password = Annotated[str, msgspec.Meta(max_length=1024)]
NewPassword = Annotated[
    str, msgspec.Meta(min_length=MIN_PASSWORD_LENGTH, max_length=1024, pattern=NO_NUL)
]
RecoveryCode = Annotated[str, msgspec.Meta(max_length=32, pattern=r"^[A-Za-z0-9\s-]*$")]


class LoginRequest(Body):
    """The password, and with a second factor enabled either the code the authenticator app
    shows now or one of the one-time recovery codes."""

    password: Password
    totp_code: TotpCode | None = None
    recovery_code: RecoveryCode | None = None


class LoginOut(Body):
    csrf_token: str
    totp_enabled: bool
    password_from_environment: bool


class MeOut(Body):
    """`csrfToken` is null when the request came with an API key (no cookie, no CSRF);
    `passwordFromEnvironment`: MHC_ADMIN_PASSWORD sets the password (not the panel)."""

    authenticated: bool
    csrf_token: str | None
    totp_enabled: bool
    password_from_environment: bool


class PasswordRequest(Body):
    """The owner's password, asked again before a change a stolen session must not make."""

    password: Password


class PasswordChangeRequest(Body):
    current_password: Password
    new_password: NewPassword


class BrowserSessionOut(Body):
    """An open browser session: where it logged in from, what browser, when last seen."""

    id: int
    client: str | None
    user_agent: str | None
    created_at: datetime
    last_seen_at: datetime | None
    expires_at: datetime
    current: bool


class SessionsEndedOut(Body):
    ended: int


class ApiKeyOut(Body):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyRequest(Body):
    name: Name
    password: Password


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

    code: TotpCode


class TotpDisableRequest(Body):
    """The password; the code the authenticator shows may be sent too (then it must be right)."""

    password: Password
    code: TotpCode | None = None


class TotpStatusOut(Body):
    totp_enabled: bool
    recovery_codes_left: int


class TotpEnabledOut(Body):
    """`recoveryCodes`: one-time codes for a lost authenticator, shown this once."""

    totp_enabled: bool
    recovery_codes: list[str]


class SetupStateOut(Body):
    """`open`: no password yet; `configured`: one was chosen; `environment`: MHC_ADMIN_PASSWORD
    is set and wins. `tokenValid`: the link's token can set the first password now."""

    state: Literal["open", "configured", "environment"]
    token_valid: bool
    min_password_length: int


class SetupRequest(Body):
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    password: NewPassword
