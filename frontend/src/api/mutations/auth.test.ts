import { act } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import { seed } from "../../test/cache";
import { FakeApi } from "../../test/fakeApi";
import { renderHookWithClient } from "../../test/render";
import { setCsrfToken } from "../client";
import { keys } from "../keys";
import { useLogin, useLogout } from "./auth";

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  return () => setCsrfToken(null);
});

describe("login", () => {
  it("test_forgets_what_was_cached_and_knows_who_is_signed_in_when_the_password_is_right", async () => {
    api.on("POST", "/api/auth/login", { body: { csrfToken: "csrf-after-login", totpEnabled: false } });
    const { result, queryClient } = renderHookWithClient(() => useLogin());
    seed(queryClient, keys.person(12), keys.watchlists);

    await act(() => result.current.mutateAsync({ password: "correct horse" }));

    expect(queryClient.getQueryData(keys.person(12))).toBeUndefined();
    expect(queryClient.getQueryData(keys.watchlists)).toBeUndefined();
    expect(queryClient.getQueryData(keys.me)).toEqual({ authenticated: true, csrfToken: "csrf-after-login", totpEnabled: false });
  });

  it("test_keeps_the_cache_when_the_password_is_wrong", async () => {
    api.on("POST", "/api/auth/login", { status: 401, body: { title: "Unauthorized", status: 401, detail: "Wrong password." } });
    const { result, queryClient } = renderHookWithClient(() => useLogin());
    seed(queryClient, keys.watchlists);

    await act(() => result.current.mutateAsync({ password: "wrong" }).catch(() => undefined));

    expect(queryClient.getQueryData(keys.watchlists)).toBeDefined();
    expect(queryClient.getQueryData(keys.me)).toBeUndefined();
  });
});

describe("logout", () => {
  it("test_forgets_everything_cached_even_when_the_server_cannot_be_told", async () => {
    api.on("POST", "/api/auth/logout", { status: 503, body: { title: "Service Unavailable", status: 503 } });
    const { result, queryClient } = renderHookWithClient(() => useLogout());
    seed(queryClient, keys.me, keys.person(12));

    await act(() => result.current.mutateAsync().catch(() => undefined));

    expect(queryClient.getQueryData(keys.me)).toBeUndefined();
    expect(queryClient.getQueryData(keys.person(12))).toBeUndefined();
  });
});
