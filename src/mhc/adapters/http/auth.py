"""The owner's authentication: password (+ optional TOTP) login, browser sessions, CSRF tokens,
API keys, and the slow-down of failed logins.

The password is only ever held as an argon2 hash, in the database: chosen on the first run's
setup screen, or MHC_ADMIN_PASSWORD's, which wins when set (a changed variable is noticed at
start-up and ends every session). Session tokens and CSRF tokens are derived with HMAC from
the secret key, so rotating the key logs every browser out. API keys, recovery codes and the
setup token are long random strings stored as a SHA-256 digest.

Whatever a stolen session could turn into lasting access (a new API key, revoking keys, the
second factor) asks for the password again, through the same throttle as a login.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import math
import secrets
from datetime import timedelta

from mhc.adapters.http.passwords import PasswordChecks
from mhc.adapters.http.principals import (
    Caller,
    CsrfRejected,
    IssuedSession,
    LoginThrottled,
    NewApiKey,
    OpenSession,
    PasswordRejected,
    Principal,
    SetupState,
    TotpRequired,
)
from mhc.adapters.http.second_factor import (
    matching_step,
    new_recovery_codes,
    new_totp_secret,
    recovery_code_digest,
)
from mhc.domain.credentials import MIN_PASSWORD_LENGTH
from mhc.domain.errors import AuthError, Conflict, InvalidInput, NotFound
from mhc.ports.auth import ApiKey, AuthStore, PasswordState, ThrottlePolicy
from mhc.ports.clock import Clock

SESSION_COOKIE = "mhc_session"
# Over https the cookie is `__Host-` prefixed: browsers then only accept it Secure, for "/",
# from this very host, so no sibling domain can plant one.
SECURE_SESSION_COOKIE = "__Host-" + SESSION_COOKIE
CSRF_HEADER = "X-CSRF-Token"
API_KEY_PREFIX = "mhc_"
SESSION_LIFETIME = timedelta(days=7)
SETUP_LINK_LIFETIME = timedelta(minutes=30)
# Longer values are never tokens we issued; refusing them early keeps hashing bounded.
MAX_TOKEN_LENGTH = 256
MAX_USER_AGENT_LENGTH = 200
ENVIRONMENT_WINS = (
    "the password is set by MHC_ADMIN_PASSWORD, which wins over one chosen here: change it "
    "there (every session ends when it changes)"
)


def session_cookie_name(secure: bool) -> str:
    return SECURE_SESSION_COOKIE if secure else SESSION_COOKIE


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()


class OwnerAuth:
    """Every authentication decision of the panel, over the AuthStore port."""

    def __init__(
        self,
        *,
        store: AuthStore,
        clock: Clock,
        secret_key: str,
        environment_password: str | None = None,
        throttle: ThrottlePolicy | None = None,
        checks: PasswordChecks | None = None,
    ) -> None:
        if not secret_key:
            raise ValueError("a secret key is required")
        self._store = store
        self._clock = clock
        self._secret = secret_key.encode()
        self._environment_password = environment_password or None
        self._throttle = throttle or ThrottlePolicy()
        self._checks = checks or PasswordChecks()
        self._changed = asyncio.Event()

    # ---- Start-up and the first run --------------------------------------------------------

    async def prepare(self) -> str | None:
        """Bring the stored password in line with MHC_ADMIN_PASSWORD (a changed one ends every
        session); with no password at all, a one-time setup token (valid SETUP_LINK_LIFETIME)."""
        state = await self._store.password_state()
        if self._environment_password is not None:
            if not await self._checks.verify(state.hash, self._environment_password):
                new_hash = await self._checks.hash(self._environment_password)
                await self._store.set_password(new_hash, source="environment")
                self._announce_change()
            return None
        if state.hash is not None:
            return None
        token = secrets.token_urlsafe(32)
        expires_at = self._clock.now() + SETUP_LINK_LIFETIME
        return (
            token
            if await self._store.set_setup_token(_digest(token), expires_at=expires_at)
            else None
        )

    async def setup_state(self, token: str | None) -> SetupState:
        if self._environment_password is not None:
            return SetupState(state="environment", token_valid=False)
        if (await self._store.password_state()).hash is not None:
            return SetupState(state="configured", token_valid=False)
        valid = bool(token) and len(token or "") <= MAX_TOKEN_LENGTH
        if valid:
            valid = await self._store.setup_token_is_live(
                _digest(token or ""), now=self._clock.now()
            )
        return SetupState(state="open", token_valid=valid)

    async def complete_setup(self, token: str, password: str) -> None:
        """Set the first password with the setup link's token, which is then used up."""
        if self._environment_password is not None:
            raise Conflict(ENVIRONMENT_WINS)
        _check_new_password(password)
        if len(token) > MAX_TOKEN_LENGTH or not await self._store.setup_token_is_live(
            _digest(token), now=self._clock.now()
        ):
            raise AuthError(self._dead_link_message())
        new_hash = await self._checks.hash(password)
        if (
            await self._store.use_setup_token(_digest(token), new_hash, now=self._clock.now())
            is None
        ):
            raise AuthError(self._dead_link_message())
        self._announce_change()

    @staticmethod
    def _dead_link_message() -> str:
        return (
            "this setup link has expired or was used already: restart the panel to print a "
            "new one, or log in if the password was chosen"
        )

    # ---- Login and sessions -------------------------------------------------------------

    async def login(
        self,
        caller: Caller,
        password: str,
        totp_code: str | None = None,
        recovery_code: str | None = None,
    ) -> IssuedSession:
        """Check the password (and the TOTP or a recovery code when enabled); open a session.

        Raises LoginThrottled while the caller or the whole panel is over its budget,
        TotpRequired without a needed code, AuthError for a wrong password or code.
        """
        await self._count_attempt(caller)
        totp = await self._store.totp_state()
        if totp.secret is not None and not (totp_code or recovery_code):
            raise TotpRequired("a second-factor (TOTP) code is required")
        state = await self._spend_budget_on(password)
        if state is None:
            raise AuthError("wrong password" if totp.secret is None else "wrong password or code")
        if totp.secret is not None and not await self._second_factor_ok(
            totp.secret, totp_code, recovery_code
        ):
            raise AuthError("wrong password or code")
        await self._succeeded(caller, state, password)
        return await self._open_session(caller, state.version, totp_enabled=totp.secret is not None)

    async def confirm_password(self, caller: Caller, password: str) -> None:
        """PasswordRejected unless `password` is the owner's; counted like a login attempt."""
        await self._count_attempt(caller)
        state = await self._spend_budget_on(password)
        if state is None:
            raise PasswordRejected("the password is wrong")
        await self._succeeded(caller, state, password)

    async def _count_attempt(self, caller: Caller) -> None:
        now = self._clock.now()
        counted = await self._store.count_login_attempt(
            caller.address, now=now, policy=self._throttle
        )
        if counted.blocked_until is not None:
            wait = math.ceil((counted.blocked_until - now).total_seconds())
            raise LoginThrottled(max(1, wait))

    async def _spend_budget_on(self, password: str) -> PasswordState | None:
        """Take one check from the global budget and check `password`: the stored state when it
        is right, None when not (or when no password exists yet)."""
        budget = await self._store.take_login_budget(now=self._clock.now(), policy=self._throttle)
        if not budget.granted:
            raise LoginThrottled(max(1, math.ceil(budget.retry_after_seconds)), everyone=True)
        state = await self._store.password_state()
        if state.hash is None:
            # No password yet: nothing to check, and nothing hashed.
            return None
        return state if await self._checks.verify(state.hash, password) else None

    async def _succeeded(self, caller: Caller, state: PasswordState, password: str) -> None:
        await self._store.clear_login_attempts(caller.address)
        await self._store.return_login_budget(policy=self._throttle)
        if state.hash is not None and self._checks.needs_rehash(state.hash):
            await self._store.rehash_password(
                await self._checks.hash(password), version=state.version
            )

    async def _second_factor_ok(
        self, secret: str, totp_code: str | None, recovery_code: str | None
    ) -> bool:
        if totp_code:
            step = matching_step(secret, totp_code, self._clock.now())
            return step is not None and await self._store.accept_totp_step(step)
        digest = recovery_code_digest(recovery_code or "")
        return digest is not None and await self._store.use_recovery_code(
            digest, now=self._clock.now()
        )

    async def _open_session(
        self, caller: Caller, password_version: int, *, totp_enabled: bool
    ) -> IssuedSession:
        token = secrets.token_urlsafe(32)
        user_agent = (caller.user_agent or "")[:MAX_USER_AGENT_LENGTH] or None
        await self._store.create_session(
            self._session_hash(token),
            expires_at=self._clock.now() + SESSION_LIFETIME,
            password_version=password_version,
            client=caller.address,
            user_agent=user_agent,
        )
        return IssuedSession(
            token=token,
            csrf_token=self.csrf_token(token),
            totp_enabled=totp_enabled,
            max_age_seconds=int(SESSION_LIFETIME.total_seconds()),
        )

    async def logout(self, principal: Principal) -> None:
        if principal.session_token is not None:
            await self._store.delete_session(self._session_hash(principal.session_token))
            self._announce_change()

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

    async def still_valid(self, principal: Principal) -> bool:
        """Whether the credentials behind `principal` still open the panel (a long stream asks
        again now and then: logging out, expiry or a revoked key end it)."""
        try:
            if principal.session_token is not None:
                await self.authenticate(authorization=None, cookie=principal.session_token)
                return True
        except AuthError:
            return False
        if principal.api_key_id is not None:
            keys = await self._store.list_api_keys()
            return any(k.id == principal.api_key_id and k.revoked_at is None for k in keys)
        return False

    def changes(self) -> asyncio.Event:
        """Set at the next logout or revocation in this process (then replaced by a new one)."""
        return self._changed

    def _announce_change(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def list_sessions(self, principal: Principal) -> list[OpenSession]:
        current = (
            None if principal.session_token is None else self._session_hash(principal.session_token)
        )
        sessions = await self._store.list_sessions(now=self._clock.now())
        return [OpenSession(session=s, current=s.token_hash == current) for s in sessions]

    async def end_session(self, session_id: int) -> None:
        if not await self._store.delete_session_by_id(session_id):
            raise NotFound(f"session {session_id} is not open")
        self._announce_change()

    async def end_every_session(self) -> int:
        """Log out everywhere, this browser included; how many sessions ended."""
        ended = await self._store.delete_all_sessions()
        self._announce_change()
        return ended

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

    # ---- The password -------------------------------------------------------------------

    @property
    def password_from_environment(self) -> bool:
        return self._environment_password is not None

    async def change_password(
        self, caller: Caller, current: str, new: str, *, totp_enabled: bool
    ) -> IssuedSession:
        """A new password chosen in the panel: every session ends, and this caller gets a
        fresh one."""
        if self._environment_password is not None:
            raise Conflict(ENVIRONMENT_WINS)
        _check_new_password(new)
        await self.confirm_password(caller, current)
        version = await self._store.set_password(await self._checks.hash(new), source="panel")
        self._announce_change()
        return await self._open_session(caller, version, totp_enabled=totp_enabled)

    # ---- Second factor -----------------------------------------------------------------

    async def totp_enabled(self) -> bool:
        return (await self._store.totp_state()).secret is not None

    async def recovery_codes_left(self) -> int:
        return await self._store.recovery_codes_left()

    async def setup_totp(self) -> tuple[str, str]:
        """A new pending TOTP secret and its provisioning URI; Conflict when one is enabled."""
        if await self.totp_enabled():
            raise Conflict("a second factor is enabled already: disable it first")
        secret, uri = new_totp_secret()
        await self._store.set_pending_totp(secret)
        return secret, uri

    async def enable_totp(self, code: str) -> list[str]:
        """Enable the pending secret once `code` proves the authenticator app has it; the
        one-time recovery codes (shown this once)."""
        state = await self._store.totp_state()
        if state.secret is not None:
            raise Conflict("a second factor is enabled already")
        if state.pending_secret is None:
            raise Conflict("start with the TOTP setup, then confirm a code")
        step = matching_step(state.pending_secret, code, self._clock.now())
        if step is None:
            raise InvalidInput("the code does not match the new secret", field="code")
        codes = new_recovery_codes()
        hashes = [digest for c in codes if (digest := recovery_code_digest(c)) is not None]
        await self._store.enable_totp(state.pending_secret, step=step, recovery_hashes=hashes)
        return codes

    async def disable_totp(self, code: str | None = None) -> None:
        """Drop the second factor (the caller confirmed the password); a code, when given,
        must be right."""
        state = await self._store.totp_state()
        if state.secret is None:
            raise Conflict("no second factor is enabled")
        if code is not None:
            step = matching_step(state.secret, code, self._clock.now())
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
        self._announce_change()

    # ---- The way back --------------------------------------------------------------------

    async def reset(self, *, forget_password: bool = False) -> tuple[int, int]:
        """Every session and API key ends and the second factor goes (for an owner locked out
        by someone who enabled TOTP); with `forget_password` the password goes too, and the
        next start prints a setup link. (sessions ended, keys revoked)."""
        sessions = await self._store.delete_all_sessions()
        keys = await self._store.revoke_all_api_keys(now=self._clock.now())
        await self._store.disable_totp()
        if forget_password:
            await self._store.forget_password()
        self._announce_change()
        return sessions, keys


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"choose a password of at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
