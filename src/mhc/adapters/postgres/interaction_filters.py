"""The parameters of the `interaction_filters` SQL fragment, shared by every query that takes
InteractionFilters (the repository's history and the person page's read model), so that both
answer the same filter the same way: NULL means "any", since <= occurred_at < until."""

from __future__ import annotations

from typing import Any

from mhc.domain.models import InteractionFilters


def interaction_filter_params(filters: InteractionFilters) -> dict[str, Any]:
    """The filters and page of `filters` as named parameters (empty lists become NULL)."""
    return {
        "types": [str(t) for t in filters.types] or None,
        "sources": [str(s) for s in filters.sources] or None,
        "since": filters.since,
        "until": filters.until,
        "session_id": filters.session_id,
        "limit": filters.limit,
        "offset": filters.offset,
    }
