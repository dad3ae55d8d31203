"""Named SQL queries loaded from the package's .sql files."""

from __future__ import annotations

import pytest

from mhc.adapters.postgres.queries import QueryFileError, load_queries, parse_queries


def test_parse_queries_splits_named_blocks_when_file_has_several() -> None:
    text = """-- name: get
-- A comment that belongs to the query.
SELECT 1;

-- name: count
SELECT count(*) FROM persons;
"""

    queries = parse_queries("people", text)

    assert queries == {
        "get": "-- A comment that belongs to the query.\nSELECT 1;",
        "count": "SELECT count(*) FROM persons;",
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("SELECT 1;", "no '-- name: <name>' line"),
        ("SELECT 0;\n-- name: get\nSELECT 1;", "text before the first"),
        ("-- name: get\nSELECT 1;\n-- name: get\nSELECT 2;", "'get' is defined twice"),
        ("-- name: get\n\n-- name: count\nSELECT 1;", "'get' is empty"),
    ],
)
def test_parse_queries_names_the_problem_when_file_is_malformed(text: str, problem: str) -> None:
    with pytest.raises(QueryFileError, match=problem):
        parse_queries("broken", text)


def test_load_queries_reads_each_file_once_when_asked_twice() -> None:
    assert load_queries("persons") is load_queries("persons")
    assert load_queries("persons")["get"].startswith("SELECT id, username")


def test_load_queries_names_file_and_query_when_query_is_missing() -> None:
    with pytest.raises(QueryFileError, match=r"persons\.sql has no query named 'nothing'"):
        load_queries("persons")["nothing"]
