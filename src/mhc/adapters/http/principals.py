"""Who is calling and what authentication hands back (the values OwnerAuth deals in), and the
refusals the problem mapper turns into 401, 403 and 429."""

from __future__ import annotations

from typing import Literal

import msgspec

from mhc.domain.errors import AuthError, MhcError
from mhc.ports.auth import ApiKey, BrowserSession


class LoginThrottled(MhcError):
    """Too many failed logins (from this client, or on the whole panel): wait `retry_after`."""

    def __init__(self, retry_after: int, *, everyone: bool = False) -> None:
        whose = "on this panel" if everyone else "from this address"
        super().__init__(f"too many failed logins {whose}: try again in {retry_after} s")
        self.retry_after = retry_after


class TotpRequired(AuthError):
    """The owner enabled a second factor and the login came without a code."""


class PasswordRejected(MhcError):
    """The password given to confirm a sensitive change is wrong (403: the caller is logged in
    already, so this must not read as "log in again")."""


class CsrfRejected(MhcError):
    """A cookie-authenticated write without the session's X-CSRF-Token header."""


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """Who is calling: the owner, through a browser session or an API key."""

    kind: Literal["session", "api_key"]
    session_token: str | None = None
    api_key_id: int | None = None


class Caller(msgspec.Struct, frozen=True, kw_only=True):
    """Where a request comes from: the address the throttle counts, the browser it says it is."""

    address: str
    user_agent: str | None = None


class IssuedSession(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    csrf_token: str
    totp_enabled: bool
    max_age_seconds: int


class NewApiKey(msgspec.Struct, frozen=True, kw_only=True):
    key: ApiKey
    secret: str


class OpenSession(msgspec.Struct, frozen=True, kw_only=True):
    session: BrowserSession
    current: bool


class SetupState(msgspec.Struct, frozen=True, kw_only=True):
    """`open`: no password yet; `configured`: one was chosen; `environment`: MHC_ADMIN_PASSWORD
    is set and wins. `token_valid`: the link's token can set the first password now."""

    state: Literal["open", "configured", "environment"]
    token_valid: bool
