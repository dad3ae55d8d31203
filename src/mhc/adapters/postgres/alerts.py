"""The AlertStore port on PostgreSQL: rules, the global mute, and the log of alerts sent.

An alert and its deliveries are written in one transaction; the `alerts_notify` trigger
announces it on `mhc_alerts` when that commits, so every open tab's stream reads it then.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

import anyio
import msgspec
import psycopg
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.ingestion import CONNECT_TIMEOUT, database_unavailable
from mhc.adapters.postgres.jsonb import to_jsonb
from mhc.adapters.postgres.listener import SharedListener, Subscription
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.alerts import (
    AlertKind,
    AlertRecord,
    AlertRule,
    Channel,
    DeliveryStatus,
    LastAlert,
    NewAlert,
    RuleChange,
    RuleParams,
)
from mhc.ports.alerts import AlertPage

CHANNEL = "mhc_alerts"
_RECORD = msgspec.json.Decoder(AlertRecord)


def _rule(row: tuple[Any, ...]) -> AlertRule:
    (rule_id, kind, name, enabled, params, once, cooldown, muted, created, updated) = row
    return AlertRule(
        id=rule_id,
        kind=AlertKind(kind),
        name=name,
        enabled=enabled,
        params=msgspec.convert(params or {}, RuleParams),
        once_per_show=once,
        cooldown_minutes=cooldown,
        muted_until=muted,
        created_at=created,
        updated_at=updated,
    )


def _params(params: RuleParams | None) -> Any:
    return None if params is None else to_jsonb(msgspec.to_builtins(params))


class PostgresAlertStore:
    def __init__(self, pool: ConnectionPool, database_url: str) -> None:
        self._pool = pool
        self._listener = SharedListener(database_url, (CHANNEL,))
        self._sql = load_queries("alerts")

    async def rules(self) -> list[AlertRule]:
        return [_rule(row) for row in await self._rows("rules", {})]

    async def rule(self, rule_id: int) -> AlertRule | None:
        rows = await self._rows("rule", {"id": rule_id})
        return _rule(rows[0]) if rows else None

    async def create_rule(self, kind: AlertKind, change: RuleChange) -> AlertRule:
        rows = await self._rows(
            "create_rule",
            {
                "kind": kind.value,
                "name": change.name,
                "enabled": change.enabled,
                "params": _params(change.params or RuleParams()),
                "once_per_show": change.once_per_show,
                "cooldown_minutes": change.cooldown_minutes,
            },
        )
        return _rule(rows[0])

    async def update_rule(self, rule_id: int, change: RuleChange) -> AlertRule | None:
        rows = await self._rows(
            "update_rule",
            {
                "id": rule_id,
                "name": change.name,
                "enabled": change.enabled,
                "params": _params(change.params),
                "once_per_show": change.once_per_show,
                "cooldown_minutes": change.cooldown_minutes,
            },
        )
        return _rule(rows[0]) if rows else None

    async def delete_rule(self, rule_id: int) -> bool:
        return bool(await self._rows("delete_rule", {"id": rule_id}))

    async def mute_rule(self, rule_id: int, until: datetime | None) -> AlertRule | None:
        rows = await self._rows("mute_rule", {"id": rule_id, "until": until})
        return _rule(rows[0]) if rows else None

    async def muted_until(self) -> datetime | None:
        rows = await self._rows("muted_until", {})
        value: datetime | None = rows[0][0] if rows else None
        return value

    async def mute_all(self, until: datetime | None) -> None:
        await self._rows("mute_all", {"until": until})

    async def watchlist_ids(self) -> set[int]:
        return {row[0] for row in await self._rows("watchlist_ids", {})}

    async def last_alerts(self, person_id: int, rule_ids: Collection[int]) -> dict[int, LastAlert]:
        if not rule_ids:
            return {}
        rows = await self._rows(
            "last_alerts", {"person_id": person_id, "rule_ids": sorted(rule_ids)}
        )
        return {row[0]: LastAlert(fired_at=row[1], session_id=row[2]) for row in rows}

    async def record(self, alert: NewAlert) -> AlertRecord:
        params = msgspec.structs.asdict(alert)
        deliveries = params.pop("deliveries")
        try:
            async with (
                self._pool.connection(timeout=CONNECT_TIMEOUT) as conn,
                conn.transaction(),
            ):
                cur = await conn.execute(self._sql["record"], params)
                row = await cur.fetchone()
                assert row is not None, "INSERT ... RETURNING gives the row"
                alert_id = row[0]
                await conn.execute(
                    self._sql["record_deliveries"],
                    {
                        "alert_id": alert_id,
                        "channels": [d.channel.value for d in deliveries],
                        "statuses": [d.status.value for d in deliveries],
                        "details": [d.detail for d in deliveries],
                    },
                )
                cur = await conn.execute(self._sql["get"], {"id": alert_id})
                stored = await cur.fetchone()
        except (PoolTimeout, psycopg.Error) as exc:
            raise (database_unavailable(exc) or exc) from None
        assert stored is not None
        return _RECORD.decode(stored[0])

    async def set_delivery(
        self, alert_id: int, channel: Channel, status: DeliveryStatus, detail: str | None
    ) -> None:
        await self._rows(
            "set_delivery",
            {
                "alert_id": alert_id,
                "channel": channel.value,
                "status": status.value,
                "detail": detail,
            },
        )

    async def page(self, *, limit: int, offset: int) -> AlertPage:
        rows = await self._rows("page", {"limit": limit, "offset": offset})
        total = await self._rows("count", {})
        return AlertPage(items=[_RECORD.decode(row[0]) for row in rows], total=int(total[0][0]))

    async def after(self, alert_id: int, *, limit: int, since: datetime) -> list[AlertRecord]:
        rows = await self._rows("after", {"after": alert_id, "limit": limit, "since": since})
        return [_RECORD.decode(row[0]) for row in rows]

    async def newest_id(self) -> int | None:
        rows = await self._rows("newest_id", {})
        return None if not rows or rows[0][0] is None else int(rows[0][0])

    def listen(self) -> AbstractAsyncContextManager[Subscription]:
        return self._listener.listen()

    async def _rows(self, name: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        # A statement that began ends (it takes milliseconds, or the pool's timeout) when the
        # browser goes: see PostgresLiveFeed._rows.
        with anyio.CancelScope(shield=True):
            try:
                async with self._pool.connection(timeout=CONNECT_TIMEOUT) as conn:
                    cur = await conn.execute(self._sql[name], params)
                    rows = await cur.fetchall() if cur.description else []
            except (PoolTimeout, psycopg.Error) as exc:
                raise (database_unavailable(exc) or exc) from None
        return rows
