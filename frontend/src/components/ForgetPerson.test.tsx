import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { ForgetPerson } from "./ForgetPerson";

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi()
    .on("GET", "/api/person/7/erasure", {
      body: { personId: 7, username: "big_tipper_77", counts: { persons: 1, interactions: 12, notes: 0 } },
    })
    .install();
});

describe("ForgetPerson", () => {
  it("test_erases_only_once_the_username_is_typed", async () => {
    api.on("POST", "/api/person/7/erasure", { status: 201, body: { id: 1 } });
    renderWithProviders(<ForgetPerson personId={7} username="big_tipper_77" />);

    await userEvent.click(screen.getByTestId("forget-person"));
    expect(await screen.findByTestId("forget-dialog")).toHaveTextContent("interactions 12");
    await userEvent.type(screen.getByTestId("forget-confirm"), "big_tipper");
    expect(screen.getByTestId("forget-submit")).toBeDisabled();
    await userEvent.type(screen.getByTestId("forget-confirm"), "_77");
    await userEvent.click(screen.getByTestId("forget-submit"));

    expect(api.last("POST", "/api/person/7/erasure")?.body).toEqual({ confirm: "big_tipper_77", reason: null });
  });
});
