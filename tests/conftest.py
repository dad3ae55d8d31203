"""Shared fixtures: a real PostgreSQL server and a fresh, migrated database per test.

With MHC_TEST_DATABASE_URL set, that server is used (it needs CREATEDB rights);
otherwise an embedded server from `pgserver` is started in a temporary directory.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.migrations import MigrationRunner

TEMPLATE_DB = "mhc_test_template"
_counter = itertools.count()


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """URL of the maintenance database of a PostgreSQL server the tests may use."""
    configured = os.environ.get("MHC_TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    import pgserver

    data_dir = Path(tempfile.mkdtemp(prefix="mhc-test-pg-"))
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(data_dir, ignore_errors=True)


def database_url_for(server_url: str, dbname: str) -> str:
    """The postgresql:// URL of database `dbname` on the server of `server_url`."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{dbname}"))


@pytest.fixture(scope="session")
def template_database(server_url: str) -> str:
    """A migrated database that every test database is cloned from."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(TEMPLATE_DB))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE_DB)))
    MigrationRunner(database_url_for(server_url, TEMPLATE_DB)).up()
    return TEMPLATE_DB


@pytest.fixture
def empty_database_url(server_url: str) -> Iterator[str]:
    """A brand-new empty database (no migrations applied), dropped after the test."""
    name = f"mhc_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield database_url_for(server_url, name)
    _drop(server_url, name)


@pytest.fixture
def database_url(server_url: str, template_database: str) -> Iterator[str]:
    """A fresh, fully migrated database for one test, dropped afterwards."""
    name = f"mhc_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template_database)
            )
        )
    yield database_url_for(server_url, name)
    _drop(server_url, name)


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[AsyncConnectionPool]:
    """An async connection pool on the test's own database."""
    async with AsyncConnectionPool(database_url, min_size=1, max_size=4, open=False) as opened:
        await opened.wait()
        yield opened


def _drop(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
