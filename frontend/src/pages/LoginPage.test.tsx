import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { ApiError } from "../api/client";
import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { asksForTotp, LoginPage } from "./LoginPage";

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("LoginPage", () => {
  it("test_reveals_code_field_when_api_asks_for_totp", async () => {
    api.on("POST", "/api/auth/login", {
      status: 401,
      body: {
        title: "Authenticator code required",
        status: 401,
        errors: [{ field: "totpCode", message: "required" }],
      },
    });
    renderWithProviders(<LoginPage />, { route: "/login" });
    expect(screen.queryByTestId("login-totp")).not.toBeInTheDocument();

    await userEvent.type(screen.getByTestId("login-password"), "correct horse");
    await userEvent.click(screen.getByTestId("login-submit"));

    expect(await screen.findByTestId("login-totp")).toBeInTheDocument();
  });

  it("test_sends_code_with_password_when_code_is_entered", async () => {
    api.on("POST", "/api/auth/login", { body: { csrfToken: "t", totpEnabled: true } });
    renderWithProviders(<LoginPage />, { route: "/login" });

    await userEvent.click(screen.getByTestId("login-show-totp"));
    await userEvent.type(screen.getByTestId("login-password"), "correct horse");
    await userEvent.type(screen.getByTestId("login-totp"), "123456");
    await userEvent.click(screen.getByTestId("login-submit"));

    expect(api.last("POST", "/api/auth/login")?.body).toEqual({ password: "correct horse", totpCode: "123456" });
  });

  it("test_shows_problem_when_password_is_wrong", async () => {
    api.on("POST", "/api/auth/login", {
      status: 401,
      body: { title: "Invalid credentials", status: 401, detail: "Wrong password." },
    });
    renderWithProviders(<LoginPage />, { route: "/login" });

    await userEvent.type(screen.getByTestId("login-password"), "guess");
    await userEvent.click(screen.getByTestId("login-submit"));

    expect(await screen.findByTestId("login-error")).toHaveTextContent("Wrong password.");
    expect(screen.queryByTestId("login-totp")).not.toBeInTheDocument();
  });

  it("test_says_a_refused_password_in_words_when_the_server_answers_401", async () => {
    api.on("POST", "/api/auth/login", {
      status: 401,
      body: { title: "Unauthorized", status: 401, detail: "wrong password" },
    });
    renderWithProviders(<LoginPage />, { route: "/login" });

    await userEvent.type(screen.getByTestId("login-password"), "guess");
    await userEvent.click(screen.getByTestId("login-submit"));

    const alert = await screen.findByTestId("login-error");
    expect(alert).toHaveTextContent("Not signed in");
    expect(alert).toHaveTextContent("Wrong password. Check it (capitals count) and try again.");
    expect(alert).not.toHaveTextContent("Unauthorized");
  });

  it("test_recognises_totp_request_when_only_detail_mentions_it", () => {
    const error = new ApiError({ title: "Unauthorized", status: 401, detail: "A TOTP code is required." });
    expect(asksForTotp(error)).toBe(true);
    expect(asksForTotp(new ApiError({ title: "Unauthorized", status: 401 }))).toBe(false);
  });
});
