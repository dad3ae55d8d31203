from collections.abc import AsyncIterator
import pytest
from tests.integration.http_app import Api, open_api

@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Api]:
    async with open_api(database_url) as opened:
        yield opened

async def test_smoke(api: Api) -> None:
    r = await api.client.get("/api/health")
    print(r.status_code, r.text)
    r = await api.post("/api/lookup", json={"username": "big_tipper_77"})
    print(r.status_code, r.text[:2000])
    r = await api.client.get("/api/people")
    print(r.status_code, r.headers, r.text[:2000])
    r = await api.get("/api/people")
    print(r.status_code, r.text[:1000])
    r = await api.get("/schema/openapi.json")
    print(r.status_code, r.text[:300])
    r = await api.get("/api/nope")
    print(r.status_code, r.text[:300])
    r = await api.get("/some/page")
    print(r.status_code, r.text[:100])
    r = await api.get("/api/person/abc")
    print(r.status_code, r.text[:300])
    r = await api.get("/api/person/99999999999999999999999")
    print(r.status_code, r.text[:300])
    r = await api.post("/api/lookup", json={"username": 5})
    print(r.status_code, r.text[:300])
    r = await api.post("/api/lookup", content=b"{bad")
    print(r.status_code, r.text[:300])
    r = await api.delete("/api/health")
    print(r.status_code, r.headers, r.text[:300])
