"""Statbate Premium API client (bearer token), following the published OpenAPI description."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import anyio
import httpx
import msgspec

from mhc.adapters.resilience import RateLimiter, ResilientHttp, Sleep, TokenBucket
from mhc.domain.contracts import shapes
from mhc.domain.contracts.compare import EndpointContract
from mhc.domain.errors import ExternalAuthError
from mhc.domain.models import JsonObject
from mhc.domain.retry import RetryPolicy
from mhc.ports.connections import SecretProvider, secret_provider
from mhc.ports.drift import DriftReporter
from mhc.ports.gateways import (
    Fetched,
    MemberActivity,
    MemberBatchItem,
    MemberInfo,
    MemberTip,
    ModelActivity,
    ModelInfo,
    ModelTip,
    Pagination,
    TagSpending,
    TimeRange,
    TopModel,
)
from mhc.ports.operations import FailureLog

T = TypeVar("T")

SERVICE = "statbate"
DEFAULT_BASE_URL = "https://plus.statbate.com/api"
BATCH_LIMIT = 100
MAX_PER_PAGE = 200
# Statbate allows 120 requests a minute per account, and 120 more on the batch endpoints.
REQUESTS_PER_MINUTE = 120

Params = dict[str, str | int]


class _Meta(msgspec.Struct, kw_only=True):
    pagination: Pagination | None = None


class _Envelope(msgspec.Struct, Generic[T], kw_only=True):
    data: T
    meta: _Meta | None = None


class _BatchEnvelope(msgspec.Struct, kw_only=True):
    data: list[JsonObject]


def format_range_bound(moment: datetime) -> str:
    """Statbate's range format: `YYYY-MM-DD HH:MM:SS` in UTC (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


