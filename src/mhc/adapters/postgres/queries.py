"""The SQL of the PostgreSQL adapters, read once from the `.sql` files packaged next to this module.

One convention for every adapter:

- `sql/<folder>/<name>.sql` holds one statement, named by its file; each adapter (or
  repository) reads the folder of its own, `load_queries("<folder>")`.
- `sql/fragments/<name>.sql` holds a piece of SQL that several statements share (a filter, a
  JSON shape, an expression). A statement, or another fragment, includes it as `{{name}}`;
  the text is pasted in when the folder is loaded, so the database sees plain SQL.
- Comment lines (`-- ...`) may open a statement or a fragment; a fragment must not end with
  one (the text pasted after it would be commented out), and `{{name}}` is not allowed after
  `--` on a line.

A folder is read, checked and expanded once per process (`functools.cache`). The files ship in
the package: their text is as trusted as a literal in the code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import LiteralString

FRAGMENTS = "fragments"
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_INCLUDE = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")


class QueryFileError(LookupError):
    """A query file is malformed, or a query asked for is not there."""


class Queries(Mapping[str, LiteralString]):
    """The statements of one folder, by name, fragments pasted in."""

    def __init__(self, folder: str, queries: Mapping[str, LiteralString]) -> None:
        self._folder = folder
        self._queries = dict(queries)

    def __getitem__(self, name: str) -> LiteralString:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryFileError(f"sql/{self._folder} has no query named {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._queries)

    def __len__(self) -> int:
        return len(self._queries)


@functools.cache
def load_queries(folder: str) -> Queries:
    """The statements of `sql/<folder>/`, read, checked and expanded on first use."""
    if folder == FRAGMENTS:
        raise QueryFileError(f"sql/{FRAGMENTS} holds fragments, not statements")
    root = resources.files(__package__).joinpath("sql")
    return Queries(folder, expand_queries(folder, _read(root, folder), _fragments()))


@functools.cache
def _fragments() -> dict[str, str]:
    return _read(resources.files(__package__).joinpath("sql"), FRAGMENTS)


def _read(root: Traversable, folder: str) -> dict[str, str]:
    directory = root.joinpath(folder)
    if not directory.is_dir():
        raise QueryFileError(f"sql/{folder} is not a folder of queries")
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in directory.iterdir()
        if entry.is_file() and not entry.name.startswith(".")
    }


def expand_queries(
    folder: str, files: Mapping[str, str], fragment_files: Mapping[str, str]
) -> dict[str, LiteralString]:
    """Check the files of `folder` (file name -> text) and paste the fragments they include.

    Raises QueryFileError naming the file at fault: a name that is not `<name>.sql` in lower
    case, an empty statement, a fragment that does not exist, includes itself or ends with a
    comment, or an include inside a comment.
    """
    fragments = {
        name: _checked(FRAGMENTS, name, text, fragment=True)
        for name, text in _named(FRAGMENTS, fragment_files).items()
    }
    statements = _named(folder, files)
    if not statements:
        raise QueryFileError(f"sql/{folder} holds no .sql file")
    expanded: dict[str, LiteralString] = {}
    for name, text in statements.items():
        body = _checked(folder, name, text, fragment=False)
        # The files ship in the package: their text is as trusted as a literal in the code.
        expanded[name] = _expand(f"{folder}/{name}.sql", body, fragments, ())
    return expanded


def _named(folder: str, files: Mapping[str, str]) -> dict[str, str]:
    named: dict[str, str] = {}
    for file_name, text in files.items():
        stem = file_name.removesuffix(".sql")
        if stem == file_name or not _NAME.fullmatch(stem):
            raise QueryFileError(
                f"sql/{folder}/{file_name}: a query file is named <name>.sql "
                "(lower-case letters, digits, underscores)"
            )
        named[stem] = text
    return named


def _checked(folder: str, name: str, text: str, *, fragment: bool) -> str:
    where = f"sql/{folder}/{name}.sql"
    body = text.strip()
    lines = body.splitlines()
    if not any(line.strip() and not line.lstrip().startswith("--") for line in lines):
        raise QueryFileError(f"{where} is empty")
    for line in lines:
        comment = line.find("--")
        if comment >= 0 and _INCLUDE.search(line, comment):
            raise QueryFileError(f"{where}: {{{{...}}}} inside a comment")
    if fragment and lines[-1].lstrip().startswith("--"):
        raise QueryFileError(f"{where} ends with a comment, which would swallow what follows")
    return body


def _expand(where: str, text: str, fragments: Mapping[str, str], including: tuple[str, ...]) -> str:
    def paste(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise QueryFileError(f"{where} includes {{{{{name}}}}}: no sql/{FRAGMENTS}/{name}.sql")
        if name in including:
            chain = " -> ".join((*including, name))
            raise QueryFileError(f"{where}: fragment {name} includes itself ({chain})")
        return _expand(where, fragments[name], fragments, (*including, name))

    return _INCLUDE.sub(paste, text)
