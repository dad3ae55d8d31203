"""The AuthStore port on PostgreSQL: sessions, API keys, TOTP and login throttling."""

from __future__ import annotations

from datetime import datetime, timedelta

from psycopg.rows import class_row
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.queries import load_queries
from mhc.ports.auth import ApiKey, LoginAttempts, ThrottlePolicy, TotpState


class PostgresAuthStore:
    """Each method is one statement on a pooled connection, committed on its own."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self._pool = pool
        self._sql = load_queries("auth")

    async def create_session(self, token_hash: bytes, *, expires_at: datetime) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(
                self._sql["create_session"], {"token_hash": token_hash, "expires_at": expires_at}
            )

    async def session_is_valid(self, token_hash: bytes, *, now: datetime) -> bool:
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                self._sql["session_is_valid"], {"token_hash": token_hash, "now": now}
            )
            row = await cur.fetchone()
        return bool(row and row[0])

    async def delete_session(self, token_hash: bytes) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(self._sql["delete_session"], {"token_hash": token_hash})

    async def create_api_key(self, *, name: str, prefix: str, key_hash: bytes) -> ApiKey:
        async with self._pool.connection() as conn:
            cur = conn.cursor(row_factory=class_row(ApiKey))
            await cur.execute(
                self._sql["create_api_key"], {"name": name, "prefix": prefix, "key_hash": key_hash}
            )
            key = await cur.fetchone()
        assert key is not None  # INSERT ... RETURNING always yields the row
        return key

    async def list_api_keys(self) -> list[ApiKey]:
        async with self._pool.connection() as conn:
            cur = conn.cursor(row_factory=class_row(ApiKey))
            await cur.execute(self._sql["list_api_keys"])
            return await cur.fetchall()

    async def revoke_api_key(self, key_id: int, *, now: datetime) -> bool:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql["revoke_api_key"], {"key_id": key_id, "now": now})
            return await cur.fetchone() is not None

    async def use_api_key(self, key_hash: bytes, *, now: datetime) -> int | None:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql["use_api_key"], {"key_hash": key_hash, "now": now})
            row = await cur.fetchone()
        return int(row[0]) if row else None

    async def totp_state(self) -> TotpState:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql["totp_state"])
            row = await cur.fetchone()
        if row is None:
            return TotpState(secret=None, pending_secret=None, last_step=None)
        return TotpState(secret=row[0], pending_secret=row[1], last_step=row[2])

    async def set_pending_totp(self, secret: str) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(self._sql["set_pending_totp"], {"secret": secret})

    async def enable_totp(self, secret: str, *, step: int) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(self._sql["enable_totp"], {"secret": secret, "step": step})

    async def disable_totp(self) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(self._sql["disable_totp"])

    async def accept_totp_step(self, step: int) -> bool:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql["accept_totp_step"], {"step": step})
            return await cur.fetchone() is not None

    async def count_login_attempt(
        self, client: str, *, now: datetime, policy: ThrottlePolicy
    ) -> LoginAttempts:
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                self._sql["count_login_attempt"],
                {
                    "client": client,
                    "now": now,
                    "window_start": now - timedelta(seconds=policy.window_seconds),
                    "free_attempts": policy.free_attempts,
                    "base_delay": policy.base_delay_seconds,
                    "max_delay": policy.max_delay_seconds,
                },
            )
            row = await cur.fetchone()
        assert row is not None  # an upsert with RETURNING always yields the row
        return LoginAttempts(attempts=row[0], blocked_until=row[1])

    async def clear_login_attempts(self, client: str) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(self._sql["clear_login_attempts"], {"client": client})
