"""Named SQL queries, read once from the `.sql` files packaged next to this module.

Each file in `sql/` holds the queries of one table, each introduced by a `-- name: <name>`
line; everything up to the next such line (comments included) is the query text.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import LiteralString

_NAME_LINE = re.compile(r"^--\s*name:\s*([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


class QueryFileError(LookupError):
    """A query file is malformed, or a query asked for is not in it."""


class Queries:
    """The named queries of one file."""

    def __init__(self, file_name: str, queries: dict[str, LiteralString]) -> None:
        self._file_name = file_name
        self._queries = queries

    def __getitem__(self, name: str) -> LiteralString:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryFileError(f"{self._file_name}.sql has no query named {name!r}") from None


@functools.cache
def load_queries(file_name: str) -> Queries:
    """The queries of `sql/<file_name>.sql`, parsed on first use and cached."""
    package = resources.files("mhc.adapters.postgres")
    text = package.joinpath("sql", f"{file_name}.sql").read_text(encoding="utf-8")
    return Queries(file_name, parse_queries(file_name, text))


def parse_queries(file_name: str, text: str) -> dict[str, LiteralString]:
    """Split the text of a query file into its named queries."""
    markers = list(_NAME_LINE.finditer(text))
    if not markers:
        raise QueryFileError(f"{file_name}.sql: no '-- name: <name>' line")
    if text[: markers[0].start()].strip():
        raise QueryFileError(f"{file_name}.sql: text before the first '-- name:' line")
    queries: dict[str, LiteralString] = {}
    for index, marker in enumerate(markers):
        name = marker.group(1)
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        body = text[marker.end() : end].strip()
        if name in queries:
            raise QueryFileError(f"{file_name}.sql: query {name!r} is defined twice")
        if not body:
            raise QueryFileError(f"{file_name}.sql: query {name!r} is empty")
        # The files ship inside the package: their text is as trusted as a literal in the code.
        queries[name] = body
    return queries
