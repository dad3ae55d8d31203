"""The unit of work: one transaction, with every repository bound to it."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from mhc.ports.repositories import (
    AttributeRepository,
    InteractionRepository,
    NoteRepository,
    PersonRepository,
    SessionRepository,
    SnapshotRepository,
    WatchlistRepository,
)


class UnitOfWork(Protocol):
    """`async with uow:` opens a transaction; leaving without `commit()` rolls back."""

    people: PersonRepository
    snapshots: SnapshotRepository
    interactions: InteractionRepository
    sessions: SessionRepository
    notes: NoteRepository
    attributes: AttributeRepository
    watchlists: WatchlistRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
