"""jsonb values, encoded and decoded with msgspec (which also handles datetimes and enums)."""

from __future__ import annotations

from typing import Any

import msgspec
from psycopg import AsyncConnection
from psycopg.types.json import Jsonb, set_json_dumps, set_json_loads


def encode_json(value: Any) -> bytes:
    return msgspec.json.encode(value)


def decode_json(data: str | bytes) -> Any:
    return msgspec.json.decode(data)


def to_jsonb(value: Any) -> Jsonb:
    """Wrap a value for a jsonb parameter, encoded by msgspec whatever the connection's setup."""
    return Jsonb(value, dumps=encode_json)


def use_msgspec_json(conn: AsyncConnection[Any]) -> None:
    """Make `conn` read and write json/jsonb with msgspec instead of the standard library."""
    set_json_dumps(encode_json, conn)
    set_json_loads(decode_json, conn)
