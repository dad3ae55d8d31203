"""Parameters shared by the controllers: path and query parameters with their bounds, and the
injected services.

The bounds keep every value inside what the database columns hold, so no input can turn
into a database error. Injected services skip Litestar's per-request validation: they are
the app's own objects (and the ports are Protocols, which cannot be checked at run time).
"""

from __future__ import annotations

from typing import Annotated, TypeAlias, TypeVar

from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter, SkipValidation

T = TypeVar("T")

MAX_ID = 2**63 - 1
MAX_OFFSET = 2**31 - 1
MAX_LIMIT = 500

Injected: TypeAlias = NamedDependency[SkipValidation[T]]

PersonId = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="a person's id")]
NoteId = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="a note's id")]
SessionId = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="a stream session's id")]
WatchlistId = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="a watchlist's id")]
KeyId = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="an API key's id")]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="page size (1-500)")]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET, description="rows to skip")]
