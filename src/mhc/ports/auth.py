"""Storage the owner's authentication needs: the password, browser sessions, API keys, TOTP,
recovery codes, the first-run setup token and login throttling.

Secrets never reach this port in clear: the password arrives as its argon2 hash; sessions, API
keys, recovery codes and the setup token are identified by a digest of their value, computed by
the caller.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol

import msgspec

PasswordSource = Literal["setup", "environment", "panel"]


class ApiKey(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TotpState(msgspec.Struct, frozen=True, kw_only=True):
    secret: str | None
    pending_secret: str | None
    last_step: int | None


class ThrottlePolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Failed-login slow-down.

    Per client: from attempt `free_attempts` of a window on, each attempt locks the client out
    for `base_delay_seconds * 2**(attempt - free_attempts)`, at most `max_delay_seconds`; a
    successful login or a quiet `window_seconds` start afresh.

    For everyone together, whatever address they claim: a bucket of `global_burst` password
    checks that refills by `global_per_minute`; each attempt takes one, a success gives it back,
    and an empty bucket refuses at once, before any password is hashed.
    """

    free_attempts: int = 5
    base_delay_seconds: float = 1.0
    max_delay_seconds: float = 900.0
    window_seconds: float = 86_400.0
    global_burst: int = 10
    global_per_minute: float = 10.0


class PasswordState(msgspec.Struct, frozen=True, kw_only=True):
    """The owner's password as stored: its argon2 hash (None before the first run's setup),
    where it came from, and its version, which every session carries (a new password ends
    every session made with the old one)."""

    hash: str | None
    source: PasswordSource | None
    version: int


class BrowserSession(msgspec.Struct, frozen=True, kw_only=True):
    """An open browser session as the owner sees it (never its token)."""

    id: int
    client: str | None
    user_agent: str | None
    created_at: datetime
    last_seen_at: datetime | None
    expires_at: datetime
    token_hash: bytes


class BudgetAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """Whether the global budget had an attempt left, and when the next one comes if not."""

    granted: bool
    retry_after_seconds: float


class LoginAttempts(msgspec.Struct, frozen=True, kw_only=True):
    """A client's attempts in the current window, counting this one; `blocked_until` is set
    when this attempt falls inside a lock and must be refused."""

    attempts: int
    blocked_until: datetime | None


class AuthStore(Protocol):
    # ---- the password and the first-run setup ----

    async def password_state(self) -> PasswordState: ...

    async def set_password(self, password_hash: str, *, source: PasswordSource) -> int:
        """Store a new password: its version goes up and every session ends; the new version."""
        ...

    async def rehash_password(self, password_hash: str, *, version: int) -> None:
        """Store a stronger hash of the same password (no session ends); nothing when the
        password changed meanwhile."""
        ...

    async def forget_password(self) -> None:
        """No password any more (the next start prints a setup link); every session ends."""
        ...

    async def set_setup_token(self, token_hash: bytes, *, expires_at: datetime) -> bool:
        """Store the one setup token; False (and nothing stored) once a password exists."""
        ...

    async def use_setup_token(
        self, token_hash: bytes, password_hash: str, *, now: datetime
    ) -> int | None:
        """Set the first password with a live token, using it up; the new version, or None
        when the token is unknown, expired or used (or a password exists)."""
        ...

    async def setup_token_is_live(self, token_hash: bytes, *, now: datetime) -> bool: ...

    # ---- browser sessions ----

    async def create_session(
        self,
        token_hash: bytes,
        *,
        expires_at: datetime,
        password_version: int,
        client: str,
        user_agent: str | None,
    ) -> None:
        """Store a new browser session and drop the ones that have expired."""
        ...

    async def session_is_valid(self, token_hash: bytes, *, now: datetime) -> bool:
        """Whether the session exists, has not expired and was opened with the current
        password; records when it was last seen (at most once a minute)."""
        ...

    async def delete_session(self, token_hash: bytes) -> None: ...

    async def list_sessions(self, *, now: datetime) -> list[BrowserSession]: ...

    async def delete_session_by_id(self, session_id: int) -> bool: ...

    async def delete_all_sessions(self) -> int: ...

    async def create_api_key(self, *, name: str, prefix: str, key_hash: bytes) -> ApiKey: ...

    async def list_api_keys(self) -> list[ApiKey]: ...

    async def revoke_api_key(self, key_id: int, *, now: datetime) -> bool:
        """Revoke a key; False when no such key exists (revoking twice is harmless)."""
        ...

    async def revoke_all_api_keys(self, *, now: datetime) -> int: ...

    async def use_api_key(self, key_hash: bytes, *, now: datetime) -> int | None:
        """The id of the live key with this hash, recording its use; None when unknown/revoked."""
        ...

    async def totp_state(self) -> TotpState: ...

    async def set_pending_totp(self, secret: str) -> None: ...

    async def enable_totp(self, secret: str, *, step: int, recovery_hashes: list[bytes]) -> None:
        """Make `secret` the active second factor, clearing the pending one, with a new set of
        one-time recovery codes."""
        ...

    async def disable_totp(self) -> None:
        """Drop the second factor and its recovery codes."""
        ...

    async def use_recovery_code(self, code_hash: bytes, *, now: datetime) -> bool:
        """Use a recovery code up; False when unknown or used already."""
        ...

    async def recovery_codes_left(self) -> int: ...

    async def accept_totp_step(self, step: int) -> bool:
        """Record `step` as used; False when it (or a later one) was already accepted."""
        ...

    async def count_login_attempt(
        self, client: str, *, now: datetime, policy: ThrottlePolicy
    ) -> LoginAttempts:
        """Count one attempt by `client` atomically, locking the next ones as `policy` says."""
        ...

    async def clear_login_attempts(self, client: str) -> None: ...

    async def take_login_budget(self, *, now: datetime, policy: ThrottlePolicy) -> BudgetAnswer:
        """Take one attempt from the global budget, refilled up to `now`."""
        ...

    async def return_login_budget(self, *, policy: ThrottlePolicy) -> None:
        """Give back the attempt of a login that succeeded."""
        ...
