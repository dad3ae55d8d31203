"""The SQL loader: one statement per file in a folder per adapter, shared fragments pasted in."""

from __future__ import annotations

from importlib import resources

import pytest

from mhc.adapters.postgres.queries import (
    FRAGMENTS,
    QueryFileError,
    expand_queries,
    load_queries,
)

FILTERS = "(%(since)s::timestamptz IS NULL OR i.occurred_at >= %(since)s::timestamptz)"


def test_expand_queries_names_each_statement_by_its_file_when_folder_has_several() -> None:
    files = {
        "get.sql": "-- A comment that belongs to the query.\nSELECT 1\n",
        "count.sql": "SELECT count(*) FROM persons\n",
    }

    queries = expand_queries("persons", files, {})

    assert queries == {
        "get": "-- A comment that belongs to the query.\nSELECT 1",
        "count": "SELECT count(*) FROM persons",
    }


def test_expand_queries_pastes_fragments_when_statements_include_them() -> None:
    files = {"page.sql": "SELECT * FROM interactions i\nWHERE {{filters}} AND {{ filters }}"}
    fragments = {"filters.sql": f"-- since is inclusive.\n{FILTERS}\n"}

    queries = expand_queries("history", files, fragments)

    pasted = f"-- since is inclusive.\n{FILTERS}"
    head, _, where = queries["page"].partition("\nWHERE ")
    assert head == "SELECT * FROM interactions i"
    assert where == f"{pasted} AND {pasted}"


def test_expand_queries_pastes_nested_fragments_when_a_fragment_includes_another() -> None:
    files = {"spend.sql": "SELECT {{total}} FROM interactions i"}
    fragments = {"total.sql": "sum({{tokens}})", "tokens.sql": "(i.metadata ->> 'tokens')::numeric"}

    queries = expand_queries("spend", files, fragments)

    assert queries["spend"] == "SELECT sum((i.metadata ->> 'tokens')::numeric) FROM interactions i"


@pytest.mark.parametrize(
    ("files", "fragments", "problem"),
    [
        ({}, {}, r"sql/broken holds no \.sql file"),
        ({"Get.sql": "SELECT 1"}, {}, r"sql/broken/Get\.sql: a query file is named <name>\.sql"),
        ({"get.txt": "SELECT 1"}, {}, r"sql/broken/get\.txt: a query file is named"),
        ({"get.sql": "  \n"}, {}, r"sql/broken/get\.sql is empty"),
        ({"get.sql": "-- only a comment\n"}, {}, r"sql/broken/get\.sql is empty"),
        (
            {"get.sql": "SELECT {{missing}}"},
            {},
            r"broken/get\.sql includes \{\{missing\}\}: no sql/fragments/missing\.sql",
        ),
        (
            {"get.sql": "SELECT {{a}}"},
            {"a.sql": "{{b}}", "b.sql": "{{a}}"},
            r"broken/get\.sql: fragment a includes itself \(a -> b -> a\)",
        ),
        (
            {"get.sql": "-- uses {{filters}}\nSELECT 1"},
            {"filters.sql": "TRUE"},
            r"sql/broken/get\.sql: \{\{\.\.\.\}\} inside a comment",
        ),
        (
            {"get.sql": "SELECT {{tokens}} + 1"},
            {"tokens.sql": "1\n-- ends with a comment"},
            r"sql/fragments/tokens\.sql ends with a comment",
        ),
        ({"get.sql": "SELECT 1"}, {"bad name.sql": "1"}, r"sql/fragments/bad name\.sql"),
    ],
)
def test_expand_queries_names_the_file_at_fault_when_a_file_is_malformed(
    files: dict[str, str], fragments: dict[str, str], problem: str
) -> None:
    with pytest.raises(QueryFileError, match=problem):
        expand_queries("broken", files, fragments)


def test_load_queries_reads_each_folder_once_when_asked_twice() -> None:
    assert load_queries("persons") is load_queries("persons")
    assert load_queries("persons")["get"].startswith("SELECT id, username")


def test_load_queries_names_folder_and_query_when_query_is_missing() -> None:
    with pytest.raises(QueryFileError, match=r"sql/persons has no query named 'nothing'"):
        load_queries("persons")["nothing"]


@pytest.mark.parametrize("folder", ["nowhere", FRAGMENTS])
def test_load_queries_refuses_when_folder_holds_no_statements(folder: str) -> None:
    with pytest.raises(QueryFileError, match=f"sql/{folder}"):
        load_queries(folder)


def _packaged_folders() -> list[str]:
    root = resources.files("mhc.adapters.postgres").joinpath("sql")
    return sorted(entry.name for entry in root.iterdir() if entry.is_dir())


def test_every_packaged_query_loads_with_its_fragments_pasted_when_read() -> None:
    folders = [folder for folder in _packaged_folders() if folder != FRAGMENTS]
    statements = [text for folder in folders for text in load_queries(folder).values()]

    assert len(folders) >= 19
    assert statements
    assert not any("{{" in text or "}}" in text for text in statements)


def test_every_fragment_is_included_somewhere_when_all_folders_are_read() -> None:
    root = resources.files("mhc.adapters.postgres").joinpath("sql")
    texts = [
        entry.read_text(encoding="utf-8")
        for folder in _packaged_folders()
        for entry in root.joinpath(folder).iterdir()
    ]
    fragments = [entry.name.removesuffix(".sql") for entry in root.joinpath(FRAGMENTS).iterdir()]

    unused = [name for name in fragments if not any(f"{{{{{name}}}}}" in t for t in texts)]

    assert unused == []


def test_history_and_person_page_share_one_time_filter_when_loaded() -> None:
    """The repository and the read model answer `until` alike: the end is exclusive."""
    repository = load_queries("interactions")["count_by_person"]
    read_model = load_queries("read_models")["person_interactions"]
    exclusive_end = "i.occurred_at < %(until)s::timestamptz"

    assert exclusive_end in repository
    assert exclusive_end in read_model
    assert "<= %(until)s" not in repository + read_model
