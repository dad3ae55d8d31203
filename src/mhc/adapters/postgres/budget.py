"""The CallBudgetStore port on PostgreSQL: one row per account, changed under its row lock.

A grant costs one short transaction (lock and read the row with the database's clock, write
it back), so the worker, the web process and a CLI backfill all draw from the same budget.
"""

from __future__ import annotations

import psycopg
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.ingestion import CONNECT_TIMEOUT, database_unavailable
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.budget import BudgetState
from mhc.domain.errors import StoreUnavailable
from mhc.ports.budget import BudgetStep


class PostgresCallBudget:
    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._sql = load_queries("budget")

    async def update(self, account: str, step: BudgetStep) -> float:
        try:
            async with (
                self._pool.connection(timeout=CONNECT_TIMEOUT) as conn,
                conn.transaction(),
            ):
                cur = await conn.execute(self._sql["lock_state"], {"account": account})
                row = await cur.fetchone()
                # The row was created by this very statement: read it again, now visible.
                if row is None:
                    cur = await conn.execute(self._sql["lock_state"], {"account": account})
                    row = await cur.fetchone()
                if row is None:
                    raise StoreUnavailable(f"the {account} budget row could not be created")
                tat, slowed_until, now = row
                state, wait = step(BudgetState(tat=tat, slowed_until=slowed_until), now)
                if state != BudgetState(tat=tat, slowed_until=slowed_until):
                    await conn.execute(
                        self._sql["save_state"],
                        {"account": account, "tat": state.tat, "slowed_until": state.slowed_until},
                    )
                return wait
        except (PoolTimeout, psycopg.Error) as exc:
            raise (database_unavailable(exc) or exc) from None
