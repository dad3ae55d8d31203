"""Hashing and checking the owner's password with argon2id, within the memory of a small server.

Each check holds `MEMORY_KIB` of memory for a few tens of milliseconds. The web process runs on
a 512 MB instance (Render's starter plan), so at most `CONCURRENT_CHECKS` run at once, at most
`WAITING_CHECKS` more wait for their turn, and any further attempt is refused at once: a burst
of logins costs a queue, never memory. The parameters are OWASP's first choice for argon2id
(m = 19 MiB, t = 2, p = 1), about 40 ms a check on one core; two at a time hold 38 MiB.

A hash made with other parameters (an older default) still verifies, argon2 reads them from
the hash, and is replaced by one with these after the next successful login.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, TypeVarTuple

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mhc.domain.errors import MhcError

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

MEMORY_KIB = 19_456
TIME_COST = 2
PARALLELISM = 1
CONCURRENT_CHECKS = 2
WAITING_CHECKS = 8
# Longer passwords are refused before hashing (the login body allows 1024 characters).
MAX_PASSWORD_LENGTH = 1024


class TooBusy(MhcError):
    """The server refuses more work of this kind right now: try again in `retry_after` s."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def password_hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, hash_len=32
    )


class PasswordChecks:
    """argon2 work off the event loop, `CONCURRENT_CHECKS` at a time, with a bounded queue."""

    def __init__(
        self,
        hasher: PasswordHasher | None = None,
        *,
        concurrent: int = CONCURRENT_CHECKS,
        waiting: int = WAITING_CHECKS,
    ) -> None:
        self._hasher = hasher or password_hasher()
        self._limiter = anyio.CapacityLimiter(concurrent)
        self._room = concurrent + waiting
        self._queued = 0

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether `password` matches `password_hash` (False without a hash)."""
        if password_hash is None or len(password) > MAX_PASSWORD_LENGTH:
            return False
        return await self._run(self._verify, password_hash, password)

    async def hash(self, password: str) -> str:
        return await self._run(self._hasher.hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    async def _run(self, work: Callable[[*Ts], T], *args: *Ts) -> T:
        if self._queued >= self._room:
            raise TooBusy("too many password checks at once: try again in a second")
        self._queued += 1
        try:
            return await anyio.to_thread.run_sync(work, *args, limiter=self._limiter)
        finally:
            self._queued -= 1

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
