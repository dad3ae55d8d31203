import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { FakeApi } from "../test/fakeApi";
import {
  ApiError,
  buildQuery,
  describeError,
  getCsrfToken,
  request,
  setCsrfToken,
  setUnauthorizedHandler,
} from "./client";
import { getMe, login } from "./endpoints";

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  setCsrfToken(null);
});

afterEach(() => {
  setUnauthorizedHandler(null);
  setCsrfToken(null);
});

describe("CSRF header", () => {
  it("test_sends_csrf_token_on_every_write_when_a_token_is_known", async () => {
    setCsrfToken("csrf-from-login");
    api.on("POST", "/api/person/7/note", { status: 201, body: { id: 1 } });
    api.on("PUT", "/api/person/7/attributes", { body: [] });
    api.on("PATCH", "/api/note/1", { body: { id: 1 } });
    api.on("DELETE", "/api/note/1", { status: 204 });

    await request("POST", "/api/person/7/note", { body: { content: "tips on Fridays" } });
    await request("PUT", "/api/person/7/attributes", { body: { attributes: [] } });
    await request("PATCH", "/api/note/1", { body: { content: "tips on Saturdays" } });
    await request("DELETE", "/api/note/1");

    expect(api.requests.map((item) => item.headers.get("X-CSRF-Token"))).toEqual([
      "csrf-from-login",
      "csrf-from-login",
      "csrf-from-login",
      "csrf-from-login",
    ]);
  });

  it("test_leaves_csrf_header_off_when_reading", async () => {
    setCsrfToken("csrf-from-login");
    api.on("GET", "/api/watchlists", { body: [] });

    await request("GET", "/api/watchlists");

    expect(api.last("GET", "/api/watchlists")?.headers.has("X-CSRF-Token")).toBe(false);
  });

  it("test_keeps_token_from_login_response_when_login_succeeds", async () => {
    api.on("POST", "/api/auth/login", { body: { csrfToken: "fresh-token-42", totpEnabled: false } });
    api.on("POST", "/api/lookup", { body: { people: [], excluded: [], failures: [] } });

    await login({ password: "correct horse" });
    await request("POST", "/api/lookup", { body: { username: "big_tipper_77" } });

    expect(getCsrfToken()).toBe("fresh-token-42");
    expect(api.last("POST", "/api/lookup")?.headers.get("X-CSRF-Token")).toBe("fresh-token-42");
  });

  it("test_keeps_token_from_me_when_page_reloads", async () => {
    api.on("GET", "/api/auth/me", {
      body: { authenticated: true, csrfToken: "token-after-reload", totpEnabled: true },
    });

    await getMe();

    expect(getCsrfToken()).toBe("token-after-reload");
  });
});

describe("401 handling", () => {
  it("test_sends_user_to_login_when_any_call_answers_401", async () => {
    const redirected = vi.fn();
    setUnauthorizedHandler(redirected);
    setCsrfToken("stale-token");
    api.on("GET", "/api/hudson", { status: 401, body: { title: "Unauthorized", status: 401 } });

    await expect(request("GET", "/api/hudson")).rejects.toBeInstanceOf(ApiError);

    expect(redirected).toHaveBeenCalledTimes(1);
    expect(getCsrfToken()).toBeNull();
  });

  it("test_stays_on_login_page_when_password_is_wrong", async () => {
    const redirected = vi.fn();
    setUnauthorizedHandler(redirected);
    api.on("POST", "/api/auth/login", {
      status: 401,
      body: { title: "Wrong password", status: 401, detail: "The password is not right." },
    });

    const failure = await login({ password: "guess" }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).problem.title).toBe("Wrong password");
    expect(redirected).not.toHaveBeenCalled();
  });
});

describe("problem parsing", () => {
  it("test_exposes_title_detail_and_field_errors_when_server_sends_problem_json", async () => {
    api.on("POST", "/api/lookup", {
      status: 400,
      body: {
        type: "https://mhc.invalid/problems/invalid-input",
        title: "Invalid input",
        status: 400,
        detail: "Neither username nor pasted text yields a username.",
        errors: [{ field: "username", message: "is empty" }],
      },
    });

    const failure = (await request("POST", "/api/lookup", { body: {} }).catch((e: unknown) => e)) as ApiError;

    expect(failure.status).toBe(400);
    expect(failure.problem.title).toBe("Invalid input");
    expect(failure.problem.detail).toBe("Neither username nor pasted text yields a username.");
    expect(failure.problem.errors).toEqual([{ field: "username", message: "is empty" }]);
    expect(describeError(failure)).toEqual({
      title: "Invalid input",
      detail: "Neither username nor pasted text yields a username.",
    });
  });

  it("test_makes_readable_problem_when_body_is_html", async () => {
    api.on("GET", "/api/people", {
      status: 502,
      contentType: "text/html",
      body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
    });

    const failure = (await request("GET", "/api/people").catch((e: unknown) => e)) as ApiError;

    expect(failure.status).toBe(502);
    expect(failure.problem.detail).toBe("502 Bad Gateway");
  });

  it("test_reports_network_error_when_server_is_unreachable", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));

    const failure = (await request("GET", "/api/people").catch((e: unknown) => e)) as ApiError;

    expect(failure.status).toBe(0);
    expect(failure.problem.title).toBe("Network error");
  });

  it("test_returns_nothing_when_server_answers_204", async () => {
    api.on("DELETE", "/api/watchlist/9", { status: 204 });

    await expect(request("DELETE", "/api/watchlist/9")).resolves.toBeUndefined();
  });
});

describe("query strings", () => {
  it("test_repeats_array_keys_and_skips_empty_values_when_building_query", () => {
    expect(
      buildQuery({ type: ["TIP", "FOLLOW"], source: "", sessionId: null, limit: 25, sort: "desc" }),
    ).toBe("?type=TIP&type=FOLLOW&limit=25&sort=desc");
    expect(buildQuery({ q: undefined })).toBe("");
  });
});
