"""The secret key every process signs and checks with: MHC_SECRET_KEY, or in development one
generated on first use and kept in MHC_DATA_DIR (readable by the owner only), so browser
sessions and erasure digests survive a restart and the web and worker processes agree."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from mhc.domain.errors import ConfigurationError
from mhc.entrypoints.settings import Settings

KEY_FILE = "secret-key"


def resolve_secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    if settings.is_production:
        raise ConfigurationError(["MHC_SECRET_KEY is required in production"])
    return _kept_key(settings.data_dir / KEY_FILE)


def _kept_key(path: Path) -> str:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.is_file() and (kept := path.read_text().strip()):
        return kept
    # Written aside, then linked into place: linking fails when the file exists, so when the
    # web and the worker start at once both end up with whichever key was complete first.
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_urlsafe(48) + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text().strip()
