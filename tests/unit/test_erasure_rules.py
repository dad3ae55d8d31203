"""What the erasure audit keeps of a name, and how the backup tools get the password."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from mhc.adapters.postgres.backup import tool_connection
from mhc.services.erasure import username_sha256

usernames = st.from_regex(r"[A-Za-z0-9_]{1,64}", fullmatch=True)


@given(usernames, st.sampled_from(["", "@"]), st.sampled_from(["", " ", "\t"]))
def test_audit_hash_is_the_sha256_of_the_normalised_name_however_it_was_typed(
    name: str, at: str, space: str
) -> None:
    typed = f"{space}{at}{name}{space}"

    assert username_sha256(typed) == hashlib.sha256(name.lower().encode()).hexdigest()


def test_backup_tools_get_the_password_from_the_environment_when_the_url_has_one() -> None:
    url = "postgresql://hudson:s3cret%40pass@db.internal:5433/mhc?sslmode=require"

    connection = tool_connection(url, environ={"PATH": "/usr/bin"})

    assert "s3cret" not in connection.conninfo
    assert connection.conninfo == (
        "user=hudson dbname=mhc host=db.internal port=5433 sslmode=require"
    )
    assert connection.env == {"PATH": "/usr/bin", "PGPASSWORD": "s3cret@pass"}
    assert connection.password == "s3cret@pass"


def test_backup_tools_get_no_password_when_the_url_has_none() -> None:
    connection = tool_connection("postgresql://postgres:@/mhc?host=/tmp/pg", environ={})

    assert connection.conninfo == "user=postgres dbname=mhc host=/tmp/pg"
    assert connection.env == {}
    assert connection.password is None
