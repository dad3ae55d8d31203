"""Print the HTTP API's OpenAPI document as JSON with sorted keys (same input, same bytes).

Run: `uv run python -m mhc.entrypoints.openapi_dump > openapi.json`; the frontend generates
its TypeScript types from it. Nothing is connected: building the app does no I/O.
"""

from __future__ import annotations

import json
import sys

from mhc.entrypoints.container import Container
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.web import build_app

# Placeholders: the schema does not depend on them, and nothing is opened.
_SETTINGS = Settings(
    database_url="postgresql://localhost/openapi-dump",
    admin_password="openapi-dump",
    secret_key="openapi-dump-" * 3,
)


def openapi_document() -> dict[str, object]:
    app = build_app(_SETTINGS, Container(settings=_SETTINGS), spa_dir=None, migrate=False)
    document: dict[str, object] = app.openapi_schema.to_schema()
    return document


def main() -> int:
    json.dump(openapi_document(), sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
