"""Parameters shared by the controllers: path and query parameters with their bounds, and the
injected services.

The bounds keep every value inside what the database columns hold, so no input can turn
into a database error. Injected services skip Litestar's per-request validation: they are
the app's own objects (and the ports are Protocols, which cannot be checked at run time).

Litestar writes numeric bounds into the schema as floats, and 2**63 - 1 does not survive that
(it becomes 2**63), so the integer bounds are also given exactly (`exact_bounds`).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Annotated, Any, TypeAlias, TypeVar

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.enums import ParamType
from litestar.handlers import BaseRouteHandler
from litestar.params import ParameterKwarg, PathParameter, QueryParameter, SkipValidation

from mhc.adapters.http.schemas.common import MAX_ID
from mhc.domain.errors import InvalidInput

T = TypeVar("T")

MAX_OFFSET = 2**31 - 1
MAX_LIMIT = 500

Injected: TypeAlias = NamedDependency[SkipValidation[T]]


def exact_bounds(minimum: int, maximum: int) -> dict[str, Any]:
    """The bounds as the schema's integers (a minimum of 0 would otherwise be left out)."""
    return {"minimum": minimum, "maximum": maximum}


def path_id(description: str) -> PathParameter:
    return PathParameter(
        ge=1, le=MAX_ID, description=description, schema_extra=exact_bounds(1, MAX_ID)
    )


PersonId = Annotated[int, path_id("a person's id")]
NoteId = Annotated[int, path_id("a note's id")]
SessionId = Annotated[int, path_id("a stream session's id")]
WatchlistId = Annotated[int, path_id("a watchlist's id")]
KeyId = Annotated[int, path_id("an API key's id")]
Limit = Annotated[
    int,
    QueryParameter(
        ge=1,
        le=MAX_LIMIT,
        description="page size (1-500)",
        schema_extra=exact_bounds(1, MAX_LIMIT),
    ),
]
Offset = Annotated[
    int,
    QueryParameter(
        ge=0, le=MAX_OFFSET, description="rows to skip", schema_extra=exact_bounds(0, MAX_OFFSET)
    ),
]


async def check_query_times(request: Request[Any, Any, Any]) -> None:
    """InvalidInput naming the query parameter when a time the route takes is given more than
    once or is not an RFC 3339 date and time. Run before every route's handler (a coroutine:
    Litestar runs a plain function hook in a thread).

    Litestar converts query parameters leniently, so a number ("47082880") would otherwise be
    read as seconds since 1970 and one of several values would be chosen silently.
    """
    for name in _query_times(request.route_handler):
        values = request.query_params.getall(name, [])
        if len(values) > 1:
            raise InvalidInput("must be given once", field=name)
        for value in values:
            try:
                msgspec.convert(value, datetime)
            except msgspec.ValidationError:
                raise InvalidInput(
                    "must be a date and time, like 2026-02-01T21:00:00Z", field=name
                ) from None


@cache
def _query_times(handler: BaseRouteHandler) -> tuple[str, ...]:
    """The names of the query parameters of `handler` that are times."""
    names = []
    for name, field in handler.parsed_fn_signature.parameters.items():
        if not (field.is_subclass_of(datetime) or field.has_inner_subclass_of(datetime)):
            continue
        kwarg = field.kwarg_definition
        if kwarg is None:
            names.append(name)
        elif isinstance(kwarg, ParameterKwarg) and kwarg.param_type is ParamType.QUERY:
            names.append(kwarg.name or kwarg.query or name)
    return tuple(names)
