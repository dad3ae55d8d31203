"""The embedded PostgreSQL server used when no DATABASE_URL is configured."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import stat
import tempfile
import warnings
from pathlib import Path
from typing import Protocol

from mhc.domain.errors import ConfigurationError

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
    # Heavy import, only needed when embedding; pgserver is a development dependency, which a
    # production install (uv sync --no-dev) leaves out.
    try:
        from pgserver.postgres_server import get_server
    except ImportError:
        raise ConfigurationError(
            [
                "no DATABASE_URL, and the embedded PostgreSQL (pgserver) is not installed: "
                "production installs leave it out (uv sync --no-dev)"
            ]
        ) from None

    pg_dir = _short_enough(data_dir.resolve() / "pg")
    pg_dir.mkdir(parents=True, exist_ok=True)
    server: _PostgresServer = get_server(pg_dir, cleanup_mode=None if keep_running else "stop")
    log.info("embedded PostgreSQL running in %s", pg_dir)
    return server.get_uri()


def _short_enough(path: Path, runtime_dir: Path | None = None) -> Path:
    """A path for the data directory whose socket path fits the kernel limit.

    Deep working directories get a stable symlink instead, in a folder private to this user
    (never a predictable name straight in /tmp, where another user could have put a folder or
    link of their own first: the server trusts whoever reaches its socket).
    """
    if len(str(path)) <= _MAX_SOCKET_DIR:
        return path
    path.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    link = private_runtime_dir(runtime_dir) / f"pg-{digest}"
    if link.is_symlink() and link.resolve() != path:
        link.unlink()
    if not link.exists():
        link.symlink_to(path, target_is_directory=True)
    return link


def private_runtime_dir(base: Path | None = None) -> Path:
    """`mhc-<uid>` in the runtime folder ($XDG_RUNTIME_DIR, else the temp folder), created
    0700 and checked: a real folder of this user that nobody else may enter or write."""
    if base is None:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        base = Path(runtime) if runtime and Path(runtime).is_dir() else Path(tempfile.gettempdir())
    folder = base / f"mhc-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = folder.lstat()
    if (
        not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.getuid()
        or stat.S_IMODE(info.st_mode) & 0o077
    ):
        raise ConfigurationError(
            [
                f"{folder} is not a folder private to this user (another user may have made it): "
                "remove it, or use a shorter MHC_DATA_DIR"
            ]
        )
    return folder
