"""Forgetting a person on a real database: everything about them goes, nothing about anyone else,
the audit keeps no name; and the append-only rules open for that transaction only."""

from __future__ import annotations

import hashlib

import psycopg
import pytest
from psycopg import errors, sql
from psycopg_pool import AsyncConnectionPool
from tests.integration.seeded_people import LOOKALIKE_ENDPOINT, rows_about, seed_people

from mhc.adapters.postgres.erasure import ERASED_TABLES, PostgresErasures
from mhc.adapters.postgres.uow import unit_of_work_factory
from mhc.domain.credentials import erased_name_digest
from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.services.erasure import ErasureService

NOTHING = dict.fromkeys(
    (
        "persons",
        "person_aliases",
        "snapshots",
        "interactions",
        "notes",
        "attributes",
        "watchlist_members",
        "analysis_dismissals",
        "alerts",
        "statbate_lookups",
    ),
    0,
)
ONE_OF_EACH = dict.fromkeys(NOTHING, 1)
SECRET_KEY = "erasure-test-secret-key-0123456789abcdef"
OPEN_FOR_THIS_TRANSACTION = "SELECT set_config('mhc.erasure', pg_current_xact_id()::text, true)"


@pytest.fixture
def service(pool: AsyncConnectionPool) -> ErasureService:
    return ErasureService(
        unit_of_work_factory(pool),
        PostgresErasures(pool),
        ExclusionPolicy(["smk_lover"]),
        "hudson_cage",
        secret_key=SECRET_KEY,
    )


def query(database_url: str, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with psycopg.connect(database_url) as conn:
        return conn.execute(sql.encode(), params).fetchall()


async def test_forgetting_erases_every_row_about_the_person_and_none_about_another(
    service: ErasureService, database_url: str
) -> None:
    people = seed_people(database_url)
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "INSERT INTO contract_drift (service, endpoint, kind, subject, detail, count, "
            "first_example) VALUES "
            "('statbate', 'member-info', 'unknown_field', '$.data.vip', 'new key', 1, "
            """'{"data": {"name": "big_tipper_77", "vip": true}}'), """
            "('statbate', 'member-info', 'unknown_field', '$.data.x', 'new key', 1, "
            """'{"data": {"name": "night_owl_3", "x": 1}}')"""
        )
        conn.execute(
            "INSERT INTO backfills (kind, label, params, origin) VALUES "
            "('statbate_snapshots', 'Snapshots of 2 names', "
            """'{"usernames": ["big_tipper_77", "night_owl_3"]}', 'cli'), """
            "('statbate_snapshots', 'Snapshots of night_owl_3', "
            """'{"usernames": ["night_owl_3"]}', 'ui')"""
        )

    plan = await service.plan("@Old_Tipper_1")
    record = await service.erase(plan, actor="cli:hudson", reason="asked by email")

    assert plan.person.username == "big_tipper_77"
    assert plan.counts == {
        **ONE_OF_EACH,
        "interactions": 2,
        "api_failures": 2,
        "contract_drift": 1,
        "backfills": 1,
    }
    assert record.counts == plan.counts
    assert rows_about(database_url, people.tipper) == NOTHING
    assert query(
        database_url, "SELECT count(*) FROM person_search WHERE person_id = %s", (people.tipper,)
    ) == [(0,)]
    assert rows_about(database_url, people.owl) == {**ONE_OF_EACH, "person_aliases": 0}
    assert query(database_url, "SELECT endpoint FROM api_failures ORDER BY id") == [
        ("GET /members/chaturbate/night_owl_3/info",),
        (LOOKALIKE_ENDPOINT,),
        ("GET /events/hudson_cage",),
    ]
    assert query(database_url, "SELECT subject FROM contract_drift") == [("$.data.x",)]
    assert query(database_url, "SELECT label FROM backfills") == [("Snapshots of night_owl_3",)]
    assert query(database_url, "SELECT id FROM stream_sessions") == [(people.session,)]
    assert (record.actor, record.reason, record.person_id) == (
        "cli:hudson",
        "asked by email",
        people.tipper,
    )
    # A keyed digest: nobody without the secret key can confirm a guessed name against it.
    assert record.username_hmac == erased_name_digest("big_tipper_77", SECRET_KEY.encode())
    assert record.username_sha256 is None
    assert hashlib.sha256(b"big_tipper_77").hexdigest() not in str(
        query(database_url, "SELECT row_to_json(e)::text FROM erasures e")
    )
    audit = str(query(database_url, "SELECT row_to_json(e)::text FROM erasures e"))
    assert "tipper" not in audit


