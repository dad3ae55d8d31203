"""Ports of the connections: their encrypted store, the cipher, and how a consumer (an HTTP
client, the worker) asks for a connection's current value."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

import msgspec

from mhc.domain.connections import CheckResult, ConnectionName, Credential, Health

# The current value of a one-part credential (environment first, then the panel's), asked for
# just before it is used, so a value changed on the panel is used without a restart.
SecretProvider = Callable[[], Awaitable[str | None]]
# The same for a connection of several parts: every part, or None while it is not set.
CredentialProvider = Callable[[], Awaitable[Credential | None]]
# A connection's test: one cheap real call with the value, through the client that uses it.
ConnectionCheck = Callable[[Credential], Awaitable[CheckResult]]


def fixed_secret(value: str | None) -> SecretProvider:
    """A provider of one value that never changes (scripts, tests, the contract probe)."""

    async def provide() -> str | None:
        return value

    return provide


def secret_provider(value: str | SecretProvider | None) -> SecretProvider:
    """A client's credential as a provider, whether it was given a value or a provider."""
    if value is None or isinstance(value, str):
        return fixed_secret(value)
    return value


class UnreadableSecret(Exception):
    """Ciphertext that this key cannot open: another key sealed it, or it was altered."""


class SecretCipher(Protocol):
    """Authenticated encryption of connection values, bound to the connection's name."""

    def seal(self, name: str, plaintext: bytes) -> bytes: ...

    def open(self, name: str, sealed: bytes) -> bytes:
        """The plaintext; UnreadableSecret when this key did not seal it for `name`."""
        ...

    def fingerprint(self, name: str, plaintext: bytes) -> str:
        """A keyed hash of a value: equal for equal values, useless without the key."""
        ...


class StoredConnection(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    secret: bytes | None
    secret_set_at: datetime | None
    health: Health | None


class ConnectionStore(Protocol):
    """The connections table. Each write commits on its own."""

    async def all(self) -> list[StoredConnection]: ...

    async def get(self, name: ConnectionName) -> StoredConnection | None: ...

    async def save_secret(self, name: ConnectionName, sealed: bytes, at: datetime) -> None: ...

    async def clear_secret(self, name: ConnectionName) -> None: ...

    async def record_health(self, name: ConnectionName, health: Health) -> None:
        """Store how a value fared; a success also becomes `last_success_at` (an earlier
        success of the same value is kept through a failure)."""
        ...

    async def replace_secrets(self, sealed: dict[ConnectionName, bytes]) -> None:
        """Swap stored ciphertexts all at once (rekeying under a new key)."""
        ...
