"""The one place where failures become responses: RFC 9457 problem details.

Domain errors, the authentication errors and Litestar's own exceptions (validation, 404,
405, 413...) all leave as `application/problem+json`. Anything else is a bug: it is logged
with its traceback and answered with a bare 500 that carries no internals.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import ResponseSpec

from mhc.adapters.http.passwords import TooBusy
from mhc.adapters.http.principals import (
    CsrfRejected,
    LoginThrottled,
    PasswordRejected,
    TotpRequired,
)
from mhc.adapters.http.schemas.common import PATTERN_MESSAGES
from mhc.domain.errors import (
    AuthError,
    Conflict,
    ExternalServiceError,
    InvalidInput,
    MhcError,
    NotFound,
    RateLimited,
)

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
_SNAKE = re.compile(r"_([a-z0-9])")
_MSGSPEC_PATH = re.compile(r" - at `\$(?:\.(\w+))?[^`]*`$")
_MISSING_FIELD = re.compile(r"missing required field `(\w+)`")
# Litestar names the request body "data", its handler parameter.
_BODY = "data"


class FieldError(msgspec.Struct, kw_only=True):
    field: str
    message: str


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem; `errors` lists the fields at fault when there are any."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


# Every route may answer with these; documenting them lets clients type their error bodies.
PROBLEM_RESPONSES: dict[int, ResponseSpec] = {
    status: ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM_MEDIA_TYPE,
        description=f"{HTTPStatus(status).phrase} (problem details)",
        generate_examples=False,
    )
    for status in (400, 401, 403, 404, 409, 413, 429)
}


def camel_case(name: str) -> str:
    """`evidence_id` -> `evidenceId`, so error fields match the names on the wire."""
    return _SNAKE.sub(lambda m: m.group(1).upper(), name)


def problem_response(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    phrase = HTTPStatus(status).phrase
    problem = Problem(
        type=f"urn:mhc:problem:{slug or phrase.lower().replace(' ', '-')}",
        title=phrase,
        status=status,
        detail=detail,
        errors=errors or None,
    )
    return Response(
        content=problem, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    """Map any exception raised while serving `request` to a problem response."""
    if isinstance(exc, MhcError):
        return _domain_problem(exc)
    if isinstance(exc, ValidationException):
        return problem_response(
            400, "the request is not valid", slug="validation", errors=_validation_errors(exc)
        )
    if isinstance(exc, HTTPException) and exc.status_code < 500:
        return problem_response(
            exc.status_code, str(exc.detail), headers=dict(exc.headers or {}) or None
        )
    log.error("unhandled error serving %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(500, "the server failed to answer; the error was logged")


def _domain_problem(exc: MhcError) -> Response[Problem]:
    detail = str(exc)
    if isinstance(exc, InvalidInput):
        errors = [FieldError(field=camel_case(exc.field), message=detail)] if exc.field else None
        return problem_response(400, detail, slug="validation", errors=errors)
    if isinstance(exc, NotFound):
        return problem_response(404, detail)
    if isinstance(exc, Conflict):
        return problem_response(409, detail)
    if isinstance(exc, LoginThrottled | TooBusy):
        return problem_response(429, detail, headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, PasswordRejected):
        errors = [FieldError(field="password", message=detail)]
        return problem_response(403, detail, slug="password", errors=errors)
    if isinstance(exc, RateLimited):
        retry = {"Retry-After": str(max(1, round(exc.retry_after)))} if exc.retry_after else None
        return problem_response(429, detail, headers=retry)
    # Checked before AuthError: a refused token of ours upstream is not the caller's fault.
    if isinstance(exc, ExternalServiceError):
        return problem_response(502, detail, slug="external-service")
    if isinstance(exc, AuthError):
        errors = (
            [FieldError(field="totpCode", message=detail)]
            if isinstance(exc, TotpRequired)
            else None
        )
        return problem_response(
            401, detail, errors=errors, headers={"WWW-Authenticate": 'Bearer realm="mhc"'}
        )
    if isinstance(exc, CsrfRejected):
        return problem_response(403, detail, slug="csrf")
    log.error("unmapped domain error %s", type(exc).__name__, exc_info=exc)
    return problem_response(500, "the server failed to answer; the error was logged")


def _readable(message: str) -> str:
    """A refusal by one of the bodies' patterns in words rather than the pattern."""
    for pattern, words in PATTERN_MESSAGES.items():
        if message == f"Expected `str` matching regex {pattern!r}":
            return words
    return message


def _validation_errors(exc: ValidationException) -> list[FieldError]:
    errors: list[FieldError] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "invalid value"))
        key = item.get("key")
        missing = _MISSING_FIELD.search(message)
        if missing:
            # The field that is missing, not the object it is missing from.
            key = missing.group(1) if key in (None, _BODY) else f"{key}.{missing.group(1)}"
        elif key == _BODY:
            key = "body"
        if not key:
            # A body that failed as a whole names the field in msgspec's "at `$.field`".
            match = _MSGSPEC_PATH.search(message)
            key = match.group(1) if match and match.group(1) else "body"
            message = _MSGSPEC_PATH.sub("", message)
        errors.append(FieldError(field=camel_case(str(key)), message=_readable(message)))
    return errors