async def test_erasure_counts_what_it_deleted_when_rows_arrived_after_the_plan(
    service: ErasureService, database_url: str
) -> None:
    people = seed_people(database_url)
    plan = await service.plan("night_owl_3")
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "INSERT INTO interactions (person_id, type, occurred_at, source) "
            "VALUES (%s, 'USER_ENTER', now(), 'cb_events')",
            (people.owl,),
        )

    record = await service.erase(plan, actor="cli:hudson", reason=None)

    assert (plan.counts["interactions"], record.counts["interactions"]) == (1, 2)
    assert rows_about(database_url, people.owl) == NOTHING


async def test_plan_refuses_when_the_name_is_unknown_excluded_or_the_broadcaster(
    service: ErasureService, database_url: str
) -> None:
    with psycopg.connect(database_url) as conn:
        conn.execute("INSERT INTO persons (username, is_excluded) VALUES ('smk_lover', true)")
        conn.execute("INSERT INTO persons (username, role) VALUES ('hudson_cage', 'MODEL')")

    with pytest.raises(NotFound, match="nobody named quiet_guest_5 is known"):
        await service.plan("Quiet_Guest_5")
    with pytest.raises(Conflict, match="smk_lover is excluded"):
        await service.plan("smk_lover")
    with pytest.raises(Conflict, match="hudson_cage is the broadcaster"):
        await service.plan("hudson_cage")
    with pytest.raises(InvalidInput):
        await service.plan("not a name!")


async def test_erase_refuses_a_reason_longer_than_the_audit_keeps(
    service: ErasureService, database_url: str
) -> None:
    seed_people(database_url)
    plan = await service.plan("night_owl_3")

    with pytest.raises(InvalidInput, match="at most 500"):
        await service.erase(plan, actor="cli:hudson", reason="x" * 501)
    assert query(database_url, "SELECT count(*) FROM persons WHERE username = 'night_owl_3'") == [
        (1,)
    ]


async def test_erase_answers_not_found_when_the_person_went_since_the_plan(
    service: ErasureService, database_url: str
) -> None:
    seed_people(database_url)
    plan = await service.plan("night_owl_3")
    await service.erase(plan, actor="cli:hudson", reason=None)

    with pytest.raises(NotFound):
        await service.erase(plan, actor="cli:hudson", reason=None)
    assert query(database_url, "SELECT count(*) FROM erasures") == [(1,)]


def test_every_table_referring_to_persons_is_erased_when_a_person_is_forgotten(
    database_url: str,
) -> None:
    referring = query(
        database_url,
        "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint "
        "WHERE contype = 'f' AND confrelid = 'persons'::regclass",
    )

    assert {table for (table,) in referring} <= set(ERASED_TABLES)


@pytest.mark.parametrize("table", ["interactions", "snapshots"])
def test_append_only_rows_refuse_delete_when_no_erasure_opened_the_transaction(
    database_url: str, table: str
) -> None:
    seed_people(database_url)
    with psycopg.connect(database_url) as conn:
        # A session-wide setting, or one naming another transaction, opens nothing.
        conn.execute("SET mhc.erasure = 'on'")
        with pytest.raises(errors.RestrictViolation, match=f"{table} is append-only: DELETE"):
            conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        conn.rollback()
        conn.execute("SELECT set_config('mhc.erasure', pg_current_xact_id()::text, false)")
        conn.commit()
        with pytest.raises(errors.RestrictViolation, match=f"{table} is append-only: DELETE"):
            conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))


@pytest.mark.parametrize("table", ["interactions", "snapshots"])
def test_append_only_rows_refuse_update_when_an_erasure_opened_the_transaction(
    database_url: str, table: str
) -> None:
    seed_people(database_url)
    with psycopg.connect(database_url) as conn:
        conn.execute(OPEN_FOR_THIS_TRANSACTION)
        with pytest.raises(errors.RestrictViolation, match=f"{table} is append-only: UPDATE"):
            conn.execute(
                sql.SQL("UPDATE {} SET person_id = person_id").format(sql.Identifier(table))
            )
        conn.rollback()
        conn.execute(OPEN_FOR_THIS_TRANSACTION)
        deleted = conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table))).rowcount

    assert deleted > 0


def test_erasure_audit_refuses_update_and_delete_even_during_an_erasure(
    database_url: str,
) -> None:
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "INSERT INTO erasures (actor, person_id, username_sha256, counts) "
            "VALUES ('cli:hudson', 7, %s, '{}')",
            (hashlib.sha256(b"big_tipper_77").hexdigest(),),
        )
        conn.commit()
        for statement in ("UPDATE erasures SET reason = 'edited'", "DELETE FROM erasures"):
            conn.execute(OPEN_FOR_THIS_TRANSACTION)
            with pytest.raises(errors.RestrictViolation, match="erasures is an audit log"):
                conn.execute(statement.encode())
            conn.rollback()
