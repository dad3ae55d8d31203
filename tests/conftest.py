"""Shared fixtures: a real PostgreSQL server and a fresh, migrated database per test.

With MHC_TEST_DATABASE_URL set, that server is used (it needs CREATEDB rights);
otherwise an embedded server from `pgserver` is started in a temporary directory.

The suite runs in parallel (`pytest -n auto`, see the Makefile): each xdist worker starts its
own embedded server, and every name it creates on a server carries the worker's id, so that
workers sharing one configured server never touch each other's databases.
"""

from __future__ import annotations

import gc
import itertools
import logging
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from hypothesis import HealthCheck, settings
from psycopg import sql
from psycopg_pool import AsyncConnectionPool
from xdist.scheduler import LoadScopeScheduling

from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.entrypoints.garbage import collector_paused
from tests.scheduling import WaitingTestsOnAWorkerOfTheirOwn

TEMPLATE_DB = "mhc_test_template"
_counter = itertools.count()

# The suite writes gigabytes that it throws away (a migrated database is cloned for every test,
# and processes keep their data in temporary folders); on a busy disk that doubled a run's time.
# Temporary files go to memory when the machine has a memory-backed folder with room to spare,
# unless TMPDIR already says where they go.
MEMORY_DIR = Path("/dev/shm")
MEMORY_NEEDED = 4 * 2**30


def pytest_configure(config: pytest.Config) -> None:
    if "TMPDIR" in os.environ or not MEMORY_DIR.is_dir() or not os.access(MEMORY_DIR, os.W_OK):
        return
    if shutil.disk_usage(MEMORY_DIR).free >= MEMORY_NEEDED:
        # Inherited by the xdist workers and by every process the tests start.
        os.environ["TMPDIR"] = str(MEMORY_DIR)
        tempfile.tempdir = None


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Generator[None, object, object]:
    """Collecting imports every test module and what it uses, which lives for the whole run:
    built with the garbage collector paused, as the CLI builds its parser."""
    with collector_paused():
        return (yield)


# Two hooks of xdist's, which `-p no:xdist` leaves out.
@pytest.hookimpl(wrapper=True, optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> Generator[None, int, int]:
    """`-n auto`: a worker a core, as xdist counts them, and one for the tests that mostly wait
    (tests/scheduling.py), unless `--dist` chose another distribution."""
    cores = yield
    return cores + 1 if config.getvalue("dist") in ("no", "load") else cores


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadScopeScheduling | None:
    """The waiting tests on a worker of their own (tests/scheduling.py), unless `--dist` chose
    otherwise."""
    if config.getvalue("dist") != "load":
        return None
    return WaitingTestsOnAWorkerOfTheirOwn(config, log)


IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
"""Whether the tests run in CI (`.ci/run` sets CI=true), where nobody is at the machine."""

# No property test may depend on how fast the machine is: two workers on two shared cores can
# make one example take seconds. "ci" is chosen when CI is set; HYPOTHESIS_PROFILE overrides.
# A developer's run draws new examples every time (that is where the property tests find
# things); CI draws the same ones for the same code, so that its verdict is the code's.
settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
    derandomize=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev"))


@pytest.fixture(scope="module", autouse=True)
def survivors_frozen() -> Iterator[None]:
    """After each module, what is still alive is moved out of the garbage collector's sight
    (`gc.freeze`): when each route test built an app of its own, the apps stayed reachable
    after their tests (about 16,000 objects each, 4 million on a worker by the end), and every
    full collection walked all of them again: 18 s of one worker's run, 3 s for the last one.
    Cycles are collected first, so only what the collector could not free is frozen."""
    yield
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def root_logger_restored() -> Iterator[None]:
    """Each test leaves the root logger as it found it. The panel's logging (which the CLI
    installs) masks every secret the panel is given from then on: left installed, a token of
    "0" that one test sets would mask every "0" in the lines a later test reads."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def worker_id(config: pytest.Config) -> str:
    """This xdist worker's id ("gw0", "gw1", ...), or "main" when the tests run in one process."""
    workerinput: dict[str, str] | None = getattr(config, "workerinput", None)
    return workerinput["workerid"] if workerinput else "main"


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
def template_database(server_url: str, pytestconfig: pytest.Config) -> str:
    """A migrated database that every test database of this worker is cloned from."""
    name = f"{TEMPLATE_DB}_{worker_id(pytestconfig)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    MigrationRunner(database_url_for(server_url, name)).up()
    return name


class Databases:
    """Creates and drops the tests' databases on one connection, in a thread of its own: the
    next database is cloned while a test runs and a finished one is dropped after it, so that
    no test waits for either."""

    def __init__(self, server_url: str) -> None:
        self._server_url = server_url
        self._conn: psycopg.Connection[Any] | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-databases")
        # The next clone, made ahead: (template, name once created).
        self._spare: tuple[str, Future[str]] | None = None

    def clone(self, template: str) -> str:
        """A new database cloned from `template`."""
        spare, self._spare = self._spare, None
        if spare is not None and spare[0] == template:
            ready = spare[1]
        else:
            if spare is not None:
                self.drop(spare[1].result())
            ready = self._thread.submit(self._create, template)
        self._spare = (template, self._thread.submit(self._create, template))
        return ready.result()

    def empty(self) -> str:
        """A new database with nothing in it."""
        return self._thread.submit(self._create, None).result()

    def drop(self, name: str) -> None:
        self._thread.submit(self._drop, name)

    def close(self) -> None:
        spare, self._spare = self._spare, None
        if spare is not None:
            self.drop(spare[1].result())
        self._thread.shutdown(wait=True)
        if self._conn is not None:
            self._conn.close()

    def _execute(self, statement: sql.Composable) -> None:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = psycopg.connect(self._server_url, autocommit=True)
        self._conn.execute(statement)

    def _create(self, template: str | None) -> str:
        name = f"mhc_test_{os.getpid()}_{next(_counter)}"
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            # The template's files copied as they are, not written again page by page into the
            # write-ahead log (the default): a clone of the 9 MB template in 17 ms instead of 30,
            # and PostgreSQL's share of a run's CPU a quarter smaller.
            create += sql.SQL(" TEMPLATE {} STRATEGY FILE_COPY").format(sql.Identifier(template))
        self._execute(create)
        return name

    def _drop(self, name: str) -> None:
        self._execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="session")
def databases(server_url: str) -> Iterator[Databases]:
    made = Databases(server_url)
    yield made
    made.close()


@pytest.fixture
def empty_database_url(server_url: str, databases: Databases) -> Iterator[str]:
    """A brand-new empty database (no migrations applied), dropped after the test."""
    name = databases.empty()
    yield database_url_for(server_url, name)
    databases.drop(name)


@pytest.fixture
def database_url(server_url: str, template_database: str, databases: Databases) -> Iterator[str]:
    """A fresh, fully migrated database for one test, dropped afterwards."""
    name = databases.clone(template_database)
    yield database_url_for(server_url, name)
    databases.drop(name)


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[AsyncConnectionPool]:
    """An async connection pool on the test's own database."""
    async with AsyncConnectionPool(database_url, min_size=1, max_size=4, open=False) as opened:
        await opened.wait()
        yield opened
