"""Query and path parameters shared by the controllers, with their bounds.

The bounds keep every value inside what the database columns hold, so no input can turn
into a database error.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import Parameter

MAX_ID = 2**63 - 1
MAX_OFFSET = 2**31 - 1
MAX_LIMIT = 500

PersonId = Annotated[int, Parameter(ge=1, le=MAX_ID, description="a person's id")]
NoteId = Annotated[int, Parameter(ge=1, le=MAX_ID, description="a note's id")]
SessionId = Annotated[int, Parameter(ge=1, le=MAX_ID, description="a stream session's id")]
WatchlistId = Annotated[int, Parameter(ge=1, le=MAX_ID, description="a watchlist's id")]
KeyId = Annotated[int, Parameter(ge=1, le=MAX_ID, description="an API key's id")]
Limit = Annotated[int, Parameter(ge=1, le=MAX_LIMIT, description="page size (1-500)")]
Offset = Annotated[int, Parameter(ge=0, le=MAX_OFFSET, description="rows to skip")]