class StatbateClient:
    """Implements StatbateGateway over HTTP; 404 answers are None.

    `budget` is the account's shared call budget (a lane of it): when given, every call, the
    batch look-ups included, waits on it; otherwise each kind of call has a bucket of its own.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        token: str | SecretProvider | None,
        base_url: str = DEFAULT_BASE_URL,
        failure_log: FailureLog | None = None,
        policy: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        batch_limiter: RateLimiter | None = None,
        budget: RateLimiter | None = None,
        sleep: Sleep = anyio.sleep,
        rng: random.Random | None = None,
        drift: DriftReporter | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        # Asked for before each request: a token changed on the panel is used at once.
        self._token = secret_provider(token)
        self._http = ResilientHttp(
            client,
            service=SERVICE,
            failure_log=failure_log,
            policy=policy,
            sleep=sleep,
            rng=rng,
            drift=drift,
        )
        # The default limiter runs on real time even when `sleep` is a test's fake.
        self._limiter: RateLimiter = (
            budget or limiter or TokenBucket.per_minute(REQUESTS_PER_MINUTE)
        )
        self._batch_limiter: RateLimiter = (
            budget or batch_limiter or TokenBucket.per_minute(REQUESTS_PER_MINUTE)
        )

    async def get_member_info(
        self, site: str, name: str, timezone: str | None = None
    ) -> Fetched[MemberInfo] | None:
        return await self._get(
            f"/members/{site}/{_segment(name)}/info",
            _params(timezone=timezone),
            _Envelope[MemberInfo],
            contract=shapes.MEMBER_INFO,
        )

    async def get_member_info_batch(
        self, site: str, names: Sequence[str], timezone: str | None = None
    ) -> list[MemberBatchItem]:
        unique = list(dict.fromkeys(name.lower() for name in names))
        by_name: dict[str, MemberBatchItem] = {}
        for start in range(0, len(unique), BATCH_LIMIT):
            chunk = unique[start : start + BATCH_LIMIT]
            for item in await self._batch_chunk(site, chunk, timezone):
                by_name.setdefault(item.name.lower(), item)
        # A name the answer leaves out is one Statbate does not know.
        return [
            by_name.get(name)
            or MemberBatchItem(
                name=name,
                info=None,
                error="not found (left out of the answer)",
                raw={},
                left_out=True,
            )
            for name in unique
        ]

    async def get_model_info(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
    ) -> Fetched[ModelInfo] | None:
        return await self._get(
            f"/model/{site}/{_segment(name)}/info",
            _params(range=range, timezone=timezone),
            _Envelope[ModelInfo],
            contract=shapes.MODEL_INFO,
        )

    async def get_model_activity(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
    ) -> Fetched[ModelActivity] | None:
        return await self._get(
            f"/model/{site}/{_segment(name)}/activity",
            _params(range=range, timezone=timezone),
            _Envelope[ModelActivity],
            contract=shapes.MODEL_ACTIVITY_ENDPOINT,
        )

    async def get_member_tips(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> Fetched[list[MemberTip]] | None:
        return await self._get(
            f"/members/{site}/{_segment(name)}/tips",
            _params(range=range, timezone=timezone, page=page, per_page=per_page),
            _Envelope[list[MemberTip]],
            contract=shapes.MEMBER_TIPS,
        )

    async def get_model_tips(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> Fetched[list[ModelTip]] | None:
        return await self._get(
            f"/model/{site}/{_segment(name)}/tips",
            _params(range=range, timezone=timezone, page=page, per_page=per_page),
            _Envelope[list[ModelTip]],
            contract=shapes.MODEL_TIPS,
        )

    async def iter_member_tips(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
        per_page: int = MAX_PER_PAGE,
    ) -> AsyncIterator[MemberTip]:
        page = 1
        while True:
            fetched = await self.get_member_tips(
                site, name, range=range, timezone=timezone, page=page, per_page=per_page
            )
            if fetched is None or not fetched.data:
                return
            for tip in fetched.data:
                yield tip
            pagination = fetched.pagination
            last_page = pagination.last_page if pagination else None
            if last_page is None or page >= last_page:
                return
            page += 1

    async def get_member_tag_spending(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> Fetched[list[TagSpending]] | None:
        return await self._get(
            f"/members/{site}/{_segment(name)}/tag-spending",
            _params(range=range, page=page, per_page=per_page),
            _Envelope[list[TagSpending]],
            contract=shapes.MEMBER_TAG_SPENDING,
        )

    async def get_member_activity(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
    ) -> Fetched[MemberActivity] | None:
        return await self._get(
            f"/members/{site}/{_segment(name)}/activity",
            _params(range=range, timezone=timezone),
            _Envelope[MemberActivity],
            contract=shapes.MEMBER_ACTIVITY_ENDPOINT,
        )

    async def get_member_top_models(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
    ) -> Fetched[list[TopModel]] | None:
        return await self._get(
            f"/members/{site}/{_segment(name)}/top-models",
            _params(range=range, timezone=timezone),
            _Envelope[list[TopModel]],
            contract=shapes.MEMBER_TOP_MODELS,
        )

    async def _credentials(self) -> tuple[dict[str, str], tuple[str, ...]]:
        """The headers of a request with the current token, and the token to redact."""
        token = await self._token()
        if not token:
            raise ExternalAuthError(
                SERVICE, "no API token is set (Connections page, or STATBATE_API_TOKEN)"
            )
        return {"Authorization": f"Bearer {token}", "Accept": "application/json"}, (token,)

    async def _get(
        self,
        path: str,
        params: Params,
        envelope: type[_Envelope[T]],
        contract: EndpointContract | None = None,
    ) -> Fetched[T] | None:
        """One GET; with the endpoint's `contract`, the answer's drift is recorded too."""
        headers, secrets = await self._credentials()
        endpoint = f"GET {path}"
        response = await self._http.request(
            "GET",
            self._base_url + path,
            endpoint=endpoint,
            params=params,
            headers=headers,
            limiter=self._limiter,
            secrets=secrets,
            contract=contract,
        )
        if response is None:
            return None
        body = await self._http.read_object(
            response, endpoint=endpoint, contract=contract, secrets=secrets
        )
        decoded = await self._http.convert(body, envelope, endpoint=endpoint, contract=contract)
        return Fetched(
            data=decoded.data,
            raw=body,
            pagination=decoded.meta.pagination if decoded.meta else None,
        )

    async def _batch_chunk(
        self, site: str, names: list[str], timezone: str | None
    ) -> list[MemberBatchItem]:
        headers, secrets = await self._credentials()
        path = f"/members/{site}/info/batch"
        endpoint = f"POST {path}"
        payload: dict[str, Any] = {"names": names}
        if timezone:
            payload["timezone"] = timezone
        response = await self._http.request(
            "POST",
            self._base_url + path,
            endpoint=endpoint,
            json=payload,
            headers=headers,
            limiter=self._batch_limiter,
            secrets=secrets,
            contract=shapes.MEMBER_BATCH,
        )
        if response is None:
            return []
        batch = shapes.MEMBER_BATCH
        body = await self._http.read_object(
            response, endpoint=endpoint, contract=batch, secrets=secrets
        )
        decoded = await self._http.convert(body, _BatchEnvelope, endpoint=endpoint, contract=batch)
        items = []
        for raw in decoded.data:
            error = raw.get("error")
            info = (
                None
                if error
                else await self._http.convert(
                    raw, MemberInfo, endpoint=endpoint, contract=batch, at="$.data[]"
                )
            )
            items.append(
                MemberBatchItem(
                    name=str(raw.get("name") or ""),
                    info=info,
                    error=str(error) if error else None,
                    raw=raw,
                )
            )
        return items


def _segment(name: str) -> str:
    return quote(name, safe="")


def _params(
    *,
    range: TimeRange | None = None,
    timezone: str | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> Params:
    params: Params = {}
    if range is not None:
        params["range[0]"] = format_range_bound(range.start)
        params["range[1]"] = format_range_bound(range.end)
    if timezone:
        params["timezone"] = timezone
    if page is not None:
        params["page"] = page
    if per_page is not None:
        params["per_page"] = min(per_page, MAX_PER_PAGE)
    return params
