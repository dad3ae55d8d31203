import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { SetupPage } from "./SetupPage";

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("SetupPage", () => {
  it("test_chooses_the_password_with_the_links_token", async () => {
    api
      .on("GET", "/api/setup", { body: { state: "open", tokenValid: true, minPasswordLength: 12 } })
      .on("POST", "/api/setup", { status: 204 });
    renderWithProviders(<SetupPage />, { route: "/setup?token=abc123" });

    await userEvent.type(await screen.findByTestId("setup-password"), "a-long-enough-one");
    // The page asked about this link (once the password is chosen it moves on to the login).
    expect(api.last("GET", "/api/setup")?.search.get("token")).toBe("abc123");
    await userEvent.type(screen.getByTestId("setup-password-again"), "a-long-enough-one");
    await userEvent.click(screen.getByTestId("setup-submit"));

    await waitFor(() =>
      expect(api.last("POST", "/api/setup")?.body).toEqual({ token: "abc123", password: "a-long-enough-one" }),
    );
  });

  it("test_refuses_a_short_or_mismatched_password_before_sending", async () => {
    api.on("GET", "/api/setup", { body: { state: "open", tokenValid: true, minPasswordLength: 12 } });
    renderWithProviders(<SetupPage />, { route: "/setup?token=abc123" });

    await userEvent.type(await screen.findByTestId("setup-password"), "short");
    await userEvent.type(screen.getByTestId("setup-password-again"), "short");

    expect(screen.getByTestId("setup-submit")).toBeDisabled();
  });

  it("test_says_the_environment_password_wins_when_it_is_set", async () => {
    api.on("GET", "/api/setup", { body: { state: "environment", tokenValid: false, minPasswordLength: 12 } });
    renderWithProviders(<SetupPage />, { route: "/setup?token=abc123" });

    expect(await screen.findByTestId("setup-environment")).toHaveTextContent("MHC_ADMIN_PASSWORD");
  });

  it("test_says_how_to_get_a_new_link_when_this_one_expired", async () => {
    api.on("GET", "/api/setup", { body: { state: "open", tokenValid: false, minPasswordLength: 12 } });
    renderWithProviders(<SetupPage />, { route: "/setup?token=old" });

    expect(await screen.findByTestId("setup-link-dead")).toHaveTextContent("start it again");
  });
});
