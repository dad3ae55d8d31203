"""The owner's authentication: password (+ optional TOTP) login, browser sessions, CSRF tokens,
API keys, and the slow-down of repeated failed logins.

The password is only ever held as an argon2 hash. Session tokens and CSRF tokens are derived
with HMAC from the secret key, so rotating the key logs every browser out. API keys are stored
as a SHA-256 digest (they are long random strings, so a fast hash is enough) and survive a key
rotation; revoke them one by one.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import datetime, timedelta
from typing import Literal

import anyio.to_thread
import msgspec
import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mhc.domain.errors import AuthError, Conflict, InvalidInput, MhcError, NotFound
from mhc.ports.auth import ApiKey, AuthStore, ThrottlePolicy
from mhc.ports.clock import Clock

SESSION_COOKIE = "mhc_session"
CSRF_HEADER = "X-CSRF-Token"
API_KEY_PREFIX = "mhc_"
SESSION_LIFETIME = timedelta(days=7)
TOTP_ISSUER = "MHC Control Panel"
# Longer values are never tokens we issued; refusing them early keeps hashing bounded.
MAX_TOKEN_LENGTH = 256


class LoginThrottled(MhcError):
    """Too many failed logins from this client: wait `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins: try again in {retry_after} s")
        self.retry_after = retry_after


class TotpRequired(AuthError):
    """The owner enabled a second factor and the login came without a code."""


class CsrfRejected(MhcError):
    """A cookie-authenticated write without the session's X-CSRF-Token header."""


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """Who is calling: the owner, through a browser session or an API key."""

    kind: Literal["session", "api_key"]
    session_token: str | None = None
    api_key_id: int | None = None


class IssuedSession(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    csrf_token: str
    totp_enabled: bool
    max_age_seconds: int


class NewApiKey(msgspec.Struct, frozen=True, kw_only=True):
    key: ApiKey
    secret: str


def hash_password(password: str) -> str:
    """An argon2id hash of the owner's password (RFC 9106 default parameters)."""
    return PasswordHasher().hash(password)


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()


class OwnerAuth:
    """Every authentication decision of the panel, over the AuthStore port."""

    def __init__(
        self,
        *,
        store: AuthStore,
        clock: Clock,
        password_hash: str,
        secret_key: str,
        throttle: ThrottlePolicy | None = None,
    ) -> None:
        if not secret_key:
            raise ValueError("a secret key is required")
        self._store = store
        self._clock = clock
        self._password_hash = password_hash
        self._secret = secret_key.encode()
        self._throttle = throttle or ThrottlePolicy()
        self._hasher = PasswordHasher()

    # ---- Login and sessions -------------------------------------------------------------

    async def login(self, client: str, password: str, totp_code: str | None) -> IssuedSession:
        """Check the password (and the TOTP code when enabled); open a browser session.

        Raises LoginThrottled while `client` is locked out, TotpRequired without a needed
        code, AuthError for a wrong password or code.
        """
        now = self._clock.now()
        counted = await self._store.count_login_attempt(client, now=now, policy=self._throttle)
        if counted.blocked_until is not None:
            wait = math.ceil((counted.blocked_until - now).total_seconds())
            raise LoginThrottled(max(1, wait))
        totp = await self._store.totp_state()
        if totp.secret is not None and not totp_code:
            raise TotpRequired("a second-factor (TOTP) code is required")
        password_ok = await anyio.to_thread.run_sync(self._verify_password, password)
        if not password_ok:
            raise AuthError("wrong password" if totp.secret is None else "wrong password or code")
        if totp.secret is not None:
            step = _matching_step(totp.secret, totp_code or "", now)
            if step is None or not await self._store.accept_totp_step(step):
                raise AuthError("wrong password or code")
        await self._store.clear_login_attempts(client)
        token = secrets.token_urlsafe(32)
        await self._store.create_session(
            self._session_hash(token), expires_at=now + SESSION_LIFETIME
        )
        return IssuedSession(
            token=token,
            csrf_token=self.csrf_token(token),
            totp_enabled=totp.secret is not None,
            max_age_seconds=int(SESSION_LIFETIME.total_seconds()),
        )

    async def logout(self, principal: Principal) -> None:
        if principal.session_token is not None:
            await self._store.delete_session(self._session_hash(principal.session_token))

    async def authenticate(self, *, authorization: str | None, cookie: str | None) -> Principal:
        """The caller, from an `Authorization: Bearer` API key or the session cookie."""
        now = self._clock.now()
        if authorization is not None:
            scheme, _, value = authorization.strip().partition(" ")
            key = value.strip()
            if scheme.lower() != "bearer" or not key or len(key) > MAX_TOKEN_LENGTH:
                raise AuthError("send an API key as 'Authorization: Bearer <key>'")
            key_id = await self._store.use_api_key(_digest(key), now=now)
            if key_id is None:
                raise AuthError("unknown or revoked API key")
            return Principal(kind="api_key", api_key_id=key_id)
        if cookie:
            if len(cookie) <= MAX_TOKEN_LENGTH and await self._store.session_is_valid(
                self._session_hash(cookie), now=now
            ):
                return Principal(kind="session", session_token=cookie)
            raise AuthError("the session has expired: log in again")
        raise AuthError("log in, or send an API key")

    def csrf_token(self, session_token: str) -> str:
        return hmac.new(self._secret, b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, principal: Principal, header: str | None) -> None:
        """CsrfRejected unless a cookie-authenticated write carries the session's token."""
        if principal.session_token is None:
            return
        expected = self.csrf_token(principal.session_token)
        if header is None or not hmac.compare_digest(header.encode(), expected.encode()):
            raise CsrfRejected(f"send the session's CSRF token in the {CSRF_HEADER} header")

    def _session_hash(self, token: str) -> bytes:
        return hmac.new(self._secret, b"session:" + token.encode(), hashlib.sha256).digest()

    def _verify_password(self, password: str) -> bool:
        try:
            return self._hasher.verify(self._password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    # ---- Second factor -----------------------------------------------------------------

    async def totp_enabled(self) -> bool:
        return (await self._store.totp_state()).secret is not None

    async def setup_totp(self) -> tuple[str, str]:
        """A new pending TOTP secret and its provisioning URI; Conflict when one is enabled."""
        if await self.totp_enabled():
            raise Conflict("a second factor is enabled already: disable it first")
        secret = pyotp.random_base32()
        await self._store.set_pending_totp(secret)
        uri = pyotp.TOTP(secret).provisioning_uri(name="owner", issuer_name=TOTP_ISSUER)
        return secret, uri

    async def enable_totp(self, code: str) -> None:
        """Enable the pending secret once `code` proves the authenticator app has it."""
        state = await self._store.totp_state()
        if state.secret is not None:
            raise Conflict("a second factor is enabled already")
        if state.pending_secret is None:
            raise Conflict("start with the TOTP setup, then confirm a code")
        step = _matching_step(state.pending_secret, code, self._clock.now())
        if step is None:
            raise InvalidInput("the code does not match the new secret", field="code")
        await self._store.enable_totp(state.pending_secret, step=step)

    async def disable_totp(self, code: str) -> None:
        state = await self._store.totp_state()
        if state.secret is None:
            raise Conflict("no second factor is enabled")
        step = _matching_step(state.secret, code, self._clock.now())
        if step is None or not await self._store.accept_totp_step(step):
            raise InvalidInput("the code is wrong or was used already", field="code")
        await self._store.disable_totp()

    # ---- API keys -----------------------------------------------------------------------

    async def create_api_key(self, name: str) -> NewApiKey:
        cleaned = name.strip()
        if not cleaned:
            raise InvalidInput("an API key needs a name", field="name")
        secret = API_KEY_PREFIX + secrets.token_urlsafe(32)
        key = await self._store.create_api_key(
            name=cleaned, prefix=secret[: len(API_KEY_PREFIX) + 6], key_hash=_digest(secret)
        )
        return NewApiKey(key=key, secret=secret)

    async def list_api_keys(self) -> list[ApiKey]:
        return await self._store.list_api_keys()

    async def revoke_api_key(self, key_id: int) -> None:
        if not await self._store.revoke_api_key(key_id, now=self._clock.now()):
            raise NotFound(f"API key {key_id} does not exist")


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code is `code` (allowing one step of clock drift), or None."""
    totp = pyotp.TOTP(secret)
    code = code.strip()
    if len(code) != totp.digits or not code.isdigit():
        return None
    current = totp.timecode(now)
    for offset in (0, -1, 1):
        if hmac.compare_digest(totp.at(now, counter_offset=offset), code):
            return int(current + offset)
    return None
