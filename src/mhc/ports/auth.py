"""Storage the owner's authentication needs: browser sessions, API keys, TOTP, login throttling.

Secrets never reach this port in clear: sessions and API keys are identified by the SHA-256 of
their value, computed by the caller.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import msgspec


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
    """Failed-login slow-down: from attempt `free_attempts` of a window on, each attempt locks
    the client out for `base_delay_seconds * 2**(attempt - free_attempts)`, at most
    `max_delay_seconds`; a successful login or a quiet `window_seconds` start afresh."""

    free_attempts: int = 5
    base_delay_seconds: float = 1.0
    max_delay_seconds: float = 900.0
    window_seconds: float = 86_400.0


class LoginAttempts(msgspec.Struct, frozen=True, kw_only=True):
    """A client's attempts in the current window, counting this one; `blocked_until` is set
    when this attempt falls inside a lock and must be refused."""

    attempts: int
    blocked_until: datetime | None


class AuthStore(Protocol):
    async def create_session(self, token_hash: bytes, *, expires_at: datetime) -> None:
        """Store a new browser session and drop the ones that have expired."""
        ...

    async def session_is_valid(self, token_hash: bytes, *, now: datetime) -> bool: ...

    async def delete_session(self, token_hash: bytes) -> None: ...

    async def create_api_key(self, *, name: str, prefix: str, key_hash: bytes) -> ApiKey: ...

    async def list_api_keys(self) -> list[ApiKey]: ...

    async def revoke_api_key(self, key_id: int, *, now: datetime) -> bool:
        """Revoke a key; False when no such key exists (revoking twice is harmless)."""
        ...

    async def use_api_key(self, key_hash: bytes, *, now: datetime) -> int | None:
        """The id of the live key with this hash, recording its use; None when unknown/revoked."""
        ...

    async def totp_state(self) -> TotpState: ...

    async def set_pending_totp(self, secret: str) -> None: ...

    async def enable_totp(self, secret: str, *, step: int) -> None:
        """Make `secret` the active second factor, clearing the pending one."""
        ...

    async def disable_totp(self) -> None: ...

    async def accept_totp_step(self, step: int) -> bool:
        """Record `step` as used; False when it (or a later one) was already accepted."""
        ...

    async def count_login_attempt(
        self, client: str, *, now: datetime, policy: ThrottlePolicy
    ) -> LoginAttempts:
        """Count one attempt by `client` atomically, locking the next ones as `policy` says."""
        ...

    async def clear_login_attempts(self, client: str) -> None: ...
