"""The OpenAPI document: its configuration, and what Litestar cannot derive from the handlers.

The SPA's TypeScript types are generated from this document and the API fuzz test holds the
app to it, so it must say exactly what the app accepts and answers.

The document is built when it is first asked for, not with the app: building it is most of
an app's build (a few tenths of a second, and the memory it keeps), and a panel that never
serves it never pays for it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from litestar import Litestar, Request
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    RequestBody,
    Schema,
    SecurityScheme,
)

from mhc.adapters.http.auth import CSRF_HEADER, SESSION_COOKIE
from mhc.adapters.http.authentication import PUBLIC
from mhc.adapters.http.schemas.common import CROSS_FIELD_RULES

API_TITLE = "MHC Control Panel API"
# Operations whose body may be left out entirely.
OPTIONAL_BODIES = frozenset({"endSession"})
# Where an app keeps its completed document once built.
_DOCUMENT_STATE = "openapi_document"


def openapi_config(version: str) -> OpenAPIConfig:
    return OpenAPIConfig(
        title=API_TITLE,
        version=version,
        path="/schema",
        render_plugins=[_CompletedJson()],
        components=Components(
            security_schemes={
                "session": SecurityScheme(
                    type="apiKey", name=SESSION_COOKIE, security_scheme_in="cookie"
                ),
                "csrf": SecurityScheme(
                    type="apiKey", name=CSRF_HEADER, security_scheme_in="header"
                ),
                "apiKey": SecurityScheme(type="http", scheme="bearer"),
            }
        ),
    )


def openapi_document(app: Litestar) -> dict[str, Any]:
    """The app's OpenAPI document, completed (`complete`), as JSON-ready data; built on first
    use and kept."""
    document: dict[str, Any] | None = app.state.get(_DOCUMENT_STATE)
    if document is None:
        built = app.openapi_schema
        complete(built, public=_public_operations(app), optional_bodies=OPTIONAL_BODIES)
        document = app.state[_DOCUMENT_STATE] = built.to_schema()
    return document


class _CompletedJson(JsonRenderPlugin):
    """Serves /schema/openapi.json from `openapi_document` (Litestar hands its renderer the
    document as the handlers alone describe it)."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return self.render_json(request, openapi_document(request.app))


def _public_operations(app: Litestar) -> set[str]:
    return {
        str(handler.operation_id)
        for route in app.routes
        for handler in getattr(route, "route_handlers", ())
        if handler.opt.get(PUBLIC)
    }


def complete(
    document: OpenAPI, *, public: Collection[str], optional_bodies: Collection[str]
) -> None:
    """Add what the handlers cannot tell Litestar.

    Operations in `public` need no credentials (a router's security is inherited and cannot be
    taken away by a handler); those in `optional_bodies` take a body that may be left out (a
    handler's optional body is documented as required); bodies with cross-field rules get them
    as JSON Schema keywords on their component. A 204 has no content, even when its handler
    returns a Response (to set a cookie).
    """
    for path in (document.paths or {}).values():
        for operation in _operations(path):
            no_content = (operation.responses or {}).get("204")
            if isinstance(no_content, OpenAPIResponse):
                no_content.content = None
            if operation.operation_id in public:
                operation.security = []
            if operation.operation_id in optional_bodies and isinstance(
                operation.request_body, RequestBody
            ):
                operation.request_body.required = False
    components = document.components.schemas or {}
    for name, keywords in CROSS_FIELD_RULES.items():
        component = components.get(name)
        if isinstance(component, Schema):
            for key, value in keywords.items():
                attribute, many = _ATTRIBUTES[key]
                setattr(
                    component, attribute, [_schema(v) for v in value] if many else _schema(value)
                )


# JSON Schema keyword -> (Schema attribute, holds a list of schemas)
_ATTRIBUTES = {
    "anyOf": ("any_of", True),
    "oneOf": ("one_of", True),
    "allOf": ("all_of", True),
    "if": ("schema_if", False),
    "then": ("then", False),
}
_TYPES = {"integer": OpenAPIType.INTEGER, "string": OpenAPIType.STRING}


def _operations(path: Any) -> list[Operation]:
    methods = ("get", "put", "post", "delete", "patch")
    return [op for method in methods if isinstance(op := getattr(path, method, None), Operation)]


def _schema(keywords: Mapping[str, Any]) -> Schema:
    """A Schema from the few JSON Schema keywords the cross-field rules use."""
    return Schema(
        required=keywords.get("required"),
        const=keywords.get("const"),
        enum=keywords.get("enum"),
        type=_TYPES[keywords["type"]] if "type" in keywords else None,
        properties={name: _schema(sub) for name, sub in keywords["properties"].items()}
        if "properties" in keywords
        else None,
    )
