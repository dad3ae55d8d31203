"""Property-based fuzzing of every operation in the OpenAPI schema: no input may cause a 5xx.

The app runs under uvicorn on loopback (its lifespan owns the pool, as in production) over a
real test database. Schemathesis generates valid and invalid requests for each operation from
the schema the app publishes; every answer must be below 500 and match the schema declared
for its status (success bodies and problem details alike). The number of examples is fixed
and the generation derandomised, so a run takes about the same time (under half a minute
here) and finds the same cases. The operations are fuzzed in a few shards, each on its own app
and database, so that parallel test workers share the work.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from tests.integration.http_app import OWNER_PASSWORD, build_test_app

from mhc.adapters.http.auth import CSRF_HEADER

EXAMPLES = {GenerationMode.POSITIVE: 40, GenerationMode.NEGATIVE: 15}
# Revoking keys could revoke the fuzzer's own key; it is fuzzed last for that reason.
LAST = "revokeApiKey"
# The radar's event stream never ends by design; test_radar_stream.py covers it. Fetching a
# Statbate profile answers 502 by design here (no Statbate is configured); test_http_analysis.py
# covers it against the simulator.
UNFUZZED = frozenset({"streamRadar", "captureStatbateProfile"})
SHARDS = 4


@pytest.fixture
def served(database_url: str) -> Iterator[str]:
    """The app under uvicorn on a free loopback port; yields its base URL."""
    app, _, _ = build_test_app(database_url)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="fuzzed-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def owner_key(base_url: str) -> str:
    with httpx.Client(base_url=base_url) as client:
        login = client.post("/api/auth/login", json={"password": OWNER_PASSWORD})
        created = client.post(
            "/api/auth/keys",
            json={"name": "fuzzer"},
            headers={CSRF_HEADER: login.json()["csrfToken"]},
        )
        return str(created.json()["key"])


def seed(base_url: str, headers: dict[str, str]) -> None:
    """Some people, a session, notes and a list, so that small ids lead somewhere."""
    with httpx.Client(base_url=base_url, headers=headers) as client:
        found = client.post(
            "/api/lookup",
            json={"pastedText": "big_tipper_77: hi\nnight_owl_3: hello\ncam_star_5: welcome"},
        )
        client.post("/api/session/start")
        regulars = client.post("/api/watchlists", json={"name": "Regulars"}).json()
        for result in found.json()["people"]:
            person_id = result["person"]["id"]
            client.post(f"/api/person/{person_id}/note", json={"content": "seen on Fridays"})
            client.post(f"/api/watchlist/{regulars['id']}/member", json={"personId": person_id})


@pytest.mark.parametrize("shard", range(SHARDS))
def test_fuzzed_requests_never_get_a_server_error_when_sent_to_any_operation(
    served: str, shard: int
) -> None:
    key = owner_key(served)
    schema = schemathesis.openapi.from_url(f"{served}/schema/openapi.json")
    operations = sorted(
        (
            operation
            for operation in (result.ok() for result in schema.get_all_operations())
            if operation.definition.raw.get("operationId") not in UNFUZZED
        ),
        key=lambda operation: operation.definition.raw.get("operationId") == LAST,
    )
    headers = {"Authorization": f"Bearer {key}"}
    seed(served, headers)
    sent = 0
    assert len(operations) == 51
    # Every SHARDS-th operation, from this shard's first; revokeApiKey stays last in its shard.
    operations = operations[shard::SHARDS]

    for operation in operations:
        for mode, examples in EXAMPLES.items():

            @settings(
                max_examples=examples,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate, Phase.shrink],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case: schemathesis.Case) -> None:
                nonlocal sent
                response = case.call(base_url=served, headers=headers, timeout=10)
                sent += 1
                case.validate_response(
                    response,
                    checks=[not_a_server_error, response_schema_conformance],
                    headers=headers,
                )

            check()

    assert sent >= len(operations) * 10
