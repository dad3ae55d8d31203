"""The small hierarchy of domain errors; adapters translate library exceptions into these."""

from __future__ import annotations


class MhcError(Exception):
    """Base of every error the panel raises on purpose."""


class InvalidInput(MhcError):
    """Input that breaks a rule; `field` names the offending field when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(MhcError):
    """A thing asked for by id or name does not exist."""


class Conflict(MhcError):
    """The request contradicts the current state (ending an ended session, a duplicate name)."""


class AuthError(MhcError):
    """Credentials are missing, wrong, expired or revoked."""


class ExternalServiceError(MhcError):
    """An external API failed after the retries it deserved."""

    def __init__(self, service: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.status = status


class ExternalAuthError(ExternalServiceError, AuthError):
    """An external API refused our credentials (401/403, revoked token, expired session)."""


class RateLimited(ExternalServiceError):
    """An external API kept answering 429 past the retry budget."""

    def __init__(self, service: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(service, message, status=429)
        self.retry_after = retry_after


class StoreUnavailable(MhcError):
    """The database could not be reached or dropped the connection; nothing was stored."""


class ConfigurationError(MhcError):
    """Settings are invalid; `problems` lists every one of them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid configuration:\n  - " + "\n  - ".join(problems))
        self.problems = problems
