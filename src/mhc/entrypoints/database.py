"""Which PostgreSQL server to use: DATABASE_URL, or the embedded one in MHC_DATA_DIR."""

from __future__ import annotations

from mhc.adapters.postgres.embedded import embedded_database_url
from mhc.entrypoints.settings import Settings


def resolve_database_url(settings: Settings) -> str:
    """The configured URL, or the embedded server's (started on first use, then reused)."""
    if settings.database_url:
        return settings.database_url
    return embedded_database_url(settings.data_dir)
