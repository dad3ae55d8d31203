"""The AuthStore port on PostgreSQL: the password, sessions, API keys, TOTP, recovery codes, the
setup token and login throttling."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from psycopg.rows import class_row
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.queries import load_queries
from mhc.ports.auth import (
    ApiKey,
    BrowserSession,
    BudgetAnswer,
    LoginAttempts,
    PasswordSource,
    PasswordState,
    ThrottlePolicy,
    TotpState,
)


class PostgresAuthStore:
    """Each method is one statement on a pooled connection, committed on its own."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self._pool = pool
        self._sql = load_queries("auth")

    async def _one(self, name: str, params: Mapping[str, Any] | None = None) -> Any:
        """The first column of the statement's first row, or None without a row."""
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql[name], params or {})
            row = await cur.fetchone()
        return None if row is None else row[0]

    # ---- the password and the first-run setup ----

    async def password_state(self) -> PasswordState:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql["password_state"])
            row = await cur.fetchone()
        assert row is not None  # the owner's row is created by the migration
        return PasswordState(hash=row[0], source=row[1], version=int(row[2]))

    async def set_password(self, password_hash: str, *, source: PasswordSource) -> int:
        version = await self._one(
            "set_password", {"password_hash": password_hash, "source": source}
        )
        return int(version)

    async def rehash_password(self, password_hash: str, *, version: int) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(
                self._sql["rehash_password"], {"password_hash": password_hash, "version": version}
            )

    async def forget_password(self) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(self._sql["forget_password"])

    async def set_setup_token(self, token_hash: bytes, *, expires_at: datetime) -> bool:
        found = await self._one(
            "set_setup_token", {"token_hash": token_hash, "expires_at": expires_at}
        )
        return found is not None

    async def use_setup_token(
        self, token_hash: bytes, password_hash: str, *, now: datetime
    ) -> int | None:
        version = await self._one(
            "use_setup_token",
            {"token_hash": token_hash, "password_hash": password_hash, "now": now},
        )
        return None if version is None else int(version)

    async def setup_token_is_live(self, token_hash: bytes, *, now: datetime) -> bool:
        return bool(await self._one("setup_token_is_live", {"token_hash": token_hash, "now": now}))

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
        async with self._pool.connection() as conn:
            await conn.execute(
                self._sql["create_session"],
                {
                    "token_hash": token_hash,
                    "expires_at": expires_at,
                    "password_version": password_version,
                    "client": client,
                    "user_agent": user_agent,
                },
            )

    async def session_is_valid(self, token_hash: bytes, *, now: datetime) -> bool:
        return bool(await self._one("session_is_valid", {"token_hash": token_hash, "now": now}))

    async def list_sessions(self, *, now: datetime) -> list[BrowserSession]:
        async with self._pool.connection() as conn:
            cur = conn.cursor(row_factory=class_row(BrowserSession))
            await cur.execute(self._sql["list_sessions"], {"now": now})
            return await cur.fetchall()

    async def delete_session_by_id(self, session_id: int) -> bool:
        return await self._one("delete_session_by_id", {"session_id": session_id}) is not None

    async def delete_all_sessions(self) -> int:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql["delete_all_sessions"])
            return cur.rowcount

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

    async def revoke_all_api_keys(self, *, now: datetime) -> int:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql["revoke_all_api_keys"], {"now": now})
            return cur.rowcount

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

    async def enable_totp(self, secret: str, *, step: int, recovery_hashes: list[bytes]) -> None:
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute(self._sql["enable_totp"], {"secret": secret, "step": step})
            await conn.execute(self._sql["delete_recovery_codes"])
            await conn.execute(self._sql["insert_recovery_codes"], {"code_hashes": recovery_hashes})

    async def disable_totp(self) -> None:
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute(self._sql["disable_totp"])
            await conn.execute(self._sql["delete_recovery_codes"])

    async def use_recovery_code(self, code_hash: bytes, *, now: datetime) -> bool:
        used = await self._one("use_recovery_code", {"code_hash": code_hash, "now": now})
        return used is not None

    async def recovery_codes_left(self) -> int:
        return int(await self._one("recovery_codes_left"))

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

    async def take_login_budget(self, *, now: datetime, policy: ThrottlePolicy) -> BudgetAnswer:
        per_second = policy.global_per_minute / 60
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                self._sql["take_login_budget"],
                {"now": now, "burst": policy.global_burst, "per_second": per_second},
            )
            row = await cur.fetchone()
        assert row is not None  # the budget's row is created by the migration
        granted, available = bool(row[0]), float(row[1])
        wait = 0.0 if granted else (1 - available) / per_second if per_second > 0 else 3600.0
        return BudgetAnswer(granted=granted, retry_after_seconds=wait)

    async def return_login_budget(self, *, policy: ThrottlePolicy) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(self._sql["return_login_budget"], {"burst": policy.global_burst})
