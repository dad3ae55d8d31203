import { act } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import { invalidatedAmong, seed } from "../../test/cache";
import { FakeApi } from "../../test/fakeApi";
import { renderHookWithClient } from "../../test/render";
import { backfill } from "../../test/systemFixtures";
import { keys } from "../keys";
import { useCancelBackfill, useStartBackfill } from "./backfills";

const PAGE = { limit: 10, offset: 0 };

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("backfill mutations", () => {
  it("test_keeps_the_queued_row_for_its_follower_and_reloads_every_backfill_list_when_started", async () => {
    const queued = backfill(21, { status: "queued" });
    api.on("POST", "/api/backfills", { status: 202, body: queued });
    const { result, queryClient } = renderHookWithClient(() => useStartBackfill());
    seed(queryClient, keys.backfills(PAGE), keys.backfills({ limit: 10, offset: 10 }), keys.backfill(20), keys.jobs);

    await act(() => result.current.mutateAsync({ kind: "statbate_snapshots", watchlistId: 6 }));

    expect(queryClient.getQueryData(keys.backfill(21))).toEqual(queued);
    expect(invalidatedAmong(queryClient, keys.backfills(PAGE), keys.backfills({ limit: 10, offset: 10 }), keys.backfill(20), keys.jobs)).toEqual([
      keys.backfills(PAGE),
      keys.backfills({ limit: 10, offset: 10 }),
      keys.backfill(20),
    ]);
  });

  it("test_keeps_the_row_with_its_cancel_request_when_cancelled", async () => {
    const cancelling = backfill(9, { cancelRequestedAt: "2026-03-06T21:00:01Z" });
    api.on("POST", "/api/backfills/9/cancel", { status: 202, body: cancelling });
    const { result, queryClient } = renderHookWithClient(() => useCancelBackfill());
    seed(queryClient, keys.backfills(PAGE));

    await act(() => result.current.mutateAsync(9));

    expect(queryClient.getQueryData(keys.backfill(9))).toEqual(cancelling);
    expect(invalidatedAmong(queryClient, keys.backfills(PAGE))).toEqual([keys.backfills(PAGE)]);
  });
});
