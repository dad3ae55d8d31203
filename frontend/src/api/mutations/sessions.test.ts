import { act } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import { invalidatedAmong, seed } from "../../test/cache";
import { FakeApi } from "../../test/fakeApi";
import { renderHookWithClient } from "../../test/render";
import { keys } from "../keys";
import type { CurrentSession, Session } from "../types";
import { useEndSession, useStartSession } from "./sessions";

const PAGE = { limit: 20, offset: 0 };

const live: Session = {
  id: 31,
  broadcaster: "hudson_cage",
  startedAt: "2026-03-06T21:00:00Z",
  endedAt: null,
  status: "LIVE",
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("session mutations", () => {
  it("test_shows_the_started_session_and_reloads_the_owner_page_and_session_list_when_started", async () => {
    api.on("POST", "/api/session/start", { body: live });
    const { result, queryClient } = renderHookWithClient(() => useStartSession());
    seed(queryClient, keys.hudson, keys.sessions(PAGE), keys.session(30, PAGE), keys.me);

    await act(() => result.current.mutateAsync());

    expect(queryClient.getQueryData<CurrentSession>(keys.currentSession)).toEqual({ session: live });
    expect(invalidatedAmong(queryClient, keys.hudson, keys.sessions(PAGE), keys.session(30, PAGE), keys.me)).toEqual([
      keys.hudson,
      keys.sessions(PAGE),
    ]);
  });

  it("test_ends_the_given_session_and_reloads_the_current_one_too_when_ended", async () => {
    api.on("POST", "/api/session/end", { body: { ...live, endedAt: "2026-03-06T23:00:00Z", status: "ENDED" } });
    const { result, queryClient } = renderHookWithClient(() => useEndSession());
    seed(queryClient, keys.hudson, keys.sessions(PAGE));
    queryClient.setQueryData<CurrentSession>(keys.currentSession, { session: live });

    await act(() => result.current.mutateAsync(31));

    expect(api.last("POST", "/api/session/end")?.body).toEqual({ sessionId: 31 });
    expect(queryClient.getQueryData<CurrentSession>(keys.currentSession)).toEqual({ session: null });
    expect(invalidatedAmong(queryClient, keys.hudson, keys.sessions(PAGE), keys.currentSession)).toHaveLength(3);
  });

  it("test_reloads_the_owner_page_when_starting_fails", async () => {
    api.on("POST", "/api/session/start", { status: 409, body: { title: "Conflict", status: 409, detail: "A session is already live." } });
    const { result, queryClient } = renderHookWithClient(() => useStartSession());
    seed(queryClient, keys.hudson, keys.sessions(PAGE));

    await act(() => result.current.mutateAsync().catch(() => undefined));

    expect(queryClient.getQueryData(keys.currentSession)).toBeUndefined();
    expect(invalidatedAmong(queryClient, keys.hudson, keys.sessions(PAGE))).toHaveLength(2);
  });
});
