"""The unit of work on PostgreSQL: one pooled connection, one transaction, every repository."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from psycopg import AsyncConnection
from psycopg.errors import DeadlockDetected, SerializationFailure

from mhc.adapters.postgres.pool import ConnectionPool, checkin, checkout
from mhc.adapters.postgres.repositories import (
    PostgresAttributeRepository,
    PostgresInteractionRepository,
    PostgresNoteRepository,
    PostgresPersonRepository,
    PostgresSessionRepository,
    PostgresSnapshotRepository,
    PostgresWatchlistRepository,
)
from mhc.domain.errors import StoreUnavailable
from mhc.ports.repositories import (
    AttributeRepository,
    InteractionRepository,
    NoteRepository,
    PersonRepository,
    SessionRepository,
    SnapshotRepository,
    WatchlistRepository,
)
from mhc.ports.uow import UnitOfWorkFactory


class PostgresUnitOfWork:
    """`async with uow:` borrows a connection; leaving without `commit()` rolls back.

    The transaction begins with the first statement. After `commit()` or `rollback()` the
    unit of work stays usable and the next statement begins a new transaction.
    """

    # Typed as the ports: the UnitOfWork protocol's attributes are writable, hence invariant.
    people: PersonRepository
    snapshots: SnapshotRepository
    interactions: InteractionRepository
    sessions: SessionRepository
    notes: NoteRepository
    attributes: AttributeRepository
    watchlists: WatchlistRepository

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._conn: AsyncConnection[Any] | None = None

    async def __aenter__(self) -> Self:
        if self._conn is not None:
            raise RuntimeError("this unit of work is already open")
        conn = await checkout(self._pool)
        self._conn = conn
        self.people = PostgresPersonRepository(conn)
        self.snapshots = PostgresSnapshotRepository(conn)
        self.interactions = PostgresInteractionRepository(conn)
        self.sessions = PostgresSessionRepository(conn)
        self.notes = PostgresNoteRepository(conn)
        self.attributes = PostgresAttributeRepository(conn)
        self.watchlists = PostgresWatchlistRepository(conn)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn = self._connection
        self._conn = None
        # What was not committed is rolled back; a broken connection is discarded.
        await checkin(self._pool, conn)
        if isinstance(exc, DeadlockDetected | SerializationFailure):
            # A deadlock or a serialization failure with a concurrent writer (the worker's
            # ingestion beside a capture): nothing was stored, and another try will do.
            raise StoreUnavailable(
                f"the database rolled the work back ({type(exc).__name__})"
            ) from exc

    async def commit(self) -> None:
        await self._connection.commit()

    async def rollback(self) -> None:
        await self._connection.rollback()

    @property
    def _connection(self) -> AsyncConnection[Any]:
        if self._conn is None:
            raise RuntimeError("the unit of work is not open: use `async with uow:`")
        return self._conn


def unit_of_work_factory(pool: ConnectionPool) -> UnitOfWorkFactory:
    """What the use cases receive: a fresh unit of work on `pool` per call."""
    return lambda: PostgresUnitOfWork(pool)
