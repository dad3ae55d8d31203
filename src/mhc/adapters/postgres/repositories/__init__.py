"""The repository ports on PostgreSQL, one module per aggregate."""

from mhc.adapters.postgres.repositories.attributes import PostgresAttributeRepository
from mhc.adapters.postgres.repositories.interactions import PostgresInteractionRepository
from mhc.adapters.postgres.repositories.notes import PostgresNoteRepository
from mhc.adapters.postgres.repositories.persons import PostgresPersonRepository
from mhc.adapters.postgres.repositories.sessions import PostgresSessionRepository
from mhc.adapters.postgres.repositories.snapshots import PostgresSnapshotRepository
from mhc.adapters.postgres.repositories.watchlists import PostgresWatchlistRepository

__all__ = [
    "PostgresAttributeRepository",
    "PostgresInteractionRepository",
    "PostgresNoteRepository",
    "PostgresPersonRepository",
    "PostgresSessionRepository",
    "PostgresSnapshotRepository",
    "PostgresWatchlistRepository",
]
