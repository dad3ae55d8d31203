"""The first run: choosing the owner's password with the one-time link the web process
printed. Public, like login: the token in the link is the credential."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import JSONBody, QueryParameter

from mhc.adapters.http.auth import OwnerAuth
from mhc.adapters.http.authentication import PUBLIC
from mhc.adapters.http.controllers.params import Injected
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.auth import SetupRequest, SetupStateOut
from mhc.domain.credentials import MIN_PASSWORD_LENGTH


class SetupController(Controller):
    path = "/setup"
    tags = ["auth"]

    @get(operation_id="getSetup", opt={PUBLIC: True}, responses=PROBLEM_RESPONSES)
    async def state(
        self,
        owner_auth: Injected[OwnerAuth],
        token: Annotated[
            str | None,
            QueryParameter(max_length=256, required=False, description="the link's token"),
        ] = None,
    ) -> SetupStateOut:
        """Whether a password still has to be chosen, and whether this link can choose it."""
        found = await owner_auth.setup_state(token)
        return SetupStateOut(
            state=found.state,
            token_valid=found.token_valid,
            min_password_length=MIN_PASSWORD_LENGTH,
        )

    @post(
        operation_id="completeSetup",
        status_code=204,
        opt={PUBLIC: True},
        responses=PROBLEM_RESPONSES,
    )
    async def complete(self, data: JSONBody[SetupRequest], owner_auth: Injected[OwnerAuth]) -> None:
        """Choose the owner's password (at least 12 characters) with the link's token, which
        is then used up. 401 for an expired or used link; 409 while MHC_ADMIN_PASSWORD sets
        the password."""
        await owner_auth.complete_setup(data.token, data.password)
