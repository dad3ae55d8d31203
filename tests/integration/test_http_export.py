"""Export routes (JSON document, ZIP of CSV files, of everything or one person) and the audit
list of erasures, through the app as `mhc web` builds it."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import psycopg
from tests.integration.http_app import SECRET_KEY, Api
from tests.integration.seeded_people import (
    API_KEY_NAME,
    LOOKALIKE_ENDPOINT,
    TOTP_SECRET,
    seed_people,
)

from mhc.adapters.postgres.export import ALL_TABLES, NOT_EXPORTED, PERSON_TABLES
from mhc.adapters.postgres.migrations import default_migrations_dir, load_migrations
from mhc.domain.credentials import erased_name_digest

CREDENTIAL_TABLES = ("auth_sessions", "api_keys", "auth_owner", "login_throttle")


def newest_migration() -> str:
    return load_migrations(default_migrations_dir())[-1].version


def today() -> str:
    return f"{datetime.now(UTC):%Y-%m-%d}"


def column(rows: list[dict[str, Any]], name: str) -> list[Any]:
    return [row[name] for row in rows]


async def test_json_export_holds_every_domain_table_and_no_credential_when_all_is_asked(
    api: Api, database_url: str
) -> None:
    people = seed_people(database_url)

    answer = await api.get("/api/export")

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="mhc-export-{today()}.json"'
    )
    document = answer.json()
    assert {key: document[key] for key in ("broadcaster", "schemaVersion", "scope", "person")} == {
        "broadcaster": "hudson_cage",
        "schemaVersion": newest_migration(),
        "scope": "all",
        "person": None,
    }
    tables = document["tables"]
    assert list(tables) == list(ALL_TABLES)
    assert column(tables["persons"], "username") == ["big_tipper_77", "night_owl_3"]
    assert column(tables["person_aliases"], "alias") == ["old_tipper_1"]
    assert column(tables["stream_sessions"], "id") == [people.session]
    assert len(tables["interactions"]) == 3
    assert len(tables["api_failures"]) == 5
    assert len(tables["watchlists"]) == 5
    assert tables["snapshots"][0]["normalized_metrics"] == {"all_time_tokens": 12000}
    assert tables["interactions"][0]["occurred_at"] == "2026-01-05T21:00:00+00:00"
    assert not set(CREDENTIAL_TABLES) & set(tables)
    for secret in (TOTP_SECRET, API_KEY_NAME, "key_hash", "token_hash", api.api_key):
        assert secret not in answer.text


async def test_json_export_of_a_person_holds_only_rows_about_them_when_one_is_asked(
    api: Api, database_url: str
) -> None:
    people = seed_people(database_url)

    answer = await api.get(f"/api/person/{people.tipper}/export", params={"format": "json"})

    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="mhc-export-big_tipper_77-{today()}.json"'
    )
    document = answer.json()
    assert document["scope"] == "person"
    assert document["person"] == {"id": people.tipper, "username": "big_tipper_77"}
    tables = document["tables"]
    assert list(tables) == list(PERSON_TABLES)
    assert column(tables["persons"], "username") == ["big_tipper_77"]
    assert column(tables["person_aliases"], "alias") == ["old_tipper_1"]
    assert column(tables["interactions"], "content") == ["for the hat", 'an old line, "quoted"']
    assert column(tables["stream_sessions"], "id") == [people.session]
    assert column(tables["watchlists"], "name") == ["Friends"]
    assert column(tables["watchlist_members"], "person_id") == [people.tipper]
    for table in ("snapshots", "notes", "attributes", "analysis_dismissals"):
        assert column(tables[table], "person_id") == [people.tipper], table
    assert column(tables["api_failures"], "endpoint") == [
        "GET /members/chaturbate/big_tipper_77/info",
        "POST /members/chaturbate/batch",
    ]
    assert "night_owl_3" not in answer.text
    assert LOOKALIKE_ENDPOINT not in answer.text


async def test_csv_export_is_a_zip_of_one_csv_file_per_table_when_csv_is_asked(
    api: Api, database_url: str
) -> None:
    people = seed_people(database_url)

    everything = await api.get("/api/export", params={"format": "csv"})
    one = await api.get(f"/api/person/{people.owl}/export", params={"format": "csv"})

    assert everything.status_code == one.status_code == 200
    assert everything.headers["content-type"] == "application/zip"
    assert one.headers["content-disposition"] == (
        f'attachment; filename="mhc-export-night_owl_3-{today()}.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(everything.content))
    assert archive.namelist() == [f"{table}.csv" for table in ALL_TABLES]
    assert archive.testzip() is None
    interactions = list(csv.DictReader(io.TextIOWrapper(archive.open("interactions.csv"))))
    assert [row["content"] for row in interactions] == [
        "for the hat",
        "hello from the night",
        'an old line, "quoted"',
    ]
    assert interactions[0]["metadata"] == '{"tokens": 250}'
    erasures = archive.read("erasures.csv").decode()
    assert erasures.splitlines() == [
        "id,erased_at,actor,reason,person_id,username_sha256,counts,username_hmac"
    ]
    owl_archive = zipfile.ZipFile(io.BytesIO(one.content))
    assert owl_archive.namelist() == [f"{table}.csv" for table in PERSON_TABLES]
    owl_rows = list(csv.DictReader(io.TextIOWrapper(owl_archive.open("persons.csv"))))
    assert [row["username"] for row in owl_rows] == ["night_owl_3"]
    assert b"big_tipper_77" not in b"".join(owl_archive.read(n) for n in owl_archive.namelist())


async def test_export_answers_404_problem_when_the_person_is_unknown(api: Api) -> None:
    answer = await api.get("/api/person/987654/export")

    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["detail"] == "person 987654 does not exist"


async def test_export_answers_400_problem_when_the_format_is_not_json_or_csv(api: Api) -> None:
    answer = await api.get("/api/export", params={"format": "xml"})

    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["errors"][0]["field"] == "format"


async def test_erasures_are_listed_newest_first_without_names_when_people_were_forgotten(
    api: Api, database_url: str
) -> None:
    seed_people(database_url)
    erasures = api.container.erasures()
    for name, reason in (("big_tipper_77", "asked by email"), ("night_owl_3", None)):
        plan = api.call(erasures.plan, name)
        api.call(erasures.erase, plan, actor="cli:hudson", reason=reason)

    first = (await api.get("/api/erasures", params={"limit": 1})).json()
    second = (await api.get("/api/erasures", params={"limit": 1, "offset": 1})).json()

    assert (first["total"], first["limit"], first["offset"]) == (2, 1, 0)
    newest = first["items"][0]
    assert newest["usernameHmac"] == erased_name_digest("night_owl_3", SECRET_KEY.encode())
    assert newest["usernameSha256"] is None
    assert newest["actor"] == "cli:hudson"
    assert newest["reason"] is None
    assert newest["counts"]["interactions"] == 1
    assert second["items"][0]["reason"] == "asked by email"
    assert second["items"][0]["counts"]["api_failures"] == 2
    assert "big_tipper_77" not in str(first) + str(second)


def test_every_table_is_exported_or_left_out_on_purpose_when_the_schema_has_it(
    database_url: str,
) -> None:
    with psycopg.connect(database_url) as conn:
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        }

    assert tables == set(ALL_TABLES) | set(NOT_EXPORTED)
    assert not set(ALL_TABLES) & set(NOT_EXPORTED)


async def test_forgetting_from_the_panel_needs_the_name_typed_when_asked(
    api: Api, database_url: str
) -> None:
    people = seed_people(database_url)

    plan = await api.get(f"/api/person/{people.tipper}/erasure")
    mistyped = await api.post(
        f"/api/person/{people.tipper}/erasure", json={"confirm": "night_owl_3"}
    )
    erased = await api.post(
        f"/api/person/{people.tipper}/erasure",
        json={"confirm": "@Big_Tipper_77", "reason": "asked by email"},
    )

    assert plan.json()["username"] == "big_tipper_77"
    assert plan.json()["counts"]["persons"] == 1
    assert mistyped.status_code == 400
    assert mistyped.json()["errors"][0]["field"] == "confirm"
    assert erased.status_code == 201
    assert erased.json()["reason"] == "asked by email"
    assert erased.json()["actor"].startswith("api key ")
    assert (await api.get(f"/api/person/{people.tipper}")).status_code == 404
