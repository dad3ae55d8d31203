"""Print the HTTP API's OpenAPI document as JSON with sorted keys (same input, same bytes).

Run: `uv run python -m mhc.entrypoints.openapi_dump > openapi.json`; the frontend generates
its TypeScript types from it. Nothing is connected: building the app does no I/O.
"""

from __future__ import annotations

import json
import sys

from mhc.adapters.http.openapi import openapi_document
from mhc.entrypoints.container import Container
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.web import build_app

# Placeholders: the schema does not depend on them, and nothing is opened.
_SETTINGS = Settings(
    database_url="postgresql://localhost/openapi-dump",
    admin_password="openapi-dump",
    secret_key="openapi-dump-" * 3,
)


def main() -> int:
    app = build_app(_SETTINGS, Container(settings=_SETTINGS), spa_dir=None, migrate=False)
    json.dump(openapi_document(app), sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
