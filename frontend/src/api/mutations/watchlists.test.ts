import { useQuery } from "@tanstack/react-query";
import { act, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import { invalidatedAmong, seed } from "../../test/cache";
import { FakeApi } from "../../test/fakeApi";
import { renderHookWithClient } from "../../test/render";
import { keys } from "../keys";
import { watchlistsQuery } from "../queries";
import type { AddedMember } from "../types";
import {
  useAddWatchlistMember,
  useCreateWatchlist,
  useDeleteWatchlist,
  useRemoveWatchlistMember,
  useRenameWatchlist,
} from "./watchlists";

const PAGE = { limit: 25, offset: 0 };

const added: AddedMember = {
  addedAt: "2026-03-06T21:00:00Z",
  person: {
    id: 12,
    username: "big_tipper_77",
    platform: "chaturbate",
    role: "VIEWER",
    rid: null,
    did: null,
    firstSeenAt: "2025-11-02T20:15:00Z",
    lastSeenAt: "2026-02-27T22:40:00Z",
    isExcluded: false,
    aliases: [],
  },
};

// What the lists and people pages may hold when a membership changes.
const cached = [
  keys.watchlists,
  keys.watchlistMembers(6, PAGE),
  keys.watchlistMembers(1, PAGE),
  keys.person(12),
  keys.personInteractions(12, PAGE),
  keys.person(13),
];

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("watchlist membership", () => {
  it("test_reloads_every_list_and_the_added_person_only_when_someone_is_added_by_username", async () => {
    api.on("POST", "/api/watchlist/6/member", { status: 201, body: added });
    const { result, queryClient } = renderHookWithClient(() => useAddWatchlistMember());
    seed(queryClient, ...cached);

    await act(() => result.current.mutateAsync({ watchlistId: 6, member: { username: "big_tipper_77" } }));

    expect(api.last("POST", "/api/watchlist/6/member")?.body).toEqual({ username: "big_tipper_77" });
    expect(invalidatedAmong(queryClient, ...cached)).toEqual([
      keys.watchlists,
      keys.watchlistMembers(6, PAGE),
      keys.watchlistMembers(1, PAGE),
      keys.person(12),
      keys.personInteractions(12, PAGE),
    ]);
  });

  it("test_reloads_every_list_and_that_person_when_someone_is_removed", async () => {
    api.on("DELETE", "/api/watchlist/6/member/12", { status: 204 });
    const { result, queryClient } = renderHookWithClient(() => useRemoveWatchlistMember());
    seed(queryClient, ...cached);

    await act(() => result.current.mutateAsync({ watchlistId: 6, personId: 12 }));

    expect(invalidatedAmong(queryClient, ...cached)).not.toContainEqual(keys.person(13));
    expect(invalidatedAmong(queryClient, ...cached)).toContainEqual(keys.person(12));
    expect(invalidatedAmong(queryClient, ...cached)).toContainEqual(keys.watchlistMembers(6, PAGE));
  });

  it("test_settles_only_after_the_lists_are_loaded_again_when_a_member_is_added", async () => {
    let count = 0;
    api.on("GET", "/api/watchlists", () => ({ body: [{ id: 6, name: "Whales", isSystem: false, memberCount: count }] }));
    api.on("POST", "/api/watchlist/6/member", () => {
      count += 1;
      return { status: 201, body: added };
    });
    const { result, queryClient } = renderHookWithClient(() => ({
      lists: useQuery(watchlistsQuery()),
      add: useAddWatchlistMember(),
    }));
    await waitFor(() => expect(result.current.lists.data?.[0]?.memberCount).toBe(0));

    await act(() => result.current.add.mutateAsync({ watchlistId: 6, member: { personId: 12 } }));

    // The cache, which the page renders from a moment later.
    expect(queryClient.getQueryData(watchlistsQuery().queryKey)?.[0]?.memberCount).toBe(1);
  });
});

describe("watchlists", () => {
  it("test_reloads_the_lists_and_their_members_when_one_is_created_renamed_or_deleted", async () => {
    api.on("POST", "/api/watchlists", { status: 201, body: { id: 7, name: "Regulars", isSystem: false, memberCount: 0 } });
    api.on("PATCH", "/api/watchlist/6", { body: { id: 6, name: "Big ones", isSystem: false, memberCount: 3 } });
    api.on("DELETE", "/api/watchlist/6", { status: 204 });
    const { result, queryClient } = renderHookWithClient(() => ({
      create: useCreateWatchlist(),
      rename: useRenameWatchlist(),
      remove: useDeleteWatchlist(),
    }));
    const run: (() => Promise<unknown>)[] = [
      () => result.current.create.mutateAsync("Regulars"),
      () => result.current.rename.mutateAsync({ id: 6, name: "Big ones" }),
      () => result.current.remove.mutateAsync(6),
    ];

    for (const mutation of run) {
      seed(queryClient, ...cached);
      await act(async () => {
        await mutation();
      });
      await waitFor(() =>
        expect(invalidatedAmong(queryClient, ...cached)).toEqual([
          keys.watchlists,
          keys.watchlistMembers(6, PAGE),
          keys.watchlistMembers(1, PAGE),
        ]),
      );
    }
    expect(api.last("PATCH", "/api/watchlist/6")?.body).toEqual({ name: "Big ones" });
  });
});
