"""Two people with a row in every table about people, and the owner's credentials, written with
plain SQL: what the export, erasure and backup tests read back.

big_tipper_77 (alias old_tipper_1) and night_owl_3 share a stream session and the Friends list;
each has an interaction, a snapshot, a note, an attribute, a dismissed suggestion, an alert and
a Statbate look-up, and the failure log names both, plus a third name that only looks like one
of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

TOTP_SECRET = "JBSWY3DPEHPK3PXP"
API_KEY_NAME = "owner's laptop"
LOOKALIKE_ENDPOINT = "GET /members/chaturbate/big_tipper_777/info"


@dataclass(frozen=True)
class Seeded:
    tipper: int
    owl: int
    session: int


def seed_people(database_url: str) -> Seeded:
    with psycopg.connect(database_url) as conn:
        tipper = _person(conn, "big_tipper_77", "VIEWER")
        owl = _person(conn, "night_owl_3", "VIEWER")
        conn.execute(
            "INSERT INTO person_aliases (person_id, alias) VALUES (%s, 'old_tipper_1')", (tipper,)
        )
        session = _scalar(
            conn,
            "INSERT INTO stream_sessions (started_at, ended_at, status) "
            "VALUES ('2026-01-05 20:00Z', '2026-01-05 23:00Z', 'ENDED') RETURNING id",
        )
        for person, event, kind, content in (
            (tipper, "evt-1", "TIP", "for the hat"),
            (owl, "evt-2", "CHAT_MESSAGE", "hello from the night"),
        ):
            conn.execute(
                "INSERT INTO interactions (person_id, stream_session_id, type, content, "
                "occurred_at, source, metadata, source_event_id) VALUES (%s, %s, %s, %s, "
                "'2026-01-05 21:00Z', 'cb_events', '{\"tokens\": 250}', %s)",
                (person, session, kind, content, event),
            )
        conn.execute(
            "INSERT INTO interactions (person_id, type, content, occurred_at, source) "
            "VALUES (%s, 'CHAT_IMPORT', 'an old line, \"quoted\"', '2025-12-01 19:00Z', "
            "'statbate_plus')",
            (tipper,),
        )
        for person, tokens in ((tipper, 12000), (owl, 40)):
            conn.execute(
                "INSERT INTO snapshots (person_id, source, captured_at, raw_payload, "
                "normalized_metrics) VALUES (%s, 'statbate_member', '2026-01-04 12:00Z', "
                "'{\"data\": {}}', jsonb_build_object('all_time_tokens', %s::int))",
                (person, tokens),
            )
        for person, note, tag in (
            (tipper, "Tips big on Fridays", "generous"),
            (owl, "Only chats after midnight", "night owl"),
        ):
            conn.execute("INSERT INTO notes (person_id, content) VALUES (%s, %s)", (person, note))
            conn.execute(
                "INSERT INTO attributes (person_id, key, value) VALUES (%s, 'tag', %s)",
                (person, tag),
            )
            conn.execute(
                "INSERT INTO watchlist_members (watchlist_id, person_id) "
                "SELECT id, %s FROM watchlists WHERE name = 'Friends'",
                (person,),
            )
            conn.execute(
                "INSERT INTO analysis_dismissals (person_id, key, value) "
                "VALUES (%s, 'spender_tier', 'whale')",
                (person,),
            )
            alert = _scalar(
                conn,
                "INSERT INTO alerts (rule_id, rule_kind, rule_name, person_id, username, reason) "
                "SELECT id, kind, name, %s, (SELECT username FROM persons WHERE id = %s), "
                "'entered; on Friends' FROM alert_rules WHERE kind = 'watchlist_enters' "
                "RETURNING id",
                person,
                person,
            )
            conn.execute(
                "INSERT INTO alert_deliveries (alert_id, channel, status) "
                "VALUES (%s, 'panel', 'sent')",
                (alert,),
            )
            conn.execute(
                "INSERT INTO statbate_lookups (person_id, status, looked_up_at) "
                "VALUES (%s, 'found', '2026-01-04 12:00Z')",
                (person,),
            )
        conn.execute(
            "INSERT INTO api_failures (service, endpoint, status, message) VALUES "
            "('statbate', 'GET /members/chaturbate/big_tipper_77/info', 503, 'unavailable'), "
            "('statbate', 'POST /members/chaturbate/batch', 502, 'old_tipper_1: bad gateway'), "
            "('statbate', 'GET /members/chaturbate/night_owl_3/info', 404, 'not found'), "
            "('statbate', %s, 404, 'not found'), "
            "('chaturbate', 'GET /events/hudson_cage', 520, 'origin error')",
            (LOOKALIKE_ENDPOINT,),
        )
        conn.execute(
            "INSERT INTO api_keys (name, prefix, key_hash) VALUES (%s, 'mhc_abc123', %s)",
            (API_KEY_NAME, bytes(32)),
        )
        conn.execute("UPDATE auth_owner SET totp_secret = %s", (TOTP_SECRET,))
        conn.execute(
            "INSERT INTO auth_sessions (token_hash, expires_at) "
            "VALUES (%s, now() + interval '1 day')",
            (bytes(range(32)),),
        )
    return Seeded(tipper=tipper, owl=owl, session=session)


def rows_about(database_url: str, person_id: int) -> dict[str, int]:
    """How many rows of each table refer to the person."""
    tables = (
        "person_aliases",
        "snapshots",
        "interactions",
        "notes",
        "attributes",
        "watchlist_members",
        "analysis_dismissals",
        "alerts",
        "statbate_lookups",
    )
    with psycopg.connect(database_url) as conn:
        counts = {"persons": _scalar(conn, "SELECT count(*) FROM persons WHERE id = %s", person_id)}
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {} WHERE person_id = %s").format(
                sql.Identifier(table)
            )
            counts[table] = _scalar(conn, query, person_id)
    return counts


def _person(conn: psycopg.Connection, username: str, role: str) -> int:
    return _scalar(
        conn,
        "INSERT INTO persons (username, role, first_seen_at, last_seen_at) "
        "VALUES (%s, %s, '2026-01-01 20:00Z', '2026-01-05 21:00Z') RETURNING id",
        username,
        role,
    )


def _scalar(conn: psycopg.Connection, query: str | sql.Composed, *params: object) -> int:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return int(row[0])
