"""The embedded PostgreSQL server used when no DATABASE_URL is configured."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

# Unix socket paths are limited to ~107 bytes; pgserver puts its socket in the data directory.
_MAX_SOCKET_DIR = 90


class _PostgresServer(Protocol):
    def get_uri(self, database: str | None = None) -> str: ...


def embedded_database_url(data_dir: Path, *, keep_running: bool = True) -> str:
    """Start (or reuse) the embedded server in `data_dir/pg` and return its connection URL.

    The server outlives this process on purpose: the web and worker processes share it,
    and the next start finds it running (or starts it again on the same data). With
    `keep_running=False` it stops when this process exits, unless another process using it
    is still running (the demo's server lives as long as the demo).
    """
    # pgserver asks platformdirs for a runtime folder it never uses; its warning is noise.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    # Heavy import, only needed when embedding.
    from pgserver.postgres_server import get_server

    pg_dir = _short_enough(data_dir.resolve() / "pg")
    pg_dir.mkdir(parents=True, exist_ok=True)
    server: _PostgresServer = get_server(pg_dir, cleanup_mode=None if keep_running else "stop")
    log.info("embedded PostgreSQL running in %s", pg_dir)
    return server.get_uri()


def _short_enough(path: Path) -> Path:
    """A path for the data directory whose socket path fits the kernel limit.

    Deep working directories get a stable symlink in the temp folder instead.
    """
    if len(str(path)) <= _MAX_SOCKET_DIR:
        return path
    path.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    link = Path(tempfile.gettempdir()) / f"mhc-pg-{os.getuid()}-{digest}"
    if link.is_symlink() and link.resolve() != path:
        link.unlink()
    if not link.exists():
        link.symlink_to(path, target_is_directory=True)
    return link
