"""The panel's connections to outside services: set, removed and tested here, never shown."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, post, put
from litestar.params import JSONBody, PathParameter

from mhc.adapters.http.controllers.params import Injected
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.connections import (
    ConnectionList,
    ConnectionOut,
    ConnectionTestOut,
    SetConnectionRequest,
)
from mhc.domain.connections import ConnectionName
from mhc.services.connections import ConnectionService

Name = Annotated[
    ConnectionName,
    PathParameter(
        description="the connection: cb_events, cb_stats, statbate, statbate_plus, pushover"
    ),
]


class ConnectionsController(Controller):
    path = "/connections"
    tags = ["connections"]

    @get(operation_id="listConnections", responses=PROBLEM_RESPONSES)
    async def list_connections(self, connections: Injected[ConnectionService]) -> ConnectionList:
        """Every connection with its state, where its value comes from, and the last four
        characters of that value."""
        return ConnectionList(items=[present(v, ConnectionOut) for v in await connections.views()])

    @put("/{name:str}", operation_id="setConnection", responses=PROBLEM_RESPONSES)
    async def set_connection(
        self,
        name: Name,
        data: JSONBody[SetConnectionRequest],
        connections: Injected[ConnectionService],
    ) -> ConnectionOut:
        """Store a value for the connection, encrypted; the worker uses it within seconds. An
        environment variable that sets the connection still wins (`source` says which)."""
        others = {"xsrfToken": data.xsrf_token, "userKey": data.user_key}
        return present(await connections.set(name, data.value, others), ConnectionOut)

    @delete(
        "/{name:str}", operation_id="removeConnection", status_code=200, responses=PROBLEM_RESPONSES
    )
    async def remove_connection(
        self, name: Name, connections: Injected[ConnectionService]
    ) -> ConnectionOut:
        """Forget the value set here (what needs it pauses within seconds, unless the
        environment sets one). Removing one that is not set is harmless."""
        return present(await connections.remove(name), ConnectionOut)

    @post(
        "/{name:str}/test",
        operation_id="testConnection",
        status_code=200,
        responses=PROBLEM_RESPONSES,
    )
    async def test_connection(
        self, name: Name, connections: Injected[ConnectionService]
    ) -> ConnectionTestOut:
        """One cheap real call with the value in use, through the client that uses it: what it
        found, and the connection's state after it. 409 when no value is set."""
        result, view = await connections.test(name)
        return ConnectionTestOut(
            outcome=result.outcome,
            message=result.message,
            connection=present(view, ConnectionOut),
        )
