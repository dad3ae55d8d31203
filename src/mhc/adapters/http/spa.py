"""Serving the built single-page app at `/`, with history fallback to index.html."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath
from litestar.response import File

from mhc.adapters.http.authentication import PUBLIC

# The SPA loads only its own files; the API is same-origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
# Vite fingerprints everything under assets/, so those files never change under their name.
_IMMUTABLE = "public, max-age=31536000, immutable"
# Browsers refuse module scripts and stylesheets served as octet-stream; some machines have
# no system MIME table, so the types the build emits are named here.
_MEDIA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".map": "application/json",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
_RESERVED_PREFIXES = ("api/", "schema/")
_RESERVED_PATHS = ("api", "schema")

PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MHC Control Panel</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto;">
<h1>MHC Control Panel</h1>
<p>The API is running, but the web interface has not been built yet.</p>
<p>Build it with <code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code>,
then reload this page. The API itself is described at <a href="/schema">/schema</a>.</p>
</body></html>
"""


def spa_handlers(spa_dir: Path | None) -> list[HTTPRouteHandler]:
    """GET handlers for `/` and every path outside /api and /schema."""
    root = spa_dir.resolve() if spa_dir is not None else None

    @get("/", opt={PUBLIC: True}, include_in_schema=False, sync_to_thread=False)
    def serve_root() -> Response[str] | File:
        return serve("")

    @get("/{path:path}", opt={PUBLIC: True}, include_in_schema=False, sync_to_thread=False)
    def serve_path(path: FromPath[str]) -> Response[str] | File:
        return serve(path)

    def serve(path: str) -> Response[str] | File:
        relative = path.lstrip("/")
        if relative in _RESERVED_PATHS or relative.startswith(_RESERVED_PREFIXES):
            raise NotFoundException(f"no route for /{relative}")
        index = root / "index.html" if root is not None else None
        if root is None or index is None or not index.is_file():
            return Response(PLACEHOLDER, media_type="text/html", headers=_html_headers())
        if relative:
            candidate = (root / relative).resolve()
            if candidate.is_file() and candidate.is_relative_to(root):
                cache = _IMMUTABLE if relative.startswith("assets/") else "no-cache"
                return File(
                    candidate,
                    content_disposition_type="inline",
                    media_type=_media_type(candidate),
                    headers={"Cache-Control": cache},
                )
        return File(
            index,
            content_disposition_type="inline",
            media_type="text/html",
            headers=_html_headers(),
        )

    return [serve_root, serve_path]


def _html_headers() -> dict[str, str]:
    return {"Cache-Control": "no-cache", "Content-Security-Policy": CONTENT_SECURITY_POLICY}


def _media_type(path: Path) -> str:
    guessed = _MEDIA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    return guessed or "application/octet-stream"
